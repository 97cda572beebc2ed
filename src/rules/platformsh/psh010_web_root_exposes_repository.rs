//! PSH010 web-root-exposes-repository: a location serves the whole application folder.

use crate::diagnostic::Emitter;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "PSH010", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for app in &cx.platformsh.apps {
        let Some(locations) = app.node.path(&["web", "locations"]) else { continue };
        for loc in locations.entries() {
            let Some(root) = loc.value.get("root") else { continue };
            let Some(dir) = root.as_str() else { continue };
            if !matches!(dir.trim(), "" | "." | "/" | "./")
                || loc.value.get("allow").and_then(|a| a.as_bool()) == Some(false)
            {
                continue;
            }
            out.emit(
                app.file,
                root.span(),
                format!("location `{}` serves the application root, so config files and source are downloadable", loc.name()),
            )
            .help("serve a dedicated folder (e.g. `root: public`), or set `allow: false` and allow only the files you mean to publish in `rules`");
        }
    }
}
