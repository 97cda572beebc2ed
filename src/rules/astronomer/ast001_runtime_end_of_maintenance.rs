//! AST001 runtime-end-of-maintenance: an Astro Runtime version past its end of maintenance.

use crate::data::lifecycle::Table;
use crate::diagnostic::Emitter;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "AST001", run, claims: &[] };

/// The upgrade advice: the newest runtime lines the table lists as maintained.
pub(crate) fn upgrade_help(table: &Table) -> String {
    let newest = |image: &str| table.newest_supported(image).map(|v| v.version.clone());
    match (newest("astro-runtime"), newest("runtime")) {
        (Some(two), Some(three)) => format!(
            "upgrade to a maintained Astro Runtime (the latest {two}.x.y for Airflow 2, or {three}-N for Airflow 3), test the DAGs on it, and deploy"
        ),
        _ => "upgrade to a maintained Astro Runtime, test the DAGs on it, and deploy".to_string(),
    }
}

fn run(cx: &Context<'_>, out: &mut Emitter) {
    let table = &cx.tables.astronomer;
    for (file, span, version) in cx.astronomer.runtime_versions() {
        let (image, line) = version.line();
        let Some(entry) = table.find(image, &line) else { continue };
        let Some(eom) = entry.eol.filter(|d| *d < cx.as_of) else { continue };
        let airflow = entry.airflow.as_deref().map(|a| format!(" (Airflow {a})")).unwrap_or_default();
        out.emit(
            file,
            span,
            format!("Astro Runtime {line}{airflow} reached its end of maintenance on {eom}: it gets no more bug or security fixes"),
        )
        .help(upgrade_help(table));
    }
}
