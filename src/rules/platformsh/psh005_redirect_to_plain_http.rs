//! PSH005 redirect-to-plain-http: a redirect or proxy target on plain HTTP.

use crate::diagnostic::{Emitter, Fix};
use crate::rules::{Check, Context};
use crate::syntax::edit::https_scheme;
use crate::syntax::tree::Ref;

pub const CHECK: Check = Check { code: "PSH005", run, claims: &[] };

fn plain(node: Ref<'_>) -> bool {
    node.as_str().is_some_and(|s| s.trim().to_ascii_lowercase().starts_with("http://"))
}

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for route in &cx.platformsh.routes {
        let mut targets: Vec<Ref<'_>> = route.entry.value.get("to").into_iter().collect();
        if let Some(paths) = route.entry.value.path(&["redirects", "paths"]) {
            targets.extend(paths.entries().filter_map(|p| p.value.get("to")));
        }
        for to in targets.into_iter().filter(|t| plain(*t)) {
            let target = to.as_str().unwrap_or("");
            let f = out.emit(
                route.file,
                to.span(),
                format!("route `{}` sends visitors to plain-HTTP `{target}`", route.url()),
            );
            f.help(format!("point it at `https://{}`", &target.trim()[7..]));
            if let Some(edit) = https_scheme(&route.file.source.text, to.span()) {
                f.fix(Fix::safe("point the target at https", vec![edit]));
            }
        }
    }
}
