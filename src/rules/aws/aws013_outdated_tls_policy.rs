//! AWS013 outdated-tls-policy: an HTTPS/TLS listener without a TLS 1.2+ security policy.

use crate::diagnostic::Emitter;
use crate::rules::aws::{report_value, via_note};
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "AWS013", run, claims: &[] };

/// Elastic Load Balancing policies that accept only TLS 1.2 and newer.
const MODERN: &[&str] = &[
    "ELBSecurityPolicy-TLS13-1-2",
    "ELBSecurityPolicy-TLS13-1-3",
    "ELBSecurityPolicy-TLS-1-2",
    "ELBSecurityPolicy-FS-1-2",
];

const HELP: &str =
    "set `SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06` (TLS 1.2 and 1.3), the policy the console uses by default";

/// CloudFront viewer protocol versions that allow TLS older than 1.2 (or SSLv3).
const CLOUDFRONT_OLD: &[&str] = &["SSLv3", "TLSv1", "TLSv1_2016", "TLSv1.1_2016"];

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for t in &cx.aws.templates {
        for r in t.resources_of("AWS::CloudFront::Distribution") {
            let Some(node) = r.path(&["DistributionConfig", "ViewerCertificate", "MinimumProtocolVersion"]) else {
                continue;
            };
            let Some(known) = t.known(node) else { continue };
            let Some(version) = known.as_str().map(str::trim).filter(|v| CLOUDFRONT_OLD.contains(v)) else { continue };
            report_value(
                    t,
                out,
                node,
                &known,
                format!("distribution `{}` accepts viewers on `{version}`{}, older than TLS 1.2", r.id(), via_note(&known)),
            )
            .help("set `MinimumProtocolVersion: TLSv1.2_2021` (needs a custom certificate with `SslSupportMethod: sni-only`)");
        }
        for r in t.resources_of("AWS::ElasticLoadBalancingV2::Listener") {
            let Some(proto) = r.own("Protocol") else { continue };
            let Some(protocol) = t.str(proto).map(str::trim) else { continue };
            if !matches!(protocol, "HTTPS" | "TLS") {
                continue;
            }
            let Some(node) = r.own("SslPolicy") else {
                out.emit(
                    t.file,
                    proto.full_span(),
                    format!(
                        "{protocol} listener `{}` sets no `SslPolicy`: CloudFormation then uses `ELBSecurityPolicy-2016-08`, which still accepts TLS 1.0 and 1.1",
                        r.id()
                    ),
                )
                .help(HELP);
                continue;
            };
            let Some(known) = t.known(node) else { continue };
            let Some(policy) = known.as_str().map(str::trim) else { continue };
            if MODERN.iter().any(|m| policy.starts_with(m)) || !policy.starts_with("ELBSecurityPolicy") {
                continue;
            }
            report_value(
                t,
                out,
                node,
                &known,
                format!(
                    "listener `{}` uses `{policy}`{}, which accepts TLS versions older than 1.2",
                    r.id(),
                    via_note(&known)
                ),
            )
            .help(HELP);
        }
    }
}
