//! AWS008 dynamodb-pitr-disabled: a DynamoDB table without point-in-time recovery.

use crate::diagnostic::Emitter;
use crate::model::aws::items_or_one;
use crate::rules::aws::{report_value, via_note};
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "AWS008", run, claims: &[] };

const HELP: &str = "add `PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}` to restore the table to any second of the last 35 days";

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for t in &cx.aws.templates {
        for r in &t.resources {
            // A global table sets recovery per replica.
            let specs: Vec<_> = match r.kind {
                "AWS::DynamoDB::Table" => vec![(r.own("PointInTimeRecoverySpecification"), None)],
                "AWS::DynamoDB::GlobalTable" => r
                    .own("Replicas")
                    .map(items_or_one)
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|rep| rep.is_map())
                    .map(|rep| (rep.get("PointInTimeRecoverySpecification"), Some(rep)))
                    .collect(),
                _ => continue,
            };
            out.evaluated(t.file);
            for (spec, replica) in specs {
                let region = replica.and_then(|rep| rep.get("Region"));
                let what = match region.and_then(|n| t.str(n)) {
                    Some(reg) => format!("replica `{reg}` of global table `{}`", r.id()),
                    None if replica.is_some() => format!("a replica of global table `{}`", r.id()),
                    None => format!("table `{}`", r.id()),
                };
                let Some(spec) = spec else {
                    let at = region.map_or(r.span(), |n| n.full_span());
                    out.emit(
                        t.file,
                        at,
                        format!("{what} has no point-in-time recovery: DynamoDB keeps no continuous backups unless it is turned on"),
                    )
                    .help(HELP);
                    continue;
                };
                let Some(node) = spec.get("PointInTimeRecoveryEnabled") else { continue };
                let Some(known) = t.bool_is(node, false) else { continue };
                report_value(
                    t,
                    out,
                    node,
                    &known,
                    format!("{what} turns point-in-time recovery off{}", via_note(&known)),
                )
                .help("set `PointInTimeRecoveryEnabled: true` to restore the table to any second of the last 35 days");
            }
        }
    }
}
