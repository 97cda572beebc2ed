//! AST007 secret-in-airflow-settings: a literal password or secret in `airflow_settings.yaml`.

use crate::engine::ParsedFile;
use crate::model::astronomer::{Connection, Settings};
use crate::rules::{Check, Context, Emitter, Severity};
use crate::secrets::{claimed_hits, is_literal_secret, is_secret_name};
use crate::source::Span;
use crate::syntax::tree::{Kind, Ref};

pub const CHECK: Check = Check { code: "AST007", run };

const HELP: &str = "keep airflow_settings.yaml out of Git (the default .gitignore lists it) and rotate the value; for real environments, store the connection in a secrets backend or as an Astro secret environment variable";

/// Hosts of the local development stack, whose default credentials are not a leak.
const LOCAL_HOSTS: &[&str] = &["localhost", "127.0.0.1", "postgres", "host.docker.internal", "::1"];

fn is_local(c: &Connection<'_>) -> bool {
    c.get("conn_host").and_then(|h| h.as_str()).is_some_and(|h| LOCAL_HOSTS.contains(&h.trim()))
}

fn inside(outer: Span, inner: Span) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// Secret-named keys of a `conn_extra` written as a JSON string (the engine only sees YAML keys).
/// Each value is located in the string's source text when it occurs there once, so the finding
/// points at it; otherwise at the whole string.
fn json_extra_secrets(file: &ParsedFile, extra: Ref<'_>) -> Vec<(String, Span)> {
    let Some(text) = extra.as_str().filter(|t| t.trim_start().starts_with('{')) else { return Vec::new() };
    let parsed = crate::syntax::json::parse(text);
    let Some(root) = parsed.tree.root() else { return Vec::new() };
    let written = file.source.slice(extra.span());
    let mut out = Vec::new();
    for e in root.entries() {
        let (Some(value), Kind::Scalar(..)) = (e.value.as_str(), e.value.kind()) else { continue };
        if !is_secret_name(e.name()) || !is_literal_secret(value) {
            continue;
        }
        let span = match (written.find(value), written.matches(value).count()) {
            (Some(at), 1) => Span::new(extra.span().start + at, extra.span().start + at + value.len()),
            _ => extra.span(),
        };
        out.push((e.name().to_string(), span));
    }
    out
}

/// Reports a secret; default credentials of the local development stack are only a note.
fn emit(out: &mut Emitter, s: &Settings<'_>, span: Span, local: bool, what: String) {
    let f = out.emit(s.file, span, what);
    f.help(HELP).secret(span);
    if local {
        f.severity(Severity::Note);
    }
}

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for s in &cx.astronomer.settings {
        for (hit, key) in claimed_hits(cx, "AST007").filter(|(h, _)| h.file == s.file.id) {
            let conn = s.connections.iter().find(|c| inside(c.node.span(), hit.span));
            let what = match conn {
                Some(c) => format!("connection `{}` stores a literal value for `{key}` in plain text", c.name()),
                None if s.variables.iter().any(|v| inside(v.span(), hit.span)) => {
                    format!("variable `{key}` stores a literal secret in plain text")
                }
                None => format!("`{key}` stores a literal secret in plain text"),
            };
            emit(out, s, hit.span, conn.is_some_and(is_local), what);
        }
        for c in &s.connections {
            let Some(extra) = c.extra() else { continue };
            for (key, span) in json_extra_secrets(s.file, extra.value) {
                let what = format!("connection `{}` stores a literal `{key}` in its `{}` JSON", c.name(), extra.name());
                emit(out, s, span, is_local(c), what);
            }
        }
    }
}
