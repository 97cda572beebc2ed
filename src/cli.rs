//! The command line: `srm-lint [PATH...]`, `srm-lint rules`, `srm-lint explain CODE`.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::{self, ConfigError, Settings};
use crate::data::clauses;
use crate::date::Date;
use crate::diagnostic::{self, Severity};
use crate::output::render::{self, Format, RenderOptions, shown};
use crate::run::{self, Options};
use crate::source::Span;

#[derive(Parser, Debug)]
#[command(
    name = "srm-lint",
    version,
    about = "Lint deployment configuration for the customer's side of cloud shared-responsibility models",
    long_about = "srm-lint finds Platform.sh/Upsun, Adobe Commerce cloud, Astronomer and AWS config files in a \
repository, checks the duties the provider leaves to the customer, and reports each finding with the \
shared-responsibility clause it violates.\n\nExit codes: 0 no findings, 1 findings, 2 usage, config or I/O error.",
    args_conflicts_with_subcommands = true,
    after_help = "Examples:\n  srm-lint .                       lint the current repository\n  srm-lint --format sarif -o srm.sarif .\n  cat .platform/routes.yaml | srm-lint - --stdin-filename .platform/routes.yaml\n  srm-lint explain PSH014          what a rule checks and why\n  srm-lint init --baseline         start: a commented srm-lint.toml and a baseline\n  srm-lint --show-settings shop    which config files and values apply to shop/"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub lint: LintArgs,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// List every rule with its code, severity and clause.
    Rules {
        #[arg(long, value_enum, default_value = "human")]
        format: ListFormat,
    },
    /// The shared-responsibility matrix of the repository (Markdown, HTML or JSON), for audits and
    /// job summaries.
    Report(Box<ReportArgs>),
    /// Write a baseline of the current findings (to --output, default srm-lint.baseline.json);
    /// `srm-lint --baseline FILE` then reports only new findings.
    Baseline(Box<BaselineArgs>),
    /// Show a rule's documentation and the clause it checks.
    Explain {
        /// Rule code, e.g. PSH014.
        code: String,
    },
    /// Write a commented srm-lint.toml naming the platforms found in DIR (default: the current
    /// folder); with --baseline, also a baseline of today's findings.
    Init(InitArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions { shell: clap_complete::Shell },
    /// Print the man page (roff) to standard output.
    Man,
    /// Run the language server on standard input and output, for editors (see README "Editors").
    Server,
}

/// `srm-lint baseline`: the scan options, where to write, and whether to rewrite the baseline read.
#[derive(clap::Args, Debug)]
pub struct BaselineArgs {
    #[command(flatten)]
    pub scan: ScanArgs,
    /// Where to write the baseline (default: srm-lint.baseline.json).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Rewrite the baseline named by --baseline in place (the default is to refuse to overwrite the
    /// file it reads); entries that no longer match a finding are dropped.
    #[arg(long)]
    pub update: bool,
    /// Who accepts the new findings, recorded in their entries (`by`).
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// The last day the new findings stay accepted (YYYY-MM-DD); after it they count again.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub until: Option<Date>,
    /// Why the new findings are accepted, recorded in their entries.
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
}

