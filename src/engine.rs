//! One run: walk → classify → read and parse (spans) → models → rules → filter (config,
//! suppressions) → a sorted [`Report`] for the renderers.

use std::path::PathBuf;

use rayon::prelude::*;

use crate::config::Settings;
use crate::date::Date;
use crate::discover::{self, Candidate, Class, FileKind, Syntax};
use crate::model;
use crate::rules::{self, Context, Emitter, Finding, Severity};
use crate::source::{Comment, SourceFile, Span};
use crate::suppress;
use crate::syntax::{dockerfile, dotenv, json, requirements, tree::Tree, yaml};

/// A parsed config file.
#[derive(Debug)]
pub struct ParsedFile {
    /// Index in [`Report::files`].
    pub id: usize,
    pub kind: FileKind,
    pub source: SourceFile,
    pub doc: Doc,
    pub comments: Vec<Comment>,
    /// Syntax problems found while parsing. They become SRM001.
    pub problems: Vec<Problem>,
    /// Read only as context for files named on the command line: not reported on.
    pub context: bool,
    /// The path as walked (the scanned root joined with `rel`, `/` separators): what human,
    /// SARIF and GitHub output show, so paths work from the working directory.
    pub path: String,
}

/// A syntax problem: where, what, and secondary labels (e.g. the first of two duplicate keys).
#[derive(Debug)]
pub struct Problem {
    pub span: Span,
    pub message: String,
    pub labels: Vec<(Span, String)>,
}

impl Problem {
    fn new(span: Span, message: impl Into<String>) -> Problem {
        Problem { span, message: message.into(), labels: Vec::new() }
    }
}

#[derive(Debug)]
pub enum Doc {
    Tree(Tree),
    Dotenv(dotenv::Dotenv),
    Dockerfile(dockerfile::Dockerfile),
    Requirements(requirements::Requirements),
    /// Kept as text only, or not parsed at all (bad encoding).
    Text,
}

impl ParsedFile {
    pub fn tree(&self) -> Option<&Tree> {
        match &self.doc {
            Doc::Tree(t) => Some(t),
            _ => None,
        }
    }
    /// The provider whose clauses apply to this file.
    pub fn provider(&self) -> &'static str {
        self.kind.info().provider
    }
    pub fn rel(&self) -> &str {
        &self.source.rel
    }
    /// The file's path from the working directory: unlike [`rel`](Self::rel), unique per file when
    /// several roots are scanned (`srm-lint a b`, both with a `.platform.app.yaml`). Models group
    /// files into projects by it, so two roots' projects are never merged.
    pub fn location(&self) -> &str {
        &self.path
    }
}

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
    pub baseline: Option<crate::baseline::Baseline>,
    /// Show progress on standard error (only set when it is a terminal).
    pub progress: bool,
}

/// A file that could not be read: makes the exit code 2.
#[derive(Debug, Clone)]
pub struct FileError {
    pub path: String,
    pub message: String,
}

pub struct Report {
    pub files: Vec<ParsedFile>,
    /// Sorted by file, line, column, rule; suppressed ones included (with their reason).
    pub findings: Vec<Finding>,
    pub errors: Vec<FileError>,
    /// Files passed over on purpose: (path, why).
    pub skipped: Vec<(String, String)>,
    pub as_of: Date,
}

