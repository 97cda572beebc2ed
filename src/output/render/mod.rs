//! The one output pipeline: every format renders the same [`View`] of a report.

pub mod concise;
pub mod excerpt;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use std::borrow::Cow;
use std::collections::HashMap;

use crate::data::clauses::{self, Clause};
use crate::date::Date;
use crate::diagnostic::RunResult;
use crate::diagnostic::{self, Acceptance, Finding, RuleMeta, Severity};
use crate::source::{LineCol, SourceFile, Span, escape_controls};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    /// One line per finding: `path:line:col: CODE message`.
    Concise,
    Json,
    Sarif,
    Github,
}

/// At most this many findings of one rule in one file are shown; the rest are counted in one
/// summary finding ("and N more"). The exit code, the counts, the baseline and the report still
/// see every finding.
pub const MAX_PER_RULE_AND_FILE: usize = 100;

/// Text as every output shows it: the one sanitiser ([`escape_controls`]) applied. All strings a
/// renderer takes from the repository (paths, messages, help, labels, reasons, errors, skip
/// notes) come through here, via [`views`] and [`notes`].
pub fn shown(text: &str) -> Cow<'_, str> {
    escape_controls(text)
}

/// A finding with everything a renderer needs resolved; its texts are [`shown`] forms.
pub struct View<'r> {
    pub finding: &'r Finding,
    pub meta: &'static RuleMeta,
    pub clause: Option<&'static Clause>,
    pub source: &'r SourceFile,
    /// The path to show: as walked from the working directory.
    pub path: Cow<'r, str>,
    /// The path relative to the scanned root.
    pub rel: Cow<'r, str>,
    pub message: Cow<'r, str>,
    pub help: Cow<'r, str>,
    pub labels: Vec<(Span, Cow<'r, str>)>,
    /// Who accepted the finding, when, until when and why (inline or baseline).
    pub suppressed: Option<Accepted<'r>>,
    /// An acceptance that lapsed: the finding counts again.
    pub expired: Option<Accepted<'r>>,
    pub start: LineCol,
    pub end: LineCol,
    pub severity: Severity,
    /// For the summary that stands for the findings past [`MAX_PER_RULE_AND_FILE`]: how many it
    /// stands for (0 for a real finding).
    pub more: usize,
    /// `--fix` would repair it (marked `[*]`, as ruff does).
    pub fixable: bool,
}

/// An [`Acceptance`] as the outputs show it: its texts are [`shown`] forms.
pub struct Accepted<'r> {
    pub reason: Cow<'r, str>,
    pub by: Option<Cow<'r, str>>,
    pub on: Option<Date>,
    pub until: Option<Date>,
    pub baselined: bool,
}

impl<'r> Accepted<'r> {
    pub fn of(a: &'r Acceptance) -> Accepted<'r> {
        Accepted {
            reason: shown(a.reason()),
            by: a.by.as_deref().map(shown),
            on: a.on,
            until: a.until,
            baselined: a.baselined,
        }
    }
    /// "suppression" or "baseline".
    pub fn via(&self) -> &'static str {
        if self.baselined { "baseline" } else { "suppression" }
    }
}

fn view<'r>(report: &'r RunResult, f: &'r Finding) -> View<'r> {
    let meta = diagnostic::meta(f.code).expect("finding rule has metadata");
    let file = &report.files[f.file];
    let source = &file.source;
    View {
        finding: f,
        meta,
        clause: f.clause.and_then(clauses::clause),
        source,
        path: shown(&file.path),
        rel: shown(&source.rel),
        message: shown(&f.message),
        help: shown(f.help.as_deref().unwrap_or(&meta.fix)),
        labels: f.labels.iter().map(|(s, t)| (*s, shown(t))).collect(),
        suppressed: f.suppressed.as_ref().map(Accepted::of),
        expired: f.expired.as_ref().map(Accepted::of),
        start: source.line_col(f.span.start),
        end: source.line_col(f.span.end),
        severity: f.severity.unwrap_or(meta.severity),
        more: 0,
        fixable: report.fixable(f),
    }
}

/// The findings as every lint format shows them, in the report's order: at most
/// [`MAX_PER_RULE_AND_FILE`] per rule and file (suppressed and active ones counted apart), the
/// next one turned into a summary of the rest.
pub fn views(report: &RunResult) -> Vec<View<'_>> {
    let mut total: HashMap<(usize, &str, bool), usize> = HashMap::new();
    for f in &report.findings {
        *total.entry((f.file, f.code, f.suppressed.is_some())).or_default() += 1;
    }
    let mut seen: HashMap<(usize, &str, bool), usize> = HashMap::new();
    let mut out = Vec::with_capacity(report.findings.len().min(4096));
    for f in &report.findings {
        let key = (f.file, f.code, f.suppressed.is_some());
        let n = seen.entry(key).or_default();
        *n += 1;
        if *n <= MAX_PER_RULE_AND_FILE {
            out.push(view(report, f));
        } else if *n == MAX_PER_RULE_AND_FILE + 1 {
            let more = total[&key] - MAX_PER_RULE_AND_FILE;
            let mut v = view(report, f);
            v.message = Cow::Owned(format!(
                "… and {more} more {} finding{} in this file, from here on (at most {MAX_PER_RULE_AND_FILE} per rule and file are shown)",
                f.code,
                if more == 1 { "" } else { "s" }
            ));
            v.labels.clear();
            v.more = more;
            v.fixable = false;
            out.push(v);
        }
    }
    out
}

