//! AST007 secret-in-airflow-settings: a literal password or secret in `airflow_settings.yaml`.

use crate::diagnostic::{Emitter, Severity};
use crate::document::FileKind;
use crate::model::astronomer::{Connection, Settings};
use crate::model::secrets::{is_literal_secret, is_secret_name};
use crate::rules::secrets::Claim;
use crate::rules::secrets::claimed_hits;
use crate::rules::{Check, Context};
use crate::source::Span;

pub const CHECK: Check = Check { code: "AST007", run, claims: &[Claim::NamedIn(FileKind::AirflowSettings)] };

const HELP: &str = "keep airflow_settings.yaml out of Git (the default .gitignore lists it) and rotate the value; for real environments, store the connection in a secrets backend or as an Astro secret environment variable";

/// Hosts of the local development stack, whose default credentials are not a leak.
const LOCAL_HOSTS: &[&str] = &["localhost", "127.0.0.1", "postgres", "host.docker.internal", "::1"];

fn is_local(c: &Connection<'_>) -> bool {
    c.get("conn_host").and_then(|h| h.as_str()).is_some_and(|h| LOCAL_HOSTS.contains(&h.trim()))
}

fn inside(outer: Span, inner: Span) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
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
        for (hit, key) in claimed_hits(cx, CHECK.code).filter(|(h, _)| h.file == s.file.id) {
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
        // JSON-string extras, which the engine reads as text.
        for c in &s.connections {
            for field in c.extra_fields().into_iter().filter(|f| f.in_json) {
                if is_secret_name(&field.key) && is_literal_secret(&field.value) {
                    let what = format!("connection `{}` stores a literal `{}` in its extras JSON", c.name(), field.key);
                    emit(out, s, field.span, is_local(c), what);
                }
            }
        }
    }
}
