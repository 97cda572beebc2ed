//! Dated version tables under `lints/`, each entry with its source: Platform.sh/Upsun images
//! (`lints/platformsh/lifecycle.toml`), Adobe Commerce release lines and cloud enforcement
//! deadlines (`lints/commerce/*.toml`), Astro Runtime lines and Lambda runtimes. Loaded by
//! [`crate::data::Tables`].

use serde::Deserialize;

use crate::date::Date;

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
    /// Why there is no `eol`: a line whose end upstream has not announced, or a product whose
    /// upstream publishes no end-of-life policy.
    #[serde(default, rename = "no-eol")]
    pub no_eol: Option<String>,
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

    /// The entry for `image`/`version`; `None` means unknown (never an error).
    pub fn find(&self, image: &str, version: &str) -> Option<&Version> {
        self.versions.iter().find(|v| v.image == image && v.version == version)
    }

    /// The version to suggest instead of `current`: the newest one the platform supports and
    /// upstream still fixes on `as_of`, never `current` itself.
    pub fn upgrade_for(&self, image: &str, current: &str, as_of: Date) -> Option<&Version> {
        self.versions
            .iter()
            .filter(|n| n.image == image && n.status == "supported" && n.version != current)
            .filter(|n| n.eol.is_none_or(|e| e >= as_of))
            .max_by(|a, b| version_key(&a.version).cmp(&version_key(&b.version)))
    }

    /// The newest supported version of an image, to suggest in a fix.
    pub fn newest_supported(&self, image: &str) -> Option<&Version> {
        self.versions
            .iter()
            .filter(|v| v.image == image && v.status == "supported")
            .max_by(|a, b| version_key(&a.version).cmp(&version_key(&b.version)))
    }
}

/// Numeric components of a dotted version (`10.11` → `[10, 11]`), for ordering.
pub fn version_key(v: &str) -> Vec<u64> {
    v.split('.').map(|p| p.trim().parse().unwrap_or(0)).collect()
}

/// Whether `version` lies in `[from, below)` by numeric components; a missing bound is open.
/// Shorter keys compare as their prefix: `7` is below `7.1`, and `3.10` is not below `3.9`.
pub fn in_range(version: &str, from: Option<&str>, below: Option<&str>) -> bool {
    let v = version_key(version);
    from.is_none_or(|f| v >= version_key(f)) && below.is_none_or(|b| v < version_key(b))
}

/// `version` is `prefix` or one of its sub-versions (`8.0` is in `8`), or the reverse (`2` covers
/// a listed `2.19`): image tags name a major or major.minor line, not a build.
pub fn same_line(version: &str, listed: &str) -> bool {
    let (a, b) = (version_key(version), version_key(listed));
    let n = a.len().min(b.len());
    a[..n] == b[..n]
}

/// Adobe Commerce release lines: support dates, patches, tested PHP and services
/// (`lints/commerce/releases.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommerceReleases {
    pub checked: String,
    #[serde(rename = "line")]
    pub lines: Vec<Line>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Line {
    /// `2.4.8`, or `2.3` for every 2.3.x.
    pub release: String,
    /// Further lines that share this entry (`2.4.0`..`2.4.2` with `2.4.3`).
    #[serde(default)]
    pub includes: Vec<String>,
    #[serde(default, deserialize_with = "date")]
    pub ga: Option<Date>,
    /// `None`: not announced yet.
    #[serde(default, deserialize_with = "date")]
    pub end_standard: Option<Date>,
    #[serde(default, deserialize_with = "date")]
    pub end_extended: Option<Date>,
    #[serde(default, deserialize_with = "date")]
    pub end_security: Option<Date>,
    /// Adobe's cloud version-upgrade enforcement date.
    #[serde(default, deserialize_with = "date")]
    pub enforcement: Option<Date>,
    /// Every release of the line with its date, GA first.
    #[serde(default)]
    pub patches: Vec<Patch>,
    /// PHP versions Adobe supports for the line.
    #[serde(default)]
    pub php: Vec<String>,
    /// `name:version` images Adobe supports for the line.
    #[serde(default)]
    pub services: Vec<String>,
    pub source: String,
    #[serde(default)]
    pub tested_source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Patch {
    pub version: String,
    #[serde(deserialize_with = "required_date")]
    pub date: Date,
    #[serde(default)]
    pub source: Option<String>,
}

fn required_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
    let s = String::deserialize(d)?;
    Date::parse(&s).map_err(serde::de::Error::custom)
}

