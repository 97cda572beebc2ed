//! Reading and parsing one file: bounded reads, encoding checks, then the parser its kind names.

use super::discover::{self, Candidate, Class, FileKind, Syntax};
use super::{Doc, FileError, ParsedFile, Problem};
use crate::source::{SourceFile, Span, bounded, mask_random, sanitize};
use crate::syntax::{dockerfile, dotenv, json, requirements, yaml};

/// What reading one candidate gave.
pub enum Read {
    File(Box<ParsedFile>),
    Skip(String, String),
    Error(FileError),
    NotConfig,
}

/// Caps of the reads that are not config candidates (those use `max-file-size`).
pub const MAX_CONFIG: u64 = 1 << 20;
pub const MAX_TABLE: u64 = 1 << 20;
pub const MAX_BASELINE: u64 = 64 << 20;
/// `.git/HEAD`, a loose ref, `commondir`, a `.git` file.
pub const MAX_GIT_SMALL: u64 = 4096;
pub const MAX_PACKED_REFS: u64 = 64 << 20;

/// Why [`read_bounded`] gave no bytes.
#[derive(Debug)]
pub enum ReadFailure {
    /// A FIFO, socket, device or directory: never read.
    NotAFile,
    /// Larger than the cap (given).
    TooLarge(u64),
    Io(std::io::Error),
}

impl std::fmt::Display for ReadFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadFailure::NotAFile => f.write_str("not a regular file"),
            ReadFailure::TooLarge(max) => write!(f, "larger than the {max}-byte limit"),
            ReadFailure::Io(e) => write!(f, "{e}"),
        }
    }
}

/// The one way srm-lint reads a file: opened without blocking (a FIFO put where a file was opens
/// at once instead of waiting for a writer), checked on the open descriptor (`fstat`, so no second
/// path lookup can be raced) to be a regular file of at most `max` bytes, then read up to `max`
/// bytes: a file that grows while being read, or a device that reports size 0, is cut at the cap
/// and refused rather than read to the end.
pub fn read_bounded(path: &std::path::Path, max: u64) -> Result<Vec<u8>, ReadFailure> {
    use std::io::Read as _;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let mut file = options.open(path).map_err(ReadFailure::Io)?;
    let meta = file.metadata().map_err(ReadFailure::Io)?;
    if !meta.is_file() {
        return Err(ReadFailure::NotAFile);
    }
    if meta.len() > max {
        return Err(ReadFailure::TooLarge(max));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    (&mut file).take(max.saturating_add(1)).read_to_end(&mut bytes).map_err(ReadFailure::Io)?;
    if bytes.len() as u64 > max {
        return Err(ReadFailure::TooLarge(max));
    }
    Ok(bytes)
}

/// [`read_bounded`] for a text file: invalid UTF-8 is an error.
pub fn read_text_bounded(path: &std::path::Path, max: u64) -> Result<String, String> {
    let bytes = read_bounded(path, max).map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()))
}

/// The repository holding `start`: the nearest folder at or above it (after resolving links)
/// with a `.git` entry, else `start`'s own folder. Reads through config never leave it.
pub fn repository(start: &std::path::Path) -> Option<std::path::PathBuf> {
    let start = std::fs::canonicalize(start).ok()?;
    let dir = if start.is_dir() { start } else { start.parent()?.to_path_buf() };
    Some(dir.ancestors().find(|d| d.join(".git").symlink_metadata().is_ok()).unwrap_or(&dir).to_path_buf())
}

/// Whether `path`, every link resolved, lies inside `root` (already canonical).
pub fn resolves_inside(path: &std::path::Path, root: &std::path::Path) -> bool {
    std::fs::canonicalize(path).is_ok_and(|p| p.starts_with(root))
}

/// A named symlink (`srm-lint link.yaml`) is followed only when it stays in the link's repository.
fn named_link_leaves_repository(path: &std::path::Path) -> bool {
    if !std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return false;
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    !repository(parent).is_some_and(|root| resolves_inside(path, &root))
}

/// Reads and parses one candidate. Its paths (shown and relative) have random-looking tokens
/// masked (a folder named after a token), as every printed text has; per-file settings and
/// baselines therefore see the masked name too.
pub fn read_candidate(c: &Candidate, max: u64, limits: yaml::Limits) -> Read {
    masked(read_unmasked(c, max, limits))
}

/// [`read_candidate`] with the file's bytes given (a fix pass's text for it, not yet written).
pub fn read_candidate_from(c: &Candidate, bytes: Vec<u8>, limits: yaml::Limits) -> Read {
    masked(parse_candidate(c, bytes, limits))
}

fn masked(read: Read) -> Read {
    match read {
        Read::File(mut f) => {
            f.path = mask_random(&f.path);
            f.source.rel = mask_random(&f.source.rel);
            Read::File(f)
        }
        Read::Skip(rel, why) => Read::Skip(mask_random(&rel), why),
        Read::Error(mut e) => {
            e.path = mask_random(&e.path);
            Read::Error(e)
        }
        Read::NotConfig => Read::NotConfig,
    }
}

