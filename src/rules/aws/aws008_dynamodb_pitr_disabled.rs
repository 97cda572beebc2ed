//! AWS008 dynamodb-pitr-disabled: a DynamoDB table without point-in-time recovery.

use crate::diagnostic::{Emitter, Fix};
use crate::model::aws::items_or_one;
use crate::rules::aws::{add_property, is_json, report_value, set_value, via_note};
use crate::rules::{Check, Context};
use crate::syntax::edit::{Value, insert_entry};

pub const CHECK: Check = Check { code: "AWS008", run, claims: &[] };

/// Safe: recovery is turned on in place, nothing is replaced.
const FIX: &str = "turn point-in-time recovery on";

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
                    let f = out.emit(
                        t.file,
                        at,
                        format!("{what} has no point-in-time recovery: DynamoDB keeps no continuous backups unless it is turned on"),
                    );
                    f.help(HELP);
                    let value = Value::map([("PointInTimeRecoveryEnabled", Value::Bool(true))]);
                    let key = "PointInTimeRecoverySpecification";
                    let edit = match replica {
                        Some(rep) => insert_entry(&t.file.source.text, rep, key, &value, is_json(t)),
                        None => add_property(t, r, key, &value),
                    };
                    if let Some(edit) = edit {
                        f.fix(Fix::safe(FIX, vec![edit]));
                    }
                    continue;
                };
                let Some(node) = spec.get("PointInTimeRecoveryEnabled") else { continue };
                let Some(known) = t.bool_is(node, false) else { continue };
                let f = report_value(
                    t,
                    out,
                    node,
                    &known,
                    format!("{what} turns point-in-time recovery off{}", via_note(&known)),
                );
                f.help("set `PointInTimeRecoveryEnabled: true` to restore the table to any second of the last 35 days");
                if let Some(edit) = set_value(t, &known, node, "true") {
                    f.fix(Fix::safe(FIX, vec![edit]));
                }
            }
        }
    }
}
