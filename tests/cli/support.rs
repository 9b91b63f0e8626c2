//! Building the binary once, running it through `sh` with only the `SEAM_*`
//! variables a test gives (tests/common/cli_run.rs), checking that nothing
//! printed shows a credential, and the bodies mock servers answer with (the
//! servers themselves: tests/common/mock_seam.rs).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::{json, Value};
use wiremock::{MockServer, Request, ResponseTemplate};

pub use crate::cli_run::*;
pub use crate::mock_seam::*;
pub use crate::seam_values::*;

/// An API key set in the environment under options that override it: a
/// decoy, which must not be printed either.
pub const DECOY_KEY: &str = "seam_otherkey_ENVKEY";

/// Every credential the tests give the binary, and the marker all the
/// shared test tokens carry.
pub const SECRETS: [&str; 4] = [API_KEY, PAT, "SECRETSECRET", DECOY_KEY];

/// The `seam` binary of generated/, built with the `cli` feature besides the
/// default ones (not `undocumented`: the command line as a user installs it).
pub fn binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        build_binary(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/Cargo.toml"),
            &["seam"],
            "seam",
            Some("cli"),
            "generated/ must build with `cargo build -p seam --features cli` \
             (run `cargo xtask codegen` if it is out of date)",
        )
    })
}

/// The `generic-client` binary of tests/generic-client, built with its
/// `cli` feature: a generic API's command line.
pub fn generic_binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        build_binary(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("generic-client/Cargo.toml"),
            &["generic-client"],
            "generic-client",
            Some("cli"),
            "tests/generic-client must build with its `cli` feature (run `cargo xtask codegen \
             --spec tests/fixtures/valid/generic_auth.yaml --out tests/generic-client \
             --crate-name generic-client` if it is out of date)",
        )
    })
}

impl Run {
    /// Asserts that no credential ([`SECRETS`]) appears in anything printed.
    pub fn expect_no_secret(&self) -> &Self {
        self.expect_none_of(&SECRETS)
    }
}

/// Runs `command_line` with `sh` (which `exec`s the last command, so that a
/// run killed at its time limit takes the binary with it), with the binary's
/// directory first on `PATH`, none of this process's `SEAM_*` variables but
/// `env`; fails if anything printed shows a credential.
pub async fn sh(command_line: &str, env: &[(&str, &str)]) -> Run {
    let dir = binary().parent().expect("the binary is in a directory");
    let path = match std::env::var_os("PATH") {
        Some(path) => {
            let mut dirs = vec![dir.to_path_buf()];
            dirs.extend(std::env::split_paths(&path));
            std::env::join_paths(dirs).expect("PATH entries without separators")
        }
        None => dir.as_os_str().to_owned(),
    };
    let mut command = tokio::process::Command::new("sh");
    command
        .arg("-c")
        .arg(format!("exec {command_line}"))
        .env("PATH", path)
        .current_dir(empty_dir());
    let run = run(command, env).await;
    run.expect_no_secret();
    run
}

/// An empty directory to run in: the seed's unquoted `[...]` is a glob
/// pattern, which a one-character file name could match.
fn empty_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-empty-dir");
        std::fs::create_dir_all(&dir).expect("a directory under target/tmp");
        dir
    })
}

/// Runs `seam` with `args`, each quoted for `sh`, with an API key and
/// `server` as the endpoint.
pub async fn seam(server: &MockServer, args: &[&str]) -> Run {
    let line: Vec<String> = std::iter::once("seam".to_owned())
        .chain(args.iter().map(|arg| quote(arg)))
        .collect();
    sh(
        &line.join(" "),
        &[("SEAM_API_KEY", API_KEY), ("SEAM_ENDPOINT", &server.uri())],
    )
    .await
}

/// `text` quoted for `sh`.
pub fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// A successful Seam body: `ok` and the value under `key`.
pub fn ok(key: &str, value: Value) -> ResponseTemplate {
    let mut body = json!({ "ok": true });
    body[key] = value;
    ResponseTemplate::new(200).set_body_json(body)
}

/// An API error answered with `status`, with a request id.
pub fn error(status: u16, error: Value) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("seam-request-id", REQUEST_ID)
        .set_body_json(error_body(error))
}

/// The requests `server` received.
pub async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording on")
}

/// A request's JSON body.
pub fn body(request: &Request) -> Value {
    serde_json::from_slice(&request.body).expect("a JSON body")
}
