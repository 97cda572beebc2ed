//! The output side of hardening against hostile repositories (issue 17, items 1, 4, 5 and 7): no
//! panic while rendering, nothing in a repository can write a line of its own into a CI log, and
//! output size and rendering time stay bounded whatever the number of findings. The time limits
//! are loose (60 s, for a loaded CI machine): they catch quadratic work, which takes far longer on
//! these inputs; speed targets live in BENCHMARKS.md.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{run_in, stdout};

fn write(dir: &Path, path: &str, bytes: &[u8]) {
    let p = dir.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Exit code 101 is Rust's panic.
fn assert_no_panic(o: &std::process::Output, what: &str) {
    assert_ne!(o.status.code(), Some(101), "{what} panicked: {}", stderr(o));
    assert!(!stderr(o).contains("panicked"), "{what} panicked: {}", stderr(o));
}

/// Text a log viewer or terminal would act on: a workflow command at the start of a line (lines
/// end at `\n` or `\r`), or any control character but newline (no colour is asked for).
fn assert_log_safe(text: &str, what: &str) {
    for line in text.split(['\n', '\r']) {
        assert!(!line.trim_start().starts_with("::"), "{what} starts a line with a workflow command: {line:?}");
    }
    let bad: Vec<char> = text.chars().filter(|c| c.is_control() && *c != '\n').collect();
    assert!(bad.is_empty(), "{what} holds raw control characters {bad:?}:\n{text}");
}

// ---- 1. No panic in human output ----

#[test]
fn a_finding_past_column_65535_renders_in_every_format() {
    let tmp = tempfile::tempdir().unwrap();
    let pad = "x".repeat(70_000);
    let template = format!(
        r#"{{"AWSTemplateFormatVersion":"2010-09-09","Resources":{{"Pad":{{"Type":"AWS::SNS::Topic","Properties":{{"TopicName":"{pad}"}}}},"B":{{"Type":"AWS::S3::Bucket","Properties":{{"AccessControl":"PublicReadWrite"}}}}}}}}"#
    );
    write(tmp.path(), "infra/template.json", template.as_bytes());
    for format in ["human", "json", "sarif", "github"] {
        let o = run_in(tmp.path(), &[".", "--format", format]);
        assert_no_panic(&o, format);
        assert_eq!(o.status.code(), Some(1), "{format}: {}", stderr(&o));
        assert!(stdout(&o).contains("AWS002"), "{format}: {}", stdout(&o));
    }
    let v: serde_json::Value = serde_json::from_slice(&run_in(tmp.path(), &[".", "--format", "json"]).stdout).unwrap();
    let column = v["findings"][0]["column"].as_u64().unwrap();
    assert!(column > 65_535, "{column}");
    let human = stdout(&run_in(tmp.path(), &["."]));
    assert!(human.contains(&format!("template.json:1:{column}]")), "the real column is shown: {human}");
    assert!(human.len() < 20_000, "the 70 KB line is cut around the finding: {} bytes", human.len());
}

#[test]
fn report_survives_a_multi_byte_git_head() {
    let tmp = tempfile::tempdir().unwrap();
    // Not an id: byte 12 falls inside an `é`.
    write(tmp.path(), ".git/HEAD", "aéééééééééééééééé\n".as_bytes());
    write(tmp.path(), ".platform/routes.yaml", b"\"http://{default}/\":\n  type: upstream\n");
    for format in ["markdown", "html", "json"] {
        let o = run_in(tmp.path(), &["report", ".", "--format", format]);
        assert_no_panic(&o, format);
        assert_eq!(o.status.code(), Some(0), "{format}: {}", stderr(&o));
    }
}

// ---- 4. No writing into the CI log ----

#[cfg(unix)]
#[test]
fn file_names_cannot_inject_workflow_commands_or_escapes() {
    let tmp = tempfile::tempdir().unwrap();
    let routes = b"\"http://{default}/\":\n  type: upstream\n";
    for dir in ["b\n::stop-commands::x", "c\r::add-mask::y", "d\x1b]0;pwned\x07"] {
        write(tmp.path(), &format!("{dir}/.platform/routes.yaml"), routes);
    }
    let o = run_in(tmp.path(), &["."]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("b\\n::stop-commands::x/.platform/routes.yaml"), "shown escaped: {out}");
    assert!(out.contains("d\\u{1b}]0;pwned\\u{7}"), "shown escaped: {out}");
    assert_log_safe(&out, "human output");
    assert_log_safe(&stderr(&o), "stderr");
    let gh = stdout(&run_in(tmp.path(), &[".", "--format", "github"]));
    for line in gh.lines() {
        assert!(
            line.starts_with("::warning ") || line.starts_with("::error ") || line.starts_with("::notice "),
            "{line:?}"
        );
        assert!(!line.contains('\r') && !line.contains('\x1b'), "{line:?}");
    }
}

#[test]
fn file_content_cannot_inject_workflow_commands_or_escapes() {
    let tmp = tempfile::tempdir().unwrap();
    // Double-quoted YAML keys can hold any control character: a carriage return, ESC, BEL.
    write(
        tmp.path(),
        ".platform/routes.yaml",
        b"\"http://a\\r::error file=x::owned/\":\n  type: upstream\n\"http://b\\e]8;;http://evil\\a/\":\n  type: upstream\n",
    );
    // Raw ESC and CR in a file's text reach the source excerpt (and the parser's message).
    write(tmp.path(), "c/.platform/routes.yaml", b"\"http://c/\":\n  type: upstream # \x1b[2J\r::warning::hi\n");
    // A suppression naming an unknown code quoted by SRM003.
    write(tmp.path(), "app/.env", b"A=1 # srm-lint: ignore[X\x1b[31m]\n");
    let o = run_in(tmp.path(), &["."]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("PSH004"), "{out}");
    assert!(out.contains("http://a\\r::error"), "the key is shown escaped: {out}");
    assert_log_safe(&out, "human output");
    let gh = stdout(&run_in(tmp.path(), &[".", "--format", "github"]));
    for line in gh.lines() {
        assert!(line.starts_with("::"), "{line:?}");
        assert!(!line.contains('\r') && !line.contains('\x1b'), "{line:?}");
    }
}

#[test]
fn markdown_report_keeps_route_keys_in_their_code_span() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        ".platform/routes.yaml",
        b"\"http://x/` [click](https://evil.example) ![i](https://evil.example/p.png) `\":\n  type: upstream\n",
    );
    let o = run_in(tmp.path(), &["report", ".", "--format", "markdown"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = stdout(&o);
    assert!(md.contains("click"), "{md}");
    assert!(!md.contains("[click](https://evil.example)"), "a link was injected:\n{md}");
    assert!(!md.contains("![i](https://evil.example/p.png)"), "an image was injected:\n{md}");
}

#[test]
fn github_properties_and_data_are_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "a,b:c%d/.platform/routes.yaml", b"\"http://{default}/%0A::x\":\n  type: upstream\n");
    let gh = stdout(&run_in(tmp.path(), &[".", "--format", "github"]));
    assert!(gh.contains("file=a%2Cb%3Ac%25d/.platform/routes.yaml"), "{gh}");
    assert!(gh.contains("%250A::x"), "{gh}");
    assert_eq!(gh.lines().count(), 1, "{gh}");
}

