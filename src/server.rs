//! `srm-lint server`: the Language Server Protocol over standard input and output, so editors show
//! findings as the user types. Each open document is linted from its unsaved text, at its path on
//! disk, so the project around it (routes beside an app, the Dockerfile beside
//! `requirements.txt`) and the nearest `srm-lint.toml` count as in a run from the command line.
//!
//! One reader thread frames the JSON-RPC messages; the main thread handles them in batches: the
//! changes queued for a document are coalesced and only its latest text is linted. A message that
//! is not JSON, or not JSON-RPC, gets an error response and the server carries on.

use std::collections::HashMap;
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lt;
use serde_json::{Value, json};

use crate::config::{self, Overrides, Settings};
use crate::date::Date;
use crate::diagnostic::{Applicability, Fix, Severity};
use crate::document::discover::{CONFIG_NAMES, Syntax};
use crate::output::render::{self, shown};
use crate::run::{self, Options};
use crate::source::{Edit, SourceFile, Span, apply_edits, floor_char_boundary};

/// The code action kind of "fix all safe".
pub const FIX_ALL: &str = "source.fixAll.srm-lint";
/// Largest message body read (a bigger one is answered with an error and skipped).
const MAX_MESSAGE: usize = 64 << 20;
/// Longest header line read.
const MAX_HEADER: usize = 4096;

/// What the reader thread passes on.
enum Incoming {
    Message(Message),
    /// A message that could not be read: answered with this error (`id` null when unknown).
    Bad {
        id: Value,
        code: i32,
        message: String,
    },
    /// End of input (or a read error): the server stops.
    End,
}

/// Reads one framed message body: `Ok(None)` at the end of input, `Err` for a bad header (the
/// body, if any, is skipped).
fn read_frame(input: &mut impl BufRead) -> std::io::Result<Option<Result<Vec<u8>, String>>> {
    let mut length: Option<usize> = None;
    let mut bad_header = None;
    let mut any = false; // a header line was seen
    loop {
        let mut line = Vec::new();
        let n = input.by_ref().take(MAX_HEADER as u64).read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(None);
        }
        if !line.ends_with(b"\n") {
            any = true;
            bad_header = Some("header line too long".to_string());
            // Skip the rest of the line.
            let mut sink = Vec::new();
            input.by_ref().take(MAX_MESSAGE as u64).read_until(b'\n', &mut sink)?;
            continue;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if !any {
                continue; // blank lines before the headers
            }
            break;
        }
        any = true;
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) => length = Some(n),
                    Err(_) => bad_header = Some("invalid Content-Length".into()),
                }
            }
            Some(_) => {}
            None => bad_header = Some("malformed header line".into()),
        }
    }
    let Some(length) = length else {
        return Ok(Some(Err(bad_header.unwrap_or_else(|| "missing Content-Length".into()))));
    };
    if length > MAX_MESSAGE {
        std::io::copy(&mut input.by_ref().take(length as u64), &mut std::io::sink())?;
        return Ok(Some(Err(format!("message of {length} bytes is over the limit of {MAX_MESSAGE}"))));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(match bad_header {
        Some(e) => Err(e),
        None => Ok(body),
    }))
}

/// Turns a body into a message, or the error to answer it with.
fn parse_message(body: &[u8]) -> Incoming {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            return Incoming::Bad {
                id: Value::Null,
                code: ErrorCode::ParseError as i32,
                message: format!("not JSON: {}", shown(&e.to_string())),
            };
        }
    };
    let id = value.get("id").cloned().filter(|v| v.is_string() || v.is_number()).unwrap_or(Value::Null);
    let has_method = value.get("method").is_some_and(Value::is_string);
    let has_result = value.get("result").is_some() || value.get("error").is_some();
    if !value.is_object() || !(has_method || has_result) {
        return Incoming::Bad { id, code: ErrorCode::InvalidRequest as i32, message: "not a JSON-RPC message".into() };
    }
    match serde_json::from_value::<Message>(value) {
        Ok(m) => Incoming::Message(m),
        Err(e) => Incoming::Bad {
            id,
            code: ErrorCode::InvalidRequest as i32,
            message: format!("not a JSON-RPC message: {}", shown(&e.to_string())),
        },
    }
}

