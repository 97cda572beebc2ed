//! AST017 image-runs-as-root: an Astro project's Dockerfile ends its last stage as `root`.

use crate::diagnostic::Emitter;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "AST017", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for d in &cx.astronomer.dockerfiles {
        let Some(user) = d.final_user() else { continue };
        let Some(word) = user.words.first() else { continue };
        let name = word.text.split(':').next().unwrap_or("");
        if name != "root" && name != "0" {
            continue;
        }
        out.emit(d.file, word.span, "the image's last `USER` is root: Airflow and every task run with full rights in the container")
            .help("switch back with `USER astro` after the steps that need root (installing OS packages), as the Astro Runtime images expect");
    }
}