impl Line {
    /// How messages name the entry: `2.4.8`, or `2.4.0–2.4.3` for a shared one.
    pub fn name(&self) -> String {
        match self.includes.first() {
            Some(first) => format!("{first}–{}", self.release),
            None => self.release.clone(),
        }
    }

    /// The day support ends for good: the last of standard, extended and security-only support
    /// (`None` while not announced).
    pub fn end_of_support(&self) -> Option<Date> {
        [self.end_security, self.end_extended, self.end_standard].into_iter().flatten().next()
    }

    /// Whether the line is still supported on `day` (an unannounced end counts as supported).
    pub fn supported_on(&self, day: Date) -> bool {
        self.end_of_support().is_none_or(|end| day <= end)
    }

    /// The patch number of each listed release (`2.4.8` → 0, `2.4.8-p5` → 5), with its entry.
    pub fn numbered(&self) -> impl Iterator<Item = (i64, &Patch)> {
        self.patches.iter().filter_map(|p| crate::data::lifecycle::patch_number(&p.version).map(|n| (n, p)))
    }
}

/// The patch level of a Commerce version: `2.4.8` → 0, `2.4.8-p5` → 5, pre-releases
/// (`2.4.9-beta1`) → -1; `None` for text that is not a version.
pub fn patch_number(version: &str) -> Option<i64> {
    let v = version.trim().trim_start_matches(['v', 'V']);
    let (_, rest) = split_line(v)?;
    if rest.is_empty() {
        return Some(0);
    }
    let suffix = rest.trim_start_matches('-');
    if let Some(p) = suffix.strip_prefix('p') {
        let digits: String = p.chars().take_while(char::is_ascii_digit).collect();
        return digits.parse().ok();
    }
    let lower = suffix.to_ascii_lowercase();
    ["alpha", "beta", "rc"].iter().any(|t| lower.starts_with(t)).then_some(-1)
}

/// `2.4.8-p5` → (`2.4.8`, `-p5`): the three-part line and what follows it.
pub fn split_line(version: &str) -> Option<(&str, &str)> {
    let end = version.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(version.len());
    let line = version[..end].trim_end_matches('.');
    (line.split('.').count() == 3 && line.split('.').all(|p| !p.is_empty())).then(|| (line, &version[end..]))
}

impl CommerceReleases {
    pub fn parse(text: &str) -> Result<CommerceReleases, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// The entry for a three-part release line (`2.4.8`), if the table has it.
    pub fn line(&self, line: &str) -> Option<&Line> {
        self.lines.iter().find(|l| {
            l.release == line
                || l.includes.iter().any(|i| i == line)
                || (l.release.split('.').count() == 2 && line.starts_with(&format!("{}.", l.release)))
        })
    }

    /// The oldest line in the table (a version below it predates every entry).
    pub fn oldest(&self) -> Option<&Line> {
        self.lines.iter().min_by(|a, b| version_key(&a.release).cmp(&version_key(&b.release)))
    }

    /// The newest line in the table.
    pub fn newest(&self) -> Option<&Line> {
        self.lines.iter().max_by(|a, b| version_key(&a.release).cmp(&version_key(&b.release)))
    }
}

/// Adobe's cloud dependency deadlines (`lints/commerce/enforcement.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enforcement {
    pub checked: String,
    #[serde(rename = "deadline")]
    pub deadlines: Vec<Deadline>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Deadline {
    pub service: String,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub below: Option<String>,
    pub upgrade_to: String,
    #[serde(deserialize_with = "required_date")]
    pub date: Date,
    pub source: String,
}

