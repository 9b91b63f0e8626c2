//! Each broken spec under tests/fixtures/invalid/ is refused with every problem listed,
//! each located by a JSON pointer; the pinned text is what a user sees.

#[test]
fn broken_specs_are_explained() {
    insta::glob!("../fixtures/invalid", "*.{yaml,json,txt}", |path| {
        let err = match seam_codegen::generate_file(path, &crate::support::seam_options()) {
            Ok(_) => panic!("{} should have been refused", path.display()),
            Err(err) => err,
        };
        let seam_codegen::Error::Spec(diagnostics) = &err else {
            panic!("{} failed with a non-spec error: {err}", path.display());
        };
        assert!(diagnostics.has_errors());
        for diagnostic in diagnostics.iter() {
            assert!(
                diagnostic.pointer.starts_with('#'),
                "no pointer in {diagnostic}"
            );
        }
        insta::assert_snapshot!(err.to_string());
    });
}
