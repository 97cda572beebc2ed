//! The one secrets scanner. Every file kind feeds it: the whole text is scanned for known token
//! formats (`lints/secrets/tokens.toml`), private keys and credentials in URLs (one Aho-Corasick
//! keyword pass decides which patterns run), and (key, value, span) pairs from each parser are
//! checked for secret-named keys with literal values. It only finds: which rule reports a hit is
//! decided in `rules::secrets`.

use std::borrow::Cow;
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

use crate::data::tokens::Tokens;
use crate::document::{Doc, FileKind, ParsedFile};
use crate::source::Span;
use crate::syntax::tree::{Kind, NodeId, Tree};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HitKind {
    /// SEC001: a known credential format.
    Token(&'static str),
    /// SEC002: a secret-named key with a literal value.
    NamedLiteral,
    /// SEC003: `scheme://user:password@host`.
    UrlCredentials,
    /// SEC004: a PEM private key with a body.
    PrivateKey,
}

#[derive(Clone, Debug)]
pub struct Hit {
    /// Index in the run's hits (set when the run collects them).
    pub id: usize,
    pub file: usize,
    pub kind: HitKind,
    /// The secret itself: masked in every output.
    pub span: Span,
    /// The key it is assigned to, when there is one.
    pub key: Option<(String, Span)>,
}

const PRIVATE_KEY: &str =
    r"-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----([\s\S]{64,}?)-----END[ A-Z0-9_-]{0,100}PRIVATE KEY";
const URL_CREDENTIALS: &str =
    r"\b[a-zA-Z][a-zA-Z0-9+.-]{1,15}://([^\s:/?#@'\x22]{1,64}):([^\s/?#@'\x22]{1,128})@[\w.-]+";

/// The patterns that do not depend on the token table.
struct Compiled {
    private_key: Regex,
    url: Regex,
    secret_key: Regex,
    not_secret_key: Regex,
}

fn compiled() -> &'static Compiled {
    static C: OnceLock<Compiled> = OnceLock::new();
    C.get_or_init(|| Compiled {
        private_key: Regex::new(PRIVATE_KEY).expect("valid regex"),
        url: Regex::new(URL_CREDENTIALS).expect("valid regex"),
        secret_key: Regex::new(
            r"(?i)(pass(word|wd|phrase)?|pwd|secret|token|salt|api[_.-]?key|apikey|app[_.-]?key|service[_.-]?key|private[_.-]?key|credential|auth[_.-]?key|access[_.-]?key|account[_.-]?key|client[_.-]?key|signing[_.-]?key|encryption[_.-]?key|crypt[_.-]?key|master[_.-]?key|session[_.-]?key)",
        )
        .expect("valid regex"),
        not_secret_key: Regex::new(
            r"(?i)(_id|id|_name|name|_file|file|_path|path|_url|url|_uri|_type|type|_length|_ttl|_expiry|_expires|_enabled|enabled|_version|_header|_field|_prefix|_timeout|_lifetime|_endpoint|_policy|_hint|_format|_mode|_method|_algo|_algorithm|_cmd|_command|_backend|_class|_provider)$|^(public|max_|min_|is_)|public[_.-]?key|key[_.-]?id|token[_.-]?(url|endpoint|uri|type|ttl)|_count$|_size$",
        )
        .expect("valid regex"),
    })
}

/// The scanner for one run: the token table and the keyword prefilter built from it.
pub struct Scanner<'t> {
    tokens: &'t Tokens,
    prefilter: AhoCorasick,
    /// For each prefilter pattern, the format it belongs to (`formats.len()` = private key,
    /// `+1` = URL credentials).
    owner: Vec<usize>,
}

