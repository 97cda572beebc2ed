//! Config per file (the nearest `srm-lint.toml` above each file, `extend`), `--show-settings`,
//! `--show-files`, `--verbose`, `init`.

mod common;

use std::path::Path;

use common::{run_in, stdout};

const ROUTES: &[u8] = b"\"http://api.{default}/\":\n  type: upstream\n  upstream: \"api:http\"\n";

/// Writes `files` into a fresh directory holding a `.git` folder (a repository).
fn repo(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    for (path, bytes) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    dir
}

/// `rule:file` of each unsuppressed finding, sorted.
fn findings(dir: &Path, args: &[&str]) -> (Vec<String>, i32) {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let o = run_in(dir, &all);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("JSON: {o:?}"));
    let mut out: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["suppressed"].is_null())
        .map(|f| format!("{}:{}", f["rule"].as_str().unwrap(), f["path"].as_str().or(f["file"].as_str()).unwrap()))
        .collect();
    out.sort();
    (out, o.status.code().unwrap())
}

#[test]
fn each_file_follows_the_nearest_config_whatever_the_argument_order() {
    let dir = repo(&[
        ("a/.platform/routes.yaml", ROUTES),
        ("a/srm-lint.toml", b"ignore = [\"PSH004\"]\n"),
        ("b/.platform/routes.yaml", ROUTES),
        ("b/srm-lint.toml", b"select = [\"SEC\"]\n"),
        ("c/.platform/routes.yaml", ROUTES),
    ]);
    let (ab, _) = findings(dir.path(), &["a", "b", "c"]);
    let (ba, _) = findings(dir.path(), &["c", "b", "a"]);
    assert_eq!(ab, ba);
    // a ignores PSH004, b selects only secrets, c has no config: only c's finding is left.
    assert!(ab.iter().all(|f| !f.contains("a/") && !f.contains("b/")), "{ab:?}");
    assert!(ab.iter().any(|f| f.starts_with("PSH004:") && f.contains("routes.yaml")), "{ab:?}");
    // A full scan agrees.
    let (all, _) = findings(dir.path(), &["."]);
    assert_eq!(all.len(), ab.len(), "{all:?} {ab:?}");
    // The CLI beats every config: --select PSH004 brings b's finding back (a still ignores it).
    let (cli, _) = findings(dir.path(), &["a", "b", "--select", "PSH004"]);
    assert_eq!(cli.len(), 1, "{cli:?}");
    assert!(cli[0].contains("routes.yaml"), "{cli:?}");
}

#[test]
fn a_nested_config_extends_its_parent() {
    let dir = repo(&[
        ("srm-lint.toml", b"ignore = [\"PSH004\"]\n[severity]\nPSH003 = \"off\"\n"),
        ("app/srm-lint.toml", b"extend = \"../srm-lint.toml\"\nselect = [\"PSH\"]\n"),
        ("app/.platform/routes.yaml", ROUTES),
        ("other/srm-lint.toml", b"select = [\"PSH\"]\n"),
        ("other/.platform/routes.yaml", ROUTES),
    ]);
    let (f, _) = findings(dir.path(), &["."]);
    // app inherits the ignore; other does not extend, so its nearest config alone applies.
    assert!(f.iter().all(|x| !x.contains("app/")), "{f:?}");
    assert!(f.iter().any(|x| x.starts_with("PSH004:") && x.contains("other/")), "{f:?}");

    let o = run_in(dir.path(), &["--show-settings", "app/.platform/routes.yaml"]);
    let text = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let parent = text.find("srm-lint.toml").unwrap();
    let child = text.find("app/srm-lint.toml").unwrap();
    assert!(parent < child, "base config first:\n{text}");
    assert!(text.contains("select = [\"PSH\"]") && text.contains("ignore = [\"PSH004\"]"), "{text}");
    assert!(text.contains("PSH003 = \"off\""), "{text}");
}

