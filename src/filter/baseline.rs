//! Baselines: the fingerprints of accepted findings, so a team adopting srm-lint on an existing
//! repository fails only on new ones. A fingerprint hashes the rule, the file, the flagged text and
//! the message and ignores line numbers, so it survives edits elsewhere in the file.
//!
//! The baseline is committed, so a fingerprint must not let anyone recover a secret by hashing
//! guesses (a short password falls to a brute force of a plain SHA-256 in minutes, and a salt
//! stored beside it would not help). So no byte of a secret is hashed at all: each span a secret
//! rule flagged is replaced by a fixed marker before hashing, and random-looking tokens no rule
//! claimed are redacted as in every excerpt ([`crate::source::redact`]). What identifies a secret
//! finding is then its rule, file, key and surrounding text, and its (already masked) message.
//! Trade-off: replacing a secret by another one under the same key keeps it accepted. Version 2;
//! version 1 baselines are still read, but their secret findings no longer match and show as new
//! until the baseline is regenerated (which also removes the old, guessable hashes).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::date::Date;
use crate::diagnostic::{Acceptance, Finding};
use crate::document::ParsedFile;

pub const VERSION: u32 = 2;
/// Older versions still read (see the module docs).
const READABLE: [u32; 2] = [1, 2];

/// The finding's text as hashed: secret spans replaced by a marker, other random tokens redacted.
fn hashed_text(file: &ParsedFile, f: &Finding) -> String {
    let text = file.source.slice(f.span);
    let mut secrets: Vec<_> = f
        .secrets
        .iter()
        .filter(|s| s.end > f.span.start && s.start < f.span.end)
        .map(|s| (s.start.max(f.span.start) - f.span.start, s.end.min(f.span.end) - f.span.start))
        .collect();
    secrets.sort();
    let mut out = String::new();
    let mut at = 0;
    for (start, end) in secrets {
        let start = crate::source::floor_char_boundary(text, start.max(at));
        let end = crate::source::floor_char_boundary(text, end);
        if end <= start {
            continue;
        }
        out.push_str(&text[at..start]);
        out.push_str("\u{0}secret\u{0}");
        at = end;
    }
    out.push_str(&text[at..]);
    crate::source::redact(out.trim(), &[])
}

/// A file's path as the baseline names it: relative to the repository root (the folder with `.git`,
/// else the config's folder), `/` separators, so the same file has the same name whichever folder
/// was scanned (`srm-lint .` or `srm-lint shop`). Files outside the repository, and standard input,
/// keep the path they were scanned under.
pub fn repo_path(file: &ParsedFile, repo: &Path) -> String {
    repo_relative(file, repo).unwrap_or_else(|| file.rel().to_string())
}

/// A file's path relative to the repository root `repo` (canonical), `/` separators; `None` for a
/// file outside it and for standard input not named after a file inside it.
pub fn repo_relative(file: &ParsedFile, repo: &Path) -> Option<String> {
    std::fs::canonicalize(&file.path)
        .ok()
        .and_then(|p| p.strip_prefix(repo).ok().map(|r| r.to_string_lossy().replace('\\', "/")))
        .filter(|r| !r.is_empty())
}

/// The fingerprint of a finding in the file the baseline names `path`.
pub fn fingerprint(file: &ParsedFile, path: &str, f: &Finding) -> String {
    let text = hashed_text(file, f);
    let mut h = Sha256::new();
    for part in [f.code, path, text.as_str(), f.message.as_str()] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    h.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// (rule, file, fingerprint) of one accepted finding.
pub type Entry = (String, String, String);

/// The entry of a finding.
pub fn entry(file: &ParsedFile, f: &Finding, repo: &Path) -> Entry {
    let path = repo_path(file, repo);
    let fp = fingerprint(file, &path, f);
    (f.code.to_string(), path, fp)
}

/// The accepted findings of a baseline file (with who accepted each, when, until when and why,
/// where the entry records it), and which of them this run matched.
#[derive(Debug, Default)]
pub struct Baseline {
    entries: BTreeMap<Entry, Acceptance>,
    pub path: String,
    /// The repository root its paths are relative to.
    pub repo: std::path::PathBuf,
    matched: std::sync::Mutex<BTreeSet<Entry>>,
}

impl Baseline {
    /// Loads a baseline whose paths are relative to `repo`.
    pub fn load(path: &Path, repo: &Path) -> Result<Baseline, String> {
        let text = crate::document::read::read_text_bounded(path, crate::document::read::MAX_BASELINE)
            .map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
        let v: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("baseline {} is not valid JSON: {e}", path.display()))?;
        if !v["version"].as_u64().is_some_and(|n| READABLE.iter().any(|&r| u64::from(r) == n)) {
            return Err(format!("baseline {} has an unsupported version (expected {VERSION})", path.display()));
        }
        let mut entries = BTreeMap::new();
        for f in
            v["findings"].as_array().ok_or_else(|| format!("baseline {} has no `findings` list", path.display()))?
        {
            let get = |k: &str| {
                f[k].as_str().map(str::to_string).ok_or_else(|| {
                    format!("baseline entry lacks `{k}`: {}", crate::source::bounded(&f.to_string(), 200))
                })
            };
            let date = |k: &str| match f[k].as_str() {
                None => Ok(None),
                Some(d) => Date::parse(d).map(Some).map_err(|e| {
                    format!("baseline {}: `{k}` of an entry is not a date (YYYY-MM-DD): {e}", path.display())
                }),
            };
            let text = |k: &str| f[k].as_str().map(|s| crate::source::bounded(s, 500));
            let acceptance = Acceptance {
                reason: text("reason").unwrap_or_default(),
                by: text("by"),
                on: date("on")?,
                until: date("until")?,
                baselined: true,
            };
            entries.insert((get("rule")?, get("file")?, get("fingerprint")?), acceptance);
        }
        Ok(Baseline {
            entries,
            path: path.display().to_string(),
            repo: repo.to_path_buf(),
            matched: Default::default(),
        })
    }

    /// The baseline's acceptance of the finding, if it has one (and notes that its entry still
    /// matches).
    pub fn acceptance(&self, file: &ParsedFile, f: &Finding) -> Option<Acceptance> {
        let e = entry(file, f, &self.repo);
        let acc = self.entries.get(&e)?.clone();
        self.matched.lock().unwrap_or_else(|p| p.into_inner()).insert(e);
        Some(acc)
    }

    /// Entries no finding of the run matched: fixed or changed since the baseline was written.
    pub fn stale(&self) -> usize {
        self.entries.len() - self.matched.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}
