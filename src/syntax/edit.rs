//! Edits of a YAML or JSON document computed from the tree's spans, for fixes: a key is added to a
//! mapping in the mapping's own layout (block or flow, its indentation, the file's line ending),
//! an entry's line is removed. Nothing else in the text changes: comments, quoting, key order.

use super::tree::{Kind, Ref, ScalarStyle};
use crate::source::{Edit, Span, line_ending};

/// A value to write: a scalar or a mapping of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Bool(bool),
    Str(String),
    Map(Vec<(String, Value)>),
}

impl Value {
    /// A mapping from `(key, value)` pairs.
    pub fn map<const N: usize>(pairs: [(&str, Value); N]) -> Value {
        Value::Map(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
    }
}

/// Whether a string can be written as a plain YAML scalar that reads back as the same string.
fn plain_yaml(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/'))
        && !matches!(s.to_ascii_lowercase().as_str(), "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~")
        && s.parse::<f64>().is_err()
}

/// A key or string as YAML (plain when it can be) or JSON writes it.
fn string(s: &str, json: bool) -> String {
    if !json && plain_yaml(s) { s.to_string() } else { serde_json::to_string(s).unwrap_or_default() }
}

/// `value` in flow style: `{a: true}`, `{"a": true}`.
pub fn flow(value: &Value, json: bool) -> String {
    match value {
        Value::Bool(b) => b.to_string(),
        Value::Str(s) => string(s, json),
        Value::Map(pairs) => {
            let inner: Vec<String> =
                pairs.iter().map(|(k, v)| format!("{}: {}", string(k, json), flow(v, json))).collect();
            format!("{{{}}}", inner.join(", "))
        }
    }
}

/// `key: value` on lines of their own at `indent` (block YAML), each line ended by `eol`.
fn block(key: &str, value: &Value, indent: usize, step: usize, eol: &str) -> String {
    let pad = " ".repeat(indent);
    match value {
        Value::Map(pairs) if !pairs.is_empty() => {
            let mut out = format!("{pad}{}:{eol}", string(key, false));
            for (k, v) in pairs {
                out.push_str(&block(k, v, indent + step, step, eol));
            }
            out
        }
        v => format!("{pad}{}: {}{eol}", string(key, false), flow(v, false)),
    }
}

/// `"key": value` for a multi-line JSON object: nested objects open one level deeper.
fn json_pretty(key: &str, value: &Value, indent: usize, step: usize, eol: &str) -> String {
    let pad = " ".repeat(indent);
    match value {
        Value::Map(pairs) if !pairs.is_empty() => {
            let inner: Vec<String> = pairs.iter().map(|(k, v)| json_pretty(k, v, indent + step, step, eol)).collect();
            format!("{pad}{}: {{{eol}{}{eol}{pad}}}", string(key, true), inner.join(&format!(",{eol}")))
        }
        v => format!("{pad}{}: {}", string(key, true), flow(v, true)),
    }
}

/// Start of the line holding `at`.
fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1)
}

/// Columns (bytes) of indentation of the line holding `at`: its leading spaces.
fn indent_of_line(text: &str, at: usize) -> usize {
    let start = line_start(text, at);
    text[start..].bytes().take_while(|&b| b == b' ').count()
}

/// The column of `at` when only spaces precede it on its line (it starts a block entry), else `None`.
pub fn block_indent(text: &str, at: usize) -> Option<usize> {
    let start = line_start(text, at);
    text[start..at].bytes().all(|b| b == b' ').then_some(at - start)
}

/// Offset just past the line ending of the line holding `at` (the text's end when it has none).
fn next_line(text: &str, at: usize) -> usize {
    match text[at..].find('\n') {
        Some(i) => at + i + 1,
        None => text.len(),
    }
}

/// How many columns a nested mapping is indented by, from the mapping at `indent` whose first line
/// starts at `line`: its indentation minus that of the nearest line above with less (the parent
/// key); 2 when there is none.
fn indent_step(text: &str, line: usize, indent: usize) -> usize {
    text[..line]
        .lines()
        .rev()
        .take(200)
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|l| l.bytes().take_while(|&b| b == b' ').count())
        .find(|&i| i < indent)
        .map_or(2, |parent| indent - parent)
}