// ---- 5. Bounded, linear output ----

#[test]
fn many_findings_in_one_file_render_fast_and_are_capped() {
    let tmp = tempfile::tempdir().unwrap();
    let mut env = String::new();
    let mut i = 0;
    while env.len() < 600_000 {
        env.push_str(&format!("DB_PASSWORD_{i}=\"Zq8#wL2!vR9@kT4$mX{i:07}pB6^\"\n"));
        i += 1;
    }
    write(tmp.path(), ".env", env.as_bytes());
    let start = Instant::now();
    let o = run_in(tmp.path(), &["."]);
    let took = start.elapsed();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(took < Duration::from_secs(60), "human output took {took:?}");
    assert!(
        out.contains("more SEC002 findings"),
        "a summary stands for the rest: {}",
        &out[out.len().saturating_sub(2000)..]
    );
    assert!(out.len() < 2_000_000, "{} bytes", out.len());
    // Every finding still counts in the summary line.
    let last = out.lines().last().unwrap();
    let total: usize = last.split(' ').next().unwrap().parse().unwrap();
    assert!(total >= i, "{i} lines: {last}");
}

#[test]
fn duplicate_keys_on_one_long_line_are_bounded() {
    let tmp = tempfile::tempdir().unwrap();
    let mut line = String::from("name: app\ntype: php:8.4\nvariables: {");
    for _ in 0..10_900 {
        line.push_str("aa: 1, ");
    }
    line.push_str("z: 1}\n");
    write(tmp.path(), ".platform.app.yaml", line.as_bytes());
    let start = Instant::now();
    let o = run_in(tmp.path(), &["."]);
    let took = start.elapsed();
    assert_no_panic(&o, "human");
    let out = stdout(&o);
    assert!(out.len() < 1_000_000, "{} bytes of output", out.len());
    assert!(took < Duration::from_secs(60), "took {took:?}");
}

#[test]
fn columns_on_a_long_line_are_not_recounted_per_finding() {
    let tmp = tempfile::tempdir().unwrap();
    // 200k keys on one line of a JSON file; `é` keeps the line from being plain ASCII.
    let mut json = String::from("{\"é\":0");
    for _ in 0..200_000 {
        json.push_str(",\"a\":1");
    }
    json.push_str("}\n");
    write(tmp.path(), "composer.json", json.as_bytes());
    for format in ["json", "human"] {
        let start = Instant::now();
        let o = run_in(tmp.path(), &[".", "--format", format]);
        let took = start.elapsed();
        assert_no_panic(&o, format);
        assert!(took < Duration::from_secs(60), "{format} took {took:?}");
        assert!(o.stdout.len() < 2_000_000, "{format}: {} bytes", o.stdout.len());
    }
}

// ---- 7. Smaller ----

