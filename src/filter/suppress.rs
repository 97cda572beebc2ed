//! Inline suppressions: `# srm-lint: ignore[CODE,...] reason` on the finding's line or alone on the
//! line above. Unused suppressions are SRM002, unknown codes SRM003, malformed comments SRM005, and
//! with `require-reason = true`, suppressions without a reason SRM006.
//!
//! The reason may record who accepted the finding and for how long: `by=NAME`, `on=YYYY-MM-DD` (the
//! day it was accepted) and `until=YYYY-MM-DD` (the last day it holds). After `until` the
//! suppression no longer applies: the finding counts again, and the outputs say whose acceptance
//! lapsed. An `on` or `until` that is not a date accepts nothing (it cannot be told when it ends).

use crate::config::Configs;
use crate::date::Date;
use crate::diagnostic::{self, Acceptance, Emitter, Finding};
use crate::document::ParsedFile;
use crate::source::Span;

/// One `srm-lint: ignore[...]` comment.
#[derive(Debug)]
pub struct Directive {
    /// 1-based line of the comment.
    pub line: usize,
    /// Nothing but the comment on its line: it then also covers the next line.
    pub own_line: bool,
    pub codes: Vec<(String, Span)>,
    /// The reason and the `by=`/`on=`/`until=` fields.
    pub acceptance: Acceptance,
    /// A field whose date could not be read (`until=2027-13-01`): the directive accepts nothing.
    pub bad_date: Option<String>,
}

/// Splits the text after `ignore[...]` into the reason and the `by=`, `on=`, `until=` fields
/// (`key=value` or `key = value`); the error names a field whose date is not `YYYY-MM-DD`.
pub fn acceptance(text: &str) -> (Acceptance, Option<String>) {
    let mut acc = Acceptance::default();
    let mut bad = None;
    let mut reason: Vec<&str> = Vec::new();
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        // `key=value`, `key= value`, `key =value` or `key = value`.
        let (key, value, used) = match w.split_once('=') {
            Some((k, v)) if !v.is_empty() => (k, Some(v), 1),
            Some((k, _)) => (k, words.get(i + 1).copied(), 2),
            None => match words.get(i + 1).map(|n| n.strip_prefix('=')) {
                Some(Some("")) => (w, words.get(i + 2).copied(), 3),
                Some(Some(v)) => (w, Some(v), 2),
                _ => (w, None, 1),
            },
        };
        let key = key.to_ascii_lowercase();
        match (key.as_str(), value) {
            ("by", Some(v)) => acc.by = Some(v.to_string()),
            ("on" | "until", Some(v)) => match Date::parse(v) {
                Ok(d) if key == "on" => acc.on = Some(d),
                Ok(d) => acc.until = Some(d),
                Err(_) => bad = Some(format!("`{key}={v}` is not a date (YYYY-MM-DD)")),
            },
            _ => {
                reason.push(w);
                i += 1;
                continue;
            }
        }
        i += used;
    }
    acc.reason = reason.join(" ");
    (acc, bad)
}

const MARKER: &str = "srm-lint:";

/// The file's comments that start with `srm-lint:`: each comment's span, its text and what follows
/// the marker.
fn marked(file: &ParsedFile) -> impl Iterator<Item = (Span, &str, &str)> {
    file.comments.iter().filter_map(|c| {
        let text = file.source.slice(c.span);
        let body = text.trim_start_matches('#').trim_start().strip_prefix(MARKER)?;
        Some((c.span, text, body))
    })
}

/// The directives among a file's comments.
pub fn directives(file: &ParsedFile) -> Vec<Directive> {
    let src = &file.source;
    let mut out = Vec::new();
    for (span, text, body) in marked(file) {
        let body = body.trim_start();
        let Some(rest) = body.strip_prefix("ignore[") else { continue };
        let Some(close) = rest.find(']') else { continue };
        // Byte offset of the first code in the file.
        let list_start = span.start + (text.len() - rest.len());
        let mut codes = Vec::new();
        let mut offset = 0;
        for part in rest[..close].split(',') {
            let lead = part.len() - part.trim_start().len();
            let code = part.trim();
            if !code.is_empty() {
                let start = list_start + offset + lead;
                codes.push((code.to_ascii_uppercase(), Span::new(start, start + code.len())));
            }
            offset += part.len() + 1;
        }
        let pos = src.line_col(span.start);
        let line_start = src.line_span(pos.line).start;
        let own_line = src.text[line_start..span.start].trim().is_empty();
        let (acceptance, bad_date) = acceptance(rest[close + 1..].trim());
        out.push(Directive { line: pos.line, own_line, codes, acceptance, bad_date });
    }
    out
}

/// Comments that start with `srm-lint:` but are not a well-formed `ignore[CODE,...]` directive
/// (which [`directives`] passes over): the comment's span and what is wrong with it.
pub fn malformed(file: &ParsedFile) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    for (span, _, body) in marked(file) {
        let body = body.trim();
        let verb: String =
            body.chars().take_while(|ch| ch.is_ascii_alphanumeric() || *ch == '-' || *ch == '_').collect();
        let problem = if verb.is_empty() {
            "a `srm-lint:` comment must be `srm-lint: ignore[CODE,...] reason`".to_string()
        } else if verb != "ignore" {
            let hint =
                diagnostic::closest(&verb, ["ignore"]).map_or(String::new(), |c| format!("; did you mean `{c}`?"));
            format!("unknown suppression verb `{verb}` (only `ignore[CODE,...]` is known){hint}")
        } else {
            let rest = body["ignore".len()..].trim_start();
            match rest.strip_prefix('[').map(|r| r.split_once(']')) {
                None => "the codes of a suppression go in brackets: `ignore[CODE,...]`".to_string(),
                Some(None) => "the code list of this suppression has no closing `]`".to_string(),
                Some(Some((list, _))) if list.split(',').all(|c| c.trim().is_empty()) => {
                    "this suppression names no code: `ignore[CODE,...]`".to_string()
                }
                Some(Some(_)) if !body.starts_with("ignore[") => {
                    "no space may stand between `ignore` and `[`".to_string()
                }
                Some(Some(_)) => continue,
            }
        };
        out.push((span, problem));
    }
    out
}

