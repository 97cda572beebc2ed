//! PSH001 runtime-end-of-life: an app runtime whose upstream end of life has passed.

use crate::diagnostic::Emitter;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "PSH001", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    let table = &cx.tables.platformsh;
    for app in cx.platformsh.apps.iter().filter(|a| a.provider() == "platformsh") {
        for rt in &app.runtimes {
            let Some(v) = table.find(rt.name, rt.version) else { continue };
            let Some(eol) = v.eol.filter(|eol| *eol < cx.as_of) else { continue };
            let upgrade = match table.newest_supported(rt.name) {
                Some(n) => {
                    format!("upgrade to a supported version such as `{}:{}` and test the app on it", rt.name, n.version)
                }
                None => "upgrade to a version that still gets security fixes".to_string(),
            };
            out.emit(
                app.file,
                rt.span,
                format!(
                    "{} {} reached its upstream end of life on {eol}: it no longer gets security fixes",
                    rt.name, rt.version
                ),
            )
            .help(upgrade);
        }
    }
}
