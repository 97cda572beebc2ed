//! Every image and version the platform offers has a lifecycle verdict in
//! `lints/platformsh/lifecycle.toml`: an upstream end-of-life date, or a sourced statement of why
//! there is none. The tables are read as plain TOML, not through the crate's types.

mod common;

use std::collections::BTreeMap;

use toml::Value;

/// The platform registry (platformsh-docs `shared/data/registry.json`): every version of each
/// image listed as supported or deprecated in its February 2026 or August 2026 version.
const REGISTRY: &[(&str, &[&str])] = &[
    ("chrome-headless", &["73", "80", "81", "83", "84", "86", "91", "95", "113", "120"]),
    ("clickhouse", &["23.8", "24.3", "25.3", "25.8", "26.3"]),
    ("dotnet", &["2.0", "2.1", "2.2", "3.1", "5.0", "6.0", "7.0", "8.0", "10.0"]),
    ("elasticsearch", &["6.5", "6.8", "7.2", "7.5", "7.6", "7.7", "7.9", "7.10"]),
    ("elasticsearch-enterprise", &["7.17", "8.5", "8.19", "9.3"]),
    ("elixir", &["1.9", "1.10", "1.11", "1.12", "1.13", "1.14", "1.15", "1.18", "1.19", "1.20"]),
    (
        "golang",
        &[
            "1.10", "1.11", "1.12", "1.13", "1.14", "1.15", "1.16", "1.17", "1.18", "1.19", "1.20", "1.21", "1.22",
            "1.23", "1.24", "1.25", "1.26",
        ],
    ),
    ("gotenberg", &["8"]),
    ("influxdb", &["1.2", "1.3", "1.7", "1.8", "2.0", "2.1", "2.2", "2.3", "2.7", "3"]),
    ("java", &["8", "11", "12", "13", "14", "17", "18", "19", "21", "25"]),
    ("kafka", &["2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "3.2", "3.4", "3.6", "3.7", "4.1", "4.3"]),
    (
        "mariadb",
        &[
            "5.5", "10.0", "10.1", "10.2", "10.3", "10.4", "10.5", "10.6", "10.11", "11.0", "11.2", "11.4", "11.8",
            "12.3",
        ],
    ),
    ("mariadb-replica", &["11.4"]),
    ("memcached", &["1.4", "1.5", "1.6"]),
    ("mercure", &["0"]),
    ("mongodb", &["3.0", "3.2", "3.4", "3.6", "4.0"]),
    ("mongodb-enterprise", &["4.0", "4.2", "4.4", "5.0", "6.0", "7.0"]),
    (
        "mysql",
        &[
            "5.5", "10.0", "10.1", "10.2", "10.3", "10.4", "10.5", "10.6", "10.11", "11.0", "11.2", "11.4", "11.8",
            "12.3",
        ],
    ),
    ("network-storage", &["1.0", "2.0"]),
    (
        "nodejs",
        &[
            "4.2", "4.3", "4.4", "4.5", "4.6", "4.7", "6.2", "6.3", "6.6", "6.8", "6.9", "6.10", "8.9", "16", "18",
            "20", "22", "24", "26",
        ],
    ),
    ("opensearch", &["1.1", "1.2", "2", "3"]),
    ("oracle-mysql", &["5.7", "8.0", "8.4"]),
    ("php", &["5.4", "5.5", "5.6", "7.0", "7.1", "7.2", "7.3", "7.4", "8.0", "8.1", "8.2", "8.3", "8.4", "8.5"]),
    ("postgresql", &["9.3", "9.5", "9.6", "10", "11", "12", "13", "14", "15", "16", "17", "18"]),
    ("postgresql-replica", &["15"]),
    ("python", &["2.7", "3.5", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14"]),
    ("rabbitmq", &["3.5", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "4.0", "4.1", "4.3"]),
    ("redis", &["5.0", "6.0", "6.2", "7.0", "7.2", "8.0", "8.8"]),
    ("redis-persistent", &["5.0", "6.0", "6.2", "7.0", "7.2", "8.0", "8.8"]),
    ("ruby", &["2.3", "2.4", "2.5", "2.6", "2.7", "3.0", "3.1", "3.2", "3.3", "3.4", "4.0"]),
    ("rust", &["1"]),
    (
        "solr",
        &["3.6", "4.10", "6.3", "6.6", "7.6", "7.7", "8.0", "8.11", "9.0", "9.1", "9.2", "9.4", "9.6", "9.9", "10.0"],
    ),
    ("valkey", &["8.0", "8.1", "9.0"]),
    ("varnish", &["6.0", "7.1", "7.2", "7.3", "7.6", "9.0"]),
    ("vault-kms", &["1.12"]),
];

/// Versions the issue tracker named as dead but silent; each must be past its end of life on the
/// pinned date, so PSH001/PSH002 report them.
const LONG_DEAD: &[(&str, &str)] = &[
    ("golang", "1.11"),
    ("nodejs", "21"),
    ("mariadb", "10.0"),
    ("mariadb", "10.1"),
    ("mariadb", "10.2"),
    ("mariadb", "11.2"),
    ("elasticsearch", "7.10"),
    ("elasticsearch-enterprise", "7.17"),
    ("solr", "4.10"),
    ("solr", "6.6"),
    ("solr", "7.7"),
    ("solr", "8.11"),
    ("rabbitmq", "3.13"),
    ("kafka", "2.7"),
    ("oracle-mysql", "8.0"),
];

/// The name the rules look the image up by (`Image::upstream` in the model): `mysql` is MariaDB,
/// `-persistent` only changes storage.
fn upstream(image: &str) -> &str {
    let name = image.strip_suffix("-persistent").unwrap_or(image);
    if name == "mysql" { "mariadb" } else { name }
}

fn table(path: &str) -> Value {
    let text = std::fs::read_to_string(common::root().join(path)).unwrap();
    toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn platformsh() -> BTreeMap<(String, String), toml::Table> {
    let t = table("lints/platformsh/lifecycle.toml");
    let mut out = BTreeMap::new();
    for v in t["version"].as_array().unwrap() {
        let v = v.as_table().unwrap().clone();
        let key = (v["image"].as_str().unwrap().to_string(), v["version"].as_str().unwrap().to_string());
        assert!(out.insert(key.clone(), v).is_none(), "{key:?} is listed twice");
    }
    out
}

/// The verdict of an entry, or why it has none.
fn verdict(v: &toml::Table) -> Result<(), String> {
    let source = v.get("source").and_then(Value::as_str).unwrap_or("");
    if !source.starts_with("https://") || source.contains("shared/") {
        return Err(format!("source `{source}` is not a public URL"));
    }
    match (v.get("eol").and_then(Value::as_str), v.get("no-eol").and_then(Value::as_str)) {
        (Some(eol), None) if eol.len() == 10 && eol.as_bytes()[4] == b'-' => Ok(()),
        (Some(eol), None) => Err(format!("eol `{eol}` is not YYYY-MM-DD")),
        (None, Some(why)) if why.trim().len() >= 20 => Ok(()),
        (None, Some(why)) => Err(format!("no-eol `{why}` does not say why")),
        (Some(_), Some(_)) => Err("has both eol and no-eol".into()),
        (None, None) => Err("has neither eol nor no-eol".into()),
    }
}

#[test]
fn every_registry_image_and_version_has_a_verdict() {
    let table = platformsh();
    let mut missing = Vec::new();
    for (image, versions) in REGISTRY {
        for version in *versions {
            let key = (upstream(image).to_string(), version.to_string());
            match table.get(&key) {
                None => missing.push(format!("{image}:{version}: no entry")),
                Some(v) => {
                    if let Err(e) = verdict(v) {
                        missing.push(format!("{image}:{version}: {e}"));
                    }
                }
            }
        }
    }
    assert!(missing.is_empty(), "images without a lifecycle verdict:\n{}", missing.join("\n"));
}

#[test]
fn every_entry_has_a_verdict_and_a_known_status() {
    let mut bad = Vec::new();
    for ((image, version), v) in platformsh() {
        if let Err(e) = verdict(&v) {
            bad.push(format!("{image}:{version}: {e}"));
        }
        let status = v.get("status").and_then(Value::as_str).unwrap_or("");
        if !["supported", "deprecated", "retired"].contains(&status) {
            bad.push(format!("{image}:{version}: status `{status}`"));
        }
        if image == "mysql" || image.ends_with("-persistent") {
            bad.push(format!("{image}:{version}: the rules never look this name up"));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn long_dead_versions_are_past_their_end_of_life() {
    let table = platformsh();
    for (image, version) in LONG_DEAD {
        let v = table.get(&(image.to_string(), version.to_string())).unwrap_or_else(|| panic!("{image}:{version}"));
        let eol = v.get("eol").and_then(Value::as_str).unwrap_or_else(|| panic!("{image}:{version} has no eol"));
        assert!(eol < common::AS_OF, "{image}:{version}: eol {eol} is not before {}", common::AS_OF);
    }
}

/// Numeric components of a dotted version.
fn key(v: &str) -> Vec<u64> {
    v.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

#[test]
fn commerce_versions_have_a_verdict() {
    // Adobe's tested lists name lines (`valkey:8`, `opensearch:3`): some entry of the line must
    // carry a verdict. Commerce's own support dates come from releases.toml; upstream's from here.
    let table = platformsh();
    let releases = table_lines();
    let mut missing = Vec::new();
    for (name, version) in releases {
        let name = upstream(&name).to_string();
        let covered = table.iter().any(|((i, v), entry)| {
            let (a, b) = (key(v), key(&version));
            let n = a.len().min(b.len());
            *i == name && a[..n] == b[..n] && verdict(entry).is_ok()
        });
        if !covered {
            missing.push(format!("{name}:{version}"));
        }
    }
    assert!(missing.is_empty(), "Commerce-supported versions without a verdict: {missing:?}");
}

/// Every `php` and `services` version of `lints/commerce/releases.toml`, as (image, version).
fn table_lines() -> Vec<(String, String)> {
    let t = table("lints/commerce/releases.toml");
    let mut out = Vec::new();
    for line in t["line"].as_array().unwrap() {
        for php in line.get("php").and_then(Value::as_array).into_iter().flatten() {
            out.push(("php".to_string(), php.as_str().unwrap().to_string()));
        }
        for s in line.get("services").and_then(Value::as_array).into_iter().flatten() {
            let (name, version) = s.as_str().unwrap().split_once(':').unwrap();
            out.push((name.to_string(), version.to_string()));
        }
    }
    assert!(out.len() > 10, "releases.toml lists PHP and services");
    out
}

/// The findings of rule `code` when the binary lints `testdata/rules/<dir>` (date pinned).
fn findings(dir: &str, code: &str) -> Vec<serde_json::Value> {
    let o =
        common::run_in(&common::root().join("testdata/rules").join(dir), &[".", "--format", "json", "--select", code]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON output");
    report["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == code).cloned().collect()
}

#[test]
fn commerce_php_past_its_end_of_life_is_an_error_with_a_fix_that_changes_something() {
    // Commerce 2.4.5 supports PHP 8.1 only: the fix is a Commerce upgrade, never `php:8.1` again.
    let f = findings("ACC003/positive/only-line", "ACC003");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0]["severity"], "error");
    let message = f[0]["message"].as_str().unwrap();
    assert!(message.contains("upstream end of life on 2025-12-31"), "{message}");
    let help = f[0]["help"].as_str().unwrap();
    assert!(!help.contains("php:8.1"), "{help}");
    assert!(help.contains("upgrade Adobe Commerce to a release line"), "{help}");
    // With no known Commerce version, the fix names a PHP some supported line runs.
    let f = findings("ACC003/positive/deadline", "ACC003");
    assert_eq!(f[0]["severity"], "error", "{f:?}");
    assert!(!f[0]["help"].as_str().unwrap().contains("php:8.1"), "{f:?}");
}

#[test]
fn magento_open_source_is_not_called_adobe_commerce() {
    let f = findings("ACC003/positive/open-source", "ACC003");
    assert_eq!(f.len(), 1, "{f:?}");
    let message = f[0]["message"].as_str().unwrap();
    assert!(message.contains("Magento Open Source 2.4.8-p5"), "{message}");
    assert!(!message.contains("Adobe Commerce 2.4.8"), "{message}");
}

#[test]
fn commerce_services_past_their_end_of_life_are_errors() {
    let f = findings("ACC004/positive/eol", "ACC004");
    let lines: Vec<(u64, &str)> =
        f.iter().map(|f| (f["line"].as_u64().unwrap(), f["severity"].as_str().unwrap())).collect();
    assert_eq!(lines, [(3, "error"), (6, "error"), (10, "error")], "{f:?}");
    let opensearch = f[1]["message"].as_str().unwrap();
    assert!(opensearch.contains("past its upstream end of life on 2025-05-06"), "{opensearch}");
}

#[test]
fn end_of_life_help_never_suggests_a_dead_or_the_same_version() {
    let f = findings("PSH002/positive/silent", "PSH002");
    let help: BTreeMap<u64, &str> =
        f.iter().map(|f| (f["line"].as_u64().unwrap(), f["help"].as_str().unwrap())).collect();
    // The platform still lists Elasticsearch 7.10 as supported, but upstream support ended.
    assert!(!help[&3].contains("elasticsearch:7"), "{}", help[&3]);
    assert!(help[&3].contains("no `elasticsearch` version the platform supports"), "{}", help[&3]);
    assert!(help[&16].contains("`oracle-mysql:8.4`"), "{}", help[&16]);
    assert!(f.iter().all(|f| f["severity"] == "error"), "{f:?}");
}

#[test]
fn commerce_node_storefront_past_its_end_of_life_names_the_commerce_clause() {
    let f = findings("PSH001/positive/pwa", "PSH001");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0]["clause"]["id"], "commerce.supported-versions", "{f:?}");
    assert!(findings("PSH001/negative/shop", "PSH001").is_empty());
}
