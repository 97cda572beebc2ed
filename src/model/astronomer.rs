//! Astronomer (Astro) projects: where they are in the scan.

use crate::discover::FileKind;
use crate::engine::{Doc, ParsedFile};

/// Image names that mark a Dockerfile as an Astro Runtime project.
pub const RUNTIME_IMAGES: &[&str] = &[
    "quay.io/astronomer/astro-runtime",
    "astrocrpublic.azurecr.io/runtime",
    "quay.io/astronomer/ap-airflow",
    "astronomerinc/ap-airflow",
];

#[derive(Default)]
pub struct Model {
    /// Directories (relative, `/`-separated, `""` for the root) that hold an Astro project.
    pub roots: Vec<String>,
}

fn dir(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(d, _)| d)
}

impl Model {
    pub fn build(files: &[ParsedFile]) -> Model {
        let mut roots = Vec::new();
        for f in files {
            let rel = f.rel();
            match f.kind {
                FileKind::AstroConfig => roots.push(dir(dir(rel)).to_string()),
                FileKind::AirflowSettings => roots.push(dir(rel).to_string()),
                FileKind::Dockerfile => {
                    let Doc::Dockerfile(d) = &f.doc else { continue };
                    let astro = d
                        .instructions
                        .iter()
                        .filter(|i| i.keyword == "FROM")
                        .any(|i| i.words.iter().any(|w| RUNTIME_IMAGES.iter().any(|img| w.text.starts_with(img))));
                    if astro {
                        roots.push(dir(rel).to_string());
                    }
                }
                _ => {}
            }
        }
        roots.sort();
        roots.dedup();
        Model { roots }
    }

    /// Whether a file lies in an Astro project (its folder or one above it is a project root).
    pub fn contains(&self, rel: &str) -> bool {
        let d = dir(rel);
        self.roots.iter().any(|r| r.is_empty() || d == r || d.starts_with(&format!("{r}/")))
    }
}
