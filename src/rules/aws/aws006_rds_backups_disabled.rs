//! AWS006 rds-backups-disabled: `BackupRetentionPeriod: 0` turns off automated RDS backups.

use crate::diagnostic::Emitter;
use crate::rules::aws::{report_value, via_note};
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "AWS006", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for t in &cx.aws.templates {
        for r in t.resources.iter().filter(|r| matches!(r.kind, "AWS::RDS::DBInstance" | "AWS::RDS::DBCluster")) {
            out.evaluated(t.file);
            // Read replicas are copies: their own backups are optional.
            if r.own("SourceDBInstanceIdentifier").is_some() {
                continue;
            }
            let Some(node) = r.own("BackupRetentionPeriod") else { continue };
            let Some(known) = t.known(node) else { continue };
            if known.node.as_i64() != Some(0) {
                continue;
            }
            report_value(t, out, node, &known, format!(
                    "`{}` keeps no automated backups: `BackupRetentionPeriod` is 0{}, so there is no point-in-time restore after a mistake or an attack",
                    r.id(),
                    via_note(&known)
                )).help("set `BackupRetentionPeriod` to the days of recovery you need (1 to 35; 7 or more for production), or remove it to get the default of 1 day");
        }
    }
}
