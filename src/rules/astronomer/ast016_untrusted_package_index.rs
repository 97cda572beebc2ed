//! AST016 untrusted-package-index: requirements that add an extra package index, fetch from an
//! index over plain HTTP, or turn off TLS checks for a host.

use crate::diagnostic::{Emitter, Severity};
use crate::rules::{Check, Context};
use crate::source::Span;

pub const CHECK: Check = Check { code: "AST016", run, claims: &[] };

/// Whether a URL's host is this machine or a container of the local stack (no dot in the name).
fn local_host(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = host.rsplit_once(':').map_or(host, |(h, _)| h);
    matches!(host, "localhost" | "127.0.0.1" | "[::1]" | "host.docker.internal") || !host.contains('.')
}

/// The user part of `scheme://user@host` when it has no password and looks like a secret, with its span.
fn user_token(url: &str, span: Span) -> Option<Span> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let (user, _) = authority.rsplit_once('@')?;
    if user.contains(':') || !crate::model::secrets::is_literal_secret(user) {
        return None;
    }
    let start = span.start + scheme.len() + 3;
    // Only when the value is written as read (no quotes or escapes), so the span is exact.
    (span.len() == url.len()).then_some(Span::new(start, start + user.len()))
}

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for (file, reqs) in &cx.astronomer.requirements {
        for o in &reqs.options {
            let option = o.option.split('=').next().unwrap_or("");
            let index = matches!(option, "-i" | "--index-url" | "--extra-index-url" | "-f" | "--find-links");
            // `${VAR}` URLs are unknown.
            if index && o.value.starts_with("http://") && !local_host(&o.value) {
                out.emit(
                    file,
                    o.value_span,
                    format!("`{option}` fetches packages over plain HTTP: anyone on the path can swap them"),
                )
                .help("use the index's `https://` URL");
            }
            // A token as the whole user part (`https://<token>@host/`), which SEC003's
            // `user:password@` does not cover.
            if index && let Some(span) = user_token(&o.value, o.value_span) {
                out.emit(file, span, format!("the `{option}` URL carries a literal token before `@`: it is committed in plain text"))
                    .severity(Severity::Error)
                    .secret(span)
                    .help("revoke the token, and pass it at build time instead (`${PIP_INDEX_TOKEN}` in the URL, filled from a build secret)");
            }
            match option {
                "--extra-index-url" => {
                    out.emit(file, o.option_span, "`--extra-index-url` adds a second package index: pip takes whichever index offers the highest version, so a public package can shadow a private one (dependency confusion)")
                        .help("serve private and public packages through one index (`--index-url` to a proxy such as Artifactory, Nexus or CodeArtifact), or pin private packages with hashes");
                }
                "--trusted-host" => {
                    out.emit(
                        file,
                        o.option_span,
                        format!("`--trusted-host {}` turns off TLS verification for that host", o.value),
                    )
                    .help(
                        "give the index a valid certificate (or add its CA to the image) and remove `--trusted-host`",
                    );
                }
                _ => {}
            }
        }
    }
}
