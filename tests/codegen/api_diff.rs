//! The API change report over fixture spec pairs, one pair per kind of change
//! (`tests/fixtures/api-diff/<kind>/old.yaml` and `new.yaml`): each pair's
//! overall bump is the one the semver policy gives, and its Markdown is pinned.

use crate::support::root;
use seam_codegen::profile::Choice;
use seam_codegen::surface::diff::{Level, Report};
use seam_codegen::{Generated, Options};

/// Every pair and the bump it requires.
const EXPECTED: &[(&str, Level)] = &[
    ("argument_renamed_in_place", Level::Major),
    ("arguments_reordered", Level::Major),
    ("default_changed", Level::Major),
    ("docs_only", Level::Patch),
    ("enum_value_added", Level::Minor),
    ("enum_value_removed", Level::Major),
    ("field_became_optional", Level::Major),
    ("field_removed", Level::Major),
    ("method_changed", Level::Patch),
    ("operation_added", Level::Minor),
    ("operation_removed", Level::Major),
    ("optional_parameter_added", Level::Minor),
    ("request_field_added", Level::Minor),
    ("required_parameter_added", Level::Major),
    ("response_field_added", Level::Minor),
    ("type_renamed", Level::Major),
    ("union_variant_added", Level::Minor),
    ("unrelated_schema_added", Level::Minor),
];

fn generate(path: &std::path::Path) -> Generated {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let options = Options {
        crate_name: "locks".to_owned(),
        profile: Choice::generic(),
        ..Default::default()
    };
    seam_codegen::generate_bytes(&bytes, "yaml", &options)
        .unwrap_or_else(|e| panic!("{} generates: {e}", path.display()))
}

fn report(kind: &str) -> Report {
    let dir = root().join("tests/fixtures/api-diff").join(kind);
    let old = generate(&dir.join("old.yaml"));
    let new = generate(&dir.join("new.yaml"));
    new.change_since(&old)
}

#[test]
fn every_kind_of_change_is_classified_and_pinned() {
    let dir = root().join("tests/fixtures/api-diff");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixture pairs")
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    on_disk.sort();
    let listed: Vec<&str> = EXPECTED.iter().map(|(k, _)| *k).collect();
    assert_eq!(on_disk, listed, "every pair has an expected bump");
    for (kind, expected) in EXPECTED {
        let report = report(kind);
        assert_eq!(
            report.bump(),
            Some(*expected),
            "{kind}:\n{}",
            report.markdown()
        );
        insta::assert_snapshot!(*kind, report.markdown());
    }
}

#[test]
fn fail_on_stops_at_the_threshold_and_the_summary_lists_breaks() {
    let breaking = report("field_became_optional");
    assert!(breaking.reaches(Level::Major) && breaking.reaches(Level::Minor));
    let additions = report("response_field_added");
    assert!(!additions.reaches(Level::Major) && additions.reaches(Level::Minor));
    let docs = report("docs_only");
    assert!(!docs.reaches(Level::Minor) && docs.reaches(Level::Patch));
    // What `cargo xtask codegen` prints: the verdict, the counts, each break.
    assert_eq!(
        breaking.summary(40),
        "API change: major (breaks users' code)\n  fields: 1 changed\n  \
         major: Lock: field name is Option<String> (was String)\n"
    );
}

#[test]
fn an_unrelated_schema_renames_nothing() {
    // Added before everything else in the document, with an enum of its own:
    // every existing name stays, so nothing is removed or changed.
    let report = report("unrelated_schema_added");
    let not_added: Vec<&str> = (report.changes.iter())
        .filter(|c| c.action != seam_codegen::surface::diff::Action::Added)
        .map(|c| c.text.as_str())
        .collect();
    assert!(not_added.is_empty(), "{not_added:?}");
}

#[test]
fn the_same_document_has_no_changes() {
    let spec = root().join("spec/seam-acs-credentials.yaml");
    let generated = seam_codegen::generate_file(&spec, &crate::support::seam_options()).unwrap();
    let report = Report::new(&generated.surface, &generated.surface, false);
    assert_eq!(report.bump(), None);
    assert!(report.markdown().contains("no changes"));
}

