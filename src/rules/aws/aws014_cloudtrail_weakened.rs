//! AWS014 cloudtrail-weakened: a CloudTrail trail that is not logging, covers one region only, or
//! does not validate its log files.

use crate::diagnostic::Emitter;
use crate::rules::aws::{report_value, via_note};
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "AWS014", run, claims: &[] };

/// (property, what false means, fix)
const SETTINGS: &[(&str, &str, &str)] = &[
    ("IsLogging", "records nothing", "set `IsLogging: true`"),
    (
        "IsMultiRegionTrail",
        "records activity in one region only, so actions in any other region go unseen",
        "set `IsMultiRegionTrail: true`",
    ),
    (
        "EnableLogFileValidation",
        "writes no digest files, so nobody can prove its logs were not changed or deleted",
        "set `EnableLogFileValidation: true`",
    ),
];

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for t in &cx.aws.templates {
        for r in t.resources_of("AWS::CloudTrail::Trail") {
            out.evaluated(t.file);
            let mut missing = Vec::new();
            for (key, effect, fix) in SETTINGS {
                let Some(node) = r.own(key) else {
                    // Both default to false; `IsLogging` is required, so CloudFormation rejects it missing.
                    if *key != "IsLogging" {
                        missing.push(*key);
                    }
                    continue;
                };
                let Some(known) = t.bool_is(node, false) else { continue };
                report_value(
                    t,
                    out,
                    node,
                    &known,
                    format!("trail `{}` sets `{key}` to false{}: it {effect}", r.id(), via_note(&known)),
                )
                .help(*fix);
            }
            if !missing.is_empty() {
                let list: Vec<String> = missing.iter().map(|k| format!("`{k}`")).collect();
                let effects: Vec<&str> =
                    SETTINGS.iter().filter(|(k, _, _)| missing.contains(k)).map(|(_, e, _)| *e).collect();
                out.emit(
                    t.file,
                    r.span(),
                    format!(
                        "trail `{}` does not set {} (default false): it {}",
                        r.id(),
                        list.join(" or "),
                        effects.join("; and it ")
                    ),
                )
                .help(format!(
                    "add {} to the trail",
                    missing.iter().map(|k| format!("`{k}: true`")).collect::<Vec<_>>().join(" and ")
                ));
            }
        }
    }
}
