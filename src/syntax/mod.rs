//! Parsers that keep byte spans: one tree for YAML and JSON, small line lexers for the rest.

mod bytes;
pub mod dockerfile;
pub mod dotenv;
pub mod edit;
pub mod json;
pub mod requirements;
pub mod tree;
pub mod yaml;
