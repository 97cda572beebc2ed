//! `srm-lint report`: snapshots of the three formats on the demo, and the HTML page rendered in a
//! real headless Chromium.

mod common;

use std::process::Command;

use common::{root, stdout};

/// Replaces every UTC timestamp (`YYYY-MM-DDTHH:MM:SSZ`) with `RUN_AT`.
fn normalise_run_at(s: &str) -> String {
    let b = s.as_bytes();
    let shape = b"dddd-dd-ddTdd:dd:ddZ";
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        let hit = b.len() - i >= shape.len()
            && shape.iter().zip(&b[i..]).all(|(p, c)| if *p == b'd' { c.is_ascii_digit() } else { p == c });
        if hit {
            out.push_str("RUN_AT");
            i += shape.len();
        } else {
            let ch = s[i..].chars().next().unwrap();
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

/// Replaces the working-tree verdict, which depends on file times in the checkout.
fn normalise_worktree(s: &str) -> String {
    let mut s = s.to_string();
    for w in [
        srm_lint::output::report::Worktree::Modified,
        srm_lint::output::report::Worktree::NoChangeSeen,
        srm_lint::output::report::Worktree::Unknown,
    ] {
        s = s.replace(w.label(), "WORKTREE");
    }
    s.replace("\"dirty\": true", "\"dirty\": \"DIRTY\"")
        .replace("\"dirty\": false", "\"dirty\": \"DIRTY\"")
        .replace("\"dirty\": null", "\"dirty\": \"DIRTY\"")
}

/// Runs `srm-lint report` in `dir` with `args` and the date pinned.
fn report_in(dir: &std::path::Path, args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_srm-lint"))
        .current_dir(dir)
        .arg("report")
        .args(args)
        .env("SRM_LINT_AS_OF", common::AS_OF)
        .env_remove("GITHUB_SERVER_URL")
        .env_remove("GITHUB_REPOSITORY")
        .env_remove("GITHUB_SHA")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    stdout(&o)
}

/// A JSON report's clause by id.
fn clause<'v>(v: &'v serde_json::Value, id: &str) -> &'v serde_json::Value {
    v["platforms"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["clauses"].as_array().unwrap())
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no clause {id}"))
}

/// A one-app Platform.sh project in a temporary folder, with `config` as its `srm-lint.toml`.
fn project(config: &str, routes: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".platform")).unwrap();
    std::fs::write(
        dir.path().join(".platform.app.yaml"),
        "name: app\ntype: php:8.4\ndisk: 512\nrelationships:\n  database: \"db:mysql\"\nmounts:\n  web/uploads:\n    source: local\n",
    )
    .unwrap();
    std::fs::write(dir.path().join(".platform/services.yaml"), "db:\n  type: mariadb:11.4\n  disk: 512\n").unwrap();
    std::fs::write(dir.path().join(".platform/routes.yaml"), routes).unwrap();
    std::fs::write(dir.path().join("srm-lint.toml"), config).unwrap();
    dir
}

const ROUTES: &str = "\"https://{default}/\":\n  type: upstream\n  upstream: \"app:http\"\n";

