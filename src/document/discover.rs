//! Walking the tree and the one table that says which files are config files.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use globset::{Glob, GlobSet, GlobSetBuilder};

/// The syntax a file kind is parsed with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    Yaml,
    Json,
    Dotenv,
    Dockerfile,
    Requirements,
    /// Read, but only as text (e.g. `app/etc/env.php`).
    Text,
}

/// What a config file is. The table below maps paths to kinds; `describe` gives each kind's syntax
/// and the provider whose clauses apply to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKind {
    PlatformApp,
    PlatformApplications,
    PlatformRoutes,
    PlatformServices,
    PlatformLocalProject,
    /// The repository's `.git/config`, read as text for the Platform.sh/Upsun git remote (region).
    GitConfig,
    UpsunConfig,
    MagentoApp,
    MagentoRoutes,
    MagentoServices,
    MagentoEnv,
    ComposerJson,
    ComposerLock,
    AuthJson,
    MagentoEnvPhp,
    /// A `php.ini` (read as text); Commerce rules read the one beside a PHP `.magento.app.yaml`.
    PhpIni,
    Dockerfile,
    AirflowSettings,
    AstroConfig,
    AstroDeployment,
    Dotenv,
    Requirements,
    /// An Astro project's `docker-compose.override.yml` (local services), read by the secrets scanner.
    ComposeOverride,
    /// An Astro project's `packages.txt` (OS packages installed in the image), read as text.
    AptPackages,
    CloudFormation,
}

pub struct KindInfo {
    /// Stable name used in JSON output and the config file.
    pub name: &'static str,
    pub syntax: Syntax,
    /// The provider whose clauses findings in this file report (see `lints/clauses.toml`).
    pub provider: &'static str,
}

impl FileKind {
    pub fn info(self) -> KindInfo {
        use FileKind::*;
        use Syntax::{Json, Text, Yaml};
        let (name, syntax, provider) = match self {
            PlatformApp => ("platformsh-app", Yaml, "platformsh"),
            PlatformApplications => ("platformsh-applications", Yaml, "platformsh"),
            PlatformRoutes => ("platformsh-routes", Yaml, "platformsh"),
            PlatformServices => ("platformsh-services", Yaml, "platformsh"),
            PlatformLocalProject => ("platformsh-local-project", Yaml, "platformsh"),
            GitConfig => ("git-config", Text, "platformsh"),
            UpsunConfig => ("upsun-config", Yaml, "platformsh"),
            MagentoApp => ("magento-app", Yaml, "commerce"),
            MagentoRoutes => ("magento-routes", Yaml, "commerce"),
            MagentoServices => ("magento-services", Yaml, "commerce"),
            MagentoEnv => ("magento-env", Yaml, "commerce"),
            ComposerJson => ("composer-json", Json, "commerce"),
            ComposerLock => ("composer-lock", Json, "commerce"),
            AuthJson => ("auth-json", Json, "commerce"),
            MagentoEnvPhp => ("magento-env-php", Text, "commerce"),
            PhpIni => ("php-ini", Text, "commerce"),
            FileKind::Dockerfile => ("dockerfile", Syntax::Dockerfile, "astronomer"),
            AirflowSettings => ("airflow-settings", Yaml, "astronomer"),
            AstroConfig => ("astro-config", Yaml, "astronomer"),
            AstroDeployment => ("astro-deployment", Yaml, "astronomer"),
            FileKind::Dotenv => ("dotenv", Syntax::Dotenv, "generic"),
            FileKind::Requirements => ("requirements", Syntax::Requirements, "astronomer"),
            ComposeOverride => ("docker-compose-override", Yaml, "astronomer"),
            AptPackages => ("apt-packages", Text, "astronomer"),
            CloudFormation => ("cloudformation", Yaml, "aws"),
        };
        KindInfo { name, syntax, provider }
    }
}

/// Either a known kind, or "a YAML/JSON file that may be a CloudFormation template or an Astro
/// deployment file": those are recognised by their content (see [`sniff`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Kind(FileKind),
    Sniff,
}

