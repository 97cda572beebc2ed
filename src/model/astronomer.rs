//! Astronomer (Astro) projects: where they are in the scan, and typed, spanned views of their
//! files: runtime images named by Dockerfile `FROM` lines, `airflow_settings.yaml` connections and
//! variables, deployment files (`deployment:` documents), `.astro/config.yaml` files and the
//! requirements files of Astro projects.

use crate::document::FileKind;
use crate::document::{Doc, ParsedFile};
use crate::source::Span;
use crate::syntax::dockerfile::{Dockerfile, Instruction};
use crate::syntax::requirements::Requirements;
use crate::syntax::tree::{Entry, Ref};

/// Image names that mark a Dockerfile as an Astro Runtime project.
pub const RUNTIME_IMAGES: &[&str] = &[
    "quay.io/astronomer/astro-runtime",
    "astrocrpublic.azurecr.io/runtime",
    "air.astronomer.io/runtime",
    "quay.io/astronomer/ap-airflow",
    "astronomerinc/ap-airflow",
];

/// Top-level keys of the Astro CLI's `.astro/config.yaml` (project and global config). A
/// `.astro/config.yaml` with none of them (the Astro web framework also has an `.astro/` folder)
/// does not mark an Astro project.
const CLI_CONFIG_KEYS: &[&str] = &[
    "project",
    "postgres",
    "webserver",
    "api-server",
    "airflow",
    "houston",
    "skip_parse",
    "dev",
    "cloud",
    "context",
    "contexts",
    "local",
    "docker",
];

/// What an image repository is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repo {
    /// A released Astro Runtime image (`quay.io/astronomer/astro-runtime[-slim]`,
    /// `astrocrpublic.azurecr.io/runtime`).
    Runtime,
    /// A development build of the runtime (`astro-runtime-dev`, `runtime-dev`).
    RuntimeDev,
    /// Astronomer Certified (`ap-airflow`, `ap-airflow-dev`, `astronomerinc/*`): no longer supported.
    Certified,
}

/// A runtime version as written in a tag or `runtime_version`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuntimeVersion {
    /// Airflow 2 line: `X.Y.Z[-suffix]`.
    Semver { major: u64, minor: u64, patch: u64, suffix: String },
    /// Airflow 3 line: `A.B-N[-suffix]`.
    Build { major: u64, minor: u64, build: u64, suffix: String },
    /// Airflow 3 floating tag `A.B[-suffix]`: whatever the newest `A.B-N` is.
    Floating { major: u64, minor: u64, suffix: String },
}

fn num(s: &str) -> Option<u64> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

impl RuntimeVersion {
    pub fn parse(text: &str) -> Option<RuntimeVersion> {
        let text = text.trim();
        let (major, rest) = text.split_once('.')?;
        let major = num(major)?;
        let minor_len = rest.bytes().take_while(u8::is_ascii_digit).count();
        let minor = num(&rest[..minor_len])?;
        let rest = &rest[minor_len..];
        if let Some(after) = rest.strip_prefix('.') {
            let patch_len = after.bytes().take_while(u8::is_ascii_digit).count();
            let patch = num(&after[..patch_len])?;
            let suffix = after[patch_len..].to_string();
            return (suffix.is_empty() || suffix.starts_with(['-', '+'])).then_some(RuntimeVersion::Semver {
                major,
                minor,
                patch,
                suffix,
            });
        }
        if rest.is_empty() {
            return Some(RuntimeVersion::Floating { major, minor, suffix: String::new() });
        }
        let after = rest.strip_prefix('-')?;
        let build_len = after.bytes().take_while(u8::is_ascii_digit).count();
        match num(&after[..build_len]) {
            Some(build) if after[build_len..].is_empty() || after[build_len..].starts_with(['-', '.']) => {
                Some(RuntimeVersion::Build { major, minor, build, suffix: after[build_len..].to_string() })
            }
            Some(_) => None,
            // `3.1-python-3.12`: a floating tag with a suffix.
            None if after.starts_with(|c: char| c.is_ascii_alphabetic()) => {
                Some(RuntimeVersion::Floating { major, minor, suffix: rest.to_string() })
            }
            None => None,
        }
    }

