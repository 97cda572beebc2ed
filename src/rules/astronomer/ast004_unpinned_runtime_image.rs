//! AST004 unpinned-runtime-image: a runtime image without a fixed version.

use crate::diagnostic::Emitter;
use crate::model::astronomer::{Repo, RuntimeVersion};
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "AST004", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for img in cx.astronomer.images.iter().filter(|i| i.repo == Repo::Runtime && !i.digest) {
        let (span, what) = match (&img.tag, &img.version) {
            (None, _) => (img.span, "has no tag, so it resolves to whatever `latest` is at build time".to_string()),
            (Some(("latest", span)), _) => (*span, "uses the moving `latest` tag".to_string()),
            (Some((tag, span)), Some(RuntimeVersion::Floating { .. })) => {
                (*span, format!("uses the floating tag `{tag}`, which moves to each new `-N` release"))
            }
            _ => continue,
        };
        out.emit(img.file, span, format!("the runtime image `{}` {what}", img.repository))
            .help("pin an exact release (`12.8.0`, `3.1-12`) or a `@sha256:` digest, and upgrade it on purpose");
    }
}