fn reader(input: impl Read, tx: mpsc::Sender<Incoming>) {
    let mut input = std::io::BufReader::new(input);
    loop {
        let incoming = match read_frame(&mut input) {
            Ok(Some(Ok(body))) => parse_message(&body),
            Ok(Some(Err(why))) => Incoming::Bad { id: Value::Null, code: ErrorCode::ParseError as i32, message: why },
            Ok(None) | Err(_) => Incoming::End,
        };
        let end = matches!(incoming, Incoming::End);
        if tx.send(incoming).is_err() || end {
            return;
        }
    }
}

/// Runs the server on standard input and output until `exit` or the end of input; returns the
/// exit code (0 after `shutdown`, 1 otherwise, as the protocol asks).
pub fn main() -> i32 {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || reader(std::io::stdin(), tx));
    let mut server = Server::new(Box::new(std::io::stdout()));
    server.serve(&rx)
}

/// An open document.
struct Doc {
    path: PathBuf,
    text: String,
    version: i32,
    /// Its text changed (or its context did) since it was last linted.
    dirty: bool,
    lint: Lint,
}

/// A document's findings as of its last lint, over the text the rules read.
#[derive(Default)]
struct Lint {
    source: Option<SourceFile>,
    syntax: Option<Syntax>,
    findings: Vec<Found>,
}

/// One finding as the editor is shown it; texts are already scrubbed and [`shown`].
struct Found {
    code: &'static str,
    span: Span,
    message: String,
    severity: Severity,
    labels: Vec<(Span, String)>,
    fix: Option<Fix>,
    help: String,
    clause: Option<&'static crate::data::clauses::Clause>,
}

struct Server {
    out: Box<dyn Write>,
    /// The folder linting runs from (the workspace root): paths below it are linted with their
    /// project around them.
    root: Option<PathBuf>,
    as_of: Option<Date>,
    /// `initializationOptions.config`: one config file for every document.
    config: Option<PathBuf>,
    /// Loaded config files (path → settings, or the error message), until one changes.
    settings: HashMap<PathBuf, Result<Settings, String>>,
    docs: HashMap<String, Doc>,
    initialized: bool,
    /// The client can watch files for the server (config changes).
    watch: bool,
    shutdown: bool,
}

impl Server {
    fn new(out: Box<dyn Write>) -> Server {
        Server {
            out,
            root: None,
            as_of: None,
            config: None,
            settings: HashMap::new(),
            docs: HashMap::new(),
            initialized: false,
            watch: false,
            shutdown: false,
        }
    }

    fn send(&mut self, message: Message) {
        let _ = message.write(&mut self.out);
    }

    fn send_value(&mut self, value: &Value) {
        let body = value.to_string();
        let _ = write!(self.out, "Content-Length: {}\r\n\r\n{body}", body.len());
        let _ = self.out.flush();
    }

    fn notify(&mut self, method: &str, params: impl serde::Serialize) {
        self.send(Message::Notification(Notification::new(method.into(), params)));
    }

    fn log(&mut self, text: &str) {
        self.notify("window/logMessage", json!({"type": 2, "message": format!("srm-lint: {}", shown(text))}));
    }