    /// The lifecycle table's (image, version) key: `astro-runtime`/major for the Airflow 2 line,
    /// `runtime`/`A.B` for the Airflow 3 line.
    pub fn line(&self) -> (&'static str, String) {
        match self {
            RuntimeVersion::Semver { major, .. } => ("astro-runtime", major.to_string()),
            RuntimeVersion::Build { major, minor, .. } | RuntimeVersion::Floating { major, minor, .. } => {
                ("runtime", format!("{major}.{minor}"))
            }
        }
    }

    /// The exact release without suffix (`9.6.0`, `3.1-12`), `None` for a floating tag.
    pub fn release(&self) -> Option<String> {
        match self {
            RuntimeVersion::Semver { major, minor, patch, .. } => Some(format!("{major}.{minor}.{patch}")),
            RuntimeVersion::Build { major, minor, build, .. } => Some(format!("{major}.{minor}-{build}")),
            RuntimeVersion::Floating { .. } => None,
        }
    }

    pub fn suffix(&self) -> &str {
        match self {
            RuntimeVersion::Semver { suffix, .. }
            | RuntimeVersion::Build { suffix, .. }
            | RuntimeVersion::Floating { suffix, .. } => suffix,
        }
    }

    /// Whether the suffix marks a pre-release (`-alpha2`, `-rc1`, `-nightly2025...`, `-dev`).
    pub fn is_prerelease(&self) -> bool {
        self.suffix().to_ascii_lowercase().split(['-', '.', '+']).any(|part| {
            ["alpha", "beta", "rc", "nightly", "dev"]
                .iter()
                .any(|w| part.strip_prefix(w).is_some_and(|rest| rest.bytes().all(|b| b.is_ascii_digit())))
        })
    }
}

/// An Astronomer image named by a Dockerfile `FROM` line.
pub struct RuntimeImage<'a> {
    pub file: &'a ParsedFile,
    pub instruction: &'a Instruction,
    /// The image reference as written (`quay.io/astronomer/astro-runtime:12.1.0`).
    pub span: Span,
    /// The repository as written, without tag or digest.
    pub repository: &'a str,
    pub repo: Repo,
    /// The tag and its span, if any.
    pub tag: Option<(&'a str, Span)>,
    /// `@sha256:...` pins the image whatever the tag says.
    pub digest: bool,
    /// The tag read as a runtime version (`None` without a tag, or for an unknown format).
    pub version: Option<RuntimeVersion>,
    /// The base of the image that is deployed: the last stage's, or that of the earlier stage the
    /// last one builds on (`FROM base`).
    pub final_stage: bool,
}

/// Classifies an image repository (registry and path, no tag).
pub fn classify_repository(repo: &str) -> Option<Repo> {
    let repo = repo.strip_prefix("docker.io/").or_else(|| repo.strip_prefix("index.docker.io/")).unwrap_or(repo);
    match repo {
        "quay.io/astronomer/astro-runtime"
        | "quay.io/astronomer/astro-runtime-slim"
        | "astrocrpublic.azurecr.io/runtime"
        | "air.astronomer.io/runtime" => Some(Repo::Runtime),
        "quay.io/astronomer/astro-runtime-dev"
        | "astrocrpublic.azurecr.io/runtime-dev"
        | "air.astronomer.io/runtime-dev"
        | "quay.io/astronomer/astro-runtime-slim-dev" => Some(Repo::RuntimeDev),
        r if r.starts_with("quay.io/astronomer/ap-airflow") || r.starts_with("astronomerinc/") => Some(Repo::Certified),
        _ => None,
    }
}

/// The image word of a `FROM` instruction (flags such as `--platform=...` skipped).
fn from_image(i: &Instruction) -> Option<&crate::syntax::dockerfile::Word> {
    i.words.iter().find(|w| !w.text.starts_with("--"))
}

/// The build stages of a Dockerfile: for each `FROM`, its instruction index and the index of the
/// earlier stage it builds on (`FROM base` after `FROM ... AS base`), if any.
fn stages(d: &Dockerfile) -> Vec<(usize, Option<usize>)> {
    let mut out: Vec<(usize, Option<usize>)> = Vec::new();
    let mut names: Vec<(String, usize)> = Vec::new();
    for (at, i) in d.instructions.iter().enumerate().filter(|(_, i)| i.keyword == "FROM") {
        let image = from_image(i).map(|w| w.text.to_ascii_lowercase()).unwrap_or_default();
        let parent = names.iter().rev().find(|(n, _)| *n == image).map(|(_, s)| *s);
        let mut words = i.words.iter().skip_while(|w| w.text.starts_with("--")).skip(1);
        if words.next().is_some_and(|w| w.text.eq_ignore_ascii_case("as"))
            && let Some(name) = words.next()
        {
            names.push((name.text.to_ascii_lowercase(), out.len()));
        }
        out.push((at, parent));
    }
    out
}

