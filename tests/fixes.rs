//! Properties of `--fix --unsafe-fixes` over every fixture in `testdata/` and the real-config
//! corpus (`../shared/corpus`, skipped when absent), each on a copy: every fixed file still
//! parses, no fixable finding is left, no finding appears that was not there, a second pass changes
//! nothing, and every line no edit touched is still there, byte for byte.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use srm_lint::config::Settings;
use srm_lint::date::Date;
use srm_lint::diagnostic::RunResult;
use srm_lint::fix;
use srm_lint::run::{self, Options};

/// Copies the regular files and folders under `from` to `to` (links and special files are left out).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let t = e.file_type().unwrap();
        if t.is_dir() {
            copy_tree(&e.path(), &to.join(e.file_name()));
        } else if t.is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

fn options(root: &Path) -> Options {
    Options {
        paths: vec![root.to_path_buf()],
        no_ignore: true,
        as_of: Some(Date::parse(common::AS_OF).unwrap()),
        unsafe_fixes: true,
        ..Options::default()
    }
}

/// Active findings per (file, rule).
fn counts(report: &RunResult) -> BTreeMap<(String, &'static str), usize> {
    let mut out = BTreeMap::new();
    for f in report.active() {
        *out.entry((report.files[f.file].rel().to_string(), f.code)).or_default() += 1;
    }
    out
}

/// Checks the properties on a copy of `source`; returns the findings fixed per rule.
fn check(source: &Path) -> BTreeMap<&'static str, usize> {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("copy");
    copy_tree(source, &root);
    // Fixture configs would change what runs; the copy is linted with the defaults.
    let settings = Settings::default();
    let before = run::run(&options(&root), &settings);
    let outcome = fix::fix(&mut options(&root), &settings);
    assert!(fix::write(&outcome.changed, std::slice::from_ref(&root)).is_empty());
    let after = run::run(&options(&root), &settings);
    // Every fixed file parses at least as well as before.
    let syntax = |r: &RunResult| counts(r).into_iter().filter(|((_, c), _)| *c == "SRM001").collect::<BTreeMap<_, _>>();
    for (key, n) in syntax(&after) {
        assert!(syntax(&before).get(&key).is_some_and(|b| *b >= n), "{key:?}: a fix broke the file");
    }
    // The fixed findings are gone (but for fixes dropped or past the pass limit).
    let dropped: Vec<&str> = outcome.dropped.iter().map(|d| d.code).collect();
    let left: Vec<String> = after
        .findings
        .iter()
        .filter(|f| after.fixable(f) && !dropped.contains(&f.code))
        .map(|f| format!("{} {}:{:?}", f.code, after.files[f.file].rel(), f.span))
        .collect();
    assert!(left.is_empty(), "fixable findings left: {left:?}");
    // No finding appears that was not there.
    let was = counts(&before);
    for (key, n) in counts(&after) {
        assert!(
            was.get(&key).is_some_and(|b| *b >= n),
            "{key:?}: {n} findings after the fixes, {:?} before",
            was.get(&key)
        );
    }
    // Idempotent.
    let again = fix::fix(&mut options(&root), &settings);
    let paths: Vec<&str> = again.changed.iter().map(|c| c.path.as_str()).collect();
    assert!(paths.is_empty(), "a second --fix changed {paths:?}");
    // Lines no edit touched are still there, byte for byte, and in order.
    for c in &outcome.changed {
        let old: Vec<&str> = c.before.split_inclusive('\n').collect();
        let new: Vec<&str> = c.after.split_inclusive('\n').collect();
        for (op, o, _) in fix::line_ops(&old, &new) {
            if op == '-' {
                let line = old[o].trim_end_matches(['\n', '\r']);
                assert!(
                    c.touched.iter().any(|t| t == line),
                    "{}: line {} changed but no edit touched it: {line:?}",
                    c.path,
                    o + 1
                );
            }
        }
    }
    outcome.fixed
}

#[test]
fn fixes_over_the_fixtures_keep_their_promises() {
    let fixed = check(&common::root().join("testdata"));
    eprintln!("testdata: findings fixed per rule: {fixed:?}");
    assert!(fixed.len() >= 10, "{fixed:?}");
}

#[test]
fn fixes_over_the_corpus_keep_their_promises() {
    let Some(corpus) = common::shared("corpus") else {
        eprintln!("skipped: ../shared/corpus is absent");
        return;
    };
    let fixed = check(&corpus);
    eprintln!("corpus: findings fixed per rule: {fixed:?} (total {})", fixed.values().sum::<usize>());
}
