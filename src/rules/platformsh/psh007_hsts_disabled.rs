//! PSH007 hsts-disabled: HSTS switched off, or set differently on routes of one host.

use std::collections::HashMap;

use crate::diagnostic::{Emitter, Fix};
use crate::rules::{Check, Context};
use crate::syntax::edit::replace_scalar;

pub const CHECK: Check = Check { code: "PSH007", run, claims: &[] };

/// The host of a route key: `https://www.{default}/api` → `www.{default}`.
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split('/').next().unwrap_or(rest)
}

/// `enabled`, `include_subdomains`, `preload` as written.
type Hsts = [Option<bool>; 3];

fn run(cx: &Context<'_>, out: &mut Emitter) {
    // (project, host) → the first route's HSTS settings and its index.
    let mut first: HashMap<(String, String), (Hsts, usize)> = HashMap::new();
    for (i, route) in cx.platformsh.routes.iter().enumerate() {
        let Some(hsts) = route.entry.value.path(&["tls", "strict_transport_security"]) else { continue };
        let enabled = hsts.entry("enabled");
        if let Some(e) = enabled
            && e.value.as_bool() == Some(false)
        {
            let f = out.emit(route.file, e.value.span(), format!("route `{}` turns HSTS off", route.url()));
            f.help("set `enabled: true`, so browsers refuse plain-HTTP connections to the site for a year");
            // Unsafe: browsers that saw the header refuse plain HTTP for a year; it cannot be taken back.
            if let Some(edit) = replace_scalar(&route.file.source.text, e.value, "true") {
                f.fix(Fix::unsafe_("set `enabled: true`", vec![edit]));
            }
        }
        let settings = ["enabled", "include_subdomains", "preload"].map(|k| hsts.get(k).and_then(|v| v.as_bool()));
        let key = (route.project.clone(), host(route.url()).to_string());
        match first.get(&key) {
            None => {
                first.insert(key, (settings, i));
            }
            Some((seen, j)) if *seen != settings => {
                let other = &cx.platformsh.routes[*j];
                let entry = route.entry.value.path(&["tls"]).and_then(|t| t.entry("strict_transport_security"));
                let span = entry.map_or(route.entry.key.span(), |e| e.key.span());
                let f = out.emit(
                    route.file,
                    span,
                    format!(
                        "HSTS settings of `{}` differ from those of `{}` on the same host",
                        route.url(),
                        other.url()
                    ),
                );
                f.help("use the same `strict_transport_security` settings on every route of a host; browsers keep whichever they saw last");
                if other.file.id == route.file.id {
                    f.label(other.entry.key.span(), "set differently here");
                }
            }
            Some(_) => {}
        }
    }
}