/// The stages the deployed image is made of: the last stage, then the stage it builds on, and so on.
fn final_chain(stages: &[(usize, Option<usize>)]) -> Vec<usize> {
    let mut chain = Vec::new();
    let mut next = stages.len().checked_sub(1);
    while let Some(s) = next.filter(|s| !chain.contains(s)) {
        chain.push(s);
        next = stages.get(s).and_then(|st| st.1);
    }
    chain
}

fn runtime_images<'a>(file: &'a ParsedFile, d: &'a Dockerfile) -> Vec<RuntimeImage<'a>> {
    let froms: Vec<&Instruction> = d.instructions.iter().filter(|i| i.keyword == "FROM").collect();
    let chain = final_chain(&stages(d));
    let mut out = Vec::new();
    for (n, i) in froms.iter().enumerate() {
        let Some(word) = from_image(i) else { continue };
        // Spans of the unquoted text: only when the word is written without quotes or escapes.
        let written = file.source.slice(word.span);
        if written != word.text {
            continue;
        }
        let text = word.text.as_str();
        let (name, digest) = match text.split_once('@') {
            Some((n, _)) => (n, true),
            None => (text, false),
        };
        let slash = name.rfind('/').map_or(0, |p| p + 1);
        let (repository, tag) = match name[slash..].rfind(':') {
            Some(c) => (&name[..slash + c], Some(&name[slash + c + 1..])),
            None => (name, None),
        };
        let Some(repo) = classify_repository(repository) else { continue };
        let tag = tag.map(|t| {
            let start = word.span.start + repository.len() + 1;
            (t, Span::new(start, start + t.len()))
        });
        out.push(RuntimeImage {
            file,
            instruction: i,
            span: word.span,
            repository,
            repo,
            version: tag.and_then(|(t, _)| RuntimeVersion::parse(t)),
            tag,
            digest,
            final_stage: chain.contains(&n),
        });
    }
    out
}

/// A connection of `airflow_settings.yaml` (`airflow.connections[]`).
pub struct Connection<'a> {
    pub file: &'a ParsedFile,
    pub node: Ref<'a>,
    pub conn_id: Option<&'a str>,
}

/// One scalar field of a connection's extras.
pub struct ExtraField {
    pub key: String,
    pub value: String,
    /// The value in the file; for a JSON string, the value inside it when it occurs there once as
    /// written, else the whole string.
    pub span: Span,
    /// Read from a JSON object written as a YAML string (which the secrets engine sees as text).
    pub in_json: bool,
}

impl<'a> Connection<'a> {
    pub fn get(&self, key: &str) -> Option<Ref<'a>> {
        self.node.get(key)
    }
    /// `conn_extra` (the CLI's name) or `extra`.
    pub fn extra(&self) -> Option<Entry<'a>> {
        self.node.entry("conn_extra").or_else(|| self.node.entry("extra"))
    }
    pub fn name(&self) -> &'a str {
        self.conn_id.unwrap_or("(no conn_id)")
    }

    /// The scalar fields of `conn_extra`, whether it is a mapping or a JSON object in a string.
    pub fn extra_fields(&self) -> Vec<ExtraField> {
        let Some(extra) = self.extra().map(|e| e.value) else { return Vec::new() };
        if extra.is_map() {
            return extra
                .entries()
                .filter_map(|e| {
                    let value = e.value.as_str()?.to_string();
                    Some(ExtraField { key: e.name().to_string(), value, span: e.value.span(), in_json: false })
                })
                .collect();
        }
        let Some(text) = extra.as_str().filter(|t| t.trim_start().starts_with('{')) else { return Vec::new() };
        let parsed = crate::syntax::json::parse(text);
        let Some(root) = parsed.tree.root() else { return Vec::new() };
        let written = self.file.source.slice(extra.span());
        root.entries()
            .filter_map(|e| {
                let value = e.value.as_str()?;
                let span = match (written.find(value), written.matches(value).count()) {
                    (Some(at), 1) if !value.is_empty() => {
                        Span::new(extra.span().start + at, extra.span().start + at + value.len())
                    }
                    _ => extra.span(),
                };
                Some(ExtraField { key: e.name().to_string(), value: value.to_string(), span, in_json: true })
            })
            .collect()
    }
}

