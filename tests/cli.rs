//! The command line end to end: formats (snapshots), SARIF schema, exit codes, stdin, secrets,
//! and bad input that must never stop the run.

mod common;

use std::path::Path;

use common::{AS_OF, root, run_in, stdout};

fn demo(format: &str) -> (String, i32) {
    let o = run_in(&root(), &["testdata/demo", "--format", format]);
    (stdout(&o), o.status.code().unwrap())
}

#[test]
fn demo_human_snapshot() {
    let (out, code) = demo("human");
    assert_eq!(code, 1);
    // The summary line ends with the elapsed time, which varies from run to run (the line
    // counting fixable findings follows it).
    let elapsed = regex::Regex::new(r"; took \d+\.\d\ds\n(\[\*\] [^\n]*\n)?$").unwrap();
    assert!(elapsed.is_match(&out), "{out}");
    let out = regex::Regex::new(r"; took \d+\.\d\ds\n").unwrap().replace(&out, "; took <elapsed>\n").into_owned();
    insta::assert_snapshot!("demo_human", out);
}

#[test]
fn demo_json_snapshot() {
    let (out, code) = demo("json");
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["as_of"], AS_OF);
    for f in v["findings"].as_array().unwrap() {
        for key in ["rule", "name", "severity", "file", "line", "column", "end_line", "end_column", "message", "help"] {
            assert!(!f[key].is_null(), "finding lacks {key}: {f}");
        }
        for key in ["id", "provider", "owner", "title"] {
            assert!(f["clause"][key].is_string(), "clause lacks {key}: {f}");
        }
        for r in f["related"].as_array().unwrap() {
            assert_eq!(r["path"], f["path"]);
            assert!(r["line"].is_u64() && r["end_column"].is_u64() && r["message"].is_string(), "{r}");
        }
    }
    let related = |list: &str| v[list].as_array().unwrap().iter().filter(|f| f["related"][0].is_object()).count();
    assert!(related("findings") > 0, "secondary labels are in `related`");
    insta::assert_snapshot!("demo_json", out);
}

#[test]
fn demo_github_snapshot() {
    let (out, code) = demo("github");
    assert_eq!(code, 1);
    assert!(out.lines().all(|l| l.starts_with("::")));
    insta::assert_snapshot!("demo_github", out);
}

#[test]
fn demo_sarif_validates_against_the_schema() {
    let (out, code) = demo("sarif");
    assert_eq!(code, 1);
    let sarif: serde_json::Value = serde_json::from_str(&out).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["suppressions"].is_array()), "suppressed findings are carried");
    // Fixes are carried as artifact changes (the schema below checks their shape).
    let route = results
        .iter()
        .find(|r| r["ruleId"] == "PSH004" && r["fixes"].is_array())
        .expect("the PSH004 finding carries its fix");
    let change = &route["fixes"][0]["artifactChanges"][0];
    assert_eq!(change["artifactLocation"]["uri"], "testdata/demo/.platform/routes.yaml");
    assert_eq!(
        change["replacements"][0],
        serde_json::json!({"deletedRegion": {"startLine": 11, "startColumn": 2, "endLine": 11, "endColumn": 6}, "insertedContent": {"text": "https"}})
    );
    assert!(results.iter().any(|r| r["fixes"][0]["properties"]["applicability"] == "unsafe"));
    for r in results {
        assert!(r["partialFingerprints"]["srmLint/v1"].is_string());
        assert!(r["locations"][0]["physicalLocation"]["region"]["startLine"].is_u64());
    }
    let related: Vec<&serde_json::Value> =
        results.iter().filter_map(|r| r["relatedLocations"].as_array()).flatten().collect();
    assert!(!related.is_empty(), "secondary labels are related locations");
    for l in &related {
        assert!(l["message"]["text"].as_str().is_some_and(|t| !t.is_empty()), "{l}");
        assert_eq!(l["physicalLocation"]["artifactLocation"]["uriBaseId"], "%SRCROOT%", "{l}");
        assert!(l["physicalLocation"]["region"]["startLine"].is_u64(), "{l}");
    }
    let repository = format!("{}/blob/main/", env!("CARGO_PKG_REPOSITORY"));
    for rule in sarif["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap() {
        let id = rule["id"].as_str().unwrap();
        for key in ["shortDescription", "fullDescription", "help", "helpUri", "defaultConfiguration"] {
            assert!(!rule[key].is_null(), "{id} lacks {key}");
        }
        // helpUri is the rule's own docs page, a file of this repository.
        let docs =
            rule["helpUri"].as_str().unwrap().strip_prefix(&repository).unwrap_or_else(|| panic!("{id}: {rule}"));
        assert!(docs.ends_with(&format!("/{id}.md")) && root().join(docs).is_file(), "{id}: {docs}");
        // A security score (GitHub's 0.1–10.0) and the `security` tag go together; rules about
        // srm-lint's own input (SRM*) have neither.
        let tags = rule["properties"]["tags"].as_array().unwrap();
        let security = tags.iter().any(|t| t == "security");
        match rule["properties"]["security-severity"].as_str() {
            Some(score) => {
                let score: f64 = score.parse().unwrap();
                assert!((0.1..=10.0).contains(&score) && security && !id.starts_with("SRM"), "{id}: {score}");
            }
            None => assert!(id.starts_with("SRM") && !security, "{id} has no security-severity"),
        }
    }
    let score = |id: &str| {
        let rules = sarif["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
        let rule = rules.iter().find(|r| r["id"] == id).unwrap();
        rule["properties"]["security-severity"].as_str().map(|s| s.parse::<f64>().unwrap())
    };
    assert_eq!(score("SRM001"), None, "a syntax error is not a security finding");
    assert!(score("SEC004").unwrap() >= 9.0, "a committed private key is critical");
    assert!((7.0..9.0).contains(&score("PSH004").unwrap()), "plain HTTP is high");
    assert!((4.0..7.0).contains(&score("PSH014").unwrap()), "a missing backup is medium");
    assert!(score("PSH018").unwrap() < 4.0, "deprecated syntax is low");
    let Some(schema_path) = common::shared("schemas/sarif-2.1.0.json") else {
        eprintln!("skipped: ../shared/schemas/sarif-2.1.0.json is absent");
        return;
    };
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator.iter_errors(&sarif).map(|e| format!("{} at {}", e, e.instance_path)).collect();
    assert!(errors.is_empty(), "SARIF does not validate: {errors:#?}");
}