/// The classification table: the first matching glob wins. Globs match the path relative to the
/// scanned root, `/`-separated.
const TABLE: &[(&str, Option<FileKind>)] = {
    use FileKind::*;
    &[
        ("**/.platform.app.{yaml,yml}", Some(PlatformApp)),
        ("**/.platform/applications.{yaml,yml}", Some(PlatformApplications)),
        ("**/.platform/routes.{yaml,yml}", Some(PlatformRoutes)),
        ("**/.platform/services.{yaml,yml}", Some(PlatformServices)),
        ("**/{.platform,.upsun}/local/project.{yaml,yml}", Some(PlatformLocalProject)),
        ("**/.upsun/*.{yaml,yml}", Some(UpsunConfig)),
        // Only the scanned root's: the walk never enters `.git` (see `walk`).
        ("**/.git/config", Some(GitConfig)),
        ("**/.magento.app.{yaml,yml}", Some(MagentoApp)),
        ("**/.magento/routes.{yaml,yml}", Some(MagentoRoutes)),
        ("**/.magento/services.{yaml,yml}", Some(MagentoServices)),
        ("**/.magento.env.{yaml,yml}", Some(MagentoEnv)),
        ("**/composer.json", Some(ComposerJson)),
        ("**/composer.lock", Some(ComposerLock)),
        ("**/auth.json", Some(AuthJson)),
        ("**/app/etc/env.php", Some(MagentoEnvPhp)),
        ("**/php.ini", Some(PhpIni)),
        ("**/{Dockerfile,Dockerfile.*,*.Dockerfile,*.dockerfile,Containerfile}", Some(Dockerfile)),
        ("**/airflow_settings.{yaml,yml}", Some(AirflowSettings)),
        ("**/.astro/config.{yaml,yml}", Some(AstroConfig)),
        ("**/{.env,.env.*}", Some(Dotenv)),
        // cookiecutter-django's per-environment dotenv files (`.envs/.local/.django`).
        ("**/.envs/**/.*", Some(Dotenv)),
        ("**/docker-compose.override.{yaml,yml}", Some(ComposeOverride)),
        ("**/packages.txt", Some(AptPackages)),
        ("**/{requirements*.txt,requirements/*.txt}", Some(Requirements)),
        // Content decides: CloudFormation/SAM templates and Astro deployment files.
        ("**/*.{yaml,yml,json,template}", None),
    ]
};

fn table() -> &'static GlobSet {
    static SET: OnceLock<GlobSet> = OnceLock::new();
    SET.get_or_init(|| {
        let mut b = GlobSetBuilder::new();
        for (glob, _) in TABLE {
            b.add(Glob::new(glob).expect("valid glob in the classification table"));
        }
        b.build().expect("classification table builds")
    })
}

/// A cheap test on the file name alone, before any path is built: `false` means no glob of the
/// table can match. It must stay a superset of the table (the unit test checks every entry).
pub fn may_classify(name: &str) -> bool {
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    matches!(ext, "yaml" | "yml" | "json" | "template" | "lock" | "php" | "ini" | "txt")
        || name.starts_with("Dockerfile")
        || name.starts_with("Containerfile")
        || name.starts_with('.')
        || name.ends_with("ockerfile")
        || name == "config"
}

/// Classifies a `/`-separated relative path; `None` means "not a config file, do not read it".
pub fn classify(rel: &str) -> Option<Class> {
    let first = table().matches(rel).into_iter().min()?;
    Some(match TABLE[first].1 {
        Some(kind) => Class::Kind(kind),
        None => Class::Sniff,
    })
}

