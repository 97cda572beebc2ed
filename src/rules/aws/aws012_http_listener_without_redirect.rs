//! AWS012 http-listener-without-redirect: a load balancer listener serves plain HTTP instead of
//! redirecting it to HTTPS.

use crate::diagnostic::{Emitter, Severity};
use crate::model::aws::{Resource, Template, items_or_one, referenced_id};
use crate::rules::aws::{label_condition, via_note};
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "AWS012", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for t in &cx.aws.templates {
        for r in &t.resources {
            match r.kind {
                "AWS::ElasticLoadBalancingV2::Listener" => v2_listener(t, r, out),
                "AWS::ElasticLoadBalancing::LoadBalancer" => {
                    let internal = r.own("Scheme").and_then(|s| t.str(s)) == Some("internal");
                    for l in r.own("Listeners").map(items_or_one).unwrap_or_default() {
                        let Some(node) = l.get("Protocol") else { continue };
                        if !t.str(node).is_some_and(|p| p.eq_ignore_ascii_case("http")) {
                            continue;
                        }
                        let f = out.emit(
                            t.file,
                            node.full_span(),
                            format!(
                                "classic load balancer `{}` serves plain HTTP, which it cannot redirect to HTTPS",
                                r.id()
                            ),
                        );
                        f.help("serve HTTPS only, or move to an Application Load Balancer whose port-80 listener redirects to HTTPS");
                        if internal {
                            f.severity(Severity::Note);
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

fn v2_listener<'a>(t: &'a Template<'a>, r: &Resource<'a>, out: &mut Emitter) {
    let Some(node) = r.own("Protocol") else { return };
    let Some(protocol) = t.known(node) else { return };
    if protocol.as_str().map(str::trim) != Some("HTTP") {
        return;
    }
    let Some(actions) = r.own("DefaultActions") else { return };
    if crate::model::aws::is_intrinsic(actions) {
        return;
    }
    let mut unknown = false;
    let kinds: Vec<Option<&str>> =
        items_or_one(actions).iter().map(|a| a.get("Type").and_then(|k| t.known(k)).and_then(|k| k.as_str())).collect();
    // A listener that only answers with a fixed response serves no application, unless listener
    // rules of the template forward some paths.
    if !kinds.is_empty()
        && kinds.iter().all(|k| *k == Some("fixed-response"))
        && !t.referrers(r.id()).iter().any(|x| x.is("AWS::ElasticLoadBalancingV2::ListenerRule"))
    {
        return;
    }
    let redirects = items_or_one(actions).into_iter().any(|a| {
        let kind = a.get("Type").and_then(|k| t.known(k)).and_then(|k| k.as_str());
        let proto = a.path(&["RedirectConfig", "Protocol"]);
        if kind.is_none() || proto.is_some_and(|p| t.str(p).is_none()) {
            unknown = true;
        }
        kind == Some("redirect") && proto.and_then(|p| t.str(p)) == Some("HTTPS")
    });
    if redirects || unknown {
        return;
    }
    let lb = r.own("LoadBalancerArn").and_then(referenced_id).and_then(|id| t.resource(id));
    let internal = lb.and_then(|lb| lb.own("Scheme")).and_then(|s| t.str(s)) == Some("internal");
    let f = out.emit(
        t.file,
        node.full_span(),
        format!(
            "listener `{}` serves plain HTTP{} without redirecting to HTTPS: traffic and cookies cross the network readable",
            r.id(),
            via_note(&protocol)
        ),
    );
    if let Some(b) = &protocol.condition {
        label_condition(f, b);
    }
    f.help("make the HTTP listener's default action `Type: redirect` with `RedirectConfig: {Protocol: HTTPS, Port: \"443\", StatusCode: HTTP_301}`, and serve the application on an HTTPS listener");
    if let Some(lb) = lb {
        f.label(lb.span(), if internal { "internal load balancer" } else { "load balancer" });
    }
    if internal {
        f.severity(Severity::Note);
    }
}
