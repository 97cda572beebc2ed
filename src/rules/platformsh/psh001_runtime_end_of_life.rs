//! PSH001 runtime-end-of-life: an app runtime whose upstream end of life has passed.

use crate::diagnostic::Emitter;
use crate::rules::platformsh::version_fix;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "PSH001", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    let table = &cx.tables.platformsh;
    for app in cx.platformsh.apps.iter().filter(|a| matches!(a.provider(), "platformsh" | "commerce")) {
        for rt in &app.runtimes {
            // A Commerce app's PHP is ACC003's (Adobe's own supported versions); other runtimes
            // there (Node.js storefronts, Python tools) have no Commerce rule but this one.
            if app.provider() == "commerce" && rt.name == "php" {
                continue;
            }
            let Some(v) = table.find(rt.name, rt.version) else { continue };
            let Some(eol) = v.eol.filter(|eol| *eol < cx.as_of) else { continue };
            // Suggest a version the platform supports and upstream still fixes, never the one set.
            let newer = table.upgrade_for(rt.name, rt.version, cx.as_of);
            let upgrade = match newer {
                Some(n) => {
                    format!("upgrade to a supported version such as `{}:{}` and test the app on it", rt.name, n.version)
                }
                None => "upgrade to a version that still gets security fixes".to_string(),
            };
            let f = out.emit(
                app.file,
                rt.span,
                format!(
                    "{} {} reached its upstream end of life on {eol}: it no longer gets security fixes",
                    rt.name, rt.version
                ),
            );
            f.help(upgrade);
            if let Some(fix) = newer.and_then(|n| version_fix(app.file, rt, &n.version)) {
                f.fix(fix);
            }
        }
    }
}
