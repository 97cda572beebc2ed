//! The clause catalogue against its sources and the rules against the catalogue, read straight from
//! the files (`lints/clauses.toml` and the TOML front matter of `lints/rules/*/*.md`) with the
//! `toml` crate, so the test does not depend on where the crate keeps its loaders.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use toml::{Table, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_toml(path: &Path) -> Table {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.parse().unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn str_of<'a>(t: &'a Table, key: &str) -> Option<&'a str> {
    t.get(key).and_then(Value::as_str)
}

fn strs_of<'a>(t: &'a Table, key: &str) -> Vec<&'a str> {
    t.get(key).and_then(Value::as_array).map_or_else(Vec::new, |a| a.iter().filter_map(Value::as_str).collect())
}

/// Clause id -> provider id, after checking every clause's citation.
fn catalogue() -> (Table, BTreeMap<String, String>) {
    let cat = read_toml(&root().join("lints/clauses.toml"));
    let providers: BTreeSet<&str> = cat["provider"]
        .as_array()
        .expect("[[provider]] entries")
        .iter()
        .filter_map(|p| p.as_table().and_then(|p| str_of(p, "id")))
        .collect();
    let mut by_id = BTreeMap::new();
    for c in cat["clause"].as_array().expect("[[clause]] entries") {
        let c = c.as_table().expect("a clause is a table");
        let id = str_of(c, "id").expect("clause id");
        let provider = str_of(c, "provider").unwrap_or_else(|| panic!("{id}: no provider"));
        assert!(providers.contains(provider), "{id}: unknown provider {provider}");
        assert!(by_id.insert(id.to_string(), provider.to_string()).is_none(), "duplicate clause {id}");
        assert!(id.starts_with(&format!("{provider}.")), "{id}: id not prefixed by its provider");
        for scope in strs_of(c, "scopes") {
            assert!(["pci", "soc2", "hipaa"].contains(&scope), "{id}: unknown scope {scope}");
        }
    }
    (cat, by_id)
}

#[test]
fn every_clause_cites_the_sentence_it_paraphrases() {
    let (cat, _) = catalogue();
    let mut missing = Vec::new();
    for c in cat["clause"].as_array().unwrap() {
        let c = c.as_table().unwrap();
        let id = str_of(c, "id").unwrap();
        let source = str_of(c, "source").unwrap_or("");
        let Some(cite) = str_of(c, "cite").filter(|s| s.starts_with("https://")) else {
            missing.push(format!("{id}: no `cite` URL"));
            continue;
        };
        let page = cite.split('#').next().unwrap_or(cite);
        if page != source {
            missing.push(format!("{id}: `cite` {cite} is not on the clause's source page {source}"));
        }
        if str_of(c, "section").is_none_or(|s| s.trim().is_empty()) {
            missing.push(format!("{id}: no `section` naming where the cited sentence is"));
        }
        for also in strs_of(c, "also") {
            if !also.starts_with("https://") {
                missing.push(format!("{id}: `also` entry {also} is not a URL"));
            }
        }
    }
    assert!(missing.is_empty(), "clauses without a source citation:\n{}", missing.join("\n"));
}

#[test]
fn data_tables_cite_public_sources_only() {
    // The catalogue and the dated tables are compiled into the binary: no machine-local paths and
    // no research notes that are not in the repository.
    let mut bad = Vec::new();
    for dir in fs::read_dir(root().join("lints")).unwrap() {
        let dir = dir.unwrap().path();
        let files: Vec<PathBuf> =
            if dir.is_dir() { fs::read_dir(&dir).unwrap().map(|f| f.unwrap().path()).collect() } else { vec![dir] };
        for f in files.into_iter().filter(|f| f.extension().is_some_and(|e| e == "toml")) {
            let text = fs::read_to_string(&f).unwrap();
            for needle in ["/work/", "../shared/"] {
                if text.contains(needle) {
                    bad.push(format!("{}: {needle}", f.display()));
                }
            }
        }
    }
    assert!(bad.is_empty(), "non-public references: {bad:?}");
}

