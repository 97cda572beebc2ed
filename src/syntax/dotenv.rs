//! `.env` files: `KEY=value` entries with byte spans. Quotes are removed and double-quote escapes
//! decoded, but `${VAR}` references are kept as written.

use super::bytes::{line_at, skip_blanks, trim_end};
use crate::source::{Comment, Span, SyntaxError};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    /// Unquoted; in double quotes `\n`, `\r`, `\t`, `\"` and `\\` are decoded. No `${VAR}` expansion.
    pub value: String,
    /// The value as written, quotes included; an empty span right after `=` when there is no value.
    pub value_span: Span,
    /// Written as `export KEY=value`.
    pub export: bool,
    /// How the value is quoted: `'` values are taken verbatim (no `$VAR` expansion).
    pub quote: Quote,
}

/// The quoting of a dotenv value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Quote {
    #[default]
    None,
    Single,
    Double,
    Backtick,
}

impl Quote {
    /// Whether `$NAME` in the value is text, not a variable reference (single quotes do not expand).
    pub fn verbatim(self) -> bool {
        self == Quote::Single
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dotenv {
    pub entries: Vec<Entry>,
    pub comments: Vec<Comment>,
    pub errors: Vec<SyntaxError>,
}

pub fn parse(text: &str) -> Dotenv {
    let b = text.as_bytes();
    let mut out = Dotenv::default();
    let mut pos = if text.starts_with('\u{feff}') { 3 } else { 0 };
    while pos < b.len() {
        let (end, next) = line_at(b, pos);
        let start = skip_blanks(b, pos, end);
        pos = next;
        if start == end {
            continue;
        }
        if b[start] == b'#' {
            out.comments.push(Comment { span: Span::new(start, end) });
            continue;
        }
        // `export` is a prefix only when a key follows it (`export=1` sets a variable named export).
        let after_export = skip_blanks(b, start + 6, end);
        let export = text[start..end].starts_with("export")
            && b.get(start + 6).is_some_and(u8::is_ascii_whitespace)
            && after_export < end
            && b[after_export] != b'=';
        let key_start = if export { after_export } else { start };
        let Some(eq) = b[key_start..end].iter().position(|&c| c == b'=').map(|i| key_start + i) else {
            out.error(start, trim_end(b, start, end), "expected `KEY=value`");
            continue;
        };
        let key_end = trim_end(b, key_start, eq);
        let key = &text[key_start..key_end];
        let key_ok = valid_key(key);
        if !key_ok {
            // An empty key has nothing to point at but the `=`.
            let (s, e) = if key.is_empty() { (eq, eq + 1) } else { (key_start, key_end) };
            out.error(s, e, &format!("`{key}` is not a valid variable name"));
        }
        let vstart = skip_blanks(b, eq + 1, end);
        let (value, value_span) = match b.get(vstart) {
            Some(b'"' | b'\'' | b'`') => {
                let Some((value, close)) = quoted(text, vstart) else {
                    out.error(vstart, vstart + 1, "this quote is never closed");
                    continue;
                };
                // The quoted value may have spanned lines: go on after the line holding its closing
                // quote, where only blanks and a comment may follow it.
                let (close_end, close_next) = line_at(b, close);
                pos = close_next;
                let after = skip_blanks(b, close, close_end);
                let hash = if b.get(after) == Some(&b'#') { Some(after) } else { comment_at(b, after, close_end) };
                if let Some(h) = hash {
                    out.comments.push(Comment { span: Span::new(h, close_end) });
                }
                let junk_end = trim_end(b, after, hash.unwrap_or(close_end));
                if junk_end > after {
                    out.error(after, junk_end, "unexpected text after the closing quote");
                }
                (value, Span::new(vstart, close))
            }
            _ => {
                // Unquoted: runs to the end of the line; a `#` after a blank starts a comment.
                let hash = comment_at(b, vstart, end);
                if let Some(h) = hash {
                    out.comments.push(Comment { span: Span::new(h, end) });
                }
                let vend = trim_end(b, vstart, hash.unwrap_or(end));
                let span = if vend > vstart { Span::new(vstart, vend) } else { Span::new(eq + 1, eq + 1) };
                (text[vstart..vend].to_string(), span)
            }
        };
        if key_ok {
            out.entries.push(Entry {
                key: key.to_string(),
                key_span: Span::new(key_start, key_end),
                value,
                value_span,
                export,
                quote: match b.get(value_span.start) {
                    Some(b'\'') if value_span.end > value_span.start => Quote::Single,
                    Some(b'"') if value_span.end > value_span.start => Quote::Double,
                    Some(b'`') if value_span.end > value_span.start => Quote::Backtick,
                    _ => Quote::None,
                },
            });
        }
    }
    out
}

impl Dotenv {
    fn error(&mut self, start: usize, end: usize, message: &str) {
        self.errors.push(SyntaxError { span: Span::new(start, end), message: message.to_string() });
    }
}

/// `[A-Za-z_][A-Za-z0-9_.-]*`
fn valid_key(key: &str) -> bool {
    let mut bytes = key.bytes();
    bytes.next().is_some_and(|c| c.is_ascii_alphabetic() || c == b'_')
        && bytes.all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'))
}

/// The first `#` in `from..end` that follows a blank: the start of a comment (`from` is never 0).
fn comment_at(b: &[u8], from: usize, end: usize) -> Option<usize> {
    (from..end).find(|&i| b[i] == b'#' && b[i - 1].is_ascii_whitespace())
}

/// Reads the quoted value whose opening quote is at `open`. Returns the unquoted value and the offset
/// just past the closing quote, or `None` when the quote is never closed. Any quote may span lines.
///
/// A search that runs off the end of the text happens at most once per kind of quote: an opening
/// quote follows `=` or a blank, so it is never escaped, and a failed search would have stopped at
/// any later one. The whole parse therefore stays linear.
fn quoted(text: &str, open: usize) -> Option<(String, usize)> {
    let b = text.as_bytes();
    let q = b[open];
    let mut value = String::new();
    // Text from `run` to `i` is copied verbatim once an escape or the closing quote is reached.
    let (mut i, mut run) = (open + 1, open + 1);
    while i < b.len() {
        if b[i] == q {
            value.push_str(&text[run..i]);
            return Some((value, i + 1));
        }
        if q == b'"' && b[i] == b'\\' {
            let decoded = match b.get(i + 1) {
                Some(b'n') => Some('\n'),
                Some(b'r') => Some('\r'),
                Some(b't') => Some('\t'),
                Some(&c @ (b'"' | b'\\')) => Some(char::from(c)),
                _ => None,
            };
            if let Some(c) = decoded {
                value.push_str(&text[run..i]);
                value.push(c);
                i += 2;
                run = i;
                continue;
            }
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str, span: Span) -> &str {
        &text[span.start..span.end]
    }

    fn keys(d: &Dotenv) -> Vec<&str> {
        d.entries.iter().map(|e| e.key.as_str()).collect()
    }

    #[test]
    fn plain_entries_export_and_spaces() {
        let text = "A=1\nexport B=two\n  C = spaced value  \nexport=1\nexportD=4\nexport\tE=5\n";
        let d = parse(text);
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        assert_eq!(keys(&d), ["A", "B", "C", "export", "exportD", "E"]);
        let exports: Vec<bool> = d.entries.iter().map(|e| e.export).collect();
        assert_eq!(exports, [false, true, false, false, false, true]);
        assert_eq!(s(text, d.entries[1].key_span), "B");
        assert_eq!(s(text, d.entries[1].value_span), "two");
        assert_eq!(s(text, d.entries[2].key_span), "C");
        assert_eq!(d.entries[2].value, "spaced value");
        assert_eq!(s(text, d.entries[2].value_span), "spaced value");
    }

    #[test]
    fn comments_and_hashes_in_values() {
        let text = "# top \n  # indented\nA=x # note\nB=a#b\nC=#c\nD=  # only a comment\n";
        let d = parse(text);
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        let comments: Vec<&str> = d.comments.iter().map(|c| s(text, c.span)).collect();
        assert_eq!(comments, ["# top ", "# indented", "# note", "# only a comment"]);
        let values: Vec<&str> = d.entries.iter().map(|e| e.value.as_str()).collect();
        assert_eq!(values, ["x", "a#b", "#c", ""]);
        assert_eq!(s(text, d.entries[0].value_span), "x");
        assert_eq!(s(text, d.entries[1].value_span), "a#b");
    }

    #[test]
    fn empty_values_have_an_empty_span_after_the_equals_sign() {
        let text = "E=\nF =   \nG=''\n";
        let d = parse(text);
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        assert_eq!(d.entries[0].value_span, Span::new(2, 2));
        assert_eq!(d.entries[1].value_span, Span::new(6, 6));
        assert_eq!(d.entries[2].value, "");
        assert_eq!(s(text, d.entries[2].value_span), "''");
    }

    #[test]
    fn quoted_values() {
        let text = "S='lit ${A} \\n'\nD=\"x\\ny \\\"q\\\" \\\\ \\$ ${B}\" # after\n\
                   T=`tick`\nM=\"multi\nline\" # c\nP='also\r\nmulti'\n\
                   N=1\n";
        let d = parse(text);
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        assert_eq!(keys(&d), ["S", "D", "T", "M", "P", "N"]);
        assert_eq!(d.entries[0].value, "lit ${A} \\n");
        assert_eq!(s(text, d.entries[0].value_span), "'lit ${A} \\n'");
        assert_eq!(d.entries[1].value, "x\ny \"q\" \\ \\$ ${B}");
        assert_eq!(s(text, d.entries[1].value_span), "\"x\\ny \\\"q\\\" \\\\ \\$ ${B}\"");
        assert_eq!(d.entries[2].value, "tick");
        assert_eq!(d.entries[3].value, "multi\nline");
        assert_eq!(s(text, d.entries[3].value_span), "\"multi\nline\"");
        assert_eq!(d.entries[4].value, "also\r\nmulti");
        assert_eq!(s(text, d.entries[5].value_span), "1");
        let quotes: Vec<Quote> = d.entries.iter().map(|e| e.quote).collect();
        assert_eq!(quotes, [Quote::Single, Quote::Double, Quote::Backtick, Quote::Double, Quote::Single, Quote::None]);
        assert!(d.entries[0].quote.verbatim() && !d.entries[1].quote.verbatim());
        let comments: Vec<&str> = d.comments.iter().map(|c| s(text, c.span)).collect();
        assert_eq!(comments, ["# after", "# c"]);
    }

    #[test]
    fn errors_and_recovery() {
        let text = "GOOD=1\n  no equals here  \n1BAD=2\nBAD KEY=3\n=4\nQ=\"open\nNEXT=3\nR='x' junk # c\n";
        let d = parse(text);
        let errors: Vec<&str> = d.errors.iter().map(|e| s(text, e.span)).collect();
        assert_eq!(errors, ["no equals here", "1BAD", "BAD KEY", "=", "\"", "junk"]);
        assert!(d.errors[4].message.contains("never closed"));
        assert_eq!(keys(&d), ["GOOD", "NEXT", "R"]);
        assert_eq!(d.entries[2].value, "x");
        assert_eq!(d.comments.len(), 1);
    }

    #[test]
    fn crlf_lone_cr_bom_and_unicode() {
        let text = "\u{feff}A=é ü\r\nB=\"x\"\r\n# c\r\rC=1\rD='ß'";
        let d = parse(text);
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        assert_eq!(keys(&d), ["A", "B", "C", "D"]);
        assert_eq!(s(text, d.entries[0].key_span), "A");
        assert_eq!(d.entries[0].key_span.start, 3);
        assert_eq!(s(text, d.entries[0].value_span), "é ü");
        assert_eq!(s(text, d.entries[1].value_span), "\"x\"");
        assert_eq!(s(text, d.comments[0].span), "# c");
        assert_eq!(d.entries[3].value, "ß");
        let e = parse("Ä=1\n").errors;
        assert_eq!(e[0].span, Span::new(0, 2));
    }

    fn check(text: &str) {
        let d = parse(text);
        let spans = d.entries.iter().flat_map(|e| [e.key_span, e.value_span]);
        let spans = spans.chain(d.comments.iter().map(|c| c.span)).chain(d.errors.iter().map(|e| e.span));
        for sp in spans {
            assert!(sp.start <= sp.end && sp.end <= text.len(), "{sp:?} out of {text:?}");
            assert!(text.is_char_boundary(sp.start) && text.is_char_boundary(sp.end), "{sp:?} in {text:?}");
        }
    }

    #[test]
    fn never_panics_and_spans_stay_in_bounds() {
        let sample = "\u{feff}export A = \"x\\\"é\n\\\\\" # c\r\nB='q\rC=`z`x #\nD=a#b ü\n=\n\"\n";
        let cuts: Vec<usize> = (0..=sample.len()).filter(|&i| sample.is_char_boundary(i)).collect();
        for (n, &i) in cuts.iter().enumerate() {
            for &j in &cuts[n..] {
                check(&sample[i..j]);
            }
        }
        let alphabet = b"=\"'`\\\n\r# \tAz_.-$\xc3\xa9\xef\xbb\xbf\xff";
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize
        };
        for _ in 0..4000 {
            let len = next() % 64;
            let bytes: Vec<u8> = (0..len)
                .map(|_| if next() % 8 == 0 { next() as u8 } else { alphabet[next() % alphabet.len()] })
                .collect();
            check(&String::from_utf8_lossy(&bytes));
        }
    }

    #[test]
    fn large_inputs_stay_linear() {
        // Each quote closes on the next line, leaving an `x` after it.
        let d = parse(&"A=\"x\n".repeat(100_000));
        assert_eq!((d.entries.len(), d.errors.len()), (50_000, 50_000));
        let long = format!("K={}", "v \\\n".repeat(250_000));
        assert_eq!(parse(&long).entries.len(), 1);
    }
}
