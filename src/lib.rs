//! srm-lint: checks the customer's half of cloud shared-responsibility models in a repository.
//!
//! Modules form layers, and a module only imports modules of its own layer or below
//! (`tests/architecture.rs` enforces it), lowest first:
//!
//! 1. [`source`], [`date`]: spans, text, line index; dates.
//! 2. [`syntax`]: the parsers (one tree for YAML and JSON; dotenv, Dockerfile, requirements).
//! 3. [`document`]: discovery and classification, reading, [`document::ParsedFile`].
//! 4. [`data`]: every dated table and catalogue under `lints/`, with one loader.
//! 5. [`diagnostic`]: severity, findings, the rule catalogue, a run's result.
//! 6. [`config`]: the settings of `srm-lint.toml`.
//! 7. [`model`]: typed platform views and the secrets scanner.
//! 8. [`rules`]: the registry, the claims table and the rule packs.
//! 9. [`filter`]: suppressions, baseline, scrubbing, final severity and order.
//! 10. [`output`]: the lint formats, the shared-responsibility report, the baseline file.
//! 11. [`run`]: one run, start to end.
//! 12. [`fix`]: the findings' fixes applied in passes of runs, diffs, atomic writes.
//! 13. [`server`]: the language server (`srm-lint server`).
//! 14. [`cli`]: the command line.

pub mod cli;
pub mod config;
pub mod data;
pub mod date;
pub mod diagnostic;
pub mod document;
pub mod filter;
pub mod fix;
pub mod model;
pub mod output;
pub mod rules;
pub mod run;
pub mod server;
pub mod source;
pub mod syntax;