#[test]
fn fingerprints_do_not_change_when_lines_shift() {
    let dir = tempfile::tempdir().unwrap();
    let routes = "\"http://{default}/\":\n  type: upstream\n  upstream: \"app:http\"\n";
    std::fs::create_dir(dir.path().join(".platform")).unwrap();
    let file = dir.path().join(".platform/routes.yaml");
    std::fs::write(&file, routes).unwrap();
    let fp = || {
        let o = run_in(dir.path(), &[".", "--format", "sarif"]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let r = &v["runs"][0]["results"][0];
        (
            r["partialFingerprints"]["srmLint/v1"].as_str().unwrap().to_string(),
            r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap(),
        )
    };
    let (a, line_a) = fp();
    std::fs::write(&file, format!("# a comment\n\n{routes}")).unwrap();
    let (b, line_b) = fp();
    assert_eq!(a, b);
    assert_eq!((line_a, line_b), (1, 3));
}

/// The artifact URIs of a SARIF run, by rule and line.
fn sarif_uris(dir: &Path, args: &[&str]) -> Vec<String> {
    let mut all = args.to_vec();
    all.extend(["--format", "sarif"]);
    let o = run_in(dir, &all);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut out: Vec<String> = v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let loc = &r["locations"][0]["physicalLocation"];
            assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%", "{r}");
            format!("{} {}:{}", r["ruleId"], loc["artifactLocation"]["uri"], loc["region"]["startLine"])
        })
        .collect();
    out.sort();
    out
}

#[test]
fn sarif_uris_are_relative_to_the_repository_root_whatever_the_input_path() {
    // A repository (a `.git` folder) with an app in a sub-folder.
    let dir = repo(&[
        (".git/HEAD", b"ref: refs/heads/main\n"),
        ("sub/app/.platform/routes.yaml", b"\"http://{default}/\":\n  type: upstream\n  upstream: \"app:http\"\n"),
    ]);
    let canonical = std::fs::canonicalize(dir.path()).unwrap();
    let absolute = canonical.join("sub/app");
    let expected = sarif_uris(dir.path(), &["."]);
    assert!(expected.iter().any(|u| u == "\"PSH004\" \"sub/app/.platform/routes.yaml\":1"), "{expected:?}");
    // `srm-lint sub/app`, a run from inside the folder, an absolute path, and one from elsewhere.
    assert_eq!(sarif_uris(dir.path(), &["sub/app"]), expected);
    assert_eq!(sarif_uris(&absolute, &["."]), expected);
    assert_eq!(sarif_uris(&canonical.join("sub"), &["app/.platform/routes.yaml"]), expected);
    let elsewhere = tempfile::tempdir().unwrap();
    assert_eq!(sarif_uris(elsewhere.path(), &[absolute.to_str().unwrap()]), expected);
    // A relative path that leaves the working directory (both folders are in the same temp folder).
    let outside = format!("../{}/sub/app", canonical.file_name().unwrap().to_str().unwrap());
    assert_eq!(sarif_uris(&std::fs::canonicalize(elsewhere.path()).unwrap(), &[&outside]), expected);
}

#[test]
fn no_output_format_prints_a_flagged_secret() {
    let token = "pltfrm_9fQ2xLr7TzK4mW8vN3bY6cJ1hD5sA0eG";
    for dir in ["testdata/demo", "testdata/rules/PSH022/positive"] {
        assert!(std::fs::read_to_string(root().join(dir)).is_err()); // a directory
        for format in ["human", "json", "sarif", "github"] {
            let o = run_in(&root(), &[dir, "--format", format, "--color", "always"]);
            let out = stdout(&o) + &String::from_utf8_lossy(&o.stderr);
            assert!(out.contains("PSH022"), "{dir} {format}: the secret is flagged");
            assert!(!out.contains(token), "{dir} {format}: the secret leaked");
            assert!(!out.contains(&token[8..20]), "{dir} {format}: part of the secret leaked");
        }
    }
}

#[test]
fn exit_codes() {
    let clean = root().join("testdata/rules/PSH004/negative");
    assert_eq!(run_in(&clean, &["."]).status.code(), Some(0));
    let dirty = root().join("testdata/rules/PSH004/positive");
    assert_eq!(run_in(&dirty, &["."]).status.code(), Some(1));
    assert_eq!(run_in(&dirty, &[".", "--exit-zero"]).status.code(), Some(0));
    // PSH014 without a configured plan is a note: below `--fail-on warning`.
    let note = root().join("testdata/rules/PSH014/negative");
    assert_eq!(run_in(&note, &[".", "--fail-on", "error"]).status.code(), Some(0));
    assert_eq!(run_in(&dirty, &[".", "--bogus"]).status.code(), Some(2));
    assert_eq!(run_in(&dirty, &["does-not-exist"]).status.code(), Some(2));
    assert_eq!(run_in(&dirty, &[".", "--as-of", "tomorrow"]).status.code(), Some(2));
}

#[test]
fn config_errors_point_into_the_toml() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("srm-lint.toml"), "ignore = [\"PSH999\"]\n").unwrap();
    let o = run_in(dir.path(), &["."]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("PSH999") && err.contains("srm-lint.toml") && err.contains("1 │"), "{err}");
}

#[test]
fn stdin_is_linted_under_its_given_name() {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_srm-lint"))
        .args(["-", "--stdin-filename", ".platform/routes.yaml", "--format", "json"])
        .env("SRM_LINT_AS_OF", AS_OF)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"\"http://{default}/\":\n  type: upstream\n").unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["findings"][0]["rule"], "PSH004");
    assert_eq!(v["findings"][0]["file"], ".platform/routes.yaml");
    let o = run_in(&root(), &["-"]);
    assert_eq!(o.status.code(), Some(2), "`-` without --stdin-filename is a usage error");
}

