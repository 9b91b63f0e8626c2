//! Each fixture spec under tests/fixtures/valid/ generates, and its output is pinned.
//! A fixture follows Seam's conventions unless a `.profile` file beside it names
//! another profile.

use crate::support::describe;
use seam_codegen::profile::Choice;

#[test]
fn fixture_output_is_pinned() {
    insta::glob!("../fixtures/valid", "*.yaml", |path| {
        let profile = Choice::declared_for(path)
            .expect("a readable .profile")
            .unwrap_or(Choice::Seam);
        let options = seam_codegen::Options {
            profile,
            ..Default::default()
        };
        let generated = seam_codegen::generate_file(path, &options)
            .unwrap_or_else(|err| panic!("{} failed to generate:\n{err}", path.display()));
        insta::assert_snapshot!(describe(&generated));
    });
}
