//! `srm-lint.toml`: the nearest one above each file (see [`Configs`]), or the one given with
//! `--config`; `extend` inherits from another. Unknown keys and bad values are errors that point
//! into the file.

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

pub const FILE_NAMES: &[&str] = crate::document::discover::CONFIG_NAMES;
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
    /// A suppression comment must give a reason (else SRM006).
    pub require_reason: bool,
    /// The config file this came from.
    pub path: Option<PathBuf>,
    /// Every config file read for these settings, the one `extend`ed first, `path` last.
    pub sources: Vec<PathBuf>,
    /// The top-level keys the config files set (`extend` merges by them).
    pub set: Vec<&'static str>,
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
            require_reason: false,
            path: None,
            sources: Vec::new(),
            set: Vec::new(),
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

impl Settings {
    /// Every resolved value, one `key = value` line each, in the config's own syntax.
    pub fn describe(&self) -> Vec<String> {
        let list = |v: &[String]| format!("[{}]", v.iter().map(|c| format!("{c:?}")).collect::<Vec<_>>().join(", "));
        let opt = |v: Option<String>| v.unwrap_or_else(|| "(unset)".into());
        let mut out = vec![
            format!("select = {}", list(&self.select)),
            format!("ignore = {}", list(&self.ignore)),
            format!("exclude = {}", list(&self.exclude)),
            format!("as-of = {}", opt(self.as_of.map(|d| format!("\"{d}\"")))),
            format!(
                "scopes = {}",
                list(&self.scopes.iter().map(|s| format!("{s:?}").to_lowercase()).collect::<Vec<_>>())
            ),
            format!("fail-on = {}", opt(self.fail_on.map(|s| format!("\"{}\"", s.as_str())))),
            format!("max-file-size = {}", self.max_file_size),
            format!("max-yaml-nodes = {}", self.yaml_limits.max_nodes),
            format!("max-depth = {}", self.yaml_limits.max_depth),
            format!("parse-timeout-ms = {}", self.yaml_limits.timeout.as_millis()),
            format!("require-reason = {}", self.require_reason),
            format!("platformsh.plan = {}", opt(self.platformsh_plan.map(|p| format!("\"{p:?}\"").to_lowercase()))),
        ];
        for (t, path) in &self.tables {
            out.push(format!("{} = {:?}", t.setting(), path.display().to_string()));
        }
        out.push("[severity]".into());
        for (code, sev) in &self.severity {
            out.push(format!("{code} = \"{}\"", sev.map_or("off", |s| s.as_str())));
        }
        out.push("[per-file-ignores]".into());
        for (glob, codes) in &self.per_file_ignores {
            out.push(format!("{:?} = {}", glob.glob().glob(), list(codes)));
        }
        out
    }
}

/// The commented `srm-lint.toml` that `srm-lint init` writes for a repository using `platforms`
/// (`platformsh`, `commerce`, `astronomer`, `aws`, `generic`, as a run names them).
pub fn template(platforms: &[&str]) -> String {
    let known = [
        ("platformsh", "Platform.sh / Upsun", "PSH"),
        ("commerce", "Adobe Commerce on cloud", "ACC"),
        ("astronomer", "Astronomer", "AST"),
        ("aws", "AWS CloudFormation", "AWS"),
        ("generic", "secrets in any config file", "SEC"),
    ];
    let found: Vec<_> = known.iter().filter(|(id, _, _)| platforms.contains(id)).collect();
    let names: Vec<&str> = found.iter().map(|(_, name, _)| *name).collect();
    let mut prefixes: Vec<String> = found.iter().map(|(_, _, p)| format!("{p:?}")).collect();
    prefixes.extend(["\"SEC\"".to_string(), "\"SRM\"".to_string()]);
    prefixes.dedup();
    let mut out = format!(
        "# srm-lint configuration (written by `srm-lint init`). Every key is optional; a file follows\n\
         # the nearest srm-lint.toml above it, and `extend = \"../srm-lint.toml\"` inherits from another.\n\
         #\n\
         # Found here: {}.\n\n\
         # Rules to run (codes or prefixes; default: all) and rules to skip.\n\
         # select = [{}]\n\
         # ignore = []\n\n\
         # Paths to skip (globs, relative to the scanned folder).\n\
         # exclude = [\"vendor/**\"]\n\n\
         # Compliance scopes that apply to this repository: pci, hipaa, soc2.\n\
         # scopes = [\"pci\"]\n\n\
         # The lowest severity that makes the exit code 1: note, warning or error.\n\
         # fail-on = \"warning\"\n\n\
         # Every `srm-lint: ignore[...]` comment must say why (else SRM006).\n\
         # require-reason = true\n\n\
         # Severity per rule: note, warning, error, or off.\n\
         [severity]\n\n\
         # Rules to skip in some files (JSON files have no comments to suppress them inline).\n\
         [per-file-ignores]\n",
        if names.is_empty() { "no file of a known kind yet".to_string() } else { names.join(", ") },
        prefixes.join(", ")
    );
    if platforms.contains(&"platformsh") || platforms.contains(&"commerce") {
        out.push_str(
            "\n[platformsh]\n\
             # The plan decides who owns some duties (backups are the provider's on Dedicated).\n\
             # plan = \"professional\"          # professional | upsun | enterprise | elite | dedicated\n",
        );
    }
    out
}