/// `srm-lint init`.
#[derive(clap::Args, Debug)]
pub struct InitArgs {
    /// The folder to write srm-lint.toml in, after scanning it.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Overwrite an existing srm-lint.toml (and baseline).
    #[arg(long)]
    pub force: bool,
    /// Also write srm-lint.baseline.json, accepting today's findings (`srm-lint --baseline
    /// srm-lint.baseline.json` then reports only new ones).
    #[arg(long)]
    pub baseline: bool,
    /// Date to compare end-of-life dates with (YYYY-MM-DD, default today in UTC).
    #[arg(long, env = "SRM_LINT_AS_OF", value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// What to scan and with which settings: shared by linting, baselines and reports.
#[derive(clap::Args, Debug)]
pub struct ScanArgs {
    /// Files or directories to lint; `-` reads standard input (name it with --stdin-filename).
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// One config file for every file (default: each file follows the nearest srm-lint.toml above
    /// it, up to the repository root; `extend = "../srm-lint.toml"` inherits).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Only run these rules (codes or prefixes, comma-separated, any case); replaces the config's
    /// `select`.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub select: Vec<String>,
    /// Also run these rules, on top of the selection (the config's or --select's).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub extend_select: Vec<String>,
    /// Do not run these rules (codes or prefixes, comma-separated, any case); adds to the config's
    /// `ignore`.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub ignore: Vec<String>,
    /// Do not read .gitignore, .ignore and git exclude files.
    #[arg(long)]
    pub no_ignore: bool,
    /// Skip paths matching GLOB (relative to the scanned root; repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Follow symbolic links (loops are detected and reported).
    #[arg(long)]
    pub follow: bool,
    /// Name used to classify standard input (with PATH `-`).
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Date to compare end-of-life dates with (YYYY-MM-DD, default today in UTC).
    #[arg(long, env = "SRM_LINT_AS_OF", value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Report only findings that are not in this baseline file (see `srm-lint baseline`).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct LintArgs {
    #[command(flatten)]
    pub scan: ScanArgs,
    /// Output format (`concise`: one line per finding, `path:line:col: CODE message`).
    #[arg(long = "output-format", short = 'f', visible_alias = "format", value_enum, default_value = "human")]
    pub format: Format,
    /// Print the number of findings per rule, most frequent first, instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// Print the settings each PATH follows (the config files, the extended first, and every
    /// resolved value) and exit without linting.
    #[arg(long)]
    pub show_settings: bool,
    /// List each file found with the kind it was read as, and each file skipped and why (ignored,
    /// excluded, too large, a symbolic link, not a config kind), and exit without linting.
    #[arg(long)]
    pub show_files: bool,
    /// Also print to standard error the config files, the data tables and the time of each stage.
    #[arg(long, short = 'v', conflicts_with = "quiet")]
    pub verbose: bool,
    /// Print only the findings: no summary line, no notes (errors still go to standard error).
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Write the output to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Colour for human output (with auto, NO_COLOR turns it off, FORCE_COLOR or CLICOLOR_FORCE on).
    #[arg(long, value_enum, default_value = "auto")]
    pub color: Color,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,
    /// Exit 0 even when there are findings (errors still exit 2).
    #[arg(long)]
    pub exit_zero: bool,
    /// Also write FORMAT to PATH (`-` for standard output) from the same run, e.g.
    /// `--extra-output sarif:srm-lint.sarif --extra-output github:-` (repeatable).
    #[arg(long, value_name = "FORMAT:PATH", value_parser = parse_extra)]
    pub extra_output: Vec<(Format, String)>,
    /// Also write the shared-responsibility report (markdown, html or json) to PATH (`-` for
    /// standard output) from the same run, e.g. `--report-output markdown:summary.md` (repeatable).
    #[arg(long, value_name = "FORMAT:PATH", value_parser = parse_report_extra)]
    pub report_output: Vec<(crate::output::report::ReportFormat, String)>,
    /// Apply the safe fixes to the files (with `-`, print the fixed text), then report what remains.
    #[arg(long)]
    pub fix: bool,
    /// Also apply the unsafe fixes (with --fix, --fix-only or --diff); alone, show them as available.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff and write nothing; exit 1 when there is something to fix.
    #[arg(long)]
    pub diff: bool,
    /// Apply the fixes like --fix, but report nothing about the findings left (exit 0).
    #[arg(long)]
    pub fix_only: bool,
}

#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    #[command(flatten)]
    pub scan: ScanArgs,
    /// Report format.
    #[arg(long, short = 'f', value_enum, default_value = "markdown")]
    pub format: crate::output::report::ReportFormat,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 when an open finding (not suppressed, not baselined, including expired acceptances)
    /// is at or above this severity; without it the report exits 0 whatever it shows. The report
    /// is written either way.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FailOn {
    Note,
    Warning,
    Error,
}

impl FailOn {
    fn severity(self) -> Severity {
        match self {
            FailOn::Note => Severity::Note,
            FailOn::Warning => Severity::Warning,
            FailOn::Error => Severity::Error,
        }
    }
}

fn parse_extra(s: &str) -> Result<(Format, String), String> {
    let (format, path) = s.split_once(':').ok_or("expected FORMAT:PATH, e.g. sarif:out.sarif")?;
    let format = Format::from_str(format, true)
        .map_err(|_| format!("unknown format `{format}`: human, concise, json, sarif or github"))?;
    if path.is_empty() {
        return Err("the path is empty (use - for standard output)".into());
    }
    Ok((format, path.to_string()))
}

fn parse_report_extra(s: &str) -> Result<(crate::output::report::ReportFormat, String), String> {
    let (format, path) = s.split_once(':').ok_or("expected FORMAT:PATH, e.g. markdown:report.md")?;
    let format = crate::output::report::ReportFormat::from_str(format, true)
        .map_err(|_| format!("unknown report format `{format}`: markdown, html or json"))?;
    if path.is_empty() {
        return Err("the path is empty (use - for standard output)".into());
    }
    Ok((format, path.to_string()))
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s)
}

