//! Dockerfiles: instructions with byte spans, line continuations, heredocs and the `escape` parser
//! directive. It reads files the way BuildKit does closely enough for linting; variables are never
//! expanded.

use super::bytes::{line_at, skip_blanks, trim_end};
use crate::source::{Comment, Span, SyntaxError};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// Quotes and escape characters removed.
    pub text: String,
    /// As written.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyValue {
    pub key: String,
    pub key_span: Span,
    /// Unquoted.
    pub value: String,
    /// As written; empty right after `=` (or after the key of an `ARG` without default) when empty.
    pub value_span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heredoc {
    pub delimiter: String,
    /// The lines between the instruction and the closing delimiter, exactly as written (last line
    /// ending included, leading tabs kept even for `<<-`).
    pub body: String,
    pub body_span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instruction {
    /// Upper-cased: `FROM`, `ENV`, `RUN`...
    pub keyword: String,
    pub keyword_span: Span,
    /// The arguments, trimmed, with continuation lines joined as Docker joins them (escape character
    /// and line ending removed, blank and comment lines inside the continuation dropped).
    pub args: String,
    /// From the first argument byte to the end of the instruction's last physical line; an empty
    /// span right after the keyword when there are no arguments.
    pub args_span: Span,
    /// Shell-like words; for the exec form (`["a", "b"]`), the JSON strings.
    pub words: Vec<Word>,
    /// For `ENV`, `ARG` and `LABEL`: the `KEY=value` pairs, or the one pair of `ENV KEY value...`.
    pub pairs: Vec<KeyValue>,
    pub heredocs: Vec<Heredoc>,
    /// The whole instruction, continuation lines and heredoc bodies included.
    pub span: Span,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dockerfile {
    pub instructions: Vec<Instruction>,
    pub comments: Vec<Comment>,
    pub errors: Vec<SyntaxError>,
    /// The `# syntax=` directive's frontend image, if any.
    pub frontend: Option<String>,
}

const INSTRUCTIONS: &str = "ADD ARG CMD COPY ENTRYPOINT ENV EXPOSE FROM HEALTHCHECK LABEL MAINTAINER ONBUILD RUN \
    SHELL STOPSIGNAL USER VOLUME WORKDIR";

pub fn parse(text: &str) -> Dockerfile {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut p = Parser { text, b: text.as_bytes(), pos: bom, escape: b'\\', out: Dockerfile::default() };
    p.escape = p.directives();
    // A custom frontend (`# syntax=example/frontend`) may add instructions of its own: keep
    // them, unreported. Docker's own `docker/dockerfile` frontend has the standard set.
    let custom_frontend = p.out.frontend.as_deref().is_some_and(|f| {
        let image = f.split(['@', ':']).next().unwrap_or(f).trim_start_matches("docker.io/");
        image != "docker/dockerfile"
    });
    while p.pos < p.b.len() {
        let (end, next) = line_at(p.b, p.pos);
        let start = skip_blanks(p.b, p.pos, end);
        p.pos = next;
        if start == end {
            continue;
        }
        if p.b[start] == b'#' {
            p.comment(start, end);
            continue;
        }
        // The keyword is followed by a blank, the end of the line or a lone continuation character.
        let kw_end = start + p.b[start..end].iter().take_while(|c| c.is_ascii_alphabetic()).count();
        let continues = kw_end < end && p.b[kw_end] == p.escape && trim_end(p.b, kw_end, end) == kw_end + 1;
        if kw_end == start || (kw_end < end && !p.b[kw_end].is_ascii_whitespace() && !continues) {
            p.error(Span::new(start, trim_end(p.b, start, end)), "expected a Dockerfile instruction".into());
            continue;
        }
        // An unknown keyword is reported, but its continuation lines and heredocs are still skipped.
        let instruction = p.instruction(start, kw_end, end);
        if custom_frontend || INSTRUCTIONS.split_ascii_whitespace().any(|k| k == instruction.keyword) {
            p.out.instructions.push(instruction);
        } else {
            let message = format!("unknown instruction `{}`", &text[start..kw_end]);
            p.error(Span::new(start, trim_end(p.b, start, end)), message);
        }
    }
    p.out
}

struct Parser<'a> {
    text: &'a str,
    b: &'a [u8],
    /// Start of the next physical line to read.
    pos: usize,
    escape: u8,
    out: Dockerfile,
}

impl Parser<'_> {
    fn error(&mut self, span: Span, message: String) {
        self.out.errors.push(SyntaxError { span, message });
    }

    fn comment(&mut self, start: usize, end: usize) {
        self.out.comments.push(Comment { span: Span::new(start, end) });
    }

    /// Reads the parser directives (`# name=value` lines at the very top, ended by any other line) and
    /// returns the escape character they choose. The lines are left for the main loop as comments.
    fn directives(&mut self) -> u8 {
        let mut escape = b'\\';
        let mut pos = self.pos;
        while pos < self.b.len() {
            let (end, next) = line_at(self.b, pos);
            let start = skip_blanks(self.b, pos, end);
            let end = trim_end(self.b, start, end);
            let line = &self.text[start..end];
            pos = next;
            let Some((name, value)) = line.strip_prefix('#').and_then(|d| d.split_once('=')) else { break };
            let name = name.trim_ascii();
            if name.is_empty() || !name.bytes().all(|c| c.is_ascii_alphanumeric()) {
                break;
            }
            if name.eq_ignore_ascii_case("syntax") {
                self.out.frontend = Some(value.trim_ascii().to_string());
            } else if name.eq_ignore_ascii_case("escape") {
                match value.trim_ascii() {
                    "\\" => escape = b'\\',
                    "`" => escape = b'`',
                    _ => self.error(Span::new(start, end), "the escape character must be `\\` or `` ` ``".into()),
                }
            }
        }
        escape
    }

    /// Reads the instruction whose keyword is `start..kw_end` on the line ending at `end`, with its
    /// continuation lines and heredoc bodies.
    fn instruction(&mut self, start: usize, kw_end: usize, end: usize) -> Instruction {
        let (text, b) = (self.text, self.b);
        let keyword = text[start..kw_end].to_ascii_uppercase();
        // Join the physical lines: each piece is one line without its continuation character.
        let mut line = Logical::default();
        let (mut piece, mut line_end) = (kw_end, end);
        loop {
            let content_end = trim_end(b, piece, line_end);
            let continued = content_end > piece && b[content_end - 1] == self.escape;
            line.push(text, piece, if continued { content_end - 1 } else { line_end });
            if !continued {
                break;
            }
            match self.continuation() {
                Some((s, e)) => (piece, line_end) = (s, e),
                None => break,
            }
        }
        let t = line.text.as_str();
        let a = t.len() - t.trim_ascii_start().len();
        let z = t.trim_ascii_end().len().max(a);
        let args_span = if a == z { Span::new(kw_end, kw_end) } else { Span::new(line.map[a], line_end) };
        let split = split_words(&line, a, z, self.escape);
        let exec = if t[a..z].starts_with('[') { json_strings(t, a, z) } else { None };
        let words = match &exec {
            Some(strings) => {
                strings.iter().map(|(s, e, text)| Word { text: text.clone(), span: line.span(*s, *e) }).collect()
            }
            None => split
                .words
                .iter()
                .map(|&(s, e)| Word { text: unquote(&t[s..e], self.escape), span: line.span(s, e) })
                .collect(),
        };
        let mut pairs = Vec::new();
        if matches!(keyword.as_str(), "ENV" | "ARG" | "LABEL") {
            if let Some(q) = split.open_quote {
                self.error(line.span(q, q + 1), "this quote is never closed".into());
            }
            pairs = self.pairs(&keyword, &line, &split.words, z);
        }
        let mut heredocs = Vec::new();
        let mut end = line_end;
        if exec.is_none() && matches!(keyword.as_str(), "RUN" | "COPY" | "ADD" | "ONBUILD") {
            for &word in &split.words {
                if let Some((heredoc, heredoc_end)) = self.heredoc(&line, word) {
                    heredocs.push(heredoc);
                    end = heredoc_end;
                }
            }
        }
        Instruction {
            keyword,
            keyword_span: Span::new(start, kw_end),
            args: t[a..z].to_string(),
            args_span,
            words,
            pairs,
            heredocs,
            span: Span::new(start, end),
        }
    }

    /// Moves to the next line of an instruction after a continuation, skipping blank lines and
    /// comment lines (which are recorded). Returns that line's content span, or `None` at the end.
    fn continuation(&mut self) -> Option<(usize, usize)> {
        while self.pos < self.b.len() {
            let (start, (end, next)) = (self.pos, line_at(self.b, self.pos));
            self.pos = next;
            let first = skip_blanks(self.b, start, end);
            if first == end {
                continue;
            }
            if self.b[first] == b'#' {
                self.comment(first, end);
                continue;
            }
            return Some((start, end));
        }
        None
    }

    /// The pairs of ENV, ARG and LABEL from the words of `line`; `z` is the end of the arguments.
    fn pairs(&mut self, keyword: &str, line: &Logical, words: &[(usize, usize)], z: usize) -> Vec<KeyValue> {
        let t = line.text.as_str();
        let mut out = Vec::new();
        let Some(&(k0, k1)) = words.first() else { return out };
        // Legacy `ENV KEY value with spaces`: one pair whose value is the rest of the arguments.
        if keyword != "ARG" && !t[k0..k1].contains('=') {
            match words.get(1) {
                Some(&(v, _)) => out.push(KeyValue {
                    key: unquote(&t[k0..k1], self.escape),
                    key_span: line.span(k0, k1),
                    value: unquote(&t[v..z], self.escape),
                    value_span: line.span(v, z),
                }),
                None => self.error(line.span(k0, k1), format!("expected `{}=value`", &t[k0..k1])),
            }
            return out;
        }
        for &(s, e) in words {
            // `ARG NAME` declares a build argument without a default value.
            let (key_end, value_start) = match t[s..e].find('=') {
                Some(eq) => (s + eq, s + eq + 1),
                None if keyword == "ARG" => (e, e),
                None => (s, s),
            };
            if key_end == s {
                self.error(line.span(s, e), "expected `KEY=value`".into());
                continue;
            }
            out.push(KeyValue {
                key: unquote(&t[s..key_end], self.escape),
                key_span: line.span(s, key_end),
                value: unquote(&t[value_start..e], self.escape),
                value_span: line.span(value_start, e),
            });
        }
        out
    }

    /// Reads the heredoc whose marker is the word `s..e` of `line` (`<<EOF`, `<<-"EOF"`, `2<<EOF`, as
    /// BuildKit recognises them): the lines from the current position up to the delimiter line.
    /// Returns it with the offset where it ends, or `None` when the word is not a heredoc marker.
    fn heredoc(&mut self, line: &Logical, (s, e): (usize, usize)) -> Option<(Heredoc, usize)> {
        let raw = &line.text[s..e];
        let rest = raw.trim_start_matches(|c: char| c.is_ascii_digit()).strip_prefix("<<")?;
        let strip_tabs = rest.starts_with('-');
        let delimiter = unquote(&rest[usize::from(strip_tabs)..], self.escape);
        if delimiter.is_empty() || delimiter.contains('<') {
            return None;
        }
        let body_start = self.pos;
        // The delimiter line: where the body ends and where the instruction ends.
        let mut close = None;
        while self.pos < self.b.len() && close.is_none() {
            let (start, (end, next)) = (self.pos, line_at(self.b, self.pos));
            self.pos = next;
            let content = &self.text[start..end];
            if delimiter == if strip_tabs { content.trim_start_matches('\t') } else { content } {
                close = Some((start, end));
            }
        }
        let (body_end, end) = close.unwrap_or((self.b.len(), self.b.len()));
        if close.is_none() {
            self.error(line.span(s, e), format!("heredoc `{delimiter}` is never closed"));
        }
        let body = self.text[body_start..body_end].to_string();
        Some((Heredoc { delimiter, body, body_span: Span::new(body_start, body_end) }, end))
    }
}

