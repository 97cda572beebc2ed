//! The rule registry. A rule is one file under `src/rules/<platform>/` that defines
//! `pub const CHECK: Check`, plus its docs and metadata in `lints/rules/<platform>/<CODE>.md`.
//! `build.rs` collects both, so adding a rule edits nothing else.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::config::Settings;
use crate::date::Date;
use crate::engine::ParsedFile;
use crate::model::platformsh::Model as PlatformModel;
use crate::source::Span;

include!(concat!(env!("OUT_DIR"), "/registry.rs"));

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
    pub code: String,
    pub name: String,
    pub platform: String,
    pub severity: Severity,
    /// Clause ids, at most one per provider: a finding reports the one of the provider whose file it is in.
    pub clauses: Vec<String>,
    /// One line: what the rule finds.
    pub summary: String,
    /// One line: how to fix it.
    pub fix: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// File kinds the rule reads (names from `FileKind::info`), when it needs specific ones: the
    /// report calls its clause "not applicable" when none is present. Empty: any file of the platform.
    #[serde(default)]
    pub files: Vec<String>,
    /// The Markdown body of the docs file.
    #[serde(skip)]
    pub docs: String,
    /// Where the docs live, relative to the repository root.
    #[serde(skip)]
    pub docs_path: String,
}

impl RuleMeta {
    /// The clause for a finding in a file of `provider`.
    pub fn clause_for(&self, provider: &str) -> &str {
        let prefix = format!("{provider}.");
        self.clauses.iter().find(|c| c.starts_with(&prefix)).unwrap_or(&self.clauses[0])
    }
}

/// A rule's code: how it reads the parsed files.
pub struct Check {
    pub code: &'static str,
    pub run: fn(&Context<'_>, &mut Emitter),
}

/// What rules see: every parsed file, the typed platform models, the settings and the as-of date.
pub struct Context<'a> {
    pub files: &'a [ParsedFile],
    pub platformsh: &'a PlatformModel<'a>,
    pub platformsh_lifecycle: &'a crate::lifecycle::Table,
    /// Adobe Commerce views beyond the shared file format (versions, `.magento.env.yaml`, ...).
    pub commerce: &'a crate::model::commerce::Model<'a>,
    pub commerce_releases: &'a crate::lifecycle::CommerceReleases,
    pub commerce_enforcement: &'a crate::lifecycle::Enforcement,
    pub astronomer: &'a crate::model::astronomer::Model<'a>,
    pub aws: &'a crate::model::aws::Model<'a>,
    /// Every secret the secrets engine found (see `src/secrets.rs`), in file order.
    pub secrets: &'a [crate::secrets::Hit],
    pub settings: &'a Settings,
    pub as_of: Date,
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
    /// Set when an inline suppression or the baseline accepted the finding: the reason.
    pub suppressed: Option<String>,
}

/// Collects one rule's findings.
pub struct Emitter {
    pub code: &'static str,
    pub findings: Vec<Finding>,
}

impl Emitter {
    pub fn new(code: &'static str) -> Emitter {
        Emitter { code, findings: Vec::new() }
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

/// The rules that have code (as opposed to the engine's own SRM rules).
pub fn checks() -> &'static [&'static Check] {
    CHECKS
}

/// Splits a docs file into its `+++` TOML front matter and Markdown body.
pub fn parse_doc(path: &str, text: &str) -> Result<RuleMeta, String> {
    let rest = text.strip_prefix("+++\n").ok_or("docs must start with a +++ front matter")?;
    let end = rest.find("\n+++\n").ok_or("unterminated +++ front matter")?;
    let mut meta: RuleMeta = toml::from_str(&rest[..end]).map_err(|e| e.to_string())?;
    meta.docs = rest[end + 5..].trim().to_string();
    meta.docs_path = path.to_string();
    Ok(meta)
}
