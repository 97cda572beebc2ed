//! `srm-lint report`: the shared-responsibility matrix of a repository, built from a normal run.
//! One model ([`Matrix`]), three renderers (Markdown, HTML, JSON).

mod html;
mod markdown;

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::json;

use crate::config::Settings;
use crate::data::clauses::{self, Clause, Provider, Standard};
use crate::data::{Plan, Scope};
use crate::diagnostic::{self, Finding, RuleMeta, Severity};
use crate::diagnostic::{RunResult, TableUsed};
use crate::document::ParsedFile;
use crate::output::render::{Accepted, MAX_PER_RULE_AND_FILE, shown};
use crate::output::url_path;

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
    /// The provider's duty, but outside the boundary of its certification for a declared scope
    /// (the region is not covered): the customer cannot rely on it.
    NotInherited,
    /// Its only findings were accepted (suppressed inline or by the baseline).
    AcceptedRisk,
    /// The repository half is checked with no findings; the console half needs evidence.
    RepositoryHalf,
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
    pub const ALL: [Status; 9] = [
        Status::Violated,
        Status::NotInherited,
        Status::AcceptedRisk,
        Status::RepositoryHalf,
        Status::Checked,
        Status::NotApplicable,
        Status::Disabled,
        Status::NeedsAttestation,
        Status::Inherited,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Status::Violated => "violated",
            Status::NotInherited => "not inherited (outside the provider's certification)",
            Status::AcceptedRisk => "accepted risk",
            Status::RepositoryHalf => "repository half checked, console evidence needed",
            Status::Checked => "checked, no findings",
            Status::NotApplicable => "not applicable",
            Status::Disabled => "not evaluated (disabled in config)",
            Status::NeedsAttestation => "needs attestation",
            Status::Inherited => "inherited from the provider",
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            Status::Violated => "violated",
            Status::NotInherited => "not-inherited",
            Status::AcceptedRisk => "accepted-risk",
            Status::RepositoryHalf => "repository-half",
            Status::Checked => "checked",
            Status::NotApplicable => "not-applicable",
            Status::Disabled => "disabled",
            Status::NeedsAttestation => "needs-attestation",
            Status::Inherited => "inherited",
        }
    }
    /// What the status means, as the "Method and limits" section defines it.
    pub fn definition(self) -> &'static str {
        match self {
            Status::Violated => {
                "at least one finding of the clause's rules is open (not suppressed, not in the baseline)"
            }
            Status::NotInherited => {
                "the provider's duty, but the repository shows the project in a region its certification \
                 does not cover for a declared scope (pci, soc2, hipaa): for that scope the control is \
                 not inherited and has to be met or evidenced another way"
            }
            Status::AcceptedRisk => {
                "the clause's rules found something, and every such finding was accepted by an inline \
                 suppression or the baseline; the reasons are listed"
            }
            Status::RepositoryHalf => {
                "the clause's rules ran on the files named and found nothing, but part of the duty lives \
                 in the provider's console or in operations (user roles, SSH keys, API-key permissions, \
                 restore tests): the evidence line says what covers that part"
            }
            Status::Checked => {
                "the rules named ran on the files named (count and kinds) and found nothing; this says \
                 nothing about what those rules do not look at"
            }
            Status::NotApplicable => "no file of the kinds the clause's rules read was found, so nothing was evaluated",
            Status::Disabled => {
                "every rule of the clause is turned off by the configuration (select, ignore or \
                 severity = \"off\"), so nothing was evaluated"
            }
            Status::NeedsAttestation => {
                "the duty cannot be seen in a repository, or no rule checks it yet: only the evidence \
                 named can show it is met"
            }
            Status::Inherited => {
                "the provider's duty under its model (for the configured plan); covered by the \
                 provider's own attestation, not by this report"
            }
        }
    }
}

