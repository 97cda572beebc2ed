//! The shared-responsibility clause catalogue (`lints/clauses.toml`) and the compliance frameworks
//! its clauses refer to (`lints/frameworks.toml`), embedded in the binary.

use std::sync::OnceLock;

use serde::Deserialize;

const CATALOGUE: &str = include_str!("../../lints/clauses.toml");
const FRAMEWORKS: &str = include_str!("../../lints/frameworks.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    #[serde(rename = "provider")]
    pub providers: Vec<Provider>,
    #[serde(rename = "clause")]
    pub clauses: Vec<Clause>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    pub id: String,
    pub name: String,
    pub model_url: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clause {
    pub id: String,
    pub provider: String,
    /// `customer`, `shared` or `provider`.
    pub owner: String,
    pub title: String,
    pub summary: String,
    pub source: String,
    /// The sentence `summary` paraphrases: the source URL plus an anchor of its section.
    pub cite: String,
    /// Where that sentence is on the page, in words (heading › list › item).
    pub section: String,
    /// Further citations (`URL#anchor`) for facts that come from another page of the provider.
    #[serde(default)]
    pub also: Vec<String>,
    /// `repository` (partly visible in files) or `attestation` (needs other evidence).
    pub visibility: String,
    #[serde(default)]
    pub evidence: Option<String>,
    #[serde(default)]
    pub scopes: Vec<String>,
    /// PCI DSS v4.0 requirements the clause bears on (numbers listed in `lints/frameworks.toml`).
    #[serde(default)]
    pub pci: Vec<String>,
    /// SOC 2 trust-services criteria the clause bears on.
    #[serde(default)]
    pub soc2: Vec<String>,
}

/// `lints/frameworks.toml`: the standards a clause's `pci` and `soc2` numbers come from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Frameworks {
    /// When the numbers were last checked against the sources.
    pub checked: String,
    #[serde(rename = "standard")]
    pub standards: Vec<Standard>,
    #[serde(rename = "requirement")]
    pub requirements: Vec<Requirement>,
}

/// One standard: its id is the compliance scope it belongs to (`pci`, `soc2`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Standard {
    pub id: String,
    /// Short name in reports (`PCI DSS`, `SOC 2`).
    pub label: String,
    pub name: String,
    pub version: String,
    pub publisher: String,
    pub source: String,
    #[serde(default)]
    pub library: Option<String>,
    /// Whether the document at `source` itself was read (else only its address and numbers were
    /// checked, as `note` says).
    pub read: bool,
    pub note: String,
}

/// One requirement or criterion, titled in srm-lint's own words.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    pub standard: String,
    pub id: String,
    pub title: String,
    /// Where the number sits in the standard.
    pub section: String,
}

pub fn catalogue() -> &'static Catalogue {
    static CAT: OnceLock<Catalogue> = OnceLock::new();
    CAT.get_or_init(|| toml::from_str(CATALOGUE).unwrap_or_else(|e| panic!("lints/clauses.toml: {e}")))
}

pub fn frameworks() -> &'static Frameworks {
    static FW: OnceLock<Frameworks> = OnceLock::new();
    FW.get_or_init(|| toml::from_str(FRAMEWORKS).unwrap_or_else(|e| panic!("lints/frameworks.toml: {e}")))
}

pub fn clause(id: &str) -> Option<&'static Clause> {
    catalogue().clauses.iter().find(|c| c.id == id)
}

pub fn provider(id: &str) -> Option<&'static Provider> {
    catalogue().providers.iter().find(|p| p.id == id)
}

impl Clause {
    /// The provider's display name.
    pub fn provider_name(&self) -> &'static str {
        provider(&self.provider).map_or("", |p| p.name.as_str())
    }

    /// The numbers the clause names in one standard (`pci`, `soc2`).
    pub fn references(&self, standard: &str) -> &[String] {
        match standard {
            "pci" => &self.pci,
            "soc2" => &self.soc2,
            _ => &[],
        }
    }

    /// Its references in `standards`, one `(standard, numbers)` pair per standard it names.
    pub fn frameworks<'s>(&self, standards: &[&'s Standard]) -> Vec<(&'s Standard, &[String])> {
        standards.iter().map(|s| (*s, self.references(&s.id))).filter(|(_, r)| !r.is_empty()).collect()
    }

    /// `PCI DSS 8.6.2, 8.6.3 · SOC 2 CC6.1`, over `standards`; empty when it names none of them.
    pub fn framework_summary(&self, standards: &[&Standard]) -> String {
        let parts: Vec<String> =
            self.frameworks(standards).iter().map(|(s, ids)| format!("{} {}", s.label, ids.join(", "))).collect();
        parts.join(" · ")
    }

    /// One line for humans: `Platform.sh / Upsun · customer · Backups (platformsh.backups)`.
    pub fn describe(&self) -> String {
        format!("{} · {} · {} ({})", self.provider_name(), self.owner, self.title, self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_clause_reference_is_in_the_framework_table() {
        let fw = frameworks();
        assert!(crate::date::Date::parse(&fw.checked).is_ok(), "{}", fw.checked);
        for c in &catalogue().clauses {
            for s in &fw.standards {
                for id in c.references(&s.id) {
                    assert!(
                        fw.requirements.iter().any(|r| r.standard == s.id && &r.id == id),
                        "{}: {} {id} is not in lints/frameworks.toml",
                        c.id,
                        s.id
                    );
                }
            }
        }
        let secrets = clause("generic.credentials").unwrap();
        let all: Vec<&Standard> = fw.standards.iter().collect();
        let names: Vec<&str> = secrets.frameworks(&all).iter().map(|(s, _)| s.id.as_str()).collect();
        assert_eq!(names, ["pci", "soc2"]);
        assert!(secrets.references("pci").contains(&"8.6.2".to_string()));
        assert!(secrets.references("hipaa").is_empty());
    }
}