#[test]
fn extend_cycles_and_escapes_are_errors() {
    let dir = repo(&[
        ("a/srm-lint.toml", b"extend = \"../b/srm-lint.toml\"\n"),
        ("b/srm-lint.toml", b"extend = \"../a/srm-lint.toml\"\n"),
        ("a/.platform/routes.yaml", ROUTES),
        ("c/srm-lint.toml", b"extend = \"../../srm-lint.toml\"\n"),
        ("c/.platform/routes.yaml", ROUTES),
    ]);
    // A nested config that links out of the repository is refused, its target never read.
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.toml"), "select = [\"CANARY_VALUE\"]\n").unwrap();
    std::fs::create_dir_all(dir.path().join("d/.platform")).unwrap();
    std::fs::write(dir.path().join("d/.platform/routes.yaml"), ROUTES).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.toml"), dir.path().join("d/srm-lint.toml")).unwrap();
    for (path, says) in [("a", "cycle"), ("c", "inside the repository"), (".", "symbolic link")] {
        let o = run_in(dir.path(), &[path]);
        assert_eq!(o.status.code(), Some(2), "{o:?}");
        let all = format!("{}{}", stdout(&o), String::from_utf8_lossy(&o.stderr));
        assert!(all.contains(says) && !all.contains("CANARY"), "{all}");
    }
}

