//! PSH003 deprecated-image-version: a runtime or service version the platform deprecated, retired,
//! or does not list.

use crate::diagnostic::{Emitter, Severity};
use crate::model::platformsh::Image;
use crate::rules::platformsh::version_fix;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "PSH003", run, claims: &[] };

fn check(cx: &Context<'_>, out: &mut Emitter, file: &crate::document::ParsedFile, img: &Image<'_>, name: &str) {
    let table = &cx.tables.platformsh;
    // Images the table does not track at all: nothing to say.
    if table.newest_supported(name).is_none() && !table.versions.iter().any(|v| v.image == name) {
        return;
    }
    let entry = table.find(name, img.version);
    // PSH001/PSH002 report versions whose upstream end of life has passed.
    if entry.and_then(|v| v.eol).is_some_and(|eol| eol < cx.as_of) {
        return;
    }
    let (severity, what) = match entry.map(|v| (v.status.as_str(), v.eol)) {
        Some(("deprecated", Some(eol))) => (
            Severity::Warning,
            format!("is deprecated on the platform and will be removed (upstream security support ends {eol})"),
        ),
        Some(("deprecated", None)) => {
            (Severity::Warning, "is deprecated on the platform: it may stop getting updates and will be removed".into())
        }
        Some(("retired", _)) => (Severity::Note, "is no longer listed by the platform (retired)".into()),
        Some(_) => return,
        None => (Severity::Note, "is not a version the platform lists (unknown or retired)".into()),
    };
    let f = out.emit(file, img.span, format!("{} {} {what}", img.name, img.version));
    f.severity(severity);
    let newer = table.upgrade_for(name, img.version, cx.as_of);
    if let Some(n) = newer {
        f.help(format!("move to a supported version such as {}:{}", img.name, n.version));
        if let Some(fix) = version_fix(file, img, &n.version) {
            f.fix(fix);
        }
    }
}

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for app in cx.platformsh.apps.iter().filter(|a| a.provider() == "platformsh") {
        for rt in &app.runtimes {
            check(cx, out, app.file, rt, rt.name);
        }
    }
    for svc in cx.platformsh.services.iter().filter(|s| s.file.provider() == "platformsh") {
        if let Some(img) = &svc.image {
            check(cx, out, svc.file, img, img.upstream());
        }
    }
}