    /// Handles messages until `exit` or the end of input.
    fn serve(&mut self, rx: &mpsc::Receiver<Incoming>) -> i32 {
        while let Ok(first) = rx.recv() {
            let mut batch = vec![first];
            batch.extend(rx.try_iter());
            for incoming in batch {
                match incoming {
                    Incoming::End => return 1,
                    Incoming::Bad { id, code, message } => self
                        .send_value(&json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})),
                    Incoming::Message(Message::Notification(n)) if n.method == "exit" => {
                        return if self.shutdown { 0 } else { 1 };
                    }
                    Incoming::Message(Message::Request(r)) => self.request(r),
                    Incoming::Message(Message::Notification(n)) => self.notification(n),
                    Incoming::Message(Message::Response(_)) => {}
                }
            }
            // Only the latest text of each changed document is linted.
            self.lint_dirty();
        }
        1
    }

    fn request(&mut self, r: Request) {
        let id = r.id.clone();
        let result = if r.method == "initialize" {
            self.initialize(r.params)
        } else if !self.initialized {
            Err((ErrorCode::ServerNotInitialized, "the server is not initialized".to_string()))
        } else if self.shutdown {
            Err((ErrorCode::InvalidRequest, "the server is shutting down".to_string()))
        } else {
            match r.method.as_str() {
                "shutdown" => {
                    self.shutdown = true;
                    Ok(Value::Null)
                }
                "textDocument/codeAction" => params(r.params).map(|p| self.code_actions(&p)),
                "textDocument/hover" => params(r.params).map(|p| self.hover(&p)),
                _ => Err((ErrorCode::MethodNotFound, format!("unknown method `{}`", shown(&r.method)))),
            }
        };
        let response = match result {
            Ok(v) => Response::new_ok(id, v),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        };
        self.send(Message::Response(response));
    }

    fn initialize(&mut self, p: Value) -> Result<Value, (ErrorCode, String)> {
        let p: lt::InitializeParams = params(p)?;
        let options = p.initialization_options.unwrap_or(Value::Null);
        if let Some(s) = options.get("asOf").and_then(Value::as_str) {
            self.as_of = Some(Date::parse(s).map_err(|e| (ErrorCode::InvalidParams, format!("asOf: {e}")))?);
        }
        #[allow(deprecated)]
        let root = p
            .workspace_folders
            .as_ref()
            .and_then(|f| f.first())
            .map(|f| f.uri.clone())
            .or(p.root_uri)
            .and_then(|u| u.to_file_path().ok());
        if let Some(root) = root.and_then(|r| std::fs::canonicalize(r).ok())
            && std::env::set_current_dir(&root).is_ok()
        {
            self.root = Some(root);
        }
        if let Some(c) = options.get("config").and_then(Value::as_str) {
            let c = PathBuf::from(c);
            self.config = Some(if c.is_absolute() { c } else { self.base().join(c) });
        }
        self.initialized = true;
        let watch = p
            .capabilities
            .workspace
            .and_then(|w| w.did_change_watched_files)
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        self.watch = watch;
        Ok(json!({
            "capabilities": {
                "textDocumentSync": {"openClose": true, "change": 1, "save": {"includeText": true}},
                "codeActionProvider": {"codeActionKinds": ["quickfix", FIX_ALL]},
                "hoverProvider": true,
            },
            "serverInfo": {"name": "srm-lint", "version": env!("CARGO_PKG_VERSION")},
        }))
    }

    /// Asks the client to report changes to config files (after `initialized`, as the protocol
    /// wants).
    fn register_watch(&mut self) {
        let watchers: Vec<Value> = CONFIG_NAMES.iter().map(|n| json!({"globPattern": format!("**/{n}")})).collect();
        self.send(Message::Request(Request::new(
            RequestId::from("srm-lint/watch".to_string()),
            "client/registerCapability".into(),
            json!({"registrations": [{
                "id": "srm-lint-config",
                "method": "workspace/didChangeWatchedFiles",
                "registerOptions": {"watchers": watchers},
            }]}),
        )));
    }

    /// The folder relative paths are taken from.
    fn base(&self) -> PathBuf {
        self.root.clone().or_else(|| std::env::current_dir().ok()).unwrap_or_default()
    }

    fn notification(&mut self, n: Notification) {
        if !self.initialized {
            return;
        }
        match n.method.as_str() {
            "initialized" if self.watch => self.register_watch(),
            "textDocument/didOpen" => {
                if let Ok(p) = params::<lt::DidOpenTextDocumentParams>(n.params) {
                    let Ok(path) = p.text_document.uri.to_file_path() else { return };
                    let doc = Doc {
                        path,
                        text: p.text_document.text,
                        version: p.text_document.version,
                        dirty: true,
                        lint: Lint::default(),
                    };
                    self.docs.insert(p.text_document.uri.to_string(), doc);
                }
            }
            "textDocument/didChange" => {
                if let Ok(p) = params::<lt::DidChangeTextDocumentParams>(n.params)
                    && let Some(doc) = self.docs.get_mut(p.text_document.uri.as_str())
                {
                    // Full sync: the last change holds the whole text.
                    if let Some(c) = p.content_changes.into_iter().rev().find(|c| c.range.is_none()) {
                        doc.text = c.text;
                        doc.version = p.text_document.version;
                        doc.dirty = true;
                    }
                }
            }
            "textDocument/didSave" => {
                if let Ok(p) = params::<lt::DidSaveTextDocumentParams>(n.params) {
                    if let (Some(text), Some(doc)) = (p.text, self.docs.get_mut(p.text_document.uri.as_str())) {
                        doc.text = text;
                    }
                    // The saved file is context for the other open documents.
                    self.docs.values_mut().for_each(|d| d.dirty = true);
                }
            }
            "textDocument/didClose" => {
                if let Ok(p) = params::<lt::DidCloseTextDocumentParams>(n.params)
                    && self.docs.remove(p.text_document.uri.as_str()).is_some()
                {
                    self.notify(
                        "textDocument/publishDiagnostics",
                        json!({"uri": p.text_document.uri, "diagnostics": []}),
                    );
                }
            }
            "workspace/didChangeWatchedFiles" => {
                if let Ok(p) = params::<lt::DidChangeWatchedFilesParams>(n.params) {
                    let config_changed = p.changes.iter().any(|c| {
                        let path = c.uri.path();
                        CONFIG_NAMES.iter().any(|name| path.rsplit('/').next() == Some(name))
                    });
                    if config_changed {
                        self.settings.clear();
                    }
                    self.docs.values_mut().for_each(|d| d.dirty = true);
                }
            }
            _ => {}
        }
    }

    fn lint_dirty(&mut self) {
        let mut dirty: Vec<String> = self.docs.iter().filter(|(_, d)| d.dirty).map(|(u, _)| u.clone()).collect();
        dirty.sort();
        for uri in dirty {
            self.lint(&uri);
        }
    }

    /// The run's settings for a document: `initializationOptions.config`, else the nearest config
    /// file above it (each file then follows the nearest one above it), else the defaults.
    fn settings_for(&mut self, path: &Path) -> (Option<PathBuf>, bool) {
        let (file, explicit) = match &self.config {
            Some(c) => (Some(c.clone()), true),
            None => (path.parent().and_then(config::find), false),
        };
        if let Some(f) = &file
            && !self.settings.contains_key(f)
        {
            let loaded = if explicit { config::load(f) } else { config::load_discovered(f) };
            let loaded = loaded.map_err(|e| format!("{}: {}", e.path.display(), e.message));
            if let Err(e) = &loaded {
                let e = e.clone();
                self.log(&format!("invalid config, using the defaults: {e}"));
            }
            self.settings.insert(f.clone(), loaded);
        }
        (file, explicit)
    }

    /// Lints a document's current text and publishes its diagnostics.
    fn lint(&mut self, uri: &str) {
        let Some(doc) = self.docs.get(uri) else { return };
        let path = doc.path.clone();
        let (config_file, explicit) = self.settings_for(&path);
        let default = Settings::default();
        let settings = match config_file.as_ref().and_then(|f| self.settings.get(f)) {
            Some(Ok(s)) => s,
            _ => &default,
        };
        let Some(doc) = self.docs.get_mut(uri) else { return };
        // A bug that panics on some text costs that text's diagnostics, not the editor's server.
        let (root, as_of, text) = (self.root.as_deref(), self.as_of, &doc.text);
        let lint = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            lint_text(&path, text, root, as_of, settings, !explicit)
        }));
        let failed = lint.is_err();
        doc.lint = lint.unwrap_or_default();
        doc.dirty = false;
        let Ok(url) = lt::Url::parse(uri) else { return };
        let diagnostics: Vec<lt::Diagnostic> = doc.lint.diagnostics(&url);
        let version = doc.version;
        if failed {
            self.log("internal error: linting this file failed; please report it");
        }
        self.notify(
            "textDocument/publishDiagnostics",
            lt::PublishDiagnosticsParams { uri: url, diagnostics, version: Some(version) },
        );
    }

    /// The document of a request, linted if its latest text was not yet.
    fn current(&mut self, uri: &lt::Url) -> Option<&Doc> {
        if self.docs.get(uri.as_str())?.dirty {
            self.lint(uri.as_str());
        }
        self.docs.get(uri.as_str())
    }

    fn code_actions(&mut self, p: &lt::CodeActionParams) -> Value {
        let uri = &p.text_document.uri;
        let Some(doc) = self.current(uri) else { return json!([]) };
        let lint = &doc.lint;
        let Some(source) = lint.source.as_ref().filter(|s| s.text == doc.text) else { return json!([]) };
        let wants = |kind: &str| {
            p.context.only.as_ref().is_none_or(|only| {
                only.iter().any(|k| kind == k.as_str() || kind.starts_with(&format!("{}.", k.as_str())))
            })
        };
        let mut out = Vec::new();
        for f in lint.findings.iter().filter(|f| overlaps(range(source, f.span), p.range)) {
            let diagnostic = f.diagnostic(source, uri);
            if let Some(fix) = &f.fix
                && wants("quickfix")
            {
                let title = match fix.applicability {
                    Applicability::Safe => shown(&fix.title).into_owned(),
                    Applicability::Unsafe => format!("(unsafe) {}", shown(&fix.title)),
                };
                out.push(json!({
                    "title": title,
                    "kind": "quickfix",
                    "diagnostics": [diagnostic],
                    "isPreferred": fix.applicability == Applicability::Safe,
                    "edit": {"changes": {uri.as_str(): text_edits(source, &fix.edits)}},
                }));
            }
            let comments =
                matches!(lint.syntax, Some(Syntax::Yaml | Syntax::Dotenv | Syntax::Dockerfile | Syntax::Requirements));
            if comments && wants("quickfix") {
                let end = source.line_span(source.line_of(f.span.start)).end;
                let edit = Edit::insert(end, format!("  # srm-lint: ignore[{}] reason", f.code));
                out.push(json!({
                    "title": format!("Suppress {} on this line", f.code),
                    "kind": "quickfix",
                    "diagnostics": [diagnostic],
                    "edit": {"changes": {uri.as_str(): text_edits(source, &[edit])}},
                }));
            }
        }
        if wants(FIX_ALL)
            && let Some(new) = lint.fix_all()
        {
            let whole = lt::Range::new(lt::Position::new(0, 0), position(source, source.text.len()));
            out.push(json!({
                "title": "Fix all safe srm-lint findings",
                "kind": FIX_ALL,
                "edit": {"changes": {uri.as_str(): [{"range": whole, "newText": new}]}},
            }));
        }
        Value::Array(out)
    }

    fn hover(&mut self, p: &lt::HoverParams) -> Value {
        let uri = &p.text_document_position_params.text_document.uri;
        let at = p.text_document_position_params.position;
        let Some(doc) = self.current(uri) else { return Value::Null };
        let Some(source) = &doc.lint.source else { return Value::Null };
        let found: Vec<&Found> = doc
            .lint
            .findings
            .iter()
            .filter(|f| {
                let r = range(source, f.span);
                r.start <= at && at <= r.end
            })
            .collect();
        if found.is_empty() {
            return Value::Null;
        }
        let text: Vec<String> = found.iter().map(|f| f.hover()).collect();
        json!({"contents": {"kind": "markdown", "value": text.join("\n\n---\n\n")}})
    }
}

