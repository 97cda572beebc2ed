//! `--format json`: a versioned schema documented in `docs/json-output.md`.
//!
//! Serialised straight from borrowed structs (field order is the key order); building
//! `serde_json::Value`s first cost a map insert and a string copy per key.

use serde::Serialize;

use super::{Accepted, View, notes, shown, views};
use crate::diagnostic::RunResult;
use crate::source::LineCol;

/// Bumped on any incompatible change of the JSON output.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Doc<'r> {
    version: u32,
    tool: Tool,
    as_of: String,
    findings: Vec<Finding<'r>>,
    suppressed: Vec<Finding<'r>>,
    errors: Vec<Error<'r>>,
    skipped: Vec<Skipped<'r>>,
    files_checked: usize,
    /// Config files below the scanned roots that govern the files under them.
    nested_configs: Vec<String>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Finding<'r> {
    rule: &'r str,
    name: &'r str,
    severity: &'r str,
    file: &'r str,
    #[serde(flatten)]
    at: Place<'r>,
    message: &'r str,
    help: &'r str,
    /// The finding's secondary labels: other places that explain it.
    related: Vec<Related<'r>>,
    clause: Option<Clause<'r>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed: Option<Reason<'r>>,
    /// An acceptance that lapsed (`until` passed): the finding counts again.
    #[serde(skip_serializing_if = "Option::is_none")]
    expired_acceptance: Option<Reason<'r>>,
    /// Only on the summary that stands for the findings past the cap.
    #[serde(skip_serializing_if = "is_zero")]
    more: usize,
    /// The finding's automatic fix, if it has one (null otherwise).
    fix: Option<Fix<'r>>,
}

#[derive(Serialize)]
struct Fix<'r> {
    title: std::borrow::Cow<'r, str>,
    applicability: &'static str,
    /// `--fix` (with the run's `--unsafe-fixes`) would apply it.
    applied_by_fix: bool,
    edits: Vec<Edit>,
}

#[derive(Serialize)]
struct Edit {
    start: Position,
    end: Position,
    content: String,
}

#[derive(Serialize)]
struct Position {
    line: usize,
    column: usize,
}

fn fix<'r>(v: &'r View<'_>) -> Option<Fix<'r>> {
    let fix = v.finding.fix.as_ref().filter(|_| v.more == 0)?;
    let at = |offset: usize| {
        let lc = v.source.line_col(offset);
        Position { line: lc.line, column: lc.column }
    };
    Some(Fix {
        title: shown(&fix.title),
        applicability: fix.applicability.as_str(),
        applied_by_fix: v.fixable,
        edits: fix
            .edits
            .iter()
            .map(|e| Edit { start: at(e.span.start), end: at(e.span.end), content: e.content.clone() })
            .collect(),
    })
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// A span of a finding's file: `path` as walked, 1-based lines and columns (end exclusive).
#[derive(Serialize)]
struct Place<'r> {
    path: &'r str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

fn place<'r>(v: &'r View<'_>, start: LineCol, end: LineCol) -> Place<'r> {
    Place { path: &v.path, line: start.line, column: start.column, end_line: end.line, end_column: end.column }
}

#[derive(Serialize)]
struct Related<'r> {
    #[serde(flatten)]
    at: Place<'r>,
    message: &'r str,
}

#[derive(Serialize)]
struct Clause<'r> {
    id: &'r str,
    provider: &'r str,
    owner: &'r str,
    title: &'r str,
    url: &'r str,
}

#[derive(Serialize)]
struct Reason<'r> {
    reason: &'r str,
    /// `suppression` (inline comment) or `baseline`.
    via: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    by: Option<&'r str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    on: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    until: Option<String>,
}

fn reason<'r>(a: &'r Accepted<'_>) -> Reason<'r> {
    Reason {
        reason: &a.reason,
        via: a.via(),
        by: a.by.as_deref(),
        on: a.on.map(|d| d.to_string()),
        until: a.until.map(|d| d.to_string()),
    }
}

#[derive(Serialize)]
struct Error<'r> {
    path: &'r str,
    message: &'r str,
}

#[derive(Serialize)]
struct Skipped<'r> {
    path: &'r str,
    reason: &'r str,
}

fn finding<'r>(v: &'r View<'_>) -> Finding<'r> {
    Finding {
        rule: &v.meta.code,
        name: &v.meta.name,
        severity: v.severity.as_str(),
        file: &v.rel,
        at: place(v, v.start, v.end),
        message: &v.message,
        help: &v.help,
        related: v
            .labels
            .iter()
            .map(|(span, message)| Related {
                at: place(v, v.source.line_col(span.start), v.source.line_col(span.end)),
                message,
            })
            .collect(),
        clause: v.clause.map(|c| Clause {
            id: &c.id,
            provider: &c.provider,
            owner: &c.owner,
            title: &c.title,
            url: &c.source,
        }),
        suppressed: v.suppressed.as_ref().map(reason),
        expired_acceptance: v.expired.as_ref().map(reason),
        more: v.more,
        fix: fix(v),
    }
}

pub fn render(report: &RunResult) -> String {
    let all = views(report);
    let (errors, skipped) = notes(report);
    let (suppressed, active): (Vec<_>, Vec<_>) = all.iter().partition(|v| v.finding.suppressed.is_some());
    let doc = Doc {
        version: SCHEMA_VERSION,
        tool: Tool { name: "srm-lint", version: env!("CARGO_PKG_VERSION") },
        as_of: report.as_of.to_string(),
        findings: active.iter().map(|v| finding(v)).collect(),
        suppressed: suppressed.iter().map(|v| finding(v)).collect(),
        errors: errors.iter().map(|e| Error { path: &e.path, message: &e.message }).collect(),
        skipped: skipped.iter().map(|s| Skipped { path: &s.path, reason: &s.message }).collect(),
        files_checked: report.files.iter().filter(|f| !f.context).count(),
        nested_configs: report.nested_configs.iter().map(|c| shown(&c.display().to_string()).into_owned()).collect(),
    };
    let mut s = serde_json::to_string_pretty(&doc).expect("JSON serialises");
    s.push('\n');
    s
}