/// Decides what a YAML/JSON file is from its text, cheaply (no parse): a few SIMD substring
/// searches over the first 64 KiB, and a line check only when `deployment` occurs at all. Most
/// YAML/JSON files in a repository are neither kind, so this runs on thousands of files per run.
pub fn sniff(text: &str) -> Option<FileKind> {
    use memchr::memmem::Finder;
    struct Needles([Finder<'static>; 5]);
    static NEEDLES: OnceLock<Needles> = OnceLock::new();
    let Needles([version, resources, aws, transform, deployment]) = NEEDLES.get_or_init(|| {
        Needles(["AWSTemplateFormatVersion", "Resources", "AWS::", "Transform", "deployment"].map(Finder::new))
    });
    let head = &text[..crate::source::floor_char_boundary(text, 64 * 1024)];
    let bytes = head.as_bytes();
    let has = |f: &Finder<'_>| f.find(bytes).is_some();
    if has(version) || (has(resources) && (has(aws) || has(transform))) {
        return Some(FileKind::CloudFormation);
    }
    if !has(deployment) {
        return None;
    }
    // Astro deployment files: a top-level `deployment:` (YAML, comments allowed after it) or a
    // JSON object with a `"deployment"` key, holding one of the sections the CLI reads.
    let yaml = head.lines().any(|l| {
        let l = l.split(" #").next().unwrap_or(l).trim_end();
        l == "deployment:" || l == "\"deployment\":" || l == "'deployment':"
    });
    // The CLI's JSON has `deployment` as its only (so first) key.
    let json = head.trim_start().strip_prefix('{').is_some_and(|r| r.trim_start().starts_with("\"deployment\""));
    let sections = ["configuration", "environment_variables", "worker_queues", "alert_emails"];
    if (yaml || json) && sections.iter().any(|s| head.contains(&format!("{s}:")) || head.contains(&format!("\"{s}\"")))
    {
        return Some(FileKind::AstroDeployment);
    }
    None
}

/// A file to read.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub path: PathBuf,
    /// Shown to users: relative to the scanned root, `/` separators.
    pub rel: String,
    pub class: Class,
    /// Named on the command line (always linted).
    pub explicit: bool,
    /// Read only as context for explicitly named files (a project's routes and services next to
    /// its app file); findings in it are not reported.
    pub context: bool,
}

pub struct WalkOptions {
    pub no_ignore: bool,
    pub follow: bool,
    pub exclude: GlobSet,
}

/// Something the walk could not do (unreadable directory, symlink loop, ...).
#[derive(Debug, Clone)]
pub struct WalkError {
    pub path: String,
    pub message: String,
}

/// Outcome of a walk: files to read, files skipped on purpose (with why), and errors.
#[derive(Default)]
pub struct Walk {
    pub files: Vec<Candidate>,
    pub skipped: Vec<(String, String)>,
    pub errors: Vec<WalkError>,
    /// The srm-lint config files seen on the way ([`CONFIG_NAMES`]), links included.
    pub configs: Vec<PathBuf>,
}

/// The names of srm-lint's own config file.
pub const CONFIG_NAMES: &[&str] = &["srm-lint.toml", ".srm-lint.toml"];

/// The path a walk error is about: the link of a loop, the file of a wrapped error.
fn error_path(err: &ignore::Error) -> Option<&Path> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::Loop { child, .. } => Some(child),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => error_path(err),
        ignore::Error::Partial(errs) => errs.iter().find_map(error_path),
        _ => None,
    }
}

/// `/`-separated form of `path` relative to `root`.
pub fn relative(path: &Path, root: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let s = rel.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

/// Adds the config files git tracks under `root` that the ignore rules hid from the walk: what is
/// committed is in the repository, and is checked.
fn add_tracked(root: &Path, opts: &WalkOptions, walk: &mut Walk) {
    let Some(repo) = super::read::repository(root) else { return };
    let Some(paths) = super::git_index::tracked(&repo) else { return };
    let Ok(root_abs) = std::fs::canonicalize(root) else { return };
    let Ok(inside) = root_abs.strip_prefix(&repo) else { return };
    let prefix = inside.to_string_lossy().replace('\\', "/");
    let walked: std::collections::HashSet<PathBuf> = walk.files.iter().map(|c| c.path.clone()).collect();
    for tracked in paths {
        let rel = if prefix.is_empty() {
            tracked.as_str()
        } else {
            match tracked.strip_prefix(prefix.as_str()).and_then(|r| r.strip_prefix('/')) {
                Some(r) => r,
                None => continue,
            }
        };
        let name = rel.rsplit('/').next().unwrap_or(rel);
        if !may_classify(name) || rel.split('/').any(|s| s == ".git") || opts.exclude.is_match(rel) {
            continue;
        }
        let path = root.join(rel);
        if walked.contains(&path) || !std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
            continue;
        }
        if let Some(class) = classify(rel) {
            walk.files.push(Candidate { path, rel: rel.to_string(), class, explicit: false, context: false });
        }
    }
}

