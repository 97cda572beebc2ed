//! srm-lint: checks the customer's half of cloud shared-responsibility models in a repository.
//!
//! Data flows one way: [`discover`] (walk and classify) → [`engine`] (read, parse with spans,
//! build [`model`]s, run [`rules`], filter with [`config`] and [`suppress`]) → [`render`].

pub mod baseline;
pub mod clauses;
pub mod cli;
pub mod config;
pub mod date;
pub mod discover;
pub mod engine;
pub mod lifecycle;
pub mod model;
pub mod render;
pub mod report;
pub mod rules;
pub mod secrets;
pub mod source;
pub mod suppress;
pub mod syntax;
