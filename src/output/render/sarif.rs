//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::{View, notes, shown, views};
use crate::data::clauses;
use crate::diagnostic::RunResult;
use crate::diagnostic::{self, RuleMeta, Severity};
use crate::document::ParsedFile;
use crate::filter::baseline::repo_relative;
use crate::output::url_path;
use crate::source::LineCol;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// FNV-1a, 64 bits: stable across Rust versions and platforms, unlike `DefaultHasher`.
fn fnv1a(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0u8]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

fn rule(meta: &RuleMeta) -> Value {
    let clause_ids: Vec<&str> = meta.clauses.iter().map(String::as_str).collect();
    let clause_lines: Vec<String> = meta
        .clauses
        .iter()
        .filter_map(|id| clauses::clause(id))
        .map(|c| {
            format!(
                "- **{}** ({}, owner: {}): {} [source]({})",
                c.title,
                c.provider_name(),
                c.owner,
                c.summary,
                c.source
            )
        })
        .collect();
    let markdown = format!("{}\n\n## Shared-responsibility clause\n\n{}\n", meta.docs, clause_lines.join("\n"));
    let first = meta.clauses.first().and_then(|id| clauses::clause(id));
    // Only rules with a security score are security findings for GitHub (its "security" tag and
    // severity column); SRM001 and the other findings about srm-lint's own input are not.
    let mut tags = Vec::new();
    if meta.security_severity.is_some() {
        tags.push("security".to_string());
    }
    tags.push(meta.platform.clone());
    tags.extend(clause_ids.iter().map(|c| c.to_string()));
    tags.extend(meta.tags.iter().cloned());
    let mut seen = std::collections::HashSet::new();
    tags.retain(|t| seen.insert(t.clone()));
    let mut properties = json!({"tags": tags, "clauses": clause_ids});
    if let Some(score) = meta.security_severity {
        properties["security-severity"] = json!(format!("{score:.1}"));
    }
    json!({
        "id": meta.code,
        "name": meta.name,
        "shortDescription": {"text": meta.summary},
        "fullDescription": {"text": format!("{} Fix: {}", meta.summary, meta.fix)},
        "help": {"text": format!("{}\n\nClause: {}", meta.fix, first.map(|c| c.describe()).unwrap_or_default()), "markdown": markdown},
        "helpUri": meta.docs_url(),
        "defaultConfiguration": {"level": level(meta.severity)},
        "properties": properties,
    })
}

/// Where a file is, as an `artifactLocation`: relative to the repository root (`%SRCROOT%`) when it
/// lies inside it, whichever path it was scanned under; else an absolute `file://` URI; else (standard
/// input, a masked name) the path as walked.
fn artifact(report: &RunResult, file: &ParsedFile, walked: &str) -> Value {
    let repo = report.repository.as_deref();
    if let Some(rel) = repo.and_then(|r| repo_relative(file, r)) {
        return json!({"uri": url_path(&crate::source::mask_random(&rel)), "uriBaseId": SRCROOT});
    }
    if repo.is_some()
        && let Ok(abs) = std::fs::canonicalize(&file.path)
    {
        let abs = abs.to_string_lossy().replace('\\', "/");
        let abs = abs.strip_prefix("//?/").unwrap_or(&abs);
        let abs = crate::source::mask_random(abs);
        let slash = if abs.starts_with('/') { "" } else { "/" };
        return json!({"uri": format!("file://{slash}{}", url_path(&abs))});
    }
    json!({"uri": url_path(walked)})
}

const SRCROOT: &str = "%SRCROOT%";

fn region(start: LineCol, end: LineCol) -> Value {
    json!({"startLine": start.line, "startColumn": start.column, "endLine": end.line, "endColumn": end.column})
}

