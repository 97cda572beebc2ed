//! ACC009 mage-mode-not-production: `MAGE_MODE` set to anything but `production` in repository
//! variables.

use crate::diagnostic::Emitter;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "ACC009", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for v in cx.commerce.variables_named("MAGE_MODE") {
        let Some(mode) = v.literal() else { continue };
        if mode.trim().eq_ignore_ascii_case("production") {
            continue;
        }
        out.emit(v.file, v.entry.value.span(), format!("`MAGE_MODE` is `{}` in `{}`; only `production` is supported on cloud", mode.trim(), v.place))
            .help("remove `MAGE_MODE` (ece-tools deploys in production mode) or set it to `production`: developer and default modes show errors and stack traces to visitors");
    }
}
