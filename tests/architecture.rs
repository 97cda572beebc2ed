//! The layer order of `src/` (see `src/lib.rs`): a module may import modules of its own layer or
//! below, never above. Every `crate::…` path in `src/` is read, in `use` lines and in code.

use std::path::{Path, PathBuf};

/// Top-level modules, lowest layer first. A module missing here is an error too.
const LAYERS: &[&[&str]] = &[
    &["source", "date"],
    &["syntax"],
    &["document"],
    &["data"],
    &["diagnostic"],
    &["config"],
    &["model"],
    &["rules"],
    &["filter"],
    &["output"],
    &["run"],
    &["fix"],
    &["server"],
    &["cli"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The top-level module a file of `src/` belongs to (`src/rules/aws/mod.rs` → `rules`).
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
    first.trim_end_matches(".rs").to_string()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// Every import that points up or at a module with no layer: `file:line: text (why)`.
fn violations(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let module = module_of(src, &file);
        if module == "lib" || module == "main" {
            continue;
        }
        let Some(own) = layer(&module) else {
            out.push(format!("{}: module `{module}` has no layer in tests/architecture.rs", file.display()));
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for (at, _) in code.match_indices("crate::") {
                let before = code[..at].chars().last();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue; // `srm_lint_crate::`, not ours
                }
                let rest = &code[at + "crate::".len()..];
                let target: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                // `use crate::{a, b}` names several modules.
                let targets: Vec<String> =
                    if target.is_empty() && rest.starts_with('{') { top_level_names(&rest[1..]) } else { vec![target] };
                for t in targets {
                    match layer(&t) {
                        None => out.push(format!(
                            "{}:{}: `{}` imports `{t}`, which has no layer",
                            file.display(),
                            n + 1,
                            line.trim()
                        )),
                        Some(l) if l > own => out.push(format!(
                            "{}:{}: `{}`: `{module}` (layer {}) imports `{t}` (layer {}), which is above it",
                            file.display(),
                            n + 1,
                            line.trim(),
                            own + 1,
                            l + 1
                        )),
                        Some(_) => {}
                    }
                }
            }
        }
    }
    out
}

/// The first path segment of each item of a `{…}` import list (`a::{x, y}, b}` → `a`, `b`).
fn top_level_names(list: &str) -> Vec<String> {
    let (mut out, mut item, mut depth) = (Vec::new(), String::new(), 0);
    for c in list.chars() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => out.push(std::mem::take(&mut item)),
            _ if depth == 0 => item.push(c),
            _ => {}
        }
    }
    out.push(item);
    out.iter().map(|t| t.trim().split("::").next().unwrap_or("").to_string()).filter(|t| !t.is_empty()).collect()
}

#[test]
fn no_module_imports_a_layer_above_it() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = violations(&src);
    assert!(found.is_empty(), "imports against the layer order:\n{}", found.join("\n"));
}

#[test]
fn the_check_catches_an_import_that_points_up() {
    // A tree like the one before the layers were enforced: a model importing the orchestrator, a
    // module with no layer, and an import list.
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    std::fs::create_dir_all(src.join("model")).unwrap();
    std::fs::write(src.join("model/aws.rs"), "use crate::run::ParsedFile;\nuse crate::source::Span;\n").unwrap();
    std::fs::write(src.join("config.rs"), "use crate::{date, rules};\n// crate::cli in a comment\n").unwrap();
    std::fs::write(src.join("engine.rs"), "use crate::source::Span;\n").unwrap();
    let found = violations(src);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found[0].contains("config.rs:1") && found[0].contains("imports `rules`"), "{}", found[0]);
    assert!(found[1].contains("module `engine` has no layer"), "{}", found[1]);
    assert!(found[2].contains("model/aws.rs:1") && found[2].contains("`run` (layer 11)"), "{}", found[2]);
}
