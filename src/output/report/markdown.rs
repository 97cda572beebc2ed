//! The report as Markdown for GitHub job summaries and pull-request comments.

use super::{Item, Matrix, Status, scope_label, short_commit};
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

/// A path for a link target: every byte outside a safe set percent-encoded.
fn url_path(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"/._~-{}@+=,".contains(&b) {
            o.push(b as char);
        } else {
            o.push_str(&format!("%{b:02X}"));
        }
    }
    o
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
    o.push_str(&format!("| Scanned | {} |\n", code(&m.root)));
    if let Some(c) = &m.commit {
        o.push_str(&format!("| Commit | {} |\n", code(&short_commit(c))));
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
                Status::Violated => format!("{} violated ({})", icon(r.status), r.total),
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
                escape(i.reason.as_deref().unwrap_or(""))
            ));
        }
    }
    o
}
