//! Every rule: docs, clause, and a positive and a negative fixture that give exactly the expected
//! locations (`testdata/rules/<CODE>/expected.txt`).

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use srm_lint::config::{self, Settings};
use srm_lint::date::Date;
use srm_lint::engine::{self, Options};
use srm_lint::{clauses, rules};

fn lint(dir: &Path) -> engine::Report {
    let settings =
        config::find(dir).filter(|p| p.starts_with(dir)).map_or_else(Settings::default, |p| config::load(&p).unwrap());
    let opts = Options {
        paths: vec![dir.to_path_buf()],
        as_of: Some(Date::parse(common::AS_OF).unwrap()),
        ..Options::default()
    };
    engine::run(&opts, &settings)
}

fn locations(report: &engine::Report, code: &str) -> BTreeSet<String> {
    report
        .findings
        .iter()
        .filter(|f| f.code == code && f.suppressed.is_none())
        .map(|f| {
            let file = &report.files[f.file].source;
            let lc = file.line_col(f.span.start);
            let rel = file.rel.rsplit_once("/positive/").map_or(file.rel.as_str(), |(_, r)| r);
            format!("{rel}:{}:{}", lc.line, lc.column)
        })
        .collect()
}

#[test]
fn every_rule_has_docs_clauses_and_fixtures() {
    let fixtures = common::root().join("testdata/rules");
    let all = rules::all();
    assert!(!all.is_empty());
    for m in all {
        assert!(!m.docs.is_empty(), "{}: empty docs", m.code);
        for section in ["## What it checks", "## Why", "## How to fix", "## Example"] {
            assert!(m.docs.contains(section), "{}: docs lack `{section}`", m.code);
        }
        assert!(!m.clauses.is_empty(), "{}: no clause", m.code);
        for c in &m.clauses {
            assert!(clauses::clause(c).is_some(), "{}: unknown clause {c}", m.code);
        }
        let name_ok = m.name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        assert!(name_ok, "{}: name `{}` is not kebab-case", m.code, m.name);
        assert!(m.docs_path.ends_with(&format!("{}/{}.md", m.platform, m.code)), "{}: docs at {}", m.code, m.docs_path);
        for side in ["positive", "negative"] {
            assert!(fixtures.join(&m.code).join(side).is_dir(), "{}: no {side} fixture", m.code);
        }
        assert!(fixtures.join(&m.code).join("expected.txt").is_file(), "{}: no expected.txt", m.code);
    }
    // Every rule with code has metadata, and every non-engine rule has code.
    for c in rules::checks() {
        assert!(rules::meta(c.code).is_some(), "{} has no docs under lints/rules", c.code);
    }
    for m in all.iter().filter(|m| m.platform != "core") {
        assert!(rules::checks().iter().any(|c| c.code == m.code), "{} is documented but has no code", m.code);
    }
}

#[test]
fn fixtures_give_exactly_the_expected_findings() {
    let fixtures = common::root().join("testdata/rules");
    for m in rules::all() {
        let dir = fixtures.join(&m.code);
        let expected: BTreeSet<String> = std::fs::read_to_string(dir.join("expected.txt"))
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.trim().to_string())
            .collect();
        let positive = lint(&dir.join("positive"));
        assert!(positive.errors.is_empty(), "{}: {:?}", m.code, positive.errors);
        assert_eq!(locations(&positive, &m.code), expected, "{}: positive fixture", m.code);
        let negative = lint(&dir.join("negative"));
        let got = locations(&negative, &m.code);
        assert!(got.is_empty(), "{}: negative fixture gave {got:?}", m.code);
    }
}

