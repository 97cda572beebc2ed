//! The secrets pack (SEC001–SEC005), and what every rule that reports secrets shares: the clause a
//! secret falls under, the claims (which platform rule reports a scanner hit instead of
//! SEC001–SEC004, decided once per run before any rule runs), and emitting hits.

pub(crate) mod sec001_known_token_format;
pub(crate) mod sec002_secret_named_literal;
pub(crate) mod sec003_credentials_in_url;
pub(crate) mod sec004_private_key_material;
pub(crate) mod sec005_committed_env_file;

use crate::diagnostic::{Emitter, Fix};
use crate::document::{FileKind, ParsedFile};
use crate::model::commerce::SecretValue;
use crate::model::secrets::{Hit, HitKind};
use crate::rules::{Check, Context};
use crate::source::Edit;
use crate::syntax::edit::remove_line_entry;

/// A set of the scanner's hits that a platform rule reports itself, with the platform's fix,
/// instead of SEC001–SEC004. A rule declares its claims in its [`Check`]; a claim holds only while
/// the rule is enabled for the file, so nothing is lost when a user turns the platform rule off.
#[derive(Clone, Copy, Debug)]
pub enum Claim {
    /// Secret-named literals under these key names in a file of a platform's own format (not a
    /// lone `.env`, not an Astro project's files).
    NamedKey(&'static [&'static str]),
    /// Any hit inside a Commerce secret of this kind (see `model::commerce`).
    Commerce(SecretValue),
    /// Secret-named literals in files of this kind.
    NamedIn(FileKind),
    /// Secret-named literals in a Dockerfile of an Astro project.
    NamedInAstroDockerfile,
    /// Secret-named literals in an Astro deployment file, inside an environment variable marked
    /// secret (`true`) or not (`false`).
    NamedInDeployment { secret: bool },
    /// Secret-named literals in the Astro CLI's `.astro/config.yaml` (not the web framework's).
    NamedInAstroCliConfig,
}

impl Claim {
    /// Claims are tried in this order: the first that matches wins.
    fn rank(self) -> u8 {
        match self {
            Claim::NamedKey(_) => 0,
            Claim::Commerce(_) => 1,
            _ => 2,
        }
    }

    fn matches(self, cx: &Context<'_>, hit: &Hit) -> bool {
        let file = &cx.files[hit.file];
        let named = hit.kind == HitKind::NamedLiteral;
        match self {
            Claim::NamedKey(keys) => {
                named
                    && !matches!(file.provider(), "generic" | "astronomer")
                    && hit.key.as_ref().is_some_and(|(k, _)| keys.contains(&k.as_str()))
            }
            Claim::Commerce(kind) => cx.commerce.secret_value(hit.file, hit.span) == Some(kind),
            Claim::NamedIn(kind) => named && file.kind == kind,
            Claim::NamedInAstroDockerfile => named && file.kind == FileKind::Dockerfile && cx.astronomer.contains(file),
            Claim::NamedInDeployment { secret } => {
                named
                    && file.kind == FileKind::AstroDeployment
                    && cx.astronomer.in_secret_variable(hit.file, hit.span) == secret
            }
            Claim::NamedInAstroCliConfig => {
                named
                    && file.kind == FileKind::AstroConfig
                    && cx.astronomer.configs.iter().any(|c| c.file.id == file.id)
            }
        }
    }
}

