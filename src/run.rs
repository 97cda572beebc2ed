//! One run, start to end: walk and classify → read and parse → load the tables → build the models
//! and scan for secrets → run the rules → filter → a [`RunResult`] for the outputs.

use std::path::PathBuf;

use rayon::prelude::*;

use crate::config::Settings;
use crate::data::{Table, Tables};
use crate::date::Date;
use crate::diagnostic::{self, Finding, RunResult, TableUsed};
use crate::document::discover::{self, FileKind};
use crate::document::include;
use crate::document::read::{self, Read};
use crate::document::{FileError, ParsedFile};
use crate::filter::{self, baseline::Baseline};
use crate::model::{self, secrets::Hit};
use crate::rules::{self, Context};

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
    let as_of = opts.as_of.or(settings.as_of).unwrap_or_else(Date::today);
    let (files, mut errors, mut skipped) = read_files(opts, settings);

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
        as_of,
    };
    cx.claims = rules::secrets::claims(&cx, rules::checks());
    let (mut findings, panicked) = rules::run(&cx);
    errors.extend(panicked.into_iter().map(|p| FileError {
        path: String::new(),
        message: format!("internal error: rule {} failed; please report it", p.0),
    }));
    findings.extend(diagnostic::syntax_findings(&files));
    findings.extend(diagnostic::include_findings(&files));
    let findings = filter::apply(&files, findings, settings, opts.baseline.as_ref());
    let platforms = platforms(&files, &findings, !astronomer.roots.is_empty());
    drop(cx);
    errors.sort_by(|a, b| a.path.cmp(&b.path));
    skipped.sort();
    if opts.progress {
        // Clear the progress line.
        eprint!("\x1b[2K\r");
    }
    let baseline = opts.baseline.as_ref().map(|b| b.path.clone());
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
        unsafe_fixes: opts.unsafe_fixes,
    }
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

/// Walks the paths, reads and parses every config file (and standard input).
fn read_files(opts: &Options, settings: &Settings) -> (Vec<ParsedFile>, Vec<FileError>, Vec<(String, String)>) {
    let mut exclude = globset::GlobSetBuilder::new();
    for g in settings.exclude.iter().chain(&opts.exclude) {
        if let Ok(glob) = globset::Glob::new(g) {
            exclude.add(glob);
        }
    }
    let walk_opts = discover::WalkOptions {
        no_ignore: opts.no_ignore,
        follow: opts.follow,
        exclude: exclude.build().unwrap_or_else(|_| globset::GlobSet::empty()),
    };
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
    let mut reads: Vec<Read> = walk
        .files
        .par_iter()
        .map(|c| match opts.overlay.get(&c.path) {
            Some(bytes) => read::read_candidate_from(c, bytes.clone(), settings.yaml_limits),
            None => read::read_candidate(c, settings.max_file_size, settings.yaml_limits),
        })
        .collect();
    if let Some((name, bytes)) = &opts.stdin {
        let rel = name.replace('\\', "/");
        match discover::classify(&rel).or_else(|| discover::classify(&format!("x/{rel}"))) {
            Some(class) => reads.push(read::parse_bytes(rel, class, bytes.clone(), settings.yaml_limits)),
            None => skipped.push((rel, "not a recognised config file (use --stdin-filename)".into())),
        }
    }
    let mut files = Vec::new();
    for r in reads {
        match r {
            Read::File(f) => files.push(*f),
            Read::Skip(p, why) => skipped.push((p, why)),
            Read::Error(e) => errors.push(e),
            Read::NotConfig => {}
        }
    }
    for (i, f) in files.iter_mut().enumerate() {
        f.id = i;
    }
    // Files named by `!include` tags join the run, marked as included (see `document::include`).
    let limits = include::Limits { max_file_size: settings.max_file_size, yaml: settings.yaml_limits };
    include::resolve(&mut files, limits);
    (files, errors, skipped)
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
