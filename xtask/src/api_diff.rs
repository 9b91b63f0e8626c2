//! The API change report: `cargo xtask api-diff OLD_SPEC NEW_SPEC [--fail-on LEVEL]`
//! prints it as Markdown, and `cargo xtask codegen` prints its summary when it
//! changes a crate, comparing with the `api-surface.json` it wrote last time.

use crate::{display_path, generate, CodegenArgs, USAGE};
use seam_codegen::surface::diff::{Level, Report};
use seam_codegen::surface::{Surface, SURFACE_FILE};
use std::path::Path;

/// What `codegen` prints after writing `out`: the change from the surface that
/// was there before, or why there is nothing to compare with.
pub fn codegen_summary(out: &Path, previous: Option<String>, new: &Surface) -> String {
    let Some(previous) = previous else {
        return format!(
            "API change: no {SURFACE_FILE} in {} before this run, nothing to compare\n",
            display_path(out)
        );
    };
    match Surface::from_json(&previous) {
        Ok(old) => Report::new(&old, new, true).summary(40),
        Err(err) => format!(
            "API change: the previous {SURFACE_FILE} cannot be read ({err}), nothing to compare\n"
        ),
    }
}

/// The surface file in `out` as it is now, before a run replaces it.
pub fn previous_surface(out: &Path) -> Option<String> {
    std::fs::read_to_string(out.join(SURFACE_FILE)).ok()
}

pub fn api_diff(args: Vec<std::ffi::OsString>) -> Result<(), String> {
    use lexopt::prelude::*;
    let mut specs = Vec::new();
    let mut fail_on = None;
    let mut profile = None;
    let mut parser = lexopt::Parser::from_args(args);
    while let Some(arg) = parser.next().map_err(|e| format!("{e}\n{USAGE}"))? {
        match arg {
            Value(spec) => specs.push(std::path::PathBuf::from(spec)),
            Long("fail-on") => {
                let value = parser.value().map_err(|e| e.to_string())?;
                let text = value.to_string_lossy();
                fail_on = Some(Level::parse(&text).ok_or_else(|| {
                    format!("--fail-on takes major, minor or patch, not `{text}`")
                })?);
            }
            Long("profile") => {
                let value = parser.value().map_err(|e| e.to_string())?;
                profile = Some(value.to_string_lossy().into_owned());
            }
            other => return Err(format!("{}\n{USAGE}", other.unexpected())),
        }
    }
    let [old_spec, new_spec] = specs.as_slice() else {
        return Err(format!(
            "api-diff takes two specs, the old and the new\n{USAGE}"
        ));
    };
    let generate_from = |spec: &Path| {
        generate(&CodegenArgs {
            spec: spec.to_path_buf(),
            profile: profile.clone(),
            ..CodegenArgs::defaults()
        })
    };
    let old = generate_from(old_spec)?;
    let new = generate_from(new_spec)?;
    let report = new.change_since(&old);
    print!("{}", report.markdown());
    match (fail_on, report.bump()) {
        (Some(threshold), Some(bump)) if report.reaches(threshold) => Err(format!(
            "api-diff: the change is {}, at or above --fail-on {}",
            bump.as_str(),
            threshold.as_str()
        )),
        _ => Ok(()),
    }
}
