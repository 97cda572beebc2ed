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

/// One change to a file's text: the bytes of `span` (in the text the finding was made on) become
/// `content`. An empty span inserts, an empty `content` deletes. Edits never re-serialise a
/// document: everything outside them stays byte for byte.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Edit {
    pub span: Span,
    pub content: String,
}

impl Edit {
    pub fn replace(span: Span, content: impl Into<String>) -> Edit {
        Edit { span, content: content.into() }
    }
    pub fn insert(at: usize, content: impl Into<String>) -> Edit {
        Edit { span: Span::new(at, at), content: content.into() }
    }
    pub fn delete(span: Span) -> Edit {
        Edit { span, content: String::new() }
    }
    /// Whether the two edits touch the same bytes; two insertions at one offset conflict too (their
    /// order would be a guess), an insertion at the edge of a replaced range does not.
    pub fn overlaps(&self, other: &Edit) -> bool {
        if self.span.is_empty() && other.span.is_empty() {
            return self.span.start == other.span.start;
        }
        self.span.start < other.span.end && other.span.start < self.span.end
            || (self.span.is_empty() && self.span.start > other.span.start && self.span.start < other.span.end)
            || (other.span.is_empty() && other.span.start > self.span.start && other.span.start < self.span.end)
    }
}

/// Applies groups of edits to `text` (a group is one finding's fix: all of its edits or none).
/// Groups are taken in order of their first edit; a group that overlaps one already taken, or
/// whose edits fall outside the text or inside a character, waits for a later pass. An edit equal
/// to one already taken counts as applied (two findings with the same repair). Returns the new text
/// and, per group, whether it was applied.
pub fn apply_edits(text: &str, groups: &[&[Edit]]) -> (String, Vec<bool>) {
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_by_key(|&g| groups[g].iter().map(|e| (e.span.start, e.span.end)).min());
    let mut taken: Vec<&Edit> = Vec::new();
    let mut applied = vec![false; groups.len()];
    for g in order {
        let edits = groups[g];
        let valid = |e: &Edit| {
            e.span.end <= text.len() && text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end)
        };
        if edits.is_empty() || !edits.iter().all(valid) {
            continue;
        }
        let fresh: Vec<&Edit> = edits.iter().filter(|e| !taken.contains(e)).collect();
        let clash = fresh
            .iter()
            .enumerate()
            .any(|(i, e)| taken.iter().any(|t| t.overlaps(e)) || fresh[..i].iter().any(|o| o.overlaps(e)));
        if clash {
            continue;
        }
        taken.extend(fresh);
        applied[g] = true;
    }
    taken.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for e in taken {
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.content);
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

/// The line ending a file uses: `\r\n` when its first line ends so, else `\n`.
pub fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
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

