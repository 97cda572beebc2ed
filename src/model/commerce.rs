//! Adobe Commerce on cloud infrastructure: what the Platform.sh file format does not cover. The
//! project's Commerce version (`composer.lock`, else `composer.json`), `.magento.env.yaml` stages
//! and log handlers, the variables a repository sets, hard-coded service credentials,
//! `auth.json` keys, `app/etc/env.php` secrets and a PHP app's root `php.ini`, all with spans.
//! Apps, routes and services come from the Platform.sh model ([`super::platformsh`]): one
//! implementation of the shared format.
//!
//! Built once per run and handed to rules through `Context::commerce`; it also says which kind of
//! Commerce secret a span holds ([`Model::secret_value`]), so the rules that report those can claim
//! the secrets scanner's hits there.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use regex::Regex;

use crate::data::lifecycle::{patch_number, split_line};
use crate::document::ParsedFile;
use crate::document::discover::FileKind;
use crate::model::platformsh::{App, Model as PlatformModel, Route};
use crate::source::Span;
use crate::syntax::tree::{Entry, Kind, Ref};

/// The kinds of secret a Commerce repository holds in files Adobe names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecretValue {
    /// A Composer credential in `auth.json`.
    AuthCredential,
    /// Anything in `app/etc/env.php` (crypt key, database passwords).
    EnvPhp,
    /// A literal `CRYPT_KEY` variable.
    CryptKey,
    /// A password, secret or token in a `.magento.env.yaml` service or log-handler configuration.
    ServiceCredential,
}

#[derive(Default)]
pub struct Model<'a> {
    /// At most one per directory: the lock's, else `composer.json`'s.
    pub versions: Vec<Version<'a>>,
    pub env_files: Vec<EnvFile<'a>>,
    /// Variables set in `.magento.env.yaml` stages and in PHP apps' `variables.env`.
    pub variables: Vec<Variable<'a>>,
    /// Literal passwords, secrets and tokens in `.magento.env.yaml` service configurations and log
    /// handlers (ACC008).
    pub credentials: Vec<Credential<'a>>,
    /// `auth.json` files with the credentials they hold (ACC005).
    pub auth_files: Vec<AuthFile<'a>>,
    /// `app/etc/env.php` files (ACC006).
    pub env_php: Vec<EnvPhp<'a>>,
    /// Settings of the `php.ini` beside each PHP `.magento.app.yaml` (ACC011).
    pub php_ini: Vec<IniSetting<'a>>,
    /// (file id, span, kind): the Commerce secrets the model names.
    secret_values: Vec<(usize, Span, SecretValue)>,
    /// (project, URL without `https://`) of every `https://` route, lower-cased scheme dropped.
    https_routes: HashSet<(String, &'a str)>,
    /// (project, app name) → whether the app runs PHP.
    app_is_php: HashMap<(String, &'a str), bool>,
}

/// The Commerce version a project installs.
pub struct Version<'a> {
    pub file: &'a ParsedFile,
    /// Directory of the composer file (`""` for the scanned root).
    pub dir: String,
    /// `magento/product-enterprise-edition`, `-community-edition` or the cloud metapackage.
    pub package: &'a str,
    /// The version (lock) or constraint (`composer.json`) as written, and where.
    pub text: &'a str,
    pub span: Span,
    /// The three-part release line, e.g. `2.4.8`.
    pub line: String,
    /// The exact patch level (`-p5` → 5, GA → 0, pre-release → -1); `None` for a range.
    pub patch: Option<i64>,
    /// Read from `composer.lock` (what is installed) rather than a `composer.json` constraint.
    pub locked: bool,
}

impl Version<'_> {
    /// `2.4.8-p4`, or `2.4.8` for a line read from a constraint.
    pub fn display(&self) -> String {
        match self.patch {
            Some(_) => self.text.trim().trim_start_matches(['v', 'V', '=']).to_string(),
            None => self.line.clone(),
        }
    }

    /// How messages name the product: Magento Open Source when the project installs
    /// `magento/product-community-edition` (and not the Enterprise Edition), else Adobe Commerce.
    pub fn edition(&self) -> &'static str {
        if self.package == "magento/product-community-edition" { "Magento Open Source" } else { "Adobe Commerce" }
    }
}

