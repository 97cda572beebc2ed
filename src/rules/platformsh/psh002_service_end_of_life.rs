//! PSH002 service-end-of-life: a service version past its upstream end of life.

use crate::diagnostic::Emitter;
use crate::rules::platformsh::version_fix;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "PSH002", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    let table = &cx.tables.platformsh;
    for svc in cx.platformsh.services.iter().filter(|s| s.file.provider() == "platformsh") {
        let Some(img) = svc.image else { continue };
        let name = img.upstream();
        let Some(v) = table.find(name, img.version) else { continue };
        let Some(eol) = v.eol.filter(|eol| *eol < cx.as_of) else { continue };
        let f = out.emit(
            svc.file,
            img.span,
            format!("service `{}` runs {name} {}, past its upstream end of life on {eol}", svc.name(), img.version),
        );
        // Suggest a version the platform supports and upstream still fixes, never the one set.
        let newer = table.upgrade_for(name, img.version, cx.as_of);
        match newer {
            Some(n) => {
                if let Some(fix) = version_fix(svc.file, &img, &n.version) {
                    f.fix(fix);
                }
                f.help(format!(
                    "upgrade `type` to `{}:{}` (plan the data migration: downgrades are not possible)",
                    img.name, n.version
                ))
            }
            None => f.help(format!(
                "no `{}` version the platform supports is still maintained upstream: move to another service, or ask the platform for a newer image",
                img.name
            )),
        };
    }
}
