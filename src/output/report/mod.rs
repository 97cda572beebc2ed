//! `srm-lint report`: the shared-responsibility matrix of a repository, built from a normal run.
//! One model ([`Matrix`]), three renderers (Markdown, HTML, JSON).

mod html;
mod markdown;

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::json;

use crate::config::Settings;
use crate::data::Scope;
use crate::data::clauses::{self, Clause, Provider};
use crate::diagnostic::RunResult;
use crate::diagnostic::{self, Finding, RuleMeta, Severity};
use crate::output::render::{MAX_PER_RULE_AND_FILE, shown};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Markdown,
    Html,
    Json,
}

/// Bumped on any incompatible change of the JSON report.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Findings against the clause.
    Violated,
    /// Rules ran on files of that kind and found nothing.
    Checked,
    /// The rules need files the repository does not have.
    NotApplicable,
    /// Its rules are turned off in the configuration.
    Disabled,
    /// Cannot be seen in a repository (or no rule checks it yet): evidence is needed.
    NeedsAttestation,
    /// The provider's duty.
    Inherited,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Violated => "violated",
            Status::Checked => "checked, no findings",
            Status::NotApplicable => "not applicable",
            Status::Disabled => "not checked (rules disabled)",
            Status::NeedsAttestation => "needs attestation",
            Status::Inherited => "inherited from the provider",
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            Status::Violated => "violated",
            Status::Checked => "checked",
            Status::NotApplicable => "not-applicable",
            Status::Disabled => "disabled",
            Status::NeedsAttestation => "needs-attestation",
            Status::Inherited => "inherited",
        }
    }
}

/// A finding as the report shows it; its texts are sanitised ([`shown`]).
pub struct Item<'r> {
    pub finding: &'r Finding,
    pub meta: &'static RuleMeta,
    pub path: Cow<'r, str>,
    pub line: usize,
    pub column: usize,
    pub message: Cow<'r, str>,
    pub reason: Option<Cow<'r, str>>,
}

pub struct Row<'r> {
    pub clause: &'static Clause,
    pub status: Status,
    pub rules: Vec<&'static RuleMeta>,
    pub findings: Vec<Item<'r>>,
    /// Findings against the clause (`findings` shows at most [`MAX_PER_RULE_AND_FILE`] per rule
    /// and file).
    pub total: usize,
    /// Declared scopes this clause matters for.
    pub scopes: Vec<&'static str>,
}

pub struct Section<'r> {
    pub provider: &'static Provider,
    pub rows: Vec<Row<'r>>,
}

impl Section<'_> {
    pub fn count(&self, status: Status) -> usize {
        self.rows.iter().filter(|r| r.status == status).count()
    }
}

pub struct Matrix<'r> {
    pub sections: Vec<Section<'r>>,
    pub suppressed: Vec<Item<'r>>,
    pub scopes: Vec<&'static str>,
    pub as_of: String,
    pub commit: Option<String>,
    pub root: String,
    pub files_checked: usize,
    pub findings: usize,
    pub by_severity: [usize; 3],
}

fn scope_name(s: Scope) -> &'static str {
    match s {
        Scope::Pci => "pci",
        Scope::Hipaa => "hipaa",
        Scope::Soc2 => "soc2",
    }
}

pub fn scope_label(s: &str) -> &'static str {
    match s {
        "pci" => "PCI DSS",
        "hipaa" => "HIPAA",
        "soc2" => "SOC 2",
        _ => "",
    }
}