/// A reading error or a skipped file, as every format shows it.
pub struct Note<'r> {
    pub path: Cow<'r, str>,
    pub message: Cow<'r, str>,
}

/// The run's errors and skipped files, [`shown`].
/// What human and concise output print after the findings: reading errors, skipped files, the
/// nested config files that govern part of the scan, the summary line and the fixable count.
pub fn footer(report: &RunResult, elapsed: Option<std::time::Duration>) -> String {
    let mut out = String::new();
    let (errors, skipped) = notes(report);
    for e in &errors {
        out.push_str(&format!("error: {}: {}\n", e.path, e.message));
    }
    for s in &skipped {
        out.push_str(&format!("note: skipped {}: {}\n", s.path, s.message));
    }
    for c in &report.nested_configs {
        out.push_str(&format!(
            "note: {} governs the files below its folder (it can select, ignore or re-rate rules there)\n",
            shown(&c.display().to_string())
        ));
    }
    out.push_str(&summary_line(report, elapsed));
    out.push_str(&fixable_line(report));
    out
}

pub fn notes(report: &RunResult) -> (Vec<Note<'_>>, Vec<Note<'_>>) {
    let errors = report.errors.iter().map(|e| Note { path: shown(&e.path), message: shown(&e.message) }).collect();
    let skipped = report.skipped.iter().map(|(p, why)| Note { path: shown(p), message: shown(why) }).collect();
    (errors, skipped)
}

/// Counts of the active findings by severity (error, warning, note), over every finding.
pub fn counts(report: &RunResult) -> [usize; 3] {
    let mut out = [0; 3];
    for f in report.active() {
        let severity = f.severity.or_else(|| diagnostic::meta(f.code).map(|m| m.severity)).unwrap_or(Severity::Error);
        out[match severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Note => 2,
        }] += 1;
    }
    out
}

/// The last line of human and concise output: counts of findings, files, suppressions, errors,
/// and the run's elapsed time when given.
pub fn summary_line(report: &RunResult, elapsed: Option<std::time::Duration>) -> String {
    let [error, warning, note] = counts(report);
    let total = error + warning + note;
    let suppressed = report.findings.len() - report.active().count();
    let checked = report.files.iter().filter(|f| !f.context).count();
    format!(
        "{} finding{} ({} error, {} warning, {} note) in {} checked file{}{}{}{}\n",
        total,
        if total == 1 { "" } else { "s" },
        error,
        warning,
        note,
        checked,
        if checked == 1 { "" } else { "s" },
        if suppressed > 0 { format!(", {suppressed} suppressed") } else { String::new() },
        if report.errors.is_empty() {
            String::new()
        } else {
            format!(", {} error(s) reading files", report.errors.len())
        },
        elapsed.map_or(String::new(), |d| format!("; took {:.2}s", d.as_secs_f64())),
    )
}

/// The line after the summary when fixes are available: `[*] N fixable with --fix`, and how
/// many unsafe ones `--unsafe-fixes` would add. Empty when there are none.
pub fn fixable_line(report: &RunResult) -> String {
    let n = report.active().filter(|f| report.fixable(f)).count();
    let hidden = report.hidden_fixes();
    let with = if report.unsafe_fixes { "--fix --unsafe-fixes" } else { "--fix" };
    match (n, hidden) {
        (0, 0) => String::new(),
        (0, h) => format!("No fixes available ({h} hidden fix{} can be enabled with --unsafe-fixes).\n", es(h)),
        (n, 0) => format!("[*] {n} fixable with {with}.\n"),
        (n, h) => {
            format!("[*] {n} fixable with {with} ({h} hidden fix{} can be enabled with --unsafe-fixes).\n", es(h))
        }
    }
}

fn es(n: usize) -> &'static str {
    if n == 1 { "" } else { "es" }
}

/// `--statistics`: the active findings counted per rule, most frequent first (ties by code).
pub fn statistics(report: &RunResult) -> String {
    let mut per_rule: HashMap<&str, usize> = HashMap::new();
    for f in report.active() {
        *per_rule.entry(f.code).or_default() += 1;
    }
    let mut rows: Vec<(&str, usize)> = per_rule.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let width = rows.first().map_or(1, |r| r.1.to_string().len());
    let mut out = String::new();
    for (code, n) in rows {
        let name = diagnostic::meta(code).map_or("", |m| m.name.as_str());
        out.push_str(&format!("{n:>width$}\t{code}\t{name}\n"));
    }
    out
}

pub struct RenderOptions {
    pub color: bool,
}

pub fn render(report: &RunResult, format: Format, opts: &RenderOptions) -> String {
    match format {
        Format::Human => human::render(report, opts.color),
        Format::Concise => concise::render(report, false, None),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report),
        Format::Github => github::render(report),
    }
}
