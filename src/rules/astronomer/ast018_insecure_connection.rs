//! AST018 insecure-connection: an Airflow connection that turns off TLS or host-key checks, or
//! talks plain HTTP to a remote host.

use crate::diagnostic::Emitter;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "AST018", run, claims: &[] };

/// Whether a URL points at a host outside the local stack: a dotted name or address that is not
/// loopback or private.
fn remote_http(value: &str) -> bool {
    let Some(rest) = value.trim().strip_prefix("http://") else { return false };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = host.rsplit_once(':').map_or(host, |(h, _)| h).to_ascii_lowercase();
    let private = host.starts_with("10.")
        || host.starts_with("192.168.")
        || host.starts_with("127.")
        || (16..32).any(|n| host.starts_with(&format!("172.{n}.")));
    host.contains('.')
        && !private
        && !host.ends_with(".local")
        && host != "host.docker.internal"
        && !host.contains("${")
}

/// What is insecure about one `key: value` setting, if anything.
fn insecure(key: &str, value: &str) -> Option<&'static str> {
    let k = key.to_ascii_lowercase().replace('-', "_");
    let v = value.trim().to_ascii_lowercase();
    let falsy = matches!(v.as_str(), "false" | "no" | "0" | "off");
    let truthy = matches!(v.as_str(), "true" | "yes" | "1" | "on");
    match k.as_str() {
        "sslmode" | "ssl_mode" if matches!(v.as_str(), "disable" | "allow" | "disabled") => {
            Some("`sslmode` lets the connection run without TLS")
        }
        "verify"
        | "verify_ssl"
        | "ssl_verify"
        | "verify_certs"
        | "validate_certs"
        | "tls_verify"
        | "insecure_skip_verify"
            if falsy =>
        {
            Some("certificate verification is off, so the connection accepts any server")
        }
        "insecure_skip_verify" | "insecure" if truthy => {
            Some("certificate verification is off, so the connection accepts any server")
        }
        "trustservercertificate" if truthy => Some("`TrustServerCertificate` accepts any server certificate"),
        "no_host_key_check" if truthy => {
            Some("`no_host_key_check` accepts any SSH host key, so a man in the middle goes unnoticed")
        }
        _ if remote_http(&v) => {
            Some("the connection sends its traffic (and credentials) over plain HTTP to a remote host")
        }
        _ => None,
    }
}

/// What is insecure about a connection URI: its query parameters (`?sslmode=disable`), or plain
/// HTTP to a remote host.
fn uri_problems(uri: &str) -> Vec<&'static str> {
    let query = uri.split_once('?').map_or("", |(_, q)| q);
    let mut out: Vec<&'static str> = query
        .split('&')
        .filter_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            insecure(k, v)
        })
        .collect();
    if remote_http(uri) {
        out.push("the connection sends its traffic (and credentials) over plain HTTP to a remote host");
    }
    out
}

const HELP: &str = "keep TLS and host verification on (`sslmode: require` or `verify-full`, `verify: true`, a trusted server certificate, a known host key) and use `https://`";

fn run(cx: &Context<'_>, out: &mut Emitter) {
    // Connections given as `AIRFLOW_CONN_<ID>` URIs in project Dockerfiles and `.env` files.
    for (file, key, value, span) in cx.astronomer.env_connections() {
        for why in uri_problems(value) {
            out.emit(file, span, format!("`{key}`: {why}")).help(HELP);
        }
    }
    for s in &cx.astronomer.settings {
        for c in &s.connections {
            let mut found = Vec::new();
            for field in c.extra_fields() {
                if let Some(why) = insecure(&field.key, &field.value) {
                    found.push((field.span, format!("connection `{}`: {why}", c.name())));
                }
            }
            for key in ["conn_host", "host"] {
                if let Some(v) = c.get(key).filter(|v| v.as_str().is_some_and(remote_http)) {
                    found.push((v.span(), format!("connection `{}` talks plain HTTP to a remote host", c.name())));
                }
            }
            if let Some(uri) = c.get("conn_uri") {
                for why in uri.as_str().map(uri_problems).unwrap_or_default() {
                    found.push((uri.span(), format!("connection `{}`: {why}", c.name())));
                }
            }
            for (span, message) in found {
                out.emit(s.file, span, message).help(HELP);
            }
        }
    }
}
