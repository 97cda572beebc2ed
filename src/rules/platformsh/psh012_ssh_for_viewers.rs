//! PSH012 ssh-for-viewers: read-only project users get shell access.

use crate::diagnostic::Emitter;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "PSH012", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for app in &cx.platformsh.apps {
        let Some(ssh) = app.node.path(&["access", "ssh"]) else { continue };
        if ssh.as_str().is_some_and(|s| s.trim() == "viewer") {
            out.emit(
                app.file,
                ssh.span(),
                "`access.ssh: viewer` gives every read-only user a shell on the environment",
            )
            .help("use `contributor` (the default) or `admin`");
        }
    }
}
