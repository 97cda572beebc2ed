//! Dated version tables (`lints/<platform>/lifecycle.toml`): image, version, upstream end of life,
//! platform status and source. Embedded in the binary; the config can point at a newer copy.

use std::path::Path;

use serde::Deserialize;

use crate::date::Date;

const PLATFORMSH: &str = include_str!("../lints/platformsh/lifecycle.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// When the data was last checked against its sources.
    pub checked: String,
    #[serde(rename = "version")]
    pub versions: Vec<Version>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Version {
    pub image: String,
    pub version: String,
    /// Upstream end of life (security support ends), if known.
    #[serde(default, deserialize_with = "date")]
    pub eol: Option<Date>,
    /// The platform's status: `supported`, `deprecated` or `retired`.
    pub status: String,
    pub source: String,
}

fn date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
    let s: Option<String> = Option::deserialize(d)?;
    s.map(|s| Date::parse(&s).map_err(serde::de::Error::custom)).transpose()
}

impl Table {
    pub fn parse(text: &str) -> Result<Table, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// The embedded Platform.sh table, or the one at `path`.
    pub fn platformsh(path: Option<&Path>) -> Result<Table, String> {
        match path {
            None => Table::parse(PLATFORMSH),
            Some(p) => {
                let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
                Table::parse(&text).map_err(|e| format!("{}: {e}", p.display()))
            }
        }
    }

    /// The entry for `image`/`version`; `None` means unknown (never an error).
    pub fn find(&self, image: &str, version: &str) -> Option<&Version> {
        self.versions.iter().find(|v| v.image == image && v.version == version)
    }

    /// The newest supported version of an image, to suggest in a fix.
    pub fn newest_supported(&self, image: &str) -> Option<&Version> {
        self.versions
            .iter()
            .filter(|v| v.image == image && v.status == "supported")
            .max_by(|a, b| version_key(&a.version).cmp(&version_key(&b.version)))
    }
}

fn version_key(v: &str) -> Vec<u64> {
    v.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_loads() {
        let t = Table::platformsh(None).unwrap();
        assert_eq!(t.find("php", "7.4").unwrap().eol, Some(Date::parse("2022-11-28").unwrap()));
        assert!(t.find("php", "99.0").is_none());
        assert_eq!(t.newest_supported("php").unwrap().version, "8.5");
    }
}