fn write_out(path: Option<&PathBuf>, text: &str) -> Result<(), String> {
    match path {
        Some(p) => crate::output::write_file(p, text),
        None => {
            // A closed pipe (e.g. `| head`) is not an error worth a panic.
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            Ok(())
        }
    }
}

/// The binary's entry point; returns the exit code. Call it once per process, right before
/// exiting: it leaves the report to the OS instead of freeing it (see `lint`).
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return parse_error(&e),
    };
    match cli.command {
        Some(Command::Rules { format }) => {
            print!("{}", list_rules(format));
            0
        }
        Some(Command::Explain { code }) => match explain(&code) {
            Some(text) => {
                print!("{text}");
                0
            }
            None => {
                eprintln!(
                    "error: unknown rule `{}` (`srm-lint rules` lists them){}",
                    shown(&code),
                    diagnostic::did_you_mean_code(&code)
                );
                2
            }
        },
        Some(Command::Baseline(args)) => write_baseline(*args),
        Some(Command::Report(args)) => report(*args),
        Some(Command::Init(args)) => init(&args),
        Some(Command::Completions { shell }) => {
            use clap::CommandFactory;
            clap_complete::generate(shell, &mut Cli::command(), "srm-lint", &mut std::io::stdout());
            0
        }
        Some(Command::Server) => crate::server::main(),
        Some(Command::Man) => {
            use clap::CommandFactory;
            let mut out = Vec::new();
            match clap_mangen::Man::new(Cli::command()).render(&mut out) {
                Ok(()) => {
                    let _ = std::io::stdout().write_all(&out);
                    0
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    2
                }
            }
        }
        None => lint(cli.lint),
    }
}

/// A command line clap refused. A lint option given to `baseline` or `report` gets its own message
/// (clap would advise passing it as a value); the rest is clap's, with its suggestions.
fn parse_error(e: &clap::Error) -> i32 {
    use clap::CommandFactory;
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let sub = std::env::args().nth(1).unwrap_or_default();
    if e.kind() == ErrorKind::UnknownArgument
        && let Some(ContextValue::String(arg)) = e.get(ContextKind::InvalidArg)
        && matches!(sub.as_str(), "baseline" | "report")
    {
        let option = arg.split('=').next().unwrap_or(arg);
        let long = option.strip_prefix("--");
        let short = option.strip_prefix('-').filter(|s| s.len() == 1).and_then(|s| s.chars().next());
        let lint_takes = Cli::command().get_arguments().any(|a| match (long, short) {
            (Some(long), _) => {
                a.get_long() == Some(long) || a.get_all_aliases().is_some_and(|aliases| aliases.contains(&long))
            }
            (None, Some(c)) => a.get_short() == Some(c),
            _ => false,
        });
        if lint_takes {
            let what = if sub == "baseline" {
                "it always writes the baseline's JSON (to -o FILE, default srm-lint.baseline.json)"
            } else {
                "it writes the shared-responsibility report (--format markdown|html|json, -o FILE)"
            };
            eprintln!("error: `srm-lint {sub}` does not take {}: {what}; it is an option of a lint run", shown(option));
            return 2;
        }
    }
    let _ = e.print();
    e.exit_code()
}

/// A path that does not exist and looks like a misspelt subcommand (`srm-lint reprot`).
fn misspelt_subcommand(path: &std::path::Path) -> Option<String> {
    use clap::CommandFactory;
    let word = path.to_str()?;
    if path.symlink_metadata().is_ok() || word.contains(['/', '\\', '.']) {
        return None;
    }
    let cli = Cli::command();
    diagnostic::closest(word, cli.get_subcommands().map(|c| c.get_name())).map(str::to_string)
}

