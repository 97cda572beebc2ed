//! The one document tree for YAML and JSON: an arena of nodes that keep byte spans for every key,
//! value and tag. Aliases are kept as references and followed lazily on lookup, never expanded, so
//! an alias bomb costs nothing; `<<` merge keys are honoured on lookup within a bounded depth.

use crate::source::Span;

pub type NodeId = u32;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    Quoted,
    Block,
}

#[derive(Debug)]
pub enum Kind {
    Scalar(String, ScalarStyle),
    Seq(Vec<NodeId>),
    /// Key/value pairs in source order; duplicate keys are kept (lookups take the last one).
    Map(Vec<(NodeId, NodeId)>),
    /// A reference to an anchored node, or `None` when the anchor is unknown.
    Alias(Option<NodeId>),
}

#[derive(Debug)]
pub struct Node {
    pub span: Span,
    /// The tag as written (`!Ref`, `!include`), with its span.
    pub tag: Option<(String, Span)>,
    pub kind: Kind,
}

/// One parsed file: its documents (a JSON file has one), all nodes, and the file's comments.
#[derive(Debug, Default)]
pub struct Tree {
    pub nodes: Vec<Node>,
    pub docs: Vec<NodeId>,
    /// Nodes that carry a YAML anchor (`&name`): aliases and merge keys share them.
    pub anchored: Vec<NodeId>,
}

/// How many aliases or merge keys one lookup follows before giving up.
const MAX_HOPS: usize = 32;

impl Tree {
    /// Whether `span` lies in a node that carries an anchor, so that changing it there would also
    /// change every alias of that node.
    pub fn in_anchored(&self, span: crate::source::Span) -> bool {
        self.anchored.iter().any(|&a| {
            let s = self.nodes[a as usize].span;
            s.start <= span.start && span.end <= s.end
        })
    }

    pub fn push(&mut self, node: Node) -> NodeId {
        self.nodes.push(node);
        (self.nodes.len() - 1) as NodeId
    }

    pub fn node(&self, id: NodeId) -> Ref<'_> {
        Ref { tree: self, id }.resolve()
    }

    /// The root of each document.
    pub fn documents(&self) -> impl Iterator<Item = Ref<'_>> {
        self.docs.iter().map(|&id| self.node(id))
    }

    /// The first document's root, if any.
    pub fn root(&self) -> Option<Ref<'_>> {
        self.documents().next()
    }
}

/// A node in a tree, with aliases already followed.
#[derive(Clone, Copy)]
pub struct Ref<'t> {
    pub tree: &'t Tree,
    pub id: NodeId,
}

impl std::fmt::Debug for Ref<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Ref({}, {:?})", self.id, self.raw().span)
    }
}

/// A mapping entry: the key node and the value node.
#[derive(Clone, Copy, Debug)]
pub struct Entry<'t> {
    pub key: Ref<'t>,
    pub value: Ref<'t>,
}

impl<'t> Entry<'t> {
    /// The key as text ("" for a non-scalar key).
    pub fn name(&self) -> &'t str {
        self.key.as_str().unwrap_or("")
    }
    /// Span from the key to the end of the value.
    pub fn span(&self) -> Span {
        self.key.span().join(self.value.span())
    }
}

