//! Specs that once crashed the generator (found by the fuzzers in generator/fuzz/): each
//! must now give generated code or diagnostics, never a panic and never code that does
//! not parse, read with their own loader and with every other.

use crate::support::root;
use seam_codegen::{generate_bytes, Error, Options};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// What went wrong with one input and extension, if anything.
fn check(bytes: &[u8], extension: &str) -> Option<String> {
    seam_codegen::profile::Choice::names()
        .into_iter()
        .find_map(|profile| check_with(bytes, extension, profile))
}

/// What went wrong with one input and extension under one built-in profile.
fn check_with(bytes: &[u8], extension: &str, profile: &str) -> Option<String> {
    let options = Options {
        profile: seam_codegen::profile::Choice::by_name(profile)?,
        ..Options::default()
    };
    let result = catch_unwind(AssertUnwindSafe(|| {
        generate_bytes(bytes, extension, &options)
    }));
    match result {
        Ok(Ok(_)) | Ok(Err(Error::Spec(_))) => None,
        Ok(Err(other)) => Some(format!("with the {profile} profile, returned {other:?}")),
        Err(panic) => Some(format!(
            "with the {profile} profile, panicked: {}",
            panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("(non-string payload)")
        )),
    }
}

/// The files of `dir`, sorted; a missing or empty folder fails the test rather
/// than letting it pass on nothing.
fn files_in(dir: &Path) -> Vec<PathBuf> {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{} cannot be read: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} has no files", dir.display());
    files
}

#[test]
fn regression_specs_never_crash() {
    let files = files_in(&root().join("tests/fixtures/regressions"));
    let mut failures = Vec::new();
    for path in &files {
        let bytes = std::fs::read(path).expect("readable fixture");
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        if let Some(problem) = check(&bytes, extension) {
            failures.push(format!("{}: {problem}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Crashes that need a big spec (deep recursion), built here instead of checked in.
#[test]
fn generated_deep_specs_never_crash() {
    let head = r#"{"openapi":"3.0.3","info":{"title":"t","version":"1"},"#;
    // A chain of schemas, each with a property that is a $ref to the next.
    let schemas: Vec<String> = (0..3000)
        .map(|i| {
            format!(
                r##""S{i}":{{"type":"object","properties":{{"next":{{"$ref":"#/components/schemas/S{}"}}}}}}"##,
                i + 1
            )
        })
        .chain(std::iter::once(r#""S3000":{"type":"object"}"#.to_owned()))
        .collect();
    let chain = format!(
        r#"{head}"paths":{{}},"components":{{"schemas":{{{}}}}}}}"#,
        schemas.join(",")
    );
    // An operation 3,000 path segments deep.
    let path = "/a".repeat(3000);
    let deep_path = format!(
        r#"{head}"paths":{{"{path}":{{"post":{{"responses":{{"200":{{"description":"OK"}}}}}}}}}}}}"#
    );
    let mut failures = Vec::new();
    for (name, spec, expected) in [
        ("component ref chain", chain, "too deep"),
        ("deep path", deep_path, "resources deep"),
    ] {
        if let Some(problem) = check(spec.as_bytes(), "json") {
            failures.push(format!("{name}: {problem}"));
            continue;
        }
        // The spec is well-formed: it is refused in lowering, for its depth.
        match generate_bytes(spec.as_bytes(), "json", &crate::support::seam_options()) {
            Err(Error::Spec(diags)) if diags.to_string().contains(expected) => {}
            other => failures.push(format!("{name}: expected `{expected}`, got {other:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The crash inputs again, as raw bytes through every loader (as the `bytes`
/// fuzz target feeds them), whatever their file extension says.
#[test]
fn crash_inputs_never_crash_with_any_loader() {
    let mut failures = Vec::new();
    for path in files_in(&root().join("tests/fixtures/regressions")) {
        let bytes = std::fs::read(&path).expect("readable crash input");
        for extension in ["", "json", "yaml"] {
            if let Some(problem) = check(&bytes, extension) {
                failures.push(format!("{} as {extension:?}: {problem}", path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// An operation whose callback is a `$ref` generates (the callback is dropped with a
/// warning naming the operation) instead of failing openapiv3's typed parse.
#[test]
fn a_referenced_callback_does_not_refuse_the_document() {
    let path = root().join("tests/fixtures/regressions/callback_ref.yaml");
    let options = Options {
        profile: seam_codegen::profile::Choice::generic(),
        ..Options::default()
    };
    let generated = seam_codegen::generate_file(&path, &options)
        .unwrap_or_else(|err| panic!("{} should generate:\n{err}", path.display()));
    assert_eq!(generated.operations, 1);
    let warning = generated
        .warnings
        .iter()
        .find(|w| w.pointer == "#/paths/~1subscriptions/post/callbacks/onEvent")
        .unwrap_or_else(|| panic!("no callback warning in:\n{}", generated.warnings));
    assert_eq!(warning.operation.as_deref(), Some("subscribe"));
}
