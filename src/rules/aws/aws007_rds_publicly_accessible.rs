//! AWS007 rds-publicly-accessible: an RDS instance gets a public address.

use crate::model::aws::{as_bool, label_default, via_note};
use crate::rules::{Check, Context, Emitter};

pub const CHECK: Check = Check { code: "AWS007", run };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for t in &cx.aws.templates {
        for r in t.resources.iter().filter(|r| matches!(r.kind, "AWS::RDS::DBInstance" | "AWS::RDS::DBCluster")) {
            let Some(node) = r.own("PubliclyAccessible") else { continue };
            let Some(known) = t.known(node) else { continue };
            if as_bool(known.node) != Some(true) {
                continue;
            }
            let f = out.emit(
                t.file,
                node.full_span(),
                format!(
                    "database `{}` is publicly accessible{}: it gets a public DNS name and address, so only its security group stands between it and the internet",
                    r.id(),
                    via_note(&known)
                ),
            );
            if let Some((span, label)) = label_default(&known) {
                f.label(span, label);
            }
            f.help("set `PubliclyAccessible: false` and reach the database from inside the VPC (application tier, bastion through Session Manager, or a VPN)");
        }
    }
}
