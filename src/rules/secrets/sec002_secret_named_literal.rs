//! SEC002 secret-named-literal: a key named like a secret holds a literal, non-placeholder value.

use crate::diagnostic::Emitter;
use crate::model::secrets::HitKind;
use crate::rules::secrets::{claimed_by, emit_hits};
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "SEC002", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    emit_hits(
        cx,
        out,
        |h, cx| h.kind == HitKind::NamedLiteral && claimed_by(cx, h).is_none(),
        |h| match &h.key {
            Some((key, _)) => format!("`{key}` is given a literal secret value"),
            None => "a secret is given a literal value".to_string(),
        },
        "move the value to the platform's secret store (sensitive project variable, Astro secret environment variable, AWS Secrets Manager) and reference it",
    );
}
