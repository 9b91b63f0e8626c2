//! `cargo xtask test`: every test, lint and doc check, from a fresh clone.
//!
//! It installs what the tests need into `target/tools/` (the spec validator from PyPI in
//! a virtualenv, Seam's npm packages under `tests/node/`), fetches Seam's published
//! OpenAPI document, then runs the workspace tests, the generated crates' lints and docs
//! with warnings denied, the end-to-end suite against Seam's fake server, and Stripe's
//! whole API against its own Node SDK on a recording server. One `RUSTFLAGS` value is
//! used throughout so that no step invalidates another's build.

use crate::workspace_root;
use documents::{
    every_feature, every_operation, generate_fixture_crates, github_client, github_webhooks_client,
    resource_features, stripe_full, write_workspace, FixtureCrates,
};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

mod documents;

/// Lints for every build of this run; fixed so that builds share artifacts.
const RUSTFLAGS: &str = "-D warnings";

/// The variables (by prefix) that cargo sets for a program it runs, which a
/// shell's cargo does not see (tests/prism/crates.rs strips the same).
const CARGO_RUN_VARIABLES: &[&str] = &[
    "CARGO_PKG_",
    "CARGO_MANIFEST_",
    "CARGO_CRATE_",
    "CARGO_BIN_",
    "CARGO_PRIMARY_PACKAGE",
    "CARGO_TARGET_TMPDIR",
    "CARGO_RUSTC_CURRENT_DIR",
    "OUT_DIR",
];

