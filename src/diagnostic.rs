//! What a finding is and what its code means: [`Severity`], [`Finding`] and the [`Emitter`] rules
//! write them with, and the rule catalogue ([`RuleMeta`], from `lints/rules/<pack>/<CODE>.md`).

use std::sync::OnceLock;

use serde::Deserialize;

use crate::date::Date;
use crate::document::{FileError, ParsedFile};
use crate::source::{Edit, Span};

include!(concat!(env!("OUT_DIR"), "/rule_docs.rs"));

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "note" => Some(Severity::Note),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// A rule's metadata: the TOML front matter of its docs file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleMeta {
    /// The rule's code: the docs file's name (`lints/rules/<pack>/<CODE>.md`).
    #[serde(skip)]
    pub code: String,
    pub name: String,
    pub platform: String,
    pub severity: Severity,
    /// How much a finding matters for security, 0.1–10.0 as GitHub code scanning ranks alerts
    /// (critical from 9.0, high from 7.0, medium from 4.0, low below). None for findings about
    /// srm-lint's own input (syntax, suppressions, includes): they are not security findings.
    #[serde(default)]
    pub security_severity: Option<f64>,
    /// Clause ids, at most one per provider: a finding reports the one of the provider whose file it is in.
    pub clauses: Vec<String>,
    /// One line: what the rule finds.
    pub summary: String,
    /// One line: how to fix it.
    pub fix: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// What the rule looks for in the files it reads (`CloudTrail trail`), for rules that record
    /// each file where they found one ([`Emitter::evaluated`]): the report then tells "nothing to
    /// check" (no such thing in the files) from "checked, no findings".
    #[serde(default)]
    pub subject: Option<String>,
    /// File kinds the rule reads (names from `FileKind::info`), when it needs specific ones: the
    /// report calls its clause "not applicable" when none is present. Empty: any file of the platform.
    #[serde(default)]
    pub files: Vec<String>,
    /// Whether the rule's findings carry an automatic fix, and of which kind (`"safe"` or
    /// `"unsafe"`); `srm-lint rules` shows it.
    #[serde(default)]
    pub autofix: Option<Applicability>,
    /// The Markdown body of the docs file.
    #[serde(skip)]
    pub docs: String,
    /// Where the docs live, relative to the repository root.
    #[serde(skip)]
    pub docs_path: String,
}

impl RuleMeta {
    /// The rule's docs page on the repository's default branch (Cargo.toml `repository`).
    pub fn docs_url(&self) -> String {
        format!("{}/blob/main/{}", env!("CARGO_PKG_REPOSITORY"), self.docs_path)
    }

    /// The clause for a finding in a file of `provider`.
    pub fn clause_for(&self, provider: &str) -> &str {
        let prefix = format!("{provider}.");
        self.clauses.iter().find(|c| c.starts_with(&prefix)).unwrap_or(&self.clauses[0])
    }
}

/// Whether a fix may be applied without review (ruff's terms).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Changes nothing that deploys beyond what the fix's title says: `--fix` applies it.
    Safe,
    /// Changes behaviour someone must review (a runtime version bump): only with `--unsafe-fixes`.
    Unsafe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// A repair of one finding: edits to the finding's file, applied together or not at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// One line: what the fix does ("declare the route as https").
    pub title: String,
    pub applicability: Applicability,
    /// Non-overlapping edits of the finding's file, in byte offsets of the text the rule read.
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix { title: title.into(), applicability: Applicability::Safe, edits }
    }
    pub fn unsafe_(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix { title: title.into(), applicability: Applicability::Unsafe, edits }
    }
    /// Whether the fix applies when unsafe fixes are (`unsafe_fixes`) or are not enabled.
    pub fn enabled(&self, unsafe_fixes: bool) -> bool {
        unsafe_fixes || self.applicability == Applicability::Safe
    }
}

