//! Collects the rules: every `src/rules/<platform>/<file>.rs` (each defines `pub const CHECK`) and
//! every `lints/rules/<platform>/<CODE>.md` (metadata and docs). Adding a rule needs no other edit.

use std::fmt::Write;
use std::path::{Path, PathBuf};

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(platforms) = std::fs::read_dir(dir) else { return out };
    for platform in platforms.flatten() {
        if !platform.path().is_dir() {
            continue;
        }
        for f in std::fs::read_dir(platform.path()).into_iter().flatten().flatten() {
            let p = f.path();
            if p.extension().is_some_and(|e| e == ext) && p.file_name().is_some_and(|n| n != "mod.rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let rules_dir = root.join("src/rules");
    let docs_dir = root.join("lints/rules");
    println!("cargo:rerun-if-changed=src/rules");
    println!("cargo:rerun-if-changed=lints");
    let mut code = String::new();
    let mut checks = Vec::new();
    for path in files(&rules_dir, "rs") {
        let platform = path.parent().unwrap().file_name().unwrap().to_str().unwrap();
        println!("cargo:rerun-if-changed={}", path.parent().unwrap().display());
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let module = format!("{platform}_{stem}");
        writeln!(code, "#[path = {:?}]\nmod {module};", path.display().to_string()).unwrap();
        checks.push(module);
    }
    writeln!(code, "/// Every rule with code, found by build.rs.").unwrap();
    writeln!(code, "pub static CHECKS: &[&Check] = &[").unwrap();
    for m in &checks {
        writeln!(code, "    &{m}::CHECK,").unwrap();
    }
    writeln!(code, "];\n/// Every rule's docs: (path, text).\npub static DOCS: &[(&str, &str)] = &[").unwrap();
    for path in files(&docs_dir, "md") {
        let rel = path.strip_prefix(&root).unwrap().display().to_string().replace('\\', "/");
        writeln!(code, "    ({rel:?}, include_str!({:?})),", path.display().to_string()).unwrap();
    }
    writeln!(code, "];").unwrap();
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("registry.rs");
    std::fs::write(out, code).unwrap();
}
