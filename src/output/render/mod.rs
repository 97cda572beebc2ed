//! The one output pipeline: every format renders the same [`View`] of a report.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use crate::data::clauses::{self, Clause};
use crate::diagnostic::RunResult;
use crate::diagnostic::{self, Finding, RuleMeta, Severity};
use crate::source::{LineCol, SourceFile};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

/// A finding with everything a renderer needs resolved.
pub struct View<'r> {
    pub finding: &'r Finding,
    pub meta: &'static RuleMeta,
    pub clause: Option<&'static Clause>,
    pub source: &'r SourceFile,
    /// The path to show: as walked from the working directory.
    pub path: &'r str,
    pub start: LineCol,
    pub end: LineCol,
    pub severity: Severity,
    pub help: &'r str,
}

pub fn views(report: &RunResult) -> Vec<View<'_>> {
    report
        .findings
        .iter()
        .map(|f| {
            let meta = diagnostic::meta(f.code).expect("finding rule has metadata");
            let file = &report.files[f.file];
            let source = &file.source;
            View {
                finding: f,
                meta,
                clause: f.clause.and_then(clauses::clause),
                source,
                path: &file.path,
                start: source.line_col(f.span.start),
                end: source.line_col(f.span.end),
                severity: f.severity.unwrap_or(meta.severity),
                help: f.help.as_deref().unwrap_or(&meta.fix),
            }
        })
        .collect()
}

pub struct RenderOptions {
    pub color: bool,
}

pub fn render(report: &RunResult, format: Format, opts: &RenderOptions) -> String {
    match format {
        Format::Human => human::render(report, opts.color),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report),
        Format::Github => github::render(report),
    }
}