#[test]
fn clause_whose_findings_are_all_suppressed_is_an_accepted_risk() {
    let routes = format!(
        "{ROUTES}# srm-lint: ignore[PSH004] status page for the load balancer only by=dana on=2026-10-01 until=2027-06-30\n\"http://status.{{default}}/\":\n  type: upstream\n  upstream: \"app:http\"\n\
         \"http://old.{{default}}/\": # srm-lint: ignore[PSH004] kept for a partner until=2026-01-31\n  type: upstream\n  upstream: \"app:http\"\n"
    );
    // Both accepted (the second one's `until` left out): an accepted risk with who, when, until.
    let dir = project("", &routes.replace(" until=2026-01-31", ""));
    let v: serde_json::Value = serde_json::from_str(&report_in(dir.path(), &[".", "--format", "json"])).unwrap();
    let c = clause(&v, "platformsh.configuration");
    assert_eq!(c["status"], "accepted-risk", "{c:#}");
    assert_eq!(c["accepted"]["total"], 2);
    assert_eq!(c["accepted"]["findings"][0]["reason"], "status page for the load balancer only");
    assert_eq!(c["accepted"]["findings"][0]["accepted_by"], "suppression");
    let acc = &c["accepted"]["findings"][0]["acceptance"];
    assert_eq!(
        (acc["by"].as_str(), acc["on"].as_str(), acc["until"].as_str()),
        (Some("dana"), Some("2026-10-01"), Some("2027-06-30"))
    );
    let md = report_in(dir.path(), &[".", "--format", "markdown"]);
    assert!(md.contains("accepted risk (2)"), "{md}");
    assert!(
        md.contains("| suppression | dana | 2026-10-01 | 2027-06-30 | status page for the load balancer only |"),
        "{md}"
    );
    assert!(!md.contains("## Expired acceptances"), "{md}");
    // The acceptance that lapsed makes its finding open again, listed apart.
    let dir = project("", &routes);
    let v: serde_json::Value = serde_json::from_str(&report_in(dir.path(), &[".", "--format", "json"])).unwrap();
    assert_eq!(clause(&v, "platformsh.configuration")["status"], "violated");
    assert_eq!(v["expired_acceptances"][0]["expired_acceptance"]["until"], "2026-01-31", "{v:#}");
    let md = report_in(dir.path(), &[".", "--format", "markdown"]);
    assert!(md.contains("violated (1)"), "{md}");
    assert!(md.contains("## Expired acceptances"), "{md}");
    assert!(md.contains("| suppression | not recorded | not recorded | 2026-01-31 | kept for a partner |"), "{md}");
    assert!(!md.contains("Secure application and routes configuration](https://docs.platform.sh/security/compliance-guidance.html) | customer |  | ✅"));
}

#[test]
fn provider_controls_are_inherited_only_inside_the_certified_regions() {
    for (scopes, region, expected, evidence) in [
        ("", "fr-1", "inherited", "attestation"),
        ("scopes = [\"pci\"]\n", "fr-4", "inherited", "PCI DSS Attestation of Compliance"),
        ("scopes = [\"soc2\"]\n", "eu-5", "inherited", "SOC 2 Type 2 report"),
        ("scopes = [\"pci\"]\n", "fr-1", "not-inherited", "compensating control"),
        ("scopes = [\"soc2\"]\n", "FR-3", "not-inherited", "compensating control"),
        ("scopes = [\"hipaa\"]\n", "us-2", "not-inherited", "compensating control"),
        ("scopes = [\"hipaa\"]\n", "us-4", "inherited", "attestation"),
    ] {
        let dir = project(scopes, ROUTES);
        std::fs::create_dir_all(dir.path().join(".platform/local")).unwrap();
        std::fs::write(
            dir.path().join(".platform/local/project.yaml"),
            format!("id: abc123\nhost: {region}.platform.sh\n"),
        )
        .unwrap();
        let v: serde_json::Value = serde_json::from_str(&report_in(dir.path(), &[".", "--format", "json"])).unwrap();
        let c = clause(&v, "platformsh.physical-security");
        assert_eq!(c["status"], expected, "{scopes} {region}: {c:#}");
        assert!(c["evidence"].as_str().unwrap().contains(evidence), "{scopes} {region}: {c:#}");
        if expected == "not-inherited" {
            let basis = c["basis"].as_str().unwrap();
            assert!(basis.contains(&format!("region `{}`", region.to_ascii_lowercase())), "{basis}");
            assert!(basis.contains(".platform/local/project.yaml:2"), "{basis}");
        }
    }
}

#[test]
fn dedicated_plan_makes_backups_the_providers() {
    let dir = project("[platformsh]\nplan = \"dedicated\"\n", ROUTES);
    let v: serde_json::Value = serde_json::from_str(&report_in(dir.path(), &[".", "--format", "json"])).unwrap();
    let c = clause(&v, "platformsh.backups");
    assert_eq!(c["owner"], "provider");
    assert_eq!(c["status"], "inherited");
    assert!(c["plan_note"].as_str().unwrap().contains("dedicated"));
    assert_eq!(v["scope"]["platformsh_plan"], "dedicated");
    let md = report_in(dir.path(), &[".", "--format", "markdown"]);
    let row = md.lines().find(|l| l.starts_with("| [Application and database backups]"));
    assert!(row.is_none(), "the backup clause is not in the customer's table: {row:?}");

    let professional = project("[platformsh]\nplan = \"professional\"\n", ROUTES);
    let v: serde_json::Value =
        serde_json::from_str(&report_in(professional.path(), &[".", "--format", "json"])).unwrap();
    assert_eq!(clause(&v, "platformsh.backups")["owner"], "customer");
}

