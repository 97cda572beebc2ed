//! Dated version tables (`lints/<platform>/lifecycle.toml`): image, version, upstream end of life,
//! platform status and source. Embedded in the binary; the config can point at a newer copy.

use std::path::Path;

use serde::Deserialize;

use crate::date::Date;

const PLATFORMSH: &str = include_str!("../lints/platformsh/lifecycle.toml");
const ASTRONOMER: &str = include_str!("../lints/astronomer/runtime.toml");

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
    /// The upstream version the platform's version ships (Astro Runtime: its Airflow version).
    #[serde(default)]
    pub airflow: Option<String>,
    #[serde(default, deserialize_with = "date")]
    pub released: Option<Date>,
    /// Releases the vendor withdrew: exact versions (`8.0.0`) or inclusive ranges (`9.0.0..=9.6.0`).
    #[serde(default)]
    pub yanked: Vec<String>,
}

impl Version {
    /// Whether the dotted release `full` (e.g. `9.2.0`) is one of [`Version::yanked`].
    pub fn is_yanked(&self, full: &str) -> bool {
        let key = version_key(full);
        self.yanked.iter().any(|y| match y.split_once("..=") {
            Some((lo, hi)) => version_key(lo) <= key && key <= version_key(hi),
            None => version_key(y) == key,
        })
    }
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

    /// The embedded Astro Runtime table (`lints/astronomer/runtime.toml`).
    pub fn astronomer() -> &'static Table {
        static T: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
        T.get_or_init(|| Table::parse(ASTRONOMER).expect("the embedded Astro Runtime table is valid"))
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

    #[test]
    fn astronomer_table_loads() {
        let t = Table::astronomer();
        let nine = t.find("astro-runtime", "9").unwrap();
        assert_eq!(nine.eol, Some(Date::parse("2025-01-31").unwrap()));
        assert!(nine.is_yanked("9.0.0") && nine.is_yanked("9.6.0") && !nine.is_yanked("9.7.0"));
        assert!(t.find("astro-runtime", "8").unwrap().is_yanked("8.0.0"));
        assert!(!t.find("astro-runtime", "8").unwrap().is_yanked("8.1.0"));
        assert!(t.versions.iter().all(|v| v.source.starts_with("https://")));
        assert_eq!(t.newest_supported("runtime").unwrap().version, "3.3");
        assert!(t.find("runtime", "9.9").is_none());
    }
}
