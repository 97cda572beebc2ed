//! Credential formats for the secrets scanner (`lints/secrets/tokens.toml`).

use regex::Regex;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    checked: String,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(rename = "format")]
    formats: Vec<RawFormat>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFormat {
    name: String,
    keywords: Vec<String>,
    regex: String,
    entropy: f64,
    source: String,
}

/// One credential format, its regex compiled.
#[derive(Debug)]
pub struct Format {
    pub name: &'static str,
    /// Lower-case strings, one of which must occur before the regex runs.
    pub keywords: Vec<String>,
    /// Capture group 1 is the secret.
    pub regex: Regex,
    /// Shannon entropy (bits per character) the secret must exceed.
    pub entropy: f64,
    pub source: String,
}

#[derive(Debug)]
pub struct Tokens {
    /// When the table was last checked against its sources.
    pub checked: String,
    pub formats: Vec<Format>,
    /// Published example credentials: never secrets.
    pub examples: Vec<String>,
}

impl Tokens {
    pub fn parse(text: &str) -> Result<Tokens, String> {
        let raw: Raw = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut formats = Vec::with_capacity(raw.formats.len());
        for f in raw.formats {
            let regex = Regex::new(&f.regex).map_err(|e| format!("format `{}`: {e}", f.name))?;
            if regex.captures_len() < 2 {
                return Err(format!("format `{}`: the regex needs a capture group for the secret", f.name));
            }
            if f.keywords.is_empty() || f.keywords.iter().any(|k| k.is_empty() || k.to_lowercase() != *k) {
                return Err(format!("format `{}`: keywords must be non-empty and lower-case", f.name));
            }
            let name = intern(f.name);
            formats.push(Format { name, keywords: f.keywords, regex, entropy: f.entropy, source: f.source });
        }
        Ok(Tokens { checked: raw.checked, formats, examples: raw.examples })
    }
}

/// Format names as `&'static str` (findings carry them): each distinct name is allocated once per
/// process and kept in a static list, so loading the table for every run (or every fuzz input)
/// allocates nothing new.
fn intern(name: String) -> &'static str {
    static NAMES: std::sync::OnceLock<std::sync::Mutex<Vec<&'static str>>> = std::sync::OnceLock::new();
    let mut names = NAMES.get_or_init(Default::default).lock().unwrap_or_else(|p| p.into_inner());
    if let Some(n) = names.iter().find(|n| **n == name) {
        return n;
    }
    let n: &'static str = Box::leak(name.into_boxed_str());
    names.push(n);
    n
}
