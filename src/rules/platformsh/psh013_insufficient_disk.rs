//! PSH013 insufficient-disk: disk missing or below the platform's minimum (Fixed key set: Platform.sh
//! Fixed and Adobe Commerce on cloud files).

use crate::diagnostic::Emitter;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "PSH013", run, claims: &[] };

/// Smallest disk (MB) a service type accepts.
fn minimum(image: &str) -> Option<i64> {
    match image {
        "mariadb" | "mysql" | "oracle-mysql" | "postgresql" | "opensearch" | "solr" | "elasticsearch" => Some(256),
        "mongodb" | "rabbitmq" | "kafka" | "vault-kms" => Some(512),
        _ => None,
    }
}

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for app in cx.platformsh.apps.iter().filter(|a| !a.flex) {
        let disk = app.node.get("disk");
        match disk.and_then(|d| d.as_i64()) {
            Some(mb) if mb < 128 => {
                let d = disk.expect("disk is set");
                out.emit(app.file, d.span(), format!("app disk of {mb} MB is below the 128 MB minimum"))
                    .help("set `disk` to 128 or more");
            }
            Some(_) => {}
            None if disk.is_none() => {
                if let Some(m) = app.mounts().into_iter().find(|m| m.source == Some("local")) {
                    out.emit(
                        app.file,
                        m.entry.key.span(),
                        format!("local mount `{}` needs disk space, but the app sets no `disk`", m.path),
                    )
                    .help("add `disk: <MB>` to the app (at least 128)");
                }
            }
            None => {}
        }
    }
    for svc in cx.platformsh.services.iter().filter(|s| s.file.kind != crate::document::FileKind::UpsunConfig) {
        let (Some(img), Some(disk)) = (svc.image, svc.entry.value.get("disk")) else { continue };
        let (Some(min), Some(mb)) = (minimum(img.upstream()), disk.as_i64()) else { continue };
        if mb < min {
            out.emit(
                svc.file,
                disk.span(),
                format!("service `{}` has {mb} MB of disk; {} needs at least {min} MB", svc.name(), img.name),
            )
            .help(format!("set `disk: {min}` or more"));
        }
    }
}
