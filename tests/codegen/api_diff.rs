//! The API change report over fixture spec pairs, one pair per kind of change
//! (`tests/fixtures/api-diff/<kind>/old.yaml` and `new.yaml`): each pair's
//! overall bump is the one the semver policy gives, and its Markdown is pinned.

use crate::support::root;
use seam_codegen::profile::Choice;
use seam_codegen::surface::diff::{Level, Report};
use seam_codegen::{Generated, Options};

/// Every pair and the bump it requires.
const EXPECTED: &[(&str, Level)] = &[
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