impl<'t> Scanner<'t> {
    pub fn new(tokens: &'t Tokens) -> Scanner<'t> {
        let mut patterns = Vec::new();
        let mut owner = Vec::new();
        for (i, f) in tokens.formats.iter().enumerate() {
            for k in &f.keywords {
                patterns.push(k.as_str());
                owner.push(i);
            }
        }
        patterns.push("private key");
        owner.push(tokens.formats.len());
        patterns.push("://");
        owner.push(tokens.formats.len() + 1);
        let prefilter = AhoCorasick::builder().ascii_case_insensitive(true).build(&patterns).expect("keywords build");
        Scanner { tokens, prefilter, owner }
    }
}

/// Whether a key or name reads like it holds a secret (`DB_PASSWORD`, `apiKey`), and not like
/// something about one (`password_file`, `token_url`, `key_id`).
pub fn is_secret_name(key: &str) -> bool {
    let c = compiled();
    c.secret_key.is_match(key) && !c.not_secret_key.is_match(key) && !names_a_setting(key)
}

/// Last words that make a name about a secret rather than one: its length, lifetime, location,
/// policy, ... The suffix patterns above need a separator (`_length`); this reads the last word of
/// any style, so CamelCase names (CloudFormation parameters: `PasswordLength`, `SecretArn`,
/// `TokenEndpoint`, `SecretRotationSchedule`) are read like their snake_case twins.
const SETTING_WORDS: &[&str] = &[
    "alias",
    "algo",
    "algorithm",
    "arn",
    "backend",
    "class",
    "cmd",
    "command",
    "count",
    "days",
    "enabled",
    "endpoint",
    "expiration",
    "expires",
    "expiry",
    "field",
    "file",
    "format",
    "header",
    "hint",
    "id",
    "kms",
    "length",
    "lifetime",
    "location",
    "method",
    "mode",
    "name",
    "parameter",
    "path",
    "policy",
    "prefix",
    "provider",
    "region",
    "rotation",
    "rounds",
    "schedule",
    "seconds",
    "size",
    "timeout",
    "ttl",
    "type",
    "uri",
    "url",
    "version",
];

fn names_a_setting(key: &str) -> bool {
    let mut words = words_from_end(key);
    let Some(last) = words.next() else { return false };
    let last = last.to_ascii_lowercase();
    if SETTING_WORDS.contains(&last.as_str()) {
        return true;
    }
    // Written in one case with no separator (`DBPASSWORDLENGTH`, `secretarn`): a setting word
    // ending the word after a secret word (`account` alone does not end in a setting).
    let setting_suffix = SETTING_WORDS
        .iter()
        .chain(&["kmskey", "httptokens"])
        .any(|w| last.strip_suffix(w).is_some_and(|head| !head.is_empty() && compiled().secret_key.is_match(head)));
    if setting_suffix {
        return true;
    }
    // `SecretKmsKey`, `HttpTokens` (the EC2 metadata option): a key's identity, a switch.
    let before = words.next().map(str::to_ascii_lowercase);
    matches!((before.as_deref(), last.as_str()), (Some("kms"), "key" | "keys") | (Some("http"), "tokens"))
}

/// The words of a name, last first: split at separators and at CamelCase boundaries (`DBPassword`
/// is `DB`, `Password`; `passwordLength` is `password`, `Length`).
fn words_from_end(key: &str) -> impl Iterator<Item = &str> {
    let b = key.as_bytes();
    let mut end = b.len();
    std::iter::from_fn(move || {
        while end > 0 && !b[end - 1].is_ascii_alphanumeric() {
            end -= 1;
        }
        if end == 0 {
            return None;
        }
        let mut start = end - 1;
        while start > 0 && b[start - 1].is_ascii_alphanumeric() {
            let (prev, here) = (b[start - 1], b[start]);
            let next_lower = b.get(start + 1).is_some_and(|c| c.is_ascii_lowercase()) && start + 1 < end;
            let camel = (prev.is_ascii_lowercase() || prev.is_ascii_digit()) && here.is_ascii_uppercase();
            let acronym_end = prev.is_ascii_uppercase() && here.is_ascii_uppercase() && next_lower;
            if camel || acronym_end {
                break;
            }
            start -= 1;
        }
        let word = &key[start..end];
        end = start;
        Some(word)
    })
}

/// Shannon entropy in bits per character.
pub fn entropy(s: &str) -> f64 {
    let mut counts = [0usize; 256];
    for b in s.bytes() {
        counts[b as usize] += 1;
    }
    let n = s.len() as f64;
    if n == 0.0 {
        return 0.0;
    }
    counts.iter().filter(|&&c| c > 0).map(|&c| c as f64 / n).map(|p| -p * p.log2()).sum()
}

/// Values that stand for a secret without being one: references, templates, examples.
pub fn is_placeholder(value: &str) -> bool {
    is_placeholder_value(value, false)
}

/// [`is_placeholder`] for a value that is taken `verbatim` (a single-quoted dotenv value, where
/// `$NAME` is text, not a variable reference).
pub fn is_placeholder_value(value: &str, verbatim: bool) -> bool {
    let v = value.trim().trim_matches(|c| c == '"' || c == '\'');
    if v.len() < 6 || is_reference(v, verbatim) || is_marked_placeholder(v) {
        return true;
    }
    // Words without digits or symbols (`postgres`, `admin.pass`, `MyCloudApiSecret`) are defaults
    // or stand-ins; a long run of random letters (`BETTER_AUTH_SECRET`'s 35 mixed-case letters)
    // is not: a placeholder has a separator, is short, or repeats its letters.
    if v.chars().all(|c| c.is_ascii_alphabetic() || matches!(c, '.' | '_' | '-'))
        && (v.contains(['.', '_', '-']) || v.len() < 20 || entropy(v) < 3.5)
    {
        return true;
    }
    let first = v.chars().next().unwrap_or(' ');
    if v.chars().all(|c| c == first) {
        return true;
    }
    if v.starts_with("arn:") || v.starts_with('/') || v.starts_with("./") || v.contains("://") {
        return true;
    }
    has_placeholder_word(v)
}

/// A variable or template reference: `${VAR}`, `$VAR` (unless `verbatim`), `{{ x }}`, `<token>`,
/// `%env(X)%`, `%X%`, `@X@`, `{x}`. `$` then a digit or punctuation (`$8j0…`) is no reference.
fn is_reference(v: &str, verbatim: bool) -> bool {
    let dollar_name = v
        .strip_prefix('$')
        .and_then(|r| r.chars().next())
        .is_some_and(|c| c == '{' || c == '(' || c == '_' || c.is_ascii_alphabetic());
    (dollar_name && !verbatim)
        || v.contains("${")
        || v.contains("{{")
        || (v.starts_with('<') && v.ends_with('>'))
        || (v.starts_with('%') && v.ends_with('%'))
        || (v.starts_with('@') && v.ends_with('@'))
        || (v.starts_with('{') && v.ends_with('}'))
}

/// Placeholder conventions that wrap a word: Symfony's `!ChangeMe!` (and `!!!SET X!!!`), `##X##`,
/// `__X__`, `[X]`.
fn is_marked_placeholder(v: &str) -> bool {
    let wrapped =
        |open: &str, close: &str| v.len() > open.len() + close.len() && v.starts_with(open) && v.ends_with(close);
    wrapped("!", "!") || wrapped("##", "##") || wrapped("__", "__") || wrapped("[", "]")
}

/// Words that make a value a stand-in wherever they occur in it (after stripping wrapping
/// markers): `your_password`, `db_password`, `!ChangeThisMercureHubJWTSecretKey!`, `xxxx`.
const PLACEHOLDER_WORDS: &[&str] = &[
    "changeme",
    "change_me",
    "change-me",
    "changethis",
    "change_this",
    "change-this",
    "example",
    "placeholder",
    "your_",
    "your-",
    "yourpass",
    "xxxx",
    "****",
    "dummy",
    "sample",
    "redacted",
    "notasecret",
    "not_a_secret",
    "replace",
    "insert",
    "todo",
    "fixme",
    "secret_here",
    "password",
    "undefined",
    "fake",
];

/// Weak or null words that make a value a stand-in only when they are the whole value: a real
/// password may contain `123456` (`Pass123456` is a weak password, not a placeholder).
const PLACEHOLDER_VALUES: &[&str] = &[
    "passw0rd",
    "test1234",
    "123456",
    "1234567",
    "12345678",
    "123456789",
    "1234567890",
    "qwerty",
    "letmein",
    "default",
    "none",
    "null",
    "true",
    "false",
    "changeit",
];

fn has_placeholder_word(v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    let bare = lower.trim_matches(|c: char| matches!(c, '!' | '#' | '*' | '_' | '<' | '>' | '[' | ']'));
    PLACEHOLDER_WORDS.iter().any(|w| bare.contains(w)) || PLACEHOLDER_VALUES.contains(&bare)
}

/// Framework keys whose literal value is a secret whatever its length or entropy: Django's
/// `SECRET_KEY`, Symfony's `APP_SECRET`, Laravel's `APP_KEY`.
fn is_framework_key(key: &str) -> bool {
    ["SECRET_KEY", "DJANGO_SECRET_KEY", "APP_SECRET", "APP_KEY"].iter().any(|k| key.eq_ignore_ascii_case(k))
}

/// Lines that carry an allow comment from detect-secrets or gitleaks, and the lines after a
/// `pragma: allowlist nextline secret`.
fn allowed_lines(file: &ParsedFile) -> Vec<usize> {
    let mut out = Vec::new();
    let text = &file.source.text;
    if !text.contains("allowlist") && !text.contains("gitleaks:allow") {
        return out;
    }
    for (i, line) in text.lines().enumerate() {
        if line.contains("pragma: allowlist nextline secret") {
            out.push(i + 2);
        } else if line.contains("pragma: allowlist secret") || line.contains("gitleaks:allow") {
            out.push(i + 1);
        }
    }
    out
}

impl Scanner<'_> {
    /// Every secret in one file.
    pub fn scan(&self, file: &ParsedFile) -> Vec<Hit> {
        let c = compiled();
        let formats = &self.tokens.formats;
        let text = &file.source.text;
        let mut hits = Vec::new();
        let mut wanted = vec![false; formats.len() + 2];
        for m in self.prefilter.find_overlapping_iter(text) {
            wanted[self.owner[m.pattern().as_usize()]] = true;
        }
        for (_, f) in formats.iter().enumerate().filter(|(i, _)| wanted[*i]) {
            for caps in f.regex.captures_iter(text) {
                let Some(g) = caps.get(1) else { continue };
                let secret = g.as_str();
                if self.tokens.examples.iter().any(|e| e == secret)
                    || secret.ends_with("EXAMPLE")
                    || entropy(secret) <= f.entropy
                {
                    continue;
                }
                hits.push(Hit {
                    id: 0,
                    file: file.id,
                    kind: HitKind::Token(f.name),
                    span: Span::new(g.start(), g.end()),
                    key: None,
                });
            }
        }
        if wanted[formats.len()] {
            for caps in c.private_key.captures_iter(text) {
                let body = caps.get(1).expect("group 1");
                // A body of placeholders (`...`, `xxx`) is not a key.
                if body.as_str().chars().filter(|c| c.is_ascii_alphanumeric()).count() < 40 {
                    continue;
                }
                let whole = caps.get(0).expect("match");
                hits.push(Hit {
                    id: 0,
                    file: file.id,
                    kind: HitKind::PrivateKey,
                    span: Span::new(whole.start(), whole.end()),
                    key: None,
                });
            }
        }
        if wanted[formats.len() + 1] {
            for caps in c.url.captures_iter(text) {
                let password = caps.get(2).expect("group 2");
                let p = password.as_str();
                // Templated (`$PASS`, `${PASS}`, `{pass}`, `<pass>`, `%PASS%`) or a stand-in word.
                // A password equal to the user name is a default of local or internal services.
                let user = caps.get(1).map_or("", |u| u.as_str());
                if is_url_placeholder(p, user) {
                    continue;
                }
                hits.push(Hit {
                    id: 0,
                    file: file.id,
                    kind: HitKind::UrlCredentials,
                    span: Span::new(password.start(), password.end()),
                    key: None,
                });
            }
        }
        // Spans already flagged by a format rule, sorted, to skip them in O(log n).
        let mut flagged: Vec<Span> = hits.iter().map(|h| h.span).collect();
        flagged.sort();
        let overlapping = |s: Span| {
            let i = flagged.partition_point(|f| f.end <= s.start);
            flagged.get(i).is_some_and(|f| overlaps(*f, s))
        };
        for (key, key_span, value, value_span, verbatim) in pairs(file) {
            if !is_secret_name(&key) {
                continue;
            }
            if overlapping(value_span) || !is_literal_secret_under(&key, &value, verbatim) {
                continue;
            }
            hits.push(Hit {
                id: 0,
                file: file.id,
                kind: HitKind::NamedLiteral,
                span: value_span,
                key: Some((key.into_owned(), key_span)),
            });
        }
        if is_template_file(file.rel(), file.kind == FileKind::Dotenv) {
            hits.retain(|h| matches!(h.kind, HitKind::Token(_) | HitKind::PrivateKey));
        }
        // `composer.lock` is package metadata written by Composer (checksums, commit references,
        // packages' own `extra` defaults): only a password in a download URL or a key is a leak.
        if file.kind == FileKind::ComposerLock {
            hits.retain(|h| matches!(h.kind, HitKind::UrlCredentials | HitKind::PrivateKey));
        }
        let allowed = allowed_lines(file);
        if !allowed.is_empty() {
            hits.retain(|h| !allowed.contains(&file.source.line_col(h.span.start).line));
        }
        hits.sort_by_key(|h| (h.span.start, h.span.end));
        hits
    }
}

