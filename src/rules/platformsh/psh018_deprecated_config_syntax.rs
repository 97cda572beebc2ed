//! PSH018 deprecated-config-syntax: keys and forms the platform replaced.

use crate::diagnostic::{Emitter, Fix};
use crate::rules::{Check, Context};
use crate::source::{Edit, Span, line_ending};
use crate::syntax::edit::{Value, block_indent, flow};

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
            // Upsun calls the same shared storage `storage` (PSH021 reports `local` there).
            let source = if app.flex { "storage" } else { "local" };
            f.help(format!("write each as `{{source: {source}, source_path: <dir>}}`"));
            // `shared:files/<dir>` is a shared mount of `<dir>`: the same mount, written anew.
            let edits: Option<Vec<Edit>> = strings
                .iter()
                .map(|m| {
                    let dir = m.entry.value.as_str()?.strip_prefix("shared:files/")?;
                    let value =
                        Value::map([("source", Value::Str(source.into())), ("source_path", Value::Str(dir.into()))]);
                    let written = file.source.slice(m.entry.value.span());
                    (!written.contains('\n')).then(|| Edit::replace(m.entry.value.span(), flow(&value, false)))
                })
                .collect();
            if let Some(edits) = edits {
                f.fix(Fix::safe(format!("write the mounts as `{{source: {source}, source_path: ...}}`"), edits));
            }
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
            // `cmd: X` becomes `commands:` and `start: X` on the next line (or `commands: {start: X}`
            // in a flow mapping), the command as written.
            let text = &file.source.text;
            let edits: Option<Vec<Edit>> = cmds
                .iter()
                .map(|(_, c)| {
                    let (key, value) = (c.key.span(), c.value.full_span());
                    let between = text.get(key.end..value.start)?;
                    if c.key.tag().is_some() || text.get(key.start..key.end)? != "cmd" || between.contains('\n') {
                        return None;
                    }
                    if text[value.start..value.end].contains('\n') || value.is_empty() {
                        return None;
                    }
                    Some(match block_indent(text, key.start) {
                        Some(indent) => vec![Edit::replace(
                            Span::new(key.start, value.start),
                            format!("commands:{}{}start: ", line_ending(text), " ".repeat(indent + 2)),
                        )],
                        None if c.value.as_str().is_some() && text[value.start..].starts_with(['"', '\'']) => vec![
                            Edit::replace(key, "commands"),
                            Edit::insert(value.start, "{start: "),
                            Edit::insert(value.end, "}"),
                        ],
                        None => return None,
                    })
                })
                .collect::<Option<Vec<_>>>()
                .map(|e| e.into_iter().flatten().collect());
            if let Some(edits) = edits {
                f.fix(Fix::safe("write `cmd: X` as `commands: {start: X}`", edits));
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
