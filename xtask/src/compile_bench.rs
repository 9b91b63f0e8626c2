//! `cargo xtask bench --compile`: what a generated crate costs its users to
//! compile, side by side with OpenAPI Generator's `rust` client of the same
//! document, in the same run.
//!
//! Both crates are generated under `target/bench-compile/` and built in one
//! target directory there, so they share their dependencies, which are built
//! first and not timed. Each timed run touches the crate's `src/lib.rs` and
//! runs `cargo check` (with `--build`, also `cargo build`) without incremental
//! compilation: the crate alone, cold, as after a regeneration. Runs alternate
//! between the two crates so that a noisy machine slows both alike; the table
//! gives medians, the peak memory of the slowest process (rustc, through
//! `/usr/bin/time`) and the library's lines, and the ratio ours / theirs.
//!
//! With `--features LIST`, our crate is also measured with only those resource
//! features (`--no-default-features --features LIST`), as a user of one resource
//! builds it, and the table gives its ratio to the whole crate.
//!
//! OpenAPI Generator comes from PyPI (`openapi-generator-cli`, pinned in
//! `xtask/openapi-generator-requirements.txt`, installed into
//! `target/tools/openapi-generator`) and needs a Java runtime.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{display_path, median, workspace_root, CodegenArgs};

/// One crate being measured.
struct Subject {
    name: String,
    dir: PathBuf,
    /// Cargo's feature arguments; none for the crate's defaults.
    features: Vec<String>,
    /// Why it cannot be measured (it does not compile), once known.
    broken: Option<String>,
    check: Vec<f64>,
    build: Vec<f64>,
    /// Peak resident memory of any process of a timed run, in KiB.
    peak_kib: u64,
}

pub fn run(args: &CodegenArgs, with_build: bool, features: Option<&str>) -> Result<(), String> {
    let root = workspace_root();
    let base = root.join("target/bench-compile");
    let target_dir = base.join("target");
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        return Err("bench --compile measures peak memory with /usr/bin/time: install it (Debian: apt install time)".to_owned());
    }
    let ours = base.join("ours");
    let generated = crate::generate(&CodegenArgs {
        crate_name: Some("bench-ours".to_owned()),
        ..args.clone()
    })?;
    seam_codegen::write::write(&ours, &generated.files).map_err(|e| e.to_string())?;
    let theirs = base.join("openapi-generator");
    openapi_generator(&root, &args.spec, &theirs)?;

    let mut subjects = vec![
        Subject::new("seam-codegen", ours.clone()),
        Subject::new("OpenAPI Generator", theirs),
    ];
    if let Some(features) = features {
        let mut subset = Subject::new(&format!("seam-codegen, features {features}"), ours);
        subset.features = vec![
            "--no-default-features".to_owned(),
            "--features".to_owned(),
            features.to_owned(),
        ];
        subjects.push(subset);
    }
    for subject in &mut subjects {
        // Dependencies, once, untimed; a crate that fails here is reported as such.
        if let Err(error) = cargo(subject, &target_dir, "check", time) {
            subject.broken = Some(first_error(&error));
        }
        if with_build && subject.broken.is_none() {
            if let Err(error) = cargo(subject, &target_dir, "build", time) {
                subject.broken = Some(first_error(&error));
            }
        }
    }
    let runs = args.runs.max(1);
    for _ in 0..runs {
        for subject in subjects.iter_mut().filter(|s| s.broken.is_none()) {
            let (seconds, peak) = timed(subject, &target_dir, "check", time)?;
            subject.check.push(seconds);
            subject.peak_kib = subject.peak_kib.max(peak);
            if with_build {
                let (seconds, peak) = timed(subject, &target_dir, "build", time)?;
                subject.build.push(seconds);
                subject.peak_kib = subject.peak_kib.max(peak);
            }
        }
    }
    report(&args.spec, runs, &mut subjects, with_build);
    Ok(())
}

impl Subject {
    fn new(name: &str, dir: PathBuf) -> Self {
        Subject {
            name: name.to_owned(),
            dir,
            features: Vec::new(),
            broken: None,
            check: Vec::new(),
            build: Vec::new(),
            peak_kib: 0,
        }
    }
}

/// One timed run: touch `src/lib.rs`, then `cargo <what>`; seconds and peak KiB.
fn timed(
    subject: &Subject,
    target_dir: &Path,
    what: &str,
    time: &Path,
) -> Result<(f64, u64), String> {
    let lib = subject.dir.join("src/lib.rs");
    let text = std::fs::read(&lib).map_err(|e| format!("{}: {e}", display_path(&lib)))?;
    std::fs::write(&lib, text).map_err(|e| format!("{}: {e}", display_path(&lib)))?;
    let stderr = cargo(subject, target_dir, what, time)?;
    // `/usr/bin/time -f` prints its line last: elapsed seconds, peak KiB.
    let last = stderr
        .lines()
        .rev()
        .find(|l| l.starts_with("bench:"))
        .unwrap_or_default();
    let mut fields = last.trim_start_matches("bench:").split_whitespace();
    let seconds = fields.next().and_then(|s| s.parse().ok());
    let peak = fields.next().and_then(|s| s.parse().ok());
    match (seconds, peak) {
        (Some(seconds), Some(peak)) => Ok((seconds, peak)),
        _ => Err(format!(
            "no timing in the output of cargo {what} for {}",
            subject.name
        )),
    }
}

/// `cargo <what>` of the subject, not incremental, under `/usr/bin/time`; its stderr.
fn cargo(subject: &Subject, target_dir: &Path, what: &str, time: &Path) -> Result<String, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(time)
        .args(["-f", "bench: %e %M", &cargo, what, "--quiet", "--lib"])
        .args(&subject.features)
        .current_dir(&subject.dir)
        .env("CARGO_TARGET_DIR", target_dir)
        .env("CARGO_INCREMENTAL", "0")
        // The crate's own lints are not what is measured.
        .env("RUSTFLAGS", "--cap-lints=allow")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if output.status.success() {
        Ok(stderr)
    } else {
        Err(stderr)
    }
}

