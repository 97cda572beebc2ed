//! Source text, byte spans, line/column lookup and redaction.

/// A half-open byte range `start..end` into a file's text. The one span type of the project.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end: end.max(start) }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// A comment found by a syntax layer: `span` covers the comment from its `#` to the end of the line
/// (newline excluded).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Comment {
    pub span: Span,
}

/// A syntax error with the span it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
}

/// A file's text with its line index. `rel` is the path shown to users: relative to the scanned root,
/// with `/` separators.
#[derive(Debug)]
pub struct SourceFile {
    pub rel: String,
    pub text: String,
    line_starts: Vec<usize>,
}

/// A 1-based line and column; the column counts Unicode scalar values (SARIF `unicodeCodePoints`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(rel: String, text: String) -> SourceFile {
        let mut line_starts = vec![0];
        let bytes = text.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            // `\n`, `\r\n` and a lone `\r` all end a line.
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                line_starts.push(i + 1);
            }
        }
        SourceFile { rel, text, line_starts }
    }

    /// 1-based line and column of a byte offset (clamped into the text and onto a char boundary).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = floor_char_boundary(&self.text, offset);
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let column = self.text[start..offset].chars().count() + 1;
        LineCol { line: line + 1, column }
    }

    /// Byte range of a 1-based line, without its line ending.
    pub fn line_span(&self, line: usize) -> Span {
        let start = self.line_starts.get(line - 1).copied().unwrap_or(self.text.len());
        let mut end = self.line_starts.get(line).copied().unwrap_or(self.text.len());
        let bytes = self.text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        Span::new(start, end)
    }

    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }
}

pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A printable form of a secret: a short recognisable prefix, then an ellipsis. Never more than a
/// quarter of the value (at most 4 characters) is kept, so the secret cannot be recovered.
pub fn mask(value: &str) -> String {
    let n = value.chars().count();
    let keep = (n / 4).min(4);
    let prefix: String = value.chars().take(keep).collect();
    format!("{prefix}…")
}

/// A copy of `text` where every byte inside `spans` is replaced by `*` (a multi-byte character by as
/// many `*`), except the first characters that `mask` would keep. Byte offsets stay valid, so the
/// copy can be rendered with the same spans as the original.
pub fn redact(text: &str, spans: &[Span]) -> String {
    if spans.is_empty() {
        return text.to_string();
    }
    let mut out = text.as_bytes().to_vec();
    for span in spans {
        let mut start = floor_char_boundary(text, span.start);
        let mut end = floor_char_boundary(text, span.end);
        // Keep the quotes of a quoted value: only what is inside is secret.
        let b = text.as_bytes();
        if end >= start + 2 && matches!(b[start], b'"' | b'\'') && b[end - 1] == b[start] {
            start += 1;
            end -= 1;
        }
        let value = &text[start..end];
        let keep = (value.chars().count() / 4).min(4);
        let skip: usize = value.chars().take(keep).map(char::len_utf8).sum();
        for b in &mut out[start + skip..end] {
            *b = b'*';
        }
    }
    // Only whole characters were replaced by ASCII, so the result is still UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// Replaces control characters (ANSI escapes, carriage returns, NULs) that file contents may put
/// into a message or a path with spaces, so no output can be spoofed through them.
pub fn sanitize(text: &mut String) {
    if text.chars().any(char::is_control) {
        *text = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_handles_all_line_endings_and_unicode() {
        let f = SourceFile::new("a".into(), "ab\r\ncé\rx\ny".into());
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(f.line_col(4), LineCol { line: 2, column: 1 });
        assert_eq!(f.line_col(7), LineCol { line: 2, column: 3 });
        assert_eq!(f.line_col(8), LineCol { line: 3, column: 1 });
        assert_eq!(f.line_col(10), LineCol { line: 4, column: 1 });
        assert_eq!(f.line_col(99), LineCol { line: 4, column: 2 });
        // Inside a multi-byte character: clamped to its start.
        assert_eq!(f.line_col(6), LineCol { line: 2, column: 2 });
        assert_eq!(f.slice(f.line_span(2)), "cé");
    }

    #[test]
    fn redaction_keeps_offsets_and_hides_the_value() {
        let text = "TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789 # é";
        let red = redact(text, &[Span::new(6, 46)]);
        assert_eq!(red.len(), text.len());
        assert!(red.starts_with("TOKEN=ghp_****"));
        assert!(!red.contains("abcdefghijklmnop"));
        assert!(red.ends_with("# é"));
        assert_eq!(mask("ghp_abcdefghijklmnopqrstuvwxyz0123456789"), "ghp_…");
        assert_eq!(mask("abc"), "…");
    }
}
