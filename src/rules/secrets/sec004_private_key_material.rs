//! SEC004 private-key-material: a PEM private key with its body.

use crate::rules::{Check, Context, Emitter};
use crate::secrets::{HitKind, claimed_by, emit_hits};

pub const CHECK: Check = Check { code: "SEC004", run };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    emit_hits(
        cx,
        out,
        |h, cx| h.kind == HitKind::PrivateKey && claimed_by(cx, h).is_none(),
        |_| "a private key is committed in this file".to_string(),
        "replace the key pair (the private key is exposed), and mount the new key from a secret store at run time",
    );
}
