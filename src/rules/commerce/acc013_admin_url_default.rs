//! ACC013 admin-url-default: `ADMIN_URL` is set to the default `admin` in repository variables.

use crate::diagnostic::Emitter;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "ACC013", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for v in cx.commerce.variables_named("ADMIN_URL") {
        let Some(url) = v.literal() else { continue };
        if url.trim().trim_matches('/').eq_ignore_ascii_case("admin") {
            out.emit(v.file, v.entry.value.span(), format!("`ADMIN_URL` in `{}` keeps the default Admin path `admin`, the first one attackers try", v.place))
                .help("choose a unique, unguessable Admin path and set it as a Cloud Console variable rather than in the repository");
        }
    }
}