/// Whether a value under a secret-named key is a literal secret: not a placeholder, and random
/// enough (entropy above 2.5 bits per character, 3.0 from 16 characters).
pub fn is_literal_secret(value: &str) -> bool {
    is_literal_secret_under("", value, false)
}

/// [`is_literal_secret`] knowing the key and whether the value is taken `verbatim` (see
/// [`is_placeholder_value`]). A framework key (`SECRET_KEY`, `APP_SECRET`, `APP_KEY`) holds a
/// secret whenever its value is a literal of 4 characters or more that is no placeholder.
pub fn is_literal_secret_under(key: &str, value: &str, verbatim: bool) -> bool {
    if is_framework_key(key) {
        let v = value.trim().trim_matches(|c| c == '"' || c == '\'');
        let first = v.chars().next().unwrap_or(' ');
        return v.len() >= 4
            && !v.chars().all(|c| c == first)
            && !is_placeholder_word(v)
            && !is_reference(v, verbatim)
            && !is_marked_placeholder(v)
            && !has_placeholder_word(v);
    }
    let floor = if value.len() < 16 { 2.5 } else { 3.0 };
    !is_placeholder_value(value, verbatim) && entropy(value) > floor
}

fn is_placeholder_word(p: &str) -> bool {
    let l = p.to_ascii_lowercase();
    ["password", "pass", "pwd", "changeme", "changeit", "secret", "xxx", "***", "token", "test", "user"]
        .iter()
        .any(|w| l == *w || l.trim_matches('*').is_empty() || l.chars().all(|c| c == 'x'))
}

