//! The report as one self-contained HTML page: inline CSS and SVG, no scripts, nothing fetched.

use super::{
    FRAMEWORKS_NOTE, Item, METHOD_CHECKS, METHOD_LIMITS, Matrix, Status, acceptance_cells, accepted_how,
    accepted_until, frameworks_selection, location_url, scope_label, short_commit,
};
use crate::output::render::shown;

/// HTML-escaped [`shown`] text.
fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in shown(s).chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// Escaped text whose backtick pairs become `<code>` spans (messages quote keys and values in
/// them); an unpaired backtick stays as it is.
fn esc_code(s: &str) -> String {
    let e = esc(s);
    let parts: Vec<&str> = e.split('`').collect();
    let paired = if parts.len() % 2 == 1 { parts.len() } else { parts.len() - 1 };
    let mut o = String::with_capacity(e.len() + 16);
    for (n, part) in parts.iter().enumerate() {
        if n >= paired {
            o.push('`');
            o.push_str(part);
        } else if n % 2 == 1 {
            o.push_str(&format!("<code>{part}</code>"));
        } else {
            o.push_str(part);
        }
    }
    o
}

/// A finding's location as a link ([`location_url`]), with its rule and severity.
fn finding_head(i: &Item<'_>) -> String {
    let sev = i.finding.severity.map_or("error", |s| s.as_str());
    format!(
        "<span class=\"sev {sev}\">{sev}</span> <code>{}</code> <a href=\"{}\"><code>{}:{}:{}</code></a>",
        esc(&i.meta.code),
        esc(&location_url(&i.path, i.line)),
        esc(&i.path),
        i.line,
        i.column
    )
}

const STATUSES: [(Status, &str); 9] = [
    (Status::Violated, "#c62828"),
    (Status::NotInherited, "#6a1b9a"),
    (Status::AcceptedRisk, "#ef6c00"),
    (Status::RepositoryHalf, "#8d6e63"),
    (Status::Checked, "#2e7d32"),
    (Status::NotApplicable, "#9e9e9e"),
    (Status::Disabled, "#bdbdbd"),
    (Status::NeedsAttestation, "#f9a825"),
    (Status::Inherited, "#1565c0"),
];

const CSS: &str = "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1b1b1b;max-width:1100px;margin:2rem auto;padding:0 1rem}\
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:2px solid #e0e0e0;padding-bottom:.2rem}\
table{border-collapse:collapse;width:100%;margin:.6rem 0}th,td{border:1px solid #e0e0e0;padding:.35rem .5rem;text-align:left;vertical-align:top}\
th{background:#f5f5f5}.meta td:first-child{font-weight:600;width:12rem}.status{font-weight:600;min-width:7rem}\
.violated{color:#c62828}.checked{color:#2e7d32}.not-applicable,.disabled{color:#757575}.needs-attestation{color:#a66b00}.accepted-risk{color:#ef6c00}.repository-half{color:#6d4c41}.basis{color:#555;font-size:.85rem}.signoff td{height:2rem}.inherited{color:#1565c0}.not-inherited{color:#6a1b9a}.dirty{color:#c62828}.sev{font-size:.75rem;font-weight:600;text-transform:uppercase;padding:0 .25rem;border-radius:3px}.sev.error{background:#ffebee;color:#c62828}.sev.warning{background:#fff3e0;color:#e65100}.sev.note{background:#e3f2fd;color:#1565c0}\
.scope{display:inline-block;white-space:nowrap;background:#ede7f6;color:#4527a0;border-radius:3px;padding:0 .3rem;margin-right:.2rem;font-size:.8rem}\
code{background:#f5f5f5;padding:0 .2rem;border-radius:3px}.legend span{margin-right:1rem;font-size:.85rem}.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.25rem;vertical-align:middle}\
details{margin:.5rem 0}summary{cursor:pointer;font-weight:600}ul{margin:.3rem 0}\
@media print{details{display:block}details>*{display:block}summary{list-style:none}body{margin:0}}";

fn chart(counts: &[(Status, &str, usize)]) -> String {
    let total: usize = counts.iter().map(|c| c.2).sum::<usize>().max(1);
    let (width, height) = (600.0_f64, 22.0_f64);
    let mut x = 0.0;
    let mut bars = String::new();
    for (status, color, n) in counts.iter().filter(|c| c.2 > 0) {
        let w = width * *n as f64 / total as f64;
        bars.push_str(&format!(
            "<rect x=\"{x:.1}\" y=\"0\" width=\"{w:.1}\" height=\"{height}\" fill=\"{color}\"><title>{}: {n}</title></rect>",
            status.label()
        ));
        if w > 18.0 {
            bars.push_str(&format!(
                "<text x=\"{:.1}\" y=\"15\" font-size=\"12\" fill=\"#fff\" text-anchor=\"middle\">{n}</text>",
                x + w / 2.0
            ));
        }
        x += w;
    }
    let legend: String = counts
        .iter()
        .filter(|c| c.2 > 0)
        .map(|(s, color, n)| format!("<span><i style=\"background:{color}\"></i>{} ({n})</span>", s.label()))
        .collect();
    format!(
        "<svg class=\"chart\" role=\"img\" aria-label=\"clauses by status\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">{bars}</svg><div class=\"legend\">{legend}</div>"
    )
}

