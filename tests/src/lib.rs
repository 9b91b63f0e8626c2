//! Test-only crate: its integration tests live in `codegen/`, `wire/`; this library
//! only carries the README so that its Rust examples are compiled as doc tests.

/// The README's examples, compiled by `cargo test --doc`.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
