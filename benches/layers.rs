//! Criterion benches of the hot layers: the YAML parser and tree, the secrets engine, and a whole
//! run (rules included) over the demo repository. `cargo bench`; figures in BENCHMARKS.md.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use srm_lint::config::Settings;
use srm_lint::date::Date;
use srm_lint::run::{self, Options};

/// About 5 MB of app-file YAML.
fn big_yaml() -> String {
    let mut s = String::from("name: big\ntype: php:8.4\nvariables:\n  env:\n");
    let mut i = 0;
    while s.len() < 5 * 1024 * 1024 {
        s.push_str(&format!("    KEY_{i}: \"value-{i}\"\n"));
        i += 1;
    }
    s
}

/// 10,000 lines that look like secrets to a keyword scanner.
fn secret_lines() -> String {
    (0..10_000).map(|i| format!("API_TOKEN_{i}=tok{i:08}Zq8wR2pLm5xK\nDB_URL_{i}=postgres://u:p{i}x@h/db\n")).collect()
}

fn lint(name: &str, text: &str) -> usize {
    let opts = Options {
        stdin: Some((name.to_string(), text.as_bytes().to_vec())),
        as_of: Some(Date::parse("2026-11-24").unwrap()),
        ..Options::default()
    };
    run::run(&opts, &Settings::default()).findings.len()
}

fn benches(c: &mut Criterion) {
    let yaml = big_yaml();
    c.bench_function("yaml parse 5 MB", |b| {
        b.iter(|| black_box(srm_lint::syntax::yaml::parse(black_box(&yaml))).tree.nodes.len())
    });
    c.bench_function("lint 5 MB app file", |b| b.iter(|| lint(".platform.app.yaml", black_box(&yaml))));
    let secrets = secret_lines();
    c.bench_function("lint 10k secret-like .env lines", |b| b.iter(|| lint(".env", black_box(&secrets))));
    let demo = Options {
        paths: vec![concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/demo").into()],
        as_of: Some(Date::parse("2026-11-24").unwrap()),
        ..Options::default()
    };
    c.bench_function("run demo repository", |b| {
        b.iter(|| run::run(black_box(&demo), &Settings::default()).findings.len())
    });
}

criterion_group! {
    name = layers;
    config = Criterion::default().sample_size(10);
    targets = benches
}
criterion_main!(layers);
