//! The documents' command lines: each document generated with the generator
//! library into a crate of one workspace under the target directory (the root
//! lock file copied in, so it shares the project's dependency builds), all of
//! them built by one `cargo build`, debug, with the `cli` feature.

use std::path::{Path, PathBuf};
use std::process::Command;

use seam_codegen::profile::Choice;

/// One document under test.
pub struct Document {
    /// How the report names it (`dev.to.json`, `fixtures/enums.yaml`).
    pub label: String,
    pub path: PathBuf,
    pub profile: Choice,
    /// The generated crate's name, and so its binary's.
    pub crate_name: String,
}

/// A document's generated crate and what the command line offers.
pub struct Generated {
    pub api: seam_codegen::model::Api,
    /// Operations the generator left out, with its warnings.
    pub skipped: usize,
    pub warnings: String,
}

/// The target directory of this run (the one `cargo test` built into).
pub fn target_dir() -> PathBuf {
    // CARGO_TARGET_TMPDIR is `<target>/tmp`.
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the tmp dir is inside the target dir")
        .to_path_buf()
}

/// The root of the repository.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is in the repository")
        .to_path_buf()
}

/// Generates `document` into `workspace/<crate>`; its model for the calls.
pub fn generate(document: &Document, workspace: &Path) -> Result<Generated, String> {
    let options = seam_codegen::Options {
        crate_name: document.crate_name.clone(),
        profile: document.profile.clone(),
        ..Default::default()
    };
    let generated = seam_codegen::generate_file(&document.path, &options)
        .map_err(|e| format!("generation failed:\n{e}"))?;
    write_changed(&workspace.join(&document.crate_name), &generated.files)
        .map_err(|e| format!("cannot write the crate: {e}"))?;
    let bytes = std::fs::read(&document.path).map_err(|e| e.to_string())?;
    let extension = (document.path.extension())
        .and_then(|e| e.to_str())
        .unwrap_or("yaml");
    let (api, _) = seam_codegen::model_bytes(&bytes, extension, &options)
        .map_err(|e| format!("the model failed:\n{e}"))?;
    Ok(Generated {
        api,
        skipped: generated.skipped_operations,
        warnings: generated.warnings.to_string(),
    })
}

/// The variables (by prefix) that cargo sets for a program it runs, which a
/// shell's cargo does not see.
pub const CARGO_RUN_VARIABLES: &[&str] = &[
    "CARGO_PKG_",
    "CARGO_MANIFEST_",
    "CARGO_CRATE_",
    "CARGO_BIN_",
    "CARGO_PRIMARY_PACKAGE",
    "CARGO_TARGET_TMPDIR",
    "CARGO_RUSTC_CURRENT_DIR",
    "OUT_DIR",
];

/// Writes the files whose text changed, so that cargo rebuilds only what a
/// change of the generator or the document touched.
fn write_changed(dir: &Path, files: &[seam_codegen::render::RenderedFile]) -> std::io::Result<()> {
    for file in files {
        let path = dir.join(&file.path);
        if std::fs::read_to_string(&path).ok().as_deref() == Some(file.contents.as_str()) {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &file.contents)?;
    }
    Ok(())
}

/// Writes the workspace manifest for `crates` and builds every binary in one
/// `cargo build --keep-going`; returns each crate's binary, or why it is
/// missing (the build's output).
pub fn build(workspace: &Path, crates: &[String]) -> Vec<Result<PathBuf, String>> {
    let members: Vec<String> = crates.iter().map(|c| format!("\"{c}\"")).collect();
    let manifest = format!(
        "# The Prism harness's crates (tests/prism); generated, rebuilt by each run.\n\
         [workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.join(", ")
    );
    let unchanged =
        |path: &Path, text: &str| std::fs::read_to_string(path).ok().as_deref() == Some(text);
    let manifest_path = workspace.join("Cargo.toml");
    if !unchanged(&manifest_path, &manifest) {
        std::fs::write(&manifest_path, manifest).expect("workspace manifest");
    }
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).expect("Cargo.lock");
    if !unchanged(&workspace.join("Cargo.lock"), &lock) {
        std::fs::write(workspace.join("Cargo.lock"), lock).expect("Cargo.lock");
    }
    let target = target_dir();
    // The command line with every operation: `undocumented` ones too, where
    // the crate has them.
    let features: Vec<String> = crates
        .iter()
        .flat_map(|c| {
            let manifest =
                std::fs::read_to_string(workspace.join(c).join("Cargo.toml")).unwrap_or_default();
            let undocumented = manifest.lines().any(|l| l.starts_with("undocumented ="));
            std::iter::once(format!("{c}/cli"))
                .chain(undocumented.then(|| format!("{c}/undocumented")))
        })
        .collect();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    // Without the variables cargo sets for this test (its package's name and
    // manifest): build scripts such as ring's rerun when they change, which
    // would rebuild what this build shares with the project's own.
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        if CARGO_RUN_VARIABLES
            .iter()
            .any(|prefix| name.starts_with(prefix))
        {
            command.env_remove(name.as_ref());
        }
    }
    let output = command
        .arg("build")
        .arg("--manifest-path")
        .arg(workspace.join("Cargo.toml"))
        .args([
            "--workspace",
            "--bins",
            "--keep-going",
            "--message-format=json-render-diagnostics",
            "--features",
        ])
        .arg(features.join(","))
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .expect("cargo runs");
    let log = String::from_utf8_lossy(&output.stderr).into_owned();
    // The binaries this build produced or found fresh, by name: a file left
    // by an earlier run does not count.
    let built: std::collections::BTreeMap<String, PathBuf> =
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter(|m| m["reason"] == "compiler-artifact")
            .filter_map(|m| {
                let name = m["target"]["name"].as_str()?.to_owned();
                let path = PathBuf::from(m["executable"].as_str()?);
                Some((name, path))
            })
            .collect();
    crates
        .iter()
        .map(|name| {
            if let Some(path) = built.get(name) {
                Ok(path.clone())
            } else {
                Err(format!(
                    "the `{name}` binary did not build; cargo said:\n{}",
                    errors_of(&log, name)
                ))
            }
        })
        .collect()
}

/// The lines of cargo's output about `name` (its errors), or the end of it.
fn errors_of(log: &str, name: &str) -> String {
    let lines: Vec<&str> = log.lines().collect();
    let mine: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.contains(name) || l.starts_with("error"))
        .take(40)
        .collect();
    if mine.is_empty() {
        lines[lines.len().saturating_sub(40)..].join("\n")
    } else {
        mine.join("\n")
    }
}
