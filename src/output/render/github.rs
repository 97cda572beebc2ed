//! `--format github`: GitHub Actions workflow commands, one annotation per finding.

use super::{notes, views};
use crate::diagnostic::RunResult;
use crate::diagnostic::Severity;

fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(report: &RunResult) -> String {
    let mut out = String::new();
    for v in views(report).iter().filter(|v| v.finding.suppressed.is_none()) {
        let command = match v.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let clause = v.clause.map(|c| format!(" [{}: {}]", c.provider_name(), c.title)).unwrap_or_default();
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(&v.path),
            v.start.line,
            v.start.column,
            v.end.line,
            v.end.column,
            escape_property(&format!("{} {}", v.meta.code, v.meta.name)),
            escape_data(&format!("{}{clause}. Fix: {}", v.message, v.help)),
        ));
    }
    for e in &notes(report).0 {
        out.push_str(&format!("::error title=srm-lint::{}\n", escape_data(&format!("{}: {}", e.path, e.message))));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("a%b\nc"), "a%25b%0Ac");
        assert_eq!(escape_property("a,b:c"), "a%2Cb%3Ac");
    }
}
