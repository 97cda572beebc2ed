//! Parsers that keep byte spans: one tree for YAML and JSON, small line lexers for the rest.

pub mod json;
pub mod tree;
pub mod yaml;
