//! Typed views of each platform's config that keep spans, so rules never re-walk raw trees, and
//! the secrets scanner.

pub mod astronomer;
pub mod aws;
pub mod commerce;
pub mod platformsh;
pub mod secrets;