impl<'t> Ref<'t> {
    fn raw(&self) -> &'t Node {
        &self.tree.nodes[self.id as usize]
    }

    fn resolve(mut self) -> Ref<'t> {
        for _ in 0..MAX_HOPS {
            match self.raw().kind {
                Kind::Alias(Some(target)) if target != self.id => self.id = target,
                _ => break,
            }
        }
        self
    }

    pub fn span(&self) -> Span {
        self.raw().span
    }

    pub fn kind(&self) -> &'t Kind {
        &self.raw().kind
    }

    /// The tag name as written, e.g. `!Ref`.
    pub fn tag(&self) -> Option<&'t str> {
        self.raw().tag.as_ref().map(|(t, _)| t.as_str())
    }

    /// The span of the tag and the value together.
    pub fn full_span(&self) -> Span {
        match &self.raw().tag {
            Some((_, t)) => t.join(self.span()),
            None => self.span(),
        }
    }

    /// The scalar's text (for any scalar: strings, numbers, booleans as written).
    pub fn as_str(&self) -> Option<&'t str> {
        match &self.raw().kind {
            Kind::Scalar(s, _) => Some(s.as_str()),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(&self.raw().kind, Kind::Scalar(s, ScalarStyle::Plain) if matches!(s.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// A YAML 1.1/1.2 boolean, also written as a string (`"true"`), which configs often do.
    pub fn as_bool(&self) -> Option<bool> {
        match self.as_str()?.to_ascii_lowercase().as_str() {
            "true" | "yes" | "on" => Some(true),
            "false" | "no" | "off" => Some(false),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        self.as_str()?.trim().parse().ok()
    }

    /// The mapping's entries in source order (empty for other kinds). Merge keys are not expanded here.
    pub fn entries(&self) -> impl Iterator<Item = Entry<'t>> + 't {
        let tree = self.tree;
        let pairs: &'t [(NodeId, NodeId)] = match &self.raw().kind {
            Kind::Map(p) => p,
            _ => &[],
        };
        pairs.iter().map(move |&(k, v)| Entry { key: tree.node(k), value: tree.node(v) })
    }

    /// The sequence's items (empty for other kinds).
    pub fn items(&self) -> impl Iterator<Item = Ref<'t>> + 't {
        let tree = self.tree;
        let items: &'t [NodeId] = match &self.raw().kind {
            Kind::Seq(p) => p,
            _ => &[],
        };
        items.iter().map(move |&id| tree.node(id))
    }

    pub fn is_map(&self) -> bool {
        matches!(self.raw().kind, Kind::Map(_))
    }

    pub fn is_seq(&self) -> bool {
        matches!(self.raw().kind, Kind::Seq(_))
    }

    /// The entry for `key` (the last one if the key is repeated), looking into `<<` merges.
    pub fn entry(&self, key: &str) -> Option<Entry<'t>> {
        self.entry_hops(key, 0)
    }

    fn entry_hops(&self, key: &str, hops: usize) -> Option<Entry<'t>> {
        if let Some(e) = self.entries().filter(|e| e.name() == key).last() {
            return Some(e);
        }
        if hops >= MAX_HOPS {
            return None;
        }
        for merge in self.entries().filter(|e| e.name() == "<<") {
            let found = match merge.value.kind() {
                Kind::Seq(_) => merge.value.items().find_map(|m| m.entry_hops(key, hops + 1)),
                _ => merge.value.entry_hops(key, hops + 1),
            };
            if found.is_some() {
                return found;
            }
        }
        None
    }

    /// The value for `key`.
    pub fn get(&self, key: &str) -> Option<Ref<'t>> {
        self.entry(key).map(|e| e.value)
    }

    /// Follows a path of keys.
    pub fn path(&self, keys: &[&str]) -> Option<Ref<'t>> {
        keys.iter().try_fold(*self, |node, k| node.get(k))
    }

    /// `get(key)` as a string.
    pub fn str_at(&self, key: &str) -> Option<&'t str> {
        self.get(key)?.as_str()
    }
}

#[cfg(test)]
mod tests {
    use crate::syntax::yaml;

    #[test]
    fn lookups_follow_aliases_and_merges() {
        let text = "base: &b {disk: 512, size: S}\napp:\n  <<: *b\n  size: L\nother: *b\n";
        let y = yaml::parse(text);
        assert!(y.errors.is_empty(), "{:?}", y.errors);
        let root = y.tree.root().unwrap();
        let app = root.get("app").unwrap();
        assert_eq!(app.str_at("size"), Some("L"));
        assert_eq!(app.get("disk").unwrap().as_i64(), Some(512));
        assert_eq!(root.path(&["other", "size"]).unwrap().as_str(), Some("S"));
        let disk = app.get("disk").unwrap();
        assert_eq!(&text[disk.span().start..disk.span().end], "512");
    }
}