pub struct EnvFile<'a> {
    pub file: &'a ParsedFile,
    /// `global`, `build`, `deploy`, `post-deploy` (and any other name written there).
    pub stages: Vec<Entry<'a>>,
    /// The `log` section: handlers by name.
    pub log: Option<Ref<'a>>,
}

/// A variable the repository sets.
pub struct Variable<'a> {
    pub file: &'a ParsedFile,
    pub entry: Entry<'a>,
    /// Where: `stage.deploy` (`.magento.env.yaml`) or `variables.env` (app file).
    pub place: String,
}

impl<'a> Variable<'a> {
    pub fn name(&self) -> &'a str {
        self.entry.name()
    }
    /// The value when it is a non-empty, untagged scalar.
    pub fn literal(&self) -> Option<&'a str> {
        literal(self.entry.value)
    }
}

/// A literal secret in a `.magento.env.yaml` service configuration or log handler.
pub struct Credential<'a> {
    pub file: &'a ParsedFile,
    /// `stage.deploy.DATABASE_CONFIGURATION` or `log.slack`.
    pub section: String,
    pub entry: Entry<'a>,
}

pub struct AuthFile<'a> {
    pub file: &'a ParsedFile,
    pub credentials: Vec<AuthCredential<'a>>,
}

/// A non-empty value in one of Composer's authentication sections.
pub struct AuthCredential<'a> {
    /// `http-basic`, `github-oauth`, `gitlab-token`, `gitlab-oauth`, `bitbucket-oauth`, `bearer`.
    pub section: &'a str,
    pub host: &'a str,
    pub entry: Entry<'a>,
}

pub struct EnvPhp<'a> {
    pub file: &'a ParsedFile,
    /// The value of `'crypt' => ['key' => '...']`.
    pub crypt_key: Option<Span>,
    /// Non-empty `'password' => '...'` values.
    pub passwords: Vec<Span>,
}

/// One `key = value` line of a `php.ini`.
pub struct IniSetting<'a> {
    pub file: &'a ParsedFile,
    pub key: &'a str,
    pub key_span: Span,
    pub value: &'a str,
    pub value_span: Span,
}

/// Composer's authentication sections in `auth.json` (and `COMPOSER_AUTH`).
const AUTH_SECTIONS: &[&str] =
    &["http-basic", "github-oauth", "gitlab-oauth", "gitlab-token", "bitbucket-oauth", "bearer"];

/// `.magento.env.yaml` deploy variables that configure a service connection.
pub const SERVICE_SECTIONS: &[&str] = &[
    "DATABASE_CONFIGURATION",
    "SESSION_CONFIGURATION",
    "CACHE_CONFIGURATION",
    "QUEUE_CONFIGURATION",
    "SEARCH_CONFIGURATION",
    "ELASTICSUITE_CONFIGURATION",
    "REMOTE_STORAGE",
];

/// The value of a node when it is a non-empty, untagged scalar (`''`, `~` and `!php/const` are not literals).
pub fn literal(node: Ref<'_>) -> Option<&str> {
    if node.tag().is_some() || node.is_null() {
        return None;
    }
    node.as_str().filter(|s| !s.trim().is_empty())
}

/// Key names that hold a secret in ece-tools service and log configuration.
fn credential_key(name: &str, in_remote_storage: bool) -> bool {
    let n = name.to_ascii_lowercase().replace('-', "_");
    matches!(
        n.as_str(),
        "password"
            | "passwd"
            | "pass"
            | "pwd"
            | "secret"
            | "token"
            | "secret_key"
            | "api_key"
            | "apikey"
            | "access_key"
            | "private_key"
            | "license_key"
            | "auth"
    ) || n.ends_with("_password")
        || n.ends_with("_secret")
        || n.ends_with("_token")
        || (in_remote_storage && n == "key")
}

/// A value that stands for a secret rather than being one: `$VAR`, `${VAR}`, `%VAR%`, `<key>`.
pub fn is_reference(value: &str) -> bool {
    let v = value.trim();
    v.starts_with('$')
        || v.contains("${")
        || (v.starts_with('%') && v.ends_with('%'))
        || (v.starts_with('<') && v.ends_with('>'))
}