/// An edit adding `key: value` as the last entry of `map` (which must not have the key), laid
/// out as the mapping is: a line at the entries' indentation in a block mapping, `, key: value`
/// before the `}` of a one-line flow mapping or JSON object, a new indented line in a multi-line
/// one. `json` quotes keys and strings. `None` when the layout is not one of these (an empty
/// block mapping, a tag, a mapping the text does not hold where the tree says).
pub fn insert_entry(text: &str, map: Ref<'_>, key: &str, value: &Value, json: bool) -> Option<Edit> {
    let span = map.span();
    let bytes = text.as_bytes();
    if !matches!(map.kind(), Kind::Map(_)) || span.end > text.len() || span.is_empty() || map.tree.in_anchored(span) {
        return None;
    }
    let eol = line_ending(text);
    let last = map.entries().last();
    if bytes[span.start] == b'{' {
        if bytes[span.end - 1] != b'}' {
            return None;
        }
        let close = span.end - 1;
        let multiline = text[span.start..span.end].contains('\n');
        let Some(last) = last else {
            // `{}`: the entry goes inside, on one line.
            if !text[span.start + 1..close].trim().is_empty() {
                return None;
            }
            let content = format!("{}: {}", string(key, json), flow(value, json));
            return Some(Edit::replace(Span::new(span.start + 1, close), content));
        };
        let end = last.value.full_span().end;
        if end > close || last.key.span().start < span.start {
            return None;
        }
        if multiline && json {
            let indent = indent_of_line(text, last.key.span().start);
            let step = indent.saturating_sub(indent_of_line(text, span.start)).max(1);
            return Some(Edit::insert(end, format!(",{eol}{}", json_pretty(key, value, indent, step, eol))));
        }
        return Some(Edit::insert(end, format!(", {}: {}", string(key, json), flow(value, json))));
    }
    // A block mapping: its span starts at its first key.
    let last = last?;
    let first = map.entries().next()?;
    let key_start = first.key.span().start;
    let start = line_start(text, key_start);
    let prefix = &text[start..key_start];
    // Spaces, or the `- ` of a sequence item holding the mapping.
    if json || !prefix.bytes().all(|b| b == b' ' || b == b'-') || first.key.tag().is_some() {
        return None;
    }
    let indent = prefix.len();
    let end = last.value.full_span().end.max(last.key.span().end);
    // A block scalar's span may end inside the next line's indentation: insert before that line.
    let at = if end > 0 && bytes[end - 1] == b'\n' {
        end
    } else if text[line_start(text, end)..end].bytes().all(|b| b == b' ') {
        line_start(text, end)
    } else {
        next_line(text, end)
    };
    let mut content = block(key, value, indent, indent_step(text, start, indent), eol);
    if at == text.len() && !text.ends_with('\n') {
        content = format!("{eol}{}", content.strip_suffix(eol).unwrap_or(&content));
    }
    Some(Edit::insert(at, content))
}

/// An edit removing an entry of a block mapping written on one line of its own (`KEY: value`,
/// with any comment after it), line ending included. `None` when the entry shares its line or
/// spans several.
pub fn remove_line_entry(text: &str, key: Ref<'_>, value: Ref<'_>) -> Option<Edit> {
    if key.tree.in_anchored(key.span()) || value.tree.in_anchored(value.full_span()) {
        return None;
    }
    let start = line_start(text, key.span().start);
    if !text[start..key.span().start].bytes().all(|b| b == b' ') {
        return None;
    }
    let end = value.full_span().end.max(key.span().end);
    if end > text.len() || text[key.span().start..end].contains('\n') {
        return None;
    }
    let rest = &text[end..next_line(text, end)];
    let rest_trimmed = rest.trim_end_matches(['\n', '\r']).trim();
    if !(rest_trimmed.is_empty() || rest_trimmed.starts_with('#')) {
        return None;
    }
    Some(Edit::delete(Span::new(start, next_line(text, end))))
}