/// A finding before filtering and rendering.
#[derive(Clone, Debug)]
pub struct Finding {
    pub code: &'static str,
    /// Index into the run's files.
    pub file: usize,
    pub span: Span,
    pub message: String,
    /// Overrides the rule's `fix` line.
    pub help: Option<String>,
    /// Secondary labelled spans in the same file.
    pub labels: Vec<(Span, String)>,
    /// Spans holding secret values: masked in every output.
    pub secrets: Vec<Span>,
    /// Overrides the rule's default severity.
    pub severity: Option<Severity>,
    /// Overrides the clause chosen from the file's provider.
    pub clause: Option<&'static str>,
    /// Set when an inline suppression or the baseline accepted the finding: who, when, why.
    pub suppressed: Option<Acceptance>,
    /// An acceptance that matched the finding but has expired (`until` before the as-of date): the
    /// finding counts again, and the outputs say whose acceptance lapsed.
    pub expired: Option<Acceptance>,
    /// An automatic repair, when the rule knows one (see [`Fix`]).
    pub fix: Option<Fix>,
}

/// Who accepted a finding, when, until when and why: an inline suppression
/// (`# srm-lint: ignore[CODE] reason by=NAME on=DATE until=DATE`) or a baseline entry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Acceptance {
    pub reason: String,
    pub by: Option<String>,
    pub on: Option<Date>,
    /// The last day the acceptance holds; after it the finding counts again.
    pub until: Option<Date>,
    /// Accepted by the baseline, not by an inline comment.
    pub baselined: bool,
}

impl Acceptance {
    /// The reason given, or how the finding was accepted when none was.
    pub fn reason(&self) -> &str {
        match (self.reason.is_empty(), self.baselined) {
            (false, _) => &self.reason,
            (true, true) => "accepted in the baseline",
            (true, false) => "suppressed inline",
        }
    }

    /// Whether the acceptance has lapsed on `day`.
    pub fn expired_on(&self, day: Date) -> bool {
        self.until.is_some_and(|u| u < day)
    }

    /// "by alice on 2026-11-01, until 2027-03-01": the parts recorded, or "" when none is.
    pub fn provenance(&self) -> String {
        let mut parts = Vec::new();
        if let Some(by) = &self.by {
            parts.push(format!("by {by}"));
        }
        if let Some(on) = self.on {
            parts.push(format!("on {on}"));
        }
        let head = parts.join(" ");
        match (head.is_empty(), self.until) {
            (_, None) => head,
            (true, Some(u)) => format!("until {u}"),
            (false, Some(u)) => format!("{head}, until {u}"),
        }
    }
}

/// Collects one rule's findings, and the files where it found something to evaluate.
pub struct Emitter {
    pub code: &'static str,
    pub findings: Vec<Finding>,
    /// Files (ids) in which the rule found its subject (see [`RuleMeta::subject`]).
    pub evaluated: Vec<usize>,
}

impl Emitter {
    pub fn new(code: &'static str) -> Emitter {
        Emitter { code, findings: Vec::new(), evaluated: Vec::new() }
    }

    /// Records that the rule found its subject in `file` and evaluated it (findings or not).
    pub fn evaluated(&mut self, file: &ParsedFile) {
        if self.evaluated.last() != Some(&file.id) {
            self.evaluated.push(file.id);
        }
    }

    /// Records a finding at `span` of `file` and returns it for optional details.
    pub fn emit(&mut self, file: &ParsedFile, span: Span, message: impl Into<String>) -> &mut Finding {
        self.findings.push(Finding {
            code: self.code,
            file: file.id,
            span,
            message: message.into(),
            help: None,
            labels: Vec::new(),
            secrets: Vec::new(),
            severity: None,
            clause: None,
            suppressed: None,
            expired: None,
            fix: None,
        });
        self.findings.last_mut().expect("just pushed")
    }
}

impl Finding {
    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }
    pub fn label(&mut self, span: Span, text: impl Into<String>) -> &mut Self {
        self.labels.push((span, text.into()));
        self
    }
    pub fn secret(&mut self, span: Span) -> &mut Self {
        self.secrets.push(span);
        self
    }
    pub fn severity(&mut self, severity: Severity) -> &mut Self {
        self.severity = Some(severity);
        self
    }
    /// Attaches a repair (a fix with no edit is not attached).
    pub fn fix(&mut self, fix: Fix) -> &mut Self {
        if !fix.edits.is_empty() {
            self.fix = Some(fix);
        }
        self
    }
}

/// Every rule's metadata, sorted by code.
pub fn all() -> &'static [RuleMeta] {
    static ALL: OnceLock<Vec<RuleMeta>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut rules: Vec<RuleMeta> =
            DOCS.iter().map(|(path, text)| parse_doc(path, text).unwrap_or_else(|e| panic!("{path}: {e}"))).collect();
        rules.sort_by(|a, b| a.code.cmp(&b.code));
        rules
    })
}