/// What the command line sets over every config file: as in ruff, `--select` replaces a config's
/// selection, `--extend-select` adds to it (an empty selection already means every rule), and
/// `--ignore` adds to its ignores.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub select: Vec<String>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
}

impl Overrides {
    pub fn apply(&self, s: &mut Settings) {
        if !self.select.is_empty() {
            s.select = self.select.clone();
        }
        if !s.select.is_empty() {
            s.select.extend(self.extend_select.iter().cloned());
        }
        s.ignore.extend(self.ignore.iter().cloned());
    }
}

/// The deepest folder holding every path (canonical), or `None` when one cannot be resolved.
pub fn common_dir(paths: &[PathBuf]) -> Option<PathBuf> {
    let mut common: Option<PathBuf> = None;
    for p in paths {
        let p = std::fs::canonicalize(p).ok()?;
        let dir = if p.is_dir() { p } else { p.parent()?.to_path_buf() };
        common = Some(match common {
            None => dir,
            Some(c) => c.ancestors().find(|a| dir.starts_with(a))?.to_path_buf(),
        });
    }
    common
}

/// The settings of each file of a run: the nearest config file above the file (up to the
/// repository root, never above), else the run's own settings (`root`), with the command line's
/// overrides on each. Run-wide keys (`as-of`, `scopes`, `fail-on`, `exclude`, `[platformsh] plan`
/// and the table paths) come from the run's own settings; the others apply per file.
pub struct Configs<'a> {
    pub root: &'a Settings,
    nested: Vec<Settings>,
    /// Per file id: 0 for `root`, else 1 + an index into `nested`.
    of_file: Vec<usize>,
}

impl<'a> Configs<'a> {
    /// Every file under `root`.
    pub fn single(root: &'a Settings) -> Self {
        Configs { root, nested: Vec::new(), of_file: Vec::new() }
    }
    pub fn get(&self, file: usize) -> &Settings {
        match self.of_file.get(file) {
            Some(&i) if i > 0 => &self.nested[i - 1],
            _ => self.root,
        }
    }
    /// Whether some file's settings may enable the rule.
    pub fn any_enabled(&self, code: &str) -> bool {
        self.root.enabled(code, None) || self.nested.iter().any(|s| s.enabled(code, None))
    }
    /// The config files read besides the run's own.
    pub fn nested(&self) -> impl Iterator<Item = &Settings> {
        self.nested.iter()
    }
}

/// The config file in `dir`, if any (a link too: loading it checks where it leads).
fn config_in(dir: &Path) -> Option<PathBuf> {
    FILE_NAMES.iter().map(|n| dir.join(n)).find(|p| p.symlink_metadata().is_ok_and(|m| !m.is_dir()))
}