/// The claims table: for each hit (by [`Hit::id`]), the rule that reports it instead of
/// SEC001–SEC004, if any. Computed once, before any rule runs, from every rule's declared claims.
pub fn claims(cx: &Context<'_>, checks: &[&Check]) -> Vec<Option<&'static str>> {
    let mut declared: Vec<(Claim, &'static str)> =
        checks.iter().flat_map(|c| c.claims.iter().map(|claim| (*claim, c.code))).collect();
    declared.sort_by_key(|(claim, code)| (claim.rank(), *code));
    cx.secrets
        .iter()
        .map(|hit| {
            let rel = cx.files[hit.file].rel();
            declared
                .iter()
                .find(|(claim, code)| claim.matches(cx, hit) && cx.configs.get(hit.file).enabled(code, Some(rel)))
                .map(|(_, code)| *code)
        })
        .collect()
}

/// The rule that reports this hit instead of SEC001–SEC004, if any.
pub fn claimed_by(cx: &Context<'_>, hit: &Hit) -> Option<&'static str> {
    cx.claims.get(hit.id).copied().flatten()
}

/// The secret-named literals (with their key, `""` when none) that the rule `code` claimed.
pub fn claimed_hits<'c>(cx: &'c Context<'_>, code: &'static str) -> impl Iterator<Item = (&'c Hit, &'c str)> + 'c {
    cx.secrets
        .iter()
        .filter(move |h| h.kind == HitKind::NamedLiteral && claimed_by(cx, h) == Some(code))
        .map(|h| (h, h.key.as_ref().map_or("", |(k, _)| k.as_str())))
}

/// Emits one finding per hit `wanted` picks, with the value masked.
pub fn emit_hits(
    cx: &Context<'_>,
    out: &mut Emitter,
    wanted: fn(&Hit, &Context<'_>) -> bool,
    message: fn(&Hit) -> String,
    help: &str,
) {
    // Only rules whose docs declare the fix offer it (SEC004's keys span lines: none).
    let offers_fix = crate::diagnostic::meta(out.code).is_some_and(|m| m.autofix.is_some());
    for hit in cx.secrets.iter().filter(|h| wanted(h, cx)) {
        let file = &cx.files[hit.file];
        // Docker Compose overrides are read for the Astro CLI's local environment only.
        if file.kind == FileKind::ComposeOverride && !cx.astronomer.contains(file) {
            continue;
        }
        let f = out.emit(file, hit.span, message(hit));
        f.help(help).secret(hit.span);
        f.clause = Some(clause(cx, file));
        if let Some((key, span)) = &hit.key {
            f.label(*span, format!("`{key}`"));
        }
        if offers_fix && let Some((name, edit)) = app_variable(cx, file, hit.span) {
            f.help(format!(
                "{help}; on Platform.sh: `platform variable:create --level project --name {name} --sensitive true`"
            ));
            f.fix(Fix::unsafe_(format!("remove `{name}` from the file (set it as a sensitive variable)"), vec![edit]));
        }
    }
}

/// The app variable (`env:API_KEY`) whose value holds `span` in a Platform.sh or Commerce app
/// file, and the edit removing its line. Unsafe: the app loses the value until it is set again as
/// a sensitive project variable.
fn app_variable(cx: &Context<'_>, file: &ParsedFile, span: crate::source::Span) -> Option<(String, Edit)> {
    let inside = |s: crate::source::Span| s.start <= span.start && span.end <= s.end;
    for app in cx.platformsh.apps.iter().filter(|a| a.file.id == file.id) {
        let Some(groups) = app.node.get("variables") else { continue };
        for group in groups.entries() {
            if let Some(var) = group.value.entries().find(|v| inside(v.value.span())) {
                let edit = remove_line_entry(&file.source.text, var.key, var.value)?;
                return Some((format!("{}:{}", group.name(), var.name()), edit));
            }
        }
    }
    None
}

/// The clause a secret in `file` falls under: the provider whose file it is. Files any platform
/// may hold (`.env`, Dockerfile, requirements) count as Astronomer's inside an Astro project and
/// as the generic credentials clause elsewhere; Composer files as Adobe Commerce's in a Commerce
/// repository.
pub fn clause(cx: &Context<'_>, file: &ParsedFile) -> &'static str {
    use FileKind::*;
    match file.kind {
        Dotenv | Dockerfile | Requirements | ComposeOverride | AptPackages => {
            if cx.astronomer.contains(file) {
                "astronomer.secrets"
            } else {
                "generic.credentials"
            }
        }
        ComposerJson | ComposerLock | AuthJson | PhpIni
            if !cx
                .files
                .iter()
                .any(|f| matches!(f.kind, MagentoApp | MagentoEnv | MagentoRoutes | MagentoServices)) =>
        {
            "generic.credentials"
        }
        _ => match file.provider() {
            "platformsh" => "platformsh.access-control",
            "commerce" => "commerce.access",
            "astronomer" => "astronomer.secrets",
            "aws" => "aws.iam",
            _ => "generic.credentials",
        },
    }
}
