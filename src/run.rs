//! One run, start to end: walk and classify → read and parse → load the tables → build the models
//! and scan for secrets → run the rules → filter → a [`RunResult`] for the outputs.

use std::path::PathBuf;

use rayon::prelude::*;

use crate::config::{Configs, Overrides, Resolver, Settings};
use crate::data::{Table, Tables};
use crate::date::Date;
use crate::diagnostic::{self, Finding, OutsideCertification, RunResult, TableUsed};
use crate::document::discover::{self, FileKind};
use crate::document::include;
use crate::document::read::{self, Read};
use crate::document::{FileError, ParsedFile};
use crate::filter::{self, baseline::Baseline};
use crate::model::{self, secrets::Hit};
use crate::rules::{self, Context};
use crate::source::mask_random;

/// What the command line adds to the settings.
#[derive(Default)]
pub struct Options {
    pub paths: Vec<PathBuf>,
    pub no_ignore: bool,
    pub follow: bool,
    pub exclude: Vec<String>,
    /// `-` on the command line: (name to classify it by, text).
    pub stdin: Option<(String, Vec<u8>)>,
    pub as_of: Option<Date>,
    /// Accepted findings (`--baseline`): reported as suppressed.
    pub baseline: Option<Baseline>,
    /// Show progress on standard error (only set when it is a terminal).
    pub progress: bool,
    /// Each file follows the nearest config file above it, with these command-line overrides;
    /// `None`: every file follows the given settings (`--config`).
    pub per_file: Option<Overrides>,
    /// The repository root that SARIF paths are relative to (see [`RunResult::repository`]).
    pub repository: Option<PathBuf>,
    /// Texts to read instead of the files at these paths (as walked): a fix pass's results before
    /// they are written.
    pub overlay: std::collections::HashMap<PathBuf, Vec<u8>>,
    /// Unsafe fixes count as available (`--unsafe-fixes`).
    pub unsafe_fixes: bool,
}

/// Builds a platform model; a bug that panics on some input costs that platform's findings (an
/// error, exit code 2), not the whole run. `empty` builds the model of no files.
fn guard<T>(errors: &mut Vec<FileError>, platform: &str, build: impl FnOnce() -> T, empty: impl FnOnce() -> T) -> T {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(build)).unwrap_or_else(|_| {
        errors.push(FileError {
            path: String::new(),
            message: format!("internal error: reading the {platform} config failed; please report it"),
        });
        empty()
    })
}

pub fn run(opts: &Options, settings: &Settings) -> RunResult {
    let started = std::time::SystemTime::now();
    let mut clock = std::time::Instant::now();
    let mut timings = Vec::new();
    let mut lap = |stage: &'static str| {
        timings.push((stage, clock.elapsed()));
        clock = std::time::Instant::now();
    };
    let as_of = opts.as_of.or(settings.as_of).unwrap_or_else(Date::today);
    let Inputs { files, mut errors, mut skipped, configs, .. } = read_files(opts, settings);
    lap("read");

    let (tables, table_errors) = Tables::load(&|t| settings.tables.get(&t).cloned());
    let tables_used = tables_used(&tables, settings, &table_errors);
    errors.extend(table_errors.into_iter().map(|e| FileError {
        path: e.table.setting().into(),
        message: format!("cannot load the table: {}", e.message),
    }));
    let platformsh = guard(
        &mut errors,
        "Platform.sh",
        || model::platformsh::Model::build(&files),
        || model::platformsh::Model::build(&[]),
    );
    let commerce = guard(
        &mut errors,
        "Adobe Commerce",
        || model::commerce::Model::build(&files, &platformsh),
        || model::commerce::Model::build(&[], &platformsh),
    );
    let astronomer = guard(
        &mut errors,
        "Astronomer",
        || model::astronomer::Model::build(&files),
        || model::astronomer::Model::build(&[]),
    );
    let aws = guard(&mut errors, "AWS", || model::aws::Model::build(&files), || model::aws::Model::build(&[]));
    let outside_certification: Vec<OutsideCertification> = platformsh
        .regions
        .iter()
        .filter_map(|h| {
            let scopes = h.uncovered(&settings.scopes);
            (!scopes.is_empty()).then(|| OutsideCertification {
                provider: "platformsh",
                region: h.region.to_ascii_lowercase(),
                file: h.file.id,
                span: h.span,
                scopes,
            })
        })
        .collect();
    let scanner = model::secrets::Scanner::new(&tables.tokens);
    let mut secrets: Vec<Hit> = files.par_iter().flat_map_iter(|f| scanner.scan(f)).collect();
    for (i, hit) in secrets.iter_mut().enumerate() {
        hit.id = i;
    }
    let mut cx = Context {
        files: &files,
        platformsh: &platformsh,
        commerce: &commerce,
        astronomer: &astronomer,
        aws: &aws,
        tables: &tables,
        secrets: &secrets,
        claims: Vec::new(),
        settings,
        configs: &configs,
        as_of,
    };
    cx.claims = rules::secrets::claims(&cx, rules::checks());
    let (mut findings, panicked, evaluated) = rules::run(&cx);
    lap("rules");
    errors.extend(panicked.into_iter().map(|p| FileError {
        path: String::new(),
        message: format!("internal error: rule {} failed; please report it", p.0),
    }));
    findings.extend(diagnostic::syntax_findings(&files));
    findings.extend(diagnostic::include_findings(&files));
    let findings = filter::apply(&files, findings, &configs, opts.baseline.as_ref(), as_of);
    lap("filter");
    let platforms = platforms(&files, &findings, !astronomer.roots.is_empty());
    drop(cx);
    errors.sort_by(|a, b| a.path.cmp(&b.path));
    skipped.sort();
    if opts.progress {
        // Clear the progress line.
        eprint!("\x1b[2K\r");
    }
    let baseline = opts.baseline.as_ref().map(|b| b.path.clone());
    let nested_configs: Vec<PathBuf> = configs.nested().filter_map(|s| s.path.clone()).collect();
    let configs = settings.path.iter().chain(&nested_configs).cloned().collect();
    RunResult {
        files,
        findings,
        errors,
        skipped,
        as_of,
        platforms,
        tables: tables_used,
        baseline,
        started,
        configs,
        nested_configs,
        timings,
        evaluated,
        outside_certification,
        repository: opts.repository.clone(),
        unsafe_fixes: opts.unsafe_fixes,
    }
}

