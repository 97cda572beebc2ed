//! `srm-lint server` driven over standard input and output with JSON-RPC framing, as an editor
//! drives it.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const ROUTES: &str = "\"https://{default}/\":\n  type: upstream\n  upstream: \"app:http\"\n\"http://api.{default}/\":\n  type: upstream\n  upstream: \"api:http\"\n";

struct Server {
    child: Child,
    stdin: ChildStdin,
    rx: mpsc::Receiver<Value>,
    next_id: i64,
}

impl Server {
    fn start(root: &std::path::Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_srm-lint"))
            .arg("server")
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length:") {
                        length = n.trim().parse().unwrap();
                    }
                }
                let mut body = vec![0; length];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Server { child, stdin, rx, next_id: 1 }
    }

    fn write_raw(&mut self, body: &[u8]) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.write_raw(json!({"jsonrpc": "2.0", "method": method, "params": params}).to_string().as_bytes());
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.write_raw(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}).to_string().as_bytes());
        self.wait(|m| m["id"] == id && m.get("method").is_none())
    }

    /// The next message that `pick`s, within 20 seconds (others are dropped).
    fn wait(&mut self, pick: impl Fn(&Value) -> bool) -> Value {
        let end = Instant::now() + Duration::from_secs(20);
        loop {
            let left = end.saturating_duration_since(Instant::now());
            let m = self.rx.recv_timeout(left).expect("no message in time");
            if pick(&m) {
                return m;
            }
        }
    }

    /// Opens a document and returns its first diagnostics (`publishDiagnostics` params).
    fn open(&mut self, uri: &str, language: &str, version: i64, text: &str) -> Value {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": version, "text": text}}),
        );
        self.diagnostics(uri)
    }

    /// `shutdown` and `exit`; returns the exit code.
    fn stop(mut self) -> Option<i32> {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r["result"], Value::Null, "{r}");
        self.notify("exit", Value::Null);
        self.child.wait().unwrap().code()
    }

    fn diagnostics(&mut self, uri: &str) -> Value {
        self.wait(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)["params"].clone()
    }
}

fn project() -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    std::fs::create_dir(root.join(".platform")).unwrap();
    let path = root.join(".platform/routes.yaml");
    std::fs::write(&path, ROUTES).unwrap();
    let uri = format!("file://{}", path.display());
    let root_uri = format!("file://{}", root.display());
    (dir, uri, root_uri)
}

fn initialize(s: &mut Server, root_uri: &str) {
    let r = s.request(
        "initialize",
        json!({"processId": null, "rootUri": root_uri, "capabilities": {},
               "initializationOptions": {"asOf": "2026-01-15"}}),
    );
    let caps = &r["result"]["capabilities"];
    assert_eq!(caps["hoverProvider"], true, "{r}");
    assert!(
        caps["codeActionProvider"]["codeActionKinds"].as_array().unwrap().contains(&json!("source.fixAll.srm-lint"))
    );
    s.notify("initialized", json!({}));
}

/// Applies LSP text edits (UTF-16 positions; ASCII here) to `text`.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| {
        let (line, col) = (p["line"].as_u64().unwrap() as usize, p["character"].as_u64().unwrap() as usize);
        text.split_inclusive('\n').take(line).map(str::len).sum::<usize>() + col
    };
    let mut edits: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| (offset(&e["range"]["start"]), offset(&e["range"]["end"]), e["newText"].as_str().unwrap()))
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (a, b, t) in edits {
        out.replace_range(a..b, t);
    }
    out
}

