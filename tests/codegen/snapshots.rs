//! Each fixture spec under tests/fixtures/valid/ generates, and its output is pinned.
//! Each fixture names its profile in the `.profile` file beside it.

use crate::support::{describe, describe_cli};
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

/// The command line, for the fixtures that have its constructs: flags of every
/// kind and a listing, action and deprecated and undocumented operations
/// (command_line), the client without a workspace (client_kinds), bodies that
/// are not JSON (http_bodies), successes that
/// differ by status (http_statuses).
#[test]
fn cli_output_is_pinned() {
    for fixture in [
        "command_line",
        "client_kinds",
        "http_bodies",
        "http_statuses",
    ] {
        let path = crate::support::root().join(format!("tests/fixtures/valid/{fixture}.yaml"));
        let options = seam_codegen::Options {
            profile: Choice::for_spec(&path).expect("a readable .profile"),
            ..Default::default()
        };
        let generated = seam_codegen::generate_file(&path, &options)
            .unwrap_or_else(|err| panic!("{} failed to generate:\n{err}", path.display()));
        insta::assert_snapshot!(format!("cli_{fixture}"), describe_cli(&generated));
    }
}
