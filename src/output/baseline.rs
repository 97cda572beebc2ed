//! The baseline file (`srm-lint baseline`).

use serde_json::json;

use std::path::Path;

use crate::diagnostic::RunResult;
use crate::filter::baseline::{VERSION, entry};

/// The baseline file for a run: every finding not suppressed by an inline comment (findings an
/// earlier baseline accepted are kept), with paths relative to the repository root `repo`.
pub fn render(report: &RunResult, repo: &Path) -> String {
    let mut rows: Vec<(String, String, String)> = report
        .findings
        .iter()
        .filter(|f| f.suppressed.is_none() || f.baselined)
        .map(|f| entry(&report.files[f.file], f, repo))
        .collect();
    rows.sort();
    rows.dedup();
    let findings: Vec<_> = rows.iter().map(|(r, f, p)| json!({"rule": r, "file": f, "fingerprint": p})).collect();
    let doc = json!({"version": VERSION, "tool": {"name": "srm-lint", "version": env!("CARGO_PKG_VERSION")}, "findings": findings});
    serde_json::to_string_pretty(&doc).expect("serialises") + "\n"
}
