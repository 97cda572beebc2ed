//! The report as Markdown for GitHub job summaries and pull-request comments.

use super::{Item, METHOD_CHECKS, METHOD_LIMITS, Matrix, Row, Status, scope_label, short_commit};
use crate::output::render::shown;
use crate::output::url_path;

/// Text for Markdown, [`shown`] first. Backtick pairs stay code spans (messages quote keys in
/// them), but a key cannot leave its span to add markup: text outside the spans has the
/// characters that make links, images, HTML and table cells escaped, and an unpaired backtick
/// is shown as one.
fn escape(s: &str) -> String {
    let s = s.replace('\n', " ");
    let s = shown(&s);
    let parts: Vec<&str> = s.split('`').collect();
    let mut o = String::with_capacity(s.len() + 8);
    for (i, part) in parts.iter().enumerate() {
        let code = i % 2 == 1 && i + 1 < parts.len();
        if code && !part.is_empty() {
            o.push('`');
            o.push_str(&part.replace('|', "\\|"));
            o.push('`');
        } else if code {
            o.push_str("\\`\\`");
        } else {
            if i % 2 == 1 {
                o.push_str("\\`");
            }
            // Two code spans with nothing between them would read as a double backtick.
            if part.is_empty() && i > 0 && i + 1 < parts.len() {
                o.push(' ');
            }
            for c in part.chars() {
                match c {
                    '\\' | '[' | ']' | '|' => {
                        o.push('\\');
                        o.push(c);
                    }
                    '<' => o.push_str("&lt;"),
                    '>' => o.push_str("&gt;"),
                    c => o.push(c),
                }
            }
        }
    }
    o
}

/// A code span of any text: backticks inside become quotes.
fn code(s: &str) -> String {
    format!("`{}`", shown(s).replace('`', "'").replace('|', "\\|"))
}

/// A link to a file and line: the commit's blob on GitHub when running in Actions, else relative.
pub fn link(i: &Item<'_>) -> String {
    let text = escape(&format!("{}:{}", i.path, i.line));
    let path = url_path(&i.path);
    let base = ["GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"]
        .map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
    match base {
        [Some(server), Some(repo), Some(sha)] => {
            format!(
                "[{text}]({}/{}/blob/{}/{path}#L{})",
                url_path(&server).replacen("%3A", ":", 1),
                url_path(&repo),
                url_path(&sha),
                i.line
            )
        }
        _ => format!("[{text}]({path}#L{})", i.line),
    }
}

fn icon(s: Status) -> &'static str {
    match s {
        Status::Violated => "❌",
        Status::AcceptedRisk => "⚠️",
        Status::RepositoryHalf => "🔶",
        Status::Checked => "✅",
        Status::NotApplicable => "➖",
        Status::Disabled => "⏸️",
        Status::NeedsAttestation => "📝",
        Status::Inherited => "🏢",
    }
}

/// Above this many files, the Markdown lists counts per kind (the JSON report lists every file).
const MAX_LISTED_FILES: usize = 25;
/// At most this many skipped files are listed.
const MAX_LISTED_SKIPPED: usize = 50;

fn status_text(r: &Row<'_>) -> String {
    match r.status {
        Status::Violated => format!("{} violated ({})", icon(r.status), r.total),
        Status::AcceptedRisk => format!("{} accepted risk ({})", icon(r.status), r.accepted_total),
        st => format!("{} {}", icon(st), st.label()),
    }
}

