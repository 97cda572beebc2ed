//! Baselines: the fingerprints of accepted findings, so a team adopting srm-lint on an existing
//! repository fails only on new ones. A fingerprint hashes the rule, the file, the flagged text and
//! the message (never the plaintext of a secret) and ignores line numbers, so it survives edits
//! elsewhere in the file.

use std::collections::BTreeSet;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::diagnostic::Finding;
use crate::document::ParsedFile;

pub const VERSION: u32 = 1;

/// The fingerprint of a finding.
pub fn fingerprint(file: &ParsedFile, f: &Finding) -> String {
    let mut h = Sha256::new();
    for part in [f.code, file.rel(), file.source.slice(f.span).trim(), f.message.as_str()] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    h.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// (rule, file, fingerprint) of accepted findings.
#[derive(Debug, Default)]
pub struct Baseline {
    entries: BTreeSet<(String, String, String)>,
    pub path: String,
}

impl Baseline {
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = crate::document::read::read_text_bounded(path, crate::document::read::MAX_BASELINE)
            .map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
        let v: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("baseline {} is not valid JSON: {e}", path.display()))?;
        if v["version"] != VERSION {
            return Err(format!("baseline {} has an unsupported version (expected {VERSION})", path.display()));
        }
        let mut entries = BTreeSet::new();
        for f in
            v["findings"].as_array().ok_or_else(|| format!("baseline {} has no `findings` list", path.display()))?
        {
            let get =
                |k: &str| f[k].as_str().map(str::to_string).ok_or_else(|| format!("baseline entry lacks `{k}`: {}", crate::source::bounded(&f.to_string(), 200)));
            entries.insert((get("rule")?, get("file")?, get("fingerprint")?));
        }
        Ok(Baseline { entries, path: path.display().to_string() })
    }

    pub fn contains(&self, file: &ParsedFile, f: &Finding) -> bool {
        self.entries.contains(&(f.code.to_string(), file.rel().to_string(), fingerprint(file, f)))
    }
}