pub fn run(args: Vec<std::ffi::OsString>) -> Result<(), String> {
    if let Some(arg) = args.first() {
        return Err(format!(
            "`cargo xtask test` takes no arguments, got {arg:?}"
        ));
    }
    let root = workspace_root();
    let started = Instant::now();
    require_tool(
        "python3",
        "--version",
        "Python 3 with venv (Debian: apt-get install python3 python3-venv)",
    )?;
    require_tool(
        "node",
        "--version",
        "Node.js 20 or newer with npm (Debian: apt-get install nodejs npm)",
    )?;
    require_tool("npm", "--version", "npm (Debian: apt-get install npm)")?;
    require_tool("git", "--version", "git (Debian: apt-get install git)")?;
    // What the tree holds before the run: the run must leave it as it found it.
    let tree_before = tree_status(&root)?;

    let validator = install_validator(&root)?;
    install_node_packages(&root)?;
    let full_spec = root.join("target/seam-openapi.json");
    step("fetch Seam's published OpenAPI document", || {
        run_cmd(
            Command::new("node")
                .arg("tests/node/dump-openapi.mjs")
                .arg(&full_spec)
                .current_dir(&root),
        )
    })?;

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let cargo_cmd = |args: &[&str]| {
        let mut command = Command::new(&cargo);
        // Without the variables cargo set for xtask itself (its package's name
        // and manifest), as cargo from a shell and tests/prism's nested build
        // see it: build scripts that watch them (ring's) would otherwise rerun
        // between steps.
        for (name, _) in std::env::vars_os() {
            let name = name.to_string_lossy();
            if CARGO_RUN_VARIABLES
                .iter()
                .any(|prefix| name.starts_with(prefix))
            {
                command.env_remove(name.as_ref());
            }
        }
        command
            .args(args)
            .current_dir(&root)
            .env("RUSTFLAGS", RUSTFLAGS)
            .env("RUSTDOCFLAGS", RUSTFLAGS)
            // Every build of this run is a fresh one: incremental caches only
            // cost time to write. Like RUSTFLAGS, nested builds (the tests'
            // command lines, Prism's crates) inherit it.
            .env("CARGO_INCREMENTAL", "0")
            .env("INSTA_UPDATE", "no")
            .env("SEAM_SPEC_VALIDATOR", &validator)
            .env("SEAM_FULL_SPEC", &full_spec);
        command
    };

    step("rustfmt", || {
        run_cmd(&mut cargo_cmd(&["fmt", "--all", "--check"]))?;
        // The runtime is copied into generated crates as written, where `cargo fmt`
        // checks it: keep the templates themselves formatted.
        let mut runtime: Vec<PathBuf> = Vec::new();
        for dir in ["templates/runtime", "templates/cli"] {
            let entries =
                std::fs::read_dir(root.join(dir)).map_err(|e| format!("cannot read {dir}: {e}"))?;
            runtime.extend(
                entries
                    .filter_map(|entry| entry.ok().map(|e| e.path()))
                    .filter(|path| path.extension().is_some_and(|e| e == "rs")),
            );
        }
        runtime.sort();
        run_cmd(
            Command::new("rustfmt")
                .args(["--edition", "2021", "--check"])
                .args(&runtime),
        )
        .map_err(|e| {
            format!("{e}\nformat them with: rustfmt --edition 2021 templates/runtime/*.rs templates/cli/*.rs")
        })
    })?;
    // `cargo xtask codegen --check`, run by this process (the same xtask): a
    // `cargo run` would build xtask again under this run's RUSTFLAGS.
    step(
        "generated/ is up to date (cargo xtask codegen --check)",
        || crate::codegen(vec!["--check".into()]),
    )?;
    // Unit, integration and doc tests: the generated client's examples (with the
    // `undocumented` feature, which the tests crate turns on). The README's are
    // compiled by the fake-server suite, against Seam's whole API.
    step("workspace tests and doc tests", || {
        run_cmd(&mut cargo_cmd(&["test", "--workspace"]))
    })?;
    step(
        "clippy (workspace, generated client with and without features)",
        || {
            // Every feature of every member (the generated client's too), in
            // the features the workspace's tests already unify: no dependency
            // is checked a second time for it.
            run_cmd(&mut cargo_cmd(&[
                "clippy",
                "--workspace",
                "--all-targets",
                "--all-features",
                "--",
                "-D",
                "warnings",
            ]))?;
            // Built alone, `seam` gets no feature from the tests crate: this is
            // the crate as a user without `undocumented` compiles it.
            run_cmd(&mut cargo_cmd(&[
                "clippy", "-p", "seam", "--", "-D", "warnings",
            ]))?;
            // And as a user who leaves out the default `webhooks` feature.
            run_cmd(&mut cargo_cmd(&[
                "clippy",
                "-p",
                "seam",
                "--no-default-features",
                "--",
                "-D",
                "warnings",
            ]))?;
            // And as one who wants only the blocking client.
            run_cmd(&mut cargo_cmd(&[
                "clippy",
                "-p",
                "seam",
                "--no-default-features",
                "--features",
                "blocking",
                "--",
                "-D",
                "warnings",
            ]))
        },
    )?;
    step("rustdoc of the generated client", || {
        run_cmd(&mut cargo_cmd(&[
            "doc",
            "-p",
            "seam",
            "--no-deps",
            "--all-features",
        ]))
    })?;

    // What `cargo publish` would upload, built alone from its own files: every
    // file the crate needs is in the package and its metadata is complete.
    step("generated/ packages for crates.io (cargo package)", || {
        run_cmd(&mut cargo_cmd(&["package", "-p", "seam", "--allow-dirty"]))
    })?;

    // The fixture crates, generated by the step that checks them natively and
    // checked again for WebAssembly.
    let mut fixture_crates = None;
    step("fixture crates compile, clippy and rustdoc clean", || {
        let fixtures = generate_fixture_crates(&root)?;
        let workspace = fixtures.workspace.clone();
        fixture_crates = Some(fixtures);
        let manifest = workspace.join("Cargo.toml");
        let manifest = manifest.to_str().unwrap_or_default();
        let target = root.join("target");
        // Cargo in the fixtures' workspace, sharing the one target directory.
        let fixture_cargo = |subcommand: &str, args: &[&str]| {
            let mut all = vec![subcommand, "--manifest-path", manifest];
            all.extend_from_slice(args);
            run_cmd(cargo_cmd(&all).env("CARGO_TARGET_DIR", &target))
        };
        // All targets: each crate's example program too.
        fixture_cargo(
            "clippy",
            &[
                "--workspace",
                "--all-features",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        )?;
        fixture_cargo("doc", &["--workspace", "--no-deps", "--all-features"])?;
        // The runtime's doc examples name `seam::`; in a crate of another name
        // they are rewritten, and compiled here to prove the rewrite.
        fixture_cargo(
            "test",
            &[
                "-p",
                "fixture-enums",
                "-p",
                "fixture-client-kinds",
                "--doc",
                "--all-features",
            ],
        )?;
        // The command lines of the fixtures made for it: clap's checks of the
        // whole command tree (a test in each binary).
        fixture_cargo(
            "test",
            &[
                "-p",
                "fixture-command-line",
                "-p",
                "fixture-client-kinds",
                "-p",
                "fixture-http-bodies",
                "-p",
                "fixture-http-statuses",
                "--bins",
                "--all-features",
            ],
        )
    })?;

    step(
        "WebAssembly: the fixture crates and generated/ check for wasm32-unknown-unknown",
        || {
            install_wasm_target()?;
            let FixtureCrates { workspace, members } =
                fixture_crates.ok_or("the fixture crates were not generated")?;
            let manifest = workspace.join("Cargo.toml");
            let mut features = Vec::new();
            for name in members {
                let crate_manifest = workspace.join(&name).join("Cargo.toml");
                features.extend(wasm_features(every_feature(&crate_manifest, &name)?));
            }
            let features = features.join(",");
            run_cmd(
                cargo_cmd(&[
                    "clippy",
                    "--manifest-path",
                    manifest.to_str().unwrap_or_default(),
                    "--workspace",
                    "--target",
                    WASM_TARGET,
                    "--features",
                    &features,
                    "--",
                    "-D",
                    "warnings",
                ])
                .env("CARGO_TARGET_DIR", root.join("target")),
            )?;
            // generated/ with its default features, then with all it can have.
            run_cmd(&mut cargo_cmd(&[
                "clippy",
                "-p",
                "seam",
                "--target",
                WASM_TARGET,
                "--",
                "-D",
                "warnings",
            ]))?;
            let seam_features =
                wasm_features(every_feature(&root.join("generated/Cargo.toml"), "seam")?);
            run_cmd(&mut cargo_cmd(&[
                "clippy",
                "-p",
                "seam",
                "--target",
                WASM_TARGET,
                "--features",
                &seam_features.join(","),
                "--",
                "-D",
                "warnings",
            ]))
        },
    )?;

    step("fuzz targets compile", || {
        let manifest = root.join("generator/fuzz/Cargo.toml");
        run_cmd(
            cargo_cmd(&[
                "check",
                "--manifest-path",
                manifest.to_str().unwrap_or_default(),
                "--bins",
            ])
            .env("CARGO_TARGET_DIR", root.join("target")),
        )
    })?;

    // Seam's whole published API: generated into target/, built and driven against the fake.
    let full_out = root.join("target/seam-full");
    step("generate the full Seam API (cargo xtask codegen)", || {
        crate::codegen(vec![
            "--spec".into(),
            full_spec.clone().into(),
            "--out".into(),
            full_out.clone().into(),
            "--crate-name".into(),
            "seam-full".into(),
        ])
    })?;
    let e2e_manifest = root.join("tests/fake-e2e/Cargo.toml");
    step(
        "full API against Seam's fake server, and the README's examples",
        || {
            run_cmd(
                cargo_cmd(&[
                    "test",
                    "--manifest-path",
                    e2e_manifest.to_str().unwrap_or_default(),
                ])
                .env("CARGO_TARGET_DIR", root.join("target")),
            )
        },
    )?;
    step(
        "each resource feature of the full API crate checks alone",
        || {
            let manifest = full_out.join("Cargo.toml");
            let features = resource_features(&manifest)?;
            if features.len() < 20 {
                return Err(format!(
                    "{}: {} resource features, expected one per top-level resource (20 or more)",
                    manifest.display(),
                    features.len()
                ));
            }
            for feature in &features {
                // `cargo rustc` denies warnings in this crate only, so its
                // dependencies are not rebuilt for other flags.
                run_cmd(
                    cargo_cmd(&[
                        "rustc",
                        "-q",
                        "--manifest-path",
                        manifest.to_str().unwrap_or_default(),
                        "--lib",
                        "--profile",
                        "check",
                        "--no-default-features",
                        "--features",
                        feature,
                        "--",
                        "-D",
                        "warnings",
                    ])
                    .env("CARGO_TARGET_DIR", root.join("target")),
                )?;
            }
            Ok(())
        },
    )?;

    // Stripe's whole API (the APIs.guru copy of its document, 452 operations, with
    // its built-in profile), driven through the same calls as Stripe's own Node SDK
    // against a recording server, and its command line. One build of the crate: the
    // test crate's (warnings denied by RUSTFLAGS), which the binary shares.
    let stripe_out = root.join("target/stripe-full");
    step("generate Stripe's whole API (the stripe profile)", || {
        stripe_full(&root, &stripe_out)
    })?;
    let stripe_manifest = root.join("tests/stripe-e2e/Cargo.toml");
    step(
        "Stripe's API on the wire: the Node SDK, the Rust client and the command line",
        || {
            run_cmd(
                cargo_cmd(&[
                    "test",
                    "--manifest-path",
                    stripe_manifest.to_str().unwrap_or_default(),
                ])
                .env("CARGO_TARGET_DIR", root.join("target")),
            )
        },
    )?;

    // The big real-world crates, generated into one workspace and checked with
    // clippy (warnings denied) by one cargo, which checks two at a time: each is
    // one crate, which rustc checks on one core. A check, not a build, with the
    // features each claim needs. Their command lines and other options are the
    // same templates the full Seam and Stripe crates build and test.
    let big = root.join("target/big-crates");
    let mut big_crates: Vec<String> = Vec::new();
    let mut big_features: Vec<String> = Vec::new();

    // Seam's whole API again (the same document and options as target/seam-full,
    // which its tests build), with every feature.
    step(
        "generate the full Seam API into the big crates' workspace",
        || {
            every_operation(&full_spec, &big.join("seam-full"), "seam-full")?;
            big_features.extend(every_feature(
                &big.join("seam-full/Cargo.toml"),
                "seam-full",
            )?);
            big_crates.push("seam-full".to_owned());
            Ok(())
        },
    )?;

    // Seam's newer document (with its query-parameter operations): all of it,
    // the undocumented operations too.
    let newer_spec = root.join("target/seam-openapi-1977.json");
    step("Seam 1.977.0: every operation generated", || {
        run_cmd(
            Command::new("node")
                .arg("tests/node/dump-openapi.mjs")
                .arg(&newer_spec)
                .arg("seamapi-types-1977")
                .current_dir(&root),
        )?;
        every_operation(&newer_spec, &big.join("seam-1977"), "seam-1977")?;
        big_crates.push("seam-1977".to_owned());
        big_features.push("seam-1977/undocumented".to_owned());
        Ok(())
    })?;

    // Beyond Seam: GitHub's REST description, with its profile (default
    // features: every resource).
    step(
        "GitHub's REST API (its profile): at least 95 % of operations generated, 195 lists paged",
        || {
            github_client(&root, &big.join("github-client"))?;
            big_crates.push("github-client".to_owned());
            Ok(())
        },
    )?;

    // GitHub's OpenAPI 3.1 description (its webhooks and every component schema),
    // mapped onto 3.0 by the loader. Every schema: `not_in_operations` compiles
    // with every resource (the default features).
    step(
        "GitHub's OpenAPI 3.1 description: every schema mapped onto 3.0",
        || {
            github_webhooks_client(&root, &big.join("github-webhooks-client"))?;
            big_crates.push("github-webhooks-client".to_owned());
            Ok(())
        },
    )?;

    step(
        "clippy of the big crates, two at a time: Seam's whole API (every feature), Seam 1.977.0 (undocumented too), GitHub REST and GitHub 3.1; rustdoc of Seam's",
        || {
            write_workspace(&root, &big, &big_crates)?;
            let manifest = big.join("Cargo.toml");
            let manifest = manifest.to_str().unwrap_or_default();
            let features = big_features.join(",");
            run_cmd(
                cargo_cmd(&[
                    "clippy",
                    "--manifest-path",
                    manifest,
                    "--workspace",
                    "--features",
                    &features,
                    "--",
                    "-D",
                    "warnings",
                ])
                .env("CARGO_TARGET_DIR", root.join("target")),
            )?;
            run_cmd(
                cargo_cmd(&[
                    "doc",
                    "--manifest-path",
                    manifest,
                    "-p",
                    "seam-full",
                    "--no-deps",
                    "--all-features",
                ])
                .env("CARGO_TARGET_DIR", root.join("target")),
            )
        },
    )?;

    step("the run left the tree as it found it", || {
        let tree_after = tree_status(&root)?;
        if tree_after == tree_before {
            return Ok(());
        }
        Err(format!(
            "the test run changed files in the tree (a stale lockfile, a generated file, a \
             leftover): commit what it wrote or fix the step that wrote it.\nbefore:\n{tree_before}\nafter:\n{tree_after}"
        ))
    })?;

    println!(
        "xtask test: all steps passed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `git status` of the tree, untracked files included, with each changed
/// file's content hash, so that a file the run rewrites shows even when it
/// was already changed before.
fn tree_status(root: &Path) -> Result<String, String> {
    let output = Command::new("git")
        .args(["status", "--porcelain", "--untracked-files=all"])
        .current_dir(root)
        .output()
        .map_err(|e| format!("git status: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "git status failed (the tests run in a git checkout): {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let listing = String::from_utf8_lossy(&output.stdout).into_owned();
    let mut out = String::new();
    for line in listing.lines() {
        let path = line.get(3..).unwrap_or_default();
        let path = path.rsplit(" -> ").next().unwrap_or(path);
        let hash = Command::new("git")
            .args(["hash-object", "--", path])
            .current_dir(root)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_else(|| "deleted".to_owned());
        out.push_str(&format!("{line} {hash}\n"));
    }
    Ok(out)
}

fn step(name: &str, f: impl FnOnce() -> Result<(), String>) -> Result<(), String> {
    println!("==> {name}");
    let started = Instant::now();
    f().map_err(|e| format!("step failed: {name}\n{e}"))?;
    println!("    ok ({:.1} s)", started.elapsed().as_secs_f64());
    Ok(())
}

/// The WebAssembly target every generated crate must build for.
const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The features that need a native target: the blocking client (a tokio
/// runtime with sockets) and the command line. The README documents it.
const NATIVE_ONLY_FEATURES: [&str; 2] = ["blocking", "cli"];

/// `features` (`crate/feature`) without the native-only ones.
fn wasm_features(features: Vec<String>) -> Vec<String> {
    features
        .into_iter()
        .filter(|qualified| {
            let feature = qualified.rsplit('/').next().unwrap_or_default();
            !NATIVE_ONLY_FEATURES.contains(&feature)
        })
        .collect()
}

/// Adds the WebAssembly target to the pinned toolchain (a no-op when it is
/// there), or says how to.
fn install_wasm_target() -> Result<(), String> {
    run_cmd(Command::new("rustup").args(["target", "add", WASM_TARGET])).map_err(|e| {
        format!(
            "{e}
install the WebAssembly target with: rustup target add {WASM_TARGET}"
        )
    })
}

fn run_cmd(command: &mut Command) -> Result<(), String> {
    let status = command
        .status()
        .map_err(|e| format!("cannot run {:?}: {e}", command.get_program()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "{:?} {:?} exited with {status}",
            command.get_program(),
            command.get_args().collect::<Vec<_>>()
        ))
    }
}

fn require_tool(program: &str, arg: &str, install: &str) -> Result<(), String> {
    match Command::new(program).arg(arg).output() {
        Ok(output) if output.status.success() => Ok(()),
        _ => Err(format!(
            "`{program}` is needed by the tests but was not found: install {install}"
        )),
    }
}

/// A virtualenv with the pinned OpenAPI validator; reinstalled when the pins change.
fn install_validator(root: &Path) -> Result<PathBuf, String> {
    let requirements = root.join("tests/spec/requirements.txt");
    let venv = root.join("target/tools/venv");
    let validator = venv.join("bin/openapi-spec-validator");
    let marker = venv.join("installed-requirements.txt");
    let wanted = std::fs::read_to_string(&requirements)
        .map_err(|e| format!("cannot read tests/spec/requirements.txt: {e}"))?;
    if validator.exists()
        && std::fs::read_to_string(&marker).ok().as_deref() == Some(wanted.as_str())
    {
        return Ok(validator);
    }
    step(
        "install openapi-spec-validator (PyPI) into target/tools/venv",
        || {
            run_cmd(
                Command::new("python3")
                    .args(["-m", "venv", "--clear"])
                    .arg(&venv),
            )
            .map_err(|e| {
                format!("{e}\npython3 could not create a virtualenv: install python3-venv")
            })?;
            run_cmd(
                Command::new(venv.join("bin/pip"))
                    .args(["install", "--quiet", "--disable-pip-version-check", "-r"])
                    .arg(&requirements),
            )?;
            std::fs::write(&marker, &wanted).map_err(|e| e.to_string())
        },
    )?;
    Ok(validator)
}

/// `npm ci` in tests/node, skipped when node_modules matches the lock file.
fn install_node_packages(root: &Path) -> Result<(), String> {
    let dir = root.join("tests/node");
    let lock = std::fs::read_to_string(dir.join("package-lock.json"))
        .map_err(|e| format!("cannot read tests/node/package-lock.json: {e}"))?;
    let marker = dir.join("node_modules/.installed-lock.json");
    if std::fs::read_to_string(&marker).ok().as_deref() == Some(lock.as_str()) {
        return Ok(());
    }
    step(
        "npm ci (tests/node: Seam's types and fake server, Prism, the APIs.guru directory)",
        || {
            run_cmd(
                Command::new("npm")
                    .args(["ci", "--no-audit", "--no-fund"])
                    .current_dir(&dir),
            )?;
            std::fs::write(&marker, &lock).map_err(|e| e.to_string())
        },
    )
}
