//! AWS013 outdated-tls-policy: an HTTPS/TLS listener without a TLS 1.2+ security policy.

use crate::diagnostic::Emitter;
use crate::rules::aws::{condition_note, label_condition, report_value, via_note};
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

const CLOUDFRONT_HELP: &str =
    "set `MinimumProtocolVersion: TLSv1.2_2021` (needs a custom certificate with `SslSupportMethod: sni-only`)";

/// CloudFront viewer protocol versions that allow TLS older than 1.2 (or SSLv3).
const CLOUDFRONT_OLD: &[&str] = &["SSLv3", "TLSv1", "TLSv1_2016", "TLSv1.1_2016"];

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for t in &cx.aws.templates {
        for r in t.resources_of("AWS::CloudFront::Distribution") {
            out.evaluated(t.file);
            let Some(viewer) = r.path(&["DistributionConfig"]).and_then(|d| d.entry("ViewerCertificate")) else {
                continue;
            };
            let node = viewer.value.get("MinimumProtocolVersion");
            // Without `MinimumProtocolVersion`, a distribution with its own certificate (ACM or
            // IAM) accepts TLSv1: CloudFormation's documented default.
            let removed = node.and_then(|n| t.removes_property(n));
            if node.is_none() || removed.is_some() {
                let custom = ["AcmCertificateArn", "IamCertificateId"].iter().any(|k| viewer.value.get(k).is_some());
                if custom {
                    let branch = removed.flatten();
                    let when = branch.as_ref().map(condition_note).unwrap_or_default();
                    let at = node.map_or(viewer.key.span(), |n| n.full_span());
                    let f = out.emit(
                        t.file,
                        at,
                        format!(
                            "distribution `{}` uses its own certificate but sets no `MinimumProtocolVersion`{when}: CloudFront then accepts viewers on TLSv1",
                            r.id()
                        ),
                    );
                    f.help(CLOUDFRONT_HELP);
                    if let Some(b) = &branch {
                        label_condition(f, b);
                    }
                }
                continue;
            }
            let Some(node) = node else { continue };
            let Some(known) = t.known(node) else { continue };
            let Some(version) = known.as_str().map(str::trim).filter(|v| CLOUDFRONT_OLD.contains(v)) else { continue };
            report_value(
                t,
                out,
                node,
                &known,
                format!(
                    "distribution `{}` accepts viewers on `{version}`{}, older than TLS 1.2",
                    r.id(),
                    via_note(&known)
                ),
            )
            .help(CLOUDFRONT_HELP);
        }
        for r in t.resources_of("AWS::ElasticLoadBalancingV2::Listener") {
            out.evaluated(t.file);
            let Some(proto) = r.own("Protocol") else { continue };
            let Some(known_protocol) = t.known(proto) else { continue };
            let Some(protocol) = known_protocol.as_str().map(str::trim) else { continue };
            if !matches!(protocol, "HTTPS" | "TLS") {
                continue;
            }
            let Some(node) = r.own("SslPolicy") else {
                let f = out.emit(
                    t.file,
                    proto.full_span(),
                    format!(
                        "{protocol} listener `{}`{} sets no `SslPolicy`: CloudFormation then uses `ELBSecurityPolicy-2016-08`, which still accepts TLS 1.0 and 1.1",
                        r.id(),
                        via_note(&known_protocol)
                    ),
                );
                f.help(HELP);
                if let Some(b) = &known_protocol.condition {
                    label_condition(f, b);
                }
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