/// What srm-lint looks at, for the "Method and limits" section.
pub const METHOD_CHECKS: &[&str] = &[
    "The deployment configuration committed under the scanned paths: Platform.sh/Upsun, Adobe Commerce \
     cloud, Astronomer, CloudFormation/SAM and generic files (.env, Dockerfiles, requirements, \
     composer files), parsed and checked by the rules named in each clause's row.",
    "Each finding is mapped to the provider's shared-responsibility clause it falls under; clause \
     owners follow the provider's published model and the configured plan.",
    "Version and end-of-life verdicts use the dated tables listed under Scope, as of the as-of date.",
    "Secrets are found by token formats, keywords and entropy in the files read; they are masked in \
     every output.",
];

/// What srm-lint cannot see, for the "Method and limits" section.
pub const METHOD_LIMITS: &[&str] = &[
    "Anything outside the repository: provider consoles and APIs (users, roles, SSH keys, API-key \
     permissions, 2FA), the running environments, variables set in the console, backups taken and \
     restores tested, logs and monitoring.",
    "Files it does not classify as configuration, files skipped (listed under Scope with the reason), \
     and configuration generated at build or deploy time.",
    "Whether a control operated over the audit period: the report describes one commit on one day. \
     Evidence over the period has to come from the sources each evidence line names.",
    "The provider's own controls: inherited clauses rest on the provider's attestation (its PCI AOC or \
     SOC 2 report), which this report does not replace.",
    "A rule finds only the patterns it was written for: \"checked, no findings\" means those rules found \
     nothing in those files, not that the duty is met.",
];

/// Clauses with a duty on both sides of the repository: what the console half needs as evidence.
const CONSOLE_SIDE: &[(&str, &str)] = &[
    (
        "platformsh.access-control",
        "the project's users with their role per environment type and the SSH keys on their accounts, \
         exported from the console or API at the start and end of the audit period, and the access \
         reviews done in between",
    ),
    (
        "platformsh.backups",
        "the backup history over the audit period (date and environment of each backup) and the \
         record of at least one restore test with its result",
    ),
    (
        "commerce.access",
        "Cloud Console project users and their roles, Commerce Admin users and roles, and the access \
         reviews over the audit period",
    ),
    (
        "astronomer.access",
        "workspace and deployment users with their roles, and every API key or token with its \
         permissions and expiry, exported from Astro, with the access reviews over the audit period",
    ),
    (
        "aws.iam",
        "the account's IAM credential report (users, access keys and their last use, MFA) and role \
         trust policies over the audit period, from the AWS account itself",
    ),
];

