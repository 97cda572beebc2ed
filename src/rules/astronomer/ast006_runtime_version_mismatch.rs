//! AST006 runtime-version-mismatch: a deployment file's `runtime_version` differs from the
//! runtime the project's Dockerfile builds.

use crate::diagnostic::Emitter;
use crate::model::astronomer::Repo;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "AST006", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    let model = cx.astronomer;
    // The deployed image of each project: the last stage's runtime image, when it has an exact release.
    let built: Vec<(Option<&str>, &crate::model::astronomer::RuntimeImage<'_>, String)> = model
        .images
        .iter()
        .filter(|i| i.final_stage && i.repo == Repo::Runtime)
        .filter_map(|i| Some((model.root_of(i.file), i, i.version.as_ref()?.release()?)))
        .collect();
    let mut projects: Vec<Option<&str>> = built.iter().map(|b| b.0).collect();
    projects.sort();
    projects.dedup();
    for d in &model.deployments {
        let Some((node, version)) = d.runtime_version() else { continue };
        let Some(release) = version.release() else { continue };
        // The project the file lies in; a file outside every project goes with the only one there is.
        let project = match model.root_of(d.file) {
            Some(root) => Some(root),
            None if projects.len() == 1 => projects[0],
            None => continue,
        };
        let images: Vec<_> = built.iter().filter(|b| b.0 == project).collect();
        if images.is_empty() || images.iter().any(|b| b.2 == release) {
            continue;
        }
        let (_, img, other) = images[0];
        let at = img.file.source.line_col(img.span.start);
        out.emit(
            d.file,
            node.span(),
            format!(
                "`runtime_version: {release}` differs from the runtime {other} that `{}` (line {}) builds",
                img.file.rel(),
                at.line
            ),
        )
        .help(format!("set `runtime_version` to `{other}` or change the Dockerfile's `FROM`, so the Deployment runs the runtime the project was tested on"));
    }
}
