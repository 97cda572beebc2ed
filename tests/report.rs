//! `srm-lint report`: snapshots of the three formats on the demo, and the HTML page rendered in a
//! real headless Chromium.

mod common;

use std::process::Command;

use common::{root, stdout};

/// The report of the demo, with the commit (which changes with every commit) replaced.
fn report(format: &str) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_srm-lint"))
        .current_dir(root())
        .args(["report", "testdata/demo", "--format", format])
        .env("SRM_LINT_AS_OF", common::AS_OF)
        .env_remove("GITHUB_SERVER_URL")
        .env_remove("GITHUB_REPOSITORY")
        .env_remove("GITHUB_SHA")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let mut out = stdout(&o);
    if let Some(commit) = srm_lint::output::report::commit(&root()) {
        out = out.replace(&commit, "COMMIT").replace(&commit[..12], "COMMIT");
    }
    out
}

#[test]
fn markdown_report_snapshot() {
    let md = report("markdown");
    for part in [
        "## Platform.sh",
        "❌ violated",
        "needs attestation",
        "Inherited from the provider",
        "## Accepted risks",
        "PCI DSS",
    ] {
        assert!(md.contains(part), "missing {part}");
    }
    insta::assert_snapshot!("report_markdown", md);
}

#[test]
fn json_report_snapshot() {
    let text = report("json");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["version"], 1);
    let psh = v["platforms"].as_array().unwrap().iter().find(|p| p["id"] == "platformsh").unwrap();
    let status =
        |id: &str| psh["clauses"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap()["status"].clone();
    assert_eq!(status("platformsh.backups"), "violated");
    assert_eq!(status("platformsh.two-factor"), "needs-attestation");
    assert_eq!(status("platformsh.physical-security"), "inherited");
    assert_eq!(v["suppressed"][0]["reason"], "internal health check, no cookies or personal data");
    insta::assert_snapshot!("report_json", text);
}

#[test]
fn html_report_is_self_contained_and_renders_in_chromium() {
    let html = report("html");
    assert!(!html.contains("<script") && !html.contains("http-equiv"), "no scripts");
    assert!(!html.contains("src=\"http") && !html.contains("@import") && !html.contains("url("), "nothing fetched");
    insta::assert_snapshot!("report_html", html);

    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| Command::new(c).arg("--version").output().is_ok_and(|o| o.status.success()));
    let Some(chromium) = chromium else {
        eprintln!("skipped: no Chromium installed (apt-get install chromium); .ci/run installs it");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    std::fs::write(&page, &html).unwrap();
    let url = format!("file://{}", page.display());
    let flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ];
    let profile = format!("--user-data-dir={}", dir.path().join("profile").display());
    let dom = Command::new(chromium).args(flags).arg(&profile).args(["--dump-dom", &url]).output().unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout);
    for id in ["id=\"summary\"", "id=\"platform-platformsh\"", "id=\"accepted-risks\"", "class=\"chart\""] {
        assert!(dom.contains(id), "rendered DOM lacks {id}");
    }
    assert!(dom.matches("class=\"row-violated\"").count() >= 5);
    let shot =
        std::env::var_os("SRM_LINT_SCREENSHOT").map_or_else(|| dir.path().join("report.png"), std::path::PathBuf::from);
    let o = Command::new(chromium)
        .args(flags)
        .arg(&profile)
        .args(["--window-size=1200,1800", "--hide-scrollbars"])
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&url)
        .output()
        .unwrap();
    let png = std::fs::read(&shot).unwrap_or_else(|_| panic!("no screenshot: {}", String::from_utf8_lossy(&o.stderr)));
    assert!(png.starts_with(b"\x89PNG") && png.len() > 20_000, "screenshot looks empty ({} bytes)", png.len());
}