/// Metadata of one rule by code.
pub fn meta(code: &str) -> Option<&'static RuleMeta> {
    let all = all();
    all.binary_search_by(|m| m.code.as_str().cmp(code)).ok().map(|i| &all[i])
}

/// Levenshtein distance between two strings (by characters), for "did you mean" hints.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The candidate closest to `word` by [`edit_distance`] (ties: the first), if it is close enough
/// to be a likely typo (at most a third of the word's length, at least 1).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// `; did you mean `CODE`?` for a code that is not a rule code or prefix, else empty.
pub fn did_you_mean_code(code: &str) -> String {
    let upper = code.to_ascii_uppercase();
    closest(&upper, all().iter().map(|m| m.code.as_str())).map(|c| format!("; did you mean `{c}`?")).unwrap_or_default()
}

/// A code list entry as given (`psh004`, ` SEC`): trimmed and upper-cased, so codes are
/// case-insensitive everywhere.
pub fn normalise_code(code: &str) -> String {
    code.trim().to_ascii_uppercase()
}

/// Splits a docs file into its `+++` TOML front matter and Markdown body.
pub fn parse_doc(path: &str, text: &str) -> Result<RuleMeta, String> {
    let rest = text.strip_prefix("+++\n").ok_or("docs must start with a +++ front matter")?;
    let end = rest.find("\n+++\n").ok_or("unterminated +++ front matter")?;
    let mut meta: RuleMeta = toml::from_str(&rest[..end]).map_err(|e| e.to_string())?;
    if let Some(score) = meta.security_severity
        && !(0.1..=10.0).contains(&score)
    {
        return Err(format!("security_severity {score} is outside 0.1–10.0"));
    }
    meta.docs = rest[end + 5..].trim().to_string();
    meta.docs_path = path.to_string();
    let file = path.rsplit('/').next().unwrap_or(path);
    meta.code = file.strip_suffix(".md").ok_or("the docs file name must end in .md")?.to_string();
    Ok(meta)
}

/// The result of one run: what the outputs (lint formats, the report, the baseline file) read.
pub struct RunResult {
    pub files: Vec<ParsedFile>,
    /// Sorted by file, line, column, rule; suppressed ones included (with their reason).
    pub findings: Vec<Finding>,
    pub errors: Vec<FileError>,
    /// Files passed over on purpose: (path, why).
    pub skipped: Vec<(String, String)>,
    pub as_of: Date,
    /// The providers the repository uses (`platformsh`, `commerce`, `astronomer`, `aws`,
    /// `generic`), in that order.
    pub platforms: Vec<&'static str>,
    /// The dated tables the run read, in [`crate::data::Table::ALL`] order.
    pub tables: Vec<TableUsed>,
    /// The baseline file the run read (`--baseline`), as given.
    pub baseline: Option<String>,
    /// When the run started (wall clock; unrelated to `as_of`).
    pub started: std::time::SystemTime,
    /// Every config file the run read, the run's own first (see `config::Configs`).
    pub configs: Vec<std::path::PathBuf>,
    /// The config files found below the scanned roots that govern the files under them (a
    /// subset of `configs`): every output says so, since one can change what is checked there.
    pub nested_configs: Vec<std::path::PathBuf>,
    /// How long each stage took (`read`, `rules`, `filter`).
    pub timings: Vec<(&'static str, std::time::Duration)>,
    /// For each rule with a [`RuleMeta::subject`] that ran: the files where it found one.
    pub evaluated: std::collections::BTreeMap<&'static str, Vec<usize>>,
    /// Hosting regions the repository reveals that the provider's certification leaves out for a
    /// declared scope: the provider's controls are not inherited there.
    pub outside_certification: Vec<OutsideCertification>,
    /// The repository root (canonical) that SARIF artifact URIs are relative to, as the command
    /// line found it; without one they are the paths as walked.
    pub repository: Option<std::path::PathBuf>,
    /// Unsafe fixes count as available (`--unsafe-fixes`), not only safe ones.
    pub unsafe_fixes: bool,
}

/// A region the provider's certification does not cover for some of the declared scopes.
#[derive(Clone, Debug)]
pub struct OutsideCertification {
    pub provider: &'static str,
    /// Lower-case region label (`fr-1`).
    pub region: String,
    /// Where the repository shows it: index into the run's files, and the span.
    pub file: usize,
    pub span: Span,
    pub scopes: Vec<crate::data::Scope>,
}

/// A dated table as a run used it.
#[derive(Clone, Debug)]
pub struct TableUsed {
    /// The config setting that can replace it (`platformsh.lifecycle`, ...).
    pub setting: &'static str,
    /// Where the copy that was used came from: the configured file, or the embedded `lints/` path.
    pub source: String,
    /// Whether that copy is the one embedded in the binary.
    pub embedded: bool,
    /// When its data was last checked against its sources.
    pub checked: String,
}

impl RunResult {
    /// Findings that count (not suppressed).
    pub fn active(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.suppressed.is_none())
    }

