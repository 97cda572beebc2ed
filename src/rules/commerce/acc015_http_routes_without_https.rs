//! ACC015 http-routes-without-https: a `.magento/routes.yaml` route serves the storefront over
//! `http://` and no `https://` route exists for the same URL, so the site answers on both without
//! a redirect (the Adobe template's default). PSH004 reports the other plain-HTTP routes.

use crate::diagnostic::Emitter;
use crate::rules::platformsh::https_route_fix;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "ACC015", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for route in cx.platformsh.routes.iter().filter(|r| cx.commerce.http_only_storefront(r)) {
        let rest = crate::model::platformsh::strip_prefix_ignore_case(route.url(), "http://").unwrap_or_default();
        let https = format!("https://{rest}");
        let f = out.emit(
            route.file,
            route.entry.key.span(),
            format!("route `{}` serves the storefront over plain HTTP with no HTTPS route: pages and forms load without TLS, with no redirect", route.url()),
        );
        f.help(format!(
            "declare the route as `{https}` (plain HTTP then redirects to it), or confirm Fastly \"Force TLS\" is on for Staging and Production and suppress this with that reason; Integration environments have no Fastly"
        ));
        if let Some(t) = route.entry.value.entry("type") {
            f.label(t.value.span(), "served directly, not redirected");
        }
        if let Some(fix) = https_route_fix(route, &cx.platformsh.routes) {
            f.fix(fix);
        }
    }
}
