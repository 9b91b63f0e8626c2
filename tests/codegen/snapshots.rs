//! Each fixture spec under tests/fixtures/valid/ generates, and its output is pinned.
//! Each fixture names its profile in the `.profile` file beside it.
//!
//! What a profile writes for every crate (conventions, clients, crate root,
//! manifest, example) is pinned once per profile, for a small baseline
//! document; a fixture's snapshot shows those files as a diff from it, so a
//! change to a profile's files shows once, and a fixture's snapshot holds
//! what the fixture exercises.

use crate::support::{describe_against, describe_cli, describe_profile_files, root};
use seam_codegen::profile::Choice;
use std::collections::BTreeMap;
use std::path::Path;

/// The baseline document, generated with the profile `options` name.
fn baseline(options: &seam_codegen::Options) -> seam_codegen::Generated {
    let path = root().join("tests/fixtures/baseline/document.yaml");
    seam_codegen::generate_file(&path, options)
        .unwrap_or_else(|err| panic!("the baseline does not generate:\n{err}"))
}

/// Each fixture's options (its profile), by the fixture's file name.
fn fixture_options(path: &Path) -> seam_codegen::Options {
    seam_codegen::Options {
        profile: Choice::for_spec(path).expect("a readable .profile"),
        ..Default::default()
    }
}

/// How the snapshots name a fixture's profile: a built-in one by its name
/// (as the `.profile` beside it says, `generic` without one), a profile of
/// the fixture's own by the fixture.
fn profile_name(fixture: &Path) -> String {
    let stem = (fixture.file_stem().and_then(|s| s.to_str())).unwrap_or_default();
    if fixture.with_extension("profile.toml").is_file() {
        return stem.to_owned();
    }
    match std::fs::read_to_string(fixture.with_extension("profile")) {
        Ok(text) if text.trim().contains(['=', '[', '\n', '#']) => stem.to_owned(),
        Ok(text) => text.trim().to_owned(),
        Err(_) => "generic".to_owned(),
    }
}

#[test]
fn fixture_output_is_pinned() {
    insta::glob!("../fixtures/valid", "*.yaml", |path| {
        let options = fixture_options(path);
        let generated = seam_codegen::generate_file(path, &options)
            .unwrap_or_else(|err| panic!("{} failed to generate:\n{err}", path.display()));
        let baseline = baseline(&options);
        insta::assert_snapshot!(describe_against(&generated, &baseline));
    });
}

/// The profile files of every profile a fixture uses (the built-in ones by
/// name, a fixture's own `.profile.toml` by its fixture), for the baseline.
#[test]
fn profile_boilerplate_is_pinned() {
    let mut profiles: BTreeMap<String, seam_codegen::Options> = BTreeMap::new();
    let dir = root().join("tests/fixtures/valid");
    for entry in std::fs::read_dir(&dir).expect("tests/fixtures/valid") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let options = fixture_options(&path);
        profiles.entry(profile_name(&path)).or_insert(options);
    }
    assert!(profiles.len() >= 3, "profiles: {:?}", profiles.keys());
    for (name, options) in &profiles {
        insta::assert_snapshot!(
            format!("profile_{name}"),
            describe_profile_files(&baseline(options))
        );
    }
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
