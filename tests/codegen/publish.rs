//! What a generated crate promises crates.io: its `rust-version` is no older
//! than any dependency's (read from the resolved graph with `cargo metadata`,
//! all features on), and its metadata is complete. Clippy's `incompatible_msrv`
//! lint, on in every clippy step of `cargo xtask test`, checks the crate's own
//! use of the standard library against the same version.

use crate::support::root;
use std::collections::{BTreeMap, BTreeSet};

fn version(text: &str) -> Vec<u64> {
    text.split('.')
        .map(|part| part.parse().unwrap_or(0))
        .collect()
}

#[test]
fn the_rust_version_is_no_older_than_any_dependencys() {
    let manifest = root().join("generated/Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let table: toml::Table = text.parse().unwrap();
    let package = table["package"].as_table().unwrap();
    let ours = package["rust-version"].as_str().expect("a rust-version");
    assert_eq!(ours, seam_codegen::render::RUST_VERSION);
    for key in [
        "description",
        "license",
        "documentation",
        "keywords",
        "categories",
    ] {
        assert!(package.contains_key(key), "{key} in generated/Cargo.toml");
    }
    let docs_rs = &table["package"]["metadata"]["docs"]["rs"];
    assert_eq!(docs_rs["all-features"].as_bool(), Some(true));

    let output = std::process::Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--locked",
            "--manifest-path",
        ])
        .arg(&manifest)
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let packages: BTreeMap<&str, &serde_json::Value> = (metadata["packages"].as_array().unwrap())
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p))
        .collect();
    let nodes: BTreeMap<&str, &serde_json::Value> = (metadata["resolve"]["nodes"].as_array())
        .unwrap()
        .iter()
        .map(|n| (n["id"].as_str().unwrap(), n))
        .collect();
    let root_id = (packages.iter())
        .find(|(_, p)| p["name"] == "seam")
        .map(|(id, _)| *id)
        .expect("the seam package");
    // Every crate the library builds with (not dev or build-only ones).
    let (mut seen, mut stack) = (BTreeSet::new(), vec![root_id]);
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        for dep in nodes[id]["deps"].as_array().unwrap() {
            let normal = (dep["dep_kinds"].as_array().unwrap())
                .iter()
                .any(|kind| kind["kind"].is_null());
            if normal {
                stack.push(dep["pkg"].as_str().unwrap());
            }
        }
    }
    let mut newer = Vec::new();
    for id in seen {
        let package = packages[id];
        if let Some(theirs) = package["rust_version"].as_str() {
            if version(theirs) > version(ours) {
                newer.push(format!(
                    "{} {} needs {theirs}",
                    package["name"], package["version"]
                ));
            }
        }
    }
    assert!(
        newer.is_empty(),
        "rust-version {ours} is older than: {newer:?}"
    );
}