fn read_unmasked(c: &Candidate, max: u64, limits: yaml::Limits) -> Read {
    if c.explicit && named_link_leaves_repository(&c.path) {
        return Read::Skip(c.rel.clone(), "a symbolic link to outside the repository; not followed".into());
    }
    let bytes = match read_bounded(&c.path, max) {
        Ok(b) => b,
        Err(ReadFailure::NotAFile) => return Read::Skip(c.rel.clone(), "not a regular file".into()),
        Err(ReadFailure::TooLarge(max)) => {
            return Read::Skip(c.rel.clone(), format!("larger than the {max}-byte limit (max-file-size)"));
        }
        Err(ReadFailure::Io(e)) => {
            return Read::Error(FileError { path: c.rel.clone(), message: format!("cannot read: {e}") });
        }
    };
    parse_candidate(c, bytes, limits)
}

fn parse_candidate(c: &Candidate, bytes: Vec<u8>, limits: yaml::Limits) -> Read {
    match parse_bytes(c.rel.clone(), c.class, bytes, limits) {
        Read::File(mut f) => {
            f.context = c.context;
            f.disk = Some(c.path.clone());
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

/// A parser's message may quote the input: cut to a bounded length, random tokens masked.
fn parser_message(message: &str) -> String {
    bounded(message, 300)
}

fn parse_text(rel: String, class: Class, bytes: Vec<u8>, limits: yaml::Limits) -> Read {
    let mut problems = Vec::new();
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let kind = match class {
            Class::Kind(k) => k,
            Class::Sniff => return Read::Skip(rel, "UTF-16 encoded; srm-lint reads UTF-8".into()),
        };
        problems.push(Problem::new(Span::new(0, 0), "the file is UTF-16 encoded; save it as UTF-8"));
        return unread(kind, SourceFile::new(rel, String::new()), problems);
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
        return unread(kind, SourceFile::new(rel, text), problems);
    }
    let mut comments = Vec::new();
    // Composer reads its JSON files with the last of duplicate keys winning.
    let composer = matches!(kind, FileKind::ComposerJson | FileKind::ComposerLock | FileKind::AuthJson);
    let dup = |problems: &mut Vec<_>, dups: Vec<(String, Span, Span)>, tolerated: bool| {
        for (key, first, again) in dups {
            let key = bounded(&key, 80);
            let message = if tolerated {
                format!("duplicate key `{key}`: Composer uses this value and ignores the first")
            } else {
                format!("duplicate key `{key}`")
            };
            problems.push(Problem {
                span: again,
                message,
                labels: vec![(first, "first defined here".to_string())],
                tolerated,
            });
        }
    };
    let doc = match kind.info().syntax {
        Syntax::Yaml => {
            let y = yaml::parse_with(&text, limits);
            comments = y.comments;
            problems.extend(y.errors.into_iter().map(|e| Problem::new(e.span, parser_message(&e.message))));
            dup(&mut problems, y.duplicates, false);
            for span in y.unknown_aliases {
                let name = bounded(&text[span.start..span.end], 80);
                let message =
                    format!("`{name}` is an alias to an anchor that is not defined (quote the value if it is text)");
                problems.push(Problem::new(span, message));
            }
            Doc::Tree(y.tree)
        }
        Syntax::Json => {
            let j = json::parse(&text);
            problems.extend(j.errors.into_iter().map(|e| Problem::new(e.span, parser_message(&e.message))));
            dup(&mut problems, j.duplicates, composer);
            Doc::Tree(j.tree)
        }
        Syntax::Dotenv => {
            let mut d = dotenv::parse(&text);
            comments = std::mem::take(&mut d.comments);
            problems.extend(d.errors.drain(..).map(|e| Problem::new(e.span, parser_message(&e.message))));
            Doc::Dotenv(d)
        }
        Syntax::Dockerfile => {
            let mut d = dockerfile::parse(&text);
            comments = std::mem::take(&mut d.comments);
            problems.extend(d.errors.drain(..).map(|e| Problem::new(e.span, parser_message(&e.message))));
            Doc::Dockerfile(d)
        }
        Syntax::Requirements => {
            let mut r = requirements::parse(&text);
            comments = std::mem::take(&mut r.comments);
            problems.extend(r.errors.drain(..).map(|e| Problem::new(e.span, parser_message(&e.message))));
            Doc::Requirements(r)
        }
        Syntax::Text => Doc::Text,
    };
    parsed(kind, SourceFile::new(rel, text), doc, comments, problems)
}

/// A file that is read but not parsed (wrong encoding): its problems say why.
fn unread(kind: FileKind, source: SourceFile, problems: Vec<Problem>) -> Read {
    parsed(kind, source, Doc::Text, Vec::new(), problems)
}

/// A read file; its id, path and includes are set by the caller.
fn parsed(
    kind: FileKind,
    source: SourceFile,
    doc: Doc,
    comments: Vec<crate::source::Comment>,
    problems: Vec<Problem>,
) -> Read {
    Read::File(Box::new(ParsedFile {
        id: 0,
        kind,
        path: String::new(),
        source,
        doc,
        comments,
        problems,
        context: false,
        includes: Default::default(),
        disk: None,
    }))
}
