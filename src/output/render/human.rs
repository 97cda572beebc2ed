//! `--format human`: miette diagnostics drawn from a redacted copy of each file.

use std::fmt;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};

use super::{View, views};
use crate::diagnostic::RunResult;
use crate::diagnostic::Severity;
use crate::source::redact;

struct Diag<'a> {
    view: &'a View<'a>,
    source: &'a NamedSource<String>,
    help: String,
}

impl fmt::Debug for Diag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.view.finding.message)
    }
}

impl fmt::Display for Diag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.view.finding.message)
    }
}

impl std::error::Error for Diag<'_> {}

impl Diagnostic for Diag<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!("{}({})", self.view.meta.code, self.view.meta.name)))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.view.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.help))
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let f = self.view.finding;
        let primary = LabeledSpan::new_primary_with_span(Some("here".to_string()), (f.span.start, f.span.len()));
        let rest = f.labels.iter().map(|(s, t)| LabeledSpan::new_with_span(Some(t.clone()), (s.start, s.len())));
        Some(Box::new(std::iter::once(primary).chain(rest)))
    }
}

pub fn render(report: &RunResult, color: bool) -> String {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false);
    let sources: Vec<NamedSource<String>> = report
        .files
        .iter()
        .map(|f| NamedSource::new(&f.path, redact(&f.source.text, &report.secrets_in(f.id))))
        .collect();
    let mut out = String::new();
    let all = views(report);
    let active: Vec<&View<'_>> = all.iter().filter(|v| v.finding.suppressed.is_none()).collect();
    for v in &active {
        let clause = v.clause.map(|c| format!("\nclause: {}", c.describe())).unwrap_or_default();
        let diag = Diag { view: v, source: &sources[v.finding.file], help: format!("{}{clause}", v.help) };
        if handler.render_report(&mut out, &diag).is_err() {
            out.push_str(&format!("{}:{}:{}: {}\n", v.path, v.start.line, v.start.column, v.finding.message));
        }
    }
    for e in &report.errors {
        out.push_str(&format!("error: {}: {}\n", e.path, e.message));
    }
    for (path, why) in &report.skipped {
        out.push_str(&format!("note: skipped {path}: {why}\n"));
    }
    let count = |s: Severity| active.iter().filter(|v| v.severity == s).count();
    let suppressed = all.len() - active.len();
    let checked = report.files.iter().filter(|f| !f.context).count();
    out.push_str(&format!(
        "{} finding{} ({} error, {} warning, {} note) in {} checked file{}{}{}\n",
        active.len(),
        if active.len() == 1 { "" } else { "s" },
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Note),
        checked,
        if checked == 1 { "" } else { "s" },
        if suppressed > 0 { format!(", {suppressed} suppressed") } else { String::new() },
        if report.errors.is_empty() {
            String::new()
        } else {
            format!(", {} error(s) reading files", report.errors.len())
        },
    ));
    out
}
