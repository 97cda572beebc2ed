//! JSON (composer.json, auth.json, CloudFormation JSON) parsed with jsonc-parser in strict mode and
//! turned into the shared [`Tree`], so rules read YAML and JSON the same way.

use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::{CollectOptions, ParseOptions};

use super::tree::{Kind, Node, NodeId, ScalarStyle, Tree};
use crate::source::{Span, SyntaxError};

#[derive(Debug, Default)]
pub struct Json {
    pub tree: Tree,
    pub errors: Vec<SyntaxError>,
    /// Repeated object keys: (key, first occurrence, repeated occurrence).
    pub duplicates: Vec<(String, Span, Span)>,
}

pub fn parse(text: &str) -> Json {
    let strict = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    // A BOM is not JSON, but editors write it; skip it rather than fail.
    let offset = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut out = Json::default();
    match jsonc_parser::parse_to_ast(&text[offset..], &CollectOptions::default(), &strict) {
        Ok(result) => {
            if let Some(value) = result.value {
                let root = convert(&mut out, value, offset);
                out.tree.docs.push(root);
            }
        }
        Err(e) => {
            let r = e.range();
            out.errors
                .push(SyntaxError { span: Span::new(r.start + offset, r.end + offset), message: e.kind().to_string() });
        }
    }
    out
}

/// Recursion is bounded by the parser's nesting limit (512).
fn convert(out: &mut Json, value: Value<'_>, offset: usize) -> NodeId {
    let span = |r: jsonc_parser::common::Range| Span::new(r.start + offset, r.end + offset);
    let (sp, kind) = match value {
        Value::StringLit(s) => (span(s.range), Kind::Scalar(s.value.into_owned(), ScalarStyle::Quoted)),
        Value::NumberLit(n) => (span(n.range), Kind::Scalar(n.value.to_string(), ScalarStyle::Plain)),
        Value::BooleanLit(b) => (span(b.range), Kind::Scalar(b.value.to_string(), ScalarStyle::Plain)),
        Value::NullKeyword(n) => (span(n.range), Kind::Scalar("null".into(), ScalarStyle::Plain)),
        Value::Array(a) => {
            let items = a.elements.into_iter().map(|v| convert(out, v, offset)).collect();
            (span(a.range), Kind::Seq(items))
        }
        Value::Object(o) => {
            let range = span(o.range);
            let mut pairs = Vec::with_capacity(o.properties.len());
            let mut seen: std::collections::HashMap<String, Span> = Default::default();
            for prop in o.properties {
                let (name, key_span) = match prop.name {
                    ObjectPropName::String(s) => (s.value.into_owned(), span(s.range)),
                    ObjectPropName::Word(w) => (w.value.to_string(), span(w.range)),
                };
                if let Some(first) = seen.get(&name) {
                    out.duplicates.push((name.clone(), *first, key_span));
                } else {
                    seen.insert(name.clone(), key_span);
                }
                let key =
                    out.tree.push(Node { span: key_span, tag: None, kind: Kind::Scalar(name, ScalarStyle::Quoted) });
                let value = convert(out, prop.value, offset);
                pairs.push((key, value));
            }
            (range, Kind::Map(pairs))
        }
    };
    out.tree.push(Node { span: sp, tag: None, kind })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_duplicates() {
        let text = "{\"name\": \"café\", \"require\": {\"php\": \">=8.1\"}, \"require\": {}}";
        let j = parse(text);
        assert!(j.errors.is_empty());
        let root = j.tree.root().unwrap();
        assert_eq!(root.str_at("name"), Some("café"));
        let e = root.entry("name").unwrap();
        assert_eq!(&text[e.key.span().start..e.key.span().end], "\"name\"");
        assert_eq!(j.duplicates.len(), 1);
    }

    #[test]
    fn errors_have_offsets_and_depth_is_bounded() {
        let j = parse("{\"a\": 1,}");
        assert_eq!(j.errors.len(), 1);
        assert_eq!(j.errors[0].span.start, 7);
        let deep = "[".repeat(100_000);
        assert_eq!(parse(&deep).errors.len(), 1);
        assert!(parse("\u{feff}{}").errors.is_empty());
    }
}
