//! Hostile input: every file below gets a clear diagnostic (or a note that it was skipped), the run
//! goes on to the other files, and the whole run stays within a time bound. The files are generated
//! here (some are large) into a temporary copy of `testdata/hostile/`.

mod common;

use std::time::{Duration, Instant};

fn write(dir: &std::path::Path, path: &str, bytes: &[u8]) {
    let p = dir.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

#[test]
fn hostile_files_are_reported_and_the_run_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    // Billion laughs: 10 levels of 10 aliases.
    let mut bomb = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let p = format!("*a{}", i - 1);
        bomb.push_str(&format!("a{i}: &a{i} [{}]\n", [p.as_str(); 10].join(", ")));
    }
    write(d, "bomb/.platform.app.yaml", format!("name: bomb\ntype: php:7.4\n{bomb}").as_bytes());
    write(d, "deep-flow/.platform.app.yaml", format!("name: x\nnest: {}\n", "[".repeat(10_000)).as_bytes());
    write(d, "deep-block/.platform.app.yaml", format!("name: x\nnest:\n{}", "- ".repeat(10_000) + "x\n").as_bytes());
    let mut big = String::from("name: big\ntype: php:7.4\nvariables:\n  env:\n");
    while big.len() < 5 * 1024 * 1024 {
        big.push_str(&format!("    KEY_{}: value-{}\n", big.len(), big.len()));
    }
    write(d, "big/.platform.app.yaml", big.as_bytes());
    // Over the 10 MiB cap: skipped with a note, never read whole.
    let huge = big.repeat(10);
    write(d, "huge/.platform.app.yaml", huge.as_bytes());
    drop(huge);
    write(d, "dup/.platform.app.yaml", b"name: dup\ntype: php:8.4\ntype: php:7.4\n");
    write(d, "utf8/.platform.app.yaml", b"name: x\ntype: php:7.4\nbad: \xff\xfe\n");
    write(d, "utf16/.platform.app.yaml", b"\xff\xfen\x00a\x00m\x00e\x00");
    write(d, "bom/.platform.app.yaml", b"\xef\xbb\xbfname: bom\r\ntype: php:7.4\r\n");
    write(d, "cr/.platform.app.yaml", b"name: cr\rtype: php:7.4\r");
    write(d, "nul/.platform.app.yaml", b"name: x\x00\x00\ntype: php:7.4\n");
    write(d, "binary/.platform.app.yaml", &(0..=255u8).cycle().take(4096).collect::<Vec<u8>>());
    write(d, "empty/.platform.app.yaml", b"");
    write(d, "comments/.platform.app.yaml", b"# only\n# comments\n");
    write(d, "json/composer.json", format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).as_bytes());
    write(d, "docker/Dockerfile", format!("FROM x\nRUN {}\n", "a \\\n".repeat(250_000)).as_bytes());
    write(d, "ok/.platform/routes.yaml", b"\"http://{default}/\":\n  type: upstream\n");
    // Multi-byte characters where the rules look for `http://` and `https://` prefixes.
    write(d, "shop/.magento.app.yaml", b"name: shop\ntype: php:8.3\n");
    write(
        d,
        "shop/.magento/routes.yaml",
        "\"http://\u{e9}x.com/\":\n  type: upstream\n  upstream: \"shop:http\"\n\"abcdef\u{e9}\":\n  type: upstream\n\"https\u{e9}//x\":\n  type: redirect\n  to: \"http://\u{e9}\"\n".as_bytes(),
    );
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        std::os::unix::fs::symlink(d, d.join("loop")).unwrap();
        std::fs::create_dir_all(d.join("outside")).unwrap();
        std::os::unix::fs::symlink("/etc/hostname", d.join("outside/.env")).unwrap();
        assert!(
            std::process::Command::new("mkfifo").arg(d.join("fifo/.env")).status().is_ok_and(|s| s.success()) || {
                std::fs::create_dir_all(d.join("fifo")).unwrap();
                std::process::Command::new("mkfifo").arg(d.join("fifo/.env")).status().unwrap().success()
            }
        );
        use std::os::unix::fs::PermissionsExt;
        write(d, "unreadable/.env", b"A=1\n");
        std::fs::set_permissions(d.join("unreadable/.env"), std::fs::Permissions::from_mode(0o000)).unwrap();
        let weird = std::ffi::OsStr::from_bytes(b"bad-\xffname");
        write(&d.join(weird), ".platform.app.yaml", b"name: w\ntype: php:7.4\n");
    }
    let start = Instant::now();
    let o = common::run_in(d, &[".", "--format", "json", "--follow"]);
    let elapsed = start.elapsed();
    assert!(elapsed < Duration::from_secs(60), "took {elapsed:?}");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON output");
    let found: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{} {}", f["rule"].as_str().unwrap(), f["file"].as_str().unwrap()))
        .collect();
    let has = |rule: &str, file: &str| found.iter().any(|f| f == &format!("{rule} {file}"));
    assert!(has("PSH001", "bomb/.platform.app.yaml"), "alias bomb parsed without expansion: {found:?}");
    assert!(has("SRM001", "deep-flow/.platform.app.yaml") && has("SRM001", "deep-block/.platform.app.yaml"));
    assert!(has("PSH001", "big/.platform.app.yaml"), "5 MB file linted");
    assert!(has("SRM001", "dup/.platform.app.yaml"));
    assert!(has("SRM001", "utf8/.platform.app.yaml") && has("SRM001", "utf16/.platform.app.yaml"));
    assert!(has("PSH001", "bom/.platform.app.yaml") && has("PSH001", "cr/.platform.app.yaml"));
    assert!(has("SRM001", "json/composer.json"), "100k nested arrays give a depth error");
    assert!(has("PSH004", "ok/.platform/routes.yaml"), "the run goes on");
    assert!(has("ACC015", "shop/.magento/routes.yaml") && has("PSH005", "shop/.magento/routes.yaml"), "{found:?}");
    let internal = v["errors"].as_array().unwrap().iter().any(|e| e["message"].as_str().unwrap().contains("internal"));
    assert!(!internal, "a rule failed: {}", v["errors"]);
    let skipped: Vec<String> = v["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| format!("{} ({})", s["path"].as_str().unwrap(), s["reason"].as_str().unwrap()))
        .collect();
    assert!(skipped.iter().any(|s| s.starts_with("binary/") && s.contains("binary")), "{skipped:?}");
    assert!(skipped.iter().any(|s| s.starts_with("nul/")), "{skipped:?}");
    assert!(skipped.iter().any(|s| s.starts_with("huge/") && s.contains("larger than")), "{skipped:?}");
    #[cfg(unix)]
    {
        assert!(skipped.iter().any(|s| s.starts_with("outside/.env") && s.contains("outside")), "{skipped:?}");
        let errors = v["errors"].as_array().unwrap();
        assert!(errors.iter().any(|e| e["message"].as_str().unwrap().contains("loop")), "{errors:?}");
        assert!(has("PSH001", "bad-\u{fffd}name/.platform.app.yaml"), "non-UTF-8 path: {found:?}");
        assert_eq!(o.status.code(), Some(2), "the symlink loop is an error");
        // Root reads any file; otherwise the unreadable one is an error naming it.
        if std::fs::read(d.join("unreadable/.env")).is_err() {
            assert!(errors.iter().any(|e| e["path"].as_str().unwrap().contains("unreadable")), "{errors:?}");
        }
    }
}
