//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The date every test pins, so end-of-life results never change with the calendar.
pub const AS_OF: &str = "2026-11-24";

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the binary in `dir` with `args`, the date pinned, colour off and 100 columns.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_srm-lint"))
        .current_dir(dir)
        .args(args)
        .env("SRM_LINT_AS_OF", AS_OF)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .expect("srm-lint runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// `../shared/<sub>` next to the repository, if present.
pub fn shared(sub: &str) -> Option<PathBuf> {
    let p = root().join("..").join("shared").join(sub);
    p.exists().then_some(p)
}

/// [`run_in`] with `input` on standard input (a run that exits before reading it is fine).
pub fn run_with_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_srm-lint"))
        .current_dir(dir)
        .args(args)
        .env("SRM_LINT_AS_OF", AS_OF)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("srm-lint runs");
    let _ = child.stdin.take().expect("piped").write_all(input);
    child.wait_with_output().expect("srm-lint runs")
}
