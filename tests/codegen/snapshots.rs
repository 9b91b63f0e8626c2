//! Each fixture spec under tests/fixtures/valid/ generates, and its output is pinned.

use crate::support::describe;

#[test]
fn fixture_output_is_pinned() {
    insta::glob!("../fixtures/valid", "*.yaml", |path| {
        let generated = seam_codegen::generate_file(path, &Default::default())
            .unwrap_or_else(|err| panic!("{} failed to generate:\n{err}", path.display()));
        insta::assert_snapshot!(describe(&generated));
    });
}
