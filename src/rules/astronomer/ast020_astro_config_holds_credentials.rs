//! AST020 astro-config-holds-credentials: a committed `.astro/config.yaml` holding CLI login
//! contexts, tokens or passwords.

use crate::diagnostic::{Emitter, Severity};
use crate::rules::secrets::Claim;
use crate::rules::secrets::claimed_hits;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "AST020", run, claims: &[Claim::NamedInAstroCliConfig] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    let mut reported = Vec::new();
    for c in &cx.astronomer.configs {
        let Some(contexts) = c.root.entry("contexts").filter(|e| !e.value.is_null()) else { continue };
        let inside: Vec<_> = cx
            .secrets
            .iter()
            .filter(|h| {
                h.file == c.file.id
                    && contexts.value.span().start <= h.span.start
                    && h.span.end <= contexts.value.span().end
            })
            .collect();
        let f = out.emit(c.file, contexts.key.span(), "this is the Astro CLI's global config: its `contexts` hold the login sessions (tokens) of whoever ran `astro login`");
        f.help("delete the file from the repository and from its history, run `astro logout` or revoke the sessions, and keep only the project settings (`project:`) in `.astro/config.yaml`");
        for h in inside {
            f.secret(h.span);
            reported.push((h.file, h.span));
        }
    }
    for (hit, key) in claimed_hits(cx, CHECK.code) {
        if reported.contains(&(hit.file, hit.span)) {
            continue;
        }
        // `postgres.password` is the local development database's (default `postgres`).
        let local_db = cx.astronomer.configs.iter().filter(|c| c.file.id == hit.file).any(|c| {
            c.root.get("postgres").is_some_and(|p| p.span().start <= hit.span.start && hit.span.end <= p.span().end)
        });
        let f = out.emit(
            &cx.files[hit.file],
            hit.span,
            if local_db {
                "`postgres.password` sets a non-default password for the local development database in plain text"
                    .to_string()
            } else {
                format!("`{key}` in `.astro/config.yaml` holds a literal credential in plain text")
            },
        );
        f.help("remove the value and rotate it; give the CLI its API token through `ASTRO_API_TOKEN` from a secret store, and keep `.astro/config.yaml` to project settings")
            .secret(hit.span);
        if local_db {
            f.severity(Severity::Note);
            f.help("keep the default local password, and make sure this value is not used for any other database");
        }
    }
}
