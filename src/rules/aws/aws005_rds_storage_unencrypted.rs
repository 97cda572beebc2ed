//! AWS005 rds-storage-unencrypted: an RDS instance or cluster stores its data unencrypted.

use crate::diagnostic::{Emitter, Fix};
use crate::model::aws::{Branch, Resource, Template};
use crate::rules::aws::{add_property, condition_note, label_condition, report_value, set_value, via_note};
use crate::rules::{Check, Context};
use crate::source::Span;
use crate::syntax::edit::Value;

/// Unsafe: CloudFormation replaces an existing database to encrypt it (a new, empty instance
/// unless it is restored from an encrypted snapshot).
const FIX: &str = "set `StorageEncrypted: true` (replaces an existing database)";

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
    out.evaluated(t.file);
    if INHERITS.iter().any(|k| r.own(k).is_some()) {
        return;
    }
    let help = "set `StorageEncrypted: true` (with `KmsKeyId` for a customer managed key); an existing database must be copied to an encrypted snapshot and restored";
    let missing = |out: &mut Emitter, at: Span, branch: Option<&Branch<'_>>| {
        let when = branch.map(condition_note).unwrap_or_default();
        let f = out.emit(
            t.file,
            at,
            format!("{what} `{}` does not set `StorageEncrypted`{when}: RDS stores it unencrypted by default", r.id()),
        );
        f.help(help);
        if branch.is_none()
            && let Some(edit) = add_property(t, r, "StorageEncrypted", &Value::Bool(true))
        {
            f.fix(Fix::unsafe_(FIX, vec![edit]));
        }
        if let Some(b) = branch {
            label_condition(f, b);
        }
    };
    match r.own("StorageEncrypted") {
        Some(node) if t.removes_property(node).is_some() => {
            let branch = t.removes_property(node).flatten();
            missing(out, node.full_span(), branch.as_ref());
        }
        Some(node) => {
            let Some(known) = t.bool_is(node, false) else { return };
            let f = report_value(
                t,
                out,
                node,
                &known,
                format!("{what} `{}` turns storage encryption off{}", r.id(), via_note(&known)),
            );
            f.help(help);
            if let Some(edit) = set_value(t, &known, node, "true") {
                f.fix(Fix::unsafe_(FIX, vec![edit]));
            }
        }
        // `KmsKeyId` without `StorageEncrypted` is rejected by CloudFormation: not our finding.
        None if r.own("KmsKeyId").is_some() => {}
        None => missing(out, r.span(), None),
    }
}
