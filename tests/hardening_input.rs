//! Issue 17, the input side: a hostile repository cannot make srm-lint read outside the repository
//! (items 2), read without bound or hang (item 3), or print a secret (item 6). Each test builds the
//! hostile tree in a temporary folder and runs the binary on it.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A value planted outside the repository (or as a secret): it must never be printed.
const CANARY: &str = "CanaryQ7x9ZkWm2PvR4tYb8NcL";

fn write(dir: &Path, path: &str, bytes: &[u8]) {
    let p = dir.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

/// Runs the binary in `dir` and kills it after `secs`: a hang fails the test instead of blocking it.
/// The output is drained while it runs, so a large output cannot fill the pipe and stall it.
fn run(dir: &Path, args: &[&str], secs: u64) -> Output {
    use std::io::Read;
    let mut child = Command::new(env!("CARGO_BIN_EXE_srm-lint"))
        .current_dir(dir)
        .args(args)
        .env("SRM_LINT_AS_OF", common::AS_OF)
        .env("NO_COLOR", "1")
        .env("LEAK_CANARY", CANARY)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("srm-lint runs");
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = r.read_to_end(&mut v);
            v
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(secs) {
            child.kill().unwrap();
            let _ = child.wait();
            panic!(
                "srm-lint {args:?} still ran after {secs} s; stderr: {}",
                String::from_utf8_lossy(&err.join().unwrap())
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output { status, stdout: out.join().unwrap(), stderr: err.join().unwrap() }
}

fn all(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// A repository (with `.git`) and a folder beside it, outside, holding the canary.
fn repo() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    let outside = tmp.path().join("outside");
    write(&repo, ".git/HEAD", b"ref: refs/heads/main\n");
    write(&repo, ".platform.app.yaml", b"name: app\ntype: php:7.4\n");
    // Not TOML: any parser error would quote it.
    write(&outside, "secret.toml", format!("TOKEN {CANARY} is not toml\n").as_bytes());
    write(&outside, ".platform.app.yaml", format!("name: app\ntype: php:7.4\n{CANARY}: [\n").as_bytes());
    write(&outside, "canary", format!("{CANARY}\n").as_bytes());
    (tmp, repo, outside)
}

// ---- item 2: no reads outside the repository ----

#[cfg(unix)]
#[test]
fn a_config_symlink_out_of_the_repository_is_not_read() {
    let (_tmp, repo, outside) = repo();
    std::os::unix::fs::symlink(outside.join("secret.toml"), repo.join("srm-lint.toml")).unwrap();
    let o = run(&repo, &["."], 20);
    assert!(!all(&o).contains(CANARY), "{}", all(&o));
    assert_eq!(o.status.code(), Some(2), "{}", all(&o));
    assert!(all(&o).contains("outside the repository"), "{}", all(&o));
    #[cfg(target_os = "linux")]
    {
        std::fs::remove_file(repo.join("srm-lint.toml")).unwrap();
        std::os::unix::fs::symlink("/proc/self/environ", repo.join("srm-lint.toml")).unwrap();
        let o = run(&repo, &["."], 20);
        assert!(!all(&o).contains(CANARY), "{}", all(&o));
        assert_eq!(o.status.code(), Some(2));
    }
}

#[test]
fn table_paths_stay_inside_the_repository() {
    let (_tmp, repo, outside) = repo();
    let abs = outside.join("secret.toml").display().to_string().replace('\\', "/");
    let settings = [
        ("platformsh", "lifecycle"),
        ("commerce", "releases"),
        ("commerce", "enforcement"),
        ("astronomer", "runtime"),
        ("aws", "lambda-runtimes"),
        ("secrets", "tokens"),
    ];
    let mut targets = vec![abs.clone(), "../outside/secret.toml".to_string(), "sub/../../outside/secret.toml".into()];
    if cfg!(target_os = "linux") {
        targets.push("/proc/self/environ".into());
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(outside.join("secret.toml"), repo.join("link.toml")).unwrap();
        targets.push("link.toml".into());
    }
    for (section, key) in settings {
        for target in &targets {
            write(&repo, "srm-lint.toml", format!("[{section}]\n{key} = \"{target}\"\n").as_bytes());
            for format in ["json", "sarif", "github", "human"] {
                let o = run(&repo, &["--format", format, "."], 20);
                let text = all(&o);
                assert!(!text.contains(CANARY), "{section}.{key} = {target} ({format}): {text}");
                assert_eq!(o.status.code(), Some(2), "{section}.{key} = {target}: {text}");
            }
        }
    }
}

#[test]
fn a_table_error_quotes_a_bounded_scrubbed_excerpt() {
    let (_tmp, repo, _outside) = repo();
    let line = format!("{}ghp_16C7e42F292c6912E7710c838347Ae178B4a {}\n", "x".repeat(5000), "y".repeat(5000));
    write(&repo, "tables/lifecycle.toml", line.as_bytes());
    write(&repo, "srm-lint.toml", b"[platformsh]\nlifecycle = \"tables/lifecycle.toml\"\n");
    let o = run(&repo, &["--format", "json", "."], 20);
    let text = all(&o);
    assert!(!text.contains("16C7e42F292c6912E7710c838347Ae178B4a"), "{text}");
    assert!(text.len() < 4000, "the error quotes too much: {} bytes", text.len());
}

#[test]
fn a_git_head_reference_cannot_name_a_file_outside() {
    let (_tmp, repo, _outside) = repo();
    write(&repo, ".git/HEAD", b"ref: ../../outside/canary\n");
    let o = run(&repo, &["report", "--format", "json", "."], 20);
    assert!(!all(&o).contains(CANARY), "{}", all(&o));
    // Not an object id: never printed either.
    write(&repo, ".git/HEAD", format!("{CANARY}\n").as_bytes());
    let o = run(&repo, &["report", "--format", "json", "."], 20);
    assert!(!all(&o).contains(CANARY), "{}", all(&o));
}

#[cfg(unix)]
#[test]
fn a_named_symlink_out_of_the_repository_is_not_followed() {
    let (_tmp, repo, outside) = repo();
    std::fs::create_dir_all(repo.join("app")).unwrap();
    std::os::unix::fs::symlink(outside.join(".platform.app.yaml"), repo.join("app/.platform.app.yaml")).unwrap();
    let o = run(&repo, &["app/.platform.app.yaml"], 20);
    assert!(!all(&o).contains(CANARY), "{}", all(&o));
    assert!(all(&o).contains("outside the repository"), "{}", all(&o));
    // A link inside the repository is still followed.
    std::os::unix::fs::symlink(repo.join(".platform.app.yaml"), repo.join("inside.platform.app.yaml")).unwrap();
    std::fs::create_dir_all(repo.join("in")).unwrap();
    std::os::unix::fs::symlink(repo.join(".platform.app.yaml"), repo.join("in/.platform.app.yaml")).unwrap();
    let o = run(&repo, &["in/.platform.app.yaml"], 20);
    assert!(all(&o).contains("PSH001"), "{}", all(&o));
}

#[test]
fn an_explicit_config_outside_is_read_but_quoted_only_briefly() {
    let (_tmp, repo, outside) = repo();
    let long = format!("{} = 1\n{}\n", "k".repeat(3000), "z".repeat(3000));
    write(&outside, "long.toml", long.as_bytes());
    let o = run(&repo, &["--config", outside.join("long.toml").to_str().unwrap(), "."], 20);
    assert_eq!(o.status.code(), Some(2));
    assert!(all(&o).len() < 2000, "{}", all(&o));
}

// ---- item 3: bounded reads, no hangs ----

#[cfg(unix)]
#[test]
fn devices_and_fifos_are_never_read_to_the_end() {
    let (_tmp, repo, _outside) = repo();
    for args in
        [&["--config", "/dev/zero", "."][..], &["--baseline", "/dev/zero", "."], &["--config", "/dev/urandom", "."]]
    {
        let o = run(&repo, args, 20);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", all(&o));
    }
    let fifo = repo.join("fifo.toml");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for args in [&["--config", "fifo.toml", "."][..], &["--baseline", "fifo.toml", "."]] {
        let o = run(&repo, args, 20);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", all(&o));
    }
    // Discovered: a FIFO named srm-lint.toml is an error, not a hang.
    std::fs::rename(&fifo, repo.join("srm-lint.toml")).unwrap();
    let o = run(&repo, &["."], 20);
    assert_eq!(o.status.code(), Some(2), "{}", all(&o));
}

#[cfg(unix)]
#[test]
fn a_file_swapped_for_a_fifo_after_the_walk_is_skipped() {
    use srm_lint::document::discover::{Candidate, Class, FileKind};
    use srm_lint::document::read::{Read, read_candidate};
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join(".platform.app.yaml");
    assert!(Command::new("mkfifo").arg(&path).status().unwrap().success());
    let c = Candidate {
        path,
        rel: ".platform.app.yaml".into(),
        class: Class::Kind(FileKind::PlatformApp),
        explicit: false,
        context: false,
    };
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let r = read_candidate(&c, 1 << 20, Default::default());
        tx.send(matches!(r, Read::Skip(..) | Read::Error(..))).unwrap();
    });
    assert_eq!(rx.recv_timeout(Duration::from_secs(10)), Ok(true), "opening a FIFO blocked or was read");
}

#[test]
fn tables_and_baselines_are_read_with_a_cap() {
    let (_tmp, repo, _outside) = repo();
    let big = "# padding\n".repeat(2 << 20);
    write(&repo, "tables/lifecycle.toml", big.as_bytes());
    write(&repo, "srm-lint.toml", b"[platformsh]\nlifecycle = \"tables/lifecycle.toml\"\n");
    let o = run(&repo, &["--format", "json", "."], 30);
    assert_eq!(o.status.code(), Some(2));
    assert!(all(&o).contains("limit"), "{}", all(&o));
}

#[test]
fn max_file_size_is_range_checked() {
    let (_tmp, repo, _outside) = repo();
    for value in ["18446744073709551615", "2000000000", "0"] {
        write(&repo, "srm-lint.toml", format!("max-file-size = {value}\n").as_bytes());
        let o = run(&repo, &["."], 20);
        assert_eq!(o.status.code(), Some(2), "{value}: {}", all(&o));
        assert!(all(&o).contains("max-file-size"), "{}", all(&o));
    }
    write(&repo, "srm-lint.toml", b"max-file-size = 1048576\n");
    assert_eq!(run(&repo, &["."], 20).status.code(), Some(1));
}

// ---- item 6: no secret printed ----

/// Random-looking secrets the scanner does not flag, one per hostile file, each put where a message
/// or an excerpt quotes it.
const TOKEN: &str = "ghp_16C7e42F292c6912E7710c838347Ae178B4a";
const PLAIN: &str = "Zq8vN2kLp4Xw7RtY9bJc3HmF6sDg";
const LETTERS: &str = "xKqPzWvLmNbTrYsDhGfJcVbQ";

fn secret_tree() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("repo");
    write(&d, ".git/HEAD", b"ref: refs/heads/main\n");
    // A token as a suppression code, and in a suppression reason.
    write(
        &d,
        "env/.env",
        format!("GITHUB_TOKEN={TOKEN} # srm-lint: ignore[{TOKEN}]\nOTHER=1 # srm-lint: ignore[SEC005] was {PLAIN}\n")
            .as_bytes(),
    );
    write(
        &d,
        "reason/.env",
        format!(
            "GITHUB_TOKEN=ghp_9ZzQ2kLp4Xw7RtY9bJc3HmF6sDgq8vN2kLp4 # srm-lint: ignore[SEC001] old one was {PLAIN}\n"
        )
        .as_bytes(),
    );
    // A multi-line .env value: its second line is in the excerpt of the finding on the first.
    write(&d, "multi/.env", format!("MULTI=\"first line\n{PLAIN}\nend\"\n").as_bytes());
    // Undefined alias and duplicate key naming a secret.
    write(&d, "alias/.platform.app.yaml", format!("name: a\ntype: php:8.4\nx: *{PLAIN}\n").as_bytes());
    write(&d, "dup/.platform.app.yaml", format!("name: a\ntype: php:8.4\n{PLAIN}: 1\n{PLAIN}: 2\n").as_bytes());
    // Unflagged values beside a parse error: the excerpt shows their lines.
    for (i, line) in [
        format!("note: {PLAIN}"),
        format!("db_password: !vault {PLAIN}"),
        format!("password: {LETTERS}"),
        format!("url: postgres://user:{}{PLAIN}@db/x", "A1b2C3d4".repeat(17)),
        format!("k: \"\\u0067{PLAIN}\""),
    ]
    .iter()
    .enumerate()
    {
        write(
            &d,
            &format!("ctx{i}/.platform.app.yaml"),
            format!("name: a\ntype: php:8.4\n{line}\nbad: [\n").as_bytes(),
        );
    }
    write(&d, "ctxjson/composer.json", format!("{{\"password\": \"\\u0067{PLAIN}\", }}\n").as_bytes());
    // A secret in a folder name.
    write(&d, &format!("{PLAIN}/.platform.app.yaml"), b"name: a\ntype: php:7.4\n");
    (tmp, d)
}

