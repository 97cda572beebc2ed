//! AWS016 imdsv1-allowed: instances may use the session-less instance metadata service (IMDSv1).

use crate::diagnostic::{Emitter, Fix};
use crate::rules::aws::{report_value, set_value, via_note};
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "AWS016", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for t in &cx.aws.templates {
        for r in &t.resources {
            let options = match r.kind {
                "AWS::EC2::LaunchTemplate" => r.path(&["LaunchTemplateData", "MetadataOptions"]),
                "AWS::AutoScaling::LaunchConfiguration" | "AWS::EC2::Instance" => r.own("MetadataOptions"),
                _ => continue,
            };
            out.evaluated(t.file);
            let Some(node) = options.and_then(|o| o.get("HttpTokens")) else { continue };
            let Some(known) = t.known(node) else { continue };
            if known.as_str().map(str::trim) != Some("optional") {
                continue;
            }
            // Metadata turned off altogether: nothing to steal.
            if options.and_then(|o| o.get("HttpEndpoint")).and_then(|e| t.str(e)) == Some("disabled") {
                continue;
            }
            let f = report_value(
                t,
                out,
                node,
                &known,
                format!(
                    "`{}` lets instances use IMDSv1: `HttpTokens` is `optional`{}, so a server-side request forgery in any app on them can read the instance role's credentials",
                    r.id(),
                    via_note(&known)
                ),
            );
            f.help("set `HttpTokens: required` (IMDSv2 only; current AWS SDKs and agents support it), with `HttpPutResponseHopLimit: 2` if containers on the instance need the metadata");
            // Unsafe: software still on IMDSv1 loses the metadata service.
            if let Some(edit) = set_value(t, &known, node, "required") {
                f.fix(Fix::unsafe_("set `HttpTokens: required`", vec![edit]));
            }
        }
    }
}