/// A password in a URL that stands for one: a reference (`$PASS`, `${PASS}`, `{pass}`, `<pass>`,
/// `%PASS%`), a stand-in word, wrapped or not (`!ChangeMe!`, `db_password`, `xxx`), or the user
/// name again (a default of local or internal services: `guest:guest`, `db:db`). No length or
/// letters-only rule: a short or all-letters URL password is still a password.
fn is_url_placeholder(p: &str, user: &str) -> bool {
    let dollar_name = p
        .strip_prefix('$')
        .and_then(|r| r.chars().next())
        .is_some_and(|c| c == '{' || c == '(' || c == '_' || c.is_ascii_alphabetic());
    dollar_name
        || p.contains(['{', '<', '%'])
        || is_placeholder_word(p)
        || is_marked_placeholder(p)
        || has_placeholder_word(p)
        || p == user
}

/// Files committed as templates of a real one (`.env.dist`, `.env.example`, `.env_example`,
/// `.env.template`, `config.yaml.sample`): only known token formats and private keys are secrets
/// there; a named value or a URL password is the template's example. `template` and `tpl` count
/// for dotenv files only: `*.template(.yaml)` is CloudFormation's own extension.
fn is_template_file(rel: &str, dotenv: bool) -> bool {
    const TEMPLATE: &[&str] = &["dist", "example", "sample", "template", "tpl"];
    let n = if dotenv { TEMPLATE.len() } else { 3 };
    let name = rel.rsplit('/').next().unwrap_or(rel).to_ascii_lowercase();
    name.split('.').skip(1).any(|part| TEMPLATE[..n].contains(&part))
        || name.strip_prefix(".env_").is_some_and(|rest| TEMPLATE[..n].contains(&rest))
}

