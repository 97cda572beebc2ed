//! `--fix`, `--unsafe-fixes`, `--diff`: the findings' fixes applied by one engine. A pass lints,
//! applies each file's fixes that do not overlap ([`crate::source::apply_edits`]), and re-parses
//! the result: a fix that would leave the file unparsable is dropped and reported. The next pass
//! lints the fixed texts (kept in memory) again, until no fix applies or [`MAX_PASSES`]. Files are
//! written only at the end, only when changed, atomically, and never through a link that leads
//! out of the scanned paths.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use crate::config::Settings;
use crate::diagnostic::{Finding, RunResult};
use crate::document::ParsedFile;
use crate::document::discover::Class;
use crate::document::read::{self, Read};
use crate::filter::scrub::Scrubber;
use crate::output::render::shown;
use crate::run::{self, Options};
use crate::source::{Edit, apply_edits};

/// Passes before the engine stops even if fixes are left (a fix that keeps re-appearing).
pub const MAX_PASSES: usize = 10;

/// A file the fixes changed.
pub struct Changed {
    /// The path as walked (what outputs show).
    pub path: String,
    /// Where to write it; `None` for standard input.
    pub disk: Option<PathBuf>,
    pub before: String,
    pub after: String,
    /// Secret texts flagged in it, masked in a diff.
    pub secrets: Vec<String>,
    /// The lines (as they read in the pass that edited them) that an applied edit touched: every
    /// other line of `before` is in `after` unchanged.
    pub touched: Vec<String>,
}

/// A fix that was not applied because the file would no longer parse.
pub struct Dropped {
    pub path: String,
    pub code: &'static str,
    pub title: String,
}

pub struct Outcome {
    pub changed: Vec<Changed>,
    /// Findings fixed, per rule.
    pub fixed: BTreeMap<&'static str, usize>,
    pub dropped: Vec<Dropped>,
    /// The run over the fixed texts: the findings that remain.
    pub report: RunResult,
}

impl Outcome {
    /// How many findings the fixes repaired.
    pub fn total(&self) -> usize {
        self.fixed.values().sum()
    }
}

/// Non-tolerated syntax problems of `text` read as `file`'s kind.
fn problems(file: &ParsedFile, text: &str, settings: &Settings) -> usize {
    match read::parse_bytes(
        file.rel().to_string(),
        Class::Kind(file.kind),
        text.as_bytes().to_vec(),
        settings.yaml_limits,
    ) {
        Read::File(f) => f.problems.iter().filter(|p| !p.tolerated).count(),
        _ => usize::MAX,
    }
}