/// The joined text of an instruction and, for each byte, its offset in the source.
#[derive(Default)]
struct Logical {
    text: String,
    map: Vec<usize>,
    /// Logical offset where each piece (physical line) begins.
    starts: Vec<usize>,
    /// Source offset where the first piece begins.
    first: usize,
}

impl Logical {
    fn push(&mut self, src: &str, start: usize, end: usize) {
        if self.starts.is_empty() {
            self.first = start;
        }
        self.starts.push(self.text.len());
        self.text.push_str(&src[start..end]);
        self.map.extend(start..end);
    }

    /// The source span of the logical range `a..z`; it includes the continuations it crosses. An
    /// empty range maps to an empty span right after the byte before it.
    fn span(&self, a: usize, z: usize) -> Span {
        match (a, z > a) {
            (_, true) => Span::new(self.map[a], self.map[z - 1] + 1),
            (0, false) => Span::new(self.first, self.first),
            _ => Span::new(self.map[a - 1] + 1, self.map[a - 1] + 1),
        }
    }
}

struct Split {
    /// Logical ranges of the words, as written.
    words: Vec<(usize, usize)>,
    /// Where a quote that is never closed opens.
    open_quote: Option<usize>,
}

/// Splits the logical range `a..z` into shell-like words. Blanks separate words outside quotes, and
/// so does a joined continuation, so that a word's span never covers one unless a quote is open.
fn split_words(line: &Logical, a: usize, z: usize, escape: u8) -> Split {
    let b = line.text.as_bytes();
    let mut split = Split { words: Vec::new(), open_quote: None };
    let mut piece = 0; // index of the next piece start at or after `i`
    let mut i = a;
    while i < z {
        if b[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let mut quote: Option<(u8, usize)> = None;
        while i < z {
            while line.starts.get(piece).is_some_and(|&s| s < i) {
                piece += 1;
            }
            let c = b[i];
            match quote {
                None if c.is_ascii_whitespace() || (i > start && line.starts.get(piece) == Some(&i)) => break,
                None if c == b'\'' || c == b'"' => quote = Some((c, i)),
                Some((q, _)) if c == q => quote = None,
                // An escaped ASCII character is skipped with its escape (single quotes escape nothing).
                _ if c == escape && !matches!(quote, Some((b'\'', _))) && i + 1 < z && b[i + 1].is_ascii() => i += 1,
                _ => {}
            }
            i += 1;
        }
        split.open_quote = quote.map(|(_, at)| at);
        split.words.push((start, i));
    }
    split
}

/// The text of a word without its quotes and escape characters. Single quotes keep everything; in
/// double quotes only `"`, `$` and the escape character itself can be escaped.
fn unquote(raw: &str, escape: u8) -> String {
    let escape = char::from(escape);
    let mut out = String::with_capacity(raw.len());
    let mut quote = None;
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            None if c == '\'' || c == '"' => quote = Some(c),
            Some(q) if c == q => quote = None,
            None if c == escape => out.push(chars.next().unwrap_or(c)),
            Some('"') if c == escape => out.push(chars.next_if(|&n| n == '"' || n == '$' || n == escape).unwrap_or(c)),
            _ => out.push(c),
        }
    }
    out
}