/// The runtime's public items are part of the surface, so that an edit to
/// the runtime is classified like a change to the document.
#[test]
fn the_runtime_is_in_the_surface_and_its_edits_are_classified() {
    let dir = root().join("tests/fixtures/api-diff/docs_only");
    let old = generate(&dir.join("old.yaml")).surface;
    let runtime = &old.runtime;
    for (key, value) in [
        ("Error", "enum, non_exhaustive"),
        ("Error::Transport", "variant, non_exhaustive"),
        ("Error::Transport.source", "BoxError"),
        ("Error::status", "fn status(&self) -> Option<u16>"),
        (
            "ClientBuilder::max_retries",
            "fn max_retries(mut self, max_retries: u32) -> Self",
        ),
        ("RequestOptions", "struct, non_exhaustive"),
    ] {
        assert_eq!(runtime.get(key).map(String::as_str), Some(value), "{key}");
    }
    // No third-party error type in a public field of the runtime; the
    // dependencies its methods name are recorded with their versions.
    for (key, ty) in runtime.iter().filter(|(key, _)| key.contains('.')) {
        assert!(
            !ty.contains("reqwest") && !ty.contains("serde_json::Error"),
            "{key}: {ty}"
        );
    }
    assert!(runtime["ClientBuilder::configure_http_client"].contains("reqwest::ClientBuilder"));
    assert_eq!(runtime["dependency reqwest"], "0.12");
    let classify = |edit: &dyn Fn(&mut std::collections::BTreeMap<String, String>)| {
        let mut new = old.clone();
        edit(&mut new.runtime);
        Report::new(&old, &new, true).bump()
    };
    let level = classify(&|r| {
        r.insert("Error::Transport.attempts".into(), "u32".into());
    });
    assert_eq!(
        level,
        Some(Level::Minor),
        "a field of a non-exhaustive variant"
    );
    let level = classify(&|r| {
        r.insert(
            "ClientBuilder::user_agent".into(),
            "fn user_agent(mut self) -> Self".into(),
        );
    });
    assert_eq!(level, Some(Level::Minor), "a new method");
    let level = classify(&|r| {
        r.remove("Error::status");
    });
    assert_eq!(level, Some(Level::Major), "a removed method");
    let level = classify(&|r| {
        r.insert("Error::Transport.source".into(), "reqwest::Error".into());
    });
    assert_eq!(level, Some(Level::Major), "a field's new type");
    let level = classify(&|r| {
        r.insert("ValidationErrors.extra".into(), "u8".into());
    });
    assert_eq!(level, Some(Level::Major), "a field of an exhaustive struct");
}

/// A renamed type of the same shape keeps its old name as a deprecated alias
/// when the crate it replaces is known (`cargo xtask codegen` reads its
/// `api-surface.json`): the rename is then minor, and the alias lasts while
/// the crate's version stays compatible with the one that deprecated it.
#[test]
fn a_renamed_type_keeps_its_old_name_for_one_version() {
    let dir = root().join("tests/fixtures/api-diff/type_renamed");
    let old = generate(&dir.join("old.yaml"));
    let generate_after = |previous: &Generated, version: &str| {
        let bytes = std::fs::read(dir.join("new.yaml")).unwrap();
        let options = Options {
            crate_name: "locks".to_owned(),
            crate_version: version.to_owned(),
            profile: Choice::generic(),
            previous_surface: Some(previous.surface.clone()),
        };
        seam_codegen::generate_bytes(&bytes, "yaml", &options).expect("generates")
    };
    let new = generate_after(&old, "0.1.1");
    let report = new.change_since(&old);
    assert_eq!(report.bump(), Some(Level::Minor), "{}", report.markdown());
    let text: String = new.files.iter().map(|f| f.contents.as_str()).collect();
    for (old_name, new_name) in [
        ("Lock", "Padlock"),
        ("LockWarning", "PadlockWarning"),
        ("LockWarningOffline", "PadlockWarningOffline"),
        ("LockKind", "PadlockKind"),
    ] {
        let alias = format!(
            "#[deprecated(since = \"0.1.1\", note = \"renamed to `{new_name}`\")]\npub type {old_name} = {new_name};"
        );
        assert!(text.contains(&alias), "{alias}");
    }
    // Regenerated within 0.1.x the aliases stay, deprecated since 0.1.1; at
    // 0.2.0 they go, and the report says so.
    let again = generate_after(&new, "0.1.4");
    // Only the version in Cargo.toml changed.
    assert_eq!(again.change_since(&new).bump(), Some(Level::Patch));
    assert_eq!(again.surface, new.surface);
    let next = generate_after(&again, "0.2.0");
    let report = next.change_since(&again);
    assert_eq!(report.bump(), Some(Level::Major), "{}", report.markdown());
    assert!(
        report.markdown().contains("type alias `Lock` removed"),
        "{}",
        report.markdown()
    );
}