#[test]
fn a_code_named_twice_in_one_suppression_is_not_unused() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        ".platform/routes.yaml",
        b"# srm-lint: ignore[PSH004,PSH004] the status page is plain HTTP on purpose\n\"http://{default}/\":\n  type: upstream\n",
    );
    let o = run_in(tmp.path(), &[".", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["findings"].as_array().unwrap().len(), 0, "{}", v["findings"]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn a_file_named_by_two_paths_is_reported_once() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "a/.platform/routes.yaml", b"\"http://{default}/\":\n  type: upstream\n");
    for pair in [
        ["a/.platform/routes.yaml", "./a/.platform/routes.yaml"],
        ["a/.platform/routes.yaml", "a/./.platform//routes.yaml"],
        ["a/.platform/routes.yaml", "a/../a/.platform/routes.yaml"],
    ] {
        let o = run_in(tmp.path(), &[pair[0], pair[1], "--format", "json"]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let n = v["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == "PSH004").count();
        assert_eq!(n, 1, "{pair:?}: {}", v["findings"]);
    }
}

#[cfg(unix)]
#[test]
fn walk_errors_name_the_offending_path() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "x/.platform/routes.yaml", b"\"https://{default}/\":\n  type: upstream\n");
    std::os::unix::fs::symlink("..", tmp.path().join("x/loop")).unwrap();
    let o = run_in(tmp.path(), &[".", "--follow", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let errors = v["errors"].as_array().unwrap();
    assert!(!errors.is_empty(), "the loop is reported");
    for e in errors {
        assert_ne!(e["path"], ".", "{e}");
        assert!(e["path"].as_str().unwrap().contains("loop"), "{e}");
    }
}

#[test]
fn stdin_filename_is_printed_escaped() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_srm-lint"))
        .args(["-", "--stdin-filename", "x\n::error::owned\x1b]0;t\x07"])
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"A=1\n").unwrap();
    let o = child.wait_with_output().unwrap();
    let out = stdout(&o);
    assert!(out.contains("x\\n::error::owned\\u{1b}"), "{out}");
    assert_log_safe(&out, "human output");
    assert_log_safe(&stderr(&o), "stderr");
}

/// A repository can commit `srm.sarif -> ~/.cargo/bin/cargo`: no output file (`-o`,
/// `--extra-output`, `--report-output`, a baseline, `init`) is ever written through a link.
#[test]
#[cfg(unix)]
fn outputs_are_never_written_through_a_committed_symlink() {
    let tmp = tempfile::tempdir().unwrap();
    let (repo, victim) = (tmp.path().join("repo"), tmp.path().join("victim"));
    std::fs::create_dir_all(&victim).unwrap();
    write(&repo, ".platform/routes.yaml", b"\"http://x.{default}/\":\n  type: upstream\n  upstream: \"app:http\"\n");
    std::fs::write(victim.join("tool"), "#!/bin/sh\necho ok\n").unwrap();
    for name in ["out.txt", "out.sarif", "summary.md", "srm-lint.baseline.json"] {
        std::os::unix::fs::symlink(victim.join("tool"), repo.join(name)).unwrap();
    }
    std::os::unix::fs::symlink(&victim, repo.join("outdir")).unwrap();
    let untouched = || assert_eq!(std::fs::read_to_string(victim.join("tool")).unwrap(), "#!/bin/sh\necho ok\n");
    for args in [
        &[".", "-o", "out.txt"][..],
        &[".", "--extra-output", "sarif:out.sarif"],
        &[".", "--report-output", "markdown:summary.md"],
        &[".", "-o", "outdir/new.txt"],
        &["baseline", "."],
        &["report", ".", "-o", "summary.md"],
    ] {
        let o = run_in(&repo, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
        assert!(String::from_utf8_lossy(&o.stderr).contains("symbolic link"), "{args:?}");
        untouched();
        assert!(!victim.join("new.txt").exists());
    }
    // A plain output path still works.
    assert_eq!(run_in(&repo, &[".", "-o", "fresh.txt"]).status.code(), Some(1));
    assert!(std::fs::read_to_string(repo.join("fresh.txt")).unwrap().contains("PSH004"));
}

/// A folder named like a workflow command cannot start a CI log line, and `##[` never reaches
/// the log as written.
#[test]
fn paths_cannot_start_a_workflow_command() {
    let tmp = tempfile::tempdir().unwrap();
    let routes = b"\"http://x.{default}/\": # ##[error]forged\n  type: upstream\n  upstream: \"app:http\"\n";
    write(tmp.path(), "::warning title=INJ::injected/.platform/routes.yaml", routes);
    for args in [&[".", "--format", "concise"][..], &[".", "--show-files"], &[".", "--format", "human"]] {
        let out = stdout(&run_in(tmp.path(), args));
        assert!(out.contains("injected"), "{args:?}: {out}");
        for line in out.lines() {
            assert!(!line.trim_start().starts_with("::"), "{args:?}: {line}");
            assert!(!line.contains("##["), "{args:?}: {line}");
        }
    }
}