pub fn walk(roots: &[PathBuf], opts: &WalkOptions) -> Walk {
    let out = Mutex::new(Walk::default());
    for root in roots {
        let meta = if opts.follow { std::fs::metadata(root) } else { std::fs::symlink_metadata(root) };
        // An explicitly named file is linted whatever the ignore files say; a named symlink is followed.
        let meta = match meta {
            Ok(m) if m.file_type().is_symlink() => std::fs::metadata(root),
            other => other,
        };
        match meta {
            Err(e) => {
                out.lock().unwrap().errors.push(WalkError { path: root.display().to_string(), message: e.to_string() })
            }
            Ok(m) if m.is_file() => {
                let rel = relative(root, Path::new("."));
                let mut o = out.lock().unwrap();
                match classify(&rel).or_else(|| classify(&format!("x/{rel}"))) {
                    Some(class) => {
                        o.files.push(Candidate { path: root.clone(), rel, class, explicit: true, context: false })
                    }
                    None => o.skipped.push((rel, "not a recognised config file".into())),
                }
            }
            Ok(m) if m.is_dir() => {
                walk_dir(root, root, opts, &out, None);
                if !opts.no_ignore {
                    add_tracked(root, opts, &mut out.lock().unwrap());
                }
                // The git remote can name the Platform.sh/Upsun region; `.git` is otherwise skipped.
                let config = root.join(".git/config");
                if std::fs::symlink_metadata(&config).is_ok_and(|m| m.is_file()) {
                    let rel = relative(&config, root);
                    let class = Class::Kind(FileKind::GitConfig);
                    out.lock().unwrap().files.push(Candidate {
                        path: config,
                        rel,
                        class,
                        explicit: false,
                        context: false,
                    });
                }
            }
            Ok(_) => out.lock().unwrap().skipped.push((root.display().to_string(), "not a regular file".into())),
        }
    }
    let mut walk = out.into_inner().unwrap();
    add_context(&mut walk, opts);
    // One candidate per file on disk (a file named twice, by the same or by different paths such as
    // `a/x` and `a/../a/x`, or named and also read as context), keeping the non-context one; files
    // of different roots with the same relative path are all kept.
    let mut keyed: Vec<(String, Candidate)> = walk
        .files
        .drain(..)
        .map(|c| {
            let key = std::fs::canonicalize(&c.path)
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or_else(|_| relative(&c.path, Path::new(".")));
            (key, c)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.context.cmp(&b.1.context)));
    keyed.dedup_by(|a, b| a.0 == b.0);
    walk.files = keyed.into_iter().map(|(_, c)| c).collect();
    walk.files.sort_by(|a, b| a.rel.cmp(&b.rel).then(a.path.cmp(&b.path)));
    walk.skipped.sort();
    walk.errors.sort_by(|a, b| a.path.cmp(&b.path));
    walk
}

/// Kinds whose rules need the rest of their project (an app file needs its routes and services).
fn needs_siblings(class: Class) -> bool {
    use FileKind::*;
    matches!(
        class,
        Class::Kind(
            PlatformApp
                | PlatformApplications
                | PlatformRoutes
                | PlatformServices
                | PlatformLocalProject
                | UpsunConfig
                | MagentoApp
                | MagentoRoutes
                | MagentoServices
                | MagentoEnv
                | ComposerJson
                | ComposerLock
                | PhpIni
                | Dockerfile
                | Requirements
                | AirflowSettings
                | AstroConfig
                | Dotenv
                | ComposeOverride
                | AptPackages
        )
    )
}