/// Parses the exec form `["a", "b"]` filling the logical range `a..z` of `t`: each string's range as
/// written and its decoded text. `None` when it is not a JSON array of strings (Docker then runs it
/// in the shell form).
fn json_strings(t: &str, a: usize, z: usize) -> Option<Vec<(usize, usize, String)>> {
    let b = &t.as_bytes()[..z];
    let ws = |mut i: usize| {
        while i < z && b[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    let hex = |k: usize| {
        let h = t.get(k..k + 4).filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))?;
        u32::from_str_radix(h, 16).ok()
    };
    let mut out = Vec::new();
    let mut i = ws(a + 1);
    if b.get(i) == Some(&b']') {
        return (ws(i + 1) == z).then_some(out);
    }
    loop {
        if b.get(i) != Some(&b'"') {
            return None;
        }
        let start = i;
        let mut s = String::new();
        i += 1;
        loop {
            match *b.get(i)? {
                b'"' => break,
                b'\\' if b.get(i + 1) != Some(&b'u') => {
                    s.push(match *b.get(i + 1)? {
                        c @ (b'"' | b'\\' | b'/') => char::from(c),
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        _ => return None,
                    });
                    i += 2;
                }
                b'\\' => {
                    // `\uXXXX`, where a high surrogate may pair with a following `\uXXXX`.
                    let hi = hex(i + 2)?;
                    i += 6;
                    let lo = hex(i + 2).filter(|lo| (0xDC00..0xE000).contains(lo) && t[i..].starts_with("\\u"));
                    let c = match lo {
                        Some(lo) if (0xD800..0xDC00).contains(&hi) => {
                            i += 6;
                            char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                        }
                        _ => char::from_u32(hi),
                    };
                    s.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
                }
                c if c < 0x20 => return None,
                _ => {
                    let c = t[i..].chars().next()?;
                    s.push(c);
                    i += c.len_utf8();
                }
            }
        }
        i += 1;
        out.push((start, i, s));
        i = ws(i);
        match *b.get(i)? {
            b',' => i = ws(i + 1),
            b']' => return (ws(i + 1) == z).then_some(out),
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str, span: Span) -> &str {
        &text[span.start..span.end]
    }

    fn texts(words: &[Word]) -> Vec<&str> {
        words.iter().map(|w| w.text.as_str()).collect()
    }

    #[test]
    fn instructions_words_and_continuations() {
        let text = "# syntax=docker/dockerfile:1\nFROM python:3.12 AS base\n\
                   run pip install \\  \n\n   # inside\n  x 'y z'\\\n  \"q\"\n\
                   WORKDIR /app\nFROM\n";
        let d = parse(text);
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        let kws: Vec<&str> = d.instructions.iter().map(|i| i.keyword.as_str()).collect();
        assert_eq!(kws, ["FROM", "RUN", "WORKDIR", "FROM"]);
        let from = &d.instructions[0];
        assert_eq!(texts(&from.words), ["python:3.12", "AS", "base"]);
        assert_eq!(s(text, from.args_span), "python:3.12 AS base");
        let run = &d.instructions[1];
        assert_eq!(s(text, run.keyword_span), "run");
        assert_eq!(run.args, "pip install   x 'y z'  \"q\"");
        assert_eq!(s(text, run.args_span), "pip install \\  \n\n   # inside\n  x 'y z'\\\n  \"q\"");
        assert_eq!(texts(&run.words), ["pip", "install", "x", "y z", "q"]);
        assert_eq!(s(text, run.words[3].span), "'y z'");
        assert_eq!(s(text, run.words[4].span), "\"q\"");
        assert_eq!(s(text, run.span), s(text, Span::new(run.keyword_span.start, run.args_span.end)));
        let comments: Vec<&str> = d.comments.iter().map(|c| s(text, c.span)).collect();
        assert_eq!(comments, ["# syntax=docker/dockerfile:1", "# inside"]);
        let bare = &d.instructions[3];
        assert_eq!(bare.args_span, Span::new(bare.keyword_span.end, bare.keyword_span.end));
        assert!(bare.words.is_empty() && bare.args.is_empty());
    }

    #[test]
    fn env_arg_and_label_pairs() {
        let text = "ENV A=1 B=\"two words\" \\\n    C= D=a\\ b\nENV LEGACY some  \"quoted\" value\n\
                   ARG TOKEN\nARG V=1 W\nLABEL \"com.x.y\"='v w'\n";
        let d = parse(text);
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        let env = &d.instructions[0];
        let got: Vec<(&str, &str, &str, &str)> = env
            .pairs
            .iter()
            .map(|p| (p.key.as_str(), s(text, p.key_span), p.value.as_str(), s(text, p.value_span)))
            .collect();
        assert_eq!(
            got,
            [
                ("A", "A", "1", "1"),
                ("B", "B", "two words", "\"two words\""),
                ("C", "C", "", ""),
                ("D", "D", "a b", "a\\ b")
            ]
        );
        assert_eq!(env.pairs[2].value_span, Span::new(env.pairs[2].key_span.end + 1, env.pairs[2].key_span.end + 1));
        let legacy = &d.instructions[1].pairs;
        assert_eq!(
            (legacy.len(), legacy[0].key.as_str(), legacy[0].value.as_str()),
            (1, "LEGACY", "some  quoted value")
        );
        assert_eq!(s(text, legacy[0].value_span), "some  \"quoted\" value");
        let arg = &d.instructions[2].pairs[0];
        assert_eq!((arg.key.as_str(), arg.value.as_str()), ("TOKEN", ""));
        assert_eq!(arg.value_span, Span::new(arg.key_span.end, arg.key_span.end));
        let args: Vec<(&str, &str)> =
            d.instructions[3].pairs.iter().map(|p| (p.key.as_str(), p.value.as_str())).collect();
        assert_eq!(args, [("V", "1"), ("W", "")]);
        let label = &d.instructions[4].pairs[0];
        assert_eq!((label.key.as_str(), label.value.as_str()), ("com.x.y", "v w"));
        assert_eq!((s(text, label.key_span), s(text, label.value_span)), ("\"com.x.y\"", "'v w'"));
    }

    #[test]
    fn pair_errors() {
        let text = "ENV =x\nENV ONLY\nLABEL a=1 b\nENV A=\"open\n";
        let d = parse(text);
        let errors: Vec<&str> = d.errors.iter().map(|e| s(text, e.span)).collect();
        assert_eq!(errors, ["=x", "ONLY", "b", "\""]);
        assert_eq!(d.instructions.len(), 4);
        assert_eq!(d.instructions[3].pairs[0].value, "open");
    }

    #[test]
    fn exec_form() {
        let text = "CMD [\"airflow\", \"web\\\"server\", \"\\u00e9\\ud83d\\ude00\"]\n\
                   ENTRYPOINT [ \"a\", \\\n  \"b\" ]\nCMD [oops\nRUN []\n";
        let d = parse(text);
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        let cmd = &d.instructions[0];
        assert_eq!(texts(&cmd.words), ["airflow", "web\"server", "é😀"]);
        assert_eq!(s(text, cmd.words[1].span), "\"web\\\"server\"");
        let ep = &d.instructions[1];
        assert_eq!(texts(&ep.words), ["a", "b"]);
        assert_eq!(s(text, ep.words[1].span), "\"b\"");
        assert_eq!(texts(&d.instructions[2].words), ["[oops"]);
        assert!(d.instructions[3].words.is_empty());
    }

    #[test]
    fn heredocs() {
        let text = "RUN <<EOF\necho hi\nEOF\nRUN <<-END cat\n\tindented\n\
                   \tEND\nCOPY <<\"A\" /a\nbody\nA\nRUN <<X cat - <<'Y' && echo \"<<NOT\" <<<here\n\
                   x\nX\ny\nY\nUSER me\n";
        let d = parse(text);
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        let kws: Vec<&str> = d.instructions.iter().map(|i| i.keyword.as_str()).collect();
        assert_eq!(kws, ["RUN", "RUN", "COPY", "RUN", "USER"]);
        let first = &d.instructions[0];
        assert_eq!((first.heredocs[0].delimiter.as_str(), first.heredocs[0].body.as_str()), ("EOF", "echo hi\n"));
        assert_eq!(s(text, first.heredocs[0].body_span), "echo hi\n");
        assert_eq!(s(text, first.span), "RUN <<EOF\necho hi\nEOF");
        assert_eq!(s(text, first.args_span), "<<EOF");
        assert_eq!(d.instructions[1].heredocs[0].body, "\tindented\n");
        let copy = &d.instructions[2];
        assert_eq!((copy.heredocs[0].delimiter.as_str(), copy.heredocs[0].body.as_str()), ("A", "body\n"));
        assert_eq!(texts(&copy.words), ["<<A", "/a"]);
        let two: Vec<(&str, &str)> =
            d.instructions[3].heredocs.iter().map(|h| (h.delimiter.as_str(), h.body.as_str())).collect();
        assert_eq!(two, [("X", "x\n"), ("Y", "y\n")]);
        assert!(s(text, d.instructions[3].span).ends_with("\ny\nY"));
    }

    #[test]
    fn unterminated_heredoc_runs_to_the_end() {
        let text = "FROM x\nRUN echo <<-OPEN\nnever\nclosed";
        let d = parse(text);
        assert_eq!(d.errors.len(), 1);
        assert_eq!(s(text, d.errors[0].span), "<<-OPEN");
        let run = &d.instructions[1];
        assert_eq!(s(text, run.heredocs[0].body_span), "never\nclosed");
        assert_eq!(run.span.end, text.len());
    }

    #[test]
    fn escape_directive_and_onbuild() {
        let text =
            "# syntax=docker/dockerfile:1\n# escape=`\nFROM x\nWORKDIR C:\\app\nRUN a `\n  b\nONBUILD RUN echo hi\n";
        let d = parse(text);
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        assert_eq!(d.comments.len(), 2);
        assert_eq!(d.instructions[1].args, "C:\\app");
        assert_eq!(d.instructions[2].args, "a   b");
        assert_eq!(texts(&d.instructions[2].words), ["a", "b"]);
        let onbuild = &d.instructions[3];
        assert_eq!((onbuild.keyword.as_str(), onbuild.args.as_str()), ("ONBUILD", "RUN echo hi"));
        // A directive only counts at the very top.
        let late = parse("# a comment\n# escape=`\nRUN a `\n  b\n");
        assert_eq!((late.instructions[0].args.as_str(), late.errors.len()), ("a `", 1));
        let bad = "# escape=x\nFROM y\n";
        assert_eq!(s(bad, parse(bad).errors[0].span), "# escape=x");
    }

    #[test]
    fn bad_lines_are_reported_and_skipped() {
        let text = "FROM x\n!!! not this\napt-get install y\necho hi \\\n  continued\nRUN\\\n  ok\n";
        let d = parse(text);
        let errors: Vec<&str> = d.errors.iter().map(|e| s(text, e.span)).collect();
        assert_eq!(errors, ["!!! not this", "apt-get install y", "echo hi \\"]);
        assert!(d.errors[2].message.contains("unknown instruction"));
        let kws: Vec<&str> = d.instructions.iter().map(|i| i.keyword.as_str()).collect();
        assert_eq!(kws, ["FROM", "RUN"]);
        assert_eq!(d.instructions[1].args, "ok");
    }

    #[test]
    fn crlf_bom_lone_cr_and_unicode() {
        let text = "\u{feff}FROM é:1\r\nRUN a \\\r\n  ü\rENV K=\"ß\"\r\nRUN <<EOF\r\nbody\r\nEOF\r\n";
        let d = parse(text);
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        assert_eq!(d.instructions[0].keyword_span, Span::new(3, 7));
        assert_eq!(s(text, d.instructions[0].args_span), "é:1");
        assert_eq!(d.instructions[1].args, "a   ü");
        assert_eq!(s(text, d.instructions[1].args_span), "a \\\r\n  ü");
        assert_eq!(d.instructions[2].pairs[0].value, "ß");
        assert_eq!(d.instructions[3].heredocs[0].body, "body\r\n");
    }

    fn check(text: &str) {
        let d = parse(text);
        let mut spans: Vec<Span> = d.comments.iter().map(|c| c.span).chain(d.errors.iter().map(|e| e.span)).collect();
        for i in &d.instructions {
            spans.extend([i.keyword_span, i.args_span, i.span]);
            spans.extend(i.words.iter().map(|w| w.span));
            spans.extend(i.pairs.iter().flat_map(|p| [p.key_span, p.value_span]));
            spans.extend(i.heredocs.iter().map(|h| h.body_span));
        }
        for sp in spans {
            assert!(sp.start <= sp.end && sp.end <= text.len(), "{sp:?} out of {text:?}");
            assert!(text.is_char_boundary(sp.start) && text.is_char_boundary(sp.end), "{sp:?} in {text:?}");
        }
    }

    #[test]
    fn never_panics_and_spans_stay_in_bounds() {
        let sample = "\u{feff}# escape=`\nENV a=\"é `\"\r\n  # c\n b=`\r\n\
                     RUN <<-\"E\" x <<F\n\tE\nF\rCMD [\"\\u00\", \"ü\"]\n\
                     ARG\n+";
        let cuts: Vec<usize> = (0..=sample.len()).filter(|&i| sample.is_char_boundary(i)).collect();
        for (n, &i) in cuts.iter().enumerate() {
            for &j in &cuts[n..] {
                check(&sample[i..j]);
            }
        }
        let alphabet = b"RUNENV<<-EOF=\"'`\\\n\r# \t[],az\xc3\xa9\xef\xbb\xbf\xff";
        let mut seed: u64 = 0x0123_4567_89ab_cdef;
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
        let long = format!("FROM x\nRUN {}\"", "a \\\n".repeat(250_000));
        let d = parse(&long);
        assert_eq!(d.instructions[1].words.len(), 250_001);
        let markers = format!("RUN {}\n", "<<\"A\" ".repeat(50_000));
        assert_eq!(parse(&markers).errors.len(), 50_000);
        let many = "ENV A=1 B=\"x\" # no comment\n".repeat(100_000);
        assert_eq!(parse(&many).instructions.len(), 100_000);
    }

    #[test]
    fn a_custom_frontend_may_add_instructions() {
        let custom = parse("# syntax=devthefuture/dockerfile-x\nFROM python:3.12\nINCLUDE ./base.dockerfile\n");
        assert!(custom.errors.is_empty(), "{:?}", custom.errors);
        assert_eq!(custom.frontend.as_deref(), Some("devthefuture/dockerfile-x"));
        assert_eq!(custom.instructions.iter().map(|i| i.keyword.as_str()).collect::<Vec<_>>(), ["FROM", "INCLUDE"]);
        for standard in ["# syntax=docker/dockerfile:1\n", "# syntax=docker.io/docker/dockerfile:1.7-labs\n", ""] {
            let d = parse(&format!("{standard}FROM python:3.12\nINCLUDE ./base.dockerfile\n"));
            assert_eq!(d.errors.len(), 1, "{standard}");
            assert!(d.errors[0].message.contains("unknown instruction"));
        }
    }
}