enum Read {
    File(Box<ParsedFile>),
    Skip(String, String),
    Error(FileError),
    NotConfig,
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

/// A dated table: the copy the config names (`setting`), or the embedded one when that fails.
fn table<T>(
    errors: &mut Vec<FileError>,
    setting: &str,
    path: Option<&std::path::Path>,
    load: impl Fn(Option<&std::path::Path>) -> Result<T, String>,
) -> T {
    load(path).unwrap_or_else(|e| {
        errors.push(FileError { path: setting.into(), message: format!("cannot load the table: {e}") });
        load(None).expect("the embedded table is valid")
    })
}

pub fn run(opts: &Options, settings: &Settings) -> Report {
    let as_of = opts.as_of.or(settings.as_of).unwrap_or_else(Date::today);
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

    let mut reads: Vec<Read> =
        walk.files.par_iter().map(|c| read_candidate(c, settings.max_file_size, settings.yaml_limits)).collect();
    if let Some((name, bytes)) = &opts.stdin {
        let rel = name.replace('\\', "/");
        match discover::classify(&rel).or_else(|| discover::classify(&format!("x/{rel}"))) {
            Some(class) => reads.push(parse_bytes(rel, class, bytes.clone(), settings.yaml_limits)),
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

    let platformsh = guard(
        &mut errors,
        "Platform.sh",
        || model::platformsh::Model::build(&files),
        || model::platformsh::Model::build(&[]),
    );
    let lifecycle = table(&mut errors, "platformsh.lifecycle", settings.platformsh_lifecycle.as_deref(), |p| {
        crate::lifecycle::Table::platformsh(p)
    });
    let commerce = guard(
        &mut errors,
        "Adobe Commerce",
        || model::commerce::Model::build(&files, &platformsh),
        || model::commerce::Model::build(&[], &platformsh),
    );
    let releases = table(&mut errors, "commerce.releases", settings.commerce_releases.as_deref(), |p| {
        crate::lifecycle::CommerceReleases::load(p)
    });
    let enforcement = table(&mut errors, "commerce.enforcement", settings.commerce_enforcement.as_deref(), |p| {
        crate::lifecycle::Enforcement::load(p)
    });
    let astronomer = guard(
        &mut errors,
        "Astronomer",
        || model::astronomer::Model::build(&files),
        || model::astronomer::Model::build(&[]),
    );
    let aws = guard(&mut errors, "AWS", || model::aws::Model::build(&files), || model::aws::Model::build(&[]));
    // Always scanned: SEC rules and the platform rules that claim secrets (see `secrets::claimed_by`)
    // all read these hits, and the scan is one keyword prefilter per file.
    let secrets: Vec<crate::secrets::Hit> = files.par_iter().flat_map_iter(crate::secrets::scan).collect();
    let cx = Context {
        files: &files,
        platformsh: &platformsh,
        platformsh_lifecycle: &lifecycle,
        commerce: &commerce,
        commerce_releases: &releases,
        commerce_enforcement: &enforcement,
        astronomer: &astronomer,
        aws: &aws,
        secrets: &secrets,
        settings,
        as_of,
    };
    let results: Vec<Result<Vec<Finding>, FileError>> = rules::checks()
        .par_iter()
        .filter(|c| settings.enabled(c.code, None))
        .map(|check| {
            let mut em = Emitter::new(check.code);
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (check.run)(&cx, &mut em)))
                .map(|()| em.findings)
                .map_err(|_| FileError {
                    path: String::new(),
                    message: format!("internal error: rule {} failed; please report it", check.code),
                })
        })
        .collect();
    let mut findings = Vec::new();
    for r in results {
        match r {
            Ok(f) => findings.extend(f),
            Err(e) => errors.push(e),
        }
    }
    findings.extend(syntax_findings(&files));
    findings.retain(|f| !files[f.file].context && settings.enabled(f.code, Some(files[f.file].rel())));
    scrub_secrets(&files, &mut findings);
    for f in &mut findings {
        sanitize(&mut f.message);
        for (_, label) in &mut f.labels {
            sanitize(label);
        }
    }
    let directive_findings = suppress::apply(&files, &mut findings, settings);
    findings.extend(directive_findings);
    if let Some(baseline) = &opts.baseline {
        for f in findings.iter_mut().filter(|f| f.suppressed.is_none()) {
            if baseline.contains(&files[f.file], f) {
                f.suppressed = Some(format!("accepted in the baseline {}", baseline.path));
            }
        }
    }

    for f in &mut findings {
        let meta = rules::meta(f.code).expect("every finding's rule has metadata");
        let configured = settings.severity.get(f.code).copied().flatten();
        f.severity = Some(configured.or(f.severity).unwrap_or(meta.severity));
        if f.clause.is_none() {
            f.clause = Some(meta.clause_for(files[f.file].provider()));
        }
    }
    findings.sort_by(|a, b| {
        let (fa, fb) = (&files[a.file], &files[b.file]);
        fa.rel()
            .cmp(fb.rel())
            .then(a.span.start.cmp(&b.span.start))
            .then(a.code.cmp(b.code))
            .then(a.span.end.cmp(&b.span.end))
            .then(a.message.cmp(&b.message))
    });
    findings.dedup_by(|a, b| a.file == b.file && a.span == b.span && a.code == b.code && a.message == b.message);
    errors.sort_by(|a, b| a.path.cmp(&b.path));
    skipped.sort();
    if opts.progress {
        // Clear the progress line.
        eprint!("\x1b[2K\r");
    }
    Report { files, findings, errors, skipped, as_of }
}

impl Report {
    /// Findings that count (not suppressed).
    pub fn active(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.suppressed.is_none())
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

fn read_candidate(c: &Candidate, max: u64, limits: yaml::Limits) -> Read {
    use std::io::Read as _;
    let cannot =
        |e: std::io::Error| Read::Error(FileError { path: c.rel.clone(), message: format!("cannot read: {e}") });
    // One open, then `fstat` on the handle: no second path lookup, and the size checked is the
    // size of the file read.
    let mut file = match std::fs::File::open(&c.path) {
        Ok(f) => f,
        Err(e) => return cannot(e),
    };
    let meta = match file.metadata() {
        Ok(m) => m,
        Err(e) => return cannot(e),
    };
    if !meta.is_file() {
        return Read::Skip(c.rel.clone(), "not a regular file".into());
    }
    if meta.len() > max {
        return Read::Skip(c.rel.clone(), format!("larger than the {max}-byte limit (max-file-size)"));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    // A file that grows past the limit while being read is cut at it rather than read to the end.
    if let Err(e) = (&mut file).take(max + 1).read_to_end(&mut bytes) {
        return cannot(e);
    }
    if bytes.len() as u64 > max {
        return Read::Skip(c.rel.clone(), format!("larger than the {max}-byte limit (max-file-size)"));
    }
    match parse_bytes(c.rel.clone(), c.class, bytes, limits) {
        Read::File(mut f) => {
            f.context = c.context;
            f.path = discover::relative(&c.path, std::path::Path::new("."));
            sanitize(&mut f.path);
            Read::File(f)
        }
        other => other,
    }
}

fn parse_bytes(rel: String, class: Class, bytes: Vec<u8>, limits: yaml::Limits) -> Read {
    match parse_text(rel.clone(), class, bytes, limits) {
        Read::File(mut f) => {
            f.path = rel;
            Read::File(f)
        }
        other => other,
    }
}

fn parse_text(rel: String, class: Class, bytes: Vec<u8>, limits: yaml::Limits) -> Read {
    let mut problems = Vec::new();
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let kind = match class {
            Class::Kind(k) => k,
            Class::Sniff => return Read::Skip(rel, "UTF-16 encoded; srm-lint reads UTF-8".into()),
        };
        problems.push(Problem::new(Span::new(0, 0), "the file is UTF-16 encoded; save it as UTF-8"));
        return Read::File(Box::new(ParsedFile {
            id: 0,
            kind,
            source: SourceFile::new(rel, String::new()),
            doc: Doc::Text,
            comments: Vec::new(),
            problems,
            context: false,
            path: String::new(),
        }));
    }
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Read::Skip(rel, "binary file (NUL bytes)".into());
    }
    let (text, bad_utf8) = match String::from_utf8(bytes) {
        Ok(t) => (t, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(at))
        }
    };
    let kind = match class {
        Class::Kind(k) => k,
        Class::Sniff => match discover::sniff(&text) {
            Some(k) => k,
            None => return Read::NotConfig,
        },
    };
    if let Some(at) = bad_utf8 {
        let end = crate::source::floor_char_boundary(&text, at + 1).max(at);
        let end = text[end..].chars().next().map_or(end, |c| end + c.len_utf8());
        problems.push(Problem::new(
            Span::new(at, end),
            format!("invalid UTF-8 at byte {at}; the file is not checked further"),
        ));
        return Read::File(Box::new(ParsedFile {
            id: 0,
            kind,
            source: SourceFile::new(rel, text),
            doc: Doc::Text,
            comments: Vec::new(),
            problems,
            context: false,
            path: String::new(),
        }));
    }
    let mut comments = Vec::new();
    let dup = |problems: &mut Vec<_>, dups: Vec<(String, Span, Span)>| {
        for (key, first, again) in dups {
            problems.push(Problem {
                span: again,
                message: format!("duplicate key `{key}`"),
                labels: vec![(first, "first defined here".to_string())],
            });
        }
    };
    let doc = match kind.info().syntax {
        Syntax::Yaml => {
            let y = yaml::parse_with(&text, limits);
            comments = y.comments;
            problems.extend(y.errors.into_iter().map(|e| Problem::new(e.span, e.message)));
            dup(&mut problems, y.duplicates);
            for span in y.unknown_aliases {
                let name = &text[span.start..span.end];
                let message =
                    format!("`{name}` is an alias to an anchor that is not defined (quote the value if it is text)");
                problems.push(Problem::new(span, message));
            }
            Doc::Tree(y.tree)
        }
        Syntax::Json => {
            let j = json::parse(&text);
            problems.extend(j.errors.into_iter().map(|e| Problem::new(e.span, e.message)));
            dup(&mut problems, j.duplicates);
            Doc::Tree(j.tree)
        }
        Syntax::Dotenv => {
            let mut d = dotenv::parse(&text);
            comments = std::mem::take(&mut d.comments);
            problems.extend(d.errors.drain(..).map(|e| Problem::new(e.span, e.message)));
            Doc::Dotenv(d)
        }
        Syntax::Dockerfile => {
            let mut d = dockerfile::parse(&text);
            comments = std::mem::take(&mut d.comments);
            problems.extend(d.errors.drain(..).map(|e| Problem::new(e.span, e.message)));
            Doc::Dockerfile(d)
        }
        Syntax::Requirements => {
            let mut r = requirements::parse(&text);
            comments = std::mem::take(&mut r.comments);
            problems.extend(r.errors.drain(..).map(|e| Problem::new(e.span, e.message)));
            Doc::Requirements(r)
        }
        Syntax::Text => Doc::Text,
    };
    Read::File(Box::new(ParsedFile {
        id: 0,
        kind,
        path: String::new(),
        source: SourceFile::new(rel, text),
        doc,
        comments,
        problems,
        context: false,
    }))
}