#[test]
fn lint_fix_hover_and_shutdown_over_stdio() {
    let (_dir, uri, root_uri) = project();
    let mut s = Server::start(std::path::Path::new("/"));
    initialize(&mut s, &root_uri);
    let d = s.open(&uri, "yaml", 1, ROUTES);
    let diags = d["diagnostics"].as_array().unwrap();
    let psh004 = diags.iter().find(|d| d["code"] == "PSH004").unwrap_or_else(|| panic!("{d}"));
    assert_eq!(psh004["source"], "srm-lint");
    assert_eq!(psh004["severity"], 1);
    assert_eq!(psh004["range"]["start"]["line"], 3, "{psh004}");
    assert!(psh004["codeDescription"]["href"].as_str().unwrap().ends_with("PSH004.md"), "{psh004}");
    assert!(psh004["message"].as_str().unwrap().contains("platformsh."), "the clause: {psh004}");

    // Hover on the finding.
    let hover =
        s.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": psh004["range"]["start"]}));
    let text = hover["result"]["contents"]["value"].as_str().unwrap_or_else(|| panic!("{hover}"));
    assert!(text.contains("PSH004") && text.contains("**Why**") && text.contains("**Fix**"), "{text}");
    let nothing =
        s.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 2}}));
    assert_eq!(nothing["result"], Value::Null);

    // Code actions: the fix (preferred), the suppression; fix-all.
    let actions = s.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": psh004["range"], "context": {"diagnostics": []}}),
    );
    let actions = actions["result"].as_array().unwrap().clone();
    let fix = actions.iter().find(|a| a["isPreferred"] == true).unwrap_or_else(|| panic!("{actions:?}"));
    assert_eq!(fix["kind"], "quickfix");
    let suppress = actions.iter().find(|a| a["title"] == "Suppress PSH004 on this line").unwrap();
    let suppressed = apply(ROUTES, suppress["edit"]["changes"][&uri].as_array().unwrap());
    assert!(suppressed.contains("\"http://api.{default}/\":  # srm-lint: ignore[PSH004] reason\n"), "{suppressed}");
    assert!(actions.iter().any(|a| a["kind"] == "source.fixAll.srm-lint"), "{actions:?}");
    let fixed = apply(ROUTES, fix["edit"]["changes"][&uri].as_array().unwrap());
    assert!(fixed.contains("\"https://api.{default}/\""), "{fixed}");

    // The edit applied and sent: the finding is gone.
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    let d = s.diagnostics(&uri);
    assert_eq!(d["version"], 2);
    assert!(!d["diagnostics"].as_array().unwrap().iter().any(|d| d["code"] == "PSH004"), "{d}");

    // Only fix-all was asked for.
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": ROUTES}]}),
    );
    s.diagnostics(&uri);
    let all = s.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let all = all["result"].as_array().unwrap();
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(apply(ROUTES, all[0]["edit"]["changes"][&uri].as_array().unwrap()), fixed);

    // Closing clears the diagnostics.
    s.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
    let d = s.diagnostics(&uri);
    assert_eq!(d["diagnostics"], json!([]));

    assert_eq!(s.stop(), Some(0));
}

#[test]
fn malformed_messages_get_errors_and_the_server_stays_up() {
    let (_dir, uri, root_uri) = project();
    let mut s = Server::start(std::path::Path::new("/"));
    s.write_raw(b"{this is not json");
    let e = s.wait(|m| m.get("error").is_some());
    assert_eq!(e["error"]["code"], -32700, "{e}");
    assert_eq!(e["id"], Value::Null);
    s.write_raw(b"[1, 2]");
    let e = s.wait(|m| m.get("error").is_some());
    assert_eq!(e["error"]["code"], -32600, "{e}");
    // A request before `initialize`.
    let r = s.request("textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], -32002, "{r}");
    initialize(&mut s, &root_uri);
    // Bad parameters, an unknown method, an unknown notification, a bad position.
    let r = s.request("textDocument/hover", json!({"textDocument": 7}));
    assert_eq!(r["error"]["code"], -32602, "{r}");
    let r = s.request("srm-lint/nothing", json!({}));
    assert_eq!(r["error"]["code"], -32601, "{r}");
    s.notify("textDocument/didOpen", json!({"textDocument": {"uri": 5}}));
    s.open(&uri, "yaml", 1, "\u{0}\u{fffd}: [\n");
    let r = s.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 99999, "character": 99999}}),
    );
    assert!(r.get("error").is_none(), "{r}");
    // Still answering.
    assert_eq!(s.stop(), Some(0));
}

