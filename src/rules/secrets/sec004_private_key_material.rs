//! SEC004 private-key-material: a PEM private key with its body.

use crate::diagnostic::Emitter;
use crate::model::secrets::HitKind;
use crate::rules::secrets::{claimed_by, emit_hits};
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "SEC004", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    emit_hits(
        cx,
        out,
        |h, cx| h.kind == HitKind::PrivateKey && claimed_by(cx, h).is_none(),
        |_| "a private key is committed in this file".to_string(),
        "replace the key pair (the private key is exposed), and mount the new key from a secret store at run time",
    );
}