/// The evidence for an inherited clause: the provider's own attestation over the audit period, for
/// the scopes declared.
fn inherited_evidence(declared: &[&'static str]) -> &'static str {
    match (declared.contains(&"pci"), declared.contains(&"soc2")) {
        (true, true) => {
            "the provider's PCI DSS Attestation of Compliance and SOC 2 Type 2 report covering the audit \
             period, their responsibility matrix, and confirmation that the project's region and plan are \
             inside their boundary"
        }
        (true, false) => {
            "the provider's PCI DSS Attestation of Compliance covering the audit period, its \
             responsibility matrix, and confirmation that the project's region and plan are inside its \
             boundary"
        }
        (false, true) => {
            "the provider's SOC 2 Type 2 report covering the audit period, and confirmation that the \
             project's region and plan are inside its boundary"
        }
        (false, false) => {
            "the provider's current attestation (for example its SOC 2 Type 2 report or PCI DSS \
             Attestation of Compliance) covering the audit period"
        }
    }
}

/// The evidence for a provider control the customer cannot inherit in its region.
const NOT_INHERITED_EVIDENCE: &str = "how the control is met for the declared scope outside the provider's \
     certified boundary (a compensating control accepted by the assessor), or evidence that the project \
     moved to a covered region during the audit period";

/// The evidence line for the console half of a clause, when it has one.
pub fn console_evidence(clause: &str) -> Option<&'static str> {
    CONSOLE_SIDE.iter().find(|(id, _)| *id == clause).map(|(_, e)| *e)
}

/// The owner of a clause under the configured plan, and why when the plan changed it.
fn owner_for(clause: &'static Clause, plan: Option<Plan>) -> (&'static str, Option<&'static str>) {
    match (clause.id.as_str(), plan) {
        ("platformsh.backups", Some(Plan::Dedicated)) => (
            "provider",
            Some(
                "plan = \"dedicated\" in the config: on Dedicated plans the provider backs up application \
                 code and databases (see \"Backups of infrastructure and management systems\")",
            ),
        ),
        ("platformsh.backups", None) => (
            clause.owner.as_str(),
            Some(
                "no [platformsh] plan in the config: the Professional (grid) plan is assumed, where backups are the customer's",
            ),
        ),
        ("platformsh.infrastructure-backups", Some(Plan::Dedicated)) => {
            (clause.owner.as_str(), Some("plan = \"dedicated\": this includes the application code and databases"))
        }
        _ => (clause.owner.as_str(), None),
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
    /// Who accepted it, when, until when and why, when it is accepted.
    pub accepted: Option<Accepted<'r>>,
    /// An acceptance that lapsed (the finding counts again).
    pub expired: Option<Accepted<'r>>,
}

/// "baseline; by: alice; on: 2026-11-01": how a finding was accepted and what the acceptance
/// records of who and when.
pub fn accepted_how(a: &Accepted<'_>) -> String {
    let [via, by, on, _, _] = acceptance_cells(a);
    format!("{via}; by: {by}; on: {on}")
}

/// The accepted-risk table's cells, unescaped: via, by, on, until, reason ("not recorded" for
/// what the acceptance does not record).
pub fn acceptance_cells<'a>(a: &'a Accepted<'_>) -> [Cow<'a, str>; 5] {
    [
        Cow::Borrowed(a.via()),
        Cow::Borrowed(a.by.as_deref().unwrap_or("not recorded")),
        a.on.map_or(Cow::Borrowed("not recorded"), |d| Cow::Owned(d.to_string())),
        Cow::Owned(accepted_until(a)),
        Cow::Borrowed(&a.reason),
    ]
}

/// The `until` of an acceptance, as the report shows it.
pub fn accepted_until(a: &Accepted<'_>) -> String {
    a.until.map_or("no expiry".to_string(), |d| d.to_string())
}

pub struct Row<'r> {
    pub clause: &'static Clause,
    /// The owner under the configured plan (the catalogue's owner unless the plan changes it).
    pub owner: &'static str,
    /// Why the owner or the duty depends on the plan, when it does.
    pub plan_note: Option<&'static str>,
    pub status: Status,
    pub rules: Vec<&'static RuleMeta>,
    /// Rules of the clause turned off by the configuration.
    pub disabled: Vec<&'static RuleMeta>,
    /// What the status rests on: the files and rules behind "checked", the reason for "not
    /// applicable", ...
    pub basis: String,
    /// Evidence for the part of the duty the repository cannot show.
    pub evidence: Option<&'static str>,
    pub findings: Vec<Item<'r>>,
    /// Findings against the clause (`findings` shows at most [`MAX_PER_RULE_AND_FILE`] per rule
    /// and file).
    pub total: usize,
    /// Accepted findings against the clause (suppressed or baselined).
    pub accepted: Vec<Item<'r>>,
    pub accepted_total: usize,
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

/// A file the run checked, and its kind.
pub struct FileRow<'r> {
    pub path: Cow<'r, str>,
    pub kind: &'static str,
}

/// Whether the working tree differs from the git index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Worktree {
    /// A scanned file changed after the git index was last written.
    Modified,
    /// No scanned file is newer than the git index (staged but uncommitted changes are not seen).
    NoChangeSeen,
    /// No git index was found, or a time could not be read.
    Unknown,
}

impl Worktree {
    pub fn label(self) -> &'static str {
        match self {
            Worktree::Modified => "modified: a scanned file changed after the git index was written",
            Worktree::NoChangeSeen => {
                "no change seen: no scanned file is newer than the git index (staged changes are not detected)"
            }
            Worktree::Unknown => "unknown (no git index found)",
        }
    }
    pub fn dirty(self) -> Option<bool> {
        match self {
            Worktree::Modified => Some(true),
            Worktree::NoChangeSeen => Some(false),
            Worktree::Unknown => None,
        }
    }
}