/// Files of an Astro project: named alone, they are read with their project folder.
fn astro_kind(class: Class) -> bool {
    use FileKind::*;
    matches!(
        class,
        Class::Kind(Dockerfile | Requirements | AirflowSettings | AstroConfig | Dotenv | ComposeOverride | AptPackages)
    )
}

/// The Astro project a file belongs to: the nearest folder, from the file's own up to the working
/// directory, with a `Dockerfile`, an `airflow_settings.yaml` or an `.astro/` folder; else the
/// file's own folder.
fn astro_root(file: &Path) -> PathBuf {
    let parent = file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut dir = Some(parent);
    while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
        if ["Dockerfile", "airflow_settings.yaml", ".astro/config.yaml"].iter().any(|m| d.join(m).is_file()) {
            return d.strip_prefix(".").unwrap_or(d).to_path_buf();
        }
        if d == Path::new(".") {
            break;
        }
        dir = d.parent();
    }
    parent.strip_prefix(".").unwrap_or(parent).to_path_buf()
}

/// When files are named one by one (as pre-commit does), the project files around them are read
/// too, so rules see the same project as in a full scan; only the named files are reported on.
/// Only the named files' projects are walked, not the whole working tree: a commit touching one
/// app of a 100k-file monorepo then reads a folder, not the repository.
fn add_context(walk: &mut Walk, opts: &WalkOptions) {
    let named: Vec<&Candidate> = walk.files.iter().filter(|c| c.explicit && needs_siblings(c.class)).collect();
    if named.is_empty() || named.iter().any(|c| c.path.is_absolute() || c.rel.starts_with("../")) {
        return;
    }
    let mut roots: Vec<PathBuf> =
        named.iter().map(|c| if astro_kind(c.class) { astro_root(&c.path) } else { project_root(&c.path) }).collect();
    for r in &mut roots {
        if r.as_os_str().is_empty() {
            *r = PathBuf::from(".");
        }
    }
    roots.sort();
    roots.dedup();
    // A project inside another one is walked with it; `.` holds them all.
    let outer: Vec<PathBuf> = if roots.iter().any(|r| r == Path::new(".")) {
        vec![PathBuf::from(".")]
    } else {
        roots.iter().filter(|r| !roots.iter().any(|o| o != *r && r.starts_with(o))).cloned().collect()
    };
    let around = Mutex::new(Walk::default());
    let mut above: Vec<PathBuf> = Vec::new();
    for root in &outer {
        walk_dir(root, Path::new("."), opts, &around, None);
        above.extend(ancestors(root));
    }
    // The folders above a project can hold files that apply to it (the Composer files an app's
    // Commerce version comes from): their own files, and their `.platform/`, `.upsun/` and
    // `.magento/` folders, are read too.
    above.sort();
    above.dedup();
    for dir in above.iter().filter(|d| !outer.contains(d)) {
        walk_dir(dir, Path::new("."), opts, &around, Some(1));
        for sub in [".platform", ".upsun", ".magento"] {
            let sub = dir.join(sub);
            if sub.is_dir() {
                walk_dir(&sub, Path::new("."), opts, &around, None);
            }
        }
    }
    let around = around.into_inner().unwrap();
    for mut c in around.files.into_iter().filter(|c| needs_siblings(c.class)) {
        c.context = true;
        walk.files.push(c);
    }
}

/// The folder of the project a named file belongs to, as the model decides it: the nearest folder,
/// from the file's own up to the working directory, with routes or services (`.platform/`,
/// `.magento/` or `.upsun/`). Without one, the whole working directory (`.`) is the project.
fn project_root(file: &Path) -> PathBuf {
    let has_yaml = |d: &Path, stem: &str| ["yaml", "yml"].iter().any(|e| d.join(format!("{stem}.{e}")).is_file());
    let mut dir = file.parent();
    while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty() && *d != Path::new(".")) {
        let project = [".platform/routes", ".platform/services", ".magento/routes", ".magento/services"]
            .iter()
            .any(|stem| has_yaml(d, stem))
            || std::fs::read_dir(d.join(".upsun")).is_ok_and(|mut entries| {
                entries.any(|e| e.is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".yaml")))
            });
        if project {
            // `./shop` and `shop` are one folder.
            return d.strip_prefix(".").unwrap_or(d).to_path_buf();
        }
        dir = d.parent();
    }
    PathBuf::from(".")
}

