//! AST011 cicd-enforcement-off: `ci_cd_enforcement: false` on a Deployment that is not in
//! development mode.

use crate::diagnostic::Emitter;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "AST011", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for d in cx.astronomer.deployments.iter().filter(|d| !d.development()) {
        let Some(flag) = d.config("ci_cd_enforcement").filter(|f| f.as_bool() == Some(false)) else { continue };
        out.emit(
            d.file,
            flag.span(),
            "CI/CD enforcement is off: anyone with Deployment access can push code to it directly, bypassing the pipeline's review and tests",
        )
        .help("set `ci_cd_enforcement: true` so only API tokens used by CI can deploy (development Deployments may set `is_development_mode: true` instead)");
    }
}