impl Enforcement {
    pub fn parse(text: &str) -> Result<Enforcement, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// The deadline that covers `service` at `version` (upstream name: `mariadb`, not `mysql`).
    pub fn find(&self, service: &str, version: &str) -> Option<&Deadline> {
        self.deadlines.iter().find(|d| d.service == service && in_range(version, d.from.as_deref(), d.below.as_deref()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_loads() {
        let t = crate::data::Tables::embedded().platformsh;
        assert_eq!(t.find("php", "7.4").unwrap().eol, Some(Date::parse("2022-11-28").unwrap()));
        assert!(t.find("php", "99.0").is_none());
        assert_eq!(t.newest_supported("php").unwrap().version, "8.5");
    }

    #[test]
    fn astronomer_table_loads() {
        let t = crate::data::Tables::embedded().astronomer;
        let nine = t.find("astro-runtime", "9").unwrap();
        assert_eq!(nine.eol, Some(Date::parse("2025-01-31").unwrap()));
        assert!(nine.is_yanked("9.0.0") && nine.is_yanked("9.6.0") && !nine.is_yanked("9.7.0"));
        assert!(t.find("astro-runtime", "8").unwrap().is_yanked("8.0.0"));
        assert!(!t.find("astro-runtime", "8").unwrap().is_yanked("8.1.0"));
        assert!(t.versions.iter().all(|v| v.source.starts_with("https://")));
        assert_eq!(t.newest_supported("runtime").unwrap().version, "3.3");
        assert!(t.find("runtime", "9.9").is_none());
    }

    #[test]
    fn commerce_tables_load_and_are_ordered() {
        let r = crate::data::Tables::embedded().commerce_releases;
        assert_eq!(r.line("2.4.8").unwrap().end_standard, Some(Date::parse("2028-05-31").unwrap()));
        assert_eq!(r.line("2.4.1").unwrap().release, "2.4.3");
        assert_eq!(r.line("2.3.7").unwrap().release, "2.3");
        assert!(r.line("2.4.10").is_none());
        assert_eq!(r.line("2.4.6").unwrap().end_of_support(), Some(Date::parse("2028-05-31").unwrap()));
        for line in &r.lines {
            let numbers: Vec<i64> = line.numbered().map(|(n, _)| n).collect();
            assert_eq!(numbers.len(), line.patches.len(), "{}: unparsable patch version", line.release);
            assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{}: patches out of order", line.release);
            let dates: Vec<Date> = line.patches.iter().map(|p| p.date).collect();
            assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{}: patch dates out of order", line.release);
            for p in &line.patches {
                assert!(p.version.starts_with(&line.release), "{}: {}", line.release, p.version);
            }
            for s in &line.services {
                assert!(s.split_once(':').is_some(), "{}: service `{s}` is not name:version", line.release);
            }
        }
        let e = crate::data::Tables::embedded().commerce_enforcement;
        assert_eq!(e.find("mariadb", "10.4").unwrap().date, Date::parse("2026-10-30").unwrap());
        assert_eq!(e.find("mariadb", "10.6").unwrap().date, Date::parse("2027-05-31").unwrap());
        assert!(e.find("mariadb", "10.11").is_none());
        assert!(e.find("rabbitmq", "3.9").is_some() && e.find("rabbitmq", "3.10").is_some());
        assert!(e.find("rabbitmq", "3.13").is_none());
        assert!(e.find("elasticsearch", "7.17").is_some());
        assert!(e.find("php", "8.1").is_some() && e.find("php", "8.2").is_none());
    }

    #[test]
    fn versions() {
        assert_eq!(patch_number("2.4.8"), Some(0));
        assert_eq!(patch_number("2.4.8-p5"), Some(5));
        assert_eq!(patch_number("v2.4.7-p10"), Some(10));
        assert_eq!(patch_number("2.4.9-beta1"), Some(-1));
        assert_eq!(patch_number("2.4"), None);
        assert_eq!(split_line("2.4.8-p5"), Some(("2.4.8", "-p5")));
        assert!(same_line("8.0", "8") && same_line("2", "2.19") && !same_line("7.2", "7.0"));
        assert!(in_range("3.9", None, Some("3.10")) && !in_range("3.10", None, Some("3.10")));
    }
}
