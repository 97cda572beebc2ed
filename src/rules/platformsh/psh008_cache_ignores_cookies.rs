//! PSH008 cache-ignores-cookies: a cached upstream route that ignores every cookie.

use crate::diagnostic::Emitter;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "PSH008", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for route in &cx.platformsh.routes {
        if route.kind().is_some_and(|k| k != "upstream") {
            continue;
        }
        let Some(cache) = route.entry.value.get("cache") else { continue };
        if cache.get("enabled").and_then(|e| e.as_bool()) == Some(false) {
            continue;
        }
        let Some(cookies) = cache.get("cookies") else { continue };
        if cookies.is_seq() && cookies.items().next().is_none() {
            out.emit(route.file, cookies.span(), format!("route `{}` caches responses regardless of cookies", route.url()))
                .help("list the cookies that make a response personal (e.g. `cookies: ['/^SS?ESS/']`), or disable the cache on this route");
        }
    }
}
