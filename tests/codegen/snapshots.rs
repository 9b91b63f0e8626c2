//! Each fixture spec under tests/fixtures/valid/ generates, and its output is pinned.
//! Each fixture names its profile in the `.profile` file beside it.

use crate::support::describe;
use seam_codegen::profile::Choice;

#[test]
fn fixture_output_is_pinned() {
    insta::glob!("../fixtures/valid", "*.yaml", |path| {
        let options = seam_codegen::Options {
            profile: Choice::for_spec(path).expect("a readable .profile"),
            ..Default::default()
        };
        let generated = seam_codegen::generate_file(path, &options)
            .unwrap_or_else(|err| panic!("{} failed to generate:\n{err}", path.display()));
        insta::assert_snapshot!(describe(&generated));
    });
}