fn params<P: serde::de::DeserializeOwned>(p: Value) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(p)
        .map_err(|e| (ErrorCode::InvalidParams, format!("invalid params: {}", shown(&e.to_string()))))
}

/// Lints `text` as the file at `path`: from `root` (the working folder) when the file is below it,
/// so its project is read around it; `per_file`: each file follows the nearest config above it.
fn lint_text(
    path: &Path,
    text: &str,
    root: Option<&Path>,
    as_of: Option<Date>,
    settings: &Settings,
    per_file: bool,
) -> Lint {
    let rel = root.and_then(|r| path.strip_prefix(r).ok()).map_or_else(|| path.to_path_buf(), Path::to_path_buf);
    let mut opts = Options {
        as_of,
        per_file: per_file.then(Overrides::default),
        // Named from the working folder as the command line would name it.
        ..Options::default()
    };
    let on_disk = path.is_file();
    if on_disk {
        opts.paths = vec![rel.clone()];
        opts.overlay.insert(rel.clone(), text.as_bytes().to_vec());
    } else {
        opts.stdin = Some((rel.to_string_lossy().into_owned(), text.as_bytes().to_vec()));
    }
    let mut report = run::run(&opts, settings);
    let Some(id) = report.files.iter().position(|f| {
        !f.context
            && f.includes.from.is_none()
            && if on_disk { f.disk.as_deref() == Some(&rel) } else { f.disk.is_none() }
    }) else {
        return Lint::default();
    };
    let findings = render::views(&report)
        .into_iter()
        .filter(|v| v.finding.file == id && v.suppressed.is_none())
        .map(|v| Found {
            code: v.finding.code,
            span: v.finding.span,
            message: v.message.into_owned(),
            severity: v.severity,
            labels: v.labels.into_iter().map(|(s, t)| (s, t.into_owned())).collect(),
            fix: if v.more == 0 { v.finding.fix.clone() } else { None },
            help: v.help.into_owned(),
            clause: v.clause,
        })
        .collect();
    let file = report.files.swap_remove(id);
    Lint { source: Some(file.source), syntax: Some(file.kind.info().syntax), findings }
}