/// An edit replacing a one-line scalar's value by `value`, its quotes kept (`"false"` →
/// `"true"`, `False` → `true`). `None` for other nodes, tagged ones and multi-line scalars.
pub fn replace_scalar(text: &str, node: Ref<'_>, value: &str) -> Option<Edit> {
    let span = node.span();
    let written = text.get(span.start..span.end)?;
    // A node an anchor names is shared by its aliases: changing it here would change them too.
    if node.tag().is_some() || written.contains('\n') || node.tree.in_anchored(span) {
        return None;
    }
    match node.kind() {
        Kind::Scalar(_, ScalarStyle::Quoted) if written.len() >= 2 => {
            Some(Edit::replace(Span::new(span.start + 1, span.end - 1), value))
        }
        Kind::Scalar(_, ScalarStyle::Plain) => Some(Edit::replace(span, value)),
        _ => None,
    }
}

/// An edit turning the first `http://` in `span` of `text` into `https://` (any case of `http`).
pub fn https_scheme(text: &str, span: Span) -> Option<Edit> {
    let at = text.get(span.start..span.end)?.to_ascii_lowercase().find("http://")?;
    Some(Edit::replace(Span::new(span.start + at, span.start + at + "http".len()), "https"))
}

/// An edit adding `line` as the first line of a literal block scalar (`|`, `|-`, ...) at the
/// indentation of its content. `None` for any other scalar (folded `>` ones would join it to the
/// next line).
pub fn prepend_to_literal_block(text: &str, node: Ref<'_>, line: &str) -> Option<Edit> {
    if !matches!(node.kind(), Kind::Scalar(_, ScalarStyle::Block)) {
        return None;
    }
    // The span starts at the content; the indicator ends the last line with text before it.
    let at = line_start(text, node.span().start.min(text.len()));
    let head = text[..at].trim_end();
    let indicator_line = &head[line_start(head, head.len())..];
    let indicator = indicator_line.split(" #").next().unwrap_or("").split_whitespace().last()?;
    if !indicator.starts_with('|') {
        return None;
    }
    let indent = indent_of_line(text, at);
    Some(Edit::insert(at, format!("{}{line}{}", " ".repeat(indent), line_ending(text))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::apply_edits;
    use crate::syntax::{json, yaml};

    fn insert_yaml(text: &str, path: &[&str], key: &str, value: Value) -> String {
        let y = yaml::parse(text);
        let map = y.tree.root().unwrap().path(path).unwrap();
        let edit = insert_entry(text, map, key, &value, false).expect("an edit");
        apply_edits(text, &[&[edit]]).0
    }

    fn insert_json(text: &str, path: &[&str], key: &str, value: Value) -> String {
        let j = json::parse(text);
        let map = j.tree.root().unwrap().path(path).unwrap();
        let edit = insert_entry(text, map, key, &value, true).expect("an edit");
        apply_edits(text, &[&[edit]]).0
    }

    #[test]
    fn nodes_shared_through_anchors_are_never_edited() {
        let text = "A:\n  Pitr: &no false\nB:\n  Public: *no\nBase: &base\n  Encrypted: false\nVol:\n  <<: *base\n  Size: 1\nC:\n  Own: false\n";
        let y = yaml::parse(text);
        let root = y.tree.root().unwrap();
        // The anchored scalar, the same scalar through its alias, a value in an anchored map
        // reached through a merge key, and the anchored map itself: no edit.
        assert!(replace_scalar(text, root.path(&["A", "Pitr"]).unwrap(), "true").is_none());
        assert!(replace_scalar(text, root.path(&["B", "Public"]).unwrap(), "true").is_none());
        assert!(replace_scalar(text, root.path(&["Vol", "Encrypted"]).unwrap(), "true").is_none());
        assert!(insert_entry(text, root.path(&["Base"]).unwrap(), "K", &Value::Bool(true), false).is_none());
        // A node of its own is still edited, and a mapping that merges another gets its own key.
        assert!(replace_scalar(text, root.path(&["C", "Own"]).unwrap(), "true").is_some());
        assert!(insert_entry(text, root.path(&["Vol"]).unwrap(), "K", &Value::Bool(true), false).is_some());
    }

    #[test]
    fn block_mappings_get_a_line_at_their_indentation() {
        let text = "R:\n  Properties:\n    Engine: mysql # why\n    # about S\nS: 1\n";
        let out = insert_yaml(text, &["R", "Properties"], "StorageEncrypted", Value::Bool(true));
        assert_eq!(
            out,
            "R:\n  Properties:\n    Engine: mysql # why\n    StorageEncrypted: true\n    # about S\nS: 1\n"
        );
        let crlf = text.replace('\n', "\r\n");
        let out = insert_yaml(&crlf, &["R", "Properties"], "StorageEncrypted", Value::Bool(true));
        assert!(out.contains("mysql # why\r\n    StorageEncrypted: true\r\n"), "{out:?}");
        // No final line ending; a nested mapping.
        let out = insert_yaml(
            "a:\n  b: 1",
            &["a"],
            "Spec",
            Value::map([("Enabled", Value::Bool(true)), ("Mode", Value::Str("a b".into()))]),
        );
        assert_eq!(out, "a:\n  b: 1\n  Spec:\n    Enabled: true\n    Mode: \"a b\"");
        // Flow mapping in YAML.
        let out = insert_yaml("a: {b: 1}\n", &["a"], "c", Value::Str("required".into()));
        assert_eq!(out, "a: {b: 1, c: required}\n");
    }

    #[test]
    fn block_mappings_after_block_scalars_and_with_wide_indentation() {
        let text = "apps:\n    api:\n        hooks:\n            build: |\n                a\n    \n    admin:\n        x: 1\n";
        let out = insert_yaml(text, &["apps", "api"], "crons", Value::map([("b", Value::Bool(true))]));
        assert_eq!(
            out,
            "apps:\n    api:\n        hooks:\n            build: |\n                a\n    \n        crons:\n            b: true\n    admin:\n        x: 1\n"
        );
    }

    #[test]
    fn json_objects_keep_their_layout() {
        let text =
            "{\n  \"R\": {\n    \"Type\": \"x\",\n    \"Properties\": {\n      \"Engine\": \"mysql\"\n    }\n  }\n}\n";
        let out = insert_json(text, &["R", "Properties"], "StorageEncrypted", Value::Bool(true));
        assert_eq!(
            out,
            "{\n  \"R\": {\n    \"Type\": \"x\",\n    \"Properties\": {\n      \"Engine\": \"mysql\",\n      \"StorageEncrypted\": true\n    }\n  }\n}\n"
        );
        let out = insert_json(text, &["R"], "P", Value::map([("A", Value::Bool(true))]));
        assert!(out.contains("    },\n    \"P\": {\n      \"A\": true\n    }\n  }"), "{out}");
        assert_eq!(insert_json("{\"a\": {}}", &["a"], "b", Value::Bool(true)), "{\"a\": {\"b\": true}}");
        assert_eq!(
            insert_json("{\"a\": {\"x\": 1}}", &["a"], "b", Value::Bool(true)),
            "{\"a\": {\"x\": 1, \"b\": true}}"
        );
    }

    #[test]
    fn literal_blocks_get_a_first_line() {
        let text = "hooks:\n  build: |- # why\n    # deps\n    a\n    b\n  deploy: c\n  post: >\n    a\n    b\n";
        let y = yaml::parse(text);
        let v = y.tree.root().unwrap().path(&["hooks", "build"]).unwrap();
        let edit = prepend_to_literal_block(text, v, "set -e").unwrap();
        assert_eq!(
            apply_edits(text, &[&[edit]]).0,
            "hooks:\n  build: |- # why\n    set -e\n    # deps\n    a\n    b\n  deploy: c\n  post: >\n    a\n    b\n"
        );
        for other in ["deploy", "post"] {
            let v = y.tree.root().unwrap().path(&["hooks", other]).unwrap();
            assert!(prepend_to_literal_block(text, v, "set -e").is_none(), "{other}");
        }
    }

    #[test]
    fn whole_line_entries_are_removed() {
        let text = "v:\n  A: 1\n  KEY: secret # old\n  B: 2\n";
        let y = yaml::parse(text);
        let e = y.tree.root().unwrap().get("v").unwrap().entry("KEY").unwrap();
        let edit = remove_line_entry(text, e.key, e.value).unwrap();
        assert_eq!(apply_edits(text, &[&[edit]]).0, "v:\n  A: 1\n  B: 2\n");
        let text = "v: {KEY: secret}\n";
        let y = yaml::parse(text);
        let e = y.tree.root().unwrap().get("v").unwrap().entry("KEY").unwrap();
        assert!(remove_line_entry(text, e.key, e.value).is_none());
    }
}
