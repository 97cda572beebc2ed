//! Everything a run's result is turned into: the lint formats ([`render`]), the
//! shared-responsibility report ([`report`]) and the baseline file ([`baseline`]).

pub mod baseline;
pub mod render;
pub mod report;
