//! Test-only crate: its integration tests live in `codegen/`, `wire/`, `cli/`,
//! `hostile/` and `hostile_memory/` (`common/` holds values two of them share). The README's examples are compiled by the fake-server
//! suite (`tests/fake-e2e/src/lib.rs`), against Seam's whole API, because some
//! of them call operations that spec/ does not have.
