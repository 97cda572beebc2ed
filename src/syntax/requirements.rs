//! pip requirements files: requirements, options (`--index-url`, `-r`, ...) and direct URLs, with
//! positions.

use super::lines::{Line, Word, lines, span_of};
use crate::source::{Comment, Span, SyntaxError};

#[derive(Debug, Clone)]
pub struct Requirement {
    pub name: String,
    pub name_span: Span,
    pub extras: Vec<String>,
    /// Version specifier with spaces removed, e.g. `==2.7.1` or `>=1,<2` ("" when unpinned).
    pub specifier: String,
    pub specifier_span: Option<Span>,
    pub marker: Option<String>,
    /// The requirement without its comment or per-requirement options.
    pub line_span: Span,
}

#[derive(Debug, Clone)]
pub struct OptionLine {
    pub option: String,
    pub option_span: Span,
    pub value: String,
    pub value_span: Span,
}

#[derive(Debug, Default)]
pub struct Requirements {
    pub requirements: Vec<Requirement>,
    pub options: Vec<OptionLine>,
    /// URLs of direct references (`name @ https://...`) and bare URL or path lines.
    pub urls: Vec<Word>,
    pub comments: Vec<Comment>,
    pub errors: Vec<SyntaxError>,
}

/// Options that take a value (short and long forms).
const VALUE_OPTIONS: &[&str] = &[
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-e",
    "--editable",
    "-i",
    "--index-url",
    "--extra-index-url",
    "-f",
    "--find-links",
    "--trusted-host",
    "--no-binary",
    "--only-binary",
];

pub fn parse(text: &str) -> Requirements {
    let mut out = Requirements::default();
    let all: Vec<Line> = lines(text);
    let mut n = 0;
    while n < all.len() {
        let line = all[n];
        n += 1;
        let mut span = line.span;
        // Join backslash continuations into one logical span (they are rare; pip joins them).
        while text[span.start..span.end].trim_end().ends_with('\\') && n < all.len() {
            span = Span::new(span.start, all[n].span.end);
            n += 1;
        }
        let raw = &text[span.start..span.end];
        // A comment starts at `#` at the line start or after whitespace.
        let b = raw.as_bytes();
        let cut = (0..b.len()).find(|&i| b[i] == b'#' && (i == 0 || b[i - 1].is_ascii_whitespace())).unwrap_or(b.len());
        if cut < b.len() {
            out.comments.push(Comment { span: span_of(text, raw[cut..].trim_end()) });
        }
        let body = raw[..cut].trim();
        if body.is_empty() {
            continue;
        }
        if body.starts_with('-') {
            option(text, body, &mut out);
        } else if body.contains("://") && !body.contains(" @ ") && !body.contains('@')
            || body.starts_with('.')
            || body.starts_with('/')
        {
            let word = body.split_whitespace().next().unwrap_or(body);
            out.urls.push(Word { text: word.to_string(), span: span_of(text, word) });
        } else {
            requirement(text, body, &mut out);
        }
    }
    out
}

fn option(text: &str, body: &str, out: &mut Requirements) {
    let (opt, rest) = match body.find(['=', ' ', '\t']) {
        Some(i) => (&body[..i], body[i + 1..].trim_start()),
        None => (body, ""),
    };
    let value = rest.split_whitespace().next().unwrap_or("");
    if !VALUE_OPTIONS.contains(&opt) && !opt.starts_with("--") {
        out.errors.push(SyntaxError { span: span_of(text, opt), message: format!("unknown option `{opt}`") });
        return;
    }
    let value_span =
        if value.is_empty() { Span::new(span_of(text, opt).end, span_of(text, opt).end) } else { span_of(text, value) };
    out.options.push(OptionLine {
        option: opt.to_string(),
        option_span: span_of(text, opt),
        value: value.to_string(),
        value_span,
    });
}

