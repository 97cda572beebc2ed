//! The baseline file (`srm-lint baseline`).

use serde_json::json;

use std::path::Path;

use crate::diagnostic::{Acceptance, Finding, RunResult};
use crate::filter::baseline::{VERSION, entry};

/// Whether the baseline file of a run keeps the finding: every finding not suppressed by an inline
/// comment (findings an earlier baseline accepted are kept).
pub fn kept(f: &Finding) -> bool {
    f.suppressed.as_ref().is_none_or(|a| a.baselined)
}

/// The baseline file for a run (see [`kept`]), with paths relative to the repository root `repo`.
/// Findings an earlier baseline accepted keep who accepted them, when, until when and why; the
/// others are accepted now, as `new` says (`by`, `on`, `until`, `reason`).
pub fn render(report: &RunResult, repo: &Path, new: &Acceptance) -> String {
    let mut rows: Vec<((String, String, String), &Acceptance)> = report
        .findings
        .iter()
        .filter(|f| kept(f))
        .map(|f| (entry(&report.files[f.file], f, repo), f.suppressed.as_ref().unwrap_or(new)))
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    rows.dedup_by(|a, b| a.0 == b.0);
    let findings: Vec<_> = rows
        .iter()
        .map(|((r, f, p), acc)| {
            let mut e = json!({"rule": r, "file": f, "fingerprint": p});
            if !acc.reason.is_empty() {
                e["reason"] = json!(acc.reason);
            }
            if let Some(by) = &acc.by {
                e["by"] = json!(by);
            }
            if let Some(on) = acc.on {
                e["on"] = json!(on.to_string());
            }
            if let Some(until) = acc.until {
                e["until"] = json!(until.to_string());
            }
            e
        })
        .collect();
    let doc = json!({"version": VERSION, "tool": {"name": "srm-lint", "version": env!("CARGO_PKG_VERSION")}, "findings": findings});
    serde_json::to_string_pretty(&doc).expect("serialises") + "\n"
}