/// Lints `opts`' paths and applies the fixes in memory (see the module docs); unsafe fixes too
/// when `opts.unsafe_fixes`. `opts.overlay` and `opts.stdin` hold the fixed texts afterwards;
/// nothing is written.
pub fn fix(opts: &mut Options, settings: &Settings) -> Outcome {
    let mut changed: Vec<Changed> = Vec::new();
    let mut fixed: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut dropped = Vec::new();
    // Fixes found to break their file: (file, rule, edits), not tried again.
    let mut refused: HashSet<(Option<PathBuf>, &'static str, Vec<Edit>)> = HashSet::new();
    let mut report = run::run(opts, settings);
    for _ in 0..MAX_PASSES {
        let mut per_file: BTreeMap<usize, Vec<&Finding>> = BTreeMap::new();
        for f in report.findings.iter().filter(|f| report.fixable(f)) {
            let key = (
                report.files[f.file].disk.clone(),
                f.code,
                f.fix.as_ref().map(|x| x.edits.clone()).unwrap_or_default(),
            );
            if !refused.contains(&key) {
                per_file.entry(f.file).or_default().push(f);
            }
        }
        let mut progress = false;
        for (id, findings) in per_file {
            let file = &report.files[id];
            let text = &file.source.text;
            let before = problems(file, text, settings);
            let groups: Vec<&[Edit]> =
                findings.iter().map(|f| f.fix.as_ref().map_or(&[][..], |x| &x.edits[..])).collect();
            let (new, applied, broken) = apply_parsable(text, &groups, |t| problems(file, t, settings) > before);
            for i in broken {
                let f = findings[i];
                refused.insert((file.disk.clone(), f.code, groups[i].to_vec()));
                let title = f.fix.as_ref().map_or(String::new(), |x| x.title.clone());
                dropped.push(Dropped { path: file.path.clone(), code: f.code, title });
            }
            if new == *text {
                continue;
            }
            for (f, _) in findings.iter().zip(&applied).filter(|(_, a)| **a) {
                *fixed.entry(f.code).or_default() += 1;
            }
            let secrets = secret_texts(&report, id);
            let touched: Vec<String> = groups
                .iter()
                .zip(&applied)
                .filter(|(_, a)| **a)
                .flat_map(|(g, _)| g.iter())
                .flat_map(|e| {
                    let (first, last) = (file.source.line_of(e.span.start), file.source.line_of(e.span.end));
                    (first..=last).map(|l| file.source.slice(file.source.line_span(l)).to_string())
                })
                .collect();
            match changed.iter_mut().find(|c| c.disk == file.disk) {
                Some(c) => {
                    c.after = new.clone();
                    c.secrets.extend(secrets);
                    c.touched.extend(touched);
                }
                None => changed.push(Changed {
                    path: file.path.clone(),
                    disk: file.disk.clone(),
                    before: text.clone(),
                    after: new.clone(),
                    secrets,
                    touched,
                }),
            }
            match &file.disk {
                Some(p) => {
                    opts.overlay.insert(p.clone(), new.into_bytes());
                }
                None => {
                    if let Some((_, bytes)) = &mut opts.stdin {
                        *bytes = new.into_bytes();
                    }
                }
            }
            progress = true;
        }
        if !progress {
            break;
        }
        report = run::run(opts, settings);
    }
    changed.retain(|c| c.before != c.after);
    // A fix refused in one pass may apply in a later one, on the text other fixes changed.
    dropped.retain(|d: &Dropped| {
        report.findings.iter().any(|f| f.code == d.code && report.files[f.file].path == d.path && report.fixable(f))
    });
    Outcome { changed, fixed, dropped, report }
}

/// [`apply_edits`], keeping the file parsable: when the result is `worse` (parses with more
/// problems), each applied group is tried alone; those that break the text alone are left out
/// (returned as the third value, to be reported), and the others are applied together, or only the
/// first of them when even that breaks it. Returns the text and, per group, whether it was applied.
fn apply_parsable(text: &str, groups: &[&[Edit]], worse: impl Fn(&str) -> bool) -> (String, Vec<bool>, Vec<usize>) {
    let (new, applied) = apply_edits(text, groups);
    if !worse(&new) {
        return (new, applied, Vec::new());
    }
    let (mut good, mut broken) = (Vec::new(), Vec::new());
    for i in (0..groups.len()).filter(|&i| applied[i]) {
        if worse(&apply_edits(text, &[groups[i]]).0) { broken.push(i) } else { good.push(i) }
    }
    let together: Vec<&[Edit]> = good.iter().map(|&i| groups[i]).collect();
    if worse(&apply_edits(text, &together).0) {
        good.truncate(1);
    }
    let chosen: Vec<&[Edit]> = good.iter().map(|&i| groups[i]).collect();
    let (new, _) = apply_edits(text, &chosen);
    let mut applied = vec![false; groups.len()];
    for &i in &good {
        applied[i] = true;
    }
    (new, applied, broken)
}

/// The texts of the secrets findings flagged in a file.
fn secret_texts(report: &RunResult, file: usize) -> Vec<String> {
    let source = &report.files[file].source;
    report.secrets_in(file).iter().map(|s| source.slice(*s).trim_matches(['"', '\'']).to_string()).collect()
}

/// A unified diff of one changed file (3 lines of context), with its secrets masked and control
/// characters escaped.
pub fn diff(c: &Changed) -> String {
    let scrubber = Scrubber::new(c.secrets.clone());
    let (before, after) = (scrubber.scrub(&c.before), scrubber.scrub(&c.after));
    let old: Vec<&str> = before.split_inclusive('\n').collect();
    let new: Vec<&str> = after.split_inclusive('\n').collect();
    let ops = line_ops(&old, &new);
    let path = shown(&c.path);
    let mut out = format!("--- a/{path}\n+++ b/{path}\n");
    const CONTEXT: usize = 3;
    let changes: Vec<usize> = (0..ops.len()).filter(|&i| ops[i].0 != ' ').collect();
    let mut i = 0;
    while i < changes.len() {
        let start = changes[i].saturating_sub(CONTEXT);
        let mut end = changes[i];
        while i < changes.len() && changes[i] <= end + 2 * CONTEXT + 1 {
            end = changes[i];
            i += 1;
        }
        let end = (end + CONTEXT + 1).min(ops.len());
        let hunk = &ops[start..end];
        let (o0, n0) = (ops[start].1, ops[start].2);
        let o_len = hunk.iter().filter(|o| o.0 != '+').count();
        let n_len = hunk.iter().filter(|o| o.0 != '-').count();
        let first = |at: usize, len: usize| if len == 0 { at } else { at + 1 };
        out.push_str(&format!("@@ -{},{o_len} +{},{n_len} @@\n", first(o0, o_len), first(n0, n_len)));
        for &(op, o, n) in hunk {
            let line = if op == '+' { new[n] } else { old[o] };
            let body = line.strip_suffix('\n').map_or(line, |l| l.strip_suffix('\r').unwrap_or(l));
            out.push(op);
            out.push_str(&shown(body));
            out.push('\n');
            if !line.ends_with('\n') {
                out.push_str("\\ No newline at end of file\n");
            }
        }
    }
    out
}

/// The diff as (op, old index, new index) per line: `' '` kept, `-` removed, `+` added. The
/// common head and tail are matched first; the middle by longest common subsequence when small
/// enough, else replaced as one block.
pub fn line_ops(old: &[&str], new: &[&str]) -> Vec<(char, usize, usize)> {
    let head = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let tail = old[head..].iter().rev().zip(new[head..].iter().rev()).take_while(|(a, b)| a == b).count();
    let (om, nm) = (&old[head..old.len() - tail], &new[head..new.len() - tail]);
    let mut ops: Vec<(char, usize, usize)> = (0..head).map(|i| (' ', i, i)).collect();
    if om.len().saturating_mul(nm.len()) <= 4_000_000 {
        // lcs[i][j]: common lines of om[i..] and nm[j..].
        let w = nm.len() + 1;
        let mut lcs = vec![0u32; (om.len() + 1) * w];
        for i in (0..om.len()).rev() {
            for j in (0..nm.len()).rev() {
                lcs[i * w + j] = if om[i] == nm[j] {
                    lcs[(i + 1) * w + j + 1] + 1
                } else {
                    lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < om.len() || j < nm.len() {
            if i < om.len() && j < nm.len() && om[i] == nm[j] {
                ops.push((' ', head + i, head + j));
                i += 1;
                j += 1;
            } else if i < om.len() && (j == nm.len() || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) {
                ops.push(('-', head + i, head + j));
                i += 1;
            } else {
                ops.push(('+', head + i, head + j));
                j += 1;
            }
        }
    } else {
        ops.extend((0..om.len()).map(|i| ('-', head + i, head)));
        ops.extend((0..nm.len()).map(|j| ('+', head + om.len(), head + j)));
    }
    let (ob, nb) = (old.len() - tail, new.len() - tail);
    ops.extend((0..tail).map(|k| (' ', ob + k, nb + k)));
    ops
}

/// Writes the changed files (not standard input). A file is written only if it still holds the
/// text the fixes were made on, and only when it resolves inside one of `roots`: a link is
/// written through to its target then, never replaced. Returns one message per file not written.
pub fn write(changed: &[Changed], roots: &[PathBuf]) -> Vec<String> {
    let roots: Vec<PathBuf> = roots.iter().filter_map(|r| std::fs::canonicalize(r).ok()).collect();
    let mut errors = Vec::new();
    for c in changed {
        let Some(disk) = &c.disk else { continue };
        if let Err(why) = write_one(disk, c, &roots) {
            errors.push(format!("{}: not written: {why}", shown(&c.path)));
        }
    }
    errors
}

fn write_one(disk: &Path, c: &Changed, roots: &[PathBuf]) -> Result<(), String> {
    let target = std::fs::canonicalize(disk).map_err(|e| e.to_string())?;
    if !roots.iter().any(|r| target.starts_with(r)) {
        return Err("it resolves outside the scanned paths (a symbolic link); not followed".into());
    }
    let current = read::read_bounded(&target, c.before.len() as u64 + 1).map_err(|e| e.to_string())?;
    if current != c.before.as_bytes() {
        return Err("it changed while srm-lint ran".into());
    }
    let dir = target.parent().ok_or("no parent folder")?;
    let name = target.file_name().ok_or("no file name")?.to_string_lossy().into_owned();
    let tmp = dir.join(format!(".{name}.srm-lint-fix.{}", std::process::id()));
    let result = (|| {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(c.after.as_bytes())?;
        f.sync_all()?;
        if let Ok(meta) = std::fs::metadata(&target) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, &target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(|e| e.to_string())
}

/// The lines `--fix` prints after the findings: how many were fixed and how many remain, and the
/// fixes dropped.
pub fn summary(outcome: &Outcome) -> String {
    let n = outcome.total();
    let remaining = outcome.report.active().count();
    let mut out = String::new();
    for d in &outcome.dropped {
        out.push_str(&format!(
            "warning: {}: the {} fix \"{}\" was not applied: the file would no longer parse\n",
            shown(&d.path),
            d.code,
            shown(&d.title)
        ));
    }
    out.push_str(&format!("Fixed {n} finding{} ({remaining} remaining).\n", if n == 1 { "" } else { "s" }));
    out
}

/// The fixed text of standard input, or the text as read when nothing changed.
pub fn stdin_text<'a>(outcome: &'a Outcome, opts: &'a Options) -> Option<&'a [u8]> {
    match outcome.changed.iter().find(|c| c.disk.is_none()) {
        Some(c) => Some(c.after.as_bytes()),
        None => opts.stdin.as_ref().map(|(_, b)| b.as_slice()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changed(before: &str, after: &str, secrets: &[&str]) -> Changed {
        Changed {
            path: "a.yaml".into(),
            disk: None,
            before: before.into(),
            after: after.into(),
            secrets: secrets.iter().map(|s| s.to_string()).collect(),
            touched: Vec::new(),
        }
    }

    #[test]
    fn fixes_that_break_the_file_are_left_out() {
        let text = "a: 1\nb: 2\nc: 3\n";
        let ok = [Edit::replace(crate::source::Span::new(3, 4), "9")];
        let bad = [Edit::insert(5, "BAD\n")];
        let worse = |t: &str| t.contains("BAD");
        let (new, applied, broken) = apply_parsable(text, &[&ok, &bad], worse);
        assert_eq!((new.as_str(), applied, broken), ("a: 9\nb: 2\nc: 3\n", vec![true, false], vec![1]));
        // Two fixes fine alone but not together: only the first goes in this pass.
        let x = [Edit::insert(0, "X")];
        let y = [Edit::insert(5, "Y")];
        let worse = |t: &str| t.contains('X') && t.contains('Y');
        let (new, applied, broken) = apply_parsable(text, &[&x, &y], worse);
        assert_eq!((new.as_str(), applied, broken), ("Xa: 1\nb: 2\nc: 3\n", vec![true, false], vec![]));
    }

    #[test]
    fn files_outside_the_roots_or_changed_meanwhile_are_not_written() {
        let inside = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let file = outside.path().join("a.yaml");
        std::fs::write(&file, "a: 1\n").unwrap();
        let mut c = changed("a: 1\n", "a: 2\n", &[]);
        c.disk = Some(file.clone());
        let errors = write(std::slice::from_ref(&c), &[inside.path().to_path_buf()]);
        assert!(errors[0].contains("outside the scanned paths"), "{errors:?}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "a: 1\n");
        c.before = "a: 0\n".into();
        let errors = write(std::slice::from_ref(&c), &[outside.path().to_path_buf()]);
        assert!(errors[0].contains("changed while"), "{errors:?}");
        c.before = "a: 1\n".into();
        assert!(write(&[c], &[outside.path().to_path_buf()]).is_empty());
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "a: 2\n");
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 1, "no temporary file left");
    }

    #[test]
    fn unified_diff_with_context_and_masked_secrets() {
        let before: String = (1..=20).map(|i| format!("l{i}\n")).collect();
        let after = before.replace("l2\n", "L2\n").replace("l19\n", "l19\nnew\n");
        let d = diff(&changed(&before, &after, &[]));
        assert_eq!(
            d,
            "--- a/a.yaml\n+++ b/a.yaml\n@@ -1,5 +1,5 @@\n l1\n-l2\n+L2\n l3\n l4\n l5\n@@ -17,4 +17,5 @@\n l17\n l18\n l19\n+new\n l20\n"
        );
        let d = diff(&changed(
            "a: 1\nKEY: Zq8vN2kLp4Xw7RtY9bJc3HmF6sDg\r\nb: 2",
            "a: 1\nb: 2",
            &["Zq8vN2kLp4Xw7RtY9bJc3HmF6sDg"],
        ));
        assert!(!d.contains("N2kLp4"), "{d}");
        assert!(d.contains("-KEY: Zq8v…\n") && d.contains("\\ No newline at end of file"), "{d}");
    }
}