/// `--show-files`: each file found, as (path, what it was read as: its kind, or why it was
/// skipped), sorted by path; nothing is linted.
pub fn show_files(opts: &Options, settings: &Settings) -> Vec<(String, String)> {
    let inputs = read_files(opts, settings);
    let mut out: Vec<(String, String)> = inputs
        .files
        .iter()
        .map(|f| {
            let how = if f.context { " (read as context only)" } else { "" };
            (f.location().to_string(), format!("{}{how}", f.kind.info().name))
        })
        .collect();
    out.extend(inputs.skipped.into_iter().map(|(p, why)| (p, format!("skipped: {why}"))));
    out.extend(
        inputs
            .not_config
            .into_iter()
            .map(|p| (p, "skipped: not a config kind (no CloudFormation, Astro or compose markers in it)".to_string())),
    );
    out.extend(inputs.errors.into_iter().map(|e| (e.path, format!("error: {}", e.message))));
    // What the ignore files and `exclude` hid: a walk without them, minus the walk with them.
    let exclude = exclude_set(opts, settings);
    if !opts.no_ignore || !exclude.is_empty() {
        let all = discover::walk(
            &opts.paths,
            &discover::WalkOptions { no_ignore: true, follow: opts.follow, exclude: globset::GlobSet::empty() },
        );
        let seen: std::collections::HashSet<&std::path::Path> =
            inputs.walked.iter().map(|c| c.path.as_path()).collect();
        for c in all.files.iter().filter(|c| !seen.contains(c.path.as_path())) {
            let why = if exclude.is_match(&c.rel) {
                "skipped: excluded (exclude, --exclude)"
            } else {
                "skipped: ignored (.gitignore, .ignore or git exclude; --no-ignore reads it)"
            };
            out.push((shown_path(&c.path), why.to_string()));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Which copy of each dated table the run used, and when its data was last checked.
fn tables_used(tables: &Tables, settings: &Settings, errors: &[crate::data::LoadError]) -> Vec<TableUsed> {
    Table::ALL
        .iter()
        .map(|&t| {
            let checked = match t {
                Table::PlatformshLifecycle => &tables.platformsh.checked,
                Table::CommerceReleases => &tables.commerce_releases.checked,
                Table::CommerceEnforcement => &tables.commerce_enforcement.checked,
                Table::AstronomerRuntime => &tables.astronomer.checked,
                Table::LambdaRuntimes => &tables.lambda_runtimes.checked,
                Table::Tokens => &tables.tokens.checked,
            };
            let configured = settings.tables.get(&t).filter(|_| !errors.iter().any(|e| e.table == t));
            TableUsed {
                setting: t.setting(),
                source: configured.map_or_else(|| t.embedded().0.to_string(), |p| p.display().to_string()),
                embedded: configured.is_none(),
                checked: checked.clone(),
            }
        })
        .collect()
}

/// What [`read_files`] found.
struct Inputs<'s> {
    files: Vec<ParsedFile>,
    errors: Vec<FileError>,
    /// (path, why) of each file skipped.
    skipped: Vec<(String, String)>,
    configs: Configs<'s>,
    /// Every file the walk offered (`--show-files`).
    walked: Vec<discover::Candidate>,
    /// Files sniffed and found to be of no known kind (`--show-files`).
    not_config: Vec<String>,
}

/// A path from the working folder, `/`-separated, random-looking names masked.
fn shown_path(path: &std::path::Path) -> String {
    mask_random(&discover::relative(path, std::path::Path::new(".")))
}

/// The `exclude` globs of the config and the command line.
fn exclude_set(opts: &Options, settings: &Settings) -> globset::GlobSet {
    let mut exclude = globset::GlobSetBuilder::new();
    for g in settings.exclude.iter().chain(&opts.exclude) {
        if let Ok(glob) = globset::Glob::new(g) {
            exclude.add(glob);
        }
    }
    exclude.build().unwrap_or_else(|_| globset::GlobSet::empty())
}

/// Walks the paths, reads and parses every config file (and standard input), each under its
/// settings (see [`Configs`]).
fn read_files<'s>(opts: &Options, settings: &'s Settings) -> Inputs<'s> {
    let walk_opts =
        discover::WalkOptions { no_ignore: opts.no_ignore, follow: opts.follow, exclude: exclude_set(opts, settings) };
    if opts.progress {
        eprint!("srm-lint: walking…\r");
    }
    let walk = discover::walk(&opts.paths, &walk_opts);
    if opts.progress {
        eprint!("srm-lint: checking {} config files…\r", walk.files.len());
    }
    let mut errors: Vec<FileError> =
        walk.errors.into_iter().map(|e| FileError { path: e.path, message: e.message }).collect();
    let mut skipped = walk.skipped;
    // Which settings each file follows: the nearest config above it (standard input: above the
    // name it is given).
    let overrides = opts.per_file.clone().unwrap_or_default();
    let mut resolver = Resolver::new(&opts.paths, settings.path.as_deref(), overrides, opts.follow).seen(&walk.configs);
    let dir_of = |p: &std::path::Path| p.parent().map(std::path::Path::to_path_buf).unwrap_or_default();
    let mut index: Vec<usize> = match opts.per_file {
        Some(_) => walk.files.iter().map(|c| resolver.index_for(&dir_of(&c.path))).collect(),
        None => vec![0; walk.files.len()],
    };
    let mut reads: Vec<Read> = walk
        .files
        .par_iter()
        .zip(&index)
        .map(|(c, &i)| {
            let s = resolver.settings(i, settings);
            match opts.overlay.get(&c.path) {
                Some(bytes) => read::read_candidate_from(c, bytes.clone(), s.yaml_limits),
                None => read::read_candidate(c, s.max_file_size, s.yaml_limits),
            }
        })
        .collect();
    if let Some((name, bytes)) = &opts.stdin {
        let rel = name.replace('\\', "/");
        let i = if opts.per_file.is_some() { resolver.index_for(&dir_of(std::path::Path::new(&rel))) } else { 0 };
        match discover::classify(&rel).or_else(|| discover::classify(&format!("x/{rel}"))) {
            Some(class) => {
                reads.push(read::parse_bytes(rel, class, bytes.clone(), resolver.settings(i, settings).yaml_limits));
                index.push(i);
            }
            None => skipped.push((rel, "not a recognised config file (use --stdin-filename)".into())),
        }
    }
    errors.extend(
        resolver.errors.drain(..).map(|e| FileError {
            path: e.path.display().to_string(),
            message: format!("invalid config: {}", e.message),
        }),
    );
    let mut files = Vec::new();
    let mut of_file = Vec::new();
    let mut not_config = Vec::new();
    let candidates = walk.files.iter().map(Some).chain(std::iter::repeat(None));
    for ((r, i), c) in reads.into_iter().zip(index).zip(candidates) {
        match r {
            Read::File(f) => {
                files.push(*f);
                of_file.push(i);
            }
            Read::Skip(p, why) => skipped.push((p, why)),
            Read::Error(e) => errors.push(e),
            Read::NotConfig => not_config.extend(c.map(|c| shown_path(&c.path))),
        }
    }
    for (i, f) in files.iter_mut().enumerate() {
        f.id = i;
    }
    // Files named by `!include` tags join the run, marked as included (see `document::include`).
    let limits = include::Limits { max_file_size: settings.max_file_size, yaml: settings.yaml_limits };
    include::resolve(&mut files, limits);
    Inputs { files, errors, skipped, configs: resolver.finish(settings, of_file), walked: walk.files, not_config }
}

/// Which providers the repository uses, from the kinds of files found (an Astro project counts
/// when the model found one).
fn platforms(files: &[ParsedFile], findings: &[Finding], astro_project: bool) -> Vec<&'static str> {
    use FileKind::*;
    let mut out = Vec::new();
    let has = |f: &dyn Fn(FileKind) -> bool| files.iter().any(|file| f(file.kind));
    if has(&|k| {
        matches!(
            k,
            PlatformApp | PlatformApplications | PlatformRoutes | PlatformServices | PlatformLocalProject | UpsunConfig
        )
    }) {
        out.push("platformsh");
    }
    if has(&|k| matches!(k, MagentoApp | MagentoRoutes | MagentoServices | MagentoEnv | MagentoEnvPhp)) {
        out.push("commerce");
    }
    if astro_project || has(&|k| k == AstroDeployment) {
        out.push("astronomer");
    }
    if has(&|k| k == CloudFormation) {
        out.push("aws");
    }
    let generic =
        findings.iter().any(|f| f.suppressed.is_none() && f.clause.is_some_and(|c| c.starts_with("generic.")));
    if generic || has(&|k| k == Dotenv) {
        out.push("generic");
    }
    out
}
