//! AST008 secret-in-dockerfile: an `ENV` or `ARG` of an Astro project's Dockerfile with a
//! secret-like name and a literal value.

use crate::diagnostic::Emitter;
use crate::rules::secrets::Claim;
use crate::rules::secrets::claimed_hits;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "AST008", run, claims: &[Claim::NamedInAstroDockerfile] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for (hit, key) in claimed_hits(cx, CHECK.code) {
        let file = &cx.files[hit.file];
        let f = out.emit(
            file,
            hit.span,
            format!("`{key}` is set to a literal secret in the Dockerfile: it is stored in plain text in the image and its history"),
        );
        f.help("remove the value and rotate it; set it as an Astro secret environment variable (or a secrets backend), or pass build-time credentials with `astro deploy --build-secrets` / BuildKit `--mount=type=secret`")
            .secret(hit.span);
        if let Some((_, span)) = &hit.key {
            f.label(*span, format!("`{key}`"));
        }
    }
}
