//! `--format json`: a versioned schema documented in `docs/json-output.md`.

use serde_json::{Value, json};

use super::{View, views};
use crate::engine::Report;

/// Bumped on any incompatible change of the JSON output.
pub const SCHEMA_VERSION: u32 = 1;

pub fn finding(v: &View<'_>) -> Value {
    let clause = v
        .clause
        .map(|c| json!({"id": c.id, "provider": c.provider, "owner": c.owner, "title": c.title, "url": c.source}));
    let mut out = json!({
        "rule": v.meta.code,
        "name": v.meta.name,
        "severity": v.severity.as_str(),
        "file": v.source.rel,
        "path": v.path,
        "line": v.start.line,
        "column": v.start.column,
        "end_line": v.end.line,
        "end_column": v.end.column,
        "message": v.finding.message,
        "help": v.help,
        "clause": clause,
    });
    if let Some(reason) = &v.finding.suppressed {
        out["suppressed"] = json!({ "reason": reason });
    }
    out
}

pub fn render(report: &Report) -> String {
    let all = views(report);
    let (suppressed, active): (Vec<_>, Vec<_>) = all.iter().partition(|v| v.finding.suppressed.is_some());
    let doc = json!({
        "version": SCHEMA_VERSION,
        "tool": {"name": "srm-lint", "version": env!("CARGO_PKG_VERSION")},
        "as_of": report.as_of.to_string(),
        "findings": active.iter().map(|v| finding(v)).collect::<Vec<_>>(),
        "suppressed": suppressed.iter().map(|v| finding(v)).collect::<Vec<_>>(),
        "errors": report.errors.iter().map(|e| json!({"path": e.path, "message": e.message})).collect::<Vec<_>>(),
        "skipped": report.skipped.iter().map(|(p, why)| json!({"path": p, "reason": why})).collect::<Vec<_>>(),
        "files_checked": report.files.iter().filter(|f| !f.context).count(),
    });
    let mut s = serde_json::to_string_pretty(&doc).expect("JSON serialises");
    s.push('\n');
    s
}
