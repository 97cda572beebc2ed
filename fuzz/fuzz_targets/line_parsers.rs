#![no_main]
//! dotenv, Dockerfile and requirements lexers: no panic, spans in bounds.

use libfuzzer_sys::fuzz_target;
use srm_lint::syntax::{dockerfile, dotenv, requirements};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let ok = |s: srm_lint::source::Span| s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end);
    for e in dotenv::parse(text).entries {
        assert!(ok(e.key_span) && ok(e.value_span));
    }
    for i in dockerfile::parse(text).instructions {
        assert!(ok(i.span) && i.words.iter().all(|w| ok(w.span)));
    }
    for r in requirements::parse(text).requirements {
        assert!(ok(r.name_span));
    }
});