#[test]
fn secrets_never_reach_any_output() {
    let (_tmp, d) = secret_tree();
    for format in ["human", "json", "sarif", "github"] {
        let o = run(&d, &["--format", format, "."], 30);
        let text = all(&o);
        for secret in [&TOKEN[4..], PLAIN, LETTERS] {
            assert!(!text.contains(secret), "{format} prints {secret}:\n{text}");
        }
    }
    let o = run(&d, &["report", "--format", "markdown", "."], 30);
    for secret in [&TOKEN[4..], PLAIN, LETTERS] {
        assert!(!all(&o).contains(secret), "report prints {secret}");
    }
}

#[test]
fn a_baseline_does_not_hash_a_secret() {
    let (_tmp, d) = secret_tree();
    let one = run(&d, &["baseline", "-o", "one.json", "env"], 30);
    assert_eq!(one.status.code(), Some(0), "{}", all(&one));
    // The same finding with another secret of the same shape gets the same fingerprint: the secret's
    // text is not hashed, so a short password cannot be guessed from the fingerprint.
    let other = TOKEN.replace("16C7", "99Zz");
    write(&d, "env/.env", format!("GITHUB_TOKEN={other}\n").as_bytes());
    let two = run(&d, &["baseline", "-o", "two.json", "env"], 30);
    assert_eq!(two.status.code(), Some(0));
    let fp = |name: &str| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(d.join(name)).unwrap()).unwrap();
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "SEC001")
            .map(|f| f["fingerprint"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(!fp("two.json").is_empty());
    assert_eq!(fp("one.json"), fp("two.json"));
    // And the baseline is accepted.
    let o = run(&d, &["--baseline", "two.json", "--select", "SEC001", "env"], 30);
    assert_eq!(o.status.code(), Some(0), "{}", all(&o));
}
