//! PSH004 plain-http-route: an explicit `http://` route that serves the app without TLS.

use crate::diagnostic::{Emitter, Severity};
use crate::rules::commerce::acc015_http_routes_without_https::CHECK as ACC015;
use crate::rules::platformsh::https_route_fix;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "PSH004", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for route in &cx.platformsh.routes {
        if !route.url().to_ascii_lowercase().starts_with("http://") || route.kind() != Some("upstream") {
            continue;
        }
        // ACC015 reports a Commerce storefront served only over HTTP, with Adobe's context.
        if cx.commerce.http_only_storefront(route)
            && cx.configs.get(route.file.id).enabled(ACC015.code, Some(route.file.rel()))
        {
            continue;
        }
        let https = format!("https://{}", &route.url()[7..]);
        let f = out.emit(
            route.file,
            route.entry.key.span(),
            format!("route `{}` serves the application over plain HTTP", route.url()),
        );
        f.help(format!("declare the route as `{https}`; the platform then redirects plain HTTP to it automatically"));
        // Adobe's default Commerce template declares only http:// routes and relies on Fastly's
        // "Force TLS" on Staging/Production, which the repository cannot show: a warning there.
        if route.file.provider() == "commerce" {
            f.severity(Severity::Warning).help(format!(
                "declare the route as `{https}`, or confirm Fastly \"Force TLS\" is on for every environment and suppress this with that reason"
            ));
        }
        if let Some(t) = route.entry.value.entry("type") {
            f.label(t.value.span(), "served directly, not redirected");
        }
        if let Some(fix) = https_route_fix(route, &cx.platformsh.routes) {
            f.fix(fix);
        }
    }
}