/// File kinds (names as in rule front matter) and the providers whose clause a finding in them
/// may report: first the provider the file is classified under (a finding's clause is chosen by it),
/// then the providers it also counts for. Keep in step with the classification table.
const KINDS: &[(&str, &[&str])] = &[
    ("platformsh-app", &["platformsh"]),
    ("platformsh-applications", &["platformsh"]),
    ("platformsh-routes", &["platformsh"]),
    ("platformsh-services", &["platformsh"]),
    ("platformsh-local-project", &["platformsh"]),
    ("git-config", &["platformsh"]),
    ("upsun-config", &["platformsh"]),
    ("magento-app", &["commerce"]),
    ("magento-routes", &["commerce"]),
    ("magento-services", &["commerce"]),
    ("magento-env", &["commerce"]),
    // Composer files and php.ini count as Adobe Commerce's only in a Commerce repository.
    ("composer-json", &["commerce", "generic"]),
    ("composer-lock", &["commerce", "generic"]),
    ("auth-json", &["commerce", "generic"]),
    ("magento-env-php", &["commerce"]),
    ("php-ini", &["commerce", "generic"]),
    // Files any platform may hold count as Astronomer's inside an Astro project.
    ("dockerfile", &["astronomer", "generic"]),
    ("airflow-settings", &["astronomer"]),
    ("astro-config", &["astronomer"]),
    ("astro-deployment", &["astronomer"]),
    ("dotenv", &["generic", "astronomer"]),
    ("requirements", &["astronomer", "generic"]),
    ("cloudformation", &["aws"]),
];

/// The rule's own provider; `secrets` rules read every file and name every provider's clause.
fn own_providers(platform: &str) -> Vec<&str> {
    match platform {
        "core" => vec!["generic"],
        "secrets" => vec!["platformsh", "commerce", "astronomer", "aws", "generic"],
        p => vec![p],
    }
}

/// `RuleMeta::clause_for`: the clause of the file's provider, else the first one.
fn clause_for<'a>(clauses: &[&'a str], provider: &str) -> &'a str {
    clauses.iter().copied().find(|c| c.starts_with(&format!("{provider}."))).unwrap_or(clauses[0])
}