#[test]
fn checkable_customer_clauses_have_rules() {
    // Clauses whose rules belong to rule packs still to come (issues 3–7). Each entry must stay true:
    // once a rule covers the clause, the test fails until the entry is removed.
    let pending: &[&str] = &[];
    let covered: BTreeSet<&str> = rules::all().iter().flat_map(|m| m.clauses.iter().map(String::as_str)).collect();
    let platforms_with_rules: BTreeSet<&str> =
        rules::all().iter().filter(|m| m.platform != "core").map(|m| m.platform.as_str()).collect();
    let mut missing = Vec::new();
    for c in &clauses::catalogue().clauses {
        if c.owner == "provider" || c.visibility != "repository" || !platforms_with_rules.contains(c.provider.as_str())
        {
            continue;
        }
        if pending.contains(&c.id.as_str()) {
            assert!(!covered.contains(c.id.as_str()), "{} is covered now: remove it from `pending`", c.id);
        } else if !covered.contains(c.id.as_str()) {
            missing.push(c.id.clone());
        }
    }
    assert!(missing.is_empty(), "customer clauses visible in a repository with no rule: {missing:?}");
    let without_pack: BTreeSet<&str> = clauses::catalogue()
        .providers
        .iter()
        .map(|p| p.id.as_str())
        .filter(|p| !platforms_with_rules.contains(p) && *p != "generic")
        .collect();
    eprintln!("providers whose rule pack is still to come: {without_pack:?}");
}

#[test]
fn clause_catalogue_is_consistent() {
    let cat = clauses::catalogue();
    let mut ids = BTreeSet::new();
    for c in &cat.clauses {
        assert!(ids.insert(c.id.as_str()), "duplicate clause {}", c.id);
        assert!(clauses::provider(&c.provider).is_some(), "{}: unknown provider", c.id);
        assert!(c.id.starts_with(&format!("{}.", c.provider)), "{}: id not prefixed by provider", c.id);
        assert!(["customer", "shared", "provider"].contains(&c.owner.as_str()), "{}: owner", c.id);
        assert!(["repository", "attestation"].contains(&c.visibility.as_str()), "{}: visibility", c.id);
        assert!(c.source.starts_with("https://"), "{}: source", c.id);
        if c.visibility == "attestation" && c.owner != "provider" {
            assert!(c.evidence.is_some(), "{}: attestation clause without evidence", c.id);
        }
    }
}

fn lint_with(dir: &Path, settings: &Settings, as_of: &str) -> engine::Report {
    let opts =
        Options { paths: vec![dir.to_path_buf()], as_of: Some(Date::parse(as_of).unwrap()), ..Options::default() };
    engine::run(&opts, settings)
}

#[test]
fn platform_rules_report_adobe_clauses_on_magento_files() {
    // One implementation, two vendors: the Platform.sh rules that read the shared file format name
    // an Adobe Commerce clause, and report it on `.magento*` files.
    for code in ["PSH004", "PSH005", "PSH006", "PSH007", "PSH008", "PSH009", "PSH010", "PSH011", "PSH012", "PSH013"]
        .into_iter()
        .chain(["PSH016", "PSH017", "PSH018"])
    {
        let m = rules::meta(code).unwrap();
        assert!(m.clauses.iter().any(|c| c.starts_with("commerce.")), "{code} lists no Adobe Commerce clause");
    }
    let fixtures = common::root().join("testdata/rules");
    for (code, path) in [("PSH013", "shop/.magento.app.yaml"), ("PSH004", "shop/.magento/routes.yaml")] {
        let report = lint(&fixtures.join(code).join("positive"));
        let on_magento: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.code == code && report.files[f.file].source.rel.ends_with(path))
            .collect();
        assert_eq!(on_magento.len(), 1, "{code}: one finding on {path}");
        assert_eq!(on_magento[0].clause, Some("commerce.configuration"), "{code} on {path}");
        let elsewhere =
            report.findings.iter().filter(|f| f.code == code && !report.files[f.file].source.rel.contains("shop/"));
        for f in elsewhere {
            assert!(f.clause.unwrap().starts_with("platformsh."), "{code}: {:?}", f.clause);
        }
    }
}