/// Settings and options for a scan; `Err(2)` after printing the problem.
fn prepare(scan: &ScanArgs, color: bool) -> Result<(Options, Settings), i32> {
    if let Some((path, c)) = scan.paths.iter().find_map(|p| Some((p, misspelt_subcommand(p)?))) {
        eprintln!(
            "error: `{}` is not a file or folder; did you mean `srm-lint {c}`?",
            shown(&path.display().to_string())
        );
        return Err(2);
    }
    // The run's own config: the nearest one above the folder holding every path, so the order of
    // the paths does not matter; each file then follows the nearest config above it.
    let named: Vec<PathBuf> = scan.paths.iter().filter(|p| p.as_os_str() != "-").cloned().collect();
    let start = config::common_dir(&named).unwrap_or_else(|| PathBuf::from("."));
    let loaded = match &scan.config {
        Some(p) => Some(config::load(p)),
        None => config::find(&start).map(|p| config::load_discovered(&p)),
    };
    let mut settings = match loaded {
        Some(r) => r.map_err(|e| {
            eprint!("{}", render_config_error(&e, color));
            2
        })?,
        None => Settings::default(),
    };
    // As in ruff: --select replaces the config's selection, --extend-select adds to it (an empty
    // selection already means every rule), --ignore adds to the config's ignores.
    let normalised = |list: &[String]| -> Result<Vec<String>, i32> {
        let mut out = Vec::new();
        for given in list {
            let code = diagnostic::normalise_code(given);
            if code.is_empty() {
                continue;
            }
            if code != "ALL" && !diagnostic::all().iter().any(|m| m.code.starts_with(code.as_str())) {
                eprintln!(
                    "error: `{}` is not a rule code or prefix (see `srm-lint rules`){}",
                    shown(given.trim()),
                    diagnostic::did_you_mean_code(&code)
                );
                return Err(2);
            }
            out.push(code);
        }
        Ok(out)
    };
    // A table the config names must load, or nothing is written (the run would fall back to the
    // embedded copy and say so only at the end).
    if !settings.tables.is_empty() {
        let (_, errors) = crate::data::Tables::load(&|t| settings.tables.get(&t).cloned());
        for e in &errors {
            eprintln!("error: cannot load the table `{}`: {}", e.table.setting(), shown(&e.message));
        }
        if !errors.is_empty() {
            return Err(2);
        }
    }
    let overrides = config::Overrides {
        select: normalised(&scan.select)?,
        extend_select: normalised(&scan.extend_select)?,
        ignore: normalised(&scan.ignore)?,
    };
    overrides.apply(&mut settings);
    let mut opts = Options {
        paths: scan.paths.iter().filter(|p| p.as_os_str() != "-").cloned().collect(),
        no_ignore: scan.no_ignore,
        follow: scan.follow,
        exclude: scan.exclude.clone(),
        stdin: None,
        as_of: scan.as_of,
        baseline: None,
        progress: std::io::stderr().is_terminal() && std::env::var_os("CI").is_none(),
        per_file: scan.config.is_none().then_some(overrides),
        repository: Some(repository_root(scan)),
        overlay: Default::default(),
        unsafe_fixes: false,
    };
    if let Some(path) = &scan.baseline {
        opts.baseline = Some(crate::filter::baseline::Baseline::load(path, &repository_root(scan)).map_err(|e| {
            eprintln!("error: {}", shown(&e.to_string()));
            2
        })?);
    }
    for g in &opts.exclude {
        if let Err(e) = globset::Glob::new(g) {
            eprintln!("error: invalid --exclude glob `{}`: {}", shown(g), shown(&e.to_string()));
            return Err(2);
        }
    }
    // `--stdin-filename` with no path reads standard input, as ruff does; with other paths and no
    // `-` it would be ignored, so that is an error.
    let stdin_by_name = scan.stdin_filename.is_some()
        && !scan.paths.iter().any(|p| p.as_os_str() == "-")
        && scan.paths.iter().all(|p| p.as_os_str() == ".");
    if scan.stdin_filename.is_some() && !stdin_by_name && !scan.paths.iter().any(|p| p.as_os_str() == "-") {
        eprintln!("error: --stdin-filename names standard input: add `-` to the paths, or give no path");
        return Err(2);
    }
    if stdin_by_name {
        opts.paths.clear();
    }
    if stdin_by_name || scan.paths.iter().any(|p| p.as_os_str() == "-") {
        let Some(name) = scan.stdin_filename.clone() else {
            eprintln!(
                "error: reading standard input (`-`) needs --stdin-filename NAME to know what kind of file it is"
            );
            return Err(2);
        };
        let mut bytes = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
            eprintln!("error: cannot read standard input: {}", shown(&e.to_string()));
            return Err(2);
        }
        opts.stdin = Some((name, bytes));
    }
    Ok((opts, settings))
}

fn report(args: ReportArgs) -> i32 {
    let (opts, settings) = match prepare(&args.scan, false) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let report = run::run(&opts, &settings);
    let text = crate::output::report::render(&report, &settings, &opts.paths, args.format);
    if let Err(e) = write_out(args.output.as_ref(), &text) {
        eprintln!("error: {e}");
        return 2;
    }
    for e in &render::notes(&report).0 {
        eprintln!("error: {}: {}", e.path, e.message);
    }
    match args.fail_on {
        Some(f) => report.exit_code(f.severity(), false),
        None if report.errors.is_empty() => 0,
        None => 2,
    }
}

