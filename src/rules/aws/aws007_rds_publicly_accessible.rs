//! AWS007 rds-publicly-accessible: an RDS instance gets a public address.

use crate::diagnostic::Emitter;
use crate::rules::aws::{report_value, via_note};
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "AWS007", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for t in &cx.aws.templates {
        for r in t.resources.iter().filter(|r| matches!(r.kind, "AWS::RDS::DBInstance" | "AWS::RDS::DBCluster")) {
            out.evaluated(t.file);
            let Some(node) = r.own("PubliclyAccessible") else { continue };
            let Some(known) = t.bool_is(node, true) else { continue };
            report_value(t, out, node, &known, format!(
                    "database `{}` is publicly accessible{}: it gets a public DNS name and address, so only its security group stands between it and the internet",
                    r.id(),
                    via_note(&known)
                )).help("set `PubliclyAccessible: false` and reach the database from inside the VPC (application tier, bastion through Session Manager, or a VPN)");
        }
    }
}
