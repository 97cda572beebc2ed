//! AST003 deprecated-airflow-image: a Dockerfile built from an Astronomer Certified image.

use crate::diagnostic::Emitter;
use crate::model::astronomer::Repo;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "AST003", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for img in cx.astronomer.images.iter().filter(|i| i.repo == Repo::Certified) {
        out.emit(
            img.file,
            img.span,
            format!("`{}` is an Astronomer Certified image: it is no longer supported or patched, and Astro deploys only Astro Runtime images", img.repository),
        )
        .help("rebuild the project on `quay.io/astronomer/astro-runtime:<version>` (Airflow 2) or `astrocrpublic.azurecr.io/runtime:<A.B-N>` (Airflow 3), following Astronomer's migration guide");
    }
}