fn overlaps(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end
}

/// A key and the value assigned to it, with their spans, and whether the value is taken verbatim
/// (`$NAME` in it is text); borrowed from the parsed file when it can be.
type Pair<'f> = (Cow<'f, str>, Span, Cow<'f, str>, Span, bool);

/// (key, key span, value, value span) pairs a file assigns.
fn pairs(file: &ParsedFile) -> Vec<Pair<'_>> {
    let mut out = Vec::new();
    match &file.doc {
        Doc::Tree(tree) => {
            tree_pairs(tree, &mut out);
            if file.kind == FileKind::CloudFormation {
                user_data_pairs(&file.source.text, tree, &mut out);
            }
            if file.kind == FileKind::ComposeOverride {
                list_pairs(&file.source.text, tree, &mut out);
            }
        }
        Doc::Dotenv(d) => {
            for e in &d.entries {
                out.push((
                    e.key.as_str().into(),
                    e.key_span,
                    e.value.as_str().into(),
                    e.value_span,
                    e.quote.verbatim(),
                ));
            }
        }
        Doc::Dockerfile(d) => {
            for i in d.instructions.iter().filter(|i| matches!(i.keyword.as_str(), "ENV" | "ARG")) {
                for p in &i.pairs {
                    out.push((p.key.as_str().into(), p.key_span, p.value.as_str().into(), p.value_span, false));
                }
            }
        }
        Doc::Requirements(_) | Doc::Text => {}
    }
    out
}