#[test]
fn unsaved_text_is_linted_with_its_project_and_config_changes_relint() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    // The Dockerfile makes the folder an Astro project, where AST015 reads requirements files.
    std::fs::write(root.join("Dockerfile"), "FROM quay.io/astronomer/astro-runtime:12.8.0\n").unwrap();
    std::fs::write(root.join("requirements.txt"), "requests==2.32.3\n").unwrap();
    std::fs::write(root.join("srm-lint.toml"), "ignore = []\n").unwrap();
    let uri = format!("file://{}/requirements.txt", root.display());
    let mut s = Server::start(std::path::Path::new("/"));
    let r = s.request(
        "initialize",
        json!({"processId": null, "rootUri": format!("file://{}", root.display()),
               "capabilities": {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}},
               "initializationOptions": {"asOf": "2026-01-15"}}),
    );
    assert!(r.get("result").is_some(), "{r}");
    s.notify("initialized", json!({}));
    // The server asks to watch config files.
    let reg = s.wait(|m| m["method"] == "client/registerCapability");
    assert!(reg.to_string().contains("srm-lint.toml"), "{reg}");
    let d = s.open(&uri, "pip-requirements", 1, "pandas\n");
    assert!(d["diagnostics"].as_array().unwrap().iter().any(|d| d["code"] == "AST015"), "{d}");

    // The config changed to ignore the rule, announced by the client: the document is linted again.
    std::fs::write(root.join("srm-lint.toml"), "ignore = [\"AST015\"]\n").unwrap();
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": format!("file://{}/srm-lint.toml", root.display()), "type": 1}]}),
    );
    let d = s.diagnostics(&uri);
    assert_eq!(d["diagnostics"], json!([]), "{d}");

    // Without the Dockerfile the folder is no Astro project (context is read from disk).
    std::fs::remove_file(root.join("srm-lint.toml")).unwrap();
    std::fs::remove_file(root.join("Dockerfile")).unwrap();
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": format!("file://{}/srm-lint.toml", root.display()), "type": 3}]}),
    );
    let d = s.diagnostics(&uri);
    assert_eq!(d["diagnostics"], json!([]), "{d}");
    assert_eq!(s.stop(), Some(0));
}

