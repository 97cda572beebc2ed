//! Everything a run's result is turned into: the lint formats ([`render`]), the
//! shared-responsibility report ([`report`]) and the baseline file ([`baseline`]).

pub mod baseline;
pub mod render;
pub mod report;

/// A path for a URI or link target: every byte outside the characters a URI path may hold
/// unescaped is percent-encoded (so spaces, `%`, `#`, `?`, braces and non-ASCII bytes are).
pub fn url_path(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"/._~-@+=,".contains(&b) {
            o.push(b as char);
        } else {
            o.push_str(&format!("%{b:02X}"));
        }
    }
    o
}

#[cfg(test)]
mod tests {
    #[test]
    fn url_path_escapes_what_a_uri_path_cannot_hold() {
        assert_eq!(super::url_path("a b/{x}#1?%é.yaml"), "a%20b/%7Bx%7D%231%3F%25%C3%A9.yaml");
        assert_eq!(super::url_path("shop/.magento/routes.yaml"), "shop/.magento/routes.yaml");
    }
}
