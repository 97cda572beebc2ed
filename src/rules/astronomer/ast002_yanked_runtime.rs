//! AST002 yanked-runtime: an Astro Runtime release that Astronomer withdrew.

use crate::diagnostic::Emitter;
use crate::model::astronomer::RuntimeVersion;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "AST002", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    let table = &cx.tables.astronomer;
    for (file, span, version) in cx.astronomer.runtime_versions() {
        let (image, line) = version.line();
        let (Some(entry), Some(release)) = (table.find(image, &line), version.release()) else { continue };
        if !entry.is_yanked(&release) {
            continue;
        }
        let newest = match version {
            RuntimeVersion::Semver { .. } => format!("{line}.x.y"),
            _ => format!("{line}-N"),
        };
        out.emit(file, span, format!("Astro Runtime {release} was yanked by Astronomer for known bugs and cannot be deployed"))
            .help(format!("move to the latest {newest} release (or a newer runtime); yanked versions stay blocked even where deprecated ones are allowed"));
    }
}