    /// Whether `f` has a fix that `--fix` would apply: enabled (safe, or unsafe with
    /// `--unsafe-fixes`), on a reported finding, in a file fixes can be written to (not read as
    /// context, not reached through `!include`).
    pub fn fixable(&self, f: &Finding) -> bool {
        let file = &self.files[f.file];
        f.suppressed.is_none()
            && f.fix.as_ref().is_some_and(|x| x.enabled(self.unsafe_fixes))
            && !file.context
            && file.includes.from.is_none()
    }

    /// Active findings whose fix is unsafe and not enabled: what `--unsafe-fixes` would add.
    pub fn hidden_fixes(&self) -> usize {
        self.active()
            .filter(|f| !self.unsafe_fixes && f.fix.as_ref().is_some_and(|x| x.applicability == Applicability::Unsafe))
            .count()
    }

    /// Spans to mask in a file: every secret any finding flagged there.
    pub fn secrets_in(&self, file: usize) -> Vec<Span> {
        self.findings.iter().filter(|f| f.file == file).flat_map(|f| f.secrets.iter().copied()).collect()
    }

    /// Exit code: 2 for errors, 1 for findings at or above `fail_on`, else 0.
    pub fn exit_code(&self, fail_on: Severity, exit_zero: bool) -> i32 {
        if !self.errors.is_empty() {
            2
        } else if !exit_zero && self.active().any(|f| f.severity.unwrap_or(Severity::Error) >= fail_on) {
            1
        } else {
            0
        }
    }
}

/// SRM001 for every syntax problem.
pub fn syntax_findings(files: &[ParsedFile]) -> Vec<Finding> {
    let mut em = Emitter::new("SRM001");
    for f in files {
        for p in &f.problems {
            let finding = em.emit(f, p.span, p.message.clone());
            finding.labels = p.labels.clone();
            if p.tolerated {
                finding.severity(Severity::Warning);
            }
        }
    }
    em.findings
}

/// SRM004 for every `!include` that could not be followed, at its tag.
pub fn include_findings(files: &[ParsedFile]) -> Vec<Finding> {
    use crate::document::include::Outcome;
    let mut em = Emitter::new("SRM004");
    for f in files {
        for site in &f.includes.sites {
            if let Outcome::Failed(why) = &site.outcome {
                em.emit(f, site.span, format!("include not followed: {why}")).help(
                    "include a file inside the repository by a path relative to this file; srm-lint \
                     does not check what it cannot read",
                );
            }
        }
    }
    em.findings
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_security_severity_outside_githubs_range_is_refused() {
        let doc = |score: &str| {
            format!(
                "+++\nname = \"x\"\nplatform = \"core\"\nseverity = \"note\"\n{score}clauses = []\nsummary = \"s\"\nfix = \"f\"\n+++\nbody\n"
            )
        };
        assert_eq!(super::parse_doc("lints/rules/core/X.md", &doc("")).unwrap().security_severity, None);
        let ok = super::parse_doc("lints/rules/core/X.md", &doc("security_severity = 9.8\n")).unwrap();
        assert_eq!(ok.security_severity, Some(9.8));
        for bad in ["0.0", "10.5", "-1.0"] {
            let e =
                super::parse_doc("lints/rules/core/X.md", &doc(&format!("security_severity = {bad}\n"))).unwrap_err();
            assert!(e.contains("outside 0.1–10.0"), "{e}");
        }
    }
}