/// A copy of `text` where every byte inside `spans`, and of every random-looking token no rule
/// claimed ([`looks_random`]), is replaced by `*` (a multi-byte character by as many `*`), except
/// the first characters that `mask` would keep, and line breaks. Byte offsets and line numbers stay
/// valid, so the copy can be rendered with the same spans as the original.
pub fn redact(text: &str, spans: &[Span]) -> String {
    // Tokens no given span covers: a flagged secret keeps its own (quote-aware) redaction.
    let mut random = random_tokens(text);
    random.retain(|r| !spans.iter().any(|s| s.start < r.end && r.start < s.end));
    if spans.is_empty() && random.is_empty() {
        return text.to_string();
    }
    let mut out = text.as_bytes().to_vec();
    for span in spans.iter().chain(&random) {
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
        // Line breaks stay, so a masked multi-line secret (a PEM block) keeps its lines and every
        // later line keeps its number.
        for b in out[start + skip..end].iter_mut().filter(|b| !matches!(**b, b'\n' | b'\r')) {
            *b = b'*';
        }
    }
    // Only whole characters were replaced by ASCII, so the result is still UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// Whether `token` looks like a random credential rather than a word, path, version or name: a run
/// of at least 16 letters and digits (the longest piece between `-`, `_`, `+`) that is hex with
/// digits, or mixes letters with at least 3 digits or with few vowels, or (letters only) switches
/// case often and has few vowels (`xKqPzWvL...`), with a character entropy of at least 3.2 bits
/// (3.0 for hex). Dashed names (`my-service-2024`), UUIDs, CamelCase words (`PointInTimeRecovery`)
/// and `Magento2Module` names do not qualify; hex digests and base64 keys do. Used to mask tokens no rule claimed in
/// every excerpt and message (see [`redact`], [`mask_random`]).
pub fn looks_random(token: &str) -> bool {
    // AWS resource ids (`ami-0a1b2c3d4e5f67890`) are random but public, and templates are full of them.
    const AWS_IDS: &[&str] = &["ami-", "sg-", "vpc-", "subnet-", "i-", "vol-", "snap-", "eni-", "igw-", "rtb-", "lt-"];
    if AWS_IDS.iter().any(|p| token.strip_prefix(p).is_some_and(|id| id.bytes().all(|b| b.is_ascii_hexdigit()))) {
        return false;
    }
    let Some(core) = token.split(['-', '_', '+', '=']).max_by_key(|p| p.len()) else { return false };
    let n = core.len();
    if n < 16 || !core.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return false;
    }
    let digits = core.bytes().filter(u8::is_ascii_digit).count();
    let letters = n - digits;
    let hex = core.bytes().all(|b| b.is_ascii_hexdigit());
    // Words have about 40% vowels among their letters, random text about 20% (10 of 52).
    let vowels = core.bytes().filter(|b| b"aeiouAEIOU".contains(b)).count();
    let few_vowels = vowels * 10 < letters * 3;
    // Letters and digits interleave in random text; a word and a number (`nightly202504150001`,
    // `sha256With...`) switch once or twice.
    let switches = core.as_bytes().windows(2).filter(|w| w[0].is_ascii_digit() != w[1].is_ascii_digit()).count();
    let mixed = if digits > 0 && letters > 0 {
        digits * 10 <= n * 8 && switches >= 3 && (hex || digits >= 3 || few_vowels)
    } else if digits == 0 {
        // Letters only: random ones switch case about every other character; CamelCase words
        // switch less and have vowels.
        let switches =
            core.as_bytes().windows(2).filter(|w| w[0].is_ascii_uppercase() != w[1].is_ascii_uppercase()).count();
        switches * 3 >= n && few_vowels
    } else {
        false
    };
    if !mixed {
        return false;
    }
    let mut counts = [0u32; 128];
    for b in core.bytes() {
        counts[b as usize] += 1;
    }
    let entropy: f64 = counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n as f64;
            -p * p.log2()
        })
        .sum();
    entropy >= if hex { 3.0 } else { 3.2 }
}

fn token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'+')
}

/// The byte ranges of the random-looking tokens of `text` (see [`looks_random`]).
pub fn random_tokens(text: &str) -> Vec<Span> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !token_byte(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && token_byte(b[i]) {
            i += 1;
        }
        if i - start >= 16 && looks_random(&text[start..i]) {
            out.push(Span::new(start, i));
        }
    }
    out
}

/// `text` with every random-looking token replaced by its [`mask`]: for messages, reasons, paths.
pub fn mask_random(text: &str) -> String {
    let spans = random_tokens(text);
    if spans.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for s in spans {
        out.push_str(&text[at..s.start]);
        out.push_str(&mask(&text[s.start..s.end]));
        at = s.end;
    }
    out.push_str(&text[at..]);
    out
}

/// At most `max` bytes of `text` (cut at a character boundary, `…` added), with random-looking
/// tokens masked and control characters replaced: what an error message may quote of a file.
pub fn bounded(text: &str, max: usize) -> String {
    let cut = floor_char_boundary(text, max);
    let mut out = mask_random(&text[..cut]);
    if cut < text.len() {
        out.push('…');
    }
    sanitize(&mut out);
    out
}

/// A source for drawing an error at `span` that quotes at most one line and `radius` bytes either
/// side of the span's start: the lines before are left empty (line numbers stay right), the line
/// is cut around the span and its random-looking tokens are masked. Returns the text and the span
/// in it.
pub fn excerpt(text: &str, span: Span, radius: usize) -> (String, Span) {
    let at = floor_char_boundary(text, span.start);
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let from = floor_char_boundary(text, at.saturating_sub(radius).max(line_start));
    let to = floor_char_boundary(text, (at + radius).min(line_end));
    let lines = text[..line_start].bytes().filter(|&b| b == b'\n').count();
    let mut out = "\n".repeat(lines);
    let base = out.len();
    out.push_str(&redact(&text[from..to], &[]));
    let start = base + (at - from);
    let end = (base + span.end.saturating_sub(from)).clamp(start, out.len());
    (out, Span::new(start, end))
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
        // `##[command]` is a workflow command wherever it stands in a CI log line.
        '[' if out.ends_with("##") => out.push_str("\\u{5b}"),
        c => out.push(c),
    }
}