/// One `airflow_settings.yaml`.
pub struct Settings<'a> {
    pub file: &'a ParsedFile,
    pub connections: Vec<Connection<'a>>,
    /// `airflow.variables[]` items.
    pub variables: Vec<Ref<'a>>,
}

/// An item of `deployment.environment_variables`.
pub struct EnvVar<'a> {
    pub node: Ref<'a>,
    pub key: Option<Ref<'a>>,
    pub value: Option<Ref<'a>>,
    pub is_secret: Option<Ref<'a>>,
}

impl EnvVar<'_> {
    pub fn secret(&self) -> bool {
        self.is_secret.and_then(|r| r.as_bool()) == Some(true)
    }
}

/// A deployment file (`astro deployment inspect`, `--deployment-file`): one `deployment:` document.
pub struct Deployment<'a> {
    pub file: &'a ParsedFile,
    /// The `deployment` key and its mapping.
    pub entry: Entry<'a>,
    pub configuration: Option<Ref<'a>>,
    pub env: Vec<EnvVar<'a>>,
    pub worker_queues: Option<Entry<'a>>,
}

impl<'a> Deployment<'a> {
    pub fn config(&self, key: &str) -> Option<Ref<'a>> {
        self.configuration?.get(key)
    }
    pub fn config_entry(&self, key: &str) -> Option<Entry<'a>> {
        self.configuration?.entry(key)
    }
    pub fn config_str(&self, key: &str) -> Option<&'a str> {
        self.config(key)?.as_str().filter(|s| !s.trim().is_empty())
    }
    pub fn config_bool(&self, key: &str) -> Option<bool> {
        self.config(key)?.as_bool()
    }
    /// `is_development_mode: true`: development Deployments are exempt from production rules.
    pub fn development(&self) -> bool {
        self.config_bool("is_development_mode") == Some(true)
    }
    pub fn get(&self, key: &str) -> Option<Ref<'a>> {
        self.entry.value.get(key)
    }
    /// The runtime version as written, parsed.
    pub fn runtime_version(&self) -> Option<(Ref<'a>, RuntimeVersion)> {
        let r = self.config("runtime_version")?;
        Some((r, RuntimeVersion::parse(r.as_str()?)?))
    }
    /// The node to point at for a Deployment-wide finding: its name, else the `configuration` or
    /// `deployment` key.
    pub fn anchor(&self) -> Span {
        match (self.config_entry("name"), self.configuration) {
            (Some(e), _) if !e.value.is_null() => e.value.span(),
            (Some(e), _) => e.key.span(),
            (None, _) => self.entry.value.entry("configuration").map_or(self.entry.key.span(), |e| e.key.span()),
        }
    }
}

/// A `.astro/config.yaml` of the Astro CLI.
pub struct AstroConfig<'a> {
    pub file: &'a ParsedFile,
    pub root: Ref<'a>,
}

/// A Dockerfile of an Astro project.
pub struct ProjectDockerfile<'a> {
    pub file: &'a ParsedFile,
    pub doc: &'a Dockerfile,
}

impl<'a> ProjectDockerfile<'a> {
    /// The `USER` instruction in effect in the deployed image: the last one of the final stage, or
    /// of the stage it builds on.
    pub fn final_user(&self) -> Option<&'a Instruction> {
        let doc = self.doc;
        let stages = stages(doc);
        for s in final_chain(&stages) {
            let start = stages.get(s)?.0;
            let end = stages.get(s + 1).map_or(doc.instructions.len(), |n| n.0);
            if let Some(user) = doc.instructions.get(start..end)?.iter().rev().find(|i| i.keyword == "USER") {
                return Some(user);
            }
        }
        None
    }
}