fn accepted_by(i: &Item<'_>) -> &'static str {
    if i.baselined { "baseline" } else { "suppression" }
}

pub fn render(m: &Matrix<'_>) -> String {
    let mut o = String::new();
    o.push_str("# Shared-responsibility report\n\n| | |\n|---|---|\n");
    o.push_str(&format!("| Scanned | {} |\n", code(&m.root)));
    match &m.commit {
        Some(c) => o.push_str(&format!("| Commit | {} |\n", code(&short_commit(c)))),
        None => o.push_str("| Commit | unknown (no git repository found) |\n"),
    }
    o.push_str(&format!("| Working tree | {} |\n", escape(m.worktree.label())));
    let scopes: Vec<&str> = m.scopes.iter().map(|s| scope_label(s)).collect();
    o.push_str(&format!(
        "| Compliance scopes | {} |\n",
        if scopes.is_empty() { "none declared".into() } else { scopes.join(", ") }
    ));
    o.push_str(&format!(
        "| As of (date verdicts are computed for) | {} |\n| Run at (UTC) | {} |\n| srm-lint | {} |\n",
        m.as_of,
        m.run_at,
        env!("CARGO_PKG_VERSION")
    ));
    o.push_str(&format!(
        "| Files checked | {} |\n| Findings | {} ({} error, {} warning, {} note); {} accepted |\n\n",
        m.files_checked,
        m.findings,
        m.by_severity[0],
        m.by_severity[1],
        m.by_severity[2],
        m.suppressed.len()
    ));
    o.push_str("Statuses are defined under [Method and limits](#method-and-limits); what was read is under [Scope](#scope).\n\n");
    if m.sections.is_empty() {
        o.push_str("No platform configuration was found.\n");
    }
    for s in &m.sections {
        o.push_str(&format!("## {}\n\n", s.provider.name));
        let counts: Vec<String> = Status::ALL
            .iter()
            .filter(|st| s.count(**st) > 0)
            .map(|st| format!("{} {}", s.count(*st), st.label()))
            .collect();
        o.push_str(&format!("{} · [model]({})\n\n", counts.join(" · "), s.provider.model_url));
        o.push_str("| Clause | Owner | Scopes | Status | Rules | Basis |\n|---|---|---|---|---|---|\n");
        for r in s.rows.iter().filter(|r| r.status != Status::Inherited) {
            let scopes: Vec<&str> = r.scopes.iter().map(|s| scope_label(s)).collect();
            let rules: Vec<&str> = r.rules.iter().map(|m| m.code.as_str()).collect();
            let mut basis = escape(&r.basis);
            if let Some(note) = r.plan_note {
                basis.push_str(&format!("; {}", escape(note)));
            }
            o.push_str(&format!(
                "| [{}]({}) | {} | {} | {} | {} | {} |\n",
                escape(&r.clause.title),
                r.clause.source,
                r.owner,
                scopes.join(", "),
                status_text(r),
                if rules.is_empty() { "—".into() } else { rules.join(", ") },
                basis
            ));
        }
        let violated: Vec<_> = s.rows.iter().filter(|r| r.status == Status::Violated).collect();
        if !violated.is_empty() {
            let n: usize = violated.iter().map(|r| r.total).sum();
            o.push_str(&format!("\n<details><summary>Findings ({n})</summary>\n\n"));
            for r in violated {
                o.push_str(&format!("**{}**\n\n", escape(&r.clause.title)));
                for i in &r.findings {
                    o.push_str(&format!("- `{}` {} — {}: {}\n", i.meta.code, i.meta.name, link(i), escape(&i.message)));
                }
                o.push('\n');
            }
            o.push_str("</details>\n");
        }
        let accepted: Vec<_> = s.rows.iter().filter(|r| r.status == Status::AcceptedRisk).collect();
        if !accepted.is_empty() {
            o.push_str(&format!("\n<details><summary>Accepted risks ({})</summary>\n\n", accepted.len()));
            for r in accepted {
                o.push_str(&format!("**{}**\n\n", escape(&r.clause.title)));
                for i in &r.accepted {
                    o.push_str(&format!(
                        "- `{}` {} — {}: accepted by {}: {}\n",
                        i.meta.code,
                        i.meta.name,
                        link(i),
                        accepted_by(i),
                        escape(i.reason.as_deref().unwrap_or(""))
                    ));
                }
                o.push('\n');
            }
            o.push_str("</details>\n");
        }
        let attest: Vec<_> = s.rows.iter().filter(|r| r.status != Status::Inherited && r.evidence.is_some()).collect();
        if !attest.is_empty() {
            o.push_str(&format!(
                "\n<details><summary>Evidence an auditor will ask for ({})</summary>\n\n",
                attest.len()
            ));
            for r in attest {
                let part = if r.status == Status::NeedsAttestation { "" } else { " (beyond the repository)" };
                o.push_str(&format!(
                    "- **{}**{part}: {}\n",
                    escape(&r.clause.title),
                    escape(r.evidence.unwrap_or_default())
                ));
            }
            o.push_str("\n</details>\n");
        }
        let inherited: Vec<_> = s.rows.iter().filter(|r| r.status == Status::Inherited).collect();
        if !inherited.is_empty() {
            o.push_str(&format!("\n<details><summary>Inherited from the provider ({})</summary>\n\n", inherited.len()));
            for r in inherited {
                o.push_str(&format!(
                    "- [{}]({}): {}",
                    escape(&r.clause.title),
                    r.clause.source,
                    escape(&r.clause.summary)
                ));
                if let Some(note) = r.plan_note {
                    o.push_str(&format!(" *{}*", escape(note)));
                }
                o.push('\n');
            }
            o.push_str("\n</details>\n");
        }
        o.push('\n');
    }
    if !m.suppressed.is_empty() {
        o.push_str("## Accepted risks\n\nSuppressed inline or by the baseline, with the reason given.\n\n| Rule | Location | Accepted by | Reason |\n|---|---|---|---|\n");
        for i in &m.suppressed {
            o.push_str(&format!(
                "| `{}` {} | {} | {} | {} |\n",
                i.meta.code,
                i.meta.name,
                link(i),
                accepted_by(i),
                escape(i.reason.as_deref().unwrap_or(""))
            ));
        }
        o.push('\n');
    }
    scope(&mut o, m);
    method(&mut o);
    o.push_str("## Sign-off\n\n| Role | Name | Date | Signature |\n|---|---|---|---|\n| Preparer | | | |\n| Reviewer | | | |\n");
    o
}

fn scope(o: &mut String, m: &Matrix<'_>) {
    o.push_str("## Scope\n\n");
    if m.files.len() <= MAX_LISTED_FILES {
        o.push_str(&format!("Files checked ({}):\n\n| File | Kind |\n|---|---|\n", m.files.len()));
        for f in &m.files {
            o.push_str(&format!("| {} | {} |\n", code(&f.path), f.kind));
        }
    } else {
        o.push_str(&format!(
            "Files checked ({}, listed one by one in the JSON report):\n\n| Kind | Files |\n|---|---|\n",
            m.files.len()
        ));
        for (k, n) in &m.kinds {
            o.push_str(&format!("| {k} | {n} |\n"));
        }
    }
    if m.skipped.is_empty() {
        o.push_str("\nSkipped files: none.\n");
    } else {
        o.push_str(&format!("\nSkipped files ({}):\n\n| File | Reason |\n|---|---|\n", m.skipped.len()));
        for (p, w) in m.skipped.iter().take(MAX_LISTED_SKIPPED) {
            o.push_str(&format!("| {} | {} |\n", code(p), escape(w)));
        }
        if m.skipped.len() > MAX_LISTED_SKIPPED {
            o.push_str(&format!("| … | {} more in the JSON report |\n", m.skipped.len() - MAX_LISTED_SKIPPED));
        }
    }
    if !m.unreadable.is_empty() {
        o.push_str(&format!("\nFiles that could not be read ({}):\n\n", m.unreadable.len()));
        for (p, w) in m.unreadable.iter().take(MAX_LISTED_SKIPPED) {
            o.push_str(&format!("- {}: {}\n", code(p), escape(w)));
        }
    }
    o.push_str("\n| | |\n|---|---|\n");
    o.push_str(&format!("| Config file | {} |\n", m.config.as_deref().map_or("none (defaults)".into(), code)));
    let overrides: Vec<String> = m.overrides.iter().map(|l| code(l)).collect();
    o.push_str(&format!(
        "| Settings changed from the defaults | {} |\n",
        if overrides.is_empty() { "none".into() } else { overrides.join("<br>") }
    ));
    o.push_str(&format!(
        "| Platform.sh plan | {} |\n",
        m.plan.map_or("not set (professional assumed)".to_string(), str::to_string)
    ));
    let scopes: Vec<&str> = m.scopes.iter().map(|s| scope_label(s)).collect();
    o.push_str(&format!(
        "| Compliance scopes | {} |\n",
        if scopes.is_empty() { "none declared".into() } else { scopes.join(", ") }
    ));
    o.push_str(&format!("| Baseline | {} |\n", m.baseline.as_deref().map_or("none".into(), code)));
    o.push_str("\nData tables:\n\n| Table | Copy used | Checked against its sources |\n|---|---|---|\n");
    for t in m.tables {
        let copy = if t.embedded { format!("embedded ({})", code(&t.source)) } else { code(&t.source) };
        o.push_str(&format!("| {} | {copy} | {} |\n", t.setting, escape(&t.checked)));
    }
    o.push('\n');
}

fn method(o: &mut String) {
    o.push_str("## Method and limits\n\nWhat srm-lint checks:\n\n");
    for l in METHOD_CHECKS {
        o.push_str(&format!("- {l}\n"));
    }
    o.push_str("\nWhat it cannot check:\n\n");
    for l in METHOD_LIMITS {
        o.push_str(&format!("- {l}\n"));
    }
    o.push_str("\nStatuses:\n\n| Status | Meaning |\n|---|---|\n");
    for s in Status::ALL {
        o.push_str(&format!("| {} {} | {} |\n", icon(s), s.label(), s.definition()));
    }
    o.push('\n');
}
