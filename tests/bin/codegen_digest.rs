//! Prints everything the generator writes for the given specs, as one text: the
//! determinism test runs it in many processes (each with its own hash seeds) and
//! compares the bytes.

use std::io::Write;

fn main() {
    let mut out = std::io::stdout().lock();
    for spec in std::env::args_os().skip(1) {
        // The profile each spec declares, as `cargo xtask codegen` reads it.
        let options = seam_codegen::Options {
            profile: seam_codegen::profile::Choice::for_spec(spec.as_ref())
                .unwrap_or_else(|err| panic!("{err}")),
            ..Default::default()
        };
        let generated = seam_codegen::generate_file(spec.as_ref(), &options)
            .unwrap_or_else(|err| panic!("{spec:?} does not generate: {err}"));
        for file in &generated.files {
            writeln!(out, "==> {} <==\n{}", file.path, file.contents).expect("stdout");
        }
        for warning in generated.warnings.iter() {
            writeln!(out, "{warning}").expect("stdout");
        }
    }
}
