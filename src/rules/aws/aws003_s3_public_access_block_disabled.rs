//! AWS003 s3-public-access-block-disabled: a Block Public Access setting of a bucket (or access
//! point) is explicitly turned off.

use crate::diagnostic::{Emitter, Fix};
use crate::rules::aws::{report_value, set_value, via_note};
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "AWS003", run, claims: &[] };

const FLAGS: &[(&str, &str)] = &[
    ("BlockPublicAcls", "new public ACLs are accepted"),
    ("IgnorePublicAcls", "existing public ACLs take effect"),
    ("BlockPublicPolicy", "a bucket policy may grant public access"),
    ("RestrictPublicBuckets", "a public bucket policy is honoured for anonymous and cross-account callers"),
];

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for t in &cx.aws.templates {
        for r in t.resources.iter().filter(|r| matches!(r.kind, "AWS::S3::Bucket" | "AWS::S3::AccessPoint")) {
            out.evaluated(t.file);
            let Some(block) = r.own("PublicAccessBlockConfiguration") else { continue };
            for (flag, effect) in FLAGS {
                let Some(node) = block.get(flag) else { continue };
                let Some(known) = t.bool_is(node, false) else { continue };
                let f = report_value(
                    t,
                    out,
                    node,
                    &known,
                    format!("`{flag}` is turned off for `{}`{}: {effect}", r.id(), via_note(&known)),
                );
                f.help(format!("set `{flag}: true` or remove it (new buckets block public access by default); grant the access that is really needed in a narrow bucket policy or through CloudFront"));
                // Unsafe: whatever relied on the public access stops working.
                if let Some(edit) = set_value(t, &known, node, "true") {
                    f.fix(Fix::unsafe_(format!("set `{flag}: true`"), vec![edit]));
                }
            }
        }
    }
}
