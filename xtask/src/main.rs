//! `cargo xtask`: the project's commands.
//!
//! - `codegen [--spec PATH] [--out DIR] [--crate-name NAME] [--profile NAME|FILE] [--check]`
//!   generates the client crate (defaults: `spec/seam-acs-credentials.yaml` into
//!   `generated/`). The profile is `--profile`'s (a built-in's name or a profile
//!   file), else the file beside the spec (`<stem>.profile.toml`, or `<stem>.profile`
//!   naming a built-in, as `spec/seam-acs-credentials.profile` says `seam`), else
//!   `generic`: conventions read from the spec itself.
//! - `test` installs what the tests need (Python validator, Node packages) and runs
//!   every test, lint and doc check: the one command CI runs.
//! - `bench [--spec PATH] [--runs N]` times generation in process; with
//!   `--compile [--build] [--features LIST]`, what the generated crate costs to
//!   compile, beside OpenAPI Generator's client of the same document and with
//!   only some resource features (`compile_bench`).
//! - `api-diff OLD_SPEC NEW_SPEC [--fail-on major|minor|patch]` prints the API
//!   change between two documents as Markdown, classified by semver.
//! - `semver-checks` cross-checks that classification with `cargo-semver-checks`.

mod api_diff;
mod compile_bench;
mod semver_checks;
mod test;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let command = args.next().and_then(|c| c.into_string().ok());
    let rest: Vec<std::ffi::OsString> = args.collect();
    let result = match command.as_deref() {
        Some("codegen") => codegen(rest),
        Some("test") => test::run(rest),
        Some("bench") => bench(rest),
        Some("api-diff") => api_diff::api_diff(rest),
        Some("semver-checks") => semver_checks::run(rest),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage:
  cargo xtask codegen [--spec PATH] [--out DIR] [--crate-name NAME] [--crate-version X.Y.Z] [--profile NAME|FILE] [--check]
  cargo xtask test
  cargo xtask bench [--spec PATH] [--profile NAME|FILE] [--runs N] [--compile [--build] [--features LIST]]
  cargo xtask api-diff OLD_SPEC NEW_SPEC [--profile NAME|FILE] [--fail-on major|minor|patch]
  cargo xtask semver-checks";

/// The workspace root (xtask lives one level below it).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask is inside the workspace")
        .to_path_buf()
}

#[derive(Clone)]
struct CodegenArgs {
    spec: PathBuf,
    out: PathBuf,
    crate_name: Option<String>,
    crate_version: Option<String>,
    profile: Option<String>,
    check: bool,
    runs: usize,
}

impl CodegenArgs {
    fn defaults() -> Self {
        let root = workspace_root();
        CodegenArgs {
            spec: root.join("spec/seam-acs-credentials.yaml"),
            out: root.join("generated"),
            crate_name: None,
            crate_version: None,
            profile: None,
            check: false,
            runs: 20,
        }
    }
}

fn parse_codegen_args(args: Vec<std::ffi::OsString>) -> Result<CodegenArgs, String> {
    use lexopt::prelude::*;
    let mut parsed = CodegenArgs::defaults();
    let mut parser = lexopt::Parser::from_args(args);
    while let Some(arg) = parser.next().map_err(|e| format!("{e}\n{USAGE}"))? {
        match arg {
            Long("spec") => parsed.spec = parser.value().map_err(|e| e.to_string())?.into(),
            Long("out") => parsed.out = parser.value().map_err(|e| e.to_string())?.into(),
            Long("crate-name") => {
                parsed.crate_name = Some(
                    parser
                        .value()
                        .map_err(|e| e.to_string())?
                        .string()
                        .map_err(|e| e.to_string())?,
                )
            }
            Long("crate-version") => {
                parsed.crate_version = Some(
                    parser
                        .value()
                        .map_err(|e| e.to_string())?
                        .string()
                        .map_err(|e| e.to_string())?,
                )
            }
            Long("profile") => {
                parsed.profile = Some(
                    parser
                        .value()
                        .map_err(|e| e.to_string())?
                        .string()
                        .map_err(|e| e.to_string())?,
                )
            }
            Long("check") => parsed.check = true,
            Long("runs") => {
                parsed.runs = parser
                    .value()
                    .map_err(|e| e.to_string())?
                    .parse()
                    .map_err(|e| e.to_string())?
            }
            other => return Err(format!("{}\n{USAGE}", other.unexpected())),
        }
    }
    Ok(parsed)
}

