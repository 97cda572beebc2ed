//! The YAML layer: granit-parser events turned into the shared [`Tree`]. This module is the only
//! place that knows the event parser, so it can be swapped.

use std::collections::HashMap;

use granit_parser::{Event, Parser};

use super::tree::{Kind, Node, NodeId, ScalarStyle, Tree};
use crate::source::{Comment, Span, SyntaxError};

/// Budgets that keep hostile files cheap.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Most nodes kept for one file.
    pub max_nodes: usize,
    /// Deepest nesting of collections.
    pub max_depth: usize,
    /// Longest time one file may take to parse: a guard against inputs the other budgets miss.
    pub timeout: std::time::Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_nodes: 2_000_000, max_depth: 200, timeout: std::time::Duration::from_secs(5) }
    }
}

#[derive(Debug, Default)]
pub struct Yaml {
    pub tree: Tree,
    pub comments: Vec<Comment>,
    /// The first error stops the parse; documents finished before it are kept.
    pub errors: Vec<SyntaxError>,
    /// Repeated mapping keys: (key, first occurrence, repeated occurrence).
    pub duplicates: Vec<(String, Span, Span)>,
    /// Aliases naming no anchor (`*name`): invalid YAML, but the rest of the file is still read.
    pub unknown_aliases: Vec<Span>,
}

pub fn parse(text: &str) -> Yaml {
    parse_with(text, Limits::default())
}

struct Frame {
    id: NodeId,
    start: usize,
    tag: Option<(String, Span)>,
    seq: bool,
    children: Vec<NodeId>,
}

/// Files from this size up are parsed on two threads: granit's scanner and parser on one, the tree
/// built from its events on the other. Below it a second thread costs more than it saves.
const PIPELINE_BYTES: usize = 512 * 1024;
/// Events handed over at a time.
const BATCH: usize = 1024;

type Item<'t> = Result<(Event<'t>, granit_parser::Span), granit_parser::ScanError>;

pub fn parse_with(text: &str, limits: Limits) -> Yaml {
    if text.len() < PIPELINE_BYTES { direct(text, limits) } else { pipelined(text, limits) }
}

fn options(limits: Limits) -> granit_parser::Options {
    granit_parser::options! {
        flow_nesting_limit: limits.max_depth,
        block_nesting_limit: limits.max_depth,
        emit_unresolved_aliases: true,
    }
}

fn direct(text: &str, limits: Limits) -> Yaml {
    build(text, limits, Parser::new_from_str_with_options(text, options(limits)))
}

fn pipelined(text: &str, limits: Limits) -> Yaml {
    std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Item<'_>>>(8);
        let producer = std::thread::Builder::new().name("yaml-events".into()).spawn_scoped(s, move || {
            let mut batch = Vec::with_capacity(BATCH);
            for item in Parser::new_from_str_with_options(text, options(limits)) {
                let error = item.is_err();
                batch.push(item);
                // A closed channel means the tree builder stopped (an error or a budget): stop too.
                if (batch.len() == BATCH || error)
                    && tx.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))).is_err()
                {
                    return;
                }
                if error {
                    return;
                }
            }
            let _ = tx.send(batch);
        });
        match producer {
            Ok(_) => build(text, limits, rx.into_iter().flatten()),
            // No thread to be had: parse on this one.
            Err(_) => direct(text, limits),
        }
    })
}

