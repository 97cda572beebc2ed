//! PSH014 missing-backup-cron: an app keeps persistent data but no cron runs `backup:create`.

use crate::data::Plan;
use crate::diagnostic::{Emitter, Fix, Severity};
use crate::rules::{Check, Context};
use crate::syntax::edit::{Value, insert_entry};

pub const CHECK: Check = Check { code: "PSH014", run, claims: &[] };

/// Service images that hold data worth backing up.
const PERSISTENT: &[&str] = &[
    "mysql",
    "mariadb",
    "oracle-mysql",
    "postgresql",
    "mongodb",
    "mongodb-enterprise",
    "redis-persistent",
    "valkey-persistent",
    "network-storage",
    "influxdb",
    "kafka",
    "solr",
    "elasticsearch",
    "elasticsearch-enterprise",
    "opensearch",
];

/// Mount path segments (leading dots ignored) that hold rebuildable or throwaway files, not data
/// worth a backup: segments starting with these (`cache`, `logs`, `tmp_platformsh`)...
const THROWAWAY_PREFIX: &[&str] = &["cache", "log", "tmp"];
/// ...or equal to these (build output, tool state, sessions).
const THROWAWAY: &[&str] = &[
    "temp",
    "temporary",
    "next",
    "nuxt",
    "output",
    "npm",
    "yarn",
    "drush",
    "console",
    "session",
    "sessions",
    "dist",
    "build",
    "node_modules",
    "target",
    "out",
    "generated",
];
/// Dot-folders of tools (caches and settings they rewrite): only with their leading dot, since a
/// `config` folder may hold the app's own data.
const TOOL_DIRS: &[&str] =
    &[".config", ".local", ".npm", ".pm2", ".bun", ".pnpm-store", ".composer", ".cargo", ".gradle", ".m2"];

fn is_throwaway(path: &str) -> bool {
    path.split('/').any(|seg| {
        let lower = seg.to_ascii_lowercase();
        let bare = lower.trim_start_matches('.');
        TOOL_DIRS.contains(&lower.as_str())
            || THROWAWAY_PREFIX.iter().any(|p| bare.starts_with(p))
            || THROWAWAY.contains(&bare)
    })
}

/// CLI commands that make a backup: `backup:create`, and the older name `snapshot:create`.
fn makes_backup(command: &str) -> bool {
    command.contains("backup:create") || command.contains("snapshot:create")
}

/// Endpoint names that reveal a database when the service definition is not in the scan.
const DB_ENDPOINTS: &[&str] = &["mysql", "postgresql", "mongodb", "admin", "main"];

fn run(cx: &Context<'_>, out: &mut Emitter) {
    // Dedicated plans: the provider runs backups, so the duty does not fall on the customer.
    let severity = match cx.settings.platformsh_plan {
        Some(Plan::Dedicated) => return,
        Some(Plan::Professional) => Severity::Warning,
        None => Severity::Note,
    };
    for app in cx.platformsh.apps.iter().filter(|a| a.provider() == "platformsh") {
        let crons = app.crons();
        let backed_up = crons.iter().any(|c| c.command.and_then(|c| c.as_str()).is_some_and(makes_backup));
        if backed_up {
            continue;
        }
        // The first piece of persistent data is what the finding points at.
        let mut evidence = None;
        for rel in app.relationships() {
            let image = cx.platformsh.service(app, rel.service).and_then(|s| s.image).map(|i| i.name);
            let persistent = match image {
                Some(image) => PERSISTENT.contains(&image),
                None => rel.endpoint.is_some_and(|e| DB_ENDPOINTS.contains(&e)),
            };
            if persistent {
                let what = image.unwrap_or(rel.endpoint.unwrap_or("database"));
                evidence = Some((rel.entry.key.span(), format!("relationship `{}` ({what})", rel.entry.name())));
                break;
            }
        }
        if evidence.is_none()
            && let Some(m) = app
                .mounts()
                .into_iter()
                .find(|m| matches!(m.source, Some("local" | "storage")) && !is_throwaway(m.path))
        {
            evidence = Some((m.entry.key.span(), format!("mount `{}`", m.path)));
        }
        let Some((span, what)) = evidence else { continue };
        let name = app.name.unwrap_or("app");
        let f = out.emit(app.file, span, format!("app `{name}` keeps data in {what} but no cron runs `backup:create`"));
        f.severity(severity).help(
            "add a cron that runs `if [ \"$PLATFORM_ENVIRONMENT_TYPE\" = production ]; then platform backup:create --yes --no-wait; fi` \
             (it needs a PLATFORMSH_CLI_TOKEN project variable), or set `platformsh.plan` in srm-lint.toml if the provider backs you up",
        );
        if let Some(c) = app.node.entry("crons") {
            f.label(c.key.span(), "none of these crons makes a backup");
        }
        if let Some(edit) = backup_cron(app) {
            f.fix(Fix::unsafe_("add a `backup` cron that backs up production daily", vec![edit]));
        }
    }
}

/// The edit adding a daily, production-only `backup` cron to the app's `crons` (or a `crons` key
/// with it). Unsafe: it needs a `PLATFORMSH_CLI_TOKEN` project variable, and backups cost storage.
fn backup_cron(app: &crate::model::platformsh::App<'_>) -> Option<crate::source::Edit> {
    let cron = Value::map([
        ("spec", Value::Str("0 5 * * *".into())),
        ("commands", Value::map([("start", Value::Str(BACKUP.into()))])),
    ]);
    let text = &app.file.source.text;
    match app.node.get("crons") {
        Some(crons) if crons.get("backup").is_none() => insert_entry(text, crons, "backup", &cron, false),
        Some(_) => None,
        None => insert_entry(text, app.node, "crons", &Value::Map(vec![("backup".into(), cron)]), false),
    }
}

const BACKUP: &str =
    "if [ \"$PLATFORM_ENVIRONMENT_TYPE\" = production ]; then platform backup:create --yes --no-wait; fi";

#[cfg(test)]
mod tests {
    #[test]
    fn throwaway_mounts() {
        for p in [
            "/.next",
            "var/cache",
            "logs",
            "/tmp",
            ".drush",
            ".config",
            ".tmp_platformsh",
            "var/temporary",
            "public/build",
        ] {
            assert!(super::is_throwaway(p), "{p}");
        }
        for p in [
            "web/uploads",
            "/.jenkins",
            "data/chatbot",
            "storage/app",
            "templates",
            "config/sync",
            "web/sites/default/files",
        ] {
            assert!(!super::is_throwaway(p), "{p}");
        }
    }
}
