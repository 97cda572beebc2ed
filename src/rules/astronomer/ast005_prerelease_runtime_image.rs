//! AST005 prerelease-runtime-image: a development, nightly, alpha or release-candidate runtime.

use crate::diagnostic::Emitter;
use crate::model::astronomer::Repo;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "AST005", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for img in &cx.astronomer.images {
        let (span, message) = match img.repo {
            Repo::RuntimeDev => (
                img.span,
                format!("`{}` is a development build of Astro Runtime, not a supported release", img.repository),
            ),
            Repo::Runtime if img.version.as_ref().is_some_and(|v| v.is_prerelease()) => match img.tag {
                Some((tag, span)) => {
                    (span, format!("`{tag}` is a pre-release of Astro Runtime, not a supported release"))
                }
                None => continue,
            },
            // Astronomer Certified images are AST003's.
            _ => continue,
        };
        out.emit(img.file, span, message)
            .help("build from a released image (`quay.io/astronomer/astro-runtime:X.Y.Z` or `astrocrpublic.azurecr.io/runtime:A.B-N`); keep pre-releases to throwaway test projects");
    }
}
