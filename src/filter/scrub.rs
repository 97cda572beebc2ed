//! The one secrets scrubber for finding texts: every message, help text, label and suppression
//! reason passes here (after the suppression findings are added, so SRM003 too). Flagged secrets
//! are replaced by their masked form, and so are random-looking tokens no rule claimed
//! ([`crate::source::looks_random`]). Excerpts are masked the same way by
//! [`crate::source::redact`].

use crate::diagnostic::Finding;
use crate::document::ParsedFile;

/// A second line of defence: no message, help or label may quote a flagged secret, whichever rule
/// wrote it. Each secret text is replaced by its masked form in the same file's findings, with one
/// automaton per file so the cost stays linear in the size of the messages.
pub fn scrub_secrets(files: &[ParsedFile], findings: &mut [Finding]) {
    let mut by_file: std::collections::BTreeMap<usize, Vec<String>> = Default::default();
    for f in findings.iter() {
        for s in &f.secrets {
            let text = files[f.file].source.slice(*s).trim_matches(|c| c == '"' || c == '\'');
            if text.len() >= 4 {
                by_file.entry(f.file).or_default().push(text.to_string());
            }
        }
    }
    // One automaton per file (a plain NFA: cheap to build for a handful of patterns), then one pass
    // over the findings.
    let mut scrubbers = std::collections::HashMap::new();
    for (file, mut secrets) in by_file {
        secrets.sort();
        secrets.dedup();
        let masks: Vec<String> = secrets.iter().map(|s| crate::source::mask(s)).collect();
        if let Ok(ac) = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
            .build(&secrets)
        {
            scrubbers.insert(file, (ac, masks));
        }
    }
    for f in findings.iter_mut() {
        let known = scrubbers.get(&f.file);
        let scrub = |text: &mut String| {
            if let Some((ac, masks)) = known
                && ac.is_match(text.as_str())
            {
                *text = ac.replace_all(text, masks);
            }
            if !crate::source::random_tokens(text).is_empty() {
                *text = crate::source::mask_random(text);
            }
        };
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
    }
}