fn rule_docs() -> Vec<(PathBuf, Table)> {
    let mut out = Vec::new();
    for dir in fs::read_dir(root().join("lints/rules")).unwrap() {
        for f in fs::read_dir(dir.unwrap().path()).unwrap() {
            let path = f.unwrap().path();
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let text = fs::read_to_string(&path).unwrap();
            let rest = text.strip_prefix("+++\n").unwrap_or_else(|| panic!("{}: no front matter", path.display()));
            let end = rest.find("\n+++\n").unwrap_or_else(|| panic!("{}: unterminated front matter", path.display()));
            let meta: Table = rest[..end].parse().unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            out.push((path, meta));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() > 50, "expected the rule docs under lints/rules");
    out
}

#[test]
fn every_rule_reports_a_clause_of_the_provider_whose_files_it_reads() {
    let (_, clause_provider) = catalogue();
    let kinds: BTreeMap<&str, &[&str]> = KINDS.iter().copied().collect();
    let mut wrong = Vec::new();
    for (path, meta) in rule_docs() {
        // The docs file's name is the rule's code.
        let code = path.file_stem().and_then(|s| s.to_str()).unwrap_or_else(|| panic!("{}: no code", path.display()));
        let platform = str_of(&meta, "platform").unwrap_or_else(|| panic!("{code}: no platform"));
        let clauses = strs_of(&meta, "clauses");
        if clauses.is_empty() {
            wrong.push(format!("{code}: no clause"));
            continue;
        }
        let mut providers = BTreeSet::new();
        for c in &clauses {
            match clause_provider.get(*c) {
                None => wrong.push(format!("{code}: unknown clause {c}")),
                Some(p) if !providers.insert(p.as_str()) => wrong.push(format!("{code}: two clauses of provider {p}")),
                Some(_) => {}
            }
        }
        for own in own_providers(platform) {
            if !providers.contains(own) {
                wrong.push(format!("{code}: platform {platform} but no {own}.* clause"));
            }
        }
        let files = strs_of(&meta, "files");
        if files.is_empty() {
            // Any file of the platform; Platform.sh rules may also read Adobe Commerce's files of
            // the same format, and any rule may fall back to the generic clauses.
            for c in &clauses {
                let p = clause_provider.get(*c).map_or("", String::as_str);
                let allowed = own_providers(platform).contains(&p)
                    || p == "generic"
                    || (platform == "platformsh" && p == "commerce");
                if !allowed {
                    wrong.push(format!("{code}: clause {c} of provider {p}, but the rule reads only {platform} files"));
                }
            }
            continue;
        }
        let mut read_by: BTreeSet<&str> = BTreeSet::from(["generic"]);
        for kind in &files {
            let Some(accepted) = kinds.get(kind) else {
                wrong.push(format!("{code}: unknown file kind {kind} (add it to KINDS)"));
                continue;
            };
            read_by.extend(accepted.iter());
            // The clause a finding in this kind of file reports, as the engine picks it.
            let chosen = clause_for(&clauses, accepted[0]);
            let p = clause_provider.get(chosen).map_or("", String::as_str);
            if !accepted.contains(&p) {
                wrong.push(format!(
                    "{code}: a finding in a {kind} file would report {chosen} ({p}), not a clause of {accepted:?}"
                ));
            }
        }
        for c in &clauses {
            let p = clause_provider.get(*c).map_or("", String::as_str);
            if !read_by.contains(p) {
                wrong.push(format!("{code}: clause {c} of provider {p}, but the rule reads no {p} file ({files:?})"));
            }
        }
    }
    assert!(wrong.is_empty(), "rules whose clauses do not match their files:\n{}", wrong.join("\n"));
}

/// `lints/frameworks.toml`: the numbers each clause's `pci` and `soc2` lists may name.
#[test]
fn framework_references_exist_are_sourced_used_and_well_formed() {
    let (cat, _) = catalogue();
    let fw = read_toml(&root().join("lints/frameworks.toml"));
    let pattern = |standard: &str| match standard {
        "pci" => regex::Regex::new(r"^\d+(\.\d+){1,3}$").unwrap(),
        "soc2" => regex::Regex::new(r"^(CC\d\.\d|A1\.\d|C1\.\d|PI1\.\d|P\d\.\d)$").unwrap(),
        s => panic!("unknown standard {s}: each [[standard]] id must be a compliance scope (pci, soc2)"),
    };
    let mut wrong = Vec::new();
    let mut standards = BTreeSet::new();
    for s in fw["standard"].as_array().expect("[[standard]] entries") {
        let s = s.as_table().unwrap();
        let id = str_of(s, "id").expect("standard id");
        pattern(id);
        standards.insert(id.to_string());
        if !str_of(s, "source").is_some_and(|u| u.starts_with("https://")) {
            wrong.push(format!("standard {id}: no `source` URL"));
        }
        for key in ["label", "version", "publisher", "note"] {
            if str_of(s, key).is_none_or(|v| v.trim().is_empty()) {
                wrong.push(format!("standard {id}: no `{key}`"));
            }
        }
        if s.get("read").and_then(Value::as_bool).is_none() {
            wrong.push(format!("standard {id}: `read` must say whether the document itself was read"));
        }
    }
    // Every entry: a known standard, a well-formed number, a title and the section it sits in.
    let mut entries: BTreeMap<(String, String), usize> = BTreeMap::new();
    for r in fw["requirement"].as_array().expect("[[requirement]] entries") {
        let r = r.as_table().unwrap();
        let standard = str_of(r, "standard").unwrap_or("");
        let id = str_of(r, "id").unwrap_or("");
        if !standards.contains(standard) {
            wrong.push(format!("{standard} {id}: unknown standard"));
            continue;
        }
        if !pattern(standard).is_match(id) {
            wrong.push(format!("{standard} {id}: not a well-formed number"));
        }
        for key in ["title", "section"] {
            if str_of(r, key).is_none_or(|v| v.trim().is_empty()) {
                wrong.push(format!("{standard} {id}: no `{key}` (its source in the standard)"));
            }
        }
        if entries.insert((standard.to_string(), id.to_string()), 0).is_some() {
            wrong.push(format!("{standard} {id}: listed twice"));
        }
    }
    // Every clause reference: listed (and so sourced), once.
    for c in cat["clause"].as_array().unwrap() {
        let c = c.as_table().unwrap();
        let clause = str_of(c, "id").unwrap();
        for standard in &standards {
            let ids = strs_of(c, standard);
            if ids.len() != ids.iter().collect::<BTreeSet<_>>().len() {
                wrong.push(format!("{clause}: a {standard} number is named twice"));
            }
            for id in ids {
                match entries.get_mut(&(standard.clone(), id.to_string())) {
                    Some(n) => *n += 1,
                    None => wrong.push(format!("{clause}: {standard} {id} is not in lints/frameworks.toml")),
                }
            }
        }
    }
    for ((standard, id), n) in &entries {
        if *n == 0 {
            wrong.push(format!("{standard} {id}: no clause names it (remove it)"));
        }
    }
    assert!(wrong.is_empty(), "framework references:\n{}", wrong.join("\n"));
    assert!(entries.len() > 40, "expected the framework table");
}
