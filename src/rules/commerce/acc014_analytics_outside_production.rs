//! ACC014 analytics-outside-production: `ENABLE_GOOGLE_ANALYTICS: true` sends Staging and
//! Integration traffic to Google Analytics.

use crate::diagnostic::Emitter;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "ACC014", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for v in cx.commerce.variables_named("ENABLE_GOOGLE_ANALYTICS") {
        if v.entry.value.as_bool() == Some(true) {
            out.emit(v.file, v.entry.value.span(), format!("`ENABLE_GOOGLE_ANALYTICS` is on in `{}`: Staging and Integration environments send their traffic to Google Analytics", v.place))
                .help("remove it: Google Analytics then runs only in Production, which is the default");
        }
    }
}
