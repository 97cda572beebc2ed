//! AWS002 s3-public-acl: an S3 bucket's canned ACL grants everyone (or every AWS account) access.

use crate::diagnostic::Emitter;
use crate::rules::aws::{report_value, via_note};
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "AWS002", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for t in &cx.aws.templates {
        for bucket in t.resources_of("AWS::S3::Bucket") {
            out.evaluated(t.file);
            let Some(node) = bucket.own("AccessControl") else { continue };
            let Some(acl) = t.known(node) else { continue };
            let Some(text) = acl.as_str() else { continue };
            let who = match text.trim() {
                "PublicRead" => "lets anyone on the internet list and read its objects",
                "PublicReadWrite" => "lets anyone on the internet read, write and delete its objects",
                "AuthenticatedRead" => "lets every AWS account in the world read its objects",
                _ => continue,
            };
            report_value(t, out, node, &acl, format!("bucket `{}` has the canned ACL `{text}`{}, which {who}", bucket.id(), via_note(&acl))).help("remove `AccessControl` (new buckets are private, with ACLs disabled); serve public content through CloudFront with origin access control, or grant narrow access in a bucket policy");
        }
    }
}
