//! AWS001 admin-port-open-to-world: a security group rule lets anyone on the internet reach an
//! administration or database port, or every port (`IpProtocol: -1`).

use crate::diagnostic::{Emitter, Severity};
use crate::model::aws::{Known, Template};
use crate::rules::aws::{report_value, via_note};
use crate::rules::{Check, Context};
use crate::syntax::tree::Ref;

pub const CHECK: Check = Check { code: "AWS001", run, claims: &[] };

/// Ports for remote administration and data stores, which should never face the whole internet.
const ADMIN_PORTS: &[(i64, &str)] = &[
    (22, "SSH"),
    (23, "Telnet"),
    (1433, "SQL Server"),
    (1521, "Oracle"),
    (3306, "MySQL"),
    (3389, "RDP"),
    (5432, "PostgreSQL"),
    (5985, "WinRM"),
    (5986, "WinRM over HTTPS"),
    (6379, "Redis"),
    (9200, "Elasticsearch"),
    (27017, "MongoDB"),
];

/// `0.0.0.0/0`, `::/0`, or any other address with a `/0` prefix (`192.168.1.0/0` is the whole
/// internet too).
fn is_world(cidr: &str) -> bool {
    cidr.trim().rsplit_once('/').is_some_and(|(_, len)| len.trim() == "0")
}

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for t in &cx.aws.templates {
        for ing in t.ingress_rules() {
            out.evaluated(t.file);
            let rule = ing.rule;
            for key in ["CidrIp", "CidrIpv6"] {
                let Some(node) = rule.get(key) else { continue };
                let Some(cidr) = t.known(node) else { continue };
                let Some(text) = cidr.as_str().filter(|c| is_world(c)) else { continue };
                let Some(proto) = rule.get("IpProtocol") else { continue };
                let Some(protocol) = t.known(proto).and_then(|p| p.as_str()) else { continue };
                let protocol = protocol.trim().to_ascii_lowercase();
                let (what, at) = match protocol.as_str() {
                    "-1" => ("all traffic (every protocol and port)".to_string(), proto),
                    "tcp" | "6" | "udp" | "17" => match exposed_ports(t, rule) {
                        Some((names, at)) => (names, at),
                        None => continue,
                    },
                    _ => continue,
                };
                let group = match ing.group {
                    Some(g) => format!("security group `{g}`"),
                    None => format!("ingress rule `{}`", ing.resource.id()),
                };
                // A load balancer only accepts traffic on its listeners, so an "everything" rule on
                // a group used only by load balancers exposes what the listeners serve.
                let lb_only = protocol == "-1" && only_load_balancers(t, ing.group);
                let message = format!("{group} allows {what} from anywhere: `{text}`{}", via_note(&cidr));
                let f = report_value(t, out, node, &cidr, message);
                f.label(at.full_span(), if protocol == "-1" { "every protocol" } else { "this port range" });
                if lb_only {
                    f.severity(Severity::Warning).help(
                        "the group is attached only to load balancers, which accept just their listener ports: allow those ports (e.g. tcp 443) instead of `-1` so the group stays safe if it is reused",
                    );
                } else {
                    f.help(help(&cidr, protocol == "-1"));
                }
            }
        }
    }
}

fn help(cidr: &Known<'_>, all: bool) -> String {
    let base = if all {
        "allow only the protocols and ports the workload serves, and SSH/RDP/database ports only from the addresses that need them"
    } else {
        "allow the port only from the addresses that need it (a VPN or office range, or a source security group); reach instances through Systems Manager Session Manager instead of opening SSH/RDP"
    };
    match cidr.via {
        Some(p) => format!("{base}; and give parameter `{}` a narrow default", p.name()),
        None => base.to_string(),
    }
}

/// The admin ports a tcp/udp rule's `FromPort`..`ToPort` covers, and the node to label.
fn exposed_ports<'a>(t: &'a Template<'a>, rule: Ref<'a>) -> Option<(String, Ref<'a>)> {
    let from_node = rule.get("FromPort")?;
    let to_node = rule.get("ToPort").unwrap_or(from_node);
    let from = t.int(from_node)?;
    let to = t.int(to_node)?;
    let (lo, hi) = if from == -1 || to == -1 { (0, 65535) } else { (from.min(to), from.max(to)) };
    let hit: Vec<String> =
        ADMIN_PORTS.iter().filter(|(p, _)| (lo..=hi).contains(p)).map(|(p, n)| format!("{n} (port {p})")).collect();
    let names = match hit.len() {
        0 => return None,
        n if n <= 3 => hit.join(", "),
        n => format!("ports {lo}-{hi}, including {} and {} more admin ports", hit[..2].join(", "), n - 2),
    };
    Some((names, from_node))
}

fn only_load_balancers(t: &Template<'_>, group: Option<&str>) -> bool {
    let Some(group) = group else { return false };
    let users = t.referrers(group);
    // Rules of other groups that name this one as their source do not attach it to anything.
    let uses: Vec<_> = users.iter().filter(|r| !r.kind.starts_with("AWS::EC2::SecurityGroup")).collect();
    !uses.is_empty()
        && uses.iter().all(|r| {
            matches!(r.kind, "AWS::ElasticLoadBalancingV2::LoadBalancer" | "AWS::ElasticLoadBalancing::LoadBalancer")
        })
}