/// Finds and loads the config governing each folder, with a cache per folder (see [`Configs`]).
pub struct Resolver {
    /// The repository root (canonical): no config above it is read.
    top: PathBuf,
    /// The run's own config file, as the walk would name it.
    root: Option<PathBuf>,
    /// The scanned paths, as given.
    roots: Vec<PathBuf>,
    /// Whether the walk follows links (then every folder's path is resolved).
    follow: bool,
    /// The config files the walk saw below the scanned roots: no folder there is probed.
    seen: Option<std::collections::HashSet<PathBuf>>,
    overrides: Overrides,
    /// Folder (as given, or canonical) → the nearest config file other than `root`.
    dirs: std::collections::HashMap<PathBuf, Option<PathBuf>>,
    /// Config file → 1 + its index in `nested`, or 0 when it failed to load.
    loaded: std::collections::HashMap<PathBuf, usize>,
    nested: Vec<Settings>,
    /// Config files that could not be loaded (their folders fall back to the run's settings).
    pub errors: Vec<ConfigError>,
}

impl Resolver {
    /// For the scanned `paths`, whose own settings came from `root_config`.
    pub fn new(paths: &[PathBuf], root_config: Option<&Path>, overrides: Overrides, follow: bool) -> Self {
        let common = common_dir(paths).unwrap_or_default();
        let top = read::repository(&common).unwrap_or(common);
        let root = root_config.and_then(|p| {
            let dir = std::fs::canonicalize(p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new(".")));
            Some(dir.ok()?.join(p.file_name()?))
        });
        Resolver {
            top,
            root,
            roots: paths.to_vec(),
            follow,
            seen: None,
            overrides,
            dirs: Default::default(),
            loaded: Default::default(),
            nested: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// Config files the walk of the roots saw (`discover::Walk::configs`): below the roots, only
    /// those are looked for.
    pub fn seen(mut self, configs: &[PathBuf]) -> Self {
        self.seen = Some(configs.iter().cloned().collect());
        self
    }

    /// The index of the settings for files in `dir`: 0 for the run's own, else one of the
    /// nearest config file (loaded once).
    pub fn index_for(&mut self, dir: &Path) -> usize {
        match self.config_for(dir) {
            None => 0,
            Some(path) => match self.loaded.get(&path) {
                Some(&i) => i,
                None => {
                    let i = match load_discovered(&path) {
                        Ok(mut s) => {
                            self.overrides.apply(&mut s);
                            self.nested.push(s);
                            self.nested.len()
                        }
                        Err(e) => {
                            self.errors.push(e);
                            0
                        }
                    };
                    self.loaded.insert(path, i);
                    i
                }
            },
        }
    }

    /// The settings of index `i` (from [`add_file`](Self::add_file)), `root` for 0.
    pub fn settings<'s>(&'s self, i: usize, root: &'s Settings) -> &'s Settings {
        if i == 0 { root } else { &self.nested[i - 1] }
    }

    /// The settings of a run whose file `id` has settings `of_file[id]` (from
    /// [`index_for`](Self::index_for)).
    pub fn finish(self, root: &Settings, of_file: Vec<usize>) -> Configs<'_> {
        Configs { root, nested: self.nested, of_file }
    }

    /// Folders below a scanned root, which the walk entered without following a link, are looked
    /// at as given up to the root (no path to resolve); from there the canonical path is walked
    /// up to `top`.
    fn config_for(&mut self, dir: &Path) -> Option<PathBuf> {
        let mut pending = Vec::new();
        let mut d = dir.to_path_buf();
        let found = loop {
            if let Some(c) = self.dirs.get(&d) {
                break c.clone();
            }
            if !self.below_root(&d) {
                let given = if d.as_os_str().is_empty() { Path::new(".") } else { d.as_path() };
                let found = match std::fs::canonicalize(given) {
                    Ok(c) if c.starts_with(&self.top) => self.walk(&c),
                    _ => None,
                };
                self.dirs.insert(d, found.clone());
                break found;
            }
            let here = match &self.seen {
                Some(seen) => FILE_NAMES.iter().map(|n| d.join(n)).find(|p| seen.contains(p)),
                None => config_in(&d),
            };
            if let Some(p) = here {
                pending.push(d);
                let canonical = p
                    .parent()
                    .and_then(|dir| std::fs::canonicalize(dir).ok())
                    .map(|dir| dir.join(p.file_name().unwrap_or_default()));
                break canonical.filter(|p| Some(p) != self.root.as_ref());
            }
            let parent = d.parent().map(Path::to_path_buf);
            pending.push(d);
            match parent {
                Some(p) => d = p,
                None => break None,
            }
        };
        for p in pending {
            self.dirs.insert(p, found.clone());
        }
        found
    }