/// The tree from the parser's events; the first error or exceeded budget ends it.
fn build<'t>(text: &'t str, limits: Limits, parser: impl Iterator<Item = Item<'t>>) -> Yaml {
    let mut out = Yaml::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, NodeId> = HashMap::new();
    let mut doc_nodes_start = 0usize;
    let byte = |m: &granit_parser::Marker| m.byte_offset().unwrap_or(0).min(text.len());
    let started = std::time::Instant::now();
    let mut events = 0u32;

    for next in parser {
        let (event, span) = match next {
            Ok(pair) => pair,
            Err(e) => {
                let at = byte(e.marker());
                out.errors.push(SyntaxError { span: Span::new(at, at), message: e.info() });
                break;
            }
        };
        let sp = Span::new(byte(&span.start), byte(&span.end));
        events = events.wrapping_add(1);
        if events.is_multiple_of(4096) && started.elapsed() > limits.timeout {
            out.errors.push(SyntaxError {
                span: sp,
                message: format!(
                    "parsing took longer than {} ms; the rest of the file is not read",
                    limits.timeout.as_millis()
                ),
            });
            break;
        }
        let tag = |tag: &Option<std::borrow::Cow<'_, granit_parser::Tag>>| {
            let tag = tag.as_ref()?;
            let written = span.tag_span().and_then(|t| t.byte_range()).filter(|r| r.end <= text.len());
            Some(match written {
                Some(r) => (text[r.clone()].to_string(), Span::new(r.start, r.end)),
                None => (tag.original(), Span::new(sp.start, sp.start)),
            })
        };
        let done = match event {
            Event::DocumentStart(..) => {
                doc_nodes_start = out.tree.nodes.len();
                None
            }
            Event::DocumentEnd => {
                anchors.clear();
                None
            }
            #[allow(unreachable_patterns)]
            Event::Comment(..) => {
                out.comments.push(Comment { span: sp });
                None
            }
            Event::Scalar(value, style, anchor, t) => {
                let style = match style {
                    granit_parser::ScalarStyle::Plain => ScalarStyle::Plain,
                    granit_parser::ScalarStyle::SingleQuoted | granit_parser::ScalarStyle::DoubleQuoted => {
                        ScalarStyle::Quoted
                    }
                    _ => ScalarStyle::Block,
                };
                let id = out.tree.push(Node { span: sp, tag: tag(&t), kind: Kind::Scalar(value.into_owned(), style) });
                if anchor != 0 {
                    anchors.insert(anchor, id);
                    out.tree.anchored.push(id);
                }
                Some(id)
            }
            Event::Alias(anchor) => {
                // An alias to a collection that is still open would make a cycle: keep it unresolved.
                let target = anchors.get(&anchor).copied().filter(|t| !stack.iter().any(|f| f.id == *t));
                Some(out.tree.push(Node { span: sp, tag: None, kind: Kind::Alias(target) }))
            }
            Event::UnresolvedAlias(_) => {
                out.unknown_aliases.push(sp);
                Some(out.tree.push(Node { span: sp, tag: None, kind: Kind::Alias(None) }))
            }
            Event::SequenceStart(_, anchor, ref t) | Event::MappingStart(_, anchor, ref t) => {
                let seq = matches!(event, Event::SequenceStart(..));
                let id = out.tree.push(Node { span: sp, tag: None, kind: Kind::Seq(Vec::new()) });
                if anchor != 0 {
                    anchors.insert(anchor, id);
                    out.tree.anchored.push(id);
                }
                if stack.len() >= limits.max_depth {
                    out.errors.push(SyntaxError {
                        span: sp,
                        message: format!("nesting deeper than {} levels", limits.max_depth),
                    });
                    break;
                }
                stack.push(Frame { id, start: sp.start, tag: tag(t), seq, children: Vec::new() });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = stack.pop() else { continue };
                // A flow collection ends at its bracket; a block one at its last child.
                let flow_end = matches!(text.as_bytes().get(sp.start), Some(b']' | b'}'));
                let last_child = frame.children.last().map(|&c| out.tree.nodes[c as usize].span.end);
                let end = if flow_end { sp.end } else { last_child.unwrap_or(sp.end) }.max(frame.start);
                let kind = if frame.seq {
                    Kind::Seq(frame.children)
                } else {
                    let pairs: Vec<(NodeId, NodeId)> = frame.children.chunks_exact(2).map(|c| (c[0], c[1])).collect();
                    find_duplicates(&out.tree, &pairs, &mut out.duplicates);
                    Kind::Map(pairs)
                };
                let node = &mut out.tree.nodes[frame.id as usize];
                node.span = Span::new(frame.start, end);
                node.tag = frame.tag;
                node.kind = kind;
                Some(frame.id)
            }
            _ => None,
        };
        if let Some(id) = done {
            match stack.last_mut() {
                Some(parent) => parent.children.push(id),
                None => out.tree.docs.push(id),
            }
        }
        if out.tree.nodes.len() > limits.max_nodes {
            out.errors.push(SyntaxError {
                span: sp,
                message: format!("more than {} YAML nodes; the rest of the file is not read", limits.max_nodes),
            });
            break;
        }
    }
    if !out.errors.is_empty() {
        // Drop the unfinished document; keep the ones before it.
        out.tree.nodes.truncate(doc_nodes_start);
        out.tree.docs.retain(|&d| (d as usize) < doc_nodes_start);
        for node in &mut out.tree.nodes {
            if let Kind::Alias(Some(t)) = node.kind
                && t as usize >= doc_nodes_start
            {
                node.kind = Kind::Alias(None);
            }
        }
    }
    out
}

