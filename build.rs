//! Collects the rules. Each rule pack `src/rules/<pack>/mod.rs` declares its rule files (`mod`
//! lines, so `cargo fmt` and the compiler see them as ordinary modules); this script lists every
//! rule file's `CHECK` into the registry, every `lints/rules/<pack>/<CODE>.md` (metadata and docs)
//! into the rule catalogue, and one test per rule for `tests/rules.rs`. It fails with a message
//! when a rule file is not declared in its pack.

use std::fmt::Write;
use std::path::{Path, PathBuf};

/// `(pack, path)` of every file with extension `ext` one level below `dir`, sorted.
fn files(dir: &Path, ext: &str) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let Ok(packs) = std::fs::read_dir(dir) else { return out };
    for pack in packs.flatten() {
        if !pack.path().is_dir() {
            continue;
        }
        let name = pack.file_name().to_string_lossy().into_owned();
        for f in std::fs::read_dir(pack.path()).into_iter().flatten().flatten() {
            let p = f.path();
            if p.extension().is_some_and(|e| e == ext) && p.file_name().is_some_and(|n| n != "mod.rs") {
                out.push((name.clone(), p));
            }
        }
    }
    out.sort();
    out
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    println!("cargo:rerun-if-changed=src/rules");
    println!("cargo:rerun-if-changed=lints");

    let mut checks = String::from("/// Every rule with code, found by build.rs.\npub static CHECKS: &[&Check] = &[\n");
    for (pack, path) in files(&root.join("src/rules"), "rs") {
        println!("cargo:rerun-if-changed={}", path.parent().unwrap().display());
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let pack_mod = std::fs::read_to_string(path.with_file_name("mod.rs")).unwrap_or_default();
        if !pack_mod.lines().any(|l| l.trim_start().starts_with("pub(crate) mod ") && l.contains(&format!(" {stem};")))
        {
            panic!(
                "src/rules/{pack}/{stem}.rs is not declared: add `pub(crate) mod {stem};` to src/rules/{pack}/mod.rs"
            );
        }
        writeln!(checks, "    &{pack}::{stem}::CHECK,").unwrap();
    }
    checks.push_str("];\n");
    std::fs::write(out_dir.join("checks.rs"), checks).unwrap();

    let mut docs = String::from("/// Every rule's docs: (path, text).\npub static DOCS: &[(&str, &str)] = &[\n");
    let mut tests = String::new();
    for (_, path) in files(&root.join("lints/rules"), "md") {
        let rel = path.strip_prefix(&root).unwrap().display().to_string().replace('\\', "/");
        writeln!(docs, "    ({rel:?}, include_str!({:?})),", path.display().to_string()).unwrap();
        let code = path.file_stem().unwrap().to_str().unwrap();
        writeln!(tests, "#[test]\n#[allow(non_snake_case)]\nfn {code}() {{\n    check_rule({code:?});\n}}").unwrap();
    }
    docs.push_str("];\n");
    std::fs::write(out_dir.join("rule_docs.rs"), docs).unwrap();
    std::fs::write(out_dir.join("rule_tests.rs"), tests).unwrap();
}