#[test]
fn psh004_leaves_http_only_storefronts_to_acc015_while_it_is_enabled() {
    let dir = common::root().join("testdata/rules/ACC015/positive");
    let report = lint_with(&dir, &Settings::default(), common::AS_OF);
    assert_eq!(report.findings.iter().filter(|f| f.code == "ACC015").count(), 2);
    assert!(!report.findings.iter().any(|f| f.code == "PSH004"));
    let without = Settings { ignore: vec!["ACC015".into()], ..Settings::default() };
    let report = lint_with(&dir, &without, common::AS_OF);
    let psh004: Vec<_> = report.findings.iter().filter(|f| f.code == "PSH004").collect();
    assert_eq!(psh004.len(), 2, "PSH004 reports the routes once ACC015 is off");
    assert!(psh004.iter().all(|f| f.clause == Some("commerce.configuration")));
}

#[test]
fn commerce_secrets_are_reported_once() {
    // ACC005-ACC008 claim the values they report: no SEC finding on the same secrets, unless the
    // Commerce rule is turned off.
    let fixtures = common::root().join("testdata/rules");
    for code in ["ACC005", "ACC006", "ACC007", "ACC008"] {
        let dir = fixtures.join(code).join("positive");
        let report = lint_with(&dir, &Settings::default(), common::AS_OF);
        let sec: Vec<_> =
            report.findings.iter().filter(|f| f.code.starts_with("SEC")).map(|f| (f.code, &f.message)).collect();
        assert!(sec.is_empty(), "{code}: also reported by {sec:?}");
        assert!(report.findings.iter().any(|f| f.code == code));
    }
    let off = Settings { ignore: vec!["ACC".into()], ..Settings::default() };
    for (code, sec) in [("ACC005", "SEC001"), ("ACC008", "SEC001"), ("ACC008", "SEC002"), ("ACC007", "SEC002")] {
        let report = lint_with(&fixtures.join(code).join("positive"), &off, common::AS_OF);
        assert!(report.findings.iter().any(|f| f.code == sec), "{sec} reports {code}'s secrets once {code} is off");
    }
}

#[test]
fn acc002_allows_thirty_days_after_a_patch() {
    // 2.4.8-p5 came out on 2026-05-12: a project on p4 has until 2026-06-11.
    let dir = tempfile::tempdir().unwrap();
    let lock = r#"{"packages": [{"name": "magento/product-enterprise-edition", "version": "2.4.8-p4"}]}"#;
    std::fs::write(dir.path().join("composer.lock"), lock).unwrap();
    let count = |day: &str| {
        lint_with(dir.path(), &Settings::default(), day).findings.iter().filter(|f| f.code == "ACC002").count()
    };
    assert_eq!(count("2026-06-11"), 0);
    assert_eq!(count("2026-06-12"), 1);
    // Before 2.4.8-p5, p4 was the latest.
    assert_eq!(count("2026-05-01"), 0);
}

#[test]
fn acc005_claims_only_composer_credentials_and_named_literals() {
    // A token outside Composer's authentication sections stays SEC001's; ACC005 does not repeat it.
    let dir = tempfile::tempdir().unwrap();
    let auth = r#"{"notes": {"ci": "ghp_Zt4mQ8vX2kLp9rB7nW3yH6cJ1dF5sG0aE8uR"}, "http-basic": {"repo.magento.com": {"username": "3f9a0c2b7d1e4a5b8c6d0e2f1a3b5c7d", "password": "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b"}}}"#;
    std::fs::write(dir.path().join("auth.json"), auth).unwrap();
    let report = lint_with(dir.path(), &Settings::default(), common::AS_OF);
    let codes: Vec<&str> = report.findings.iter().map(|f| f.code).collect();
    assert_eq!(codes, ["SEC001", "ACC005"]);
    let acc005 = report.findings.iter().find(|f| f.code == "ACC005").unwrap();
    assert_eq!(acc005.secrets.len(), 2, "the two repo.magento.com keys");
}
