//! SEC001 known-token-format: a value in a known credential format (AWS, GitHub, Slack, Stripe...).

use crate::diagnostic::Emitter;
use crate::model::secrets::HitKind;
use crate::rules::secrets::{claimed_by, emit_hits};
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "SEC001", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    emit_hits(
        cx,
        out,
        |h, cx| matches!(h.kind, HitKind::Token(_)) && claimed_by(cx, h).is_none(),
        |h| match h.kind {
            HitKind::Token(name) => format!("{name} committed in plain text"),
            _ => unreachable!("filtered to tokens"),
        },
        "revoke the credential now (it is in the Git history), then load it from the platform's secret store or a sensitive variable",
    );
}
