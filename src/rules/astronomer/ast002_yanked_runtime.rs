//! AST002 yanked-runtime: an Astro Runtime release that Astronomer withdrew.

use crate::lifecycle::Table;
use crate::model::astronomer::RuntimeVersion;
use crate::rules::{Check, Context, Emitter};

pub const CHECK: Check = Check { code: "AST002", run };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    let table = Table::astronomer();
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