#[test]
fn show_files_lists_kinds_and_what_was_skipped_and_why() {
    let dir = repo(&[
        (".platform/routes.yaml", ROUTES),
        ("infra/notes.yaml", b"just: data\n"),
        ("vendor/.platform/routes.yaml", ROUTES),
        ("build/.env", b"A=1\n"),
        (".gitignore", b"build/\n"),
        ("big/.platform/routes.yaml", &[b' '; 2048]),
        ("big/srm-lint.toml", b"max-file-size = 1000\n"),
    ]);
    std::os::unix::fs::symlink(dir.path().join(".platform/routes.yaml"), dir.path().join("linked.platform.app.yaml"))
        .unwrap();
    let o = run_in(dir.path(), &["--show-files", "--exclude", "vendor/**"]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let text = stdout(&o);
    let line = |path: &str| {
        text.lines().find(|l| l.split_whitespace().next() == Some(path)).unwrap_or_else(|| panic!("{path}:\n{text}"))
    };
    assert!(line(".platform/routes.yaml").contains("platformsh-routes"), "{text}");
    assert!(line("infra/notes.yaml").contains("not a config"), "{text}");
    assert!(line("vendor/.platform/routes.yaml").contains("exclude"), "{text}");
    assert!(line("build/.env").contains("ignore"), "{text}");
    assert!(line("big/.platform/routes.yaml").contains("max-file-size"), "{text}");
    assert!(line("linked.platform.app.yaml").contains("--follow"), "{text}");
    assert!(!text.contains("finding"), "no lint: {text}");
    // A symlinked config file that the lint skips says so, suggesting --follow.
    let o = run_in(dir.path(), &["."]);
    let text = stdout(&o);
    assert!(text.contains("skipped linked.platform.app.yaml: a symbolic link, not followed (--follow"), "{text}");
}

#[test]
fn verbose_names_configs_tables_and_timings() {
    let dir = repo(&[
        (".platform/routes.yaml", ROUTES),
        ("srm-lint.toml", b"ignore = [\"PSH014\"]\n"),
        ("app/srm-lint.toml", b"extend = \"../srm-lint.toml\"\n"),
        ("app/.platform/routes.yaml", ROUTES),
    ]);
    let o = run_in(dir.path(), &["--verbose", "."]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("srm-lint.toml") && err.contains("app/srm-lint.toml"), "{err}");
    assert!(err.contains("platformsh.lifecycle"), "{err}");
    assert!(err.contains(" ms"), "{err}");
    let quiet = run_in(dir.path(), &["."]);
    assert!(quiet.stderr.is_empty(), "{quiet:?}");
}

#[test]
fn human_output_follows_the_terminal_width() {
    let demo = common::root().join("testdata/demo");
    let human = |columns: &str| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_srm-lint"))
            .arg(&demo)
            .env("SRM_LINT_AS_OF", common::AS_OF)
            .env("NO_COLOR", "1")
            .env("COLUMNS", columns)
            .output()
            .unwrap();
        stdout(&o)
    };
    let help_width = |columns: &str| {
        human(columns).lines().filter(|l| l.starts_with("  help:")).map(|l| l.chars().count()).max().unwrap()
    };
    assert!(help_width("60") <= 60);
    assert!(help_width("200") > 100);
    // Clamped to a sane range; junk is ignored.
    assert!(help_width("5") <= 40 && help_width("5") > 30);
    assert_eq!(help_width("junk"), help_width("100"));
    // Even at the narrowest, a clause id is never broken.
    let narrow = human("40");
    let o = run_in(&demo, &[".", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for f in v["findings"].as_array().unwrap() {
        let id = f["clause"]["id"].as_str().or(f["clause"].as_str()).unwrap();
        assert!(narrow.contains(&format!("({id})")), "`{id}` broken in:\n{narrow}");
    }
}

#[test]
fn a_missing_table_fails_before_any_output() {
    let dir = repo(&[(".platform/routes.yaml", ROUTES), ("srm-lint.toml", b"[platformsh]\nlifecycle = \"x.toml\"\n")]);
    for args in [&["--format", "json"][..], &["--format", "sarif", "-o", "out.sarif"], &["report"]] {
        let o = run_in(dir.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {o:?}");
        assert!(o.stdout.is_empty(), "{args:?}: {o:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("platformsh.lifecycle") && err.contains("x.toml"), "{err}");
    }
    assert!(!dir.path().join("out.sarif").exists());
}

#[test]
fn typos_of_subcommands_and_options_get_a_suggestion() {
    let dir = repo(&[(".platform/routes.yaml", ROUTES)]);
    let err = |args: &[&str]| {
        let o = run_in(dir.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {o:?}");
        assert!(o.stdout.is_empty(), "{args:?}: {o:?}");
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    assert!(err(&["reprot"]).contains("did you mean `srm-lint report`?"));
    assert!(err(&["explian", "PSH004"]).contains("did you mean `srm-lint explain`?"));
    assert!(err(&["--selct", "PSH"]).contains("'--select'"));
    assert!(err(&["report", "--fromat", "html"]).contains("'--format'"));
    // `baseline` says which options it does not take, and why.
    for option in ["--format", "-f", "--extra-output", "--statistics", "--fail-on"] {
        let text = err(&["baseline", option, "json"]);
        assert!(text.contains(&format!("`srm-lint baseline` does not take {option}")), "{text}");
        assert!(!text.contains("-- "), "no advice to pass it as a value: {text}");
    }
    assert!(err(&["report", "--statistics"]).contains("`srm-lint report` does not take --statistics"));
}

#[test]
fn init_writes_a_commented_config_for_the_platforms_found() {
    let dir = repo(&[(".platform/routes.yaml", ROUTES), ("infra/.env", b"AWS_SECRET_ACCESS_KEY=abc\n")]);
    let o = run_in(dir.path(), &["init"]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let text = std::fs::read_to_string(dir.path().join("srm-lint.toml")).unwrap();
    assert!(text.contains("Platform.sh"), "{text}");
    assert!(!text.contains("Astronomer"), "{text}");
    assert!(text.contains("[platformsh]"), "{text}");
    // It is a valid config, and the lint runs under it.
    assert_eq!(run_in(dir.path(), &["--show-settings", "."]).status.code(), Some(0));
    assert_eq!(run_in(dir.path(), &["."]).status.code(), Some(1));
    // It refuses to overwrite, unless --force.
    std::fs::write(dir.path().join("srm-lint.toml"), "ignore = [\"PSH004\"]\n").unwrap();
    let o = run_in(dir.path(), &["init"]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("--force"), "{o:?}");
    assert_eq!(std::fs::read_to_string(dir.path().join("srm-lint.toml")).unwrap(), "ignore = [\"PSH004\"]\n");
    // With --baseline, today's findings are accepted: the next lint finds nothing new.
    let sub = dir.path().join("sub");
    std::fs::create_dir_all(sub.join(".platform")).unwrap();
    std::fs::write(sub.join(".platform/routes.yaml"), ROUTES).unwrap();
    let o = run_in(dir.path(), &["init", "sub", "--force", "--baseline"]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(sub.join("srm-lint.toml").is_file() && sub.join("srm-lint.baseline.json").is_file());
    let o = run_in(&sub, &[".", "--baseline", "srm-lint.baseline.json"]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
}

/// A pull request can add `sub/srm-lint.toml` with `ignore = ["ALL"]`: every output names the
/// nested config files that govern part of the scan.
#[test]
fn nested_configs_are_named_in_every_output() {
    let dir = repo(&[("sub/.platform/routes.yaml", ROUTES), ("sub/srm-lint.toml", b"ignore = [\"ALL\"]\n")]);
    for format in ["human", "concise"] {
        let o = run_in(dir.path(), &[".", "--format", format]);
        assert_eq!(o.status.code(), Some(0));
        let err = String::from_utf8_lossy(&o.stderr).into_owned() + &stdout(&o);
        assert!(err.contains("sub/srm-lint.toml governs the files below its folder"), "{format}: {err}");
    }
    let o = run_in(dir.path(), &[".", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["nested_configs"][0].as_str().unwrap().ends_with("sub/srm-lint.toml"), "{v:#}");
}
