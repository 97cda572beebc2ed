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