/// The one sanitiser of text that reaches a person: every character that a repository could use to
/// act on a terminal or a CI log (a newline starting a `::workflow-command`, a carriage return,
/// an ESC sequence) is written as a visible escape. Text without one is returned as it is.
/// Every output goes through this (see `output::render::shown`); a line of output then always
/// starts where srm-lint starts it.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    // A text that starts (after blanks) with `::` would be a workflow command where it starts a
    // line (a path in concise output, a context line of a diff): its first `:` is escaped.
    let command = text.trim_start().starts_with("::");
    if !command && !text.contains("##[") && !text.chars().any(is_unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let lead = text.len() - text.trim_start().len();
    for (i, c) in text.char_indices() {
        if command && i == lead {
            out.push_str("\\u{3a}");
            continue;
        }
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
        assert_eq!(escape_controls("::warning title=x::y/a.yaml"), "\\u{3a}:warning title=x::y/a.yaml");
        assert_eq!(escape_controls("    ::stop-commands::pwn"), "    \\u{3a}:stop-commands::pwn");
        assert_eq!(escape_controls("a ##[error]forged ## [x] #[y]"), "a ##\\u{5b}error]forged ## [x] #[y]");
        assert_eq!(escape_controls("a::b c ## d"), "a::b c ## d");
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

    #[test]
    fn random_tokens_are_told_from_words_and_masked() {
        for random in [
            "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
            "Zq8vN2kLp4Xw7RtY9bJc3HmF6sDg",
            "xKqPzWvLmNbTrYsDhGfJcVbQ",
            "kF9x2QmZ7vLp3RtB8nWc4YhJ+d6Gs1Ae",
            "3f786850e387550fdab836ed7e6dc881de23001b",
        ] {
            assert!(looks_random(random), "{random}");
        }
        for word in [
            "my-service-name-2024-prod",
            "123e4567-e89b-12d3-a456-426614174000",
            "ThisIsAPlaceholderValue",
            "MAGENTO_CLOUD_RELATIONSHIPS",
            "12345678901234567890",
            "short1A",
            "configurationmanagement",
            "PointInTimeRecoveryEnabled",
            "Magento2ModuleCatalogSearch",
            "nightly202504150001",
            "ami-0a1b2c3d4e5f67890",
        ] {
            assert!(!looks_random(word), "{word}");
        }
        assert_eq!(mask_random("key Zq8vN2kLp4Xw7RtY9bJc3HmF6sDg, ok"), "key Zq8v…, ok");
        let red = redact("a: Zq8vN2kLp4Xw7RtY9bJc3HmF6sDg # é", &[]);
        assert_eq!(red.len(), "a: Zq8vN2kLp4Xw7RtY9bJc3HmF6sDg # é".len());
        assert!(red.starts_with("a: Zq8v****") && red.ends_with("# é"));
        let text = format!("{}\nx = \"{}Zq8vN2kLp4Xw7RtY9bJc3HmF6sDg\"\n", "a\n".repeat(3), "y".repeat(500));
        let at = text.find("= ").unwrap();
        let (ex, span) = excerpt(&text, Span::new(at, at + 1), 40);
        assert!(ex.len() < 100 && ex.starts_with("\n\n\n\n") && &ex[span.start..span.end] == "=", "{ex:?}");
    }

    #[test]
    fn edits_apply_in_order_and_overlaps_wait() {
        let text = "ab\r\ncd\n";
        let a = [Edit::replace(Span::new(0, 1), "X")];
        let b = [Edit::replace(Span::new(0, 2), "Y")];
        let c = [Edit::insert(4, "-"), Edit::delete(Span::new(6, 7))];
        let (out, applied) = apply_edits(text, &[&b, &a, &c]);
        // The earlier (then shorter) edit wins; the other waits for the next pass.
        assert_eq!(applied, vec![false, true, true]);
        assert_eq!(out, "Xb\r\n-cd");
        // The same edit twice is one change.
        let (out, applied) = apply_edits(text, &[&a, &a]);
        assert_eq!((out.as_str(), applied), ("Xb\r\ncd\n", vec![true, true]));
        // Out of range or inside a character: not applied.
        let (out, applied) = apply_edits("é", &[&[Edit::insert(1, "x")], &[Edit::insert(9, "x")]]);
        assert_eq!((out.as_str(), applied), ("é", vec![false, false]));
        assert!(Edit::insert(3, "a").overlaps(&Edit::insert(3, "b")));
        assert!(!Edit::insert(2, "a").overlaps(&Edit::replace(Span::new(2, 4), "b")));
        assert!(Edit::insert(3, "a").overlaps(&Edit::replace(Span::new(2, 4), "b")));
        assert_eq!(line_ending(text), "\r\n");
        assert_eq!(line_ending("a\nb\r\n"), "\n");
    }
}
