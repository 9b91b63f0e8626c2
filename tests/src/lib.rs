//! Test-only crate: its integration tests live in `codegen/`, `wire/`, `hostile/`
//! and `hostile_memory/`. The README's examples are compiled by the fake-server
//! suite (`tests/fake-e2e/src/lib.rs`), against Seam's whole API, because some
//! of them call operations that spec/ does not have.
