//! AWS011 lambda-runtime-deprecated: a Lambda function runs on a runtime AWS has deprecated by
//! the as-of date (SAM `Globals.Function.Runtime` included).

use crate::diagnostic::{Emitter, Fix};
use crate::model::aws::Template;
use crate::rules::aws::{lambda_runtime, report_value, set_value, supported_lambda_runtimes, via_note};
use crate::rules::{Check, Context};
use crate::syntax::tree::Ref;

pub const CHECK: Check = Check { code: "AWS011", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for t in &cx.aws.templates {
        let mut inherit = Vec::new();
        for r in t.resources.iter().filter(|r| matches!(r.kind, "AWS::Lambda::Function" | "AWS::Serverless::Function"))
        {
            out.evaluated(t.file);
            match r.own("Runtime") {
                Some(node) => check(cx, t, node, &format!("function `{}`", r.id()), out),
                None => inherit.extend(r.globals.and_then(|g| g.get("Runtime")).map(|n| (n, r.id()))),
            }
        }
        // One finding at `Globals.Function.Runtime` for every function that inherits it.
        if let Some((node, _)) = inherit.first() {
            let names: Vec<String> = inherit.iter().map(|(_, id)| format!("`{id}`")).collect();
            let who = if names.len() == 1 {
                format!("function {}", names[0])
            } else {
                format!("{} functions ({})", names.len(), names.join(", "))
            };
            check(cx, t, *node, &format!("the SAM Globals runtime of {who}"), out);
        }
    }
}

fn check<'a>(cx: &Context<'_>, t: &'a Template<'a>, node: Ref<'a>, what: &str, out: &mut Emitter) {
    let Some(known) = t.known(node) else { return };
    let Some(runtime) = known.as_str().map(str::trim) else { return };
    let Some(entry) = lambda_runtime(&cx.tables.lambda_runtimes, runtime) else { return };
    let Some(date) = entry.eol.filter(|d| *d <= cx.as_of) else { return };
    let newer = supported_lambda_runtimes(&cx.tables.lambda_runtimes, &entry.image, cx.as_of);
    let help = match newer.last() {
        Some(n) => format!(
            "move to a supported runtime such as `{n}` and test the function on it; AWS first blocks creating, then updating functions on a deprecated runtime"
        ),
        None => "move to a supported runtime and test the function on it; AWS first blocks creating, then updating functions on a deprecated runtime".to_string(),
    };
    let f = report_value(
        t,
        out,
        node,
        &known,
        format!(
            "{what} runs on `{runtime}`{}, which AWS deprecated on {date}: it no longer gets security patches",
            via_note(&known)
        ),
    );
    f.help(help);
    // Unsafe: the function must be tested on the new runtime.
    if let Some(n) = newer.last()
        && let Some(edit) = set_value(t, &known, node, n)
    {
        f.fix(Fix::unsafe_(format!("move to `{n}`"), vec![edit]));
    }
}
