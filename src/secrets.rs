//! The one secrets engine. Every file kind feeds it: the whole text is scanned for known token
//! formats, private keys and credentials in URLs (one Aho-Corasick keyword pass decides which
//! patterns run), and (key, value, span) pairs from each parser are checked for secret-named keys
//! with literal values. Rules SEC001–SEC005 only pick the hits of their kind.

use std::borrow::Cow;
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

use crate::engine::{Doc, ParsedFile};
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
    pub file: usize,
    pub kind: HitKind,
    /// The secret itself: masked in every output.
    pub span: Span,
    /// The key it is assigned to, when there is one.
    pub key: Option<(String, Span)>,
    /// The platform rule that reports this hit instead of SEC001–SEC004, worked out once per run
    /// (see [`claimed_by`]): every claiming rule asks about every hit.
    pub claim: std::sync::OnceLock<Option<&'static str>>,
}

struct Format {
    name: &'static str,
    keywords: &'static [&'static str],
    regex: &'static str,
    /// Shannon entropy (bits per character) the secret must exceed.
    entropy: f64,
}

/// Known credential formats (SEC001). The capture group 1 is the secret.
const FORMATS: &[Format] = &[
    Format {
        name: "AWS access key id",
        keywords: &["akia", "asia", "abia", "acca", "a3t"],
        regex: r"\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b",
        entropy: 3.0,
    },
    Format {
        name: "GitHub token",
        keywords: &["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
        regex: r"\b((?:ghp|gho|ghu|ghs|ghr)_[0-9A-Za-z]{36})\b",
        entropy: 3.0,
    },
    Format {
        name: "GitHub fine-grained token",
        keywords: &["github_pat_"],
        regex: r"\b(github_pat_[0-9A-Za-z_]{82})\b",
        entropy: 3.0,
    },
    Format {
        name: "GitLab token",
        keywords: &["glpat-", "gldt-", "glft-", "glsoat-", "glrt-"],
        regex: r"\b((?:glpat|gldt|glft|glsoat|glrt)-[0-9A-Za-z_-]{20,50})\b",
        entropy: 3.0,
    },
    Format {
        name: "Slack token",
        keywords: &["xoxb-", "xoxp-", "xoxa-", "xoxe-", "xoxr-", "xoxs-", "xoxo-", "xapp-"],
        regex: r"\b((?:xox[baprseo]|xapp)-[0-9A-Za-z-]{10,})\b",
        entropy: 3.0,
    },
    Format {
        name: "Slack webhook",
        keywords: &["hooks.slack.com"],
        regex: r"(hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{43,56})",
        entropy: 3.0,
    },
    Format {
        name: "Stripe key",
        keywords: &["sk_live_", "sk_test_", "rk_live_", "rk_test_", "sk_prod_", "rk_prod_"],
        regex: r"\b((?:sk|rk)_(?:test|live|prod)_[0-9A-Za-z]{10,99})\b",
        entropy: 2.0,
    },
    Format {
        name: "Google API key",
        keywords: &["aiza"],
        regex: r"\b(AIza[0-9A-Za-z_-]{35})(?:[^0-9A-Za-z_-]|$)",
        entropy: 3.5,
    },
    Format {
        name: "SendGrid API key",
        keywords: &["sg."],
        regex: r"\b(SG\.[0-9A-Za-z_-]{22}\.[0-9A-Za-z_-]{43})(?:[^0-9A-Za-z_-]|$)",
        entropy: 3.0,
    },
    Format { name: "npm token", keywords: &["npm_"], regex: r"\b(npm_[0-9A-Za-z]{36})\b", entropy: 3.0 },
    Format {
        name: "PyPI token",
        keywords: &["pypi-ageichlwas5vcmc", "pypi-agendgvzdc5wexbplm9yzw"],
        regex: r"\b(pypi-Ag(?:EIcHlwaS5vcmc|ENdGVzdC5weXBpLm9yZw)[0-9A-Za-z_-]{50,})",
        entropy: 3.0,
    },
    Format { name: "Twilio API key", keywords: &["sk"], regex: r"\b(SK[0-9a-f]{32})\b", entropy: 3.0 },
    Format {
        name: "JSON Web Token",
        keywords: &["eyj"],
        regex: r"\b(eyJ[0-9A-Za-z_-]{15,}\.eyJ[0-9A-Za-z_-]{15,}\.[0-9A-Za-z_-]{10,})",
        entropy: 3.0,
    },
    Format {
        name: "Azure storage account key",
        keywords: &["accountkey="],
        regex: r"AccountKey=([0-9A-Za-z+/]{86}==)",
        entropy: 4.0,
    },
];

const PRIVATE_KEY: &str =
    r"-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----([\s\S]{64,}?)-----END[ A-Z0-9_-]{0,100}PRIVATE KEY";
const URL_CREDENTIALS: &str =
    r"\b[a-zA-Z][a-zA-Z0-9+.-]{1,15}://([^\s:/?#@'\x22]{1,64}):([^\s/?#@'\x22]{1,128})@[\w.-]+";

/// Published example credentials that are not secrets.
const KNOWN_EXAMPLES: &[&str] = &[
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe",
    "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
];

struct Compiled {
    prefilter: AhoCorasick,
    /// For each prefilter pattern, the format it belongs to (`FORMATS.len()` = private key,
    /// `+1` = URL credentials).
    owner: Vec<usize>,
    formats: Vec<Regex>,
    private_key: Regex,
    url: Regex,
    secret_key: Regex,
    not_secret_key: Regex,
}

fn compiled() -> &'static Compiled {
    static C: OnceLock<Compiled> = OnceLock::new();
    C.get_or_init(|| {
        let mut patterns = Vec::new();
        let mut owner = Vec::new();
        for (i, f) in FORMATS.iter().enumerate() {
            for k in f.keywords {
                patterns.push(*k);
                owner.push(i);
            }
        }
        patterns.push("private key");
        owner.push(FORMATS.len());
        patterns.push("://");
        owner.push(FORMATS.len() + 1);
        Compiled {
            prefilter: AhoCorasick::builder().ascii_case_insensitive(true).build(&patterns).expect("keywords build"),
            owner,
            formats: FORMATS.iter().map(|f| Regex::new(f.regex).expect("valid format regex")).collect(),
            private_key: Regex::new(PRIVATE_KEY).expect("valid regex"),
            url: Regex::new(URL_CREDENTIALS).expect("valid regex"),
            secret_key: Regex::new(
                r"(?i)(pass(word|wd|phrase)?|pwd|secret|token|api[_.-]?key|apikey|private[_.-]?key|credential|auth[_.-]?key|access[_.-]?key|account[_.-]?key|client[_.-]?key|signing[_.-]?key|encryption[_.-]?key|crypt[_.-]?key|master[_.-]?key|session[_.-]?key)",
            )
            .expect("valid regex"),
            not_secret_key: Regex::new(
                r"(?i)(_id|id|_name|name|_file|file|_path|path|_url|url|_uri|_type|type|_length|_ttl|_expiry|_expires|_enabled|enabled|_version|_header|_field|_prefix|_timeout|_lifetime|_endpoint|_policy|_hint|_format|_mode|_method|_algo|_algorithm|_cmd|_command|_backend|_class|_provider)$|^(public|max_|min_|is_)|public[_.-]?key|key[_.-]?id|token[_.-]?(url|endpoint|uri|type|ttl)|_count$|_size$",
            )
            .expect("valid regex"),
        }
    })
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
    let v = value.trim().trim_matches(|c| c == '"' || c == '\'');
    if v.len() < 6 {
        return true;
    }
    let lower = v.to_ascii_lowercase();
    // Words without digits or symbols (`postgres`, `admin.pass`) are defaults or stand-ins.
    if v.chars().all(|c| c.is_ascii_alphabetic() || matches!(c, '.' | '_' | '-')) {
        return true;
    }
    let first = v.chars().next().unwrap_or(' ');
    if v.chars().all(|c| c == first) {
        return true;
    }
    if v.starts_with('$')
        || v.contains("${")
        || v.contains("{{")
        || (v.starts_with('<') && v.ends_with('>'))
        || (v.starts_with('%') && v.ends_with('%'))
        || (v.starts_with('@') && v.ends_with('@'))
        || (v.starts_with('{') && v.ends_with('}'))
        || v.starts_with("arn:")
        || v.starts_with('/')
        || v.starts_with("./")
        || v.contains("://")
    {
        return true;
    }
    const WORDS: &[&str] = &[
        "changeme",
        "change_me",
        "change-me",
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
        "passw0rd",
        "test1234",
        "123456",
        "qwerty",
        "letmein",
        "default",
        "none",
        "null",
        "true",
        "false",
        "undefined",
        "fake",
    ];
    WORDS.iter().any(|w| lower.contains(w))
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

/// Every secret in one file.
pub fn scan(file: &ParsedFile) -> Vec<Hit> {
    let c = compiled();
    let text = &file.source.text;
    let mut hits = Vec::new();
    let mut wanted = vec![false; FORMATS.len() + 2];
    for m in c.prefilter.find_overlapping_iter(text) {
        wanted[c.owner[m.pattern().as_usize()]] = true;
    }
    for (i, f) in FORMATS.iter().enumerate().filter(|(i, _)| wanted[*i]) {
        for caps in c.formats[i].captures_iter(text) {
            let g = caps.get(1).expect("formats capture group 1");
            let secret = g.as_str();
            if KNOWN_EXAMPLES.contains(&secret) || secret.ends_with("EXAMPLE") || entropy(secret) <= f.entropy {
                continue;
            }
            hits.push(Hit {
                file: file.id,
                kind: HitKind::Token(f.name),
                span: Span::new(g.start(), g.end()),
                key: None,
                claim: Default::default(),
            });
        }
    }
    if wanted[FORMATS.len()] {
        for caps in c.private_key.captures_iter(text) {
            let body = caps.get(1).expect("group 1");
            // A body of placeholders (`...`, `xxx`) is not a key.
            if body.as_str().chars().filter(|c| c.is_ascii_alphanumeric()).count() < 40 {
                continue;
            }
            let whole = caps.get(0).expect("match");
            hits.push(Hit {
                file: file.id,
                kind: HitKind::PrivateKey,
                span: Span::new(whole.start(), whole.end()),
                key: None,
                claim: Default::default(),
            });
        }
    }
    if wanted[FORMATS.len() + 1] {
        for caps in c.url.captures_iter(text) {
            let password = caps.get(2).expect("group 2");
            let p = password.as_str();
            // Templated (`$PASS`, `${PASS}`, `{pass}`, `<pass>`, `%PASS%`) or a stand-in word.
            // A password equal to the user name is a default of local or internal services.
            let user = caps.get(1).map_or("", |u| u.as_str());
            if p.starts_with('$') || p.contains(['{', '<', '%']) || is_placeholder_word(p) || p == user {
                continue;
            }
            hits.push(Hit {
                file: file.id,
                kind: HitKind::UrlCredentials,
                span: Span::new(password.start(), password.end()),
                key: None,
                claim: Default::default(),
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
    for (key, key_span, value, value_span) in pairs(file) {
        if !is_secret_name(&key) {
            continue;
        }
        // PSH022 reports a CLI token in app variables, with the platform's own fix.
        if matches!(key.as_ref(), "PLATFORMSH_CLI_TOKEN" | "UPSUN_CLI_TOKEN")
            && file.provider() != "generic"
            && file.provider() != "astronomer"
        {
            continue;
        }
        if overlapping(value_span) || !is_literal_secret(&value) {
            continue;
        }
        hits.push(Hit {
            file: file.id,
            kind: HitKind::NamedLiteral,
            span: value_span,
            key: Some((key.into_owned(), key_span)),
            claim: Default::default(),
        });
    }
    let allowed = allowed_lines(file);
    if !allowed.is_empty() {
        hits.retain(|h| !allowed.contains(&file.source.line_col(h.span.start).line));
    }
    hits.sort_by_key(|h| (h.span.start, h.span.end));
    hits
}

/// Whether a value under a secret-named key is a literal secret: not a placeholder, and random
/// enough (entropy above 2.5 bits per character, 3.0 from 16 characters).
pub fn is_literal_secret(value: &str) -> bool {
    let floor = if value.len() < 16 { 2.5 } else { 3.0 };
    !is_placeholder(value) && entropy(value) > floor
}

fn is_placeholder_word(p: &str) -> bool {
    let l = p.to_ascii_lowercase();
    ["password", "pass", "pwd", "changeme", "changeit", "secret", "xxx", "***", "token", "test", "user"]
        .iter()
        .any(|w| l == *w || l.trim_matches('*').is_empty() || l.chars().all(|c| c == 'x'))
}

fn overlaps(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end
}

/// A key and the value assigned to it, with their spans; borrowed from the parsed file when it can be.
type Pair<'f> = (Cow<'f, str>, Span, Cow<'f, str>, Span);

/// (key, key span, value, value span) pairs a file assigns.
fn pairs(file: &ParsedFile) -> Vec<Pair<'_>> {
    let mut out = Vec::new();
    match &file.doc {
        Doc::Tree(tree) => {
            tree_pairs(tree, &mut out);
            if file.kind == crate::discover::FileKind::CloudFormation {
                user_data_pairs(&file.source.text, tree, &mut out);
            }
        }
        Doc::Dotenv(d) => {
            for e in &d.entries {
                out.push((e.key.as_str().into(), e.key_span, e.value.as_str().into(), e.value_span));
            }
        }
        Doc::Dockerfile(d) => {
            for i in d.instructions.iter().filter(|i| matches!(i.keyword.as_str(), "ENV" | "ARG")) {
                for p in &i.pairs {
                    out.push((p.key.as_str().into(), p.key_span, p.value.as_str().into(), p.value_span));
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
            out.push((key.into(), key_span, value.into(), tree.nodes[v as usize].span));
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
                    ));
                }
            }
            Kind::Seq(items) if depth < 16 => stack.extend(items.iter().map(|&i| (i, depth + 1))),
            Kind::Map(pairs) if depth < 16 => stack.extend(pairs.iter().map(|&(_, v)| (v, depth + 1))),
            _ => {}
        }
    }
}

/// The clause a secret in `file` falls under: the provider whose file it is. Files any platform
/// may hold (`.env`, Dockerfile, requirements) count as Astronomer's inside an Astro project and
/// as the generic credentials clause elsewhere; Composer files as Adobe Commerce's in a Commerce
/// repository.
pub fn clause(cx: &crate::rules::Context<'_>, file: &ParsedFile) -> &'static str {
    use crate::discover::FileKind::*;
    match file.kind {
        Dotenv | Dockerfile | Requirements => {
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

/// Platform rules that report a secret-named literal in their own file kinds, with the platform's
/// fix, instead of SEC002 (e.g. a connection password in `airflow_settings.yaml`). A claim holds
/// only while one of those rules exists and is enabled for the file, so nothing is lost when a
/// user turns the platform rule off.
const CLAIMS: &[(crate::discover::FileKind, &[&str])] = &[
    (crate::discover::FileKind::AirflowSettings, &["AST007"]),
    (crate::discover::FileKind::AstroDeployment, &["AST009", "AST010"]),
    (crate::discover::FileKind::AstroConfig, &["AST020"]),
    (crate::discover::FileKind::CloudFormation, &["AWS015"]),
    (crate::discover::FileKind::AuthJson, &["ACC005"]),
];

/// The platform rule that reports this hit instead of SEC001–SEC004, if any: a rule that claimed
/// the hit's span (any kind of hit: Commerce rules report the values they name, see
/// `model::commerce`), else, for named literals, a rule that claims the file's kind.
pub fn claimed_by(cx: &crate::rules::Context<'_>, hit: &Hit) -> Option<&'static str> {
    *hit.claim.get_or_init(|| compute_claim(cx, hit))
}

fn compute_claim(cx: &crate::rules::Context<'_>, hit: &Hit) -> Option<&'static str> {
    let file = &cx.files[hit.file];
    if let Some(code) = cx.commerce.claim(hit.file, hit.span)
        && crate::rules::meta(code).is_some()
        && cx.settings.enabled(code, Some(file.rel()))
    {
        return Some(code);
    }
    if hit.kind != HitKind::NamedLiteral {
        return None;
    }
    let astro_dockerfile = ["AST008"];
    let deployment;
    let codes: &[&str] = match file.kind {
        crate::discover::FileKind::Dockerfile if cx.astronomer.contains(file) => &astro_dockerfile,
        // In a deployment file, the rule depends on whether the variable is marked secret.
        crate::discover::FileKind::AstroDeployment => {
            deployment = [cx.astronomer.deployment_claim(hit.file, hit.span)];
            &deployment
        }
        // A `.astro/config.yaml` that is not the Astro CLI's (the web framework's) is SEC002's.
        crate::discover::FileKind::AstroConfig if !cx.astronomer.configs.iter().any(|c| c.file.id == file.id) => &[],
        kind => CLAIMS.iter().find(|(k, _)| *k == kind).map_or(&[], |(_, c)| *c),
    };
    codes.iter().copied().find(|c| crate::rules::meta(c).is_some() && cx.settings.enabled(c, Some(file.rel())))
}

/// The secret-named literals (with their key, `""` when none) that the platform rule `code`
/// reports instead of SEC002.
pub fn claimed_hits<'c>(
    cx: &'c crate::rules::Context<'_>,
    code: &'static str,
) -> impl Iterator<Item = (&'c Hit, &'c str)> + 'c {
    cx.secrets
        .iter()
        .filter(move |h| h.kind == HitKind::NamedLiteral && claimed_by(cx, h) == Some(code))
        .map(|h| (h, h.key.as_ref().map_or("", |(k, _)| k.as_str())))
}

/// Emits one finding per hit of `kind` (compared by variant), with the value masked.
pub fn emit_hits(
    cx: &crate::rules::Context<'_>,
    out: &mut crate::rules::Emitter,
    wanted: fn(&Hit, &crate::rules::Context<'_>) -> bool,
    message: fn(&Hit) -> String,
    help: &str,
) {
    for hit in cx.secrets.iter().filter(|h| wanted(h, cx)) {
        let file = &cx.files[hit.file];
        let f = out.emit(file, hit.span, message(hit));
        f.help(help).secret(hit.span);
        f.clause = Some(clause(cx, file));
        if let Some((key, span)) = &hit.key {
            f.label(*span, format!("`{key}`"));
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
        ] {
            assert!(!is_secret_name(k), "{k}");
        }
        assert_eq!(words_from_end("DBPasswordLength").collect::<Vec<_>>(), ["Length", "Password", "DB"]);
        assert_eq!(words_from_end("api_key-2").collect::<Vec<_>>(), ["2", "key", "api"]);
        assert_eq!(words_from_end("café_Token").collect::<Vec<_>>(), ["Token", "caf"]);
        assert_eq!(words_from_end("").count(), 0);
    }
}