/// The folders above `dir`, up to and including `.`.
fn ancestors(dir: &Path) -> Vec<PathBuf> {
    if dir == Path::new(".") {
        return Vec::new();
    }
    let mut out: Vec<PathBuf> =
        dir.ancestors().skip(1).filter(|a| !a.as_os_str().is_empty()).map(Path::to_path_buf).collect();
    out.retain(|a| a != Path::new("."));
    out.push(PathBuf::from("."));
    out
}

/// Walks `root` (`depth` levels deep, or all), naming files relative to `base` (the scanned root,
/// or `.` for context).
fn walk_dir(root: &Path, base: &Path, opts: &WalkOptions, out: &Mutex<Walk>, depth: Option<usize>) {
    let mut builder = ignore::WalkBuilder::new(root);
    builder
        .max_depth(depth)
        .hidden(false)
        .follow_links(opts.follow)
        .git_ignore(!opts.no_ignore)
        .git_global(!opts.no_ignore)
        .git_exclude(!opts.no_ignore)
        .ignore(!opts.no_ignore)
        .parents(!opts.no_ignore)
        .require_git(false);
    let base_buf = base.to_path_buf();
    let exclude = opts.exclude.clone();
    builder.filter_entry(move |e| {
        if e.file_name() == ".git" && e.file_type().is_some_and(|t| t.is_dir()) {
            return false;
        }
        if exclude.is_empty() {
            return true;
        }
        let rel = relative(e.path(), &base_buf);
        rel.is_empty() || !exclude.is_match(&rel)
    });
    let canonical_root = std::fs::canonicalize(base).ok();
    let canonical_root = &canonical_root;
    builder.build_parallel().run(|| {
        Box::new(|entry| {
            let entry = match entry {
                Ok(e) => e,
                Err(err) => {
                    let path = error_path(&err).unwrap_or(root).display().to_string();
                    out.lock().unwrap().errors.push(WalkError { path, message: err.to_string() });
                    return ignore::WalkState::Continue;
                }
            };
            let Some(ft) = entry.file_type() else { return ignore::WalkState::Continue };
            let name = entry.file_name().to_string_lossy();
            if CONFIG_NAMES.contains(&name.as_ref()) {
                out.lock().unwrap().configs.push(entry.path().to_path_buf());
            }
            // Regular files only: symlinks (unless followed), FIFOs, sockets and devices are never opened.
            if !ft.is_file() {
                let rel = relative(entry.path(), base);
                if ft.is_symlink() && may_classify(&name) && classify(&rel).is_some() {
                    out.lock().unwrap().skipped.push((rel, "a symbolic link, not followed (--follow reads it)".into()));
                }
                return ignore::WalkState::Continue;
            }
            if !may_classify(&name) {
                return ignore::WalkState::Continue;
            }
            let rel = relative(entry.path(), base);
            if let Some(class) = classify(&rel) {
                // Followed links must not lead out of the scanned tree.
                if entry.path_is_symlink() || opts.follow {
                    let inside = canonical_root
                        .as_ref()
                        .is_some_and(|r| std::fs::canonicalize(entry.path()).is_ok_and(|p| p.starts_with(r)));
                    if !inside {
                        out.lock().unwrap().skipped.push((rel, "a symbolic link to outside the scanned root".into()));
                        return ignore::WalkState::Continue;
                    }
                }
                out.lock().unwrap().files.push(Candidate {
                    path: entry.into_path(),
                    rel,
                    class,
                    explicit: false,
                    context: false,
                });
            }
            ignore::WalkState::Continue
        })
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_classifies_by_path() {
        let k = |p: &str| classify(p);
        assert_eq!(k(".platform.app.yaml"), Some(Class::Kind(FileKind::PlatformApp)));
        assert_eq!(k("apps/api/.platform.app.yaml"), Some(Class::Kind(FileKind::PlatformApp)));
        assert_eq!(k(".platform/routes.yaml"), Some(Class::Kind(FileKind::PlatformRoutes)));
        assert_eq!(k(".platform/local/project.yaml"), Some(Class::Kind(FileKind::PlatformLocalProject)));
        assert_eq!(k(".upsun/config.yaml"), Some(Class::Kind(FileKind::UpsunConfig)));
        assert_eq!(k(".upsun/local/project.yaml"), Some(Class::Kind(FileKind::PlatformLocalProject)));
        assert_eq!(k(".env.production"), Some(Class::Kind(FileKind::Dotenv)));
        assert_eq!(k("docker/Dockerfile.dev"), Some(Class::Kind(FileKind::Dockerfile)));
        assert_eq!(k("requirements-dev.txt"), Some(Class::Kind(FileKind::Requirements)));
        assert_eq!(k("php.ini"), Some(Class::Kind(FileKind::PhpIni)));
        assert_eq!(k("app/etc/env.php"), Some(Class::Kind(FileKind::MagentoEnvPhp)));
        assert_eq!(k("template.yaml"), Some(Class::Sniff));
        assert_eq!(k("src/main.rs"), None);
        assert_eq!(k("notes.txt"), None);
        assert_eq!(k(".envs/.local/.django"), Some(Class::Kind(FileKind::Dotenv)));
        assert_eq!(k("api/.envs/.production/.postgres"), Some(Class::Kind(FileKind::Dotenv)));
        assert_eq!(k("docker-compose.override.yml"), Some(Class::Kind(FileKind::ComposeOverride)));
        assert_eq!(k("docker-compose.yml"), Some(Class::Sniff));
        assert_eq!(k("airflow/packages.txt"), Some(Class::Kind(FileKind::AptPackages)));
    }

    #[test]
    fn name_prefilter_is_a_superset_of_the_table() {
        for name in [
            ".platform.app.yaml",
            "routes.yml",
            "config.yaml",
            "project.yaml",
            ".magento.env.yaml",
            "composer.json",
            "composer.lock",
            "auth.json",
            "env.php",
            "php.ini",
            "Dockerfile",
            "Dockerfile.dev",
            "web.Dockerfile",
            "x.dockerfile",
            "Containerfile",
            "airflow_settings.yaml",
            ".env",
            ".env.local",
            "requirements-dev.txt",
            "base.txt",
            "template.template",
            "config",
            ".django",
            "docker-compose.override.yml",
            "packages.txt",
        ] {
            assert!(may_classify(name), "{name}");
        }
        for name in ["main.rs", "index.js", "README.md", "package-lock.jsonl"] {
            assert!(!may_classify(name), "{name}");
        }
    }

    #[test]
    fn sniffing() {
        assert_eq!(sniff("AWSTemplateFormatVersion: '2010-09-09'\n"), Some(FileKind::CloudFormation));
        assert_eq!(sniff("Resources:\n  B:\n    Type: AWS::S3::Bucket\n"), Some(FileKind::CloudFormation));
        assert_eq!(sniff("deployment:\n  configuration:\n    name: x\n"), Some(FileKind::AstroDeployment));
        assert_eq!(sniff("name: ci\non: push\n"), None);
        assert_eq!(sniff("deployment: # prod\n  worker_queues: []\n"), Some(FileKind::AstroDeployment));
        let json = "{\n  \"deployment\": {\n    \"configuration\": {\"name\": \"x\"}\n  }\n}\n";
        assert_eq!(sniff(json), Some(FileKind::AstroDeployment));
        // A Kubernetes-style key further down is not a top-level `deployment:`.
        assert_eq!(sniff("spec:\n  deployment:\n    configuration: {}\n"), None);
    }
}
