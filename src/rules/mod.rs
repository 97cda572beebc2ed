//! The rule registry. A rule is one file under `src/rules/<pack>/` that defines
//! `pub const CHECK: Check` (declared in its pack's `mod.rs`, where helpers the pack shares live),
//! plus its docs and metadata in `lints/rules/<pack>/<CODE>.md`. `build.rs` collects both.

pub mod astronomer;
pub mod aws;
pub mod commerce;
pub mod platformsh;
pub mod secrets;

use crate::config::Settings;
use crate::data::Tables;
use crate::date::Date;
use crate::diagnostic::{Emitter, Finding};
use crate::document::ParsedFile;
use crate::model::platformsh::Model as PlatformModel;
use crate::model::secrets::Hit;

include!(concat!(env!("OUT_DIR"), "/checks.rs"));

/// A rule's code: how it reads the parsed files.
pub struct Check {
    pub code: &'static str,
    pub run: fn(&Context<'_>, &mut Emitter),
    /// The secrets scanner's hits this rule reports itself (see [`secrets::Claim`]).
    pub claims: &'static [secrets::Claim],
}

/// What rules see: every parsed file, the typed platform models, the settings and the as-of date.
pub struct Context<'a> {
    pub files: &'a [ParsedFile],
    pub platformsh: &'a PlatformModel<'a>,
    /// Adobe Commerce views beyond the shared file format (versions, `.magento.env.yaml`, ...).
    pub commerce: &'a crate::model::commerce::Model<'a>,
    pub astronomer: &'a crate::model::astronomer::Model<'a>,
    pub aws: &'a crate::model::aws::Model<'a>,
    /// The dated tables (lifecycles, releases, token formats).
    pub tables: &'a Tables,
    /// Every secret the scanner found (see `model::secrets`), in file order; `hit.id` indexes it.
    pub secrets: &'a [Hit],
    /// For each hit, the rule that claimed it (see [`secrets::claims`]).
    pub claims: Vec<Option<&'static str>>,
    /// The run's settings (run-wide keys: scopes, plan, ...).
    pub settings: &'a Settings,
    /// Each file's settings (which rules are enabled for it).
    pub configs: &'a crate::config::Configs<'a>,
    pub as_of: Date,
}

/// A rule that panicked: its findings are lost, the run goes on and exits 2.
#[derive(Debug)]
pub struct Panicked(pub &'static str);

/// Runs every rule enabled in the settings, in parallel. A rule that panics costs its own
/// findings only.
pub fn run(cx: &Context<'_>) -> (Vec<Finding>, Vec<Panicked>, Evaluated) {
    use rayon::prelude::*;
    let results: Vec<Result<Emitter, Panicked>> = checks()
        .par_iter()
        .filter(|c| cx.configs.any_enabled(c.code))
        .map(|check| {
            let mut em = Emitter::new(check.code);
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (check.run)(cx, &mut em)))
                .map(|()| em)
                .map_err(|_| Panicked(check.code))
        })
        .collect();
    let mut findings = Vec::new();
    let mut panicked = Vec::new();
    let mut evaluated = Evaluated::new();
    for r in results {
        match r {
            Ok(mut em) => {
                findings.append(&mut em.findings);
                if crate::diagnostic::meta(em.code).is_some_and(|m| m.subject.is_some()) {
                    em.evaluated.sort_unstable();
                    em.evaluated.dedup();
                    evaluated.insert(em.code, em.evaluated);
                }
            }
            Err(p) => panicked.push(p),
        }
    }
    (findings, panicked, evaluated)
}

/// Per rule with a subject ([`crate::diagnostic::RuleMeta::subject`]): the files where it found one.
pub type Evaluated = std::collections::BTreeMap<&'static str, Vec<usize>>;

/// The rules that have code (as opposed to the engine's own SRM rules).
pub fn checks() -> &'static [&'static Check] {
    CHECKS
}