#[test]
fn disabled_rules_are_not_evaluated_and_checked_names_files_and_rules() {
    let dir = project("ignore = [\"PSH013\", \"PSH021\"]\n", ROUTES);
    let v: serde_json::Value = serde_json::from_str(&report_in(dir.path(), &[".", "--format", "json"])).unwrap();
    let c = clause(&v, "platformsh.capacity");
    assert_eq!(c["status"], "disabled", "{c:#}");
    assert_eq!(c["disabled_rules"], serde_json::json!(["PSH013", "PSH021"]));
    let md = report_in(dir.path(), &[".", "--format", "markdown"]);
    assert!(md.contains("not evaluated (disabled in config)"));
    assert!(md.contains("`ignore = PSH013, PSH021`"), "overrides are listed");

    let on = project("", ROUTES);
    let v: serde_json::Value = serde_json::from_str(&report_in(on.path(), &[".", "--format", "json"])).unwrap();
    let c = clause(&v, "platformsh.capacity");
    assert_eq!(c["status"], "checked", "{c:#}");
    let basis = c["basis"].as_str().unwrap();
    assert!(basis.contains("files (") && basis.contains("platformsh-app") && basis.contains("PSH013"), "{basis}");
    // A console-side clause is never fully green from the repository alone.
    let access = clause(&v, "platformsh.access-control");
    assert_eq!(access["status"], "repository-half", "{access:#}");
    assert!(access["evidence"].as_str().unwrap().contains("SSH keys"));
}

#[test]
fn scope_names_run_time_tables_and_sign_off() {
    let v: serde_json::Value =
        serde_json::from_str(&report_in(&root(), &["testdata/demo", "--format", "json"])).unwrap();
    let run_at = v["run_at"].as_str().unwrap();
    assert_eq!(normalise_run_at(run_at), "RUN_AT", "{run_at}");
    assert_ne!(run_at, v["as_of"].as_str().unwrap());
    assert!(!run_at.starts_with(common::AS_OF), "the run time is the clock, not --as-of");
    assert_eq!(v["scope"]["files"].as_array().unwrap().len(), v["files_checked"].as_u64().unwrap() as usize);
    assert_eq!(v["scope"]["tables"].as_array().unwrap().len(), 6);
    assert!(v["scope"]["tables"].as_array().unwrap().iter().all(|t| t["checked"].is_string()));
    assert_eq!(v["scope"]["config"], "testdata/demo/srm-lint.toml");
    assert!(v["sign_off"]["preparer"]["name"].is_null() && v["sign_off"]["reviewer"]["name"].is_null());
    assert_eq!(v["method"]["statuses"].as_array().unwrap().len(), 9);
    let md = report_in(&root(), &["testdata/demo", "--format", "markdown"]);
    for part in ["## Scope", "## Method and limits", "## Sign-off", "| Preparer |", "| Run at (UTC) |"] {
        assert!(md.contains(part), "missing {part}");
    }
}

#[test]
fn framework_references_follow_the_declared_scopes() {
    let refs = |config: &str| {
        let dir = project(config, ROUTES);
        let v: serde_json::Value = serde_json::from_str(&report_in(dir.path(), &[".", "--format", "json"])).unwrap();
        let c = clause(&v, "platformsh.access-control");
        let shown: Vec<String> = v["method"]["frameworks"]["standards"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_string())
            .collect();
        (c["frameworks"].clone(), shown)
    };
    // No scope declared: both frameworks, each with its numbers.
    let (f, shown) = refs("");
    assert_eq!(shown, ["pci_dss", "soc2"]);
    assert!(f["pci_dss"].as_array().unwrap().iter().any(|n| n == "8.6.2"), "{f}");
    assert!(f["soc2"].as_array().unwrap().iter().any(|n| n == "CC6.1"), "{f}");
    // PCI declared: SOC 2 is left out, in the clause and in the method.
    let (f, shown) = refs("scopes = [\"pci\"]\n");
    assert_eq!(shown, ["pci_dss"]);
    assert!(f.get("soc2").is_none() && f["pci_dss"].is_array(), "{f}");
    // HIPAA only: neither.
    let (f, shown) = refs("scopes = [\"hipaa\"]\n");
    assert!(shown.is_empty() && f.as_object().unwrap().is_empty(), "{f}");
    // The Markdown names the references per clause and the standards with their sources.
    let dir = project("scopes = [\"soc2\"]\n", ROUTES);
    let md = report_in(dir.path(), &[".", "--format", "markdown"]);
    assert!(md.contains("- **Access control, secrets and SSH keys** (customer): SOC 2 CC6.1, CC6.2, CC6.3"), "{md}");
    assert!(md.contains("### Frameworks") && md.contains("2017-trust-services-criteria"), "{md}");
    assert!(!md.contains("PCI DSS 8.6.2"), "{md}");
    let html = report_in(dir.path(), &[".", "--format", "html"]);
    assert!(html.contains("<em>Frameworks:</em> SOC 2 CC6.1, CC6.2, CC6.3") && html.contains("id=\"frameworks\""));
}

