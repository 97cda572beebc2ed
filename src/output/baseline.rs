//! The baseline file (`srm-lint baseline`).

use serde_json::json;

use crate::diagnostic::RunResult;
use crate::filter::baseline::{VERSION, fingerprint};

/// The baseline file for a report: every finding that is not already suppressed inline.
pub fn render(report: &RunResult) -> String {
    let mut rows: Vec<(String, String, String)> = report
        .findings
        .iter()
        .filter(|f| f.suppressed.is_none())
        .map(|f| {
            let file = &report.files[f.file];
            (f.code.to_string(), file.rel().to_string(), fingerprint(file, f))
        })
        .collect();
    rows.sort();
    rows.dedup();
    let findings: Vec<_> = rows.iter().map(|(r, f, p)| json!({"rule": r, "file": f, "fingerprint": p})).collect();
    let doc = json!({"version": VERSION, "tool": {"name": "srm-lint", "version": env!("CARGO_PKG_VERSION")}, "findings": findings});
    serde_json::to_string_pretty(&doc).expect("serialises") + "\n"
}
