//! `cargo xtask semver-checks`: cross-checks the API change report with
//! `cargo-semver-checks`, the Rust ecosystem's semver linter, which it installs
//! into `target/tools` (pinned). For every pair of documents (the fixture pairs
//! in `tests/fixtures/api-diff`, or the `OLD NEW` pairs given), it generates both
//! crates, runs the linter on them and prints, side by side, the linter's verdict
//! and ours, and how many of the items it reports our major changes name; it
//! fails when our verdict is lower or an item it reports is not among them.

use crate::{generate, workspace_root, CodegenArgs};
use seam_codegen::surface::diff::{Level, Report};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const VERSION: &str = "0.51.0";

pub fn run(args: Vec<std::ffi::OsString>) -> Result<(), String> {
    let root = workspace_root();
    let tool = install(&root)?;
    let mut pairs: Vec<(String, PathBuf, PathBuf)> = Vec::new();
    let given: Vec<PathBuf> = args.into_iter().map(PathBuf::from).collect();
    if given.is_empty() {
        let dir = root.join("tests/fixtures/api-diff");
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .collect();
        names.sort();
        for name in names {
            let case = dir.join(&name);
            pairs.push((name, case.join("old.yaml"), case.join("new.yaml")));
        }
    } else {
        for pair in given.chunks(2) {
            let [old, new] = pair else {
                return Err("semver-checks takes specs in pairs: OLD NEW ...".to_owned());
            };
            let name = new
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            pairs.push((name, old.clone(), new.clone()));
        }
    }
    let mut failures = Vec::new();
    println!("| pair | cargo-semver-checks | items it reports | of them, major in api-diff | api-diff | agree |\n|---|---|---:|---:|---|---|");
    for (name, old, new) in pairs {
        let work = root.join("target/semver-checks-pairs").join(&name);
        let (ours, handles) = generate_pair(&old, &new, &work)?;
        let theirs = lint(&tool, &work)?;
        let ours_level = ours.bump();
        let majors: Vec<&str> = (ours.changes.iter())
            .filter(|c| c.level == Level::Major)
            .map(|c| c.text.as_str())
            .collect();
        let missed: Vec<&String> = (theirs.items.iter())
            .filter(|item| !named_among(item, &majors, &handles))
            .collect();
        let agrees = theirs.level <= ours_level.unwrap_or(Level::Patch) && missed.is_empty();
        let lints = match theirs.lints.is_empty() {
            true => "no lint".to_owned(),
            false => theirs.lints.join(", "),
        };
        println!(
            "| {name} | {} ({lints}) | {} | {} | {} | {} |",
            theirs.level.as_str(),
            theirs.items.len(),
            theirs.items.len() - missed.len(),
            ours_level.map_or("none", Level::as_str),
            if agrees { "yes" } else { "NO" }
        );
        for item in &missed {
            eprintln!("  {name}: not major in api-diff: {item}");
        }
        if !agrees {
            failures.push(name);
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "our report is lower than cargo-semver-checks for: {}",
            failures.join(", ")
        ))
    }
}

/// Installs the pinned `cargo-semver-checks` into `target/tools` once.
fn install(root: &Path) -> Result<PathBuf, String> {
    let tools = root.join("target/tools");
    let binary = tools.join("bin/cargo-semver-checks");
    let installed = Command::new(&binary)
        .arg("--version")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains(VERSION));
    if !installed {
        eprintln!("semver-checks: installing cargo-semver-checks {VERSION} into target/tools (minutes, once)");
        let status = Command::new(env!("CARGO"))
            .args([
                "install",
                "cargo-semver-checks",
                "--locked",
                "--version",
                VERSION,
                "--root",
            ])
            .arg(&tools)
            .status()
            .map_err(|e| format!("cannot run cargo install: {e}"))?;
        if !status.success() {
            return Err("cargo install cargo-semver-checks failed: it needs crates.io".to_owned());
        }
    }
    Ok(binary)
}

/// Generates both crates under `work/old` and `work/new`; our report on them, and
/// the old crate's resource handles by type (`LocksResource`: `locks()`).
fn generate_pair(
    old: &Path,
    new: &Path,
    work: &Path,
) -> Result<(Report, BTreeMap<String, String>), String> {
    let mut crates = Vec::new();
    for (spec, side) in [(old, "old"), (new, "new")] {
        let args = CodegenArgs {
            spec: spec.to_path_buf(),
            out: work.join(side),
            crate_name: Some("semver-pair".to_owned()),
            ..CodegenArgs::defaults()
        };
        let generated = generate(&args)?;
        seam_codegen::write::write(&args.out, &generated.files)
            .map_err(|e| format!("cannot write {}: {e}", args.out.display()))?;
        crates.push(generated);
    }
    let handles = (crates[0].surface.handles.iter())
        .map(|(path, handle)| (handle.clone(), path.clone()))
        .collect();
    Ok((crates[1].change_since(&crates[0]), handles))
}

