//! ACC008 hardcoded-service-credentials: literal passwords, secrets and tokens in
//! `.magento.env.yaml` service configurations (`DATABASE_`, `SESSION_`, `CACHE_`, `QUEUE_`,
//! `SEARCH_CONFIGURATION`, `REMOTE_STORAGE`) and `log` handlers. Empty values are fine.

use crate::diagnostic::Emitter;
use crate::model::commerce::SecretValue;
use crate::rules::secrets::Claim;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "ACC008", run, claims: &[Claim::Commerce(SecretValue::ServiceCredential)] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for c in &cx.commerce.credentials {
        let span = c.entry.value.span();
        let help = if c.section.starts_with("log.") {
            "take the token out of the repository: create a dedicated, revocable token for the log handler, rotate this one, and keep .magento.env.yaml readable only by people who may hold it"
        } else {
            "remove the value: ece-tools reads service credentials from the environment's relationships, so an override can leave them out; a value that must be set belongs in a sensitive Cloud Console variable. Rotate the committed one"
        };
        out.emit(c.file, span, format!("`{}` in `{}` is a literal credential", c.entry.name(), c.section))
            .help(help)
            .label(c.entry.key.span(), "hard-coded here")
            .secret(span);
    }
}
