//! PSH009 scripts-in-writable-mount: PHP may run from a writable mount.

use crate::diagnostic::Emitter;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "PSH009", run, claims: &[] };

fn norm(p: &str) -> &str {
    p.trim().trim_start_matches("./").trim_matches('/')
}

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for app in &cx.platformsh.apps {
        if !app.runtimes.iter().any(|r| r.name == "php") {
            continue;
        }
        let mounts = app.mounts();
        let Some(locations) = app.node.path(&["web", "locations"]) else { continue };
        for loc in locations.entries() {
            let Some(root) = loc.value.get("root") else { continue };
            let Some(dir) = root.as_str().map(norm) else { continue };
            if dir.is_empty() || loc.value.get("scripts").and_then(|s| s.as_bool()) == Some(false) {
                continue;
            }
            let Some(m) = mounts.iter().find(|m| {
                let mp = norm(m.path);
                !mp.is_empty() && (dir == mp || dir.starts_with(&format!("{mp}/")))
            }) else {
                continue;
            };
            out.emit(
                app.file,
                root.span(),
                format!("location `{}` serves the writable mount `{}` with PHP execution allowed", loc.name(), m.path),
            )
            .help("add `scripts: false` to this location, so uploaded files are served but never executed")
            .label(m.entry.key.span(), "writable mount");
        }
    }
}
