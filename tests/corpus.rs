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
