//! PSH015 unguarded-backup-cron: a backup cron that runs on every environment or blocks its cron.

use crate::diagnostic::Emitter;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "PSH015", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for app in cx.platformsh.apps.iter().filter(|a| a.provider() == "platformsh") {
        for cron in app.crons() {
            let Some(command) = cron.command else { continue };
            let Some(text) = command.as_str() else { continue };
            if !text.contains("backup:create") {
                continue;
            }
            let guarded = text.contains("PLATFORM_ENVIRONMENT_TYPE") && text.contains("production");
            let no_wait = text.contains("--no-wait");
            let problem = match (guarded, no_wait) {
                (true, true) => continue,
                (false, true) => "runs on every environment, not only production".to_string(),
                (true, false) => "waits for the backup to finish (no `--no-wait`)".to_string(),
                (false, false) => "runs on every environment and waits for the backup to finish".to_string(),
            };
            out.emit(app.file, command.span(), format!("backup cron `{}` {problem}", cron.entry.name())).help(
                "wrap the command as `if [ \"$PLATFORM_ENVIRONMENT_TYPE\" = production ]; then platform backup:create --yes --no-wait; fi`",
            );
        }
    }
}
