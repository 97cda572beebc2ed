//! The report as Markdown for GitHub job summaries and pull-request comments.

use super::{
    FRAMEWORKS_NOTE, Item, METHOD_CHECKS, METHOD_LIMITS, Matrix, Row, Section, Status, acceptance_cells, accepted_how,
    accepted_until, frameworks_selection, location_url, scope_label, short_commit,
};
use crate::output::render::shown;

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

/// A Markdown link to a finding's file and line ([`location_url`]).
pub fn link(i: &Item<'_>) -> String {
    let text = escape(&format!("{}:{}", i.path, i.line));
    format!("[{text}]({})", location_url(&i.path, i.line))
}

fn icon(s: Status) -> &'static str {
    match s {
        Status::Violated => "❌",
        Status::NotInherited => "🚫",
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

/// "baseline; by: alice; on: 2026-11-01; until 2027-03-01: the reason", escaped.
fn acceptance(i: &Item<'_>) -> String {
    i.accepted.as_ref().or(i.expired.as_ref()).map_or(String::new(), |a| {
        format!("{}; until: {}: {}", escape(&accepted_how(a)), accepted_until(a), escape(&a.reason))
    })
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
                    o.push_str(&format!("- `{}` {} — {}: {}\n", i.meta.code, i.meta.name, link(i), acceptance(i)));
                }
                o.push('\n');
            }
            o.push_str("</details>\n");
        }
        let attest: Vec<_> = s
            .rows
            .iter()
            .filter(|r| !matches!(r.status, Status::Inherited | Status::NotInherited) && r.evidence.is_some())
            .collect();
        let not_inherited: Vec<_> = s.rows.iter().filter(|r| r.status == Status::NotInherited).collect();
        if !attest.is_empty() || !not_inherited.is_empty() {
            o.push_str(&format!(
                "\n<details><summary>Evidence an auditor will ask for ({})</summary>\n\n",
                attest.len() + usize::from(!not_inherited.is_empty())
            ));
            if let Some(e) = not_inherited.iter().find_map(|r| r.evidence) {
                let titles: Vec<String> = not_inherited.iter().map(|r| escape(&r.clause.title)).collect();
                o.push_str(&format!("- **Provider controls not inherited** ({}): {}\n", titles.join(", "), escape(e)));
            }
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
        framework_references(&mut o, m, s);
        let inherited: Vec<_> = s.rows.iter().filter(|r| r.status == Status::Inherited).collect();
        if !inherited.is_empty() {
            o.push_str(&format!("\n<details><summary>Inherited from the provider ({})</summary>\n\n", inherited.len()));
            for r in &inherited {
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
            if let Some(e) = inherited.iter().find_map(|r| r.evidence) {
                o.push_str(&format!("\nEvidence for these: {}.\n", escape(e)));
            }
            o.push_str("\n</details>\n");
        }
        o.push('\n');
    }
    for (title, intro, list) in [
        (
            "Accepted risks",
            "Suppressed inline or by the baseline: who accepted each finding, when, until when (after that \
             it counts again) and why, as the suppression comment or baseline entry records it.",
            &m.suppressed,
        ),
        (
            "Expired acceptances",
            "These findings were accepted until a day that has passed (as of the report's date), so they \
             count as open findings again.",
            &m.expired,
        ),
    ] {
        if list.is_empty() {
            continue;
        }
        o.push_str(&format!(
            "## {title}\n\n{intro}\n\n| Rule | Location | Accepted via | By | On | Until | Reason |\n|---|---|---|---|---|---|---|\n"
        ));
        for i in list {
            let Some(a) = i.accepted.as_ref().or(i.expired.as_ref()) else { continue };
            let cells: Vec<String> = acceptance_cells(a).iter().map(|c| escape(c)).collect();
            o.push_str(&format!("| `{}` {} | {} | {} |\n", i.meta.code, i.meta.name, link(i), cells.join(" | ")));
        }
        o.push('\n');
    }
    scope(&mut o, m);
    method(&mut o);
    frameworks(&mut o, m);
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

/// Each clause of a platform with the PCI DSS and SOC 2 numbers it bears on (the frameworks shown).
fn framework_references(o: &mut String, m: &Matrix<'_>, s: &Section<'_>) {
    let rows: Vec<(&Row<'_>, String)> = s
        .rows
        .iter()
        .map(|r| (r, r.clause.framework_summary(&m.frameworks)))
        .filter(|(_, refs)| !refs.is_empty())
        .collect();
    if rows.is_empty() {
        return;
    }
    o.push_str(&format!("\n<details><summary>Framework references ({})</summary>\n\n", rows.len()));
    for (r, refs) in rows {
        let inherited = if r.status == Status::Inherited { ", inherited" } else { "" };
        o.push_str(&format!("- **{}** ({}{inherited}): {}\n", escape(&r.clause.title), r.owner, escape(&refs)));
    }
    o.push_str("\n*srm-lint's mapping, not an attestation: see [Frameworks](#frameworks).*\n\n</details>\n");
}

/// The "Frameworks" part of the method: the standards, their versions and sources.
fn frameworks(o: &mut String, m: &Matrix<'_>) {
    o.push_str(&format!("### Frameworks\n\n{FRAMEWORKS_NOTE} {}\n\n", frameworks_selection(m)));
    if m.frameworks.is_empty() {
        return;
    }
    o.push_str("| Framework | Version | Source | How the numbers were checked |\n|---|---|---|---|\n");
    for s in &m.frameworks {
        let library = s.library.as_deref().map_or(String::new(), |l| format!(" (listed at <{l}>)"));
        o.push_str(&format!(
            "| {} ({}) | {} | <{}>{library} | {} |\n",
            escape(&s.label),
            escape(&s.publisher),
            escape(&s.version),
            s.source,
            escape(&s.note)
        ));
    }
    o.push('\n');
}