pub fn render(m: &Matrix<'_>) -> String {
    let mut o = String::from("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    o.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    o.push_str("<title>Shared-responsibility report</title><style>");
    o.push_str(CSS);
    o.push_str(
        "</style></head><body>\n<header id=\"summary\"><h1>Shared-responsibility report</h1><table class=\"meta\">",
    );
    let mut row = |k: &str, v: String| o.push_str(&format!("<tr><td>{k}</td><td>{v}</td></tr>"));
    row("Scanned", format!("<code>{}</code>", esc(&m.root)));
    match &m.commit {
        Some(c) => row("Commit", format!("<code>{}</code>", esc(&short_commit(c)))),
        None => row("Commit", "unknown (no git repository found)".into()),
    }
    row(
        "Working tree",
        if m.worktree.dirty() == Some(true) {
            format!("<strong class=\"dirty\">⚠ {}</strong>", esc(m.worktree.label()))
        } else {
            esc(m.worktree.label())
        },
    );
    let scopes: Vec<String> =
        m.scopes.iter().map(|s| format!("<span class=\"scope\">{}</span>", scope_label(s))).collect();
    row("Compliance scopes", if scopes.is_empty() { "none declared".into() } else { scopes.concat() });
    row("As of (date verdicts are computed for)", esc(&m.as_of));
    row("Run at (UTC)", esc(&m.run_at));
    row("srm-lint", env!("CARGO_PKG_VERSION").into());
    row("Files checked", m.files_checked.to_string());
    row(
        "Findings",
        format!(
            "{} ({} error, {} warning, {} note); {} accepted",
            m.findings,
            m.by_severity[0],
            m.by_severity[1],
            m.by_severity[2],
            m.suppressed.len()
        ),
    );
    o.push_str("</table></header>\n");
    if m.sections.is_empty() {
        o.push_str("<p>No platform configuration was found.</p>");
    }
    for s in &m.sections {
        o.push_str(&format!(
            "<section class=\"platform\" id=\"platform-{}\"><h2>{}</h2>",
            esc(&s.provider.id),
            esc(&s.provider.name)
        ));
        let counts: Vec<(Status, &str, usize)> = STATUSES.iter().map(|(st, c)| (*st, *c, s.count(*st))).collect();
        o.push_str(&chart(&counts));
        o.push_str(&format!(
            "<p><a href=\"{}\">The provider's shared-responsibility model</a></p>",
            esc(&s.provider.model_url)
        ));
        o.push_str("<table class=\"clauses\"><thead><tr><th>Clause</th><th>Owner</th><th>Scopes</th><th>Status</th><th>Checked by</th></tr></thead><tbody>");
        for r in &s.rows {
            let scopes: String =
                r.scopes.iter().map(|s| format!("<span class=\"scope\">{}</span>", scope_label(s))).collect();
            let rules: Vec<&str> = r.rules.iter().map(|m| m.code.as_str()).collect();
            let mut detail = String::new();
            if !r.findings.is_empty() {
                detail.push_str("<ul>");
                for i in &r.findings {
                    detail.push_str(&format!("<li>{} {}</li>", finding_head(i), esc_code(&i.message)));
                }
                detail.push_str("</ul>");
            }
            if !r.accepted.is_empty() && r.status != Status::Inherited {
                detail.push_str("<ul class=\"accepted\">");
                for i in &r.accepted {
                    let Some(a) = &i.accepted else { continue };
                    detail.push_str(&format!(
                        "<li>{} accepted via {}; until: {}: {}</li>",
                        finding_head(i),
                        esc(&accepted_how(a)),
                        accepted_until(a),
                        esc_code(&a.reason)
                    ));
                }
                detail.push_str("</ul>");
            }
            if let Some(ev) = r.evidence {
                let what =
                    if r.status == Status::NeedsAttestation { "Evidence" } else { "Evidence beyond the repository" };
                detail.push_str(&format!("<p><em>{what}:</em> {}</p>", esc(ev)));
            }
            let refs = r.clause.framework_summary(&m.frameworks);
            if !refs.is_empty() {
                detail.push_str(&format!("<p class=\"basis frameworks\"><em>Frameworks:</em> {}</p>", esc(&refs)));
            }
            detail.push_str(&format!("<p class=\"basis\">{}</p>", esc_code(&r.basis)));
            if let Some(note) = r.plan_note {
                detail.push_str(&format!("<p class=\"basis\"><em>Plan:</em> {}</p>", esc(note)));
            }
            o.push_str(&format!(
                "<tr class=\"row-{key}\"><td><a href=\"{}\">{}</a><br><small>{}</small>{detail}</td><td>{}</td><td>{scopes}</td><td class=\"status {key}\">{}</td><td>{}</td></tr>",
                esc(&r.clause.source),
                esc(&r.clause.title),
                esc_code(&r.clause.summary),
                esc(r.owner),
                match r.status {
                    Status::Violated => format!("violated ({})", r.total),
                    Status::AcceptedRisk => format!("accepted risk ({})", r.accepted_total),
                    st => st.label().into(),
                },
                if rules.is_empty() { "—".into() } else { esc(&rules.join(", ")) },
                key = r.status.key(),
            ));
        }
        o.push_str("</tbody></table></section>\n");
    }
    for (id, title, none, list) in [
        ("accepted-risks", "Accepted risks", "No finding was suppressed.", &m.suppressed),
        ("expired-acceptances", "Expired acceptances", "", &m.expired),
    ] {
        if list.is_empty() && none.is_empty() {
            continue;
        }
        o.push_str(&format!("<section id=\"{id}\"><h2>{title}</h2>"));
        if list.is_empty() {
            o.push_str(&format!("<p>{none}</p>"));
        } else {
            if id == "expired-acceptances" {
                o.push_str("<p>These findings were accepted until a day that has passed, so they count as open findings again.</p>");
            }
            o.push_str(
                "<table><thead><tr><th>Rule</th><th>Location</th><th>Accepted via</th><th>By</th><th>On</th><th>Until</th><th>Reason</th></tr></thead><tbody>",
            );
            for i in list.iter() {
                let Some(a) = i.accepted.as_ref().or(i.expired.as_ref()) else { continue };
                let cells: String = acceptance_cells(a).iter().map(|c| format!("<td>{}</td>", esc_code(c))).collect();
                o.push_str(&format!(
                    "<tr><td><code>{}</code> {}</td><td><code>{}:{}</code></td>{cells}</tr>",
                    esc(&i.meta.code),
                    esc(&i.meta.name),
                    esc(&i.path),
                    i.line,
                ));
            }
            o.push_str("</tbody></table>");
        }
        o.push_str("</section>\n");
    }
    scope(&mut o, m);
    method(&mut o);
    frameworks(&mut o, m);
    o.push_str("<section id=\"sign-off\"><h2>Sign-off</h2><table class=\"signoff\"><thead><tr><th>Role</th><th>Name</th><th>Date</th><th>Signature</th></tr></thead><tbody><tr><td>Preparer</td><td></td><td></td><td></td></tr><tr><td>Reviewer</td><td></td><td></td><td></td></tr></tbody></table></section>\n");
    o.push_str("</body></html>\n");
    o
}

/// Above this many files, the page lists counts per kind (the JSON report lists every file).
const MAX_LISTED_FILES: usize = 25;
const MAX_LISTED_SKIPPED: usize = 50;

fn scope(o: &mut String, m: &Matrix<'_>) {
    o.push_str("<section id=\"scope\"><h2>Scope</h2>");
    if m.files.len() <= MAX_LISTED_FILES {
        o.push_str(&format!(
            "<p>Files checked ({}):</p><table><thead><tr><th>File</th><th>Kind</th></tr></thead><tbody>",
            m.files.len()
        ));
        for f in &m.files {
            o.push_str(&format!("<tr><td><code>{}</code></td><td>{}</td></tr>", esc(&f.path), esc(f.kind)));
        }
    } else {
        o.push_str(&format!(
            "<p>Files checked ({}, listed one by one in the JSON report):</p><table><thead><tr><th>Kind</th><th>Files</th></tr></thead><tbody>",
            m.files.len()
        ));
        for (k, n) in &m.kinds {
            o.push_str(&format!("<tr><td>{}</td><td>{n}</td></tr>", esc(k)));
        }
    }
    o.push_str("</tbody></table>");
    if m.skipped.is_empty() {
        o.push_str("<p>Skipped files: none.</p>");
    } else {
        o.push_str(&format!(
            "<p>Skipped files ({}):</p><table><thead><tr><th>File</th><th>Reason</th></tr></thead><tbody>",
            m.skipped.len()
        ));
        for (p, w) in m.skipped.iter().take(MAX_LISTED_SKIPPED) {
            o.push_str(&format!("<tr><td><code>{}</code></td><td>{}</td></tr>", esc(p), esc(w)));
        }
        if m.skipped.len() > MAX_LISTED_SKIPPED {
            o.push_str(&format!(
                "<tr><td>…</td><td>{} more in the JSON report</td></tr>",
                m.skipped.len() - MAX_LISTED_SKIPPED
            ));
        }
        o.push_str("</tbody></table>");
    }
    if !m.unreadable.is_empty() {
        o.push_str(&format!("<p>Files that could not be read ({}):</p><ul>", m.unreadable.len()));
        for (p, w) in m.unreadable.iter().take(MAX_LISTED_SKIPPED) {
            o.push_str(&format!("<li><code>{}</code>: {}</li>", esc(p), esc(w)));
        }
        o.push_str("</ul>");
    }
    o.push_str("<table class=\"meta\">");
    let mut row = |k: &str, v: String| o.push_str(&format!("<tr><td>{k}</td><td>{v}</td></tr>"));
    row("Config file", m.config.as_deref().map_or("none (defaults)".into(), |c| format!("<code>{}</code>", esc(c))));
    let overrides: Vec<String> = m.overrides.iter().map(|l| format!("<code>{}</code>", esc(l))).collect();
    row(
        "Settings changed from the defaults",
        if overrides.is_empty() { "none".into() } else { overrides.join("<br>") },
    );
    row("Platform.sh plan", m.plan.map_or("not set (professional assumed)".to_string(), esc));
    let scopes: Vec<&str> = m.scopes.iter().map(|s| scope_label(s)).collect();
    row("Compliance scopes", if scopes.is_empty() { "none declared".into() } else { scopes.join(", ") });
    row("Baseline", m.baseline.as_deref().map_or("none".into(), |b| format!("<code>{}</code>", esc(b))));
    o.push_str("</table><p>Data tables:</p><table><thead><tr><th>Table</th><th>Copy used</th><th>Checked against its sources</th></tr></thead><tbody>");
    for t in m.tables {
        let copy = format!("<code>{}</code>", esc(&t.source));
        let copy = if t.embedded { format!("embedded ({copy})") } else { copy };
        o.push_str(&format!("<tr><td>{}</td><td>{copy}</td><td>{}</td></tr>", esc(t.setting), esc(&t.checked)));
    }
    o.push_str("</tbody></table></section>\n");
}

fn method(o: &mut String) {
    o.push_str("<section id=\"method-and-limits\"><h2>Method and limits</h2><p>What srm-lint checks:</p><ul>");
    for l in METHOD_CHECKS {
        o.push_str(&format!("<li>{}</li>", esc(l)));
    }
    o.push_str("</ul><p>What it cannot check:</p><ul>");
    for l in METHOD_LIMITS {
        o.push_str(&format!("<li>{}</li>", esc(l)));
    }
    o.push_str("</ul><p>Statuses:</p><table><thead><tr><th>Status</th><th>Meaning</th></tr></thead><tbody>");
    for s in Status::ALL {
        o.push_str(&format!(
            "<tr><td class=\"status {}\">{}</td><td>{}</td></tr>",
            s.key(),
            esc(s.label()),
            esc(s.definition())
        ));
    }
    o.push_str("</tbody></table></section>\n");
}

/// The "Frameworks" part of the method: the standards, their versions and sources.
fn frameworks(o: &mut String, m: &Matrix<'_>) {
    o.push_str(&format!(
        "<section id=\"frameworks\"><h2>Frameworks</h2><p>{} {}</p>",
        esc(FRAMEWORKS_NOTE),
        esc(&frameworks_selection(m))
    ));
    if !m.frameworks.is_empty() {
        o.push_str("<table><thead><tr><th>Framework</th><th>Version</th><th>Source</th><th>How the numbers were checked</th></tr></thead><tbody>");
        for s in &m.frameworks {
            let library = s
                .library
                .as_deref()
                .map_or(String::new(), |l| format!("<br>listed at <a href=\"{0}\">{0}</a>", esc(l)));
            o.push_str(&format!(
                "<tr><td>{} ({})</td><td>{}</td><td><a href=\"{src}\">{src}</a>{library}</td><td>{}</td></tr>",
                esc(&s.label),
                esc(&s.publisher),
                esc(&s.version),
                esc(&s.note),
                src = esc(&s.source),
            ));
        }
        o.push_str("</tbody></table>");
    }
    o.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::esc_code;

    #[test]
    fn backtick_pairs_become_code_spans_and_nothing_else_does() {
        assert_eq!(esc_code("route `http://x/` is plain"), "route <code>http://x/</code> is plain");
        assert_eq!(esc_code("`<b>` and `a`"), "<code>&lt;b&gt;</code> and <code>a</code>");
        assert_eq!(esc_code("one ` alone"), "one ` alone");
        assert_eq!(esc_code("`a` then ` b"), "<code>a</code> then ` b");
        assert_eq!(esc_code("no ticks"), "no ticks");
    }
}