pub struct Matrix<'r> {
    pub sections: Vec<Section<'r>>,
    /// The frameworks whose references the report shows (see [`shown_frameworks`]).
    pub frameworks: Vec<&'static Standard>,
    pub suppressed: Vec<Item<'r>>,
    /// Open findings whose acceptance lapsed (`until` passed).
    pub expired: Vec<Item<'r>>,
    pub scopes: Vec<&'static str>,
    pub as_of: String,
    /// When the run started, UTC (`YYYY-MM-DDTHH:MM:SSZ`).
    pub run_at: String,
    pub commit: Option<String>,
    pub worktree: Worktree,
    pub root: String,
    pub files_checked: usize,
    pub files: Vec<FileRow<'r>>,
    /// (kind, count), by kind name.
    pub kinds: Vec<(&'static str, usize)>,
    /// Files passed over: (path, why).
    pub skipped: Vec<(Cow<'r, str>, Cow<'r, str>)>,
    /// Files that could not be read: (path, why).
    pub unreadable: Vec<(Cow<'r, str>, Cow<'r, str>)>,
    pub config: Option<String>,
    /// The settings the config changes from the defaults, one line each.
    pub overrides: Vec<String>,
    pub plan: Option<&'static str>,
    pub tables: &'r [TableUsed],
    pub baseline: Option<String>,
    pub findings: usize,
    pub by_severity: [usize; 3],
}

/// What the framework references are, for the "Frameworks" part of the method.
pub const FRAMEWORKS_NOTE: &str = "Each clause lists the PCI DSS requirements and SOC 2 trust-services criteria \
     it bears on. The mapping is srm-lint's own judgement of where the clause's duty touches a \
     requirement, made from the standards named here: it is not an attestation, does not say a \
     requirement is met, and is not the provider's own mapping. For an inherited clause the \
     requirement is met, if at all, by the provider under its own attestation. A clause without a \
     sound match lists none.";

/// The frameworks shown: those among the declared scopes, or every one when no scope is declared
/// (HIPAA has no framework table, so `scopes = ["hipaa"]` shows none).
pub fn shown_frameworks(declared: &[&str]) -> Vec<&'static Standard> {
    clauses::frameworks()
        .standards
        .iter()
        .filter(|s| declared.is_empty() || declared.contains(&s.id.as_str()))
        .collect()
}

/// Why these frameworks are shown, in one sentence.
pub fn frameworks_selection(m: &Matrix<'_>) -> String {
    let shown: Vec<&str> = m.frameworks.iter().map(|s| s.label.as_str()).collect();
    if m.scopes.is_empty() {
        format!("No compliance scope is declared, so every framework is shown ({}).", shown.join(", "))
    } else if shown.is_empty() {
        "The declared scopes include no framework srm-lint maps clauses to (PCI DSS, SOC 2), so none is shown."
            .to_string()
    } else {
        format!("Only the frameworks among the declared scopes are shown ({}).", shown.join(", "))
    }
}

/// The JSON key of a standard in a clause's `frameworks` object.
fn framework_key(s: &Standard) -> &str {
    match s.id.as_str() {
        "pci" => "pci_dss",
        id => id,
    }
}

/// A clause's `frameworks` object: one key per shown framework, its numbers (possibly none).
fn frameworks_json(clause: &Clause, shown: &[&Standard]) -> serde_json::Value {
    let map: serde_json::Map<String, serde_json::Value> =
        shown.iter().map(|s| (framework_key(s).to_string(), json!(clause.references(&s.id)))).collect();
    serde_json::Value::Object(map)
}

