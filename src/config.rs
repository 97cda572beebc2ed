//! `srm-lint.toml`: found from the scanned root upward, or given with `--config`. Unknown keys and
//! bad values are errors that point into the file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher};
use serde::Deserialize;
use toml::Spanned;

use crate::data::{Plan, Scope, Table};
use crate::date::Date;
use crate::diagnostic::{self, Severity};
use crate::document::read;
use crate::source::{Span, bounded, excerpt};

pub const FILE_NAMES: &[&str] = &["srm-lint.toml", ".srm-lint.toml"];
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;
/// The largest `max-file-size` accepted: 1 GiB.
pub const MAX_FILE_SIZE_LIMIT: u64 = 1 << 30;

/// The resolved settings every stage reads.
#[derive(Debug)]
pub struct Settings {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub exclude: Vec<String>,
    pub per_file_ignores: Vec<(GlobMatcher, Vec<String>)>,
    /// Per-code severity; `None` turns the rule off.
    pub severity: BTreeMap<String, Option<Severity>>,
    pub as_of: Option<Date>,
    pub scopes: Vec<Scope>,
    pub fail_on: Option<Severity>,
    pub max_file_size: u64,
    /// Node budget and nesting depth of one YAML file.
    pub yaml_limits: crate::syntax::yaml::Limits,
    pub platformsh_plan: Option<Plan>,
    /// Newer copies of the dated tables under `lints/` (`platformsh.lifecycle`, ...).
    pub tables: BTreeMap<Table, PathBuf>,
    /// The config file this came from.
    pub path: Option<PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            select: Vec::new(),
            ignore: Vec::new(),
            exclude: Vec::new(),
            per_file_ignores: Vec::new(),
            severity: BTreeMap::new(),
            as_of: None,
            scopes: Vec::new(),
            fail_on: None,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            yaml_limits: crate::syntax::yaml::Limits::default(),
            platformsh_plan: None,
            tables: BTreeMap::new(),
            path: None,
        }
    }
}

impl Settings {
    /// Whether a rule is enabled for a file (select/ignore, severity off, per-file ignores).
    pub fn enabled(&self, code: &str, rel: Option<&str>) -> bool {
        let hit = |list: &[String]| list.iter().any(|p| p == "ALL" || code.starts_with(p.as_str()));
        if !self.select.is_empty() && !hit(&self.select) {
            return false;
        }
        if hit(&self.ignore) || matches!(self.severity.get(code), Some(None)) {
            return false;
        }
        match rel {
            Some(rel) => !self.per_file_ignores.iter().any(|(glob, codes)| {
                glob.is_match(rel) && codes.iter().any(|c| c == "ALL" || code.starts_with(c.as_str()))
            }),
            None => true,
        }
    }
}

