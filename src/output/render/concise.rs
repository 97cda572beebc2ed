//! `--output-format concise`: one line per finding, `path:line:col: CODE message`, then the
//! reading errors, skipped files and the summary line (left out with `quiet`), with the elapsed
//! time when given.

use super::{footer, views};
use crate::diagnostic::RunResult;

/// Every text comes from a [`super::View`] or a [`super::Note`], so it is sanitised
/// ([`super::shown`]); a line break in a message cannot start a line of its own.
pub fn render(report: &RunResult, quiet: bool, elapsed: Option<std::time::Duration>) -> String {
    let mut out = String::new();
    for v in views(report).iter().filter(|v| v.finding.suppressed.is_none()) {
        let mark = if v.fixable { " [*]" } else { "" };
        out.push_str(&format!("{}:{}:{}: {}{mark} {}\n", v.path, v.start.line, v.start.column, v.meta.code, v.message));
    }
    if quiet {
        return out;
    }
    out.push_str(&footer(report, elapsed));
    out
}
