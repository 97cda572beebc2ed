//! AST016 untrusted-package-index: requirements that add an extra package index, fetch from an
//! index over plain HTTP, or turn off TLS checks for a host.

use crate::rules::{Check, Context, Emitter};

pub const CHECK: Check = Check { code: "AST016", run };

/// Whether a URL's host is this machine or a container of the local stack (no dot in the name).
fn local_host(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = host.rsplit_once(':').map_or(host, |(h, _)| h);
    matches!(host, "localhost" | "127.0.0.1" | "[::1]" | "host.docker.internal") || !host.contains('.')
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
