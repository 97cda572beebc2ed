//! AST010 deployment-secret-value-committed: an environment variable marked `is_secret: true`
//! whose value is written in the deployment file.

use crate::diagnostic::Emitter;
use crate::model::secrets::is_placeholder;
use crate::rules::secrets::Claim;
use crate::rules::secrets::claimed_hits;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "AST010", run, claims: &[Claim::NamedInDeployment { secret: true }] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    let mut spans = Vec::new();
    for d in &cx.astronomer.deployments {
        for var in d.env.iter().filter(|v| v.secret()) {
            let Some(value) = var.value.filter(|v| v.tag().is_none()) else { continue };
            if value.as_str().is_none_or(is_placeholder) {
                continue;
            }
            let key = var.key.and_then(|k| k.as_str()).unwrap_or("?");
            spans.push((d.file, value.span(), key.to_string(), var.is_secret.map(|r| r.span())));
        }
    }
    // Secret-named literals the engine routed here (they lie in such variables too).
    for (hit, key) in claimed_hits(cx, CHECK.code) {
        if !spans.iter().any(|s| s.0.id == hit.file && s.1 == hit.span) {
            spans.push((&cx.files[hit.file], hit.span, key.to_string(), None));
        }
    }
    for (file, span, key, flag) in spans {
        let f = out.emit(
            file,
            span,
            format!(
                "secret environment variable `{key}` has its value committed in the deployment file, in plain text"
            ),
        );
        f.help("delete the value from the file and rotate it; set secret values only through the Astro UI, API or CLI, never in a file kept in Git")
            .secret(span);
        if let Some(flag) = flag {
            f.label(flag, "marked secret");
        }
    }
}
