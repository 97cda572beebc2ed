//! AST009 deployment-secret-not-marked: a deployment file's environment variable with a
//! secret-like key and a literal value, not marked `is_secret: true`.

use crate::diagnostic::Emitter;
use crate::rules::secrets::Claim;
use crate::rules::secrets::claimed_hits;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "AST009", run, claims: &[Claim::NamedInDeployment { secret: false }] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for (hit, key) in claimed_hits(cx, CHECK.code) {
        let file = &cx.files[hit.file];
        let var = cx
            .astronomer
            .deployments
            .iter()
            .filter(|d| d.file.id == hit.file)
            .flat_map(|d| &d.env)
            .find(|e| e.node.span().start <= hit.span.start && hit.span.end <= e.node.span().end);
        let message = match var {
            Some(_) => format!(
                "environment variable `{key}` holds a literal secret and is not marked `is_secret: true`: everyone in the Workspace can read it, and it is committed in plain text"
            ),
            None => format!("`{key}` holds a literal secret in a committed deployment file"),
        };
        let f = out.emit(file, hit.span, message);
        f.help("remove the value from the file, rotate it, and set it in the Astro UI or API as a secret environment variable (`is_secret: true`); deployment templates leave secret values out")
            .secret(hit.span);
        if let Some(flag) = var.and_then(|v| v.is_secret) {
            f.label(flag.span(), "not marked secret");
        }
    }
}
