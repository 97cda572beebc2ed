//! Reading and parsing one file: bounded reads, encoding checks, then the parser its kind names.

use super::discover::{self, Candidate, Class, Syntax};
use super::{Doc, FileError, ParsedFile, Problem};
use crate::source::{SourceFile, Span, sanitize};
use crate::syntax::{dockerfile, dotenv, json, requirements, yaml};

/// What reading one candidate gave.
pub enum Read {
    File(Box<ParsedFile>),
    Skip(String, String),
    Error(FileError),
    NotConfig,
}

pub fn read_candidate(c: &Candidate, max: u64, limits: yaml::Limits) -> Read {
    use std::io::Read as _;
    let cannot =
        |e: std::io::Error| Read::Error(FileError { path: c.rel.clone(), message: format!("cannot read: {e}") });
    // One open, then `fstat` on the handle: no second path lookup, and the size checked is the
    // size of the file read.
    let mut file = match std::fs::File::open(&c.path) {
        Ok(f) => f,
        Err(e) => return cannot(e),
    };
    let meta = match file.metadata() {
        Ok(m) => m,
        Err(e) => return cannot(e),
    };
    if !meta.is_file() {
        return Read::Skip(c.rel.clone(), "not a regular file".into());
    }
    if meta.len() > max {
        return Read::Skip(c.rel.clone(), format!("larger than the {max}-byte limit (max-file-size)"));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    // A file that grows past the limit while being read is cut at it rather than read to the end.
    if let Err(e) = (&mut file).take(max + 1).read_to_end(&mut bytes) {
        return cannot(e);
    }
    if bytes.len() as u64 > max {
        return Read::Skip(c.rel.clone(), format!("larger than the {max}-byte limit (max-file-size)"));
    }
    match parse_bytes(c.rel.clone(), c.class, bytes, limits) {
        Read::File(mut f) => {
            f.context = c.context;
            f.path = discover::relative(&c.path, std::path::Path::new("."));
            sanitize(&mut f.path);
            Read::File(f)
        }
        other => other,
    }
}

pub fn parse_bytes(rel: String, class: Class, bytes: Vec<u8>, limits: yaml::Limits) -> Read {
    match parse_text(rel.clone(), class, bytes, limits) {
        Read::File(mut f) => {
            f.path = rel;
            Read::File(f)
        }
        other => other,
    }
}

fn parse_text(rel: String, class: Class, bytes: Vec<u8>, limits: yaml::Limits) -> Read {
    let mut problems = Vec::new();
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let kind = match class {
            Class::Kind(k) => k,
            Class::Sniff => return Read::Skip(rel, "UTF-16 encoded; srm-lint reads UTF-8".into()),
        };
        problems.push(Problem::new(Span::new(0, 0), "the file is UTF-16 encoded; save it as UTF-8"));
        return Read::File(Box::new(ParsedFile {
            id: 0,
            kind,
            source: SourceFile::new(rel, String::new()),
            doc: Doc::Text,
            comments: Vec::new(),
            problems,
            context: false,
            path: String::new(),
            includes: Default::default(),
        }));
    }
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Read::Skip(rel, "binary file (NUL bytes)".into());
    }
    let (text, bad_utf8) = match String::from_utf8(bytes) {
        Ok(t) => (t, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(at))
        }
    };
    let kind = match class {
        Class::Kind(k) => k,
        Class::Sniff => match discover::sniff(&text) {
            Some(k) => k,
            None => return Read::NotConfig,
        },
    };
    if let Some(at) = bad_utf8 {
        let end = crate::source::floor_char_boundary(&text, at + 1).max(at);
        let end = text[end..].chars().next().map_or(end, |c| end + c.len_utf8());
        problems.push(Problem::new(
            Span::new(at, end),
            format!("invalid UTF-8 at byte {at}; the file is not checked further"),
        ));
        return Read::File(Box::new(ParsedFile {
            id: 0,
            kind,
            source: SourceFile::new(rel, text),
            doc: Doc::Text,
            comments: Vec::new(),
            problems,
            context: false,
            path: String::new(),
            includes: Default::default(),
        }));
    }
    let mut comments = Vec::new();
    let dup = |problems: &mut Vec<_>, dups: Vec<(String, Span, Span)>| {
        for (key, first, again) in dups {
            problems.push(Problem {
                span: again,
                message: format!("duplicate key `{key}`"),
                labels: vec![(first, "first defined here".to_string())],
            });
        }
    };
    let doc = match kind.info().syntax {
        Syntax::Yaml => {
            let y = yaml::parse_with(&text, limits);
            comments = y.comments;
            problems.extend(y.errors.into_iter().map(|e| Problem::new(e.span, e.message)));
            dup(&mut problems, y.duplicates);
            for span in y.unknown_aliases {
                let name = &text[span.start..span.end];
                let message =
                    format!("`{name}` is an alias to an anchor that is not defined (quote the value if it is text)");
                problems.push(Problem::new(span, message));
            }
            Doc::Tree(y.tree)
        }
        Syntax::Json => {
            let j = json::parse(&text);
            problems.extend(j.errors.into_iter().map(|e| Problem::new(e.span, e.message)));
            dup(&mut problems, j.duplicates);
            Doc::Tree(j.tree)
        }
        Syntax::Dotenv => {
            let mut d = dotenv::parse(&text);
            comments = std::mem::take(&mut d.comments);
            problems.extend(d.errors.drain(..).map(|e| Problem::new(e.span, e.message)));
            Doc::Dotenv(d)
        }
        Syntax::Dockerfile => {
            let mut d = dockerfile::parse(&text);
            comments = std::mem::take(&mut d.comments);
            problems.extend(d.errors.drain(..).map(|e| Problem::new(e.span, e.message)));
            Doc::Dockerfile(d)
        }
        Syntax::Requirements => {
            let mut r = requirements::parse(&text);
            comments = std::mem::take(&mut r.comments);
            problems.extend(r.errors.drain(..).map(|e| Problem::new(e.span, e.message)));
            Doc::Requirements(r)
        }
        Syntax::Text => Doc::Text,
    };
    Read::File(Box::new(ParsedFile {
        id: 0,
        kind,
        path: String::new(),
        source: SourceFile::new(rel, text),
        doc,
        comments,
        problems,
        context: false,
        includes: Default::default(),
    }))
}
