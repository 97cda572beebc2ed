//! AST012 no-alert-emails: a non-development Deployment without contact emails.

use crate::diagnostic::Emitter;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "AST012", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for d in cx.astronomer.deployments.iter().filter(|d| !d.development()) {
        // Templates (`inspect --template`) carry no name: they are filled in per Deployment.
        if d.config_str("name").is_none() {
            continue;
        }
        let emails = d.entry.value.entry("alert_emails");
        let span = match emails {
            None => d.anchor(),
            Some(e) if e.value.is_null() => e.key.span(),
            Some(e) if e.value.is_seq() && e.value.items().next().is_none() => e.value.span(),
            Some(_) => continue,
        };
        out.emit(d.file, span, "the Deployment has no `alert_emails`: nobody is told when Astronomer finds an infrastructure problem with it")
            .help("add `alert_emails:` with a monitored team address (Astronomer's contact emails for the Deployment)");
    }
}
