//! ACC010 weak-x-frame-configuration: `X_FRAME_CONFIGURATION` is `ALLOW-FROM ...` or anything
//! weaker than `SAMEORIGIN`.

use crate::diagnostic::Emitter;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "ACC010", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for v in cx.commerce.variables_named("X_FRAME_CONFIGURATION") {
        let Some(value) = v.literal() else { continue };
        let upper = value.trim().to_ascii_uppercase();
        if upper == "SAMEORIGIN" || upper == "DENY" {
            continue;
        }
        let why = if upper.starts_with("ALLOW-FROM") {
            "which is deprecated: current browsers ignore a header with `ALLOW-FROM`, so any site can frame the store"
        } else {
            "which browsers do not apply, so any site can frame the store (clickjacking)"
        };
        out.emit(v.file, v.entry.value.span(), format!("`X_FRAME_CONFIGURATION` is `{}`, {why}", value.trim()))
            .help("set `SAMEORIGIN` (the default) or `DENY`; to let named sites frame pages, send a Content-Security-Policy `frame-ancestors` list instead");
    }
}