/// An `auth.json` value that is a real key: Commerce Marketplace keys (32 hex characters) always
/// are; anything else unless it is a placeholder such as `<public-key>` or `your-token`.
fn is_auth_secret(value: &str) -> bool {
    let v = value.trim();
    (v.len() == 32 && v.bytes().all(|b| b.is_ascii_hexdigit()))
        || !(is_reference(v) || crate::model::secrets::is_placeholder(v))
}

/// Product names for messages.
pub fn product(upstream: &str) -> &str {
    match upstream {
        "php" => "PHP",
        "mariadb" => "MariaDB",
        "elasticsearch" => "Elasticsearch",
        "opensearch" => "OpenSearch",
        "redis" => "Redis",
        "valkey" => "Valkey",
        "rabbitmq" => "RabbitMQ",
        "solr" => "Solr",
        other => other,
    }
}

/// The oldest release line in regular support on `day`: the smallest upgrade that gets back to
/// full support.
pub fn first_regular_line(
    table: &crate::data::lifecycle::CommerceReleases,
    day: crate::date::Date,
) -> Option<&crate::data::lifecycle::Line> {
    table
        .lines
        .iter()
        .filter(|l| l.ga.is_some_and(|ga| ga <= day) && l.end_standard.is_none_or(|end| day <= end))
        .min_by(|a, b| {
            crate::data::lifecycle::version_key(&a.release).cmp(&crate::data::lifecycle::version_key(&b.release))
        })
}

fn dir(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(d, _)| d)
}

/// Whether an app runs PHP (`type: php:*`): Commerce rules apply only to those.
pub fn is_php(app: &App<'_>) -> bool {
    app.runtimes.iter().any(|r| r.name == "php")
}

/// A `.magento.app.yaml` app that runs PHP.
pub fn is_commerce_php(app: &App<'_>) -> bool {
    app.file.kind == FileKind::MagentoApp && is_php(app)
}