/// The method's `frameworks` object: the note, why these are shown, and each standard's table.
fn frameworks_method_json(m: &Matrix<'_>) -> serde_json::Value {
    let fw = clauses::frameworks();
    json!({
        "note": FRAMEWORKS_NOTE,
        "selection": frameworks_selection(m),
        "checked": fw.checked,
        "standards": m.frameworks.iter().map(|s| json!({
            "id": framework_key(s),
            "name": s.name,
            "version": s.version,
            "publisher": s.publisher,
            "source": s.source,
            "library": s.library,
            "document_read": s.read,
            "how_checked": s.note,
            "requirements": fw.requirements.iter().filter(|r| r.standard == s.id)
                .map(|r| json!({"id": r.id, "title": r.title, "section": r.section})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
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
        accepted: f.suppressed.as_ref().map(Accepted::of),
        expired: f.expired.as_ref().map(Accepted::of),
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

/// Where a file and line can be opened: the commit's blob on GitHub when running in Actions
/// (`GITHUB_SERVER_URL`, `GITHUB_REPOSITORY`, `GITHUB_SHA`), else the path relative to the report,
/// with `#L<line>`. Every part is percent-encoded, so the result is safe in Markdown and HTML.
pub fn location_url(path: &str, line: usize) -> String {
    let base = ["GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"]
        .map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
    match base {
        [Some(server), Some(repo), Some(sha)] => format!(
            "{}/{}/blob/{}/{}#L{line}",
            url_path(&server).replacen("%3A", ":", 1),
            url_path(&repo),
            url_path(&sha),
            url_path(path)
        ),
        _ => format!("{}#L{line}", url_path(path)),
    }
}

/// At most the first 12 characters of a commit id, sanitised.
pub fn short_commit(c: &str) -> String {
    shown(&c.chars().take(12).collect::<String>()).into_owned()
}

/// `path` relative to the working directory when it is under it (so the report names no
/// machine-local prefix), else as it is.
fn relative(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

/// `time` as UTC, `YYYY-MM-DDTHH:MM:SSZ`.
pub fn utc(time: std::time::SystemTime) -> String {
    let secs = time.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let day = crate::date::Date::parse("1970-01-01").expect("epoch").add_days((secs / 86_400) as i64);
    let s = secs % 86_400;
    format!("{day}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
}

/// Compares the scanned files' modification times with the git index's. Only metadata is read.
fn worktree(root: &Path, files: &[&Path]) -> Worktree {
    let Some((git, _)) = std::fs::canonicalize(root).ok().and_then(|r| git_dirs(&r)) else { return Worktree::Unknown };
    let Ok(index) = std::fs::metadata(git.join("index")).and_then(|m| m.modified()) else { return Worktree::Unknown };
    let newer = files.iter().any(|f| std::fs::metadata(f).and_then(|m| m.modified()).is_ok_and(|t| t > index));
    if newer { Worktree::Modified } else { Worktree::NoChangeSeen }
}

/// The settings that differ from the defaults, one line each, sanitised.
fn overrides(settings: &Settings) -> Vec<String> {
    let mut o = Vec::new();
    let list = |v: &[String]| v.join(", ");
    if !settings.select.is_empty() {
        o.push(format!("select = {}", list(&settings.select)));
    }
    if !settings.ignore.is_empty() {
        o.push(format!("ignore = {}", list(&settings.ignore)));
    }
    if !settings.exclude.is_empty() {
        o.push(format!("exclude = {}", list(&settings.exclude)));
    }
    for (glob, codes) in &settings.per_file_ignores {
        o.push(format!("per-file-ignores: {} = {}", glob.glob().glob(), list(codes)));
    }
    for (code, sev) in &settings.severity {
        o.push(format!("severity: {code} = {}", sev.map_or("off", |s| s.as_str())));
    }
    if let Some(d) = settings.as_of {
        o.push(format!("as-of = {d}"));
    }
    if settings.max_file_size != crate::config::DEFAULT_MAX_FILE_SIZE {
        o.push(format!("max-file-size = {}", settings.max_file_size));
    }
    for (t, path) in &settings.tables {
        o.push(format!("{} = {}", t.setting(), path.display()));
    }
    o.into_iter().map(|l| shown(&l).into_owned()).collect()
}

fn plan_name(p: Plan) -> &'static str {
    match p {
        Plan::Professional => "professional",
        Plan::Dedicated => "dedicated",
    }
}

/// "3 files (platformsh-app ×1, platformsh-routes ×2)".
fn describe_files(kinds: &[&'static str]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for k in kinds {
        match counts.iter_mut().find(|c| c.0 == *k) {
            Some(c) => c.1 += 1,
            None => counts.push((k, 1)),
        }
    }
    counts.sort();
    let list: Vec<String> = counts.iter().map(|(k, n)| format!("{k} ×{n}")).collect();
    format!("{} file{} ({})", kinds.len(), if kinds.len() == 1 { "" } else { "s" }, list.join(", "))
}

fn codes(rules: &[&RuleMeta]) -> String {
    rules.iter().map(|m| m.code.as_str()).collect::<Vec<_>>().join(", ")
}

pub fn build<'r>(report: &'r RunResult, settings: &Settings, paths: &[PathBuf]) -> Matrix<'r> {
    let declared: Vec<&'static str> = settings.scopes.iter().map(|s| scope_name(*s)).collect();
    let checked: Vec<&ParsedFile> = report.files.iter().filter(|f| !f.context).collect();
    let mut sections = Vec::new();
    for &provider_id in &report.platforms {
        let Some(provider) = clauses::provider(provider_id) else { continue };
        let mut rows = Vec::new();
        // Regions outside the provider's certification for a declared scope, as the report says them.
        let outside: Vec<String> = report
            .outside_certification
            .iter()
            .filter(|o| o.provider == provider_id)
            .map(|o| {
                let file = &report.files[o.file];
                let at = file.source.line_col(o.span.start);
                let scopes: Vec<&str> = o.scopes.iter().map(|s| scope_label(scope_name(*s))).collect();
                format!(
                    "region `{}` ({}:{}) is outside the provider's certification for {}",
                    shown(&o.region),
                    shown(&file.path),
                    at.line,
                    scopes.join(" and "),
                )
            })
            .collect();
        for clause in clauses::catalogue().clauses.iter().filter(|c| c.provider == provider_id) {
            let id = Some(clause.id.as_str());
            let all_rules: Vec<&'static RuleMeta> =
                diagnostic::all().iter().filter(|m| m.clauses.contains(&clause.id)).collect();
            let (rules, disabled): (Vec<_>, Vec<_>) =
                all_rules.iter().copied().partition(|m| settings.enabled(&m.code, None));
            let findings: Vec<Item<'r>> = items(report, report.active().filter(|f| f.clause == id));
            let total = report.active().filter(|f| f.clause == id).count();
            let accepted_all = || report.findings.iter().filter(|f| f.suppressed.is_some() && f.clause == id);
            let accepted = items(report, accepted_all());
            let accepted_total = accepted_all().count();
            // The files the enabled rules read: the kinds a rule names, else any file of the provider;
            // for a rule with a subject, only the files where it found one.
            let reads = |m: &RuleMeta, f: &ParsedFile| {
                let k = f.kind.info();
                let kind =
                    if m.files.is_empty() { k.provider == provider_id } else { m.files.iter().any(|n| n == k.name) };
                kind && (m.subject.is_none()
                    || report.evaluated.get(m.code.as_str()).is_some_and(|e| e.contains(&f.id)))
            };
            let read: Vec<&'static str> =
                checked.iter().filter(|f| rules.iter().any(|m| reads(m, f))).map(|f| f.kind.info().name).collect();
            // Rules that had files of their kinds but found nothing there to check.
            let idle: Vec<String> = rules
                .iter()
                .filter(|m| {
                    let kinds = |f: &&&ParsedFile| m.files.iter().any(|n| n == f.kind.info().name);
                    m.subject.is_some() && checked.iter().any(|f| kinds(&f)) && !checked.iter().any(|f| reads(m, f))
                })
                .map(|m| format!("{} found no {} to check", m.code, m.subject.as_deref().unwrap_or_default()))
                .collect();
            let wanted: Vec<&str> = {
                let mut w: Vec<&str> = rules.iter().flat_map(|m| m.files.iter().map(String::as_str)).collect();
                w.sort();
                w.dedup();
                w
            };
            let (owner, plan_note) = owner_for(clause, settings.platformsh_plan);
            let console = console_evidence(&clause.id);
            let mut evidence = None;
            let (status, mut basis) = if owner == "provider" {
                let mut b = "the provider's duty; rests on the provider's own attestation".to_string();
                if total + accepted_total > 0 {
                    b.push_str(&format!(
                        "; {} finding(s) of its rules are shown for information",
                        total + accepted_total
                    ));
                }
                if outside.is_empty() {
                    evidence = Some(inherited_evidence(&declared));
                    (Status::Inherited, b)
                } else {
                    evidence = Some(NOT_INHERITED_EVIDENCE);
                    (Status::NotInherited, format!("{}: not inherited for that scope", outside.join("; ")))
                }
            } else if total > 0 {
                evidence = console;
                (Status::Violated, format!("{total} open finding(s), listed under Findings"))
            } else if accepted_total > 0 {
                evidence = console;
                (
                    Status::AcceptedRisk,
                    format!("{accepted_total} finding(s), all accepted (suppressed or baselined); see the reasons"),
                )
            } else if clause.visibility == "attestation" || all_rules.is_empty() {
                evidence = Some(
                    clause
                        .evidence
                        .as_deref()
                        .unwrap_or("no srm-lint rule checks this clause yet: show that it is met"),
                );
                let why = if clause.visibility == "attestation" {
                    "the duty cannot be seen in a repository"
                } else {
                    "no srm-lint rule checks this clause yet"
                };
                (Status::NeedsAttestation, why.to_string())
            } else if rules.is_empty() {
                (Status::Disabled, format!("rules {} are turned off in the configuration", codes(&disabled)))
            } else if read.is_empty() {
                let kinds = if wanted.is_empty() { format!("{} config", provider.name) } else { wanted.join(", ") };
                if idle.is_empty() {
                    (Status::NotApplicable, format!("no file of the kinds its rules read ({kinds}) was found"))
                } else {
                    (Status::NotApplicable, format!("nothing to check: {} in the {kinds} files read", idle.join(", ")))
                }
            } else {
                let mut b = format!("{} read by rules {}, no findings", describe_files(&read), codes(&rules));
                if !idle.is_empty() {
                    b.push_str(&format!("; {}", idle.join(", ")));
                }
                match console {
                    Some(e) => {
                        evidence = Some(e);
                        (Status::RepositoryHalf, b)
                    }
                    None => (Status::Checked, b),
                }
            };
            if !disabled.is_empty() && status != Status::Disabled {
                basis.push_str(&format!("; not evaluated (disabled in config): {}", codes(&disabled)));
            }
            let scopes =
                clause.scopes.iter().filter_map(|s| declared.iter().find(|d| **d == s.as_str()).copied()).collect();
            rows.push(Row {
                clause,
                owner,
                plan_note,
                status,
                rules: all_rules,
                disabled,
                basis,
                evidence,
                findings,
                total,
                accepted,
                accepted_total,
                scopes,
            });
        }
        rows.sort_by_key(|r| r.status);
        sections.push(Section { provider, rows });
    }
    let root = paths.first().map_or(".".to_string(), |p| p.display().to_string());
    let active: Vec<&Finding> = report.active().collect();
    let sev = |s: Severity| active.iter().filter(|f| f.severity == Some(s)).count();
    let files: Vec<FileRow<'r>> =
        checked.iter().map(|f| FileRow { path: shown(&f.path), kind: f.kind.info().name }).collect();
    let mut kinds: Vec<(&'static str, usize)> = Vec::new();
    for f in &files {
        match kinds.iter_mut().find(|k| k.0 == f.kind) {
            Some(k) => k.1 += 1,
            None => kinds.push((f.kind, 1)),
        }
    }
    kinds.sort();
    let disk: Vec<&Path> = checked.iter().map(|f| Path::new(f.path.as_str())).collect();
    Matrix {
        sections,
        frameworks: shown_frameworks(&declared),
        suppressed: items(report, report.findings.iter().filter(|f| f.suppressed.is_some())),
        expired: items(report, report.active().filter(|f| f.expired.is_some())),
        scopes: declared,
        as_of: report.as_of.to_string(),
        run_at: utc(report.started),
        commit: commit(Path::new(&root)).map(|c| shown(&c).into_owned()),
        worktree: worktree(Path::new(&root), &disk),
        root: shown(&root).into_owned(),
        files_checked: files.len(),
        files,
        kinds,
        skipped: report.skipped.iter().map(|(p, w)| (shown(p), shown(w))).collect(),
        unreadable: report.errors.iter().map(|e| (shown(&e.path), shown(&e.message))).collect(),
        config: settings.path.as_ref().map(|p| shown(&relative(p).display().to_string()).into_owned()),
        overrides: overrides(settings),
        plan: settings.platformsh_plan.map(plan_name),
        tables: &report.tables,
        baseline: report.baseline.as_ref().map(|b| shown(b).into_owned()),
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
        let acceptance = |a: &Accepted<'_>| json!({"via": a.via(), "reason": a.reason, "by": a.by, "on": a.on.map(|d| d.to_string()), "until": a.until.map(|d| d.to_string())});
        if let Some(a) = &i.accepted {
            v["reason"] = json!(a.reason);
            v["accepted_by"] = json!(a.via());
            v["acceptance"] = acceptance(a);
        }
        if let Some(a) = &i.expired {
            v["expired_acceptance"] = acceptance(a);
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
                    "owner": r.owner,
                    "plan_note": r.plan_note,
                    "summary": r.clause.summary,
                    "source": r.clause.source,
                    "scopes": r.scopes,
                    "frameworks": frameworks_json(r.clause, &m.frameworks),
                    "status": r.status.key(),
                    "basis": r.basis,
                    "rules": r.rules.iter().map(|m| m.code.as_str()).collect::<Vec<_>>(),
                    "disabled_rules": r.disabled.iter().map(|m| m.code.as_str()).collect::<Vec<_>>(),
                    "evidence": r.evidence,
                    "findings": r.findings.iter().map(item).collect::<Vec<_>>(),
                    "accepted": {"total": r.accepted_total, "findings": r.accepted.iter().map(item).collect::<Vec<_>>()},
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let doc = json!({
        "version": SCHEMA_VERSION,
        "tool": {"name": "srm-lint", "version": env!("CARGO_PKG_VERSION")},
        "root": m.root,
        "commit": m.commit,
        "worktree": {"dirty": m.worktree.dirty(), "detail": m.worktree.label()},
        "as_of": m.as_of,
        "run_at": m.run_at,
        "scopes": m.scopes,
        "files_checked": m.files_checked,
        "findings": {"total": m.findings, "error": m.by_severity[0], "warning": m.by_severity[1], "note": m.by_severity[2]},
        "method": {
            "checks": METHOD_CHECKS,
            "limits": METHOD_LIMITS,
            "statuses": Status::ALL.iter().map(|s| json!({"status": s.key(), "label": s.label(), "meaning": s.definition()})).collect::<Vec<_>>(),
            "frameworks": frameworks_method_json(m),
        },
        "scope": {
            "files": m.files.iter().map(|f| json!({"path": f.path, "kind": f.kind})).collect::<Vec<_>>(),
            "kinds": m.kinds.iter().map(|(k, n)| json!({"kind": k, "files": n})).collect::<Vec<_>>(),
            "skipped": m.skipped.iter().map(|(p, w)| json!({"path": p, "reason": w})).collect::<Vec<_>>(),
            "unreadable": m.unreadable.iter().map(|(p, w)| json!({"path": p, "reason": w})).collect::<Vec<_>>(),
            "config": m.config,
            "overrides": m.overrides,
            "platformsh_plan": m.plan,
            "scopes": m.scopes,
            "tables": m.tables.iter().map(|t| json!({"table": t.setting, "source": shown(&t.source), "embedded": t.embedded, "checked": t.checked})).collect::<Vec<_>>(),
            "baseline": m.baseline,
        },
        "platforms": sections,
        "suppressed": m.suppressed.iter().map(item).collect::<Vec<_>>(),
        "expired_acceptances": m.expired.iter().map(item).collect::<Vec<_>>(),
        "sign_off": {"preparer": {"name": null, "date": null}, "reviewer": {"name": null, "date": null}},
    });
    serde_json::to_string_pretty(&doc).expect("serialises") + "\n"
}