/// The repository root for the scanned paths: the folder with `.git` above the first path, else
/// the current folder. Baseline and SARIF paths are relative to it.
fn repository_root(scan: &ScanArgs) -> PathBuf {
    let start = scan.paths.iter().find(|p| p.as_os_str() != "-").cloned().unwrap_or_else(|| PathBuf::from("."));
    crate::document::read::repository(&start)
        .or_else(|| std::fs::canonicalize(".").ok())
        .unwrap_or_else(|| PathBuf::from("."))
}

/// `srm-lint init`: scans the folder, then writes its commented config (and baseline).
fn init(args: &InitArgs) -> i32 {
    if !args.dir.is_dir() {
        eprintln!("error: `{}` is not a folder", shown(&args.dir.display().to_string()));
        return 2;
    }
    let config = args.dir.join(config::FILE_NAMES[0]);
    let baseline = args.dir.join("srm-lint.baseline.json");
    let existing = config::FILE_NAMES.iter().map(|n| args.dir.join(n)).chain(args.baseline.then(|| baseline.clone()));
    if let Some(found) = existing.into_iter().find(|p| p.symlink_metadata().is_ok())
        && !args.force
    {
        eprintln!("error: `{}` exists; pass --force to overwrite it", shown(&found.display().to_string()));
        return 2;
    }
    // Under the defaults, which the new config keeps: not under a config it replaces.
    let opts = Options { paths: vec![args.dir.clone()], as_of: args.as_of, ..Options::default() };
    let report = run::run(&opts, &Settings::default());
    if let Err(e) = write_out(Some(&config), &config::template(&report.platforms)) {
        eprintln!("error: {e}");
        return 2;
    }
    eprintln!("wrote {}", shown(&config.display().to_string()));
    if args.baseline {
        let repo = crate::document::read::repository(&args.dir).unwrap_or_else(|| args.dir.clone());
        let new = crate::diagnostic::Acceptance {
            reason: "accepted when srm-lint was set up (srm-lint init)".into(),
            on: Some(report.as_of),
            baselined: true,
            ..Default::default()
        };
        if let Err(e) = write_out(Some(&baseline), &crate::output::baseline::render(&report, &repo, &new)) {
            eprintln!("error: {e}");
            return 2;
        }
        let kept = report.findings.iter().filter(|f| f.suppressed.is_none()).count();
        eprintln!("wrote {kept} finding(s) to {}", shown(&baseline.display().to_string()));
    }
    if report.errors.is_empty() { 0 } else { 2 }
}

fn write_baseline(args: BaselineArgs) -> i32 {
    let path = args.output.clone().unwrap_or_else(|| PathBuf::from("srm-lint.baseline.json"));
    let same_file = |a: &std::path::Path, b: &std::path::Path| {
        std::fs::canonicalize(a).ok().zip(std::fs::canonicalize(b).ok()).is_some_and(|(a, b)| a == b)
    };
    let input = args.scan.baseline.clone();
    if let Some(input) = &input
        && same_file(input, &path)
        && !args.update
    {
        eprintln!(
            "error: `{}` is the baseline this run reads; pass --update to rewrite it (entries that no longer match are dropped)",
            shown(&path.display().to_string())
        );
        return 2;
    }
    let (opts, settings) = match prepare(&args.scan, false) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let report = run::run(&opts, &settings);
    let repo = repository_root(&args.scan);
    // The new entries are accepted on the run's date (`--as-of`, else today).
    let new = crate::diagnostic::Acceptance {
        reason: args.reason.clone().unwrap_or_default(),
        by: args.by.clone(),
        on: Some(report.as_of),
        until: args.until,
        baselined: true,
    };
    if let Err(e) = write_out(Some(&path), &crate::output::baseline::render(&report, &repo, &new)) {
        eprintln!("error: {e}");
        return 2;
    }
    let kept = report.findings.iter().filter(|f| crate::output::baseline::kept(f)).count();
    eprintln!("wrote {kept} finding(s) to {}", shown(&path.display().to_string()));
    if let Some(b) = &opts.baseline {
        let dropped = b.stale();
        if dropped > 0 {
            eprintln!(
                "dropped {dropped} entr{} that no longer match a finding",
                if dropped == 1 { "y" } else { "ies" }
            );
        }
    }
    if report.errors.is_empty() { 0 } else { 2 }
}

