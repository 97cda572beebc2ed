#![no_main]
//! The JSON layer: no panic, spans in bounds.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let j = srm_lint::syntax::json::parse(text);
    for node in &j.tree.nodes {
        assert!(node.span.end <= text.len() && text.is_char_boundary(node.span.start) && text.is_char_boundary(node.span.end));
    }
});