impl<'a> Model<'a> {
    pub fn build(files: &'a [ParsedFile], platform: &PlatformModel<'a>) -> Model<'a> {
        let mut m = Model::default();
        let php_apps: Vec<&App<'a>> = platform.apps.iter().filter(|a| is_commerce_php(a)).collect();
        let mut json_versions = Vec::new();
        for file in files {
            match file.kind {
                FileKind::ComposerLock => m.versions.extend(lock_version(file)),
                FileKind::ComposerJson => json_versions.extend(json_version(file)),
                FileKind::MagentoEnv => m.env_file(file),
                FileKind::AuthJson => m.auth_file(file),
                FileKind::MagentoEnvPhp => m.env_php(file),
                FileKind::PhpIni if php_apps.iter().any(|a| dir(a.file.location()) == dir(file.location())) => {
                    m.php_ini(file)
                }
                _ => {}
            }
        }
        // A lock says what is installed; `composer.json` only what is allowed.
        for v in json_versions {
            if !m.versions.iter().any(|l| l.dir == v.dir) {
                m.versions.push(v);
            }
        }
        for app in &php_apps {
            if let Some(env) = app.node.path(&["variables", "env"]) {
                for entry in env.entries() {
                    m.variables.push(Variable { file: app.file, entry, place: "variables.env".into() });
                }
            }
        }
        m.secret_values_from_views();
        for r in &platform.routes {
            let url = r.url();
            if let Some(rest) = crate::model::platformsh::strip_prefix_ignore_case(url, "https://") {
                m.https_routes.insert((r.project.clone(), rest));
            }
        }
        for a in &platform.apps {
            if let Some(name) = a.name {
                m.app_is_php.entry((a.project.clone(), name)).or_insert_with(|| is_php(a));
            }
        }
        m
    }

    /// A `.magento/routes.yaml` route that serves the storefront over plain HTTP with no
    /// `https://` route for the same URL (the Adobe template's default): ACC015 reports it, PSH004
    /// leaves it. Routes to a non-PHP app (a PWA storefront in Node.js) stay PSH004's.
    pub fn http_only_storefront(&self, route: &Route<'_>) -> bool {
        let Some(rest) = crate::model::platformsh::strip_prefix_ignore_case(route.url(), "http://") else {
            return false;
        };
        if route.file.kind != FileKind::MagentoRoutes || route.kind() != Some("upstream") {
            return false;
        }
        if self.https_routes.contains(&(route.project.clone(), rest)) {
            return false;
        }
        let upstream = route.entry.value.str_at("upstream").map(|u| u.split(':').next().unwrap_or(u));
        upstream.and_then(|u| self.app_is_php.get(&(route.project.clone(), u))).is_none_or(|&php| php)
    }

    fn env_file(&mut self, file: &'a ParsedFile) {
        let Some(root) = file.tree().and_then(|t| t.root()) else { return };
        let stages: Vec<Entry<'a>> = root.get("stage").map(|s| s.entries().collect()).unwrap_or_default();
        for stage in &stages {
            for entry in stage.value.entries() {
                let place = format!("stage.{}", stage.name());
                if SERVICE_SECTIONS.contains(&entry.name()) {
                    let section = format!("{place}.{}", entry.name());
                    let remote = entry.name() == "REMOTE_STORAGE";
                    self.credentials_in(file, entry.value, &section, remote, 0);
                }
                self.variables.push(Variable { file, entry, place });
            }
        }
        let log = root.get("log");
        for handler in log.iter().flat_map(|l| l.entries()) {
            self.credentials_in(file, handler.value, &format!("log.{}", handler.name()), false, 0);
        }
        self.env_files.push(EnvFile { file, stages, log });
    }

    fn credentials_in(&mut self, file: &'a ParsedFile, node: Ref<'a>, section: &str, remote: bool, depth: usize) {
        if depth > 16 {
            return;
        }
        // A password equal to its sibling user name is a test or local default (`magento2`).
        let user = ["username", "user"].iter().find_map(|k| node.get(k).and_then(literal));
        for entry in node.entries() {
            if entry.value.is_map() {
                self.credentials_in(file, entry.value, section, remote, depth + 1);
            } else if credential_key(entry.name(), remote)
                && literal(entry.value)
                    .is_some_and(|v| !is_reference(v) && crate::model::secrets::is_literal_secret(v) && Some(v) != user)
            {
                self.credentials.push(Credential { file, section: section.to_string(), entry });
            }
        }
    }

    fn auth_file(&mut self, file: &'a ParsedFile) {
        let Some(root) = file.tree().and_then(|t| t.root()) else { return };
        let mut credentials = Vec::new();
        for section in root.entries().filter(|e| AUTH_SECTIONS.contains(&e.name())) {
            for host in section.value.entries() {
                if host.value.is_map() {
                    for field in host.value.entries().filter(|f| literal(f.value).is_some_and(is_auth_secret)) {
                        credentials.push(AuthCredential { section: section.name(), host: host.name(), entry: field });
                    }
                } else if literal(host.value).is_some_and(is_auth_secret) {
                    credentials.push(AuthCredential { section: section.name(), host: host.name(), entry: host });
                }
            }
        }
        self.auth_files.push(AuthFile { file, credentials });
    }

    fn env_php(&mut self, file: &'a ParsedFile) {
        static CRYPT: OnceLock<Regex> = OnceLock::new();
        static PASSWORD: OnceLock<Regex> = OnceLock::new();
        let crypt = CRYPT.get_or_init(|| {
            Regex::new(r#"['"]crypt['"]\s*=>\s*(?:\[|array\s*\()\s*['"]key['"]\s*=>\s*['"]([^'"\n]+)['"]"#)
                .expect("valid regex")
        });
        let password =
            PASSWORD.get_or_init(|| Regex::new(r#"['"]password['"]\s*=>\s*['"]([^'"\n]+)['"]"#).expect("valid regex"));
        let text = &file.source.text;
        let span = |m: regex::Match<'_>| Span::new(m.start(), m.end());
        let crypt_key = crypt.captures(text).and_then(|c| c.get(1)).map(span);
        let passwords = password.captures_iter(text).filter_map(|c| c.get(1)).map(span).collect();
        self.env_php.push(EnvPhp { file, crypt_key, passwords });
    }

    fn php_ini(&mut self, file: &'a ParsedFile) {
        let text = file.source.text.as_str();
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            let body = line.trim_end_matches(['\n', '\r']);
            let code = body.split(';').next().unwrap_or("");
            let Some((key, value)) = code.split_once('=') else { continue };
            let k = key.trim();
            if k.is_empty() || k.starts_with('[') {
                continue;
            }
            let key_start = start + key.find(k).unwrap_or(0);
            let v = value.trim();
            let value_start = start + key.len() + 1 + value.find(v).unwrap_or(0);
            let unquoted = v.trim_matches('"');
            self.php_ini.push(IniSetting {
                file,
                key: &text[key_start..key_start + k.len()],
                key_span: Span::new(key_start, key_start + k.len()),
                value: unquoted,
                value_span: Span::new(value_start, value_start + v.len()),
            });
        }
    }

    fn secret_values_from_views(&mut self) {
        let mut values = Vec::new();
        for a in &self.auth_files {
            values.extend(a.credentials.iter().map(|c| (a.file.id, c.entry.value.span(), SecretValue::AuthCredential)));
        }
        for e in &self.env_php {
            values.push((e.file.id, Span::new(0, e.file.source.text.len()), SecretValue::EnvPhp));
        }
        for v in self.variables.iter().filter(|v| v.name() == "CRYPT_KEY" && v.literal().is_some()) {
            values.push((v.file.id, v.entry.value.span(), SecretValue::CryptKey));
        }
        for c in &self.credentials {
            values.push((c.file.id, c.entry.value.span(), SecretValue::ServiceCredential));
        }
        self.secret_values = values;
    }

    /// Which Commerce secret the span `span` of file `file` lies in, if any.
    pub fn secret_value(&self, file: usize, span: Span) -> Option<SecretValue> {
        self.secret_values
            .iter()
            .find(|(f, s, _)| *f == file && s.start < span.end.max(span.start + 1) && span.start < s.end)
            .map(|(_, _, kind)| *kind)
    }

    /// The version installed in `dir`, or in the nearest folder above it that has one.
    pub fn version_for(&self, mut dir: &str) -> Option<&Version<'a>> {
        loop {
            if let Some(v) = self.versions.iter().find(|v| v.dir == dir) {
                return Some(v);
            }
            if dir.is_empty() {
                return None;
            }
            dir = self::dir(dir);
        }
    }

    /// The version of a Platform.sh-format project (services, routes): from its folder upward,
    /// else from the folder of one of its PHP apps.
    pub fn version_for_project(&self, platform: &PlatformModel<'a>, project: &str) -> Option<&Version<'a>> {
        self.version_for(project).or_else(|| {
            platform
                .apps
                .iter()
                .filter(|a| a.project == project && is_commerce_php(a))
                .find_map(|a| self.version_for(dir(a.file.location())))
        })
    }

    /// Variables named `name`, in file order.
    pub fn variables_named<'m>(&'m self, name: &'m str) -> impl Iterator<Item = &'m Variable<'a>> + 'm {
        self.variables.iter().filter(move |v| v.name() == name)
    }
}

/// The Commerce product version in a `composer.lock`: Enterprise Edition, else Community Edition.
fn lock_version(file: &ParsedFile) -> Option<Version<'_>> {
    let root = file.tree()?.root()?;
    let packages: Vec<Ref<'_>> = root.get("packages").map(|p| p.items().collect()).unwrap_or_default();
    for want in ["magento/product-enterprise-edition", "magento/product-community-edition"] {
        let Some(pkg) = packages.iter().find(|p| p.str_at("name") == Some(want)) else { continue };
        let Some(node) = pkg.get("version") else { continue };
        let text = node.as_str()?;
        let v = text.trim().trim_start_matches(['v', 'V']);
        let Some((line, _)) = split_line(v) else { continue };
        return Some(Version {
            file,
            dir: dir(file.location()).to_string(),
            package: pkg.str_at("name").unwrap_or(want),
            text,
            span: node.span(),
            line: line.to_string(),
            patch: patch_number(v),
            locked: true,
        });
    }
    None
}

