//! The report as Markdown for GitHub job summaries and pull-request comments.

use super::{Item, Matrix, Status, scope_label};

fn escape(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ").replace('<', "&lt;").replace('>', "&gt;")
}

/// A link to a file and line: the commit's blob on GitHub when running in Actions, else relative.
pub fn link(i: &Item<'_>) -> String {
    let text = format!("{}:{}", i.path, i.line);
    let base = ["GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"]
        .map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
    match base {
        [Some(server), Some(repo), Some(sha)] => format!("[{text}]({server}/{repo}/blob/{sha}/{}#L{})", i.path, i.line),
        _ => format!("[{text}]({}#L{})", i.path, i.line),
    }
}

fn icon(s: Status) -> &'static str {
    match s {
        Status::Violated => "❌",
        Status::Checked => "✅",
        Status::NotApplicable => "➖",
        Status::Disabled => "⏸️",
        Status::NeedsAttestation => "📝",
        Status::Inherited => "🏢",
    }
}

pub fn render(m: &Matrix<'_>) -> String {
    let mut o = String::new();
    o.push_str("# Shared-responsibility report\n\n| | |\n|---|---|\n");
    o.push_str(&format!("| Scanned | `{}` |\n", escape(&m.root)));
    if let Some(c) = &m.commit {
        o.push_str(&format!("| Commit | `{}` |\n", &c[..c.len().min(12)]));
    }
    let scopes: Vec<&str> = m.scopes.iter().map(|s| scope_label(s)).collect();
    o.push_str(&format!(
        "| Compliance scopes | {} |\n",
        if scopes.is_empty() { "none declared".into() } else { scopes.join(", ") }
    ));
    o.push_str(&format!("| As of | {} |\n| srm-lint | {} |\n", m.as_of, env!("CARGO_PKG_VERSION")));
    o.push_str(&format!(
        "| Files checked | {} |\n| Findings | {} ({} error, {} warning, {} note); {} accepted |\n\n",
        m.files_checked,
        m.findings,
        m.by_severity[0],
        m.by_severity[1],
        m.by_severity[2],
        m.suppressed.len()
    ));
    if m.sections.is_empty() {
        o.push_str("No platform configuration was found.\n");
    }
    for s in &m.sections {
        o.push_str(&format!("## {}\n\n", s.provider.name));
        o.push_str(&format!(
            "{} violated · {} checked · {} not applicable · {} need attestation · {} inherited · [model]({})\n\n",
            s.count(Status::Violated),
            s.count(Status::Checked),
            s.count(Status::NotApplicable) + s.count(Status::Disabled),
            s.count(Status::NeedsAttestation),
            s.count(Status::Inherited),
            s.provider.model_url
        ));
        o.push_str("| Clause | Owner | Scopes | Status | Checked by |\n|---|---|---|---|---|\n");
        for r in s.rows.iter().filter(|r| r.status != Status::Inherited) {
            let status = match r.status {
                Status::Violated => format!("{} violated ({})", icon(r.status), r.findings.len()),
                st => format!("{} {}", icon(st), st.label()),
            };
            let scopes: Vec<&str> = r.scopes.iter().map(|s| scope_label(s)).collect();
            let rules: Vec<&str> = r.rules.iter().map(|m| m.code.as_str()).collect();
            o.push_str(&format!(
                "| [{}]({}) | {} | {} | {} | {} |\n",
                escape(&r.clause.title),
                r.clause.source,
                r.clause.owner,
                scopes.join(", "),
                status,
                if rules.is_empty() { "—".into() } else { rules.join(", ") }
            ));
        }
        let violated: Vec<_> = s.rows.iter().filter(|r| r.status == Status::Violated).collect();
        if !violated.is_empty() {
            let n: usize = violated.iter().map(|r| r.findings.len()).sum();
            o.push_str(&format!("\n<details><summary>Findings ({n})</summary>\n\n"));
            for r in violated {
                o.push_str(&format!("**{}**\n\n", escape(&r.clause.title)));
                for i in &r.findings {
                    o.push_str(&format!(
                        "- `{}` {} — {}: {}\n",
                        i.meta.code,
                        i.meta.name,
                        link(i),
                        escape(&i.finding.message)
                    ));
                }
                o.push('\n');
            }
            o.push_str("</details>\n");
        }
        let attest: Vec<_> = s.rows.iter().filter(|r| r.status == Status::NeedsAttestation).collect();
        if !attest.is_empty() {
            o.push_str(&format!(
                "\n<details><summary>Evidence an auditor will ask for ({})</summary>\n\n",
                attest.len()
            ));
            for r in attest {
                let evidence = r
                    .clause
                    .evidence
                    .as_deref()
                    .unwrap_or("No srm-lint rule checks this clause yet; show that it is met.");
                o.push_str(&format!("- **{}**: {}\n", escape(&r.clause.title), escape(evidence)));
            }
            o.push_str("\n</details>\n");
        }
        let inherited: Vec<_> = s.rows.iter().filter(|r| r.status == Status::Inherited).collect();
        if !inherited.is_empty() {
            o.push_str(&format!("\n<details><summary>Inherited from the provider ({})</summary>\n\n", inherited.len()));
            for r in inherited {
                o.push_str(&format!(
                    "- [{}]({}): {}\n",
                    escape(&r.clause.title),
                    r.clause.source,
                    escape(&r.clause.summary)
                ));
            }
            o.push_str("\n</details>\n");
        }
        o.push('\n');
    }
    if !m.suppressed.is_empty() {
        o.push_str("## Accepted risks\n\nSuppressed inline or by the baseline, with the reason given.\n\n| Rule | Location | Reason |\n|---|---|---|\n");
        for i in &m.suppressed {
            o.push_str(&format!(
                "| `{}` {} | {} | {} |\n",
                i.meta.code,
                i.meta.name,
                link(i),
                escape(i.finding.suppressed.as_deref().unwrap_or(""))
            ));
        }
    }
    o
}
