//! Inline suppressions: `# srm-lint: ignore[CODE,...] reason` on the finding's line or alone on the
//! line above. Unused suppressions are SRM002, unknown codes SRM003, malformed comments SRM005, and
//! with `require-reason = true`, suppressions without a reason SRM006.

use crate::config::Configs;
use crate::diagnostic::{self, Emitter, Finding};
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
    pub reason: String,
}

const MARKER: &str = "srm-lint:";

/// The directives among a file's comments.
pub fn directives(file: &ParsedFile) -> Vec<Directive> {
    let src = &file.source;
    let mut out = Vec::new();
    for c in &file.comments {
        let text = src.slice(c.span);
        let Some(body) = text.trim_start_matches('#').trim_start().strip_prefix(MARKER) else { continue };
        let body = body.trim_start();
        let Some(rest) = body.strip_prefix("ignore[") else { continue };
        let Some(close) = rest.find(']') else { continue };
        // Byte offset of the first code in the file.
        let list_start = c.span.start + (text.len() - rest.len());
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
        let pos = src.line_col(c.span.start);
        let line_start = src.line_span(pos.line).start;
        let own_line = src.text[line_start..c.span.start].trim().is_empty();
        out.push(Directive { line: pos.line, own_line, codes, reason: rest[close + 1..].trim().to_string() });
    }
    out
}

/// Comments that start with `srm-lint:` but are not a well-formed `ignore[CODE,...]` directive
/// (which [`directives`] passes over): the comment's span and what is wrong with it.
pub fn malformed(file: &ParsedFile) -> Vec<(Span, String)> {
    let src = &file.source;
    let mut out = Vec::new();
    for c in &file.comments {
        let text = src.slice(c.span);
        let Some(body) = text.trim_start_matches('#').trim_start().strip_prefix(MARKER) else { continue };
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
        out.push((c.span, problem));
    }
    out
}

/// Marks suppressed findings and returns the SRM002/SRM003/SRM005/SRM006 findings about the
/// directives.
pub fn apply(files: &[ParsedFile], findings: &mut [Finding], settings: &Configs<'_>) -> Vec<Finding> {
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
                    let reason = if d.reason.is_empty() { "suppressed inline".to_string() } else { d.reason.clone() };
                    f.suppressed = Some(reason);
                }
            }
        }
        for (d, u) in dirs.iter().zip(&used) {
            if let (Some(first), Some(last)) = (d.codes.first(), d.codes.last())
                && d.reason.is_empty()
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