fn find_duplicates(tree: &Tree, pairs: &[(NodeId, NodeId)], out: &mut Vec<(String, Span, Span)>) {
    if pairs.len() < 2 {
        return;
    }
    let mut keys: Vec<(&str, Span)> = pairs
        .iter()
        .filter_map(|&(k, _)| match &tree.nodes[k as usize].kind {
            Kind::Scalar(s, _) if s != "<<" => Some((s.as_str(), tree.nodes[k as usize].span)),
            _ => None,
        })
        .collect();
    keys.sort_by(|a, b| a.0.cmp(b.0).then(a.1.start.cmp(&b.1.start)));
    for w in keys.windows(2) {
        if w[0].0 == w[1].0 {
            // Report each repetition against the first occurrence.
            let first = keys.iter().find(|k| k.0 == w[0].0).map_or(w[0].1, |k| k.1);
            out.push((w[1].0.to_string(), first, w[1].1));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(text: &str, s: Span) -> &str {
        &text[s.start..s.end]
    }

    #[test]
    fn two_threads_build_the_same_tree_as_one() {
        let mut text = String::from("# big\na: &x {k: v}\nlist:\n");
        while text.len() < PIPELINE_BYTES + 10_000 {
            text.push_str("  - name: n # c\n    value: !Ref v\n    alias: *x\n");
        }
        let dump =
            |y: &Yaml| format!("{:?}{:?}{:?}{:?}{:?}", y.tree, y.comments, y.errors, y.duplicates, y.unknown_aliases);
        let limits = Limits::default();
        // Valid; an error in the only document; an error in the third (the first two are kept).
        for (text, docs) in
            [(text.clone(), 1), (format!("{text}  bad: [\n"), 0), (format!("{text}---\nb: 1\n...\n---\nc: ["), 2)]
        {
            let (one, two) = (direct(&text, limits), pipelined(&text, limits));
            assert_eq!(dump(&one), dump(&two));
            assert_eq!(one.tree.docs.len(), docs);
        }
        // A budget hit stops both alike (and the event thread with it).
        let small = Limits { max_nodes: 1000, ..limits };
        assert_eq!(dump(&direct(&text, small)), dump(&pipelined(&text, small)));
        assert!(pipelined(&text, small).errors[0].message.contains("more than 1000"));
    }

    #[test]
    fn time_guard_stops_the_parse() {
        let text = "- a\n".repeat(10_000);
        let limits = Limits { timeout: std::time::Duration::ZERO, ..Limits::default() };
        let y = parse_with(&text, limits);
        assert!(y.errors.iter().any(|e| e.message.contains("longer than 0 ms")), "{:?}", y.errors);
        assert!(parse(&text).errors.is_empty());
    }

    #[test]
    fn spans_tags_and_comments() {
        let text = "# café\nResources:\n  B:\n    Name: !Sub \"${AWS::StackName}-x\" # c\n    Arn: !GetAtt a.b\n";
        let y = parse(text);
        assert!(y.errors.is_empty(), "{:?}", y.errors);
        let root = y.tree.root().unwrap();
        let e = root.path(&["Resources", "B"]).unwrap().entry("Name").unwrap();
        assert_eq!(slice(text, e.key.span()), "Name");
        assert_eq!(slice(text, e.value.span()), "\"${AWS::StackName}-x\"");
        assert_eq!(e.value.tag(), Some("!Sub"));
        assert_eq!(e.value.as_str(), Some("${AWS::StackName}-x"));
        let arn = root.path(&["Resources", "B", "Arn"]).unwrap();
        assert_eq!(arn.tag(), Some("!GetAtt"));
        assert_eq!(arn.as_str(), Some("a.b"));
        assert_eq!(y.comments.len(), 2);
        assert_eq!(slice(text, y.comments[0].span), "# café");
        assert_eq!(slice(text, y.comments[1].span), "# c");
    }

    #[test]
    fn collection_spans_cover_children() {
        let text = "a:\n  b: 1\n  c: [1, 2]\n";
        let y = parse(text);
        let a = y.tree.root().unwrap().get("a").unwrap();
        assert_eq!(slice(text, a.span()), "b: 1\n  c: [1, 2]");
        let c = a.get("c").unwrap();
        assert_eq!(slice(text, c.span()), "[1, 2]");
    }

    #[test]
    fn multi_document_bom_and_crlf() {
        let text = "\u{feff}a: 1\r\n---\r\nb: 2\r\n";
        let y = parse(text);
        assert!(y.errors.is_empty(), "{:?}", y.errors);
        assert_eq!(y.tree.docs.len(), 2);
        let b = y.tree.documents().nth(1).unwrap().get("b").unwrap();
        assert_eq!(slice(text, b.span()), "2");
    }

    #[test]
    fn duplicate_keys_are_reported_and_last_wins() {
        let text = "disk: 1\nsize: S\ndisk: 2\n";
        let y = parse(text);
        assert_eq!(y.duplicates.len(), 1);
        let (k, first, again) = &y.duplicates[0];
        assert_eq!(k, "disk");
        assert_eq!((first.start, again.start), (0, 16));
        assert_eq!(y.tree.root().unwrap().str_at("disk"), Some("2"));
    }

    #[test]
    fn alias_bomb_is_not_expanded() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let y = parse(&text);
        assert!(y.errors.is_empty());
        assert!(y.tree.nodes.len() < 200);
    }

    #[test]
    fn deep_nesting_and_errors_are_reported_with_offsets() {
        for text in ["[".repeat(10_000), "- ".repeat(10_000) + "x", "{a: ".repeat(10_000)] {
            let y = parse(&text);
            assert_eq!(y.errors.len(), 1, "{}", &text[..10]);
        }
        let y = parse("a: 1\nb: [1, 2\nc: 3\n");
        assert_eq!(y.errors.len(), 1);
        assert!(y.errors[0].span.start > 4);
    }

    #[test]
    fn unknown_alias_is_reported_and_parsing_goes_on() {
        let text = "a:\n  login: *USER*\n  port: 5432\n";
        let y = parse(text);
        assert!(y.errors.is_empty(), "{:?}", y.errors);
        assert_eq!(y.unknown_aliases.len(), 1);
        assert_eq!(slice(text, y.unknown_aliases[0]), "*USER*");
        assert_eq!(y.tree.root().unwrap().path(&["a", "port"]).unwrap().as_str(), Some("5432"));
    }

    #[test]
    fn self_referencing_alias_is_not_a_cycle() {
        let y = parse("a: &x [1, *x]\n");
        let a = y.tree.root().unwrap().get("a").unwrap();
        assert_eq!(a.items().count(), 2);
    }
}
