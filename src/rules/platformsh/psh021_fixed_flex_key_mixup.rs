//! PSH021 fixed-flex-key-mixup: Fixed (Platform.sh) keys in Flex (Upsun) files, or the reverse.

use crate::diagnostic::Emitter;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "PSH021", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for app in cx.platformsh.apps.iter().filter(|a| a.provider() == "platformsh") {
        if app.flex {
            for key in ["disk", "size"] {
                if let Some(e) = app.node.entry(key) {
                    out.emit(
                        app.file,
                        e.key.span(),
                        format!("`{key}` is a Platform.sh (Fixed) key; Upsun ignores or rejects it"),
                    )
                    .help("on Upsun, size containers with `upsun resources:set` and drop this key");
                }
            }
        }
        for m in app.mounts() {
            let Some(src) = m.entry.value.get("source") else { continue };
            let wrong = match (app.flex, src.as_str()) {
                (true, Some("local")) => {
                    "`source: local` is Platform.sh (Fixed) syntax; Upsun uses `storage` or `instance`"
                }
                (false, Some("storage" | "instance")) => {
                    "this mount source exists only on Upsun (Flex); Platform.sh uses `local`"
                }
                _ => continue,
            };
            out.emit(app.file, src.span(), format!("mount `{}`: {wrong}", m.path));
        }
    }
}