/// Marks suppressed findings (or, past their `until`, expired ones) and returns the
/// SRM002/SRM003/SRM005/SRM006 findings about the directives.
pub fn apply(files: &[ParsedFile], findings: &mut [Finding], settings: &Configs<'_>, as_of: Date) -> Vec<Finding> {
    let mut unused = Emitter::new("SRM002");
    let mut unknown = Emitter::new("SRM003");
    let mut bad = Emitter::new("SRM005");
    let mut no_reason = Emitter::new("SRM006");
    for file in files.iter().filter(|f| !f.context) {
        for (span, problem) in malformed(file) {
            bad.emit(file, span, problem);
        }
        let dirs = directives(file);
        if dirs.is_empty() {
            continue;
        }
        let mut used = vec![vec![false; 0]; dirs.len()];
        for (d, u) in dirs.iter().zip(used.iter_mut()) {
            *u = vec![false; d.codes.len()];
        }
        for f in findings.iter_mut().filter(|f| f.file == file.id) {
            let line = file.source.line_col(f.span.start).line;
            for (d, u) in dirs.iter().zip(used.iter_mut()) {
                if !(d.line == line || (d.own_line && d.line + 1 == line)) {
                    continue;
                }
                // A code named twice in one directive is used by the same finding.
                let mut matched = false;
                for (i, (c, _)) in d.codes.iter().enumerate() {
                    if c == f.code {
                        u[i] = true;
                        matched = true;
                    }
                }
                if matched {
                    let acc = d.acceptance.clone();
                    if let Some(bad) = &d.bad_date {
                        let meta = diagnostic::meta(f.code).expect("every finding's rule has metadata");
                        let help = f.help.clone().unwrap_or_else(|| meta.fix.clone());
                        f.help = Some(format!("{help}; the inline suppression of this finding does not apply: {bad}"));
                        f.expired = Some(acc);
                    } else if acc.expired_on(as_of) {
                        f.expired = Some(acc);
                    } else {
                        f.suppressed = Some(acc);
                    }
                }
            }
        }
        for (d, u) in dirs.iter().zip(&used) {
            if let (Some(problem), Some((_, first))) = (&d.bad_date, d.codes.first()) {
                bad.emit(file, *first, format!("{problem}: this suppression accepts nothing"));
            }
            if let (Some(first), Some(last)) = (d.codes.first(), d.codes.last())
                && d.acceptance.reason.is_empty()
                && settings.get(file.id).require_reason
            {
                let span = Span::new(first.1.start, last.1.end);
                no_reason.emit(file, span, "this suppression gives no reason (`require-reason = true`)");
            }
            for ((code, span), used) in d.codes.iter().zip(u) {
                if diagnostic::meta(code).is_none() {
                    let hint = diagnostic::did_you_mean_code(code);
                    unknown.emit(file, *span, format!("`{code}` is not a srm-lint rule code{hint}"));
                } else if !used && settings.get(file.id).enabled(code, Some(file.rel())) {
                    unused.emit(file, *span, format!("this suppression of {code} matches no finding"));
                }
            }
        }
    }
    let mut out = unused.findings;
    out.extend(unknown.findings);
    out.extend(bad.findings);
    out.extend(no_reason.findings);
    out.retain(|f| settings.get(f.file).enabled(f.code, Some(files[f.file].rel())));
    out
}

#[cfg(test)]
mod tests {
    use super::acceptance;
    use crate::date::Date;

    fn date(s: &str) -> Option<Date> {
        Some(Date::parse(s).unwrap())
    }

    #[test]
    fn fields_are_taken_out_of_the_reason_in_either_spacing() {
        let (a, bad) = acceptance("legacy monitor by=alice on=2026-01-10 until=2026-06-30 see OPS-1");
        assert_eq!(bad, None);
        assert_eq!(a.reason, "legacy monitor see OPS-1");
        assert_eq!(a.by.as_deref(), Some("alice"));
        assert_eq!((a.on, a.until), (date("2026-01-10"), date("2026-06-30")));
        for text in ["until = 2027-01-01 by = bob", "until= 2027-01-01 by =bob", "UNTIL=2027-01-01 By=bob"] {
            let (a, bad) = acceptance(text);
            assert_eq!((a.reason.as_str(), a.by.as_deref(), a.until, bad), ("", Some("bob"), date("2027-01-01"), None));
        }
    }

    #[test]
    fn plain_words_stay_in_the_reason_and_a_bad_date_is_named() {
        let (a, bad) = acceptance("kept on purpose, by design");
        assert_eq!((a.reason.as_str(), a.by, a.on, bad), ("kept on purpose, by design", None, None, None));
        let (a, bad) = acceptance("until=2027-13-01");
        assert_eq!(a.until, None);
        assert!(bad.unwrap().contains("until=2027-13-01"));
    }

    #[test]
    fn expiry_is_after_the_last_day() {
        let (a, _) = acceptance("until=2027-03-01");
        assert!(!a.expired_on(Date::parse("2027-03-01").unwrap()));
        assert!(a.expired_on(Date::parse("2027-03-02").unwrap()));
    }
}
