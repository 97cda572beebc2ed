//! The platformsh rule pack: one file per rule, and the helpers they share.

pub(crate) mod psh001_runtime_end_of_life;
pub(crate) mod psh002_service_end_of_life;
pub(crate) mod psh003_deprecated_image_version;
pub(crate) mod psh004_plain_http_route;
pub(crate) mod psh005_redirect_to_plain_http;
pub(crate) mod psh006_weak_tls_min_version;
pub(crate) mod psh007_hsts_disabled;
pub(crate) mod psh008_cache_ignores_cookies;
pub(crate) mod psh009_scripts_in_writable_mount;
pub(crate) mod psh010_web_root_exposes_repository;
pub(crate) mod psh011_php_display_errors;
pub(crate) mod psh012_ssh_for_viewers;
pub(crate) mod psh013_insufficient_disk;
pub(crate) mod psh014_missing_backup_cron;
pub(crate) mod psh015_unguarded_backup_cron;
pub(crate) mod psh016_build_hook_ignores_failures;
pub(crate) mod psh017_remote_script_piped_to_shell;
pub(crate) mod psh018_deprecated_config_syntax;
pub(crate) mod psh019_region_outside_compliance_scope;
pub(crate) mod psh020_search_service_without_auth;
pub(crate) mod psh021_fixed_flex_key_mixup;
pub(crate) mod psh022_cli_token_in_config;

use crate::diagnostic::Fix;
use crate::document::ParsedFile;
use crate::model::platformsh::{Image, Route};
use crate::source::{Edit, Span};
use crate::syntax::edit::https_scheme;

/// The fix of a plain-HTTP route (PSH004, ACC015): its key's `http://` becomes `https://`, quoting
/// and case of the rest kept. Safe: the platform then redirects plain HTTP to the new route.
/// `None` when the file already declares that https route (the two would clash).
pub(crate) fn https_route_fix(route: &Route<'_>, routes: &[Route<'_>]) -> Option<Fix> {
    let https = format!("https://{}", route.url().get(7..)?);
    if routes.iter().any(|r| r.file.id == route.file.id && r.url().eq_ignore_ascii_case(&https)) {
        return None;
    }
    let edit = https_scheme(&route.file.source.text, route.entry.key.span())?;
    Some(Fix::safe("declare the route as https", vec![edit]))
}

/// The fix bumping an image (`php:7.4`, `nodejs@18`) to `version` (PSH001–PSH003, ACC003,
/// ACC004): only the version's characters change. Unsafe: the app or the service's data must be
/// tested on the new version (a service cannot be downgraded).
pub(crate) fn version_fix(file: &ParsedFile, img: &Image<'_>, version: &str) -> Option<Fix> {
    let written = file.source.slice(img.span);
    let at = written.rfind(img.version)?;
    let before = written[..at].trim_start_matches(['"', '\'', ' ']);
    if before.strip_suffix([':', '@']).is_none_or(|name| name.trim() != img.name) || img.version == version {
        return None;
    }
    let span = Span::new(img.span.start + at, img.span.start + at + img.version.len());
    Some(Fix::unsafe_(format!("upgrade to {}:{version}", img.name), vec![Edit::replace(span, version)]))
}
