//! PSH006 weak-tls-min-version: a route accepting TLS versions older than 1.2.

use crate::diagnostic::{Emitter, Fix};
use crate::rules::{Check, Context};
use crate::syntax::edit::replace_scalar;

pub const CHECK: Check = Check { code: "PSH006", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for route in &cx.platformsh.routes {
        let Some(v) = route.entry.value.path(&["tls", "min_version"]) else { continue };
        let Some(text) = v.as_str() else { continue };
        let t = text.trim().to_ascii_lowercase().replace(' ', "");
        if matches!(t.as_str(), "tlsv1" | "tlsv1.0" | "tlsv1.1" | "tls1.0" | "tls1.1") {
            let f = out.emit(
                route.file,
                v.span(),
                format!("route `{}` accepts {text}, which has known weaknesses", route.url()),
            );
            f.help("set `min_version: TLSv1.2` (or TLSv1.3)");
            if let Some(edit) = replace_scalar(&route.file.source.text, v, "TLSv1.2") {
                f.fix(Fix::safe("raise `min_version` to TLSv1.2", vec![edit]));
            }
        }
    }
}