#[test]
fn rules_and_explain_commands() {
    let o = run_in(&root(), &["rules"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("PSH014") && stdout(&o).contains("missing-backup-cron"));
    let o = run_in(&root(), &["rules", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v.as_array().unwrap().len() >= 7);
    let rule = |code: &str| v.as_array().unwrap().iter().find(|r| r["code"] == code).unwrap().clone();
    assert!(rule("SEC004")["security_severity"].as_f64().is_some_and(|s| s >= 9.0));
    assert!(rule("SRM001")["security_severity"].is_null());
    assert!(rule("PSH004")["docs_url"].as_str().unwrap().ends_with("/lints/rules/platformsh/PSH004.md"));
    let o = run_in(&root(), &["explain", "psh014"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("platformsh.backups") && stdout(&o).contains("## How to fix"));
    assert!(stdout(&o).contains("not an attestation): SOC 2 A1.2, A1.3"), "{}", stdout(&o));
    assert_eq!(run_in(&root(), &["explain", "NOPE"]).status.code(), Some(2));
}

/// Writes `files` into a fresh directory.
fn repo(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    dir
}

fn json(dir: &Path, extra: &[&str]) -> (serde_json::Value, i32) {
    let mut args = vec![".", "--format", "json"];
    args.extend_from_slice(extra);
    let o = run_in(dir, &args);
    (serde_json::from_slice(&o.stdout).expect("JSON output"), o.status.code().unwrap())
}

fn rules_of(v: &serde_json::Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{}:{}:{}", f["rule"].as_str().unwrap(), f["file"].as_str().unwrap(), f["line"]))
        .collect()
}

#[test]
fn bad_input_is_reported_and_the_run_goes_on() {
    let dir = repo(&[
        (".platform/routes.yaml", b"\"http://{default}/\":\n  type: upstream\n"),
        ("a/.platform.app.yaml", b"name: a\ntype: [php:7.4\n"),
        ("b/.platform.app.yaml", b"name: b\ntype: php:7.4\nbad: \xe9t\xe9\n"),
        ("c/.platform.app.yaml", b"\x00\x01\x02binary\x00"),
        ("d/.platform.app.yaml", b""),
        ("e/.platform.app.yaml", b"# only a comment\n"),
        ("f/.platform.app.yaml", b"\xff\xfen\x00a\x00"),
        ("g/.platform.app.yaml", b"\xef\xbb\xbfname: g\r\ntype: php:7.4\r\n"),
        ("h/.platform.app.yaml", b"name: h\rtype: php:7.4\r"),
        ("big/.platform.app.yaml", &[b'#'; 4096]),
        ("srm-lint.toml", b"max-file-size = 2048\n"),
    ]);
    let (v, code) = json(dir.path(), &[]);
    assert_eq!(code, 1);
    let found = rules_of(&v);
    assert!(found.contains(&"PSH004:.platform/routes.yaml:1".to_string()), "{found:?}");
    assert!(found.contains(&"SRM001:a/.platform.app.yaml:2".to_string()), "{found:?}");
    assert!(found.contains(&"SRM001:b/.platform.app.yaml:3".to_string()), "invalid UTF-8 with its offset: {found:?}");
    assert!(found.contains(&"SRM001:f/.platform.app.yaml:1".to_string()), "UTF-16: {found:?}");
    assert!(found.contains(&"PSH001:g/.platform.app.yaml:2".to_string()), "BOM and CRLF: {found:?}");
    assert!(found.contains(&"PSH001:h/.platform.app.yaml:2".to_string()), "lone CR: {found:?}");
    let msg =
        v["findings"].as_array().unwrap().iter().find(|f| f["file"] == "b/.platform.app.yaml").unwrap()["message"]
            .as_str()
            .unwrap()
            .to_string();
    assert!(msg.contains("byte 27"), "{msg}");
    let skipped: Vec<&str> = v["skipped"].as_array().unwrap().iter().map(|s| s["path"].as_str().unwrap()).collect();
    assert_eq!(skipped, ["big/.platform.app.yaml", "c/.platform.app.yaml"]);
    assert!(v["errors"].as_array().unwrap().is_empty());
}

#[cfg(unix)]
#[test]
fn special_files_and_symlinks_never_hang_or_escape() {
    let dir = repo(&[("inner/.platform/routes.yaml", b"\"http://{default}/\":\n  type: upstream\n")]);
    let outside = repo(&[(".platform.app.yaml", b"name: outside\ntype: php:7.4\n")]);
    let p = dir.path();
    // A FIFO named .env: never opened (opening it would block forever).
    let fifo = p.join(".env");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    std::os::unix::fs::symlink(p, p.join("inner/loop")).unwrap();
    std::os::unix::fs::symlink(outside.path().join(".platform.app.yaml"), p.join(".platform.app.yaml")).unwrap();
    let (v, code) = json(p, &[]);
    assert_eq!(code, 1);
    assert_eq!(rules_of(&v), ["PSH004:inner/.platform/routes.yaml:1"], "symlinks are not followed by default");
    // With --follow the loop is detected and reported, and the run still finishes.
    let (v, code) = json(p, &["--follow"]);
    assert_eq!(code, 2, "{v}");
    assert!(v["errors"].as_array().unwrap().iter().any(|e| e["message"].as_str().unwrap().contains("loop")), "{v}");
    assert!(rules_of(&v).contains(&"PSH004:inner/.platform/routes.yaml:1".to_string()));
}

#[test]
fn ignore_files_exclude_and_explicit_files() {
    let dir = repo(&[
        (".gitignore", b"vendor/\n"),
        ("vendor/x/.platform.app.yaml", b"name: v\ntype: php:7.4\n"),
        ("legacy/.platform.app.yaml", b"name: l\ntype: php:7.4\n"),
        ("app/.platform.app.yaml", b"name: a\ntype: php:7.4\n"),
    ]);
    let (v, _) = json(dir.path(), &[]);
    assert_eq!(rules_of(&v), ["PSH001:app/.platform.app.yaml:2", "PSH001:legacy/.platform.app.yaml:2"]);
    let (v, _) = json(dir.path(), &["--exclude", "legacy/**"]);
    assert_eq!(rules_of(&v), ["PSH001:app/.platform.app.yaml:2"]);
    let (v, _) = json(dir.path(), &["--no-ignore"]);
    assert_eq!(rules_of(&v).len(), 3);
    let o = run_in(dir.path(), &["vendor/x/.platform.app.yaml", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(rules_of(&v), ["PSH001:vendor/x/.platform.app.yaml:2"], "explicit files are always linted");
}

#[test]
fn several_roots_keep_files_with_the_same_relative_path() {
    let dir = repo(&[
        ("a/.platform.app.yaml", b"name: a\ntype: php:7.4\n"),
        ("b/.platform.app.yaml", b"name: b\ntype: php:7.4\n"),
    ]);
    let o = run_in(dir.path(), &["a", "b", "a/.platform.app.yaml", "./a", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let paths: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["a/.platform.app.yaml", "b/.platform.app.yaml"], "each file once, none lost");
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_an_error_and_the_run_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    let dir = repo(&[
        ("a/.platform.app.yaml", b"name: a\ntype: php:7.4\n"),
        ("b/.platform.app.yaml", b"name: b\ntype: php:7.4\n"),
    ]);
    let locked = dir.path().join("a/.platform.app.yaml");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_ok() {
        eprintln!("skipped: running with privileges that read any file (root)");
        return;
    }
    let (v, code) = json(dir.path(), &[]);
    assert_eq!(code, 2);
    assert_eq!(v["errors"][0]["path"], "a/.platform.app.yaml");
    assert_eq!(rules_of(&v), ["PSH001:b/.platform.app.yaml:2"]);
}

#[test]
fn region_is_read_from_the_git_remote() {
    let dir = repo(&[
        (".platform.app.yaml", b"name: app\ntype: php:8.4\n"),
        (".git/config", b"[remote \"platform\"]\n\turl = abcdefghijklm@git.fr-3.platform.sh:abcdefghijklm.git\n\tfetch = +refs/heads/*:refs/remotes/platform/*\n"),
        ("srm-lint.toml", b"scopes = [\"soc2\"]\n"),
    ]);
    let (v, code) = json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(rules_of(&v), ["PSH019:.git/config:2"]);
    assert_eq!(v["findings"][0]["column"], 26);
}

#[test]
fn baseline_accepts_existing_findings_and_survives_line_shifts() {
    let dir = repo(&[(
        ".platform.app.yaml",
        b"name: app\ntype: php:7.4\nvariables:\n  env:\n    DB_PASSWORD: \"k7#Qp2vR9zL!\"\n",
    )]);
    let o = run_in(dir.path(), &["baseline", ".", "-o", "base.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let base = std::fs::read_to_string(dir.path().join("base.json")).unwrap();
    assert!(!base.contains("k7#Qp2vR9zL!"), "the baseline never stores a secret");
    assert_eq!(serde_json::from_str::<serde_json::Value>(&base).unwrap()["findings"].as_array().unwrap().len(), 2);
    // Shift every line and add a new problem: only the new one is reported.
    std::fs::write(
        dir.path().join(".platform.app.yaml"),
        "# moved\n\nname: app\ntype: php:7.4\nvariables:\n  env:\n    DB_PASSWORD: \"k7#Qp2vR9zL!\"\n    API_TOKEN: \"Zq8#wR2!pLm5\"\n",
    )
    .unwrap();
    let (v, code) = json(dir.path(), &["--baseline", "base.json"]);
    assert_eq!(code, 1);
    assert_eq!(rules_of(&v), ["SEC002:.platform.app.yaml:8"]);
    assert_eq!(v["suppressed"].as_array().unwrap().len(), 2);
    assert_eq!(run_in(dir.path(), &[".", "--baseline", "missing.json"]).status.code(), Some(2));
}

#[test]
fn named_files_see_their_project_like_a_full_scan() {
    // As pre-commit does: only the changed app file is named; its services file gives the context.
    let dir = repo(&[
        (".platform.app.yaml", b"name: app\ntype: php:8.4\nrelationships:\n  db: \"database:primary\"\n"),
        (".platform/services.yaml", b"database:\n  type: postgresql:16\n"),
        (".platform/routes.yaml", b"\"http://{default}/\":\n  type: upstream\n"),
        ("srm-lint.toml", b"[platformsh]\nplan = \"professional\"\n"),
    ]);
    let (full, _) = json(dir.path(), &[]);
    let o = run_in(dir.path(), &[".platform.app.yaml", "--format", "json"]);
    let named: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let in_app = |v: &serde_json::Value| -> Vec<String> {
        rules_of(v).into_iter().filter(|r| r.contains(":.platform.app.yaml:")).collect()
    };
    assert_eq!(in_app(&full), ["PSH014:.platform.app.yaml:4"]);
    assert_eq!(in_app(&named), in_app(&full));
    assert_eq!(rules_of(&named), ["PSH014:.platform.app.yaml:4"], "context files are not reported on");
    assert_eq!(named["files_checked"], 1);

    // In a monorepo only the named file's project is walked: an app in a subfolder still sees the
    // services of the project above it.
    let dir = repo(&[
        ("shop/backend/.platform.app.yaml", b"name: app\ntype: php:8.4\nrelationships:\n  db: \"database:primary\"\n"),
        ("shop/.platform/services.yaml", b"database:\n  type: postgresql:16\n"),
        ("shop/.platform/routes.yaml", b"\"https://{default}/\":\n  type: upstream\n  upstream: \"app:http\"\n"),
        ("blog/.platform.app.yaml", b"name: blog\ntype: php:8.4\n"),
        ("srm-lint.toml", b"[platformsh]\nplan = \"professional\"\n"),
    ]);
    let (full, _) = json(dir.path(), &[]);
    let o = run_in(dir.path(), &["shop/backend/.platform.app.yaml", "--format", "json"]);
    let named: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let in_app = |v: &serde_json::Value| -> Vec<String> {
        rules_of(v).into_iter().filter(|r| r.contains(":shop/backend/.platform.app.yaml:")).collect()
    };
    assert_eq!(in_app(&full), ["PSH014:shop/backend/.platform.app.yaml:4"]);
    assert_eq!(rules_of(&named), in_app(&full));

    // The Commerce version an app is checked against can come from a Composer file above its
    // project (here the repository's), and an app folder without routes or services belongs to
    // the project above it.
    let composer = br#"{"require": {"magento/product-enterprise-edition": "2.4.8"}}"#;
    for (app, routes) in [
        ("sites/eu/shop/.magento.app.yaml", "sites/eu/.magento/routes.yaml"),
        ("shop/.magento.app.yaml", ".magento/routes.yaml"),
    ] {
        let dir = repo(&[
            ("composer.json", composer),
            (routes, b"\"https://{default}/\":\n  type: upstream\n  upstream: \"mymagento:http\"\n"),
            (app, b"name: mymagento\ntype: php:8.1\n"),
        ]);
        let (full, _) = json(dir.path(), &[]);
        let o = run_in(dir.path(), &[app, "--format", "json"]);
        let named: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let messages = |v: &serde_json::Value| -> Vec<String> {
            v["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["file"] == app)
                .map(|f| format!("{} {}", f["rule"], f["message"]))
                .collect()
        };
        assert!(
            messages(&full).iter().any(|m| m.starts_with("\"ACC003\"") && m.contains("2.4.8")),
            "{:?}",
            messages(&full)
        );
        assert_eq!(messages(&named), messages(&full));
    }
}

#[test]
fn two_roots_are_two_projects() {
    // `a` and `b` both hold a Platform.sh project at their top; `b`'s app uses `b`'s redis, and
    // must not be read against `a`'s postgresql service of the same name.
    let dir = repo(&[
        ("a/.platform.app.yaml", b"name: web\ntype: php:8.4\n"),
        ("a/.platform/services.yaml", b"cache:\n  type: postgresql:16\n"),
        ("b/.platform.app.yaml", b"name: app\ntype: php:8.4\nrelationships:\n  cache: \"cache:redis\"\n"),
        ("b/.platform/services.yaml", b"cache:\n  type: redis:7.2\n"),
    ]);
    let o = run_in(dir.path(), &["a", "b", "--format", "json"]);
    let both: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let (alone, _) = json(&dir.path().join("b"), &[]);
    assert_eq!(rules_of(&alone), Vec::<String>::new());
    assert_eq!(rules_of(&both), Vec::<String>::new(), "{both}");
}

#[test]
fn committed_files_are_checked_even_when_gitignore_matches_them() {
    if std::process::Command::new("git").arg("--version").output().is_err() {
        eprintln!("skipped: no git on this machine");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let o = std::process::Command::new("git").current_dir(dir.path()).args(args).output().unwrap();
        assert!(o.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&o.stderr));
    };
    git(&["init", "-q"]);
    let auth = r#"{"http-basic": {"repo.magento.com": {"username": "3f9a0c2b7d1e4a5b8c6d0e2f1a3b5c7d", "password": "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b"}}}"#;
    std::fs::create_dir_all(dir.path().join("shop")).unwrap();
    std::fs::write(dir.path().join("shop/auth.json"), auth).unwrap();
    std::fs::write(dir.path().join(".gitignore"), "auth.json\n").unwrap();
    // Ignored and not committed: not in the repository, not checked.
    let o = run_in(dir.path(), &[".", "--format", "json"]);
    assert!(!stdout(&o).contains("ACC005"), "{}", stdout(&o));
    // Force-added: committed, so checked.
    git(&["add", "-f", "shop/auth.json"]);
    let o = run_in(dir.path(), &[".", "--format", "json"]);
    assert!(stdout(&o).contains("\"rule\": \"ACC005\""), "{}", stdout(&o));
    // The same from a subfolder of the repository.
    let o = run_in(&dir.path().join("shop"), &[".", "--format", "json"]);
    assert!(stdout(&o).contains("\"rule\": \"ACC005\""), "{}", stdout(&o));
    // --no-ignore reads it either way, once.
    let o = run_in(dir.path(), &[".", "--format", "json", "--no-ignore"]);
    assert_eq!(stdout(&o).matches("\"rule\": \"ACC005\"").count(), 1, "{}", stdout(&o));
}

#[test]
fn baselines_are_repository_relative_and_never_emptied_by_accident() {
    let dir = repo(&[
        ("a/.platform.app.yaml", b"name: a\ntype: php:7.4\n"),
        ("b/.platform.app.yaml", b"name: b\ntype: php:7.4\n"),
    ]);
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    // A baseline made from `a/` names `a/.platform.app.yaml`, and does not hide the same finding in `b/`.
    let o = run_in(dir.path(), &["baseline", "a", "-o", "base.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let base = std::fs::read_to_string(dir.path().join("base.json")).unwrap();
    assert!(base.contains("\"a/.platform.app.yaml\""), "{base}");
    let scan = |cwd: &Path, path: &str, base: &str| -> serde_json::Value {
        let o = run_in(cwd, &[path, "--format", "json", "--baseline", base]);
        serde_json::from_slice(&o.stdout).expect("JSON output")
    };
    let v = scan(dir.path(), "b", "base.json");
    assert_eq!(rules_of(&v), ["PSH001:.platform.app.yaml:2"], "b's finding is new");
    // The same baseline matches whichever folder is scanned: `.`, `a`, or from inside `a`.
    for (cwd, path) in [(dir.path().to_path_buf(), "a"), (dir.path().to_path_buf(), "."), (dir.path().join("a"), ".")] {
        let base = dir.path().join("base.json");
        let v = scan(&cwd, path, base.to_str().unwrap());
        let active: Vec<String> = rules_of(&v).into_iter().filter(|r| !r.contains("b/")).collect();
        assert!(active.is_empty(), "{path} from {}: {active:?}", cwd.display());
    }
    // `baseline --baseline X -o X` refuses to overwrite the file it reads...
    let o = run_in(dir.path(), &["baseline", ".", "--baseline", "base.json", "-o", "base.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(dir.path().join("base.json")).unwrap(), base, "left as it was");
    // ...unless asked, and then it keeps what is accepted instead of emptying it, adds what is new,
    // and drops what no longer matches.
    std::fs::write(dir.path().join("a/.platform.app.yaml"), "name: a\ntype: php:8.4\n").unwrap();
    let o = run_in(dir.path(), &["baseline", ".", "--baseline", "base.json", "-o", "base.json", "--update"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("dropped 1 entry"), "{}", String::from_utf8_lossy(&o.stderr));
    let updated = std::fs::read_to_string(dir.path().join("base.json")).unwrap();
    assert!(updated.contains("\"b/.platform.app.yaml\"") && !updated.contains("\"a/.platform.app.yaml\""), "{updated}");
    let o = run_in(dir.path(), &["baseline", ".", "--baseline", "base.json", "-o", "base.json", "--update"]);
    let again = std::fs::read_to_string(dir.path().join("base.json")).unwrap();
    assert_eq!(again, updated, "an update with nothing new keeps every entry: {}", String::from_utf8_lossy(&o.stderr));
    // A lint run says when entries are stale.
    std::fs::write(dir.path().join("b/.platform.app.yaml"), "name: b\ntype: php:8.4\n").unwrap();
    let o = run_in(dir.path(), &[".", "--baseline", "base.json"]);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("1 entry of the baseline"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // `baseline` takes no lint-only options.
    assert_eq!(run_in(dir.path(), &["baseline", ".", "--format", "json"]).status.code(), Some(2));
}

#[test]
fn stdin_filename_reads_standard_input_or_fails() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let dir = repo(&[(".platform.app.yaml", b"name: ok\ntype: php:8.4\n")]);
    let run = |args: &[&str]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_srm-lint"))
            .current_dir(dir.path())
            .args(args)
            .env("SRM_LINT_AS_OF", common::AS_OF)
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // A run that fails on its arguments exits before reading: a broken pipe is not a failure.
        let _ =
            child.stdin.take().unwrap().write_all(b"\"http://{default}/\":\n  type: upstream\n  upstream: app:http\n");
        child.wait_with_output().unwrap()
    };
    // No path: standard input is read (not the working directory).
    let o = run(&["--stdin-filename", ".platform/routes.yaml"]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stdout));
    assert!(String::from_utf8_lossy(&o.stdout).contains("PSH004"));
    assert!(String::from_utf8_lossy(&o.stdout).contains("1 checked file"));
    // A path but no `-`: the name would be ignored, so it is an error.
    let o = run(&["sub", "--stdin-filename", ".platform/routes.yaml"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn masking_a_multi_line_secret_keeps_every_line_number() {
    let key = format!(
        "-----BEGIN RSA PRIVATE KEY-----\n{}\n{}\n{}\n-----END RSA PRIVATE KEY-----",
        "MIIEowIBAAKCAQEAx8f3kQ2Lp9Zr7TvW4yN1bHc6JdQe5Xs0gKmUoPa8VtRiYlBn",
        "Fq3Wz7Ck9Lm2Pn4Rt6Vx8Yb1Dc3Ef5Gh7Jk9Lm0No2Pq4Rs6Tu8Vw0Xy2Za4Bc6De",
        "8Fg0Hi2Jk4Lm6No8Pq0Rs2Tu4Vw6Xy8Za0Bc2De4Fg6Hi8Jk0Lm2No4Pq6Rs8Tu0Vw",
    );
    let env = format!("# keys\nSSH_KEY=\"{key}\"\nAPP_NAME=shop\nAPI_TOKEN=Zq8#wR2!pLm5Kx7\n");
    let dir = repo(&[(".env", env.as_bytes())]);
    let o = run_in(dir.path(), &[".", "--format", "human"]);
    let out = stdout(&o);
    // API_TOKEN is on line 8 of the file; the excerpt's gutter and header must say so.
    assert!(out.contains("[.env:8:"), "{out}");
    let gutter = out.lines().find(|l| l.contains("API_TOKEN=")).unwrap_or_else(|| panic!("{out}"));
    assert!(gutter.trim_start().starts_with("8 │"), "{gutter}\n{out}");
    assert!(!out.contains("Fq3Wz7Ck9Lm2Pn4Rt6Vx8Yb1Dc3Ef5Gh7Jk9"), "the key is masked");
}

fn codes_of(v: &serde_json::Value) -> Vec<String> {
    let mut out: Vec<String> =
        v["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap().to_string()).collect();
    out.sort();
    out.dedup();
    out
}

#[test]
fn output_format_concise_quiet_and_statistics() {
    // `--output-format` is the long name; `--format` and `-f` stay as aliases.
    let long = stdout(&run_in(&root(), &["testdata/demo", "--output-format", "json"]));
    assert_eq!(long, demo("json").0);
    assert_eq!(stdout(&run_in(&root(), &["testdata/demo", "-f", "json"])), long);
    let help = stdout(&run_in(&root(), &["--help"]));
    for option in [
        "--output-format",
        "concise",
        "--statistics",
        "--quiet",
        "--extend-select",
        "FORCE_COLOR",
        "--fix",
        "--unsafe-fixes",
        "--diff",
        "--fix-only",
    ] {
        assert!(help.contains(option), "--help lacks {option}");
    }

    let total = serde_json::from_str::<serde_json::Value>(&long).unwrap()["findings"].as_array().unwrap().len();
    let concise = stdout(&run_in(&root(), &["testdata/demo", "--output-format", "concise"]));
    let lines: Vec<&str> = concise.lines().collect();
    // The findings, the summary line and the line counting the fixable ones.
    assert_eq!(lines.len(), total + 2, "{concise}");
    assert!(lines[total + 1].starts_with("[*] ") && lines[total + 1].contains("fixable with --fix"), "{concise}");
    let line = regex::Regex::new(r"^testdata/demo/\S+:\d+:\d+: [A-Z]{3}\d{3} \S").unwrap();
    assert!(lines[..total].iter().all(|l| line.is_match(l)), "{concise}");
    assert!(lines.contains(&"testdata/demo/.platform/routes.yaml:11:1: PSH004 [*] route `http://status.{default}/` serves the application over plain HTTP"), "{concise}");
    assert!(lines[total].contains("findings (") && lines[total].contains("; took "), "{concise}");

    // A message with control characters is sanitised: one finding, one line.
    let dir = repo(&[(
        ".platform/routes.yaml",
        b"\"http://a\\x1b[31m\\n.{default}/\":\n  type: upstream\n  upstream: \"app:http\"\n",
    )]);
    let out = stdout(&run_in(dir.path(), &[".", "-f", "concise", "--quiet"]));
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(!out.contains('\x1b') && out.starts_with(".platform/routes.yaml:1:1: PSH004 "), "{out}");

    // --quiet: only the findings.
    let quiet = stdout(&run_in(&root(), &["testdata/demo", "-f", "concise", "--quiet"]));
    assert_eq!(quiet.lines().count(), total);
    let human = stdout(&run_in(&root(), &["testdata/demo", "--quiet"]));
    assert!(human.contains("PSH004") && !human.contains("findings ("), "{human}");

    // --statistics: counts per rule, most frequent first.
    let stats = stdout(&run_in(&root(), &["testdata/demo", "--statistics", "--select", "PSH004,PSH014"]));
    assert_eq!(stats, "2\tPSH004\tplain-http-route\n1\tPSH014\tmissing-backup-cron\n", "{stats}");
}

#[test]
fn selection_follows_ruff() {
    let config = tempfile::tempdir().unwrap();
    let toml = config.path().join("srm-lint.toml");
    std::fs::write(&toml, "select = [\"psh004\"]\n").unwrap();
    let toml = toml.to_str().unwrap();
    let (v, _) = json(&root(), &["testdata/demo", "--config", toml]);
    assert_eq!(codes_of(&v), ["PSH004"]);
    // --select on the command line replaces the config's selection.
    let (v, _) = json(&root(), &["testdata/demo", "--config", toml, "--select", "PSH014"]);
    assert_eq!(codes_of(&v), ["PSH014"]);
    // --extend-select adds to it; codes are case-insensitive and may have spaces after commas.
    let (v, _) = json(&root(), &["testdata/demo", "--config", toml, "--extend-select", "psh014, Psh001"]);
    assert_eq!(codes_of(&v), ["PSH001", "PSH004", "PSH014"]);
    let (v, _) = json(&root(), &["testdata/demo", "--select", "PSH004, psh014", "--ignore", " psh014"]);
    assert_eq!(codes_of(&v), ["PSH004"]);

    // Suppressions are case-insensitive too.
    let dir = repo(&[(
        ".platform/routes.yaml",
        b"# srm-lint: ignore[psh004] internal only\n\"http://api.{default}/\":\n  type: upstream\n  upstream: \"api:http\"\n",
    )]);
    let (v, _) = json(dir.path(), &["--select", "PSH004,SRM"]);
    assert_eq!(codes_of(&v), Vec::<String>::new(), "{v}");
    assert_eq!(v["suppressed"].as_array().unwrap().len(), 1, "{v}");

    // Did you mean: unknown codes on the command line, in `explain`, in config, and config keys.
    let o = run_in(&root(), &["testdata/demo", "--select", "PSH04"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean `PSH004`?"), "{o:?}");
    let o = run_in(&root(), &["explain", "psh0044"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean `PSH004`?"), "{o:?}");
    std::fs::write(config.path().join("srm-lint.toml"), "selct = [\"PSH004\"]\n").unwrap();
    let o = run_in(&root(), &["testdata/demo", "--config", toml]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean `select`?"), "{o:?}");
    std::fs::write(config.path().join("srm-lint.toml"), "ignore = [\"SEC01\"]\n").unwrap();
    let o = run_in(&root(), &["testdata/demo", "--config", toml]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean `SEC001`?"), "{o:?}");
}

#[test]
fn force_color_and_clicolor_force_colour_piped_output() {
    for var in ["FORCE_COLOR", "CLICOLOR_FORCE"] {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_srm-lint"))
            .current_dir(root())
            .args(["testdata/demo"])
            .env("SRM_LINT_AS_OF", AS_OF)
            .env_remove("NO_COLOR")
            .env(var, "1")
            .output()
            .unwrap();
        assert!(stdout(&o).contains("\x1b["), "{var} gives no colour");
    }
    let plain = std::process::Command::new(env!("CARGO_BIN_EXE_srm-lint"))
        .current_dir(root())
        .args(["testdata/demo"])
        .env("SRM_LINT_AS_OF", AS_OF)
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("FORCE_COLOR", "0")
        .output()
        .unwrap();
    assert!(!stdout(&plain).contains("\x1b["), "a pipe is not coloured by default (FORCE_COLOR=0 forces nothing)");
}

#[test]
fn human_output_never_breaks_a_clause_id() {
    let demo = root().join("testdata/demo");
    let (v, _) = json(&demo, &[]);
    let human = stdout(&run_in(&demo, &[".", "--color", "never"]));
    let ids: std::collections::BTreeSet<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["clause"]["id"].as_str().or(f["clause"].as_str()))
        .collect();
    assert!(!ids.is_empty());
    for id in ids {
        assert!(human.contains(&format!("({id})")), "clause id `{id}` is broken in:\n{human}");
    }
}

/// Routes with two plain-HTTP routes accepted inline: one until a day before the pinned date, one
/// after it, and one whose `until` is not a date.
const ROUTES_ACCEPTED: &str = "\"https://{default}/\":\n  type: upstream\n  upstream: \"app:http\"\n\
# srm-lint: ignore[PSH004] old monitor by=alice on=2026-01-10 until=2026-06-30\n\
\"http://status.{default}/\":\n  type: upstream\n  upstream: \"app:http\"\n\
\"http://old.{default}/\": # srm-lint: ignore[PSH004] until = 2027-01-01 by = bob\n  type: upstream\n  upstream: \"app:http\"\n\
\"http://bad.{default}/\": # srm-lint: ignore[PSH004] until=2027-13-01\n  type: upstream\n  upstream: \"app:http\"\n";

#[test]
fn an_acceptance_past_its_until_date_counts_again() {
    let dir = repo(&[(".platform/routes.yaml", ROUTES_ACCEPTED.as_bytes())]);
    let (v, code) = json(dir.path(), &["--select", "PSH004"]);
    assert_eq!(code, 1);
    assert_eq!(rules_of(&v), ["PSH004:.platform/routes.yaml:5", "PSH004:.platform/routes.yaml:11"]);
    let expired = &v["findings"][0]["expired_acceptance"];
    assert_eq!(expired["by"], "alice");
    assert_eq!(expired["until"], "2026-06-30");
    assert_eq!(expired["reason"], "old monitor");
    assert!(v["findings"][0]["help"].as_str().unwrap().contains("(by alice on 2026-01-10, until 2026-06-30) expired"));
    assert!(v["findings"][1]["help"].as_str().unwrap().contains("`until=2027-13-01` is not a date"));
    let kept = &v["suppressed"][0]["suppressed"];
    assert_eq!(
        (kept["by"].as_str(), kept["until"].as_str(), kept["via"].as_str()),
        (Some("bob"), Some("2027-01-01"), Some("suppression"))
    );
    // An expired suppression still matches its finding: it is not reported as unused (SRM002).
    let (v, _) = json(dir.path(), &["--select", "PSH004,SRM002"]);
    assert!(!rules_of(&v).iter().any(|r| r.starts_with("SRM002")), "{v:#}");
    // The date that is not one is a malformed suppression (SRM005) too.
    let (v, _) = json(dir.path(), &["--select", "SRM005"]);
    assert_eq!(rules_of(&v), ["SRM005:.platform/routes.yaml:11"], "{v:#}");
    // After 2027-01-01, bob's acceptance lapses too.
    let (v, _) = json(dir.path(), &["--select", "PSH004", "--as-of", "2027-01-02"]);
    assert_eq!(rules_of(&v).len(), 3);
}

#[test]
fn baseline_entries_record_who_when_until_and_expire() {
    let routes = "\"http://status.{default}/\":\n  type: upstream\n  upstream: \"app:http\"\n";
    let dir = repo(&[(".platform/routes.yaml", routes.as_bytes())]);
    let args =
        ["baseline", ".", "-o", "base.json", "--by", "carol", "--until", "2027-01-31", "--reason", "ticket OPS-12"];
    let o = run_in(dir.path(), &args);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let base: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("base.json")).unwrap()).unwrap();
    let e = &base["findings"][0];
    assert_eq!(
        (e["by"].as_str(), e["on"].as_str(), e["until"].as_str()),
        (Some("carol"), Some(AS_OF), Some("2027-01-31"))
    );
    assert_eq!(e["reason"], "ticket OPS-12");
    let (v, code) = json(dir.path(), &["--baseline", "base.json"]);
    assert_eq!(code, 0, "{v:#}");
    let s = &v["suppressed"][0]["suppressed"];
    assert_eq!(
        (s["via"].as_str(), s["by"].as_str(), s["reason"].as_str()),
        (Some("baseline"), Some("carol"), Some("ticket OPS-12"))
    );
    // Regenerating keeps the recorded acceptance of entries that still match.
    let o = run_in(dir.path(), &["baseline", ".", "--baseline", "base.json", "-o", "base.json", "--update"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(std::fs::read_to_string(dir.path().join("base.json")).unwrap().contains("\"by\": \"carol\""));
    // Past its `until`, the entry no longer hides the finding.
    let (v, code) = json(dir.path(), &["--baseline", "base.json", "--as-of", "2027-02-01"]);
    assert_eq!(code, 1);
    assert_eq!(v["findings"][0]["expired_acceptance"]["via"], "baseline");
    // A date that is not one is an error, not an acceptance without end.
    std::fs::write(dir.path().join("bad.json"), base.to_string().replace("2027-01-31", "2027-02-30")).unwrap();
    assert_eq!(run_in(dir.path(), &[".", "--baseline", "bad.json"]).status.code(), Some(2));
}

/// A small repository with one safe fix (PSH004), one unsafe one (AWS005), a secret and a link
/// pointing out of it.
fn fixable_repo() -> tempfile::TempDir {
    repo(&[
        (".platform/routes.yaml", b"# routes\r\n\"http://api.{default}/\": # old monitor\r\n  type: upstream\r\n  upstream: \"api:http\"\r\n"),
        (
            "infra/db.yaml",
            b"\xef\xbb\xbfAWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: mysql # pinned\n",
        ),
    ])
}

#[test]
fn diff_prints_a_unified_diff_writes_nothing_and_exits_1() {
    let dir = fixable_repo();
    let before = std::fs::read(dir.path().join(".platform/routes.yaml")).unwrap();
    let o = run_in(dir.path(), &[".", "--diff"]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    let out = stdout(&o);
    assert!(out.contains("--- a/.platform/routes.yaml\n+++ b/.platform/routes.yaml\n@@ -1,4 +1,4 @@\n"), "{out}");
    assert!(
        out.contains("-\"http://api.{default}/\": # old monitor\n+\"https://api.{default}/\": # old monitor\n"),
        "{out}"
    );
    // The unsafe fix is not in the diff without --unsafe-fixes.
    assert!(!out.contains("StorageEncrypted"), "{out}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("Would fix 1 finding."));
    assert_eq!(std::fs::read(dir.path().join(".platform/routes.yaml")).unwrap(), before);
    let o = run_in(dir.path(), &[".", "--diff", "--unsafe-fixes"]);
    assert!(stdout(&o).contains("+      StorageEncrypted: true\n"), "{}", stdout(&o));
    // Nothing to fix: exit 0, no diff.
    let o = run_in(dir.path(), &[".", "--diff", "--select", "PSH016"]);
    assert_eq!((o.status.code(), stdout(&o).as_str()), (Some(0), ""));
}

#[test]
fn fix_writes_files_byte_exact_and_reports_what_remains() {
    let dir = fixable_repo();
    let o = run_in(dir.path(), &[".", "--fix", "-f", "concise"]);
    let out = stdout(&o);
    assert!(out.contains("Fixed 1 finding (1 remaining).") && out.contains("AWS005 "), "{out}");
    assert!(out.contains("No fixes available (1 hidden fix can be enabled with --unsafe-fixes)."), "{out}");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        std::fs::read(dir.path().join(".platform/routes.yaml")).unwrap(),
        b"# routes\r\n\"https://api.{default}/\": # old monitor\r\n  type: upstream\r\n  upstream: \"api:http\"\r\n"
    );
    let o = run_in(dir.path(), &[".", "--fix-only", "--unsafe-fixes"]);
    assert_eq!((o.status.code(), stdout(&o).as_str()), (Some(0), ""));
    assert!(String::from_utf8_lossy(&o.stderr).contains("Fixed 1 finding."));
    assert_eq!(
        std::fs::read(dir.path().join("infra/db.yaml")).unwrap(),
        b"\xef\xbb\xbfAWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: mysql # pinned\n      StorageEncrypted: true\n"
    );
    // Idempotent.
    let o = run_in(dir.path(), &[".", "--fix", "--unsafe-fixes"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("Fixed 0 findings (0 remaining)."));
}

#[test]
fn fix_marks_fixable_findings_and_json_carries_the_edits() {
    let dir = fixable_repo();
    let o = run_in(dir.path(), &[".", "-f", "concise", "--unsafe-fixes"]);
    let out = stdout(&o);
    assert!(out.contains(": PSH004 [*] route") && out.contains(": AWS005 [*] "), "{out}");
    assert!(out.contains("[*] 2 fixable with --fix --unsafe-fixes."), "{out}");
    let (v, _) = json(dir.path(), &[]);
    let f = v["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "PSH004").unwrap();
    assert_eq!(f["fix"]["applicability"], "safe");
    assert_eq!(
        f["fix"]["edits"][0],
        serde_json::json!({"start": {"line": 2, "column": 2}, "end": {"line": 2, "column": 6}, "content": "https"})
    );
    let f = v["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "AWS005").unwrap();
    assert_eq!(
        (f["fix"]["applicability"].as_str(), f["fix"]["applied_by_fix"].as_bool()),
        (Some("unsafe"), Some(false))
    );
}

#[test]
fn fix_of_standard_input_prints_the_fixed_text() {
    let o = common::run_with_stdin(
        &root(),
        &["-", "--stdin-filename", ".platform/routes.yaml", "--fix"],
        b"'http://{default}/': # x\n  type: upstream\n",
    );
    assert_eq!(stdout(&o), "'https://{default}/': # x\n  type: upstream\n");
    assert!(String::from_utf8_lossy(&o.stderr).contains("Fixed 1 finding (0 remaining)."));
    assert_eq!(o.status.code(), Some(0));
}

#[cfg(unix)]
#[test]
fn fix_never_writes_through_a_link_out_of_the_scanned_paths() {
    let outside = fixable_repo();
    let dir = repo(&[]);
    std::fs::create_dir_all(dir.path().join(".platform")).unwrap();
    std::os::unix::fs::symlink(outside.path().join(".platform/routes.yaml"), dir.path().join(".platform/routes.yaml"))
        .unwrap();
    let before = std::fs::read(outside.path().join(".platform/routes.yaml")).unwrap();
    for args in [&[".", "--fix", "--follow"][..], &[".platform/routes.yaml", "--fix"]] {
        let o = run_in(dir.path(), args);
        assert!(stdout(&o).contains("Fixed 0 findings"), "{}", stdout(&o));
        assert_eq!(std::fs::read(outside.path().join(".platform/routes.yaml")).unwrap(), before);
    }
}

#[test]
fn a_fix_that_deletes_a_secret_never_prints_it() {
    let dir = repo(&[(
        ".platform.app.yaml",
        b"name: app\ntype: php:8.4\nvariables:\n  env:\n    DATABASE_PASSWORD: \"Wq9#zT4mLx2!\" # set by ops\n    APP_ENV: prod\n",
    )]);
    for args in
        [&[".", "--diff", "--unsafe-fixes"][..], &[".", "-f", "json"], &[".", "-f", "sarif"], &[".", "--unsafe-fixes"]]
    {
        let o = run_in(dir.path(), args);
        let all = format!("{}{}", stdout(&o), String::from_utf8_lossy(&o.stderr));
        assert!(!all.contains("zT4mLx2"), "{args:?} printed the secret: {all}");
    }
    let o = run_in(dir.path(), &[".", "--diff", "--unsafe-fixes"]);
    assert!(stdout(&o).contains("-    DATABASE_PASSWORD: \"Wq9…\" # set by ops\n"), "{}", stdout(&o));
    let o = run_in(dir.path(), &[".", "-f", "concise"]);
    assert!(stdout(&o).contains("1 hidden fix can be enabled with --unsafe-fixes"), "{}", stdout(&o));
    let o = run_in(dir.path(), &[".", "--fix", "--unsafe-fixes"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".platform.app.yaml")).unwrap(),
        "name: app\ntype: php:8.4\nvariables:\n  env:\n    APP_ENV: prod\n"
    );
}