fn requirement(text: &str, body: &str, out: &mut Requirements) {
    // Per-requirement options (`--hash=...`) are not part of the requirement.
    let body = match body.find(" --") {
        Some(i) => body[..i].trim_end(),
        None => body,
    };
    let (spec_part, marker) = match body.split_once(';') {
        Some((a, m)) => (a.trim_end(), Some(m.trim().to_string())),
        None => (body, None),
    };
    let name_len = spec_part
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(spec_part.len());
    let name = &spec_part[..name_len];
    if name.is_empty() {
        out.errors.push(SyntaxError { span: span_of(text, body), message: "expected a package name".into() });
        return;
    }
    let mut rest = spec_part[name_len..].trim_start();
    let mut extras = Vec::new();
    if let Some(inner) = rest.strip_prefix('[') {
        let Some(close) = inner.find(']') else {
            out.errors.push(SyntaxError { span: span_of(text, rest), message: "unclosed `[` of extras".into() });
            return;
        };
        extras = inner[..close].split(',').map(|e| e.trim().to_string()).filter(|e| !e.is_empty()).collect();
        rest = inner[close + 1..].trim_start();
    }
    let mut specifier = String::new();
    let mut specifier_span = None;
    if let Some(url) = rest.strip_prefix('@') {
        let url = url.trim();
        if !url.is_empty() {
            out.urls.push(Word { text: url.to_string(), span: span_of(text, url) });
        }
    } else if !rest.is_empty() {
        let starts_ok = rest.starts_with(['=', '<', '>', '~', '!', '(']);
        if !starts_ok {
            out.errors.push(SyntaxError {
                span: span_of(text, rest),
                message: format!("unexpected `{rest}` after the package name"),
            });
            return;
        }
        specifier = rest.trim_start_matches('(').trim_end_matches(')').chars().filter(|c| !c.is_whitespace()).collect();
        specifier_span = Some(span_of(text, rest));
    }
    out.requirements.push(Requirement {
        name: name.to_string(),
        name_span: span_of(text, name),
        extras,
        specifier,
        specifier_span,
        marker,
        line_span: span_of(text, body),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str, sp: Span) -> &str {
        &text[sp.start..sp.end]
    }

    #[test]
    fn requirements_options_and_urls() {
        let text = "# deps\n--index-url https://user:pw@pypi.example.com/simple\n-r base.txt\napache-airflow[celery, amazon] == 2.7.1 ; python_version>'3.8'  # pinned\nrequests>=2,<3 --hash=sha256:abc\nmypkg @ https://example.com/x.whl\nflask\n-e ./local\n";
        let r = parse(text);
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert_eq!(r.options.len(), 3);
        assert_eq!(r.options[0].option, "--index-url");
        assert_eq!(s(text, r.options[0].value_span), "https://user:pw@pypi.example.com/simple");
        let a = &r.requirements[0];
        assert_eq!((a.name.as_str(), a.specifier.as_str()), ("apache-airflow", "==2.7.1"));
        assert_eq!(a.extras, ["celery", "amazon"]);
        assert_eq!(a.marker.as_deref(), Some("python_version>'3.8'"));
        assert_eq!(s(text, a.name_span), "apache-airflow");
        assert_eq!(r.requirements[1].specifier, ">=2,<3");
        assert_eq!(r.requirements[3].name, "flask");
        assert_eq!(r.urls[0].text, "https://example.com/x.whl");
        assert_eq!(r.comments.len(), 2);
    }

    #[test]
    fn garbage_is_an_error_and_parsing_goes_on() {
        let text = "\u{feff}ok==1\r\n!!!\r\n--bogus-short\r\n-z\r\nnext\r\n";
        let r = parse(text);
        assert_eq!(r.errors.len(), 2, "{:?}", r.errors);
        assert_eq!(s(text, r.errors[0].span), "!!!");
        let names: Vec<&str> = r.requirements.iter().map(|q| q.name.as_str()).collect();
        assert_eq!(names, ["ok", "next"]);
    }
}