/// The commit checked out in `root`'s repository, read from `.git` without running git. Every
/// read is bounded, a ref must be a plain `refs/...` name (no `..`, not absolute), and only an
/// object id (40 or 64 hex digits) is returned, so no other file's text can reach the report.
pub fn commit(root: &Path) -> Option<String> {
    use crate::document::read::{MAX_GIT_SMALL, MAX_PACKED_REFS, read_text_bounded};
    let object_id = |s: &str| {
        let s = s.trim();
        (matches!(s.len(), 40 | 64) && s.bytes().all(|b| b.is_ascii_hexdigit())).then(|| s.to_string())
    };
    let start = std::fs::canonicalize(root).ok()?;
    let (git, common) = git_dirs(&start)?;
    let head = read_text_bounded(&git.join("HEAD"), MAX_GIT_SMALL).ok()?;
    let head = head.trim();
    let Some(reference) = head.strip_prefix("ref: ") else { return object_id(head) };
    let reference = reference.trim();
    let plain = Path::new(reference).components().all(|c| matches!(c, std::path::Component::Normal(_)));
    if !reference.starts_with("refs/") || !plain {
        return None;
    }
    for dir in [&git, &common] {
        if let Ok(id) = read_text_bounded(&dir.join(reference), MAX_GIT_SMALL) {
            return object_id(&id);
        }
    }
    let packed = read_text_bounded(&common.join("packed-refs"), MAX_PACKED_REFS).ok()?;
    packed.lines().find_map(|l| l.strip_suffix(reference).and_then(&object_id))
}

/// The git directory of the repository holding `start`, and the directory its refs live in: the
/// same for a plain checkout; for a linked worktree (`.git` is a file `gitdir: ...`) the
/// worktree's own directory and the main repository's (`commondir`).
fn git_dirs(start: &Path) -> Option<(std::path::PathBuf, std::path::PathBuf)> {
    use crate::document::read::{MAX_GIT_SMALL, read_text_bounded};
    for dir in start.ancestors() {
        let dot_git = dir.join(".git");
        if dot_git.is_dir() {
            return Some((dot_git.clone(), dot_git));
        }
        if dot_git.is_file() {
            let text = read_text_bounded(&dot_git, MAX_GIT_SMALL).ok()?;
            let git = dir.join(text.trim().strip_prefix("gitdir:")?.trim());
            let common = match read_text_bounded(&git.join("commondir"), MAX_GIT_SMALL) {
                Ok(c) => git.join(c.trim()),
                Err(_) => git.clone(),
            };
            return Some((git, common));
        }
    }
    None
}

fn item<'r>(report: &'r RunResult, f: &'r Finding) -> Item<'r> {
    let file = &report.files[f.file];
    let lc = file.source.line_col(f.span.start);
    Item {
        finding: f,
        meta: diagnostic::meta(f.code).expect("rule metadata"),
        path: shown(&file.path),
        line: lc.line,
        column: lc.column,
        message: shown(&f.message),
        reason: f.suppressed.as_deref().map(shown),
    }
}

/// The items of `findings`, at most [`MAX_PER_RULE_AND_FILE`] per rule and file, the next one
/// standing for the rest (as in the lint output).
fn items<'r>(report: &'r RunResult, findings: impl Iterator<Item = &'r Finding>) -> Vec<Item<'r>> {
    let findings: Vec<&'r Finding> = findings.collect();
    let mut total: HashMap<(usize, &str), usize> = HashMap::new();
    for f in &findings {
        *total.entry((f.file, f.code)).or_default() += 1;
    }
    let mut seen: HashMap<(usize, &str), usize> = HashMap::new();
    let mut out = Vec::new();
    for f in findings {
        let n = seen.entry((f.file, f.code)).or_default();
        *n += 1;
        if *n <= MAX_PER_RULE_AND_FILE {
            out.push(item(report, f));
        } else if *n == MAX_PER_RULE_AND_FILE + 1 {
            let more = total[&(f.file, f.code)] - MAX_PER_RULE_AND_FILE;
            let mut i = item(report, f);
            i.message = Cow::Owned(format!("… and {more} more {} finding(s) in this file", f.code));
            out.push(i);
        }
    }
    out
}

/// At most the first 12 characters of a commit id, sanitised.
pub fn short_commit(c: &str) -> String {
    shown(&c.chars().take(12).collect::<String>()).into_owned()
}

