//! SEC003 credentials-in-url: `scheme://user:password@host` with a literal password.

use crate::diagnostic::Emitter;
use crate::model::secrets::HitKind;
use crate::rules::secrets::{claimed_by, emit_hits};
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "SEC003", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    emit_hits(
        cx,
        out,
        |h, cx| h.kind == HitKind::UrlCredentials && claimed_by(cx, h).is_none(),
        |_| "a URL carries a literal password".to_string(),
        "take the password out of the URL and inject it at run time (environment variable or secret store); rotate it",
    );
}