/// Scalar values under secret-named keys, walking the arena once (aliases are not followed, so
/// this stays linear on alias bombs). `{key: X, value: Y}`-style lists (Astro deployment
/// environment variables, airflow variables) and CloudFormation `Parameters.<Name>.Default` use
/// the name they give. Nothing is copied or hashed for the keys that are not secret names, which
/// are nearly all of them.
fn tree_pairs<'t>(tree: &'t Tree, out: &mut Vec<Pair<'t>>) {
    let scalar = |id: u32| match &tree.nodes[id as usize].kind {
        Kind::Scalar(s, _) if tree.nodes[id as usize].tag.is_none() => Some(s.as_str()),
        _ => None,
    };
    let named_value = |key: &str| matches!(key, "value" | "variable_value" | "Default");
    let sibling_name = |pairs: &[(NodeId, NodeId)]| {
        ["key", "variable_name"]
            .iter()
            .find_map(|want| pairs.iter().find(|(k, _)| scalar(*k) == Some(want)).map(|(_, v)| *v))
    };
    // Mappings that name their value through the key they sit under (`Parameters.<Name>.Default`),
    // sorted by id; the parent keys are looked up only for those.
    let orphans: Vec<NodeId> = tree
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(id, node)| match &node.kind {
            Kind::Map(pairs)
                if pairs.iter().any(|&(k, _)| scalar(k).is_some_and(named_value)) && sibling_name(pairs).is_none() =>
            {
                Some(id as NodeId)
            }
            _ => None,
        })
        .collect();
    let mut parent_key = std::collections::HashMap::new();
    if !orphans.is_empty() {
        for node in &tree.nodes {
            if let Kind::Map(pairs) = &node.kind {
                for &(k, v) in pairs.iter().filter(|(_, v)| orphans.binary_search(v).is_ok()) {
                    parent_key.insert(v, k);
                }
            }
        }
    }
    for (id, node) in tree.nodes.iter().enumerate() {
        let Kind::Map(pairs) = &node.kind else { continue };
        let mut name_node: Option<Option<NodeId>> = None;
        // How often each value occurs in this mapping, counted only once a secret-named key is
        // seen: `password: magento2` next to `username: magento2` is a test or local default.
        let mut seen: Option<std::collections::HashMap<&str, usize>> = None;
        for &(k, v) in pairs {
            let (Some(key), Some(value)) = (scalar(k), scalar(v)) else { continue };
            let (key, key_span) = if named_value(key) {
                let n = *name_node
                    .get_or_insert_with(|| sibling_name(pairs).or_else(|| parent_key.get(&(id as NodeId)).copied()));
                match n.and_then(|n| Some((scalar(n)?, n))) {
                    Some((name, n)) => (name, tree.nodes[n as usize].span),
                    None => (key, tree.nodes[k as usize].span),
                }
            } else {
                (key, tree.nodes[k as usize].span)
            };
            if !is_secret_name(key) {
                continue;
            }
            let seen = seen.get_or_insert_with(|| {
                let mut m = std::collections::HashMap::new();
                for value in pairs.iter().filter_map(|&(_, v)| scalar(v)) {
                    *m.entry(value).or_default() += 1;
                }
                m
            });
            if seen.get(value).is_some_and(|&n| n > 1) {
                continue;
            }
            out.push((key.into(), key_span, value.into(), tree.nodes[v as usize].span, false));
        }
    }
}

