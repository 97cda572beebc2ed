//! `--format human`: miette diagnostics drawn from a redacted copy of each file.

use std::fmt;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};

use super::excerpt::{self, Excerpt, Label};
use super::{View, footer, views};
use crate::diagnostic::RunResult;
use crate::diagnostic::Severity;
use crate::source::{SourceFile, Span, redact};

struct Diag<'a> {
    view: &'a View<'a>,
    source: Excerpt,
    labels: Vec<LabeledSpan>,
    help: String,
}

impl fmt::Debug for Diag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.view.message)
    }
}

impl fmt::Display for Diag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.view.message)
    }
}

impl std::error::Error for Diag<'_> {}

impl Diagnostic for Diag<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let mark = if self.view.fixable { " [*]" } else { "" };
        Some(Box::new(format!("{}({}){mark}", self.view.meta.code, self.view.meta.name)))
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
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

/// Human output. Every text in it comes from a [`View`] or a [`super::Note`], so it is sanitised;
/// each diagnostic is drawn from a bounded [`Excerpt`] of a redacted copy of its file, so the
/// time and size of the output grow with the number of findings shown, not with the file's size.
pub fn render(report: &RunResult, color: bool) -> String {
    render_with(report, color, false, None, DEFAULT_WIDTH)
}

/// The width human output wraps at when no terminal says otherwise.
pub const DEFAULT_WIDTH: usize = 100;

/// Human output, wrapped at `width` columns; `quiet` leaves out the notes and the summary line
/// (only the findings), which ends with `elapsed` when given.
pub fn render_with(
    report: &RunResult,
    color: bool,
    quiet: bool,
    elapsed: Option<std::time::Duration>,
    width: usize,
) -> String {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    // Lines wrap at spaces only: a clause id (`platformsh.patch-management`) or a path is never
    // broken at its hyphens, nor when it is longer than a narrow terminal's line.
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_links(false)
        .with_break_words(false)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation);
    // Secrets to mask, per file, gathered in one pass; each file is redacted once, when its first
    // finding is drawn.
    let mut secrets: Vec<Vec<Span>> = vec![Vec::new(); report.files.len()];
    for f in &report.findings {
        secrets[f.file].extend(f.secrets.iter().copied());
    }
    // A redacted copy keeps the original's bytes offsets and line breaks.
    let mut redacted: Vec<Option<SourceFile>> = (0..report.files.len()).map(|_| None).collect();
    let mut out = String::new();
    let all = views(report);
    let active: Vec<&View<'_>> = all.iter().filter(|v| v.finding.suppressed.is_none()).collect();
    for v in &active {
        let file = v.finding.file;
        // Always a redacted copy: besides the flagged secrets, random-looking tokens no rule
        // claimed are masked too.
        let source = redacted[file]
            .get_or_insert_with(|| SourceFile::new(v.source.rel.clone(), redact(&v.source.text, &secrets[file])));
        let f = v.finding;
        let mut labels = vec![Label { span: f.span, text: "here".to_string(), primary: true }];
        labels.extend(v.labels.iter().map(|(s, t)| Label { span: *s, text: t.to_string(), primary: false }));
        let built = excerpt::build(&v.path, source, &labels);
        let mut help = v.help.to_string();
        for d in &built.dropped {
            help.push_str(&format!("\nalso: {d}"));
        }
        if let Some(c) = v.clause {
            help.push_str(&format!("\nclause: {}", c.describe()));
        }
        let diag = Diag { view: v, source: built.excerpt, labels: built.labels, help };
        // Should the drawing fail or panic on some input, the finding is still printed (on one
        // line), and the other formats of the run are still written.
        let mut one = String::new();
        let drawn = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handler.render_report(&mut one, &diag)));
        match drawn {
            Ok(Ok(())) => out.push_str(&one),
            _ => out.push_str(&format!("{}:{}:{}: {}\n", v.path, v.start.line, v.start.column, v.message)),
        }
    }
    if quiet {
        return out;
    }
    out.push_str(&footer(report, elapsed));
    out
}
