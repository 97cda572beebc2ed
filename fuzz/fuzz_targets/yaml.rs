#![no_main]
//! The YAML layer: no panic, every span inside the text and on character boundaries.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let y = srm_lint::syntax::yaml::parse(text);
    for node in &y.tree.nodes {
        assert!(node.span.end <= text.len() && text.is_char_boundary(node.span.start) && text.is_char_boundary(node.span.end));
    }
    for e in &y.errors {
        assert!(e.span.end <= text.len());
    }
});
