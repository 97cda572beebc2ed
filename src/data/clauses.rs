//! The shared-responsibility clause catalogue (`lints/clauses.toml`), embedded in the binary.

use std::sync::OnceLock;

use serde::Deserialize;

const CATALOGUE: &str = include_str!("../../lints/clauses.toml");

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
}

pub fn catalogue() -> &'static Catalogue {
    static CAT: OnceLock<Catalogue> = OnceLock::new();
    CAT.get_or_init(|| toml::from_str(CATALOGUE).unwrap_or_else(|e| panic!("lints/clauses.toml: {e}")))
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

    /// One line for humans: `Platform.sh / Upsun · customer · Backups (platformsh.backups)`.
    pub fn describe(&self) -> String {
        format!("{} · {} · {} ({})", self.provider_name(), self.owner, self.title, self.id)
    }
}