impl Lint {
    fn diagnostics(&self, uri: &lt::Url) -> Vec<lt::Diagnostic> {
        let Some(source) = &self.source else { return Vec::new() };
        self.findings.iter().map(|f| f.diagnostic(source, uri)).collect()
    }

    /// The text with every safe fix applied (one pass of the fix engine), if any applies.
    fn fix_all(&self) -> Option<String> {
        let source = self.source.as_ref()?;
        let groups: Vec<&[Edit]> = self
            .findings
            .iter()
            .filter_map(|f| f.fix.as_ref())
            .filter(|x| x.applicability == Applicability::Safe)
            .map(|x| &x.edits[..])
            .collect();
        if groups.is_empty() {
            return None;
        }
        let (new, applied) = apply_edits(&source.text, &groups);
        applied.contains(&true).then_some(new)
    }
}

impl Found {
    fn diagnostic(&self, source: &SourceFile, uri: &lt::Url) -> lt::Diagnostic {
        let meta = crate::diagnostic::meta(self.code);
        let message = match self.clause {
            Some(c) => format!("{} [{}: {}]", self.message, c.id, c.title),
            None => self.message.clone(),
        };
        lt::Diagnostic {
            range: range(source, self.span),
            severity: Some(match self.severity {
                Severity::Error => lt::DiagnosticSeverity::ERROR,
                Severity::Warning => lt::DiagnosticSeverity::WARNING,
                Severity::Note => lt::DiagnosticSeverity::INFORMATION,
            }),
            code: Some(lt::NumberOrString::String(self.code.to_string())),
            code_description: meta
                .and_then(|m| lt::Url::parse(&m.docs_url()).ok())
                .map(|href| lt::CodeDescription { href }),
            source: Some("srm-lint".into()),
            message,
            related_information: (!self.labels.is_empty()).then(|| {
                self.labels
                    .iter()
                    .map(|(s, t)| lt::DiagnosticRelatedInformation {
                        location: lt::Location { uri: uri.clone(), range: range(source, *s) },
                        message: t.clone(),
                    })
                    .collect()
            }),
            tags: None,
            data: None,
        }
    }

