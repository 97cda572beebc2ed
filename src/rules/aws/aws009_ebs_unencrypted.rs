//! AWS009 ebs-unencrypted: an EBS volume or block device mapping sets `Encrypted: false`.

use crate::diagnostic::{Emitter, Fix};
use crate::model::aws::{Template, items_or_one};
use crate::rules::aws::{report_value, set_value, via_note};
use crate::rules::{Check, Context};
use crate::syntax::tree::Ref;

pub const CHECK: Check = Check { code: "AWS009", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for t in &cx.aws.templates {
        for r in &t.resources {
            let mappings = match r.kind {
                "AWS::EC2::Volume" => {
                    out.evaluated(t.file);
                    if let Some(node) = r.own("Encrypted") {
                        report(t, node, &format!("EBS volume `{}`", r.id()), out);
                    }
                    continue;
                }
                "AWS::EC2::Instance" | "AWS::AutoScaling::LaunchConfiguration" => r.own("BlockDeviceMappings"),
                "AWS::EC2::LaunchTemplate" => r.path(&["LaunchTemplateData", "BlockDeviceMappings"]),
                _ => continue,
            };
            out.evaluated(t.file);
            for m in mappings.map(items_or_one).unwrap_or_default() {
                let Some(node) = m.path(&["Ebs", "Encrypted"]) else { continue };
                let device = m.get("DeviceName").and_then(|d| t.str(d)).unwrap_or("a device");
                report(t, node, &format!("volume `{device}` of `{}`", r.id()), out);
            }
        }
    }
}

fn report<'a>(t: &'a Template<'a>, node: Ref<'a>, what: &str, out: &mut Emitter) {
    let Some(known) = t.bool_is(node, false) else { return };
    let f = report_value(
        t,
        out,
        node,
        &known,
        format!("{what} is created unencrypted (`Encrypted: false`{})", via_note(&known)),
    );
    f.help("set `Encrypted: true` (with `KmsKeyId` for a customer managed key), and turn on EBS encryption by default for the account and region");
    // Unsafe: CloudFormation replaces an existing volume (or instance) to encrypt it.
    if let Some(edit) = set_value(t, &known, node, "true") {
        f.fix(Fix::unsafe_("set `Encrypted: true` (replaces an existing volume)", vec![edit]));
    }
}
