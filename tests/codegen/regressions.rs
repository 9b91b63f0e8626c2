//! Specs that once crashed the generator (found by the fuzzers in generator/fuzz/): each
//! must now give generated code or diagnostics, never a panic and never code that does
//! not parse. Raw inputs kept from the `bytes` fuzz target are replayed the same way.

use crate::support::root;
use seam_codegen::{generate_bytes, Error, Options};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// What went wrong with one input and extension, if anything.
fn check(bytes: &[u8], extension: &str) -> Option<String> {
    let result = catch_unwind(AssertUnwindSafe(|| {
        generate_bytes(bytes, extension, &Options::default())
    }));
    match result {
        Ok(Ok(_)) | Ok(Err(Error::Spec(_))) => None,
        Ok(Err(other)) => Some(format!("returned {other:?}")),
        Err(panic) => Some(format!(
            "panicked: {}",
            panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("(non-string payload)")
        )),
    }
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn regression_specs_never_crash() {
    let files = files_in(&root().join("tests/fixtures/regressions"));
    assert!(!files.is_empty(), "tests/fixtures/regressions has no specs");
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
        match generate_bytes(spec.as_bytes(), "json", &Options::default()) {
            Err(Error::Spec(diags)) if diags.to_string().contains(expected) => {}
            other => failures.push(format!("{name}: expected `{expected}`, got {other:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Crash inputs of the `bytes` fuzz target, kept as found: tried with every loader.
#[test]
fn fuzz_crash_inputs_never_crash() {
    let mut failures = Vec::new();
    for path in files_in(&root().join("generator/fuzz/regressions/bytes")) {
        let bytes = std::fs::read(&path).expect("readable crash input");
        for extension in ["", "json", "yaml"] {
            if let Some(problem) = check(&bytes, extension) {
                failures.push(format!("{} as {extension:?}: {problem}", path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
