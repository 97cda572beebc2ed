//! PSH020 search-service-without-auth: OpenSearch/Elasticsearch without authentication.

use crate::diagnostic::Emitter;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "PSH020", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for svc in cx.platformsh.services.iter().filter(|s| s.file.provider() == "platformsh") {
        let Some(img) = svc.image else { continue };
        if !matches!(img.name, "opensearch" | "elasticsearch" | "elasticsearch-enterprise") {
            continue;
        }
        let auth = svc.entry.value.path(&["configuration", "authentication", "enabled"]).and_then(|v| v.as_bool());
        if auth != Some(true) {
            out.emit(
                svc.file,
                img.span,
                format!("search service `{}` accepts requests without authentication", svc.name()),
            )
            .help(
                "add `configuration: {authentication: {enabled: true}}` and use the credentials from the relationship",
            );
        }
    }
}