/// The Commerce version a `composer.json` requires: a product edition, else the cloud metapackage
/// (whose versions follow the Commerce versions).
fn json_version(file: &ParsedFile) -> Option<Version<'_>> {
    let require = file.tree()?.root()?.get("require")?;
    for want in
        ["magento/product-enterprise-edition", "magento/product-community-edition", "magento/magento-cloud-metapackage"]
    {
        let Some(entry) = require.entry(want) else { continue };
        let Some(text) = entry.value.as_str() else { continue };
        let Some((line, patch)) = constraint_line(text) else { continue };
        return Some(Version {
            file,
            dir: dir(file.location()).to_string(),
            package: entry.name(),
            text,
            span: entry.value.span(),
            line,
            patch,
            locked: false,
        });
    }
    None
}

/// The one release line a Composer constraint allows, with the exact patch if it pins one:
/// `2.4.8-p2` → (2.4.8, 2), `>=2.4.8 <2.4.9` → (2.4.8, none), `2.4.8.*` → (2.4.8, none).
/// Constraints that span lines (`^2.4`, `~2.4.4`, alternatives) give `None`.
pub fn constraint_line(text: &str) -> Option<(String, Option<i64>)> {
    let t = text.trim();
    if t.contains("||") || t.contains('|') {
        return None;
    }
    let parts: Vec<&str> = t.split([' ', ',']).filter(|p| !p.is_empty()).collect();
    match parts.as_slice() {
        [one] => {
            let v = one.trim_start_matches("==").trim_start_matches('=').trim_start_matches(['v', 'V']);
            if let Some(prefix) = v.strip_suffix(".*") {
                let (line, rest) = split_line(prefix)?;
                return rest.is_empty().then(|| (line.to_string(), None));
            }
            if !v.starts_with(|c: char| c.is_ascii_digit()) {
                return None;
            }
            let (line, _) = split_line(v)?;
            Some((line.to_string(), Some(patch_number(v)?)))
        }
        [low, high] => {
            let low = low.strip_prefix(">=")?;
            let high = high.strip_prefix('<')?;
            if high.starts_with('=') {
                return None;
            }
            let (line, _) = split_line(low.trim_start_matches(['v', 'V']))?;
            let (upper, rest) = split_line(high.trim_start_matches(['v', 'V']))?;
            let mut l: Vec<u64> = line.split('.').map(|p| p.parse().unwrap_or(0)).collect();
            let u: Vec<u64> = upper.split('.').map(|p| p.parse().unwrap_or(0)).collect();
            l[2] += 1;
            (rest.is_empty() && l == u).then(|| (line.to_string(), None))
        }
        _ => None,
    }
}

