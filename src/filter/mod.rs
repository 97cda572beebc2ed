//! What happens to the rules' findings before output: findings on context-only files and disabled
//! rules are dropped, secrets are scrubbed from every text, inline suppressions and the baseline
//! mark what was accepted, the configured severity and the file's clause are set, and the result
//! is sorted.

pub mod baseline;
pub mod scrub;
pub mod suppress;

use crate::config::Configs;
use crate::diagnostic::{self, Finding};
use crate::document::ParsedFile;
use crate::source::sanitize;

/// Filters and completes the findings of a run (see the module docs).
pub fn apply(
    files: &[ParsedFile],
    mut findings: Vec<Finding>,
    settings: &Configs<'_>,
    accepted: Option<&baseline::Baseline>,
) -> Vec<Finding> {
    findings.retain(|f| !files[f.file].context && settings.get(f.file).enabled(f.code, Some(files[f.file].rel())));
    let directive_findings = suppress::apply(files, &mut findings, settings);
    findings.extend(directive_findings);
    // After the suppressions: SRM003 may quote a secret used as a code, a reason may hold one.
    scrub::scrub_secrets(files, &mut findings);
    for f in &mut findings {
        sanitize(&mut f.message);
        for (_, label) in &mut f.labels {
            sanitize(label);
        }
    }
    if let Some(baseline) = accepted {
        for f in findings.iter_mut().filter(|f| f.suppressed.is_none()) {
            if baseline.contains(&files[f.file], f) {
                f.suppressed = Some(format!("accepted in the baseline {}", baseline.path));
                f.baselined = true;
            }
        }
    }
    for f in &mut findings {
        let meta = diagnostic::meta(f.code).expect("every finding's rule has metadata");
        let configured = settings.get(f.file).severity.get(f.code).copied().flatten();
        f.severity = Some(configured.or(f.severity).unwrap_or(meta.severity));
        if f.clause.is_none() {
            f.clause = Some(meta.clause_for(files[f.file].provider()));
        }
    }
    findings.sort_by(|a, b| {
        let (fa, fb) = (&files[a.file], &files[b.file]);
        fa.rel()
            .cmp(fb.rel())
            .then(a.span.start.cmp(&b.span.start))
            .then(a.code.cmp(b.code))
            .then(a.span.end.cmp(&b.span.end))
            .then(a.message.cmp(&b.message))
    });
    findings.dedup_by(|a, b| a.file == b.file && a.span == b.span && a.code == b.code && a.message == b.message);
    findings
}