struct Verdict {
    level: Level,
    lints: Vec<String>,
    /// The items its failed lints name (`enum semver_pair::models::LockKind`).
    items: Vec<String>,
}

/// Whether one of our major changes names the item the linter reports: the
/// type (`LockKind`, for a type, a variant or a field of it), the field
/// (`` `Lock`: field `name` ``), or the call (`list()` for a handle's method,
/// `setter `x` for a builder's).
fn named_among(item: &str, majors: &[&str], handles: &BTreeMap<String, String>) -> bool {
    let words: Vec<&str> = item.split_whitespace().collect();
    let path = |text: &str| -> Vec<String> {
        let text = text.trim_end_matches(',');
        text.split("::").map(str::to_owned).collect()
    };
    let any = |needle: &str| majors.iter().any(|m| m.contains(needle));
    match words.as_slice() {
        ["enum" | "struct", name, ..] => {
            let segments = path(name);
            let name = &segments[segments.len() - 1];
            // A type (`LockKind`), or a resource handle (`acs(): AcsResource`).
            any(&format!("`{name}`")) || any(&format!(": {name}`"))
        }
        ["variant", name, ..] => {
            let segments = path(name);
            any(&format!("`{}`", segments[0]))
        }
        ["field", field, "of", "struct", owner, ..] => {
            let owner = owner.trim_end_matches(',');
            any(&format!("`{owner}`: field `{field}`"))
                || any(&format!("`{owner}`: field `{field}:"))
                || any(&format!("`{owner}` removed"))
        }
        [method, ..] => {
            let segments = path(method);
            let (Some(owner), Some(name)) = (segments.iter().rev().nth(1), segments.last()) else {
                return false;
            };
            if let Some(path) = handles.get(owner.as_str()) {
                // A handle's method: the operation, or the resource under it.
                any(&format!("`{path}.{name}()")) || any(&format!("`{path}.{name}():"))
            } else if let Some(field) = name.strip_prefix("with_") {
                any(&format!("`{owner}`: field `{field}"))
            } else {
                // A builder's setter, or a method of a type that changed kind or
                // that an alias of the old name now stands for.
                any(&format!("setter `{name}"))
                    || any(&format!("`{owner}` is now"))
                    || any(&format!("`{owner}` removed"))
                    || any(&format!("another name of `{owner}`"))
            }
        }
        [] => true,
    }
}

/// Runs the linter with `work/old` as the baseline of `work/new`.
fn lint(tool: &Path, work: &Path) -> Result<Verdict, String> {
    let output = Command::new(tool)
        .args(["semver-checks", "check-release", "--manifest-path"])
        .arg(work.join("new/Cargo.toml"))
        .arg("--baseline-root")
        .arg(work.join("old"))
        .env(
            "CARGO_TARGET_DIR",
            workspace_root().join("target/semver-checks-target"),
        )
        .output()
        .map_err(|e| format!("cannot run cargo-semver-checks: {e}"))?;
    // The findings are on stdout, its progress on stderr.
    let findings = String::from_utf8_lossy(&output.stdout);
    let text = format!("{findings}{}", String::from_utf8_lossy(&output.stderr));
    let mut lints: Vec<String> = text
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("--- failure "))
        .filter_map(|l| l.split(':').next())
        .map(str::to_owned)
        .collect();
    lints.dedup();
    let mut items = Vec::new();
    let mut in_list = false;
    for line in findings.lines() {
        if line.starts_with("Failed in:") {
            in_list = true;
        } else if line.starts_with("---") || line.trim_start().starts_with("Summary") {
            in_list = false;
        } else if in_list && line.starts_with("  ") && !line.trim().is_empty() {
            let item = line.trim();
            let item = item.split(", previously").next().unwrap_or(item);
            let item = item.split(" takes ").next().unwrap_or(item);
            items.push(item.to_owned());
        }
    }
    let level = if text.contains("requires new major version") {
        Level::Major
    } else if text.contains("requires new minor version") {
        Level::Minor
    } else if output.status.success() {
        Level::Patch
    } else {
        return Err(format!(
            "cargo-semver-checks failed on {}:\n{text}",
            work.display()
        ));
    };
    Ok(Verdict {
        level,
        lints,
        items,
    })
}