    fn below_root(&self, dir: &Path) -> bool {
        !self.follow && self.roots.iter().any(|r| dir != r && dir.starts_with(r))
    }

    /// From a canonical folder up to `top`.
    fn walk(&mut self, start: &Path) -> Option<PathBuf> {
        let mut visited = Vec::new();
        let mut found = None;
        let mut dir = Some(start);
        while let Some(d) = dir {
            if let Some(c) = self.dirs.get(d) {
                found = c.clone();
                break;
            }
            visited.push(d.to_path_buf());
            if let Some(p) = config_in(d) {
                found = Some(p).filter(|p| Some(p) != self.root.as_ref());
                break;
            }
            if d == self.top {
                break;
            }
            dir = d.parent();
        }
        for v in visited {
            self.dirs.insert(v, found.clone());
        }
        found
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
    extend: Option<Spanned<String>>,
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
    require_reason: Option<bool>,
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
/// after the key when one of the expected keys is close.
fn did_you_mean_key(message: &str) -> String {
    let Some(rest) = message.strip_prefix("unknown field `") else { return message.to_string() };
    let Some((key, expected)) = rest.split_once('`') else { return message.to_string() };
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    match diagnostic::closest(key, candidates) {
        // Before the list of keys, which the bounded message may cut.
        Some(c) => format!("unknown field `{key}`; did you mean `{c}`?{expected}"),
        None => message.to_string(),
    }
}

/// How many config files one `extend` chain may hold.
pub const MAX_EXTEND: usize = 8;

/// An error at `span` of the config file `path` holding `text`. It quotes one line of the file,
/// cut around the span, and a message of bounded length (serde quotes the offending value), both
/// with random-looking tokens masked.
fn error_at(path: &Path, text: &str, span: Option<Span>, message: String) -> ConfigError {
    let (text, span) = match span {
        Some(s) => {
            let (t, s) = excerpt(text, s, 80);
            (t, Some(s))
        }
        None => (String::new(), None),
    };
    ConfigError { path: path.to_path_buf(), text, span, message: bounded(&message, 300) }
}

/// Parses a config file and the files it `extend`s (each key it sets replaces the base's; the
/// tables `[severity]`, `[per-file-ignores]`, `[platformsh]`, ... are merged key by key).
pub fn parse(path: &Path, text: &str) -> Result<Settings, ConfigError> {
    parse_chain(path, text, &mut Vec::new())
}

fn parse_chain(path: &Path, text: &str, seen: &mut Vec<PathBuf>) -> Result<Settings, ConfigError> {
    let (child, extend) = parse_one(path, text)?;
    let Some(extend) = extend else { return Ok(child) };
    let span = Some(Span::new(extend.span().start, extend.span().end));
    let err = |message: String| error_at(path, text, span, message);
    seen.push(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()));
    let base_path = extend_path(path, extend.get_ref()).map_err(err)?;
    if std::fs::canonicalize(&base_path).is_ok_and(|c| seen.contains(&c)) {
        return Err(err(format!(
            "`extend` makes a cycle: `{}` is already in this chain of config files",
            base_path.display()
        )));
    }
    if seen.len() >= MAX_EXTEND {
        return Err(err(format!("more than {MAX_EXTEND} config files in one `extend` chain")));
    }
    let base_text = read::read_text_bounded(&base_path, read::MAX_CONFIG)
        .map_err(|e| err(format!("cannot read `{}`: {e}", base_path.display())))?;
    let base = parse_chain(&base_path, &base_text, seen)?;
    Ok(merge(base, child))
}

/// The file an `extend` names: relative to the config file, and inside its repository (the folder
/// with `.git` above it, else its own folder) once links are resolved.
fn extend_path(config: &Path, file: &str) -> Result<PathBuf, String> {
    let base = match config.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let outside = || {
        format!(
            "`extend` must name a config file inside the repository (the folder with `.git` above, else this \
             file's folder), relative to this file; `{file}` is not"
        )
    };
    if Path::new(file).is_absolute() || file.is_empty() {
        return Err(outside());
    }
    // `a/../srm-lint.toml` is shown (and read) as `srm-lint.toml`.
    let mut path = PathBuf::new();
    for c in base.join(file).components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir if path.file_name().is_some() => {
                path.pop();
            }
            c => path.push(c),
        }
    }
    if path.as_os_str().is_empty() {
        path.push(".");
    }
    let root = read::repository(base).ok_or_else(outside)?;
    if !read::resolves_inside(&path, &root) {
        return Err(outside());
    }
    Ok(path)
}

