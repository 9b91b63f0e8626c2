//! Test-only crate: its integration tests live in `codegen/`, `wire/`, `cli/`, `prism/`,
//! `hostile/` and `hostile_memory/`. `common/` holds what several share: the
//! test values and mock-server helpers of `wire/` and `cli/`, and running a
//! command line (`cli/` and the fake-server suite's `tests/cli.rs`). The
//! README's examples are compiled by the fake-server suite
//! (`tests/fake-e2e/src/lib.rs`), against Seam's whole API, because some of
//! them call operations that spec/ does not have.
