//! PSH022 cli-token-in-config: a Platform.sh/Upsun CLI token written into the repository.

use crate::diagnostic::Emitter;
use crate::rules::secrets::Claim;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "PSH022", run, claims: &[Claim::NamedKey(NAMES)] };

const NAMES: &[&str] = &["PLATFORMSH_CLI_TOKEN", "UPSUN_CLI_TOKEN"];

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for app in &cx.platformsh.apps {
        let Some(vars) = app.node.get("variables") else { continue };
        for prefix in vars.entries() {
            for var in prefix.value.entries() {
                if !NAMES.contains(&var.name()) {
                    continue;
                }
                let Some(value) = var.value.as_str() else { continue };
                // A reference to another variable is not a literal token.
                if value.trim().is_empty() || value.starts_with('$') {
                    continue;
                }
                out.emit(
                    app.file,
                    var.value.span(),
                    format!("`{}` is given a literal token in the app config, committed for anyone with repository access", var.name()),
                )
                .help("revoke this token, remove it from the file, and set it as a sensitive project variable: `platform variable:create --level project --name env:PLATFORMSH_CLI_TOKEN --sensitive true`")
                .label(var.key.span(), "API token for the whole project")
                .secret(var.value.span());
            }
        }
    }
}