fn lint(args: LintArgs) -> i32 {
    let started = std::time::Instant::now();
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto if set("FORCE_COLOR") || set("CLICOLOR_FORCE") => true,
        Color::Auto => {
            args.output.is_none()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    let (mut opts, settings) = match prepare(&args.scan, color) {
        Ok(x) => x,
        Err(code) => return code,
    };
    if args.show_settings {
        print!("{}", show_settings(&opts, &settings));
        return 0;
    }
    if args.show_files {
        let list = run::show_files(&opts, &settings);
        let width = list.iter().map(|(p, _)| p.len()).max().unwrap_or(0).min(60);
        let text: String = list.iter().map(|(p, what)| format!("{:<width$}  {}\n", shown(p), shown(what))).collect();
        return match write_out(args.output.as_ref(), &text) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("error: {e}");
                2
            }
        };
    }
    opts.unsafe_fixes = args.unsafe_fixes;
    let mut fixed = None;
    let report = if args.fix || args.fix_only || args.diff {
        let outcome = crate::fix::fix(&mut opts, &settings);
        match apply_fixes(&args, &opts, &outcome) {
            Some(code) => return code,
            None => {
                fixed = Some(crate::fix::summary(&outcome));
                outcome.report
            }
        }
    } else {
        run::run(&opts, &settings)
    };

    if args.verbose {
        verbose(&report);
    }
    let mut text = match args.format {
        _ if args.statistics => render::statistics(&report),
        Format::Human => render::human::render_with(
            &report,
            color,
            args.quiet,
            Some(started.elapsed()),
            width(args.output.is_none()),
        ),
        Format::Concise => render::concise::render(&report, args.quiet, Some(started.elapsed())),
        format => render::render(&report, format, &RenderOptions { color }),
    };
    if let Some(line) = &fixed {
        if matches!(args.format, Format::Human | Format::Concise) && !args.quiet && !args.statistics {
            text.push_str(line);
        } else {
            eprint!("{line}");
        }
    }
    // With standard input fixed, the fixed text goes to standard output: the findings to stderr.
    if fixed.is_some() && opts.stdin.is_some() && args.output.is_none() {
        eprint!("{text}");
    } else if let Err(e) = write_out(args.output.as_ref(), &text) {
        eprintln!("error: {e}");
        return 2;
    }
    for (format, path) in &args.extra_output {
        let text = render::render(&report, *format, &RenderOptions { color: false });
        let target = (path != "-").then(|| PathBuf::from(path));
        if let Err(e) = write_out(target.as_ref(), &text) {
            eprintln!("error: {e}");
            return 2;
        }
    }
    for (format, path) in &args.report_output {
        let text = crate::output::report::render(&report, &settings, &opts.paths, *format);
        let target = (path != "-").then(|| PathBuf::from(path));
        if let Err(e) = write_out(target.as_ref(), &text) {
            eprintln!("error: {e}");
            return 2;
        }
    }
    // Machine formats go to stdout; reading errors are repeated on stderr so they are never lost.
    if !matches!(args.format, Format::Human | Format::Concise) || args.output.is_some() || args.quiet || args.statistics
    {
        for e in &render::notes(&report).0 {
            eprintln!("error: {}: {}", e.path, e.message);
        }
    }
    let fail_on = args.fail_on.map(FailOn::severity).or(settings.fail_on).unwrap_or(Severity::Note);
    if let Some(b) = &opts.baseline {
        let stale = b.stale();
        if stale > 0 {
            eprintln!(
                "note: {stale} entr{} of the baseline {} match no finding any more (fixed or changed); `srm-lint baseline --baseline {} -o {} --update` drops them",
                if stale == 1 { "y" } else { "ies" },
                shown(&b.path),
                shown(&b.path),
                shown(&b.path)
            );
        }
    }
    let code = report.exit_code(fail_on, args.exit_zero);
    // The process exits right after this: freeing every file's text and tree first would only
    // cost time (3% of a run on a 5 MB file), so the report is left to the OS.
    std::mem::forget(report);
    code
}

/// The width human output wraps at: `COLUMNS`, else the terminal's (when writing to it), else 100;
/// within 40 to 240.
fn width(to_terminal: bool) -> usize {
    let columns = std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<usize>().ok());
    let terminal = || {
        (to_terminal && std::io::stdout().is_terminal())
            .then(terminal_size::terminal_size)
            .flatten()
            .map(|(w, _)| usize::from(w.0))
    };
    columns.or_else(terminal).unwrap_or(render::human::DEFAULT_WIDTH).clamp(40, 240)
}