/// A config error, with the file text so it can be drawn.
#[derive(Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    pub text: String,
    pub span: Option<Span>,
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Raw {
    #[serde(default)]
    select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    per_file_ignores: BTreeMap<String, Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    severity: BTreeMap<String, Spanned<String>>,
    as_of: Option<Spanned<String>>,
    #[serde(default)]
    scopes: Vec<Spanned<String>>,
    fail_on: Option<Spanned<String>>,
    max_file_size: Option<Spanned<u64>>,
    max_yaml_nodes: Option<Spanned<u64>>,
    max_depth: Option<Spanned<u64>>,
    parse_timeout_ms: Option<Spanned<u64>>,
    platformsh: Option<RawPlatformsh>,
    commerce: Option<RawCommerce>,
    astronomer: Option<RawAstronomer>,
    aws: Option<RawAws>,
    secrets: Option<RawSecrets>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawAstronomer {
    runtime: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawAws {
    lambda_runtimes: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSecrets {
    tokens: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawCommerce {
    releases: Option<Spanned<String>>,
    enforcement: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawPlatformsh {
    plan: Option<Spanned<String>>,
    lifecycle: Option<Spanned<String>>,
}

/// The first `srm-lint.toml` from `start` upward. Whatever has the name is returned, a link or a
/// FIFO too: [`load_discovered`] then refuses it with an error rather than skip it silently.
pub fn find(start: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).ok()?;
    let mut dir = if start.is_dir() { Some(start.as_path()) } else { start.parent() };
    while let Some(d) = dir {
        for name in FILE_NAMES {
            let p = d.join(name);
            if p.symlink_metadata().is_ok_and(|m| !m.is_dir()) {
                return Some(p);
            }
        }
        dir = d.parent();
    }
    None
}

fn read_error(path: &Path, message: String) -> ConfigError {
    ConfigError { path: path.to_path_buf(), text: String::new(), span: None, message }
}

/// A config file named with `--config`: the user chose it, so it may be anywhere (an absolute
/// path, a link), but it is read like any other file: a regular file of at most 1 MiB, never a
/// FIFO or a device, and errors quote only a short, masked excerpt of one line.
pub fn load(path: &Path) -> Result<Settings, ConfigError> {
    let text = read::read_text_bounded(path, read::MAX_CONFIG)
        .map_err(|e| read_error(path, format!("cannot read the config file: {e}")))?;
    parse(path, &text)
}

/// A config file found in the repository ([`find`]): as [`load`], and it must not be a link that
/// leads out of its repository (the folder with `.git` above it, else its own folder), since the
/// repository may be a stranger's pull request.
pub fn load_discovered(path: &Path) -> Result<Settings, ConfigError> {
    let inside = path.parent().and_then(read::repository).is_some_and(|root| read::resolves_inside(path, &root));
    if !inside {
        return Err(read_error(
            path,
            "the config file is a symbolic link to outside the repository (or to nothing); not read".into(),
        ));
    }
    load(path)
}

/// A table path from the config: relative, without `..`, and (once links are resolved) inside
/// the repository holding the config file.
fn table_path(config: &Path, file: &str) -> Result<PathBuf, String> {
    let rel = Path::new(file);
    let plain = rel.components().all(|c| matches!(c, std::path::Component::Normal(_) | std::path::Component::CurDir));
    if file.is_empty() || !plain {
        return Err(
            "a table path must be relative to the config file and stay in the repository (no `..`, not absolute)"
                .into(),
        );
    }
    let base = match config.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let path = base.join(rel);
    if path.symlink_metadata().is_ok() {
        let root = read::repository(base).ok_or("cannot resolve the repository of the config file")?;
        if !read::resolves_inside(&path, &root) {
            return Err("the table path leads out of the repository (a symbolic link); not read".into());
        }
    }
    Ok(path)
}

/// serde's "unknown field `selec`, expected one of `select`, ..." with "; did you mean `select`?"
/// added when one of the expected keys is close.
fn did_you_mean_key(message: &str) -> String {
    let Some(rest) = message.strip_prefix("unknown field `") else { return message.to_string() };
    let Some((key, expected)) = rest.split_once('`') else { return message.to_string() };
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    match diagnostic::closest(key, candidates) {
        Some(c) => format!("{message}; did you mean `{c}`?"),
        None => message.to_string(),
    }
}

pub fn parse(path: &Path, text: &str) -> Result<Settings, ConfigError> {
    // An error quotes one line of the file, cut around the span, and a message of bounded length
    // (serde quotes the offending value), both with random-looking tokens masked.
    let err = |span: Option<Span>, message: String| {
        let (text, span) = match span {
            Some(s) => {
                let (t, s) = excerpt(text, s, 80);
                (t, Some(s))
            }
            None => (String::new(), None),
        };
        ConfigError { path: path.to_path_buf(), text, span, message: bounded(&message, 300) }
    };
    let at = |r: std::ops::Range<usize>| Some(Span::new(r.start, r.end));
    let raw: Raw = toml::from_str(text).map_err(|e| err(e.span().and_then(at), did_you_mean_key(e.message())))?;
    let mut s = Settings { path: Some(path.to_path_buf()), ..Settings::default() };

    let codes = |list: &[Spanned<String>]| -> Result<Vec<String>, ConfigError> {
        list.iter()
            .map(|c| {
                let code = diagnostic::normalise_code(c.get_ref());
                if code == "ALL"
                    || diagnostic::all().iter().any(|m| m.code.starts_with(code.as_str()) && !code.is_empty())
                {
                    Ok(code)
                } else {
                    Err(err(
                        at(c.span()),
                        format!(
                            "`{}` is not a rule code or code prefix (see `srm-lint rules`){}",
                            c.get_ref(),
                            diagnostic::did_you_mean_code(c.get_ref())
                        ),
                    ))
                }
            })
            .collect()
    };
    s.select = codes(&raw.select)?;
    s.ignore = codes(&raw.ignore)?;
    for g in &raw.exclude {
        Glob::new(g.get_ref()).map_err(|e| err(at(g.span()), format!("invalid glob: {e}")))?;
        s.exclude.push(g.get_ref().clone());
    }
    for (glob, list) in &raw.per_file_ignores {
        let matcher =
            Glob::new(glob).map_err(|e| err(at(list.span()), format!("invalid glob `{glob}`: {e}")))?.compile_matcher();
        s.per_file_ignores.push((matcher, codes(list.get_ref())?));
    }
    for (code, sev) in &raw.severity {
        let code = &diagnostic::normalise_code(code);
        if diagnostic::meta(code).is_none() {
            return Err(err(
                at(sev.span()),
                format!("`{code}` is not a rule code{}", diagnostic::did_you_mean_code(code)),
            ));
        }
        let value = match sev.get_ref().as_str() {
            "off" => None,
            other => Some(Severity::parse(other).ok_or_else(|| {
                err(at(sev.span()), format!("severity must be one of note, warning, error, off; got `{other}`"))
            })?),
        };
        s.severity.insert(code.clone(), value);
    }
    if let Some(d) = &raw.as_of {
        s.as_of = Some(Date::parse(d.get_ref()).map_err(|m| err(at(d.span()), m))?);
    }
    for sc in &raw.scopes {
        s.scopes.push(match sc.get_ref().as_str() {
            "pci" => Scope::Pci,
            "hipaa" => Scope::Hipaa,
            "soc2" => Scope::Soc2,
            other => return Err(err(at(sc.span()), format!("unknown scope `{other}`: expected pci, hipaa or soc2"))),
        });
    }
    if let Some(f) = &raw.fail_on {
        s.fail_on = Some(
            Severity::parse(f.get_ref())
                .ok_or_else(|| err(at(f.span()), "fail-on must be one of note, warning, error".to_string()))?,
        );
    }
    if let Some(m) = &raw.max_file_size {
        if !(1..=MAX_FILE_SIZE_LIMIT).contains(m.get_ref()) {
            return Err(err(
                at(m.span()),
                format!("max-file-size must be between 1 and {MAX_FILE_SIZE_LIMIT} bytes (1 GiB)"),
            ));
        }
        s.max_file_size = *m.get_ref();
    }
    if let Some(n) = &raw.max_yaml_nodes {
        if *n.get_ref() < 1000 {
            return Err(err(at(n.span()), "max-yaml-nodes must be at least 1000".into()));
        }
        s.yaml_limits.max_nodes = *n.get_ref() as usize;
    }
    if let Some(d) = &raw.max_depth {
        if !(8..=10_000).contains(d.get_ref()) {
            return Err(err(at(d.span()), "max-depth must be between 8 and 10000".into()));
        }
        s.yaml_limits.max_depth = *d.get_ref() as usize;
    }
    if let Some(t) = &raw.parse_timeout_ms {
        if *t.get_ref() < 10 {
            return Err(err(at(t.span()), "parse-timeout-ms must be at least 10".into()));
        }
        s.yaml_limits.timeout = std::time::Duration::from_millis(*t.get_ref());
    }
    if let Some(plan) = raw.platformsh.as_ref().and_then(|p| p.plan.as_ref()) {
        s.platformsh_plan = Some(match plan.get_ref().to_ascii_lowercase().as_str() {
            "professional" | "grid" | "upsun" => Plan::Professional,
            "dedicated" | "enterprise" | "elite" | "dg2" | "dg3" => Plan::Dedicated,
            other => {
                return Err(err(
                    at(plan.span()),
                    format!("unknown plan `{other}`: expected professional, upsun, enterprise, elite or dedicated"),
                ));
            }
        });
    }
    let tables = [
        (Table::PlatformshLifecycle, raw.platformsh.as_ref().and_then(|p| p.lifecycle.as_ref())),
        (Table::CommerceReleases, raw.commerce.as_ref().and_then(|c| c.releases.as_ref())),
        (Table::CommerceEnforcement, raw.commerce.as_ref().and_then(|c| c.enforcement.as_ref())),
        (Table::AstronomerRuntime, raw.astronomer.as_ref().and_then(|a| a.runtime.as_ref())),
        (Table::LambdaRuntimes, raw.aws.as_ref().and_then(|a| a.lambda_runtimes.as_ref())),
        (Table::Tokens, raw.secrets.as_ref().and_then(|s| s.tokens.as_ref())),
    ];
    for (table, file) in tables {
        if let Some(file) = file {
            let resolved = table_path(path, file.get_ref()).map_err(|m| err(at(file.span()), m))?;
            s.tables.insert(table, resolved);
        }
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<Settings, ConfigError> {
        parse(Path::new("srm-lint.toml"), text)
    }

    #[test]
    fn valid_config() {
        let s = p("select = [\"PSH\"]\nignore = [\"PSH014\"]\nas-of = \"2026-01-01\"\nscopes = [\"pci\"]\n\
                   [severity]\nPSH004 = \"warning\"\n[per-file-ignores]\n\"legacy/**\" = [\"PSH001\"]\n\
                   [platformsh]\nplan = \"professional\"\n")
        .unwrap();
        assert!(s.enabled("PSH004", Some("a")));
        assert!(!s.enabled("PSH014", Some("a")));
        assert!(!s.enabled("SRM001", Some("a")));
        assert!(!s.enabled("PSH001", Some("legacy/.platform.app.yaml")));
        assert_eq!(s.platformsh_plan, Some(Plan::Professional));
    }

    #[test]
    fn errors_point_into_the_file() {
        let text = "select = [\"PSH\", \"NOPE1\"]\n";
        let e = p(text).unwrap_err();
        let span = e.span.unwrap();
        assert_eq!(&text[span.start..span.end], "\"NOPE1\"");
        let e = p("colour = true\n").unwrap_err();
        assert!(e.message.contains("unknown field"), "{}", e.message);
        assert_eq!(e.span.map(|s| s.start), Some(0));
        let text = "as-of = \"2026-13-01\"\n";
        assert!(p(text).unwrap_err().message.contains("YYYY-MM-DD"));
        assert!(p("[severity]\nPSH004 = \"loud\"\n").is_err());
    }
}