/// A real client: headless Neovim (0.7's `vim.lsp.start_client`) opens a routes file, gets the
/// PSH004 diagnostic, applies its quick fix, and the finding goes away. Skips without `nvim`.
#[test]
fn neovim_shows_and_fixes_a_finding() {
    if Command::new("nvim").arg("--version").stdout(Stdio::null()).status().is_err() {
        println!("skipped: nvim not found (Debian: apt-get install neovim)");
        return;
    }
    let (dir, uri, _) = project();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let fixture = uri.strip_prefix("file://").unwrap();
    let (out, status) = (root.join("out.yaml"), root.join("status.txt"));
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/editor/nvim.lua");
    let mut child = Command::new("nvim")
        .args(["--headless", "--clean", "-n", "-i", "NONE", "-c"])
        .arg(format!("luafile {script}"))
        .env("SRM_LINT", env!("CARGO_BIN_EXE_srm-lint"))
        .env("FIXTURE", fixture)
        .env("ROOT", &root)
        .env("OUT", &out)
        .env("STATUS", &status)
        .current_dir(&root)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let end = Instant::now() + Duration::from_secs(60);
    let code = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s.code();
        }
        if Instant::now() > end {
            let _ = child.kill();
            panic!("nvim did not finish in 60 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let status = std::fs::read_to_string(&status).unwrap_or_default();
    assert!(status.starts_with("ok"), "nvim said: {status} (exit {code:?})");
    assert_eq!(code, Some(0));
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(text, ROUTES.replace("http://api", "https://api"));
}

/// A 2,000-line app file: variables, mounts and web locations, one plain-text secret-free value
/// per line.
fn big_app(edit: usize) -> String {
    let mut s = String::from("name: app\ntype: php:8.3\ndisk: 2048\nvariables:\n  env:\n");
    for i in 0..1200 {
        s.push_str(&format!("    SETTING_{i:04}: \"value {}\"\n", if i == 600 { edit } else { i }));
    }
    s.push_str("mounts:\n");
    for i in 0..199 {
        s.push_str(&format!("  \"var/m{i}\":\n    source: local\n    source_path: \"m{i}\"\n"));
    }
    s.push_str("web:\n  locations:\n");
    while s.lines().count() + 2 <= 2000 {
        let n = s.lines().count();
        s.push_str(&format!("    \"/p{n}\":\n      root: \"public\"\n"));
    }
    if s.lines().count() < 2000 {
        s.push_str("# end\n");
    }
    s
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

fn change_and_wait(s: &mut Server, uri: &str, version: i64, text: &str) -> Duration {
    let started = Instant::now();
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
    );
    s.wait(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == version);
    started.elapsed()
}

/// The latency figure of BENCHMARKS.md: `cargo test --release --test server -- --ignored
/// --nocapture latency`.
#[test]
#[ignore]
fn latency_of_an_edited_2000_line_app_file() {
    let (dir, _, root_uri) = project();
    let path = std::fs::canonicalize(dir.path()).unwrap().join(".platform.app.yaml");
    std::fs::write(&path, big_app(0)).unwrap();
    assert_eq!(big_app(0).lines().count(), 2000);
    let uri = format!("file://{}", path.display());
    let mut s = Server::start(std::path::Path::new("/"));
    initialize(&mut s, &root_uri);
    s.open(&uri, "yaml", 0, &big_app(0));
    let mut times: Vec<Duration> = (1..=200).map(|v| change_and_wait(&mut s, &uri, v, &big_app(v as usize))).collect();
    times.drain(..20); // warm-up
    times.sort();
    let pct = |p: usize| times[(times.len() - 1) * p / 100].as_secs_f64() * 1000.0;
    println!(
        "didChange → publishDiagnostics, 2,000-line app file, {} changes: median {:.1} ms, p90 {:.1} ms, max {:.1} ms",
        times.len(),
        pct(50),
        pct(90),
        pct(100)
    );
    assert_eq!(s.stop(), Some(0));
}

/// Memory while one file is edited 10,000 times: `cargo test --release --test server --
/// --ignored --nocapture memory`.
#[test]
#[ignore]
fn memory_does_not_grow_over_10000_changes() {
    let (_dir, uri, root_uri) = project();
    let mut s = Server::start(std::path::Path::new("/"));
    initialize(&mut s, &root_uri);
    let text = |v: i64| format!("{ROUTES}\"https://v{v}.{{default}}/\":\n  type: upstream\n  upstream: \"app:http\"\n");
    s.open(&uri, "yaml", 0, &text(0));
    let pid = s.child.id();
    let opened = rss_kib(pid);
    for v in 1..=1000 {
        change_and_wait(&mut s, &uri, v, &text(v));
    }
    let before = rss_kib(pid);
    for v in 1001..=10_000 {
        change_and_wait(&mut s, &uri, v, &text(v));
    }
    let after = rss_kib(pid);
    println!("server RSS after the open: {opened} KiB; after 1,000 changes: {before} KiB; after 10,000: {after} KiB");
    assert!(after < before + before / 10 + 1024, "RSS grew from {before} to {after} KiB");
    assert_eq!(s.stop(), Some(0));
}

#[test]
fn secrets_are_masked_in_diagnostics_and_hovers() {
    let (dir, _, root_uri) = project();
    let path = std::fs::canonicalize(dir.path()).unwrap().join(".platform.app.yaml");
    let text = "name: app\ntype: php:8.4\nvariables:\n  env:\n    DATABASE_URL: \"mysql://app:Xy7pQ2wLm9vR@db.internal:3306/main\"\n";
    std::fs::write(&path, "name: app\n").unwrap();
    let uri = format!("file://{}", path.display());
    let mut s = Server::start(std::path::Path::new("/"));
    initialize(&mut s, &root_uri);
    let d = s.open(&uri, "yaml", 1, text);
    let diags = d["diagnostics"].as_array().unwrap();
    let secret = diags.iter().find(|d| d["code"].as_str().unwrap().starts_with("SEC")).unwrap_or_else(|| panic!("{d}"));
    assert!(!d.to_string().contains("Xy7pQ2wLm9vR"), "{d}");
    let hover =
        s.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": secret["range"]["start"]}));
    assert!(hover["result"]["contents"]["value"].is_string(), "{hover}");
    assert!(!hover.to_string().contains("Xy7pQ2wLm9vR"), "{hover}");
    assert_eq!(s.stop(), Some(0));
}
