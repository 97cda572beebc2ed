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
    /// Whether the text is all ASCII: a column is then a byte distance.
    ascii: bool,
    /// For non-ASCII text, every [`CHECKPOINT`] bytes: (byte offset, characters from its line's
    /// start). A column is counted from the nearest checkpoint, not from the line start, so a
    /// thousand findings on one long line cost a thousand short counts.
    checkpoints: Vec<(usize, usize)>,
}

const CHECKPOINT: usize = 1024;

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
        let ascii = text.is_ascii();
        let mut checkpoints = Vec::new();
        if !ascii {
            let (mut column, mut next) = (0, CHECKPOINT);
            let mut chars = text.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                if i >= next {
                    checkpoints.push((i, column));
                    next = i + CHECKPOINT;
                }
                column += 1;
                let ends_line = c == '\n' || (c == '\r' && chars.peek().is_none_or(|&(_, n)| n != '\n'));
                if ends_line {
                    column = 0;
                }
            }
        }
        SourceFile { rel, text, line_starts, ascii, checkpoints }
    }

    /// Number of lines (a final line ending starts one more, empty line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 1-based line of a byte offset (clamped into the text).
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset.min(self.text.len()))
    }

    /// 1-based line and column of a byte offset (clamped into the text and onto a char boundary).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = floor_char_boundary(&self.text, offset);
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let column = if self.ascii {
            offset - start
        } else {
            let at = self.checkpoints.partition_point(|&(b, _)| b <= offset);
            let (from, base) = match at.checked_sub(1).map(|i| self.checkpoints[i]) {
                Some((b, c)) if b >= start => (b, c),
                _ => (start, 0),
            };
            base + self.text[from..offset].chars().count()
        };
        LineCol { line: line + 1, column: column + 1 }
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

/// Whether a character acts on a terminal or a log instead of being shown: C0 and C1 controls
/// (newline, carriage return, ESC, BEL, NUL, ...), DEL, the Unicode line and paragraph separators,
/// and the bidirectional marks and overrides that reorder what a reader sees.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Appends `c` to `out` in its shown form: itself, or an escape (`\n`, `\r`, `\t`, `\u{1b}`) when
/// [`is_unsafe_char`].
pub fn push_shown(out: &mut String, c: char) {
    use std::fmt::Write;
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if is_unsafe_char(c) => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
        c => out.push(c),
    }
}

/// The one sanitiser of text that reaches a person: every character that a repository could use to
/// act on a terminal or a CI log (a newline starting a `::workflow-command`, a carriage return,
/// an ESC sequence) is written as a visible escape. Text without one is returned as it is.
/// Every output goes through this (see `output::render::shown`); a line of output then always
/// starts where srm-lint starts it.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_shown(&mut out, c);
    }
    std::borrow::Cow::Owned(out)
}

/// [`escape_controls`] in place, for the messages and paths the pipeline stores.
pub fn sanitize(text: &mut String) {
    if let std::borrow::Cow::Owned(s) = escape_controls(text) {
        *text = s;
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
    fn columns_from_checkpoints_match_a_recount() {
        let mut text = String::from("é\n");
        for i in 0..5000 {
            text.push_str(if i % 7 == 0 { "ü" } else { "ab" });
            if i % 997 == 0 {
                text.push_str("\r\n");
            }
        }
        let f = SourceFile::new("a".into(), text.clone());
        for offset in (0..=text.len()).step_by(13) {
            let offset = floor_char_boundary(&text, offset);
            let line = f.line_of(offset);
            let start = f.line_span(line).start;
            let lc = f.line_col(offset);
            assert_eq!(lc.line, line);
            assert_eq!(lc.column, text[start..offset].chars().count() + 1, "at {offset}");
        }
    }

    #[test]
    fn escaping_shows_every_control_character() {
        assert_eq!(escape_controls("plain é"), "plain é");
        assert_eq!(escape_controls("b\n::stop-commands::x"), "b\\n::stop-commands::x");
        assert_eq!(escape_controls("\r\t\x1b]0;t\x07\u{202e}"), "\\r\\t\\u{1b}]0;t\\u{7}\\u{202e}");
        let mut s = String::from("a\x00b");
        sanitize(&mut s);
        assert_eq!(s, "a\\u{0}b");
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