/// `child` over `base`: the keys `child` sets replace the base's; tables merge key by key.
fn merge(mut base: Settings, child: Settings) -> Settings {
    let has = |k: &str| child.set.contains(&k);
    if has("select") {
        base.select = child.select;
    }
    if has("ignore") {
        base.ignore = child.ignore;
    }
    if has("exclude") {
        base.exclude = child.exclude;
    }
    if has("scopes") {
        base.scopes = child.scopes;
    }
    if has("max-file-size") {
        base.max_file_size = child.max_file_size;
    }
    if has("max-yaml-nodes") {
        base.yaml_limits.max_nodes = child.yaml_limits.max_nodes;
    }
    if has("max-depth") {
        base.yaml_limits.max_depth = child.yaml_limits.max_depth;
    }
    if has("parse-timeout-ms") {
        base.yaml_limits.timeout = child.yaml_limits.timeout;
    }
    if has("require-reason") {
        base.require_reason = child.require_reason;
    }
    base.per_file_ignores.extend(child.per_file_ignores);
    base.severity.extend(child.severity);
    base.tables.extend(child.tables);
    base.as_of = child.as_of.or(base.as_of);
    base.fail_on = child.fail_on.or(base.fail_on);
    base.platformsh_plan = child.platformsh_plan.or(base.platformsh_plan);
    base.path = child.path;
    base.sources.extend(child.sources);
    for k in child.set {
        if !base.set.contains(&k) {
            base.set.push(k);
        }
    }
    base
}

/// One config file, without following its `extend`, which is returned.
fn parse_one(path: &Path, text: &str) -> Result<(Settings, Option<Spanned<String>>), ConfigError> {
    let err = |span: Option<Span>, message: String| error_at(path, text, span, message);
    let at = |r: std::ops::Range<usize>| Some(Span::new(r.start, r.end));
    let raw: Raw = toml::from_str(text).map_err(|e| err(e.span().and_then(at), did_you_mean_key(e.message())))?;
    let mut s = Settings { path: Some(path.to_path_buf()), sources: vec![path.to_path_buf()], ..Settings::default() };
    let keys = [
        ("select", !raw.select.is_empty()),
        ("ignore", !raw.ignore.is_empty()),
        ("exclude", !raw.exclude.is_empty()),
        ("scopes", !raw.scopes.is_empty()),
        ("max-file-size", raw.max_file_size.is_some()),
        ("max-yaml-nodes", raw.max_yaml_nodes.is_some()),
        ("max-depth", raw.max_depth.is_some()),
        ("parse-timeout-ms", raw.parse_timeout_ms.is_some()),
        ("require-reason", raw.require_reason.is_some()),
    ];
    s.set = keys.iter().filter(|(_, set)| *set).map(|(k, _)| *k).collect();

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
    s.require_reason = raw.require_reason.unwrap_or(false);
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
    Ok((s, raw.extend))
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
