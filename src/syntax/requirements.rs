//! pip requirements files: requirements (PEP 508 subset), option lines (`--index-url`, `-r`, ...)
//! and direct URLs, all with byte spans.

use super::bytes::line_at;
use crate::source::{Comment, Span, SyntaxError};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirement {
    pub name: String,
    pub name_span: Span,
    pub extras: Vec<String>,
    /// The version specifier without whitespace, e.g. `==2.7.1` or `>=1,<2`; empty when unpinned.
    pub specifier: String,
    pub specifier_span: Option<Span>,
    /// The environment marker after `;`, trimmed.
    pub marker: Option<String>,
    /// The requirement as written, without its comment and trailing per-requirement options.
    pub line_span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionLine {
    /// As written, e.g. `--index-url` or `-r`.
    pub option: String,
    pub option_span: Span,
    /// Empty (with an empty span after the option) for flags such as `--no-index`.
    pub value: String,
    pub value_span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Requirements {
    pub requirements: Vec<Requirement>,
    pub options: Vec<OptionLine>,
    /// The URL of each direct reference (`name @ https://...`) and each bare URL or path line.
    pub urls: Vec<Word>,
    pub comments: Vec<Comment>,
    pub errors: Vec<SyntaxError>,
}

/// Options that take no value.
const FLAGS: &[&str] = &["--no-index", "--pre", "--prefer-binary", "--require-hashes"];

/// Version comparison operators, longest first so that `===` wins over `==`.
const OPERATORS: &[&str] = &["===", "==", "~=", "!=", "<=", ">=", "<", ">"];

pub fn parse(text: &str) -> Requirements {
    let b = text.as_bytes();
    let mut out = Requirements::default();
    let mut line = Logical::default();
    let mut pos = if text.starts_with('\u{feff}') { 3 } else { 0 };
    while pos < b.len() {
        // Join physical lines ending in `\` into one logical line, as pip does (without a space).
        line.clear(pos);
        loop {
            let (start, (end, next)) = (pos, line_at(b, pos));
            pos = next;
            // A `#` at the start of a line or after whitespace starts a comment, which also ends the
            // logical line (a backslash inside the comment does not continue it).
            let hash = (start..end).find(|&i| b[i] == b'#' && (i == start || b[i - 1].is_ascii_whitespace()));
            if let Some(h) = hash {
                out.comments.push(Comment { span: Span::new(h, end) });
                line.push(text, start, h);
                break;
            }
            if end > start && b[end - 1] == b'\\' {
                line.push(text, start, end - 1);
                if pos < b.len() {
                    continue;
                }
            } else {
                line.push(text, start, end);
            }
            break;
        }
        let tokens = tokens(&line.text);
        match tokens.first() {
            None => {}
            Some(&(a, _)) if line.text[a..].starts_with('-') => options(&line, &tokens, &mut out),
            Some(&(a, _)) => {
                // Per-requirement options (`--hash=...`) follow the requirement; they are skipped.
                let end =
                    tokens.iter().find(|&&(s, _)| line.text[s..].starts_with('-')).map_or(line.text.len(), |t| t.0);
                let end = a + line.text[a..end].trim_ascii_end().len();
                if let Err((s, e, message)) = requirement(&line, a, end, &mut out) {
                    out.errors.push(SyntaxError { span: line.span(s, e), message });
                }
            }
        }
    }
    out
}

/// One logical line: its text and, for each byte, the offset of that byte in the source.
#[derive(Default)]
struct Logical {
    text: String,
    map: Vec<usize>,
    /// Source offset where the first piece begins.
    first: usize,
}

impl Logical {
    fn clear(&mut self, first: usize) {
        self.text.clear();
        self.map.clear();
        self.first = first;
    }

    fn push(&mut self, src: &str, start: usize, end: usize) {
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

    fn word(&self, a: usize, z: usize) -> Word {
        Word { text: self.text[a..z].to_string(), span: self.span(a, z) }
    }
}

/// Whitespace-separated tokens of `s` as byte ranges.
fn tokens(s: &str) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() {
            i += 1;
        }
        out.push((start, i));
    }
    out
}

/// A line of options: `--name=value`, `--name value`, `-x value`, `-xvalue` or a flag, several per line.
fn options(line: &Logical, tokens: &[(usize, usize)], out: &mut Requirements) {
    let t = &line.text;
    let mut k = 0;
    while k < tokens.len() {
        let (a, z) = tokens[k];
        k += 1;
        let tok = &t[a..z];
        let error = |message: String| SyntaxError { span: line.span(a, z), message };
        if !tok.starts_with('-') || tok.len() < 2 || tok == "--" {
            out.errors.push(error(format!("expected an option, found `{tok}`")));
            continue;
        }
        // Where the name ends and, if the value is in the same token, where the value starts.
        let (name_end, inline) = if tok.starts_with("--") {
            tok.find('=').map_or((z, None), |e| (a + e, Some(a + e + 1)))
        } else {
            let n = a + 1 + tok[1..].chars().next().map_or(0, char::len_utf8);
            (n, (n < z).then(|| if t.as_bytes()[n] == b'=' { n + 1 } else { n }))
        };
        let name = &t[a..name_end];
        let (va, vz) = match inline {
            Some(v) => (v, z),
            None if FLAGS.contains(&name) => (z, z),
            None if k < tokens.len() => {
                k += 1;
                tokens[k - 1]
            }
            None => (z, z),
        };
        if va == vz && !FLAGS.contains(&name) {
            out.errors.push(error(format!("option `{name}` needs a value")));
            continue;
        }
        out.options.push(OptionLine {
            option: name.to_string(),
            option_span: line.span(a, name_end),
            value: t[va..vz].to_string(),
            value_span: line.span(va, vz),
        });
    }
}

type Failure = (usize, usize, String);

/// Parses the requirement in the logical range `a..z`: `name[extras] specifiers ; marker`,
/// `name[extras] @ url ; marker`, or a bare URL or path. On failure returns the logical range at fault.
fn requirement(line: &Logical, a: usize, z: usize, out: &mut Requirements) -> Result<(), Failure> {
    let t = &line.text[..z];
    let b = t.as_bytes();
    let ws = |mut i: usize| {
        while i < z && b[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    let name_end = a + b[a..].iter().take_while(|c| c.is_ascii_alphanumeric() || b"._-".contains(c)).count();
    let mut i = ws(name_end);
    let direct = b.get(i) == Some(&b'@');
    let first_token_end = a + t[a..].find(|c: char| c.is_ascii_whitespace()).unwrap_or(z - a);
    // Judge by the part before any version or marker syntax, so `pkg;os=="a/b"` stays a name.
    let head = t[a..first_token_end].split([';', '<', '>', '=', '!', '~', '[', '(']).next().unwrap_or("");
    if !direct && looks_like_url(head) {
        out.urls.push(line.word(a, first_token_end));
        let i = ws(first_token_end);
        return match b.get(i) {
            None | Some(b';') => Ok(()),
            Some(_) => Err((i, z, "expected `;` and an environment marker after the URL".into())),
        };
    }
    if name_end == a || !b[a].is_ascii_alphanumeric() {
        return Err((a, z, "expected a requirement, an option or a URL".into()));
    }
    let mut extras = Vec::new();
    if b.get(i) == Some(&b'[') {
        let Some(close) = t[i..].find(']').map(|c| i + c) else {
            return Err((i, z, "this `[` is never closed".into()));
        };
        for extra in t[i + 1..close].split(',').map(str::trim_ascii).filter(|e| !e.is_empty()) {
            if !extra.bytes().all(|c| c.is_ascii_alphanumeric() || b"._-".contains(&c)) {
                return Err((i, close + 1, format!("`{extra}` is not a valid extra name")));
            }
            extras.push(extra.to_string());
        }
        i = ws(close + 1);
    }
    let mut specifier = String::new();
    let mut specifier_span = None;
    if b.get(i) == Some(&b'@') {
        let u = ws(i + 1);
        let u_end = u + t[u..].find(|c: char| c.is_ascii_whitespace()).unwrap_or(z - u);
        if u == u_end {
            return Err((i, i + 1, "expected a URL after `@`".into()));
        }
        out.urls.push(line.word(u, u_end));
        i = ws(u_end);
    } else {
        // Version clauses separated by commas, optionally in parentheses.
        let paren = b.get(i) == Some(&b'(');
        if paren {
            i = ws(i + 1);
        }
        let first = i;
        let (mut last, mut comma) = (i, None);
        while let Some(op) = OPERATORS.iter().find(|op| t[i..].starts_with(**op)) {
            let v = ws(i + op.len());
            let v_end = v + b[v..].iter().take_while(|c| c.is_ascii_alphanumeric() || b".*+!-_".contains(c)).count();
            if v == v_end {
                return Err((i, v, format!("expected a version after `{op}`")));
            }
            specifier.push_str(op);
            specifier.push_str(&t[v..v_end]);
            last = v_end;
            i = ws(v_end);
            if b.get(i) != Some(&b',') {
                break;
            }
            specifier.push(',');
            comma = Some(i);
            i = ws(i + 1);
        }
        if let Some(c) = comma.filter(|_| specifier.ends_with(',')) {
            return Err((c, c + 1, "expected a version comparison after `,`".into()));
        }
        if paren {
            if b.get(i) != Some(&b')') {
                return Err((i, z, "expected `)`".into()));
            }
            i = ws(i + 1);
        }
        if last > first {
            specifier_span = Some(line.span(first, last));
        }
    }
    let marker = match b.get(i) {
        None => None,
        Some(b';') => match t[i + 1..].trim_ascii() {
            "" => return Err((i, i + 1, "expected an environment marker after `;`".into())),
            m => Some(m.to_string()),
        },
        Some(_) => return Err((i, z, format!("unexpected `{}` in a requirement", &t[i..]))),
    };
    out.requirements.push(Requirement {
        name: t[a..name_end].to_string(),
        name_span: line.span(a, name_end),
        extras,
        specifier,
        specifier_span,
        marker,
        line_span: line.span(a, z),
    });
    Ok(())
}

/// A URL (`https://...`, `git+ssh://...`, `file:...`) or a local path or archive rather than a name.
fn looks_like_url(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    lower.contains("://")
        || lower.starts_with("file:")
        || word.starts_with(['.', '/', '~'])
        || word.contains(['/', '\\'])
        || [".whl", ".zip", ".tar.gz", ".tgz", ".tar.bz2"].iter().any(|ext| lower.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str, span: Span) -> &str {
        &text[span.start..span.end]
    }

    #[test]
    fn names_extras_and_specifiers() {
        let text = "requests==2.7.1\nDjango >= 3.2 , < 4.0\nflask~=2.0\na!=1.0\nb<2\nc>1\nd===1.0.post1\ne<=3\n\
                    unpinned\npkg[security, socks]>=2.0\nfoo (>=1.0)\nzope.interface_x-y==5.*\n";
        let r = parse(text);
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        let got: Vec<(&str, &str)> = r.requirements.iter().map(|q| (q.name.as_str(), q.specifier.as_str())).collect();
        assert_eq!(
            got,
            [
                ("requests", "==2.7.1"),
                ("Django", ">=3.2,<4.0"),
                ("flask", "~=2.0"),
                ("a", "!=1.0"),
                ("b", "<2"),
                ("c", ">1"),
                ("d", "===1.0.post1"),
                ("e", "<=3"),
                ("unpinned", ""),
                ("pkg", ">=2.0"),
                ("foo", ">=1.0"),
                ("zope.interface_x-y", "==5.*"),
            ]
        );
        let specs: Vec<Option<&str>> = r.requirements.iter().map(|q| q.specifier_span.map(|sp| s(text, sp))).collect();
        assert_eq!(specs[0], Some("==2.7.1"));
        assert_eq!(specs[1], Some(">= 3.2 , < 4.0"));
        assert_eq!(specs[8], None);
        assert_eq!(s(text, r.requirements[1].name_span), "Django");
        assert_eq!(s(text, r.requirements[1].line_span), "Django >= 3.2 , < 4.0");
        assert_eq!(r.requirements[9].extras, ["security", "socks"]);
        assert_eq!(s(text, r.requirements[10].line_span), "foo (>=1.0)");
    }

    #[test]
    fn markers_and_comments() {
        let text = "# top\npywin32==300; sys_platform == \"win32\"\nfoo ; python_version < \"3.8\"  # why\n\
                   bar  # pinned elsewhere\n  # indented\n";
        let r = parse(text);
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert_eq!(r.requirements[0].marker.as_deref(), Some("sys_platform == \"win32\""));
        assert_eq!(r.requirements[1].marker.as_deref(), Some("python_version < \"3.8\""));
        assert_eq!(s(text, r.requirements[1].line_span), "foo ; python_version < \"3.8\"");
        assert_eq!(r.requirements[2].marker, None);
        assert_eq!(s(text, r.requirements[2].line_span), "bar");
        let comments: Vec<&str> = r.comments.iter().map(|c| s(text, c.span)).collect();
        assert_eq!(comments, ["# top", "# why", "# pinned elsewhere", "# indented"]);
    }

    #[test]
    fn direct_references_and_bare_urls() {
        let text = "pkg @ https://example.com/pkg-1.0.whl ; python_version >= \"3\"\n\
                    other@git+https://github.com/o/r.git@v1#egg=other\nhttps://example.com/a.tar.gz\n./local/pkg\n\
                    git+https://x.org/y.git#egg=z\ndist/thing-1.0-py3-none-any.whl\n";
        let r = parse(text);
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        let names: Vec<&str> = r.requirements.iter().map(|q| q.name.as_str()).collect();
        assert_eq!(names, ["pkg", "other"]);
        assert_eq!(r.requirements[0].marker.as_deref(), Some("python_version >= \"3\""));
        assert_eq!(r.requirements[1].specifier_span, None);
        let urls: Vec<&str> = r.urls.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://example.com/pkg-1.0.whl",
                "git+https://github.com/o/r.git@v1#egg=other",
                "https://example.com/a.tar.gz",
                "./local/pkg",
                "git+https://x.org/y.git#egg=z",
                "dist/thing-1.0-py3-none-any.whl",
            ]
        );
        assert!(r.urls.iter().all(|w| s(text, w.span) == w.text));
    }

    #[test]
    fn option_lines() {
        let text = "--index-url https://pypi.org/simple\n--extra-index-url=https://x.org/simple\n-i https://y.org\n\
                    -r other.txt\n-rdev.txt\n-c constraints.txt\n-e ./path\n-e git+https://g.org/r.git#egg=r\n\
                    --trusted-host  host.org\n--no-index\n--pre --prefer-binary -f ./wheels\n";
        let r = parse(text);
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        let got: Vec<(&str, &str, &str, &str)> = r
            .options
            .iter()
            .map(|o| (o.option.as_str(), s(text, o.option_span), o.value.as_str(), s(text, o.value_span)))
            .collect();
        assert_eq!(
            got,
            [
                ("--index-url", "--index-url", "https://pypi.org/simple", "https://pypi.org/simple"),
                ("--extra-index-url", "--extra-index-url", "https://x.org/simple", "https://x.org/simple"),
                ("-i", "-i", "https://y.org", "https://y.org"),
                ("-r", "-r", "other.txt", "other.txt"),
                ("-r", "-r", "dev.txt", "dev.txt"),
                ("-c", "-c", "constraints.txt", "constraints.txt"),
                ("-e", "-e", "./path", "./path"),
                ("-e", "-e", "git+https://g.org/r.git#egg=r", "git+https://g.org/r.git#egg=r"),
                ("--trusted-host", "--trusted-host", "host.org", "host.org"),
                ("--no-index", "--no-index", "", ""),
                ("--pre", "--pre", "", ""),
                ("--prefer-binary", "--prefer-binary", "", ""),
                ("-f", "-f", "./wheels", "./wheels"),
            ]
        );
        // A flag's empty value sits right after it.
        let no_index = &r.options[9];
        assert_eq!(no_index.value_span, Span::new(no_index.option_span.end, no_index.option_span.end));
        assert!(r.requirements.is_empty());
    }

    #[test]
    fn continuations_and_hashes() {
        let text = "Django>=3.2,\\\n<4.0\nfoo==1.0 \\\n    --hash=sha256:abc \\\n    --hash sha256:def\n\
                   bar \\\n# comment ends it \\\nbaz==2\n";
        let r = parse(text);
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        let got: Vec<(&str, &str)> = r.requirements.iter().map(|q| (q.name.as_str(), q.specifier.as_str())).collect();
        assert_eq!(got, [("Django", ">=3.2,<4.0"), ("foo", "==1.0"), ("bar", ""), ("baz", "==2")]);
        assert_eq!(s(text, r.requirements[0].specifier_span.unwrap()), ">=3.2,\\\n<4.0");
        assert_eq!(s(text, r.requirements[1].line_span), "foo==1.0");
        assert!(r.options.is_empty());
        assert_eq!(s(text, r.comments[0].span), "# comment ends it \\");
    }

    #[test]
    fn garbage_is_reported_and_parsing_goes_on() {
        let text = "!!!\nfoo bar\nfoo==\nfoo >=1,\npkg[extra\n--index-url\nfoo;\npkg @\nok==1\nfoo==1#x\n- x\n";
        let r = parse(text);
        let errors: Vec<&str> = r.errors.iter().map(|e| s(text, e.span)).collect();
        assert_eq!(errors, ["!!!", "bar", "==", ",", "[extra", "--index-url", ";", "@", "#x", "-", "x"]);
        let names: Vec<&str> = r.requirements.iter().map(|q| q.name.as_str()).collect();
        assert_eq!(names, ["ok"]);
    }

    #[test]
    fn crlf_bom_lone_cr_and_unicode() {
        let text = "\u{feff}requests==2.0\r\n# é\r\n--index-url https://é.org\rflask \\\r\n  >=1\r\nÄpkg\r\n";
        let r = parse(text);
        assert_eq!(s(text, r.requirements[0].name_span), "requests");
        assert_eq!(r.requirements[0].name_span.start, 3);
        assert_eq!(s(text, r.comments[0].span), "# é");
        assert_eq!(s(text, r.options[0].value_span), "https://é.org");
        assert_eq!(r.requirements[1].specifier, ">=1");
        assert_eq!(errors_of(text), ["Äpkg"]);
    }

    fn errors_of(text: &str) -> Vec<&str> {
        parse(text).errors.iter().map(|e| s(text, e.span)).collect()
    }

    fn check(text: &str) {
        let r = parse(text);
        let mut spans: Vec<Span> = r.comments.iter().map(|c| c.span).chain(r.errors.iter().map(|e| e.span)).collect();
        for q in &r.requirements {
            spans.extend([q.name_span, q.line_span].into_iter().chain(q.specifier_span));
        }
        spans.extend(r.options.iter().flat_map(|o| [o.option_span, o.value_span]));
        spans.extend(r.urls.iter().map(|w| w.span));
        for sp in spans {
            assert!(sp.start <= sp.end && sp.end <= text.len(), "{sp:?} out of {text:?}");
            assert!(text.is_char_boundary(sp.start) && text.is_char_boundary(sp.end), "{sp:?} in {text:?}");
        }
    }

    #[test]
    fn never_panics_and_spans_stay_in_bounds() {
        let sample = "\u{feff}a[x, é]>=1,\\\r\n<2 ; os==\"ü\" # c\n-rf.txt\n--i=\\\n\n\
                      p @ ./é\n-é\nx (==1 --hash=h\r\\";
        let cuts: Vec<usize> = (0..=sample.len()).filter(|&i| sample.is_char_boundary(i)).collect();
        for (n, &i) in cuts.iter().enumerate() {
            for &j in &cuts[n..] {
                check(&sample[i..j]);
            }
        }
        let alphabet = b"=<>!~;,@[]()\\\n\r# \t-az0.:/\"\xc3\xa9\xef\xbb\xbf\xff";
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
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
        let long = format!("pkg>=1{}", ",<2 \\\n".repeat(200_000));
        assert_eq!(parse(&long).requirements.len(), 1);
        let many = "requests==2.0 # c\n".repeat(100_000);
        assert_eq!(parse(&many).requirements.len(), 100_000);
    }
}
