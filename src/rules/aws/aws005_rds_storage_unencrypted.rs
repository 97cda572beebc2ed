//! AWS005 rds-storage-unencrypted: an RDS instance or cluster stores its data unencrypted.

use crate::diagnostic::Emitter;
use crate::model::aws::{Resource, Template};
use crate::rules::aws::{report_value, via_note};
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "AWS005", run, claims: &[] };

/// Properties that make the storage follow another instance, cluster or snapshot, whose
/// encryption it inherits (or that the template does not control).
const INHERITS: &[&str] = &[
    "DBClusterIdentifier",
    "SourceDBInstanceIdentifier",
    "SourceDBClusterIdentifier",
    "DBSnapshotIdentifier",
    "DBClusterSnapshotIdentifier",
    "SnapshotIdentifier",
    "SourceDbiResourceId",
    "ReplicationSourceIdentifier",
    "GlobalClusterIdentifier",
    "RestoreType",
];

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for t in &cx.aws.templates {
        for r in &t.resources {
            match r.kind {
                "AWS::RDS::DBInstance" => {
                    // Aurora instances store their data in the cluster volume: the cluster decides.
                    let engine = r.own("Engine").map(|e| t.str(e));
                    let aurora = matches!(engine, Some(Some(e)) if e.to_ascii_lowercase().starts_with("aurora"));
                    let engine_unknown = matches!(engine, Some(None));
                    if aurora || engine_unknown {
                        continue;
                    }
                    check(t, r, "DB instance", out);
                }
                "AWS::RDS::DBCluster" => {
                    // Aurora Serverless v1 clusters are always encrypted.
                    let serverless = r.own("EngineMode").and_then(|m| t.str(m)).is_some_and(|m| m == "serverless");
                    if !serverless {
                        check(t, r, "DB cluster", out);
                    }
                }
                _ => {}
            }
        }
    }
}

fn check<'a>(t: &'a Template<'a>, r: &Resource<'a>, what: &str, out: &mut Emitter) {
    if INHERITS.iter().any(|k| r.own(k).is_some()) {
        return;
    }
    let help = "set `StorageEncrypted: true` (with `KmsKeyId` for a customer managed key); an existing database must be copied to an encrypted snapshot and restored";
    match r.own("StorageEncrypted") {
        Some(node) => {
            let Some(known) = t.bool_is(node, false) else { return };
            report_value(
                t,
                out,
                node,
                &known,
                format!("{what} `{}` turns storage encryption off{}", r.id(), via_note(&known)),
            )
            .help(help);
        }
        // `KmsKeyId` without `StorageEncrypted` is rejected by CloudFormation: not our finding.
        None if r.own("KmsKeyId").is_some() => {}
        None => {
            out.emit(
                t.file,
                r.span(),
                format!("{what} `{}` does not set `StorageEncrypted`: RDS stores it unencrypted by default", r.id()),
            )
            .help(help);
        }
    }
}