#[derive(Default)]
pub struct Model<'a> {
    /// Directories (relative, `/`-separated, `""` for the root) that hold an Astro project.
    pub roots: Vec<String>,
    /// Astronomer images named by `FROM` lines, in file order.
    pub images: Vec<RuntimeImage<'a>>,
    /// Dockerfiles inside Astro projects.
    pub dockerfiles: Vec<ProjectDockerfile<'a>>,
    pub settings: Vec<Settings<'a>>,
    pub deployments: Vec<Deployment<'a>>,
    pub configs: Vec<AstroConfig<'a>>,
    /// Requirements files inside Astro projects.
    pub requirements: Vec<(&'a ParsedFile, &'a Requirements)>,
    /// `.env` files inside Astro projects (`astro dev` loads the project's `.env`).
    pub dotenvs: Vec<(&'a ParsedFile, &'a crate::syntax::dotenv::Dotenv)>,
}

fn dir(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(d, _)| d)
}

fn is_cli_config(root: Option<Ref<'_>>) -> bool {
    match root {
        None => true,
        Some(r) if r.is_null() => true,
        Some(r) => r.entries().any(|e| CLI_CONFIG_KEYS.contains(&e.name())),
    }
}

fn settings<'a>(file: &'a ParsedFile, root: Ref<'a>) -> Settings<'a> {
    let airflow = root.get("airflow");
    let list = |key: &str| airflow.and_then(|a| a.get(key)).map(|l| l.items().filter(|i| i.is_map()).collect());
    let connections: Vec<Ref<'a>> = list("connections").unwrap_or_default();
    Settings {
        file,
        connections: connections
            .into_iter()
            .map(|node| Connection { file, node, conn_id: node.str_at("conn_id") })
            .collect(),
        variables: list("variables").unwrap_or_default(),
    }
}

fn deployment<'a>(file: &'a ParsedFile, root: Ref<'a>) -> Option<Deployment<'a>> {
    let entry = root.entry("deployment").filter(|e| e.value.is_map())?;
    let env = entry
        .value
        .get("environment_variables")
        .map(|l| {
            l.items()
                .filter(|i| i.is_map())
                .map(|node| EnvVar {
                    node,
                    key: node.get("key"),
                    value: node.get("value"),
                    is_secret: node.get("is_secret"),
                })
                .collect()
        })
        .unwrap_or_default();
    Some(Deployment {
        file,
        configuration: entry.value.get("configuration").filter(|c| c.is_map()),
        worker_queues: entry.value.entry("worker_queues"),
        env,
        entry,
    })
}

