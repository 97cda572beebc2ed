//! PSH011 php-display-errors: PHP prints errors to visitors.

use crate::diagnostic::Emitter;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "PSH011", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for app in &cx.platformsh.apps {
        let Some(php) = app.node.path(&["variables", "php"]) else { continue };
        for key in ["display_errors", "display_startup_errors"] {
            let Some(v) = php.get(key) else { continue };
            let on = v.as_str().is_some_and(|s| {
                matches!(s.trim().to_ascii_lowercase().as_str(), "on" | "1" | "true" | "yes" | "stdout" | "stderr")
            });
            if on {
                out.emit(
                    app.file,
                    v.span(),
                    format!("`php.{key}` is on: error messages, paths and values reach visitors"),
                )
                .help(format!("set `{key}: Off` and read errors from the logs"));
            }
        }
    }
}