/// The profile `--profile` names (a built-in or a file), else the one beside
/// the spec, else the generic one.
fn profile_choice(args: &CodegenArgs) -> Result<seam_codegen::profile::Choice, String> {
    use seam_codegen::profile::Choice;
    let Some(name) = &args.profile else {
        return Choice::for_spec(&args.spec);
    };
    Choice::from_argument(name)
}

/// The version in the `Cargo.toml` of the crate at `out`, if there is one.
fn previous_version(out: &Path) -> Option<String> {
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).ok()?;
    let table: toml::Table = manifest.parse().ok()?;
    Some(table.get("package")?.get("version")?.as_str()?.to_owned())
}

/// Runs the generator, catching any panic so that a user never sees a raw Rust panic:
/// it is reported as a bug with the spec it happened on.
fn generate(args: &CodegenArgs) -> Result<seam_codegen::Generated, String> {
    let choice = profile_choice(args)?;
    // The crate being replaced: its surface keeps renamed types' old names as
    // deprecated aliases, and its version is kept unless one is given.
    let previous_surface = api_diff::previous_surface(&args.out)
        .and_then(|text| seam_codegen::surface::Surface::from_json(&text).ok());
    let defaults = seam_codegen::Options::default();
    let options = seam_codegen::Options {
        // Empty: the profile's (`seam`, or one after the spec's title).
        crate_name: args.crate_name.clone().unwrap_or_default(),
        crate_version: (args.crate_version.clone())
            .or_else(|| previous_version(&args.out))
            .unwrap_or(defaults.crate_version),
        profile: choice,
        previous_surface,
    };
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(|| seam_codegen::generate_file(&args.spec, &options));
    let _ = std::panic::take_hook();
    match result {
        Ok(Ok(generated)) => Ok(generated),
        Ok(Err(err)) => Err(format!(
            "{err}\ncodegen failed for {}; nothing was written",
            display_path(&args.spec)
        )),
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown".to_owned());
            Err(format!(
                "internal error: the generator failed on {} ({message}). This is a bug in seam-codegen, not in your spec; please report it with the spec attached. Nothing was written.",
                display_path(&args.spec)
            ))
        }
    }
}

fn codegen(args: Vec<std::ffi::OsString>) -> Result<(), String> {
    let args = parse_codegen_args(args)?;
    let started = Instant::now();
    let generated = generate(&args)?;
    for warning in generated.warnings.iter() {
        eprintln!("{warning}\n");
    }
    let out = display_path(&args.out);
    if args.check {
        let staleness = seam_codegen::write::check(&args.out, &generated.files)
            .map_err(|e| format!("cannot read {out}: {e}"))?;
        if staleness.is_clean() {
            println!("{out} is up to date ({} files)", generated.files.len());
            return Ok(());
        }
        return Err(format!(
            "{staleness}{out} is out of date: run `cargo xtask codegen` and commit the result"
        ));
    }
    let previous_surface = api_diff::previous_surface(&args.out);
    let written = seam_codegen::write::write(&args.out, &generated.files)
        .map_err(|e| format!("cannot write {out}: {e}"))?;
    if written > 0 {
        print!(
            "{}",
            api_diff::codegen_summary(&args.out, previous_surface, &generated.surface)
        );
    }
    println!(
        "codegen: {} operations generated ({} paged), {} skipped, {} types, {} files written to {out} in {} ms",
        generated.operations,
        generated.paged_operations,
        generated.skipped_operations,
        generated.types,
        written,
        started.elapsed().as_millis()
    );
    Ok(())
}

