//! Runs srm-lint over every real config file in `../shared/corpus/`: no panic, every span inside its
//! file and on character boundaries, and no SRM001 on files that are valid YAML/JSON.

mod common;

use srm_lint::config::Settings;
use srm_lint::date::Date;
use srm_lint::run::{self, Options};

/// Corpus files that are genuinely invalid, with why. Each must still produce SRM001.
const KNOWN_INVALID: &[(&str, &str)] = &[(
    "astronomer__airflow-3-demos/airflow_settings.yaml",
    "`conn_login: *USERNAME*` is an alias to an undefined anchor; YAML loaders reject it",
)];

#[test]
fn corpus_lints_cleanly() {
    let Some(corpus) = common::shared("corpus") else {
        eprintln!("skipped: ../shared/corpus is absent");
        return;
    };
    let opts = Options {
        paths: vec![corpus.clone()],
        no_ignore: true,
        as_of: Some(Date::parse(common::AS_OF).unwrap()),
        ..Options::default()
    };
    let report = run::run(&opts, &Settings::default());
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(report.files.len() > 50, "only {} files classified", report.files.len());
    let mut counts = std::collections::BTreeMap::new();
    for f in &report.findings {
        let file = &report.files[f.file].source;
        let text = &file.text;
        assert!(
            f.span.start <= f.span.end && f.span.end <= text.len(),
            "{}: span {:?} out of bounds",
            file.rel,
            f.span
        );
        assert!(
            text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end),
            "{}: span {:?}",
            file.rel,
            f.span
        );
        for (s, _) in &f.labels {
            assert!(s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        }
        *counts.entry(f.code).or_insert(0) += 1;
        if f.code == "SRM001" {
            assert!(
                KNOWN_INVALID.iter().any(|(p, _)| file.rel.ends_with(p)),
                "SRM001 on a corpus file: {} {}: {}",
                file.rel,
                file.line_col(f.span.start).line,
                f.message
            );
        }
    }
    eprintln!("corpus: {} files, findings by rule: {counts:?}", report.files.len());
}

/// Every file of `dir` linted alone (as pre-commit names a changed file) gives the same findings for
/// that file as the full scan. Files another file `!include`s are left out: alone, nothing says they
/// are included (lint them through their includer).
fn each_file_alone_matches_the_full_scan(dir: &std::path::Path) {
    use std::collections::{BTreeMap, BTreeSet};
    let run_json = |args: &[&str]| -> serde_json::Value {
        let o = common::run_in(dir, args);
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"))
    };
    let key = |f: &serde_json::Value| (f["rule"].as_str().unwrap().to_string(), f["line"].clone().to_string());
    let findings = |v: &serde_json::Value| -> Vec<serde_json::Value> {
        ["findings", "suppressed"].iter().flat_map(|k| v[k].as_array().cloned().unwrap_or_default()).collect()
    };
    let full = run_json(&[".", "--format", "json", "--no-ignore"]);
    let mut by_file: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    for f in findings(&full) {
        by_file.entry(f["file"].as_str().unwrap().to_string()).or_default().insert(key(&f));
    }
    let mut files = Vec::new();
    let mut included = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() && !p.ends_with(".git") {
                stack.push(p);
            } else if p.is_file() {
                let text = std::fs::read_to_string(&p).unwrap_or_default();
                // `!include x`, `!include {path: x}`, or the long form's `path: x` on a later line.
                let lines: Vec<&str> = text.lines().collect();
                for (i, line) in lines.iter().enumerate().filter(|(_, l)| l.contains("!include")) {
                    for l in std::iter::once(line).chain(lines[i + 1..].iter().take(3).filter(|l| l.contains("path:")))
                    {
                        let name = l.rsplit(['/', ' ', ':']).next().unwrap_or("").trim_matches(['}', '"', '\'', ' ']);
                        included.insert(name.to_string());
                    }
                }
                files.push(p.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"));
            }
        }
    }
    files.sort();
    files.retain(|f| !included.contains(f.rsplit('/').next().unwrap_or(f)));
    let mismatches = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for part in files.chunks(files.len().div_ceil(2).max(1)) {
            let (mismatches, by_file) = (&mismatches, &by_file);
            s.spawn(move || {
                for file in part {
                    let alone = run_json(&[file, "--format", "json", "--no-ignore"]);
                    let got: BTreeSet<_> =
                        findings(&alone).iter().filter(|f| f["file"].as_str() == Some(file)).map(key).collect();
                    let want = by_file.get(file).cloned().unwrap_or_default();
                    if got != want {
                        mismatches.lock().unwrap().push(format!("{file}: alone {got:?}, full scan {want:?}"));
                    }
                }
            });
        }
    });
    let mismatches = mismatches.into_inner().unwrap();
    assert!(mismatches.is_empty(), "linted alone, these files differ from the full scan:\n{}", mismatches.join("\n"));
}

#[test]
fn demo_files_alone_match_the_full_scan() {
    each_file_alone_matches_the_full_scan(&common::root().join("testdata/demo"));
}

#[test]
fn corpus_files_alone_match_the_full_scan() {
    let Some(corpus) = common::shared("corpus") else {
        eprintln!("skipped: ../shared/corpus is absent");
        return;
    };
    each_file_alone_matches_the_full_scan(&corpus);
}