    /// Markdown: the rule, why (the clause, its owner and provider), how to fix.
    fn hover(&self) -> String {
        let mut out = String::new();
        if let Some(m) = crate::diagnostic::meta(self.code) {
            out.push_str(&format!("**{}** `{}`: {}\n\n", self.code, m.name, shown(&m.summary)));
        }
        if let Some(c) = self.clause {
            out.push_str(&format!(
                "**Why**: {} ({}; {} responsibility, provider `{}`)\n\n",
                shown(&c.title),
                c.id,
                c.owner,
                c.provider
            ));
        }
        out.push_str(&format!("**Fix**: {}", self.help));
        if let Some(fix) = &self.fix {
            out.push_str(&format!(" (quick fix, {}: {})", fix.applicability.as_str(), shown(&fix.title)));
        }
        if let Some(m) = crate::diagnostic::meta(self.code) {
            out.push_str(&format!("\n\n[{} documentation]({})", self.code, m.docs_url()));
        }
        out
    }
}

/// The LSP position of a byte offset: 0-based line, and column in UTF-16 code units.
fn position(source: &SourceFile, offset: usize) -> lt::Position {
    let offset = floor_char_boundary(&source.text, offset.min(source.text.len()));
    let line = source.line_of(offset);
    let start = source.line_span(line).start.min(offset);
    let column = source.text[start..offset].encode_utf16().count();
    lt::Position::new((line - 1) as u32, column as u32)
}

