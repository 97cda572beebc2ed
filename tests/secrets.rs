//! The labelled secrets set in `testdata/secrets/`: every line listed in `labels.txt` holds a
//! secret, no other line does. Prints precision and recall; fails below the floors.

mod common;

use std::collections::BTreeSet;

#[test]
fn labelled_set_precision_and_recall() {
    let dir = common::root().join("testdata/secrets");
    let o = common::run_in(&dir, &[".", "--format", "json", "--select", "SEC001,SEC002,SEC003,SEC004"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let got: BTreeSet<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{}:{}", f["file"].as_str().unwrap(), f["line"]))
        .collect();
    let labels: BTreeSet<String> = std::fs::read_to_string(dir.join("labels.txt"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.trim().to_string())
        .collect();
    let tp = got.intersection(&labels).count();
    let fp: Vec<&String> = got.difference(&labels).collect();
    let fn_: Vec<&String> = labels.difference(&got).collect();
    let precision = tp as f64 / (tp + fp.len()).max(1) as f64;
    let recall = tp as f64 / labels.len() as f64;
    eprintln!(
        "secrets set: {tp} true positives, false positives {fp:?}, missed {fn_:?}; precision {precision:.2}, recall {recall:.2}"
    );
    assert!(fp.is_empty(), "false positives: {fp:?}");
    assert!(fn_.is_empty(), "missed secrets: {fn_:?}");
    // No output may contain a flagged value in full.
    let text = String::from_utf8_lossy(&o.stdout);
    for line in std::fs::read_to_string(dir.join(".env")).unwrap().lines().skip(1).take(3) {
        let value = line.split_once('=').unwrap().1;
        assert!(!text.contains(value), "leaked {value}");
    }
}
