//! Raw bytes as a spec, through every loader (by content, JSON, YAML): the generator
//! must answer with diagnostics or code, never panic and never emit code that does not
//! parse.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seam_codegen::{generate_bytes, Error, Options};

fuzz_target!(|data: &[u8]| {
    // Seam's profile: it exercises the most conventions.
    let options = Options {
        profile: seam_codegen::profile::Choice::by_name("seam").expect("a built-in profile"),
        ..Options::default()
    };
    for extension in ["", "json", "yaml"] {
        let result = generate_bytes(data, extension, &options);
        assert!(
            !matches!(result, Err(Error::Format(_)) | Err(Error::Render(_))),
            "extension {extension:?}: {result:?}"
        );
    }
});
