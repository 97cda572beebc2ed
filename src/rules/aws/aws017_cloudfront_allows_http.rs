//! AWS017 cloudfront-allows-http: a CloudFront cache behaviour serves viewers over plain HTTP.

use crate::diagnostic::Emitter;
use crate::rules::aws::{report_value, via_note};
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "AWS017", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for t in &cx.aws.templates {
        for r in t.resources_of("AWS::CloudFront::Distribution") {
            out.evaluated(t.file);
            let Some(config) = r.own("DistributionConfig") else { continue };
            let default = config.get("DefaultCacheBehavior").map(|b| (b, "the default cache behaviour".to_string()));
            let behaviours: Vec<_> = config.get("CacheBehaviors").map(|l| l.items().collect()).unwrap_or_default();
            let others = behaviours.into_iter().map(|b| {
                let pattern = b.get("PathPattern").and_then(|p| t.str(p));
                (b, pattern.map_or("a cache behaviour".to_string(), |p| format!("the cache behaviour for `{p}`")))
            });
            for (behaviour, what) in default.into_iter().chain(others) {
                let Some(node) = behaviour.get("ViewerProtocolPolicy") else { continue };
                let Some(known) = t.known(node) else { continue };
                if known.as_str().map(str::trim) != Some("allow-all") {
                    continue;
                }
                report_value(
                    t,
                    out,
                    node,
                    &known,
                    format!(
                        "{what} of distribution `{}` allows plain HTTP{}: viewers who use `http://` get the site unencrypted, with no redirect",
                        r.id(),
                        via_note(&known)
                    ),
                )
                .help("set `ViewerProtocolPolicy: redirect-to-https` (or `https-only` for APIs that no browser opens)");
            }
        }
    }
}
