//! What happens to the rules' findings before output: findings on context-only files and disabled
//! rules are dropped, secrets are scrubbed from every text, inline suppressions and the baseline
//! mark what was accepted, the configured severity and the file's clause are set, and the result
//! is sorted.

pub mod baseline;
pub mod scrub;
pub mod suppress;

use crate::config::Configs;
use crate::date::Date;
use crate::diagnostic::{self, Finding};
use crate::document::ParsedFile;
use crate::source::sanitize;

/// Filters and completes the findings of a run (see the module docs).
pub fn apply(
    files: &[ParsedFile],
    mut findings: Vec<Finding>,
    settings: &Configs<'_>,
    accepted: Option<&baseline::Baseline>,
    as_of: Date,
) -> Vec<Finding> {
    findings.retain(|f| !files[f.file].context && settings.get(f.file).enabled(f.code, Some(files[f.file].rel())));
    let directive_findings = suppress::apply(files, &mut findings, settings, as_of);
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
            if let Some(acc) = baseline.acceptance(&files[f.file], f) {
                if acc.expired_on(as_of) {
                    f.expired = Some(acc);
                } else {
                    f.suppressed = Some(acc);
                }
            }
        }
    }
    for f in findings.iter_mut().filter(|f| f.suppressed.is_none()) {
        if let Some(acc) = f.expired.as_ref().filter(|a| a.expired_on(as_of)) {
            let meta = diagnostic::meta(f.code).expect("every finding's rule has metadata");
            let how = if acc.baselined { "the baseline's acceptance" } else { "the inline suppression" };
            let who = acc.provenance();
            let who = if who.is_empty() { String::new() } else { format!(" ({who})") };
            let until = acc.until.map(|u| u.to_string()).unwrap_or_default();
            let help = f.help.clone().unwrap_or_else(|| meta.fix.clone());
            f.help = Some(format!("{help}; {how} of this finding{who} expired after {until}, so it counts again"));
        }
    }
    // The baseline's reasons and names, and the expiry notes quoting them, pass the scrubber too.
    if findings.iter().any(|f| f.expired.is_some() || f.suppressed.as_ref().is_some_and(|a| a.baselined)) {
        scrub::scrub_secrets(files, &mut findings);
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