pub fn build<'r>(report: &'r RunResult, settings: &Settings, paths: &[PathBuf]) -> Matrix<'r> {
    let declared: Vec<&'static str> = settings.scopes.iter().map(|s| scope_name(*s)).collect();
    let kinds: Vec<&str> = report.files.iter().map(|f| f.kind.info().name).collect();
    let mut sections = Vec::new();
    for &provider_id in &report.platforms {
        let Some(provider) = clauses::provider(provider_id) else { continue };
        let mut rows = Vec::new();
        for clause in clauses::catalogue().clauses.iter().filter(|c| c.provider == provider_id) {
            let rules: Vec<&'static RuleMeta> =
                diagnostic::all().iter().filter(|m| m.clauses.contains(&clause.id)).collect();
            let findings: Vec<Item<'r>> =
                items(report, report.active().filter(|f| f.clause == Some(clause.id.as_str())));
            let total = report.active().filter(|f| f.clause == Some(clause.id.as_str())).count();
            let enabled = rules.iter().any(|m| settings.enabled(&m.code, None));
            let readable =
                rules.iter().any(|m| m.files.is_empty() || m.files.iter().any(|k| kinds.contains(&k.as_str())));
            let status = if clause.owner == "provider" {
                Status::Inherited
            } else if !findings.is_empty() {
                Status::Violated
            } else if clause.visibility == "attestation" || rules.is_empty() {
                Status::NeedsAttestation
            } else if !enabled {
                Status::Disabled
            } else if !readable {
                Status::NotApplicable
            } else {
                Status::Checked
            };
            let scopes =
                clause.scopes.iter().filter_map(|s| declared.iter().find(|d| **d == s.as_str()).copied()).collect();
            rows.push(Row { clause, status, rules, findings, total, scopes });
        }
        rows.sort_by_key(|r| r.status);
        sections.push(Section { provider, rows });
    }
    let root = paths.first().map_or(".".to_string(), |p| p.display().to_string());
    let active: Vec<&Finding> = report.active().collect();
    let sev = |s: Severity| active.iter().filter(|f| f.severity == Some(s)).count();
    Matrix {
        sections,
        suppressed: items(report, report.findings.iter().filter(|f| f.suppressed.is_some())),
        scopes: declared,
        as_of: report.as_of.to_string(),
        commit: commit(Path::new(&root)).map(|c| shown(&c).into_owned()),
        root: shown(&root).into_owned(),
        files_checked: report.files.iter().filter(|f| !f.context).count(),
        findings: active.len(),
        by_severity: [sev(Severity::Error), sev(Severity::Warning), sev(Severity::Note)],
    }
}

pub fn render(report: &RunResult, settings: &Settings, paths: &[PathBuf], format: ReportFormat) -> String {
    let m = build(report, settings, paths);
    match format {
        ReportFormat::Markdown => markdown::render(&m),
        ReportFormat::Html => html::render(&m),
        ReportFormat::Json => json(&m),
    }
}

fn json(m: &Matrix<'_>) -> String {
    let item = |i: &Item<'_>| {
        let mut v = json!({
            "rule": i.meta.code, "name": i.meta.name, "path": i.path, "line": i.line, "column": i.column,
            "severity": i.finding.severity.map_or("error", |s| s.as_str()), "message": i.message,
        });
        if let Some(reason) = &i.reason {
            v["reason"] = json!(reason);
        }
        v
    };
    let sections: Vec<_> = m
        .sections
        .iter()
        .map(|s| {
            json!({
                "id": s.provider.id,
                "name": s.provider.name,
                "model_url": s.provider.model_url,
                "clauses": s.rows.iter().map(|r| json!({
                    "id": r.clause.id,
                    "title": r.clause.title,
                    "owner": r.clause.owner,
                    "summary": r.clause.summary,
                    "source": r.clause.source,
                    "scopes": r.scopes,
                    "status": r.status.key(),
                    "rules": r.rules.iter().map(|m| m.code.as_str()).collect::<Vec<_>>(),
                    "evidence": (r.status == Status::NeedsAttestation).then(|| r.clause.evidence.clone().unwrap_or_else(|| "no srm-lint rule checks this clause yet: provide evidence that it is met".into())),
                    "findings": r.findings.iter().map(item).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let doc = json!({
        "version": SCHEMA_VERSION,
        "tool": {"name": "srm-lint", "version": env!("CARGO_PKG_VERSION")},
        "root": m.root,
        "commit": m.commit,
        "as_of": m.as_of,
        "scopes": m.scopes,
        "files_checked": m.files_checked,
        "findings": {"total": m.findings, "error": m.by_severity[0], "warning": m.by_severity[1], "note": m.by_severity[2]},
        "platforms": sections,
        "suppressed": m.suppressed.iter().map(item).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&doc).expect("serialises") + "\n"
}