impl<'a> Model<'a> {
    pub fn build(files: &'a [ParsedFile]) -> Model<'a> {
        let mut m = Model::default();
        let mut roots = Vec::new();
        for f in files {
            let rel = f.location();
            match (&f.kind, &f.doc) {
                (FileKind::AstroConfig, Doc::Tree(t)) if is_cli_config(t.root()) => {
                    roots.push(dir(dir(rel)).to_string());
                    if let Some(root) = t.root() {
                        m.configs.push(AstroConfig { file: f, root });
                    }
                }
                (FileKind::AirflowSettings, doc) => {
                    roots.push(dir(rel).to_string());
                    if let Doc::Tree(t) = doc {
                        m.settings.extend(t.root().map(|r| settings(f, r)));
                    }
                }
                (FileKind::AstroDeployment, Doc::Tree(t)) => {
                    m.deployments.extend(t.documents().filter_map(|r| deployment(f, r)));
                }
                (FileKind::Dockerfile, Doc::Dockerfile(d)) => {
                    let images = runtime_images(f, d);
                    if !images.is_empty() {
                        roots.push(dir(rel).to_string());
                    }
                    m.images.extend(images);
                }
                _ => {}
            }
        }
        roots.sort();
        roots.dedup();
        m.roots = roots;
        for f in files {
            if !m.contains(f) {
                continue;
            }
            match &f.doc {
                Doc::Dockerfile(doc) => m.dockerfiles.push(ProjectDockerfile { file: f, doc }),
                Doc::Requirements(r) if f.kind == FileKind::Requirements => m.requirements.push((f, r)),
                Doc::Dotenv(d) => m.dotenvs.push((f, d)),
                _ => {}
            }
        }
        m
    }

    /// Whether a file lies in an Astro project (its folder or one above it is a project root).
    pub fn contains(&self, file: &ParsedFile) -> bool {
        self.root_of(file).is_some()
    }

    /// The innermost Astro project root a file lies in.
    pub fn root_of(&self, file: &ParsedFile) -> Option<&str> {
        // Walk up the file's folders and look each up in the sorted roots: O(depth · log roots),
        // so a monorepo with thousands of projects stays linear in its files.
        let mut d = dir(file.location());
        loop {
            if let Ok(i) = self.roots.binary_search_by(|r| r.as_str().cmp(d)) {
                return Some(self.roots[i].as_str());
            }
            if d.is_empty() {
                return None;
            }
            d = dir(d);
        }
    }

    /// Airflow connections given as environment variables (`AIRFLOW_CONN_<ID>`) in the `ENV`
    /// instructions of project Dockerfiles and in project `.env` files: (file, name, value, value span).
    pub fn env_connections(&self) -> Vec<(&'a ParsedFile, &'a str, &'a str, Span)> {
        let mut out = Vec::new();
        for d in &self.dockerfiles {
            for i in d.doc.instructions.iter().filter(|i| i.keyword == "ENV") {
                out.extend(i.pairs.iter().map(|p| (d.file, p.key.as_str(), p.value.as_str(), p.value_span)));
            }
        }
        for (f, env) in &self.dotenvs {
            out.extend(env.entries.iter().map(|e| (*f, e.key.as_str(), e.value.as_str(), e.value_span)));
        }
        out.retain(|(_, k, _, _)| k.starts_with("AIRFLOW_CONN_"));
        out
    }

    /// Every runtime version the scan names: released runtime image tags of `FROM` lines, and
    /// deployment files' `runtime_version`, each with the span of the version text.
    pub fn runtime_versions(&self) -> Vec<(&'a ParsedFile, Span, RuntimeVersion)> {
        let mut out: Vec<_> = self
            .images
            .iter()
            .filter(|i| i.repo == Repo::Runtime)
            .filter_map(|i| Some((i.file, i.tag?.1, i.version.clone()?)))
            .collect();
        for d in &self.deployments {
            if let Some((r, v)) = d.runtime_version() {
                out.push((d.file, r.span(), v));
            }
        }
        out
    }

    /// Whether `span` of deployment file `file` lies inside an environment variable marked
    /// `is_secret: true`.
    pub fn in_secret_variable(&self, file: usize, span: Span) -> bool {
        let inside = |s: Span| s.start <= span.start && span.end <= s.end;
        self.deployments
            .iter()
            .filter(|d| d.file.id == file)
            .flat_map(|d| &d.env)
            .any(|e| e.secret() && inside(e.node.span()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_versions() {
        use RuntimeVersion::*;
        let p = |s: &str| RuntimeVersion::parse(s);
        assert_eq!(p("12.1.0"), Some(Semver { major: 12, minor: 1, patch: 0, suffix: String::new() }));
        assert_eq!(p("3.1-12"), Some(Build { major: 3, minor: 1, build: 12, suffix: String::new() }));
        assert_eq!(p("3.1-12-python-3.12").unwrap().release().as_deref(), Some("3.1-12"));
        assert_eq!(p("3.1"), Some(Floating { major: 3, minor: 1, suffix: String::new() }));
        assert!(matches!(p("3.1-python-3.12"), Some(Floating { .. })));
        assert!(p("8.0.0-alpha2").unwrap().is_prerelease());
        assert!(p("3.0-1-nightly202504150001").unwrap().is_prerelease());
        assert!(!p("9.1.0-python-3.11-slim-base").unwrap().is_prerelease());
        assert!(!p("3.1-5-base").unwrap().is_prerelease());
        for bad in ["latest", "", "x.y", "1", "${TAG}", "12.a.0", "3.1-", "9.1.0.", "3.-1", "é.1"] {
            assert_eq!(p(bad), None, "{bad}");
        }
        assert_eq!(p("9.6.0").unwrap().line(), ("astro-runtime", "9".to_string()));
        assert_eq!(p("3.2-4").unwrap().line(), ("runtime", "3.2".to_string()));
    }

    #[test]
    fn repositories() {
        assert_eq!(classify_repository("quay.io/astronomer/astro-runtime"), Some(Repo::Runtime));
        assert_eq!(classify_repository("quay.io/astronomer/astro-runtime-dev"), Some(Repo::RuntimeDev));
        assert_eq!(classify_repository("docker.io/astronomerinc/ap-airflow"), Some(Repo::Certified));
        assert_eq!(classify_repository("quay.io/astronomer/ap-airflow-dev"), Some(Repo::Certified));
        assert_eq!(classify_repository("python"), None);
        assert_eq!(classify_repository("quay.io/astronomer/astro-runtimex"), None);
    }
}
