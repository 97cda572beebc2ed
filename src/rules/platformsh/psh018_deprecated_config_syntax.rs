//! PSH018 deprecated-config-syntax: keys and forms the platform replaced.

use crate::diagnostic::Emitter;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "PSH018", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for app in &cx.platformsh.apps {
        let file = app.file;
        // One finding per app and form, with every occurrence labelled: templates repeat them.
        let strings: Vec<_> = app.mounts().into_iter().filter(|m| m.entry.value.as_str().is_some()).collect();
        if let (Some(first), Some(mounts)) = (strings.first(), app.node.entry("mounts")) {
            let names: Vec<&str> = strings.iter().map(|m| m.path).collect();
            let f = out.emit(
                file,
                if strings.len() == 1 { first.entry.value.span() } else { mounts.key.span() },
                format!("{} mount(s) use the old string form: {}", strings.len(), names.join(", ")),
            );
            f.help("write each as `{source: local, source_path: <dir>}`");
            if strings.len() > 1 {
                for m in &strings {
                    f.label(m.entry.value.span(), "string form");
                }
            }
        }
        let cmds: Vec<_> =
            app.crons().into_iter().filter_map(|c| Some((c.entry.name(), c.entry.value.entry("cmd")?))).collect();
        if let Some((_, first)) = cmds.first() {
            let names: Vec<&str> = cmds.iter().map(|(n, _)| *n).collect();
            let f = out.emit(file, first.key.span(), format!("cron(s) {} use `cmd`", names.join(", ")));
            f.help("use `commands: {start: ...}`");
            for (_, c) in cmds.iter().skip(1) {
                f.label(c.key.span(), "`cmd` here too");
            }
        }
        if let Some(t) = app.node.entry("toolstack") {
            out.emit(file, t.key.span(), "`toolstack` is the old name of `type`")
                .help("use `type: <runtime>:<version>`");
        }
        let Some(web) = app.node.get("web") else { continue };
        for (key, instead) in [
            ("document_root", "`web.locations.\"/\".root`"),
            ("whitelist", "`rules` with `allow: true` in a location"),
            ("blacklist", "`rules` with `allow: false` in a location"),
        ] {
            if let Some(e) = web.entry(key) {
                out.emit(file, e.key.span(), format!("`web.{key}` is no longer supported"))
                    .help(format!("use {instead}"));
            }
        }
    }
}