/// `KEY=value` items of YAML lists: Docker Compose's `environment:` in list form
/// (`- xpack.encryptedSavedObjects.encryptionKey=...`). Plain and quoted scalars; the spans are
/// found in the item's text.
fn list_pairs<'t>(text: &str, tree: &'t Tree, out: &mut Vec<Pair<'t>>) {
    for node in &tree.nodes {
        let Kind::Seq(items) = &node.kind else { continue };
        for &i in items {
            let item = &tree.nodes[i as usize];
            let Kind::Scalar(s, _) = &item.kind else { continue };
            let Some((key, value)) = s.split_once('=') else { continue };
            let Some(raw) = text.get(item.span.start..item.span.end) else { continue };
            let (Some(k), Some(eq)) = (raw.find(key), raw.find('=')) else { continue };
            let v = eq + 1;
            if value.is_empty() || key.contains(char::is_whitespace) || raw.get(v..v + value.len()) != Some(value) {
                continue;
            }
            let base = item.span.start;
            out.push((
                key.into(),
                Span::new(base + k, base + k + key.len()),
                value.into(),
                Span::new(base + v, base + v + value.len()),
                false,
            ));
        }
    }
}

/// Shell assignments (`export DB_PASSWORD=...`) in the `UserData` scripts of a CloudFormation
/// template. A script is a scalar (or the pieces of an `Fn::Join`/`!Sub`), so its lines are lexed
/// like a dotenv file and each key and value is found again in the file text for its span.
fn user_data_pairs(text: &str, tree: &Tree, out: &mut Vec<Pair<'_>>) {
    let scripts = tree.nodes.iter().filter_map(|n| match &n.kind {
        Kind::Map(pairs) => Some(
            pairs
                .iter()
                .filter(|(k, _)| matches!(&tree.nodes[*k as usize].kind, Kind::Scalar(s, _) if s == "UserData")),
        ),
        _ => None,
    });
    let mut stack: Vec<(u32, usize)> = scripts.flatten().map(|&(_, v)| (v, 0)).collect();
    let mut budget = 10_000usize;
    while let Some((id, depth)) = stack.pop() {
        let Some(node) = tree.nodes.get(id as usize) else { continue };
        budget = budget.saturating_sub(1);
        if budget == 0 {
            break;
        }
        match &node.kind {
            Kind::Scalar(script, _) if script.contains('=') => {
                let Some(src) = text.get(node.span.start..node.span.end) else { continue };
                let mut cursor = 0;
                for e in crate::syntax::dotenv::parse(script).entries {
                    let (Some(raw_key), Some(raw_value)) = (
                        script.get(e.key_span.start..e.key_span.end),
                        script.get(e.value_span.start..e.value_span.end),
                    ) else {
                        continue;
                    };
                    if raw_value.is_empty() {
                        continue;
                    }
                    let Some(k) = src.get(cursor..).and_then(|rest| rest.find(raw_key)).map(|i| cursor + i) else {
                        continue;
                    };
                    let after = k + raw_key.len();
                    let Some(v) = src.get(after..).and_then(|rest| rest.find(raw_value)).map(|i| after + i) else {
                        continue;
                    };
                    cursor = v + raw_value.len();
                    let base = node.span.start;
                    out.push((
                        e.key.into(),
                        Span::new(base + k, base + after),
                        e.value.into(),
                        Span::new(base + v, base + cursor),
                        e.quote.verbatim(),
                    ));
                }
            }
            Kind::Seq(items) if depth < 16 => stack.extend(items.iter().map(|&i| (i, depth + 1))),
            Kind::Map(pairs) if depth < 16 => stack.extend(pairs.iter().map(|&(_, v)| (v, depth + 1))),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entropy_and_placeholders() {
        assert!(entropy("AKIAXXXXXXXXXXXXXXXX") < 1.5);
        assert!(entropy("9fQ2xLr7TzK4mW8vN3bY") > 4.0);
        for p in ["${DB_PASSWORD}", "$SECRET", "<your-token>", "{{ vault.pw }}", "changeme", "xxxxxxxx", "", "%PASS%"] {
            assert!(is_placeholder(p), "{p}");
        }
        for s in ["S3cr3t-P4ss!", "9fQ2xLr7TzK4mW8vN3bY"] {
            assert!(!is_placeholder(s), "{s}");
        }
    }

    #[test]
    fn placeholders_in_every_style_and_literals_that_look_like_them() {
        for p in [
            "!ChangeMe!",
            "!ChangeThisMercureKey!",
            "##DB_PASS##",
            "<password>",
            "your_password",
            "db_password",
            "%env(DB_PASS)%",
            "123456",
            "replace-with-a-random-string",
            "MyCloudApiSecret",
        ] {
            assert!(is_placeholder(p), "{p}");
        }
        // `$` then a digit or punctuation, a single-quoted `$NAME`, a weak word with more, random letters.
        for s in ["$8j0Kd#pq1Zx", "Pass123456", "HqWmZrTxKvBnLpYcDsFgJaQ"] {
            assert!(!is_placeholder(s), "{s}");
        }
        assert!(is_placeholder_value("$ecretf0rT3st", false) && !is_placeholder_value("$ecretf0rT3st", true));
        assert!(
            is_literal_secret_under("SECRET_KEY", "abcd", false)
                && !is_literal_secret_under("APP_SECRET", "!ChangeMe!", false)
        );
        assert!(
            !is_literal_secret_under("APP_KEY", "changeme", false)
                && is_literal_secret_under("APP_KEY", "base64:Zm9vYmFyYmF6", false)
        );
        for (p, user) in [("!ChangeMe!", "app"), ("db_password", "db_user"), ("guest", "guest"), ("$DB_PASS", "app")] {
            assert!(is_url_placeholder(p, user), "{p}");
        }
        for p in ["$7kP2vQ9x", "pXjYdOhCgOIPOZ", "Pass123456"] {
            assert!(!is_url_placeholder(p, "app"), "{p}");
        }
        for t in [".env.dist", "api/.env.example", ".env_example", ".env.template"] {
            assert!(is_template_file(t, true), "{t}");
        }
        assert!(is_template_file("config.sample.yaml", false) && !is_template_file("db.template.yaml", false));
        assert!(!is_template_file(".env", true) && !is_template_file(".env.local", true));
    }

    #[test]
    fn secret_names_in_every_style() {
        for k in [
            "DB_PASSWORD",
            "apiKey",
            "DBPassword",
            "MasterUserPassword",
            "client-secret",
            "AuthToken",
            "SECRET",
            "DBPASSWORD",
            "STORAGE_ACCOUNT_KEY",
            "SALT",
            "id_salt",
            "APP_KEY",
            "TOR_SERVICE_KEY",
            "xpack.encryptedSavedObjects.encryptionKey",
        ] {
            assert!(is_secret_name(k), "{k}");
        }
        for k in [
            "password_length",
            "PasswordLength",
            "passwordLength",
            "SecretArn",
            "DbSecretARN",
            "TokenEndpoint",
            "SecretRotationSchedule",
            "ApiKeyHeader",
            "SecretKmsKeyAlias",
            "SecretKmsKey",
            "HttpTokens",
            "TokenTtlSeconds",
            "token_url",
            "key_id",
            "DBPASSWORDLENGTH",
            "dbpasswordrotationdays",
            "SECRETARN",
            "salt_rounds",
        ] {
            assert!(!is_secret_name(k), "{k}");
        }
        assert_eq!(words_from_end("DBPasswordLength").collect::<Vec<_>>(), ["Length", "Password", "DB"]);
        assert_eq!(words_from_end("api_key-2").collect::<Vec<_>>(), ["2", "key", "api"]);
        assert_eq!(words_from_end("café_Token").collect::<Vec<_>>(), ["Token", "caf"]);
        assert_eq!(words_from_end("").count(), 0);
    }
}
