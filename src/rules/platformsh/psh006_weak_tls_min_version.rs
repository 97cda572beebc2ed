//! PSH006 weak-tls-min-version: a route accepting TLS versions older than 1.2.

use crate::diagnostic::Emitter;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "PSH006", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for route in &cx.platformsh.routes {
        let Some(v) = route.entry.value.path(&["tls", "min_version"]) else { continue };
        let Some(text) = v.as_str() else { continue };
        let t = text.trim().to_ascii_lowercase().replace(' ', "");
        if matches!(t.as_str(), "tlsv1" | "tlsv1.0" | "tlsv1.1" | "tls1.0" | "tls1.1") {
            out.emit(
                route.file,
                v.span(),
                format!("route `{}` accepts {text}, which has known weaknesses", route.url()),
            )
            .help("set `min_version: TLSv1.2` (or TLSv1.3)");
        }
    }
}
