//! A parsed document: the file it came from, its syntax tree or token list, comments and syntax
//! problems. Discovery ([`discover`]) finds and classifies files; [`read`] reads and parses them.

pub mod discover;
pub mod git_index;
pub mod include;
pub mod read;

pub use discover::{FileKind, Syntax};

use crate::source::{Comment, SourceFile, Span};
use crate::syntax::{dockerfile, dotenv, requirements, tree::Tree};

/// A parsed config file.
#[derive(Debug)]
pub struct ParsedFile {
    /// Index in the run's files.
    pub id: usize,
    pub kind: FileKind,
    pub source: SourceFile,
    pub doc: Doc,
    pub comments: Vec<Comment>,
    /// Syntax problems found while parsing. They become SRM001.
    pub problems: Vec<Problem>,
    /// Read only as context for files named on the command line: not reported on.
    pub context: bool,
    /// The path as walked (the scanned root joined with `rel`, `/` separators): what human,
    /// SARIF and GitHub output show, so paths work from the working directory.
    pub path: String,
    /// Its `!include` sites, and the file that included it (Platform.sh family files).
    pub includes: include::Includes,
    /// Where it was read from on disk (unmasked), for writing fixes back; `None` for standard input.
    pub disk: Option<std::path::PathBuf>,
}

/// A syntax problem: where, what, and secondary labels (e.g. the first of two duplicate keys).
#[derive(Debug)]
pub struct Problem {
    pub span: Span,
    pub message: String,
    pub labels: Vec<(Span, String)>,
    /// The tool that deploys the file accepts it anyway (Composer's last-wins duplicate keys): a
    /// warning, and the file is checked.
    pub tolerated: bool,
}

impl Problem {
    pub fn new(span: Span, message: impl Into<String>) -> Problem {
        Problem { span, message: message.into(), labels: Vec::new(), tolerated: false }
    }
}

#[derive(Debug)]
pub enum Doc {
    Tree(Tree),
    Dotenv(dotenv::Dotenv),
    Dockerfile(dockerfile::Dockerfile),
    Requirements(requirements::Requirements),
    /// Kept as text only, or not parsed at all (bad encoding).
    Text,
}

impl ParsedFile {
    pub fn tree(&self) -> Option<&Tree> {
        match &self.doc {
            Doc::Tree(t) => Some(t),
            _ => None,
        }
    }
    /// The provider whose clauses apply to this file.
    pub fn provider(&self) -> &'static str {
        self.kind.info().provider
    }
    pub fn rel(&self) -> &str {
        &self.source.rel
    }
    /// The file's path from the working directory: unlike [`rel`](Self::rel), unique per file when
    /// several roots are scanned (`srm-lint a b`, both with a `.platform.app.yaml`). Models group
    /// files into projects by it, so two roots' projects are never merged.
    pub fn location(&self) -> &str {
        &self.path
    }
}

/// A file that could not be read: makes the exit code 2.
#[derive(Debug, Clone)]
pub struct FileError {
    pub path: String,
    pub message: String,
}