fn range(source: &SourceFile, span: Span) -> lt::Range {
    lt::Range::new(position(source, span.start), position(source, span.end))
}

/// Whether two ranges share a position (touching counts: a cursor at a finding's end).
fn overlaps(a: lt::Range, b: lt::Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

fn text_edits(source: &SourceFile, edits: &[Edit]) -> Vec<lt::TextEdit> {
    edits.iter().map(|e| lt::TextEdit { range: range(source, e.span), new_text: e.content.clone() }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_code_units() {
        let source = SourceFile::new("x".into(), "a: é😀b\r\nc: d\n".into());
        // `b` is after `a: ` (3), `é` (1 unit, 2 bytes) and `😀` (2 units, 4 bytes).
        let b = source.text.find('b').unwrap();
        assert_eq!(position(&source, b), lt::Position::new(0, 6));
        let c = source.text.find('c').unwrap();
        assert_eq!(position(&source, c), lt::Position::new(1, 0));
        // Inside a character: its start.
        assert_eq!(position(&source, b - 1), lt::Position::new(0, 4));
        assert_eq!(position(&source, source.text.len()), lt::Position::new(2, 0));
    }

    #[test]
    fn malformed_frames_are_answered_not_fatal() {
        let exit = r#"{"jsonrpc":"2.0","method":"exit","params":{}}"#;
        let input = format!(
            "Content-Length: 5\r\n\r\n{{oops\
Content-Length: 2\r\n\r\n[]\
Content-Length: x\r\n\r\n\
Content-Length: {}\r\n\r\n{exit}",
            exit.len()
        );
        let (tx, rx) = mpsc::channel();
        reader(input.as_bytes(), tx);
        let got: Vec<Incoming> = rx.try_iter().collect();
        assert!(matches!(got[0], Incoming::Bad { code: -32700, .. }));
        assert!(matches!(got[1], Incoming::Bad { code: -32600, .. }));
        assert!(matches!(got[2], Incoming::Bad { code: -32700, .. }));
        assert!(matches!(&got[3], Incoming::Message(Message::Notification(n)) if n.method == "exit"));
        assert!(matches!(got[4], Incoming::End));
    }

    /// A writer the test can read afterwards.
    #[derive(Clone, Default)]
    struct Shared(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn queued_changes_are_coalesced_and_only_the_latest_text_is_linted() {
        let uri = "file:///nowhere/.platform/routes.yaml";
        let text = |v: i32| format!("\"http://v{v}.{{default}}/\":\n  type: upstream\n  upstream: \"app:http\"\n");
        let (tx, rx) = mpsc::channel();
        let send = |m: Message| tx.send(Incoming::Message(m)).unwrap();
        send(Message::Request(Request::new(
            RequestId::from(1),
            "initialize".into(),
            json!({"capabilities": {}, "initializationOptions": {"asOf": "2026-01-15"}}),
        )));
        send(Message::Notification(Notification::new(
            "textDocument/didOpen".into(),
            json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text(1)}}),
        )));
        for v in 2..=50 {
            send(Message::Notification(Notification::new(
                "textDocument/didChange".into(),
                json!({"textDocument": {"uri": uri, "version": v}, "contentChanges": [{"text": text(v)}]}),
            )));
        }
        drop(tx);
        let out = Shared::default();
        Server::new(Box::new(out.clone())).serve(&rx);
        let out = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        let published: Vec<&str> = out.split("Content-Length").filter(|m| m.contains("publishDiagnostics")).collect();
        assert_eq!(published.len(), 1, "{out}");
        assert!(published[0].contains("\"version\":50") && published[0].contains("PSH004"), "{out}");
    }
}