/// A finding's fix as SARIF `fixes`: one artifact change of the finding's file, one replacement
/// per edit (an insertion is an empty deleted region).
fn fixes(location: &Value, v: &View<'_>, fix: &diagnostic::Fix) -> Value {
    let replacements: Vec<Value> = fix
        .edits
        .iter()
        .map(|e| {
            let (start, end) = (v.source.line_col(e.span.start), v.source.line_col(e.span.end));
            json!({
                "deletedRegion": {
                    "startLine": start.line,
                    "startColumn": start.column,
                    "endLine": end.line,
                    "endColumn": end.column,
                },
                "insertedContent": {"text": e.content},
            })
        })
        .collect();
    json!([{
        "description": {"text": shown(&fix.title)},
        "artifactChanges": [{
            "artifactLocation": location,
            "replacements": replacements,
        }],
        "properties": {"applicability": fix.applicability.as_str()},
    }])
}

pub fn render(report: &RunResult) -> String {
    let metas = diagnostic::all();
    let index: HashMap<&str, usize> = metas.iter().enumerate().map(|(i, m)| (m.code.as_str(), i)).collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut artifacts: HashMap<usize, Value> = HashMap::new();
    let mut results = Vec::new();
    for v in views(report) {
        let f = v.finding;
        // The fingerprint ignores line numbers, so moving code around keeps an alert's identity; the
        // offending text is hashed in its redacted form.
        let snippet = crate::source::redact(
            v.source.slice(f.span),
            &f.secrets
                .iter()
                .map(|s| {
                    crate::source::Span::new(s.start.saturating_sub(f.span.start), s.end.saturating_sub(f.span.start))
                })
                .collect::<Vec<_>>(),
        );
        let location =
            artifacts.entry(f.file).or_insert_with(|| artifact(report, &report.files[f.file], &v.path)).clone();
        let base = fnv1a(&[f.code, &v.source.rel, snippet.trim(), &f.message]);
        let n = seen.entry(base.clone()).or_insert(0);
        *n += 1;
        let fingerprint = format!("{base}:{n}");
        let mut result = json!({
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": level(v.severity),
            "message": {"text": format!("{} Fix: {}", v.message, v.help)},
            "locations": [{"physicalLocation": {"artifactLocation": location.clone(), "region": region(v.start, v.end)}}],
            "partialFingerprints": {"srmLint/v1": fingerprint},
            "properties": {"clause": f.clause},
        });
        if !v.labels.is_empty() {
            let related: Vec<Value> = v
                .labels
                .iter()
                .enumerate()
                .map(|(i, (span, text))| {
                    json!({
                        "id": i,
                        "physicalLocation": {
                            "artifactLocation": location.clone(),
                            "region": region(v.source.line_col(span.start), v.source.line_col(span.end)),
                        },
                        "message": {"text": text},
                    })
                })
                .collect();
            result["relatedLocations"] = json!(related);
        }
        if let Some(a) = &v.suppressed {
            let kind = if a.baselined { "external" } else { "inSource" };
            let mut s = json!({"kind": kind, "justification": a.reason});
            let mut props = serde_json::Map::new();
            if let Some(by) = &a.by {
                props.insert("acceptedBy".into(), json!(by));
            }
            if let Some(on) = a.on {
                props.insert("acceptedOn".into(), json!(on.to_string()));
            }
            if let Some(until) = a.until {
                props.insert("until".into(), json!(until.to_string()));
            }
            if !props.is_empty() {
                s["properties"] = Value::Object(props);
            }
            result["suppressions"] = json!([s]);
        }
        if let Some(fix) = f.fix.as_ref().filter(|_| v.more == 0) {
            result["fixes"] = fixes(&location, &v, fix);
        }
        results.push(result);
    }
    let notifications: Vec<Value> = notes(report)
        .0
        .iter()
        .map(|e| json!({"level": "error", "message": {"text": format!("{}: {}", e.path, e.message)}}))
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "srm-lint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": metas.iter().map(rule).collect::<Vec<_>>(),
            }},
            "invocations": [{
                "executionSuccessful": report.errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "originalUriBaseIds": {SRCROOT: {"description": {"text": "The root of the repository srm-lint checked (the folder with .git)"}}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&doc).expect("SARIF serialises");
    s.push('\n');
    s
}
