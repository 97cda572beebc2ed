//! Every dated table and catalogue srm-lint ships under `lints/`, embedded in the binary, and the
//! one loader that reads them: each table can be replaced by a newer copy named in `srm-lint.toml`
//! (see [`Table`]), and each carries the date it was last checked against its sources.

pub mod clauses;
pub mod lifecycle;
pub mod tokens;

use std::path::{Path, PathBuf};

use lifecycle::{CommerceReleases, Enforcement};

/// Compliance scopes a repository declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    Pci,
    Hipaa,
    Soc2,
}

/// Platform.sh plans, as far as they change who owns backups.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plan {
    /// Grid plans (Professional) and Upsun: the customer owns backups.
    Professional,
    /// Dedicated Gen 2/3, Enterprise and Elite: the provider runs backups.
    Dedicated,
}

/// The dated tables, by the config setting that overrides each one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Table {
    /// `platformsh.lifecycle`: Platform.sh/Upsun image end-of-life dates.
    PlatformshLifecycle,
    /// `commerce.releases`: Adobe Commerce release lines.
    CommerceReleases,
    /// `commerce.enforcement`: Adobe's cloud dependency deadlines.
    CommerceEnforcement,
    /// `astronomer.runtime`: Astro Runtime maintenance and yanked releases.
    AstronomerRuntime,
    /// `aws.lambda-runtimes`: Lambda runtime deprecation dates.
    LambdaRuntimes,
    /// `secrets.tokens`: credential formats.
    Tokens,
}

impl Table {
    pub const ALL: [Table; 6] = [
        Table::PlatformshLifecycle,
        Table::CommerceReleases,
        Table::CommerceEnforcement,
        Table::AstronomerRuntime,
        Table::LambdaRuntimes,
        Table::Tokens,
    ];

    /// The config setting (`section.key`) that names a newer copy.
    pub fn setting(self) -> &'static str {
        match self {
            Table::PlatformshLifecycle => "platformsh.lifecycle",
            Table::CommerceReleases => "commerce.releases",
            Table::CommerceEnforcement => "commerce.enforcement",
            Table::AstronomerRuntime => "astronomer.runtime",
            Table::LambdaRuntimes => "aws.lambda-runtimes",
            Table::Tokens => "secrets.tokens",
        }
    }

    /// The embedded copy's path in the repository and its text.
    pub fn embedded(self) -> (&'static str, &'static str) {
        match self {
            Table::PlatformshLifecycle => {
                ("lints/platformsh/lifecycle.toml", include_str!("../../lints/platformsh/lifecycle.toml"))
            }
            Table::CommerceReleases => {
                ("lints/commerce/releases.toml", include_str!("../../lints/commerce/releases.toml"))
            }
            Table::CommerceEnforcement => {
                ("lints/commerce/enforcement.toml", include_str!("../../lints/commerce/enforcement.toml"))
            }
            Table::AstronomerRuntime => {
                ("lints/astronomer/runtime.toml", include_str!("../../lints/astronomer/runtime.toml"))
            }
            Table::LambdaRuntimes => {
                ("lints/aws/lambda-runtimes.toml", include_str!("../../lints/aws/lambda-runtimes.toml"))
            }
            Table::Tokens => ("lints/secrets/tokens.toml", include_str!("../../lints/secrets/tokens.toml")),
        }
    }
}

/// Every table a run reads.
#[derive(Debug)]
pub struct Tables {
    pub platformsh: lifecycle::Table,
    pub commerce_releases: CommerceReleases,
    pub commerce_enforcement: Enforcement,
    pub astronomer: lifecycle::Table,
    pub lambda_runtimes: lifecycle::Table,
    pub tokens: tokens::Tokens,
}

/// A table that could not be loaded from the path the config names: the embedded copy is used.
#[derive(Debug)]
pub struct LoadError {
    pub table: Table,
    pub message: String,
}

impl Tables {
    /// The embedded tables.
    pub fn embedded() -> Tables {
        let (tables, errors) = Tables::load(&|_| None);
        debug_assert!(errors.is_empty());
        tables
    }

    /// Each table from the path `path_of` gives for it, else the embedded copy. A copy that cannot
    /// be read or parsed is reported and the embedded one is used.
    pub fn load(path_of: &dyn Fn(Table) -> Option<PathBuf>) -> (Tables, Vec<LoadError>) {
        let mut errors = Vec::new();
        let tables = Tables {
            platformsh: one(&mut errors, path_of, Table::PlatformshLifecycle, lifecycle::Table::parse),
            commerce_releases: one(&mut errors, path_of, Table::CommerceReleases, CommerceReleases::parse),
            commerce_enforcement: one(&mut errors, path_of, Table::CommerceEnforcement, Enforcement::parse),
            astronomer: one(&mut errors, path_of, Table::AstronomerRuntime, lifecycle::Table::parse),
            lambda_runtimes: one(&mut errors, path_of, Table::LambdaRuntimes, lifecycle::Table::parse),
            tokens: one(&mut errors, path_of, Table::Tokens, tokens::Tokens::parse),
        };
        (tables, errors)
    }
}

/// One table: the copy at the configured path, else (and when that fails, with an error) the
/// embedded one.
fn one<T>(
    errors: &mut Vec<LoadError>,
    path_of: &dyn Fn(Table) -> Option<PathBuf>,
    table: Table,
    parse: fn(&str) -> Result<T, String>,
) -> T {
    if let Some(path) = path_of(table) {
        // The parser's error may quote the file: only a bounded, masked excerpt is kept.
        let parsed = read(&path).and_then(|text| {
            parse(&text).map_err(|e| format!("{}: {}", path.display(), crate::source::bounded(&e, 300)))
        });
        match parsed {
            Ok(t) => return t,
            Err(message) => errors.push(LoadError { table, message }),
        }
    }
    let (name, text) = table.embedded();
    parse(text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn read(path: &Path) -> Result<String, String> {
    crate::document::read::read_text_bounded(path, crate::document::read::MAX_TABLE)
        .map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_table_loads_with_its_date() {
        let t = Tables::embedded();
        for checked in [
            &t.platformsh.checked,
            &t.commerce_releases.checked,
            &t.commerce_enforcement.checked,
            &t.astronomer.checked,
            &t.lambda_runtimes.checked,
            &t.tokens.checked,
        ] {
            assert!(crate::date::Date::parse(checked).is_ok(), "{checked}");
        }
        assert!(t.tokens.formats.iter().all(|f| f.source.starts_with("https://")));
    }

    #[test]
    fn an_override_that_fails_falls_back_with_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("tokens.toml");
        std::fs::write(&bad, "checked = \"2026-01-01\"\n[[format]]\nname = \"x\"\nkeywords = [\"x\"]\nregex = \"x\"\nentropy = 1.0\nsource = \"https://example.com\"\n").unwrap();
        let (tables, errors) = Tables::load(&|t| (t == Table::Tokens).then(|| bad.clone()));
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].table.setting(), "secrets.tokens");
        assert!(errors[0].message.contains("capture group"), "{}", errors[0].message);
        assert!(tables.tokens.formats.len() > 5, "the embedded table is used");
    }
}