/// Times generation (load to formatted files, no disk writes) over several runs.
/// Times generation against its floor, measured in the same run: parsing the
/// document into `openapiv3` and formatting the files the generator formats
/// (syn + prettyplease, one thread a file, as the generator does). Nothing
/// generation does beyond that is free; the ratio says what it costs.
fn bench(args: Vec<std::ffi::OsString>) -> Result<(), String> {
    let flag = |name: &str| args.iter().any(|a| a == name);
    let (compile, build) = (flag("--compile"), flag("--build"));
    let features_at = args.iter().position(|a| a == "--features");
    let features = match features_at.map(|i| args.get(i + 1)) {
        None => None,
        Some(Some(list)) if compile => Some(list.to_string_lossy().into_owned()),
        Some(_) => {
            return Err(
                "--features takes a comma-separated list of resource features, with --compile"
                    .to_owned(),
            )
        }
    };
    let rest = (args.iter().enumerate())
        .filter(|(i, a)| {
            *a != "--compile"
                && *a != "--build"
                && features_at.is_none_or(|at| *i != at && *i != at + 1)
        })
        .map(|(_, a)| a.clone())
        .collect();
    let runs_given = flag("--runs");
    let mut args = parse_codegen_args(rest)?;
    if compile {
        // A compile takes a minute where a generation takes milliseconds.
        if !runs_given {
            args.runs = 3;
        }
        return compile_bench::run(&args, build, features.as_deref());
    }
    let runs = args.runs.max(1);
    let bytes = std::fs::read(&args.spec)
        .map_err(|e| format!("cannot read {}: {e}", display_path(&args.spec)))?;
    let is_json = args.spec.extension().is_some_and(|e| e == "json");
    // An OpenAPI 3.1 document has no typed model to parse into: its floor parses the
    // text into a JSON tree instead (the 3.1 mapping is generation's work).
    let typed_floor = parse_document(&bytes, is_json).is_ok();
    let mut generation = Vec::with_capacity(runs);
    let mut floor = Vec::with_capacity(runs);
    let mut lines = 0;
    let mut counts = (0, 0);
    let mut stage_times: Vec<(&'static str, Vec<f64>)> = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        let generated = generate(&args)?;
        generation.push(started.elapsed().as_secs_f64() * 1000.0);
        lines = generated
            .files
            .iter()
            .map(|f| f.contents.lines().count())
            .sum();
        counts = (generated.operations, generated.types);
        for (i, (name, time)) in generated.timings.iter().enumerate() {
            if stage_times.len() <= i {
                stage_times.push((name, Vec::new()));
            }
            stage_times[i].1.push(time.as_secs_f64() * 1000.0);
        }
        let formatted: Vec<&str> = generated
            .files
            .iter()
            .filter(|f| f.path.ends_with(".rs") && !f.verbatim)
            .map(|f| f.contents.as_str())
            .collect();
        let started = Instant::now();
        if typed_floor {
            parse_document(&bytes, is_json)?;
        } else {
            parse_value(&bytes, is_json)?;
        }
        format_files(&formatted)?;
        floor.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    let medians: Vec<String> = stage_times
        .iter_mut()
        .map(|(name, times)| format!("{name} {:.1} ms", median(times)))
        .collect();
    let (operations, types) = counts;
    let generation_ms = median(&mut generation);
    let floor_ms = median(&mut floor);
    println!(
        "bench {}: {operations} operations, {types} types, {lines} lines; {runs} runs",
        display_path(&args.spec),
    );
    println!(
        "  generation median {generation_ms:.1} ms (min {:.1}), floor median {floor_ms:.1} ms (min {:.1}): ratio {:.2}",
        generation[0],
        floor[0],
        generation_ms / floor_ms
    );
    println!("  median per stage: {}", medians.join(", "));
    if !typed_floor {
        println!("  floor: the document parsed into a JSON value, not openapiv3 (not OpenAPI 3.0)");
    }
    Ok(())
}

/// The median of `times`, which it sorts.
fn median(times: &mut [f64]) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// The floor's first half: the document into `openapiv3`, nothing else.
fn parse_document(bytes: &[u8], is_json: bool) -> Result<openapiv3::OpenAPI, String> {
    if is_json {
        serde_json::from_slice(bytes).map_err(|e| e.to_string())
    } else {
        serde_yaml::from_slice(bytes).map_err(|e| e.to_string())
    }
}

/// The floor's first half for a document openapiv3 cannot hold (OpenAPI 3.1).
fn parse_value(bytes: &[u8], is_json: bool) -> Result<serde_json::Value, String> {
    if is_json {
        serde_json::from_slice(bytes).map_err(|e| e.to_string())
    } else {
        serde_yaml::from_slice(bytes).map_err(|e| e.to_string())
    }
}

/// The floor's second half: syn + prettyplease over each file, on its own thread.
fn format_files(files: &[&str]) -> Result<(), String> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .iter()
            .map(|text| {
                scope.spawn(move || {
                    syn::parse_file(text)
                        .map(|file| prettyplease::unparse(&file).len())
                        .map_err(|e| e.to_string())
                })
            })
            .collect();
        for handle in handles {
            handle
                .join()
                .map_err(|_| "a formatting thread panicked")??;
        }
        Ok(())
    })
}

/// A path relative to the workspace when it is inside it (no machine paths in output).
fn display_path(path: &Path) -> String {
    let root = workspace_root();
    path.strip_prefix(&root)
        .unwrap_or(path)
        .display()
        .to_string()
}