/// The first `error` line of cargo's output, for a crate that does not compile.
fn first_error(stderr: &str) -> String {
    let count = stderr.lines().filter(|l| l.starts_with("error")).count();
    let first = stderr
        .lines()
        .find(|l| l.starts_with("error"))
        .unwrap_or("failed");
    format!("does not compile ({count} errors; first: {first})")
}

/// OpenAPI Generator's `rust` client of `spec` in `out`, as a crate of its own.
fn openapi_generator(root: &Path, spec: &Path, out: &Path) -> Result<(), String> {
    if Command::new("java").arg("-version").output().is_err() {
        return Err("OpenAPI Generator needs a Java runtime: install one (Debian: apt install default-jre-headless)".to_owned());
    }
    let cli = install_openapi_generator(root)?;
    if out.exists() {
        std::fs::remove_dir_all(out).map_err(|e| format!("{}: {e}", display_path(out)))?;
    }
    let status = Command::new(&cli)
        .args(["generate", "-g", "rust", "--skip-validate-spec", "-i"])
        .arg(spec)
        .arg("-o")
        .arg(out)
        .args([
            "--additional-properties",
            "packageName=bench-openapi-generator",
        ])
        .stdout(std::process::Stdio::null())
        .status()
        .map_err(|e| format!("cannot run openapi-generator-cli: {e}"))?;
    if !status.success() {
        return Err(format!(
            "openapi-generator-cli failed on {}",
            display_path(spec)
        ));
    }
    // Its own workspace: the crate lies inside this one's directory.
    let manifest = out.join("Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
    if !text.contains("[workspace]") {
        text.push_str("\n[workspace]\n");
        std::fs::write(&manifest, text).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// `openapi-generator-cli` from PyPI, at the pinned version, in its own virtualenv.
fn install_openapi_generator(root: &Path) -> Result<PathBuf, String> {
    let requirements = root.join("xtask/openapi-generator-requirements.txt");
    let venv = root.join("target/tools/openapi-generator");
    let cli = venv.join("bin/openapi-generator-cli");
    let marker = venv.join("installed-requirements.txt");
    let wanted = std::fs::read_to_string(&requirements).map_err(|e| e.to_string())?;
    if cli.exists() && std::fs::read_to_string(&marker).ok().as_deref() == Some(wanted.as_str()) {
        return Ok(cli);
    }
    let run = |command: &mut Command| match command.status() {
        Ok(status) if status.success() => Ok(()),
        _ => Err(format!("failed: {command:?}")),
    };
    run(Command::new("python3")
        .args(["-m", "venv", "--clear"])
        .arg(&venv))
    .map_err(|e| format!("{e}\ninstall python3-venv"))?;
    run(Command::new(venv.join("bin/pip"))
        .args(["install", "--quiet", "--disable-pip-version-check", "-r"])
        .arg(&requirements))?;
    std::fs::write(&marker, &wanted).map_err(|e| e.to_string())?;
    Ok(cli)
}

/// Lines of the library's Rust sources (the command line's left out).
fn library_lines(dir: &Path) -> usize {
    let mut lines = 0;
    let mut stack = vec![dir.join("src")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() && !path.ends_with("bin") {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                lines += std::fs::read_to_string(&path).map_or(0, |t| t.lines().count());
            }
        }
    }
    lines
}

fn report(spec: &Path, runs: usize, subjects: &mut [Subject], with_build: bool) {
    println!(
        "bench --compile {}: {runs} runs each, the crate alone after a touch, not incremental",
        display_path(spec)
    );
    println!("| crate | library lines | check | build | peak memory |");
    println!("|---|---|---|---|---|");
    let mut medians = Vec::new();
    for subject in subjects.iter_mut() {
        let lines = library_lines(&subject.dir);
        if let Some(broken) = &subject.broken {
            println!("| {} | {lines} | {broken} | | |", subject.name);
            medians.push(None);
            continue;
        }
        let check = median(&mut subject.check);
        let build = with_build.then(|| median(&mut subject.build));
        let build_text = build.map_or("-".to_owned(), |b| format!("{b:.1} s"));
        println!(
            "| {} | {lines} | {check:.1} s | {build_text} | {:.2} GiB |",
            subject.name,
            subject.peak_kib as f64 / 1024.0 / 1024.0
        );
        medians.push(Some((check, build, subject.peak_kib)));
    }
    if let [Some(ours), Some(theirs), ..] = medians[..] {
        let build_ratio = match (ours.1, theirs.1) {
            (Some(a), Some(b)) => format!(", build {:.2}", a / b),
            _ => String::new(),
        };
        println!(
            "ratio seam-codegen / OpenAPI Generator: check {:.2}{build_ratio}, peak memory {:.2}",
            ours.0 / theirs.0,
            ours.2 as f64 / theirs.2.max(1) as f64
        );
    }
    if let ([Some(whole), ..], [.., subset]) = (&medians[..], &subjects[..]) {
        if let (Some(Some(part)), false) = (medians.get(2), subset.features.is_empty()) {
            let build_ratio = match (part.1, whole.1) {
                (Some(a), Some(b)) => format!(", build {:.2}", a / b),
                _ => String::new(),
            };
            println!(
                "ratio {} / the whole crate: check {:.2}{build_ratio}, peak memory {:.2}",
                subset.name,
                part.0 / whole.0,
                part.2 as f64 / whole.2.max(1) as f64
            );
        }
    }
}
