//! `.env` files: `KEY=value` lines with positions. Values are unquoted but never expanded
//! (`${OTHER}` stays as written).

use super::lines::{Line, lines, span_of};
use crate::source::{Comment, Span, SyntaxError};

#[derive(Debug, Clone)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    /// Unquoted; escapes of double-quoted values decoded.
    pub value: String,
    /// The value as written, quotes included (empty span right after `=` for an empty value).
    pub value_span: Span,
    pub export: bool,
}

#[derive(Debug, Default)]
pub struct Dotenv {
    pub entries: Vec<Entry>,
    pub comments: Vec<Comment>,
    pub errors: Vec<SyntaxError>,
}

fn valid_key(k: &str) -> bool {
    let mut chars = k.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

pub fn parse(text: &str) -> Dotenv {
    let mut out = Dotenv::default();
    let all: Vec<Line> = lines(text);
    let mut n = 0;
    while n < all.len() {
        let line = all[n];
        n += 1;
        let raw = &text[line.span.start..line.span.end];
        let trimmed = raw.trim_start();
        if trimmed.is_empty() {
            continue;
        }
        if trimmed.starts_with('#') {
            out.comments.push(Comment { span: span_of(text, trimmed.trim_end()) });
            continue;
        }
        let (export, body) = match trimmed.strip_prefix("export ") {
            Some(rest) => (true, rest.trim_start()),
            None => (false, trimmed),
        };
        let Some(eq) = body.find('=') else {
            out.errors
                .push(SyntaxError { span: span_of(text, trimmed.trim_end()), message: "expected `KEY=value`".into() });
            continue;
        };
        let key = body[..eq].trim_end();
        let key_span = span_of(text, key);
        if !valid_key(key) {
            out.errors.push(SyntaxError { span: key_span, message: format!("`{key}` is not a valid variable name") });
            continue;
        }
        let after = &body[eq + 1..];
        let value_text = after.trim_start();
        let vstart = span_of(text, value_text).start;
        let (value, value_end) = match value_text.as_bytes().first() {
            Some(&q @ (b'"' | b'\'' | b'`')) => {
                // A quoted value may run over several lines; find its closing quote in the text.
                let rest = &text[vstart + 1..];
                let mut value = String::new();
                let mut end = None;
                let mut chars = rest.char_indices();
                while let Some((i, c)) = chars.next() {
                    if c as u32 == u32::from(q) {
                        end = Some(vstart + 1 + i + 1);
                        break;
                    }
                    if c == '\\' && q == b'"' {
                        match chars.next() {
                            Some((_, 'n')) => value.push('\n'),
                            Some((_, 't')) => value.push('\t'),
                            Some((_, 'r')) => value.push('\r'),
                            Some((_, e)) => value.push(e),
                            None => {}
                        }
                        continue;
                    }
                    value.push(c);
                }
                let Some(end) = end else {
                    out.errors.push(SyntaxError {
                        span: Span::new(vstart, vstart + 1),
                        message: "this quote is never closed".into(),
                    });
                    continue;
                };
                // Skip the physical lines the value spanned; a comment may follow the closing quote.
                while n < all.len() && all[n].span.start < end {
                    n += 1;
                }
                let line_end = all[n - 1].span.end.max(end);
                if let Some(hash) = text[end..line_end].find('#') {
                    out.comments.push(Comment { span: Span::new(end + hash, line_end) });
                }
                (value, end)
            }
            _ => {
                // Unquoted: a `#` after whitespace starts a comment.
                let bytes = value_text.as_bytes();
                let cut = (0..bytes.len())
                    .find(|&i| bytes[i] == b'#' && (i == 0 || bytes[i - 1].is_ascii_whitespace()))
                    .unwrap_or(bytes.len());
                if cut < bytes.len() {
                    out.comments.push(Comment { span: Span::new(vstart + cut, vstart + value_text.trim_end().len()) });
                }
                let v = value_text[..cut].trim_end();
                (v.to_string(), vstart + v.len())
            }
        };
        out.entries.push(Entry {
            key: key.to_string(),
            key_span,
            value,
            value_span: Span::new(vstart.min(value_end), value_end),
            export,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str, sp: Span) -> &str {
        &text[sp.start..sp.end]
    }

    #[test]
    fn entries_quotes_and_comments() {
        let text =
            "# top\nA=1\nexport B = \"x\\ny\" # note\nC='lit ${A}'\nD=plain # c\nE=\nF=a#b\nG=\"multi\nline\"\nH=2\r\n";
        let d = parse(text);
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        let keys: Vec<&str> = d.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["A", "B", "C", "D", "E", "F", "G", "H"]);
        assert!(d.entries[1].export);
        assert_eq!(d.entries[1].value, "x\ny");
        assert_eq!(s(text, d.entries[1].value_span), "\"x\\ny\"");
        assert_eq!(d.entries[2].value, "lit ${A}");
        assert_eq!(d.entries[3].value, "plain");
        assert_eq!(d.entries[4].value, "");
        assert_eq!(d.entries[5].value, "a#b");
        assert_eq!(d.entries[6].value, "multi\nline");
        assert_eq!(s(text, d.entries[7].value_span), "2");
        let comments: Vec<&str> = d.comments.iter().map(|c| s(text, c.span)).collect();
        assert_eq!(comments, ["# top", "# note", "# c"]);
    }

    #[test]
    fn errors_and_recovery() {
        let text = "\u{feff}GOOD=1\nno equals here\n1BAD=2\nQ=\"open\nNEXT=3\n";
        let d = parse(text);
        assert_eq!(d.errors.len(), 3, "{:?}", d.errors);
        assert_eq!(s(text, d.errors[0].span), "no equals here");
        assert_eq!(s(text, d.errors[1].span), "1BAD");
        assert_eq!(s(text, d.errors[2].span), "\"");
        let keys: Vec<&str> = d.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["GOOD", "NEXT"]);
    }
}
