//! The one secrets scrubber for finding texts: every message, help text, label and suppression
//! reason passes here (after the suppression findings are added, so SRM003 too). Flagged secrets
//! are replaced by their masked form, and so are random-looking tokens no rule claimed
//! ([`crate::source::looks_random`]). Excerpts are masked the same way by
//! [`crate::source::redact`].

use crate::diagnostic::Finding;
use crate::document::ParsedFile;

/// Masks known secret texts (by their [`crate::source::mask`]) and random-looking tokens in any
/// text: one automaton over the secrets, built once.
pub struct Scrubber {
    known: Option<(aho_corasick::AhoCorasick, Vec<String>)>,
}

impl Scrubber {
    /// A scrubber for `secrets` (texts shorter than 4 bytes are ignored).
    pub fn new(mut secrets: Vec<String>) -> Scrubber {
        secrets.retain(|s| s.len() >= 4);
        secrets.sort();
        secrets.dedup();
        if secrets.is_empty() {
            return Scrubber { known: None };
        }
        let masks: Vec<String> = secrets.iter().map(|s| crate::source::mask(s)).collect();
        // A plain NFA: cheap to build for a handful of patterns.
        let known = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
            .build(&secrets)
            .ok()
            .map(|ac| (ac, masks));
        Scrubber { known }
    }

    /// `text` with every known secret and random-looking token masked.
    pub fn scrub(&self, text: &str) -> String {
        let mut out = match &self.known {
            Some((ac, masks)) if ac.is_match(text) => ac.replace_all(text, masks),
            _ => text.to_string(),
        };
        if !crate::source::random_tokens(&out).is_empty() {
            out = crate::source::mask_random(&out);
        }
        out
    }
}

/// A second line of defence: no message, help, label or fix title may quote a flagged secret,
/// whichever rule wrote it. Each secret text is replaced by its masked form in the same file's
/// findings, with one automaton per file so the cost stays linear in the size of the messages.
pub fn scrub_secrets(files: &[ParsedFile], findings: &mut [Finding]) {
    let mut by_file: std::collections::BTreeMap<usize, Vec<String>> = Default::default();
    for f in findings.iter() {
        for s in &f.secrets {
            let text = files[f.file].source.slice(*s).trim_matches(|c| c == '"' || c == '\'');
            by_file.entry(f.file).or_default().push(text.to_string());
        }
    }
    let scrubbers: std::collections::HashMap<usize, Scrubber> =
        by_file.into_iter().map(|(file, secrets)| (file, Scrubber::new(secrets))).collect();
    let none = Scrubber::new(Vec::new());
    for f in findings.iter_mut() {
        let scrubber = scrubbers.get(&f.file).unwrap_or(&none);
        let scrub = |text: &mut String| *text = scrubber.scrub(text);
        scrub(&mut f.message);
        if let Some(h) = &mut f.help {
            scrub(h);
        }
        for (_, label) in &mut f.labels {
            scrub(label);
        }
        for acc in [&mut f.suppressed, &mut f.expired].into_iter().flatten() {
            scrub(&mut acc.reason);
            if let Some(by) = &mut acc.by {
                scrub(by);
            }
        }
        if let Some(fix) = &mut f.fix {
            scrub(&mut fix.title);
        }
    }
}