/// `--verbose`: the config files, tables and stage timings of a run, on standard error.
fn verbose(report: &crate::diagnostic::RunResult) {
    match report.configs.as_slice() {
        [] => eprintln!("srm-lint: no config file: the defaults"),
        configs => {
            for (i, c) in configs.iter().enumerate() {
                let role = if i == 0 { "the run's own" } else { "for the files below it" };
                eprintln!("srm-lint: config {} ({role})", printed(c));
            }
        }
    }
    for t in &report.tables {
        let copy = if t.embedded { "embedded" } else { "configured" };
        eprintln!("srm-lint: table {}: {} ({copy}, checked {})", t.setting, shown(&t.source), shown(&t.checked));
    }
    let stages: Vec<String> = report.timings.iter().map(|(stage, d)| format!("{stage} {} ms", d.as_millis())).collect();
    eprintln!("srm-lint: {} files read, {} skipped; {}", report.files.len(), report.skipped.len(), stages.join(", "));
}

/// A path as printed: relative to the working folder when inside it, sanitised.
fn printed(p: &std::path::Path) -> String {
    let cwd = std::fs::canonicalize(".").unwrap_or_default();
    shown(&p.strip_prefix(&cwd).unwrap_or(p).display().to_string()).into_owned()
}

/// `--show-settings`: for each path, the config files it follows and the resolved values.
fn show_settings(opts: &Options, settings: &Settings) -> String {
    let overrides = opts.per_file.clone().unwrap_or_default();
    let mut resolver = config::Resolver::new(&opts.paths, settings.path.as_deref(), overrides, opts.follow);
    let mut out = String::new();
    for path in &opts.paths {
        let dir = if path.is_dir() { path.clone() } else { path.parent().map(PathBuf::from).unwrap_or_default() };
        let i = if opts.per_file.is_some() { resolver.index_for(&dir) } else { 0 };
        let s = resolver.settings(i, settings);
        out.push_str(&format!("Settings for {}\n", printed(path)));
        if s.sources.is_empty() {
            out.push_str("  no config file: the defaults\n");
        }
        for (n, src) in s.sources.iter().enumerate() {
            out.push_str(&format!("  config file {}: {}\n", n + 1, printed(src)));
        }
        if i > 0 {
            let root = settings.path.as_deref().map_or_else(|| "the defaults".to_string(), printed);
            out.push_str(&format!(
                "  run-wide keys (as-of, scopes, fail-on, exclude, [platformsh] plan, table paths) come from {root}\n"
            ));
        }
        for line in s.describe() {
            out.push_str(&format!("  {}\n", shown(&line)));
        }
    }
    for e in &resolver.errors {
        out.push_str(&format!("error: invalid config {}: {}\n", printed(&e.path), shown(&e.message)));
    }
    out
}

/// `--diff`, `--fix-only` and `--fix`: prints the diff or writes the fixed files (or standard
/// input's fixed text). `Some(exit code)` when the command is done; `None` when the remaining
/// findings are to be reported.
fn apply_fixes(args: &LintArgs, opts: &Options, outcome: &crate::fix::Outcome) -> Option<i32> {
    use crate::fix;
    let n = outcome.total();
    let plural = if n == 1 { "" } else { "s" };
    let dropped = || {
        for d in &outcome.dropped {
            eprintln!(
                "warning: {}: the {} fix \"{}\" was not applied: the file would no longer parse",
                shown(&d.path),
                d.code,
                shown(&d.title)
            );
        }
    };
    let errors = |extra: &[String]| {
        for e in &render::notes(&outcome.report).0 {
            eprintln!("error: {}: {}", e.path, e.message);
        }
        for e in extra {
            eprintln!("error: {e}");
        }
        !outcome.report.errors.is_empty() || !extra.is_empty()
    };
    if args.diff {
        let text: String = outcome.changed.iter().map(fix::diff).collect();
        if let Err(e) = write_out(args.output.as_ref(), &text) {
            eprintln!("error: {e}");
            return Some(2);
        }
        dropped();
        if !args.quiet {
            eprintln!("Would fix {n} finding{plural}.");
        }
        return Some(if errors(&[]) { 2 } else { i32::from(n > 0) });
    }
    if opts.stdin.is_some()
        && let Some(bytes) = fix::stdin_text(outcome, opts)
    {
        let _ = std::io::stdout().lock().write_all(bytes);
    }
    let failed = fix::write(&outcome.changed, &opts.paths);
    if args.fix_only {
        dropped();
        if !args.quiet {
            eprintln!("Fixed {n} finding{plural}.");
        }
        return Some(if errors(&failed) { 2 } else { 0 });
    }
    for e in &failed {
        eprintln!("error: {e}");
    }
    if !failed.is_empty() {
        return Some(2);
    }
    None
}