/// SRM001 for every syntax problem.
fn syntax_findings(files: &[ParsedFile]) -> Vec<Finding> {
    let mut em = Emitter::new("SRM001");
    for f in files {
        for p in &f.problems {
            em.emit(f, p.span, p.message.clone()).labels = p.labels.clone();
        }
    }
    em.findings
}

/// A second line of defence: no message, help or label may quote a flagged secret, whichever rule
/// wrote it. Each secret text is replaced by its masked form in the same file's findings, with one
/// automaton per file so the cost stays linear in the size of the messages.
fn scrub_secrets(files: &[ParsedFile], findings: &mut [Finding]) {
    let mut by_file: std::collections::BTreeMap<usize, Vec<String>> = Default::default();
    for f in findings.iter() {
        for s in &f.secrets {
            let text = files[f.file].source.slice(*s).trim_matches(|c| c == '"' || c == '\'');
            if text.len() >= 4 {
                by_file.entry(f.file).or_default().push(text.to_string());
            }
        }
    }
    // One automaton per file (a plain NFA: cheap to build for a handful of patterns), then one pass
    // over the findings.
    let mut scrubbers = std::collections::HashMap::new();
    for (file, mut secrets) in by_file {
        secrets.sort();
        secrets.dedup();
        let masks: Vec<String> = secrets.iter().map(|s| crate::source::mask(s)).collect();
        if let Ok(ac) = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
            .build(&secrets)
        {
            scrubbers.insert(file, (ac, masks));
        }
    }
    for f in findings.iter_mut() {
        let Some((ac, masks)) = scrubbers.get(&f.file) else { continue };
        let scrub = |text: &mut String| {
            if ac.is_match(text.as_str()) {
                *text = ac.replace_all(text, masks);
            }
        };
        scrub(&mut f.message);
        if let Some(h) = &mut f.help {
            scrub(h);
        }
        for (_, label) in &mut f.labels {
            scrub(label);
        }
    }
}

/// Removes control characters (ANSI escapes, carriage returns, NULs) that file contents may put into
/// a message, so no output can be spoofed through a finding's text.
fn sanitize(text: &mut String) {
    if text.chars().any(char::is_control) {
        *text = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    }
}
