//! srm-lint: checks the customer's half of cloud shared-responsibility models in a repository.

pub mod source;
pub mod syntax;
