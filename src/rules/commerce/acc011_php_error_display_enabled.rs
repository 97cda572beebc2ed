//! ACC011 php-error-display-enabled: `display_errors` or `display_startup_errors` on in the root
//! `php.ini` of a PHP `.magento.app.yaml` app (PSH011 reads the app's `variables.php`).

use crate::diagnostic::Emitter;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "ACC011", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for s in &cx.commerce.php_ini {
        let key = s.key.to_ascii_lowercase();
        if key != "display_errors" && key != "display_startup_errors" {
            continue;
        }
        let on =
            matches!(s.value.trim().to_ascii_lowercase().as_str(), "on" | "1" | "true" | "yes" | "stdout" | "stderr");
        if on {
            out.emit(
                s.file,
                s.value_span,
                format!("`{}` is on in php.ini: error messages, paths and values reach visitors", s.key),
            )
            .help(format!("set `{} = Off` and read errors from the logs", s.key))
            .label(s.key_span, "appended to PHP's configuration in every environment");
        }
    }
}