/// The report of the demo, with the commit (which changes with every commit), the run time and
/// the working-tree verdict replaced.
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
    let mut out = normalise_worktree(&normalise_run_at(&stdout(&o)));
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
        "not inherited (outside the provider's certification)",
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
    // The demo declares PCI DSS and shows region fr-3, which the provider's certification leaves out.
    assert_eq!(status("platformsh.physical-security"), "not-inherited");
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
    // Messages' quoted keys are code spans, each finding shows its severity and links its location.
    assert!(!dom.contains("route `http://"), "backticks shown literally");
    assert!(dom.contains("<code>http://status.{default}/</code>") || dom.contains("<code>http://"), "no code span");
    assert!(dom.contains("<span class=\"sev error\">error</span>"), "no severity");
    assert!(dom.contains("<a href=\"testdata/demo/.platform/routes.yaml#L"), "no location link");
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

#[test]
fn report_fail_on_sets_the_exit_code_and_still_writes_the_report() {
    let run = |dir: &std::path::Path, extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_srm-lint"))
            .current_dir(dir)
            .args(["report", ".", "--format", "json"])
            .args(extra)
            .env("SRM_LINT_AS_OF", common::AS_OF)
            .output()
            .unwrap()
    };
    let demo = root().join("testdata/demo");
    assert_eq!(run(&demo, &[]).status.code(), Some(0), "without --fail-on the report exits 0");
    let o = run(&demo, &["--fail-on", "error"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(serde_json::from_slice::<serde_json::Value>(&o.stdout).is_ok(), "the report is written");
    // Only accepted findings, or findings below the threshold: 0.
    let routes = format!(
        "{ROUTES}# srm-lint: ignore[PSH004] load balancer only\n\"http://lb.{{default}}/\":\n  type: upstream\n  upstream: \"app:http\"\n"
    );
    let dir = project("select = [\"PSH004\"]\n", &routes);
    assert_eq!(run(dir.path(), &["--fail-on", "note"]).status.code(), Some(0));
    let dir =
        project("select = [\"PSH004\"]\n", &routes.replace("# srm-lint: ignore[PSH004] load balancer only\n", ""));
    assert_eq!(run(dir.path(), &["--fail-on", "warning"]).status.code(), Some(1));
}

#[test]
fn a_rule_with_nothing_to_check_makes_its_clause_not_applicable() {
    let dir = tempfile::tempdir().unwrap();
    let template = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n";
    std::fs::write(dir.path().join("template.yaml"), template).unwrap();
    let v: serde_json::Value = serde_json::from_str(&report_in(dir.path(), &[".", "--format", "json"])).unwrap();
    let c = clause(&v, "aws.service-configuration");
    assert_eq!(c["status"], "not-applicable", "{c:#}");
    assert!(c["basis"].as_str().unwrap().contains("AWS014 found no CloudTrail trail"), "{c:#}");
    // A clause whose other rules did read something stays "checked", and says which found nothing.
    let c = clause(&v, "aws.guest-os");
    assert_eq!(c["status"], "checked", "{c:#}");
    assert!(c["basis"].as_str().unwrap().contains("AWS011 found no Lambda function to check"), "{c:#}");
    // With a trail in the template, AWS014 checked it.
    let trail = "  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n      IsMultiRegionTrail: true\n      EnableLogFileValidation: true\n      S3BucketName: !Ref Bucket\n";
    std::fs::write(dir.path().join("template.yaml"), format!("{template}{trail}")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&report_in(dir.path(), &[".", "--format", "json"])).unwrap();
    let c = clause(&v, "aws.service-configuration");
    assert_eq!(c["status"], "checked", "{c:#}");
    assert!(!c["basis"].as_str().unwrap().contains("found no"), "{c:#}");
}