/// The folder of a file (`""` at the scanned root).
pub fn folder(rel: &str) -> &str {
    dir(rel)
}

/// Every string value under a node (for hooks given as a list or a map of scripts).
pub fn scalars<'t>(node: Ref<'t>, out: &mut Vec<Ref<'t>>, depth: usize) {
    if depth > 8 {
        return;
    }
    match node.kind() {
        Kind::Scalar(..) => out.push(node),
        Kind::Seq(_) => node.items().for_each(|i| scalars(i, out, depth + 1)),
        Kind::Map(_) => node.entries().for_each(|e| scalars(e.value, out, depth + 1)),
        Kind::Alias(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraints() {
        assert_eq!(constraint_line("2.4.8-p2"), Some(("2.4.8".into(), Some(2))));
        assert_eq!(constraint_line("2.4.7"), Some(("2.4.7".into(), Some(0))));
        assert_eq!(constraint_line(">=2.4.8 <2.4.9"), Some(("2.4.8".into(), None)));
        assert_eq!(constraint_line(">=2.4.8-p2, <2.4.9"), Some(("2.4.8".into(), None)));
        assert_eq!(constraint_line("2.4.6.*"), Some(("2.4.6".into(), None)));
        assert_eq!(constraint_line("^2.4"), None);
        assert_eq!(constraint_line("~2.4.4"), None);
        assert_eq!(constraint_line(">=2.4.4 <2.5"), None);
        assert_eq!(constraint_line("2.4.7 || 2.4.8"), None);
    }

    #[test]
    fn credential_keys() {
        for k in ["password", "elasticsearch_password", "token", "secret", "consumer-secret"] {
            assert!(credential_key(k, false), "{k}");
        }
        assert!(credential_key("key", true));
        for k in ["key", "username", "host", "min_level", "password_reset_timeout"] {
            assert!(!credential_key(k, false), "{k}");
        }
    }
}