fn render_config_error(e: &ConfigError, color: bool) -> String {
    use crate::output::render::excerpt::{self, Excerpt, Label};
    struct D<'a>(&'a ConfigError, Excerpt, Vec<miette::LabeledSpan>);
    impl std::fmt::Debug for D<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            std::fmt::Display::fmt(self, f)
        }
    }
    impl std::fmt::Display for D<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "invalid config {}: {}", shown(&self.0.path.display().to_string()), shown(&self.0.message))
        }
    }
    impl std::error::Error for D<'_> {}
    impl miette::Diagnostic for D<'_> {
        fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
            Some(Box::new("srm-lint::config"))
        }
        fn source_code(&self) -> Option<&dyn miette::SourceCode> {
            Some(&self.1)
        }
        fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
            Some(Box::new(self.2.iter().cloned()))
        }
    }
    let theme = if color { miette::GraphicalTheme::unicode() } else { miette::GraphicalTheme::unicode_nocolor() };
    let handler = miette::GraphicalReportHandler::new_themed(theme).with_width(width(false));
    let name = shown(&e.path.display().to_string()).into_owned();
    // The same bounded, escaped excerpt as findings get.
    let file = crate::source::SourceFile::new(name.clone(), e.text.clone());
    let labels: Vec<Label> = e
        .span
        .map(|span: Span| Label { span, text: shown(&e.message).into_owned(), primary: true })
        .into_iter()
        .collect();
    let built = excerpt::build(&name, &file, &labels);
    let d = D(e, built.excerpt, built.labels);
    let mut out = String::new();
    if handler.render_report(&mut out, &d).is_err() || e.text.is_empty() {
        out = format!("error: invalid config {}: {}\n", shown(&e.path.display().to_string()), shown(&e.message));
    }
    out
}

fn list_rules(format: ListFormat) -> String {
    let all = diagnostic::all();
    match format {
        ListFormat::Json => {
            let v: Vec<serde_json::Value> = all
                .iter()
                .map(|m| {
                    serde_json::json!({
                        "code": m.code, "name": m.name, "platform": m.platform, "severity": m.severity.as_str(),
                        "clauses": m.clauses, "summary": m.summary, "fix": m.fix, "docs": m.docs_path,
                        "docs_url": m.docs_url(), "security_severity": m.security_severity,
                        "autofix": m.autofix.map(|a| a.as_str()),
                    })
                })
                .collect();
            serde_json::to_string_pretty(&v).expect("serialises") + "\n"
        }
        ListFormat::Human => {
            let clauses: Vec<String> = all.iter().map(|m| m.clauses.join(", ")).collect();
            let name_w = all.iter().map(|m| m.name.len()).max().unwrap_or(4).max(4);
            let clause_w = clauses.iter().map(String::len).max().unwrap_or(6).max(6);
            let mut out = format!(
                "{:<7} {:<name_w$} {:<8} {:<6} {:<clause_w$} SUMMARY\n",
                "CODE", "NAME", "SEVERITY", "FIX", "CLAUSE"
            );
            for (m, c) in all.iter().zip(&clauses) {
                out.push_str(&format!(
                    "{:<7} {:<name_w$} {:<8} {:<6} {:<clause_w$} {}\n",
                    m.code,
                    m.name,
                    m.severity.as_str(),
                    m.autofix.map_or("-", |a| a.as_str()),
                    c,
                    m.summary
                ));
            }
            out
        }
    }
}

/// `srm-lint explain CODE`: the rule's docs, with its clauses.
pub fn explain(code: &str) -> Option<String> {
    let m = diagnostic::meta(&code.to_ascii_uppercase())?;
    let autofix = match m.autofix {
        Some(diagnostic::Applicability::Safe) => " Fix: safe (applied by --fix).",
        Some(diagnostic::Applicability::Unsafe) => " Fix: unsafe (applied by --fix --unsafe-fixes).",
        None => "",
    };
    let mut out = format!(
        "{} {}\n\n{}\nDefault severity: {}. Platform: {}.{autofix}\n\nClauses:\n",
        m.code,
        m.name,
        m.summary,
        m.severity.as_str(),
        m.platform
    );
    for id in &m.clauses {
        match clauses::clause(id) {
            Some(c) => {
                out.push_str(&format!("  - {}\n    {}\n    {}\n", c.describe(), c.summary, c.source));
                let standards: Vec<_> = clauses::frameworks().standards.iter().collect();
                let refs = c.framework_summary(&standards);
                if !refs.is_empty() {
                    out.push_str(&format!("    Frameworks (srm-lint's mapping, not an attestation): {refs}\n"));
                }
            }
            None => out.push_str(&format!("  - {id}\n")),
        }
    }
    out.push_str(&format!("\n{}\n", m.docs));
    Some(out)
}
