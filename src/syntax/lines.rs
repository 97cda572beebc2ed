//! Shared pieces of the line-based lexers (dotenv, Dockerfile, requirements): physical lines with
//! byte offsets, whatever the line ending.

use crate::source::Span;

/// A physical line: its content span (line ending excluded).
#[derive(Clone, Copy, Debug)]
pub struct Line {
    pub span: Span,
}

/// Splits `text` into physical lines; `\n`, `\r\n` and a lone `\r` end a line. A leading BOM is
/// skipped.
pub fn lines(text: &str) -> Vec<Line> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push(Line { span: Span::new(start, i) });
                start = i + 1;
            }
            b'\r' => {
                let next = if bytes.get(i + 1) == Some(&b'\n') { i + 2 } else { i + 1 };
                out.push(Line { span: Span::new(start, i) });
                start = next;
                i = next - 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < bytes.len() {
        out.push(Line { span: Span::new(start, bytes.len()) });
    }
    out
}

/// The span of `s` (a sub-slice of `text`) inside `text`.
pub fn span_of(text: &str, s: &str) -> Span {
    let start = s.as_ptr() as usize - text.as_ptr() as usize;
    Span::new(start, start + s.len())
}

/// A word of a line with its span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub span: Span,
}

/// Splits `s` (a sub-slice of `text`) into shell-like words: whitespace separates, quotes group and
/// are removed from the text (the span keeps them). A `#` starting a word ends the line when
/// `comments` is set; returns the words and the comment's span.
pub fn words(text: &str, s: &str, comments: bool) -> (Vec<Word>, Option<Span>) {
    let base = span_of(text, s).start;
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if comments && b[i] == b'#' {
            return (out, Some(Span::new(base + i, base + b.len())));
        }
        let start = i;
        let mut word = String::new();
        while i < b.len() && !b[i].is_ascii_whitespace() {
            match b[i] {
                q @ (b'"' | b'\'') => {
                    let close = s[i + 1..].find(q as char).map_or(b.len(), |j| i + 1 + j);
                    word.push_str(&s[i + 1..close]);
                    i = (close + 1).min(b.len());
                }
                b'\\' if i + 1 < b.len() => {
                    let c = s[i + 1..].chars().next().unwrap_or(' ');
                    word.push(c);
                    i += 1 + c.len_utf8();
                }
                _ => {
                    let c = s[i..].chars().next().unwrap_or(' ');
                    word.push(c);
                    i += c.len_utf8();
                }
            }
        }
        out.push(Word { text: word, span: Span::new(base + start, base + i) });
    }
    (out, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_and_bom() {
        let text = "\u{feff}a\r\nb\rc\nd";
        let l: Vec<&str> = lines(text).iter().map(|l| &text[l.span.start..l.span.end]).collect();
        assert_eq!(l, ["a", "b", "c", "d"]);
    }

    #[test]
    fn words_keep_spans_and_drop_quotes() {
        let text = "x  a \"b c\" 'd'e # tail";
        let (w, c) = words(text, &text[1..], true);
        let t: Vec<&str> = w.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(t, ["a", "b c", "de"]);
        assert_eq!(&text[w[1].span.start..w[1].span.end], "\"b c\"");
        assert_eq!(&text[c.unwrap().start..], "# tail");
    }
}
