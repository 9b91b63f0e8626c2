//! Helpers shared by the generator tests.

use seam_codegen::render::RenderedFile;
use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is in the workspace")
        .to_path_buf()
}

/// Runtime modules copied from templates/runtime/: the same for every spec,
/// so fixture snapshots leave them out; and the README, mostly the same prose
/// for every crate (generated/README.md pins it, with `codegen --check`).
pub fn is_static(file: &RenderedFile) -> bool {
    seam_codegen::render::is_runtime_file(&file.path) || file.path == "README.md"
}

/// The command line's files, which fixtures pin on their own (`cli_output_is_pinned`).
pub fn is_cli(file: &RenderedFile) -> bool {
    file.path
        .starts_with(&format!("{}/", seam_codegen::render::CLI_DIR))
}

/// The files a profile writes much the same for every document (its
/// conventions, clients, crate root, manifest and example), which fixtures
/// show as a diff from the profile's baseline (`profile_boilerplate_is_pinned`).
pub const PROFILE_FILES: &[&str] = &[
    "Cargo.toml",
    "src/lib.rs",
    "src/clients.rs",
    "src/conventions.rs",
    "examples/quickstart.rs",
];

/// The text of one generated file as the snapshots show it.
fn shown(generated: &seam_codegen::Generated, file: &RenderedFile) -> String {
    match file.path.as_str() {
        seam_codegen::surface::SURFACE_FILE => without_runtime(&generated.surface),
        "Cargo.toml" => without_fingerprint(&file.contents),
        _ => file.contents.clone(),
    }
}

/// One reviewable text for a generated crate: its spec-dependent files and the
/// warnings, with the profile's files shown as a diff from `baseline`'s (the
/// same profile on tests/fixtures/baseline/document.yaml): what the fixture
/// changes, not what every crate of its profile has.
pub fn describe_against(
    generated: &seam_codegen::Generated,
    baseline: &seam_codegen::Generated,
) -> String {
    let mut out = String::new();
    for warning in generated.warnings.iter() {
        out.push_str(&format!("{warning}\n\n"));
    }
    for file in generated
        .files
        .iter()
        .filter(|f| !is_static(f) && !is_cli(f))
    {
        let contents = shown(generated, file);
        let base = (baseline.files.iter())
            .filter(|_| PROFILE_FILES.contains(&file.path.as_str()))
            .find(|f| f.path == file.path)
            .map(|f| shown(baseline, f));
        match base {
            Some(base) if base == contents => {
                out.push_str(&format!(
                    "==> {} <== as the profile's baseline\n\n",
                    file.path
                ));
            }
            Some(base) => {
                let diff = similar::TextDiff::from_lines(&base, &contents);
                let diff = diff.unified_diff().context_radius(2).to_string();
                out.push_str(&format!(
                    "==> {} <== the profile's baseline, changed:\n{diff}\n",
                    file.path
                ));
            }
            None => out.push_str(&format!("==> {} <==\n{}\n", file.path, contents)),
        }
    }
    out
}

/// The profile's files for the baseline document, for its snapshot.
pub fn describe_profile_files(baseline: &seam_codegen::Generated) -> String {
    let mut out = String::new();
    for file in (baseline.files.iter()).filter(|f| PROFILE_FILES.contains(&f.path.as_str())) {
        out.push_str(&format!(
            "==> {} <==\n{}\n",
            file.path,
            shown(baseline, file)
        ));
    }
    out
}

/// The manifest with the runtime's fingerprint masked: it changes with any
/// runtime edit, which fixture snapshots leave out.
fn without_fingerprint(manifest: &str) -> String {
    (manifest.lines())
        .map(|line| match line.starts_with("runtime = ") {
            true => "runtime = \"<fingerprint>\"",
            false => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// The surface without the runtime's items, which are the same for every
/// fixture (like the runtime files); generated/api-surface.json pins them.
fn without_runtime(surface: &seam_codegen::surface::Surface) -> String {
    let mut surface = surface.clone();
    surface.runtime.clear();
    surface.to_json()
}

/// The command line's generated files (not its runtime), and the warnings.
pub fn describe_cli(generated: &seam_codegen::Generated) -> String {
    let mut out = String::new();
    for warning in generated.warnings.iter() {
        out.push_str(&format!("{warning}\n\n"));
    }
    for file in generated.files.iter().filter(|f| is_cli(f) && !f.verbatim) {
        out.push_str(&format!("==> {} <==\n{}\n", file.path, file.contents));
    }
    out
}

/// What `Options::default()` was before profiles became files: Seam's
/// conventions, for the tests written against Seam-shaped fixtures.
pub fn seam_options() -> seam_codegen::Options {
    seam_codegen::Options {
        profile: seam_codegen::profile::Choice::by_name("seam").expect("a built-in profile"),
        ..seam_codegen::Options::default()
    }
}
