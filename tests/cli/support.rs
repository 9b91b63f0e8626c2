//! Building the binary once, running it with a clean environment, and mock
//! servers that answer like Seam.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

pub use crate::seam_values::*;

/// The `seam` binary of generated/, built with the `cli` feature (and no
/// other: the command line as a user installs it).
pub fn binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/Cargo.toml");
        let built = escargot::CargoBuild::new()
            .manifest_path(manifest)
            .package("seam")
            .bin("seam")
            .features("cli")
            .run()
            .unwrap_or_else(|e| panic!("building generated/ with `--features cli` failed: {e}"));
        built.path().to_path_buf()
    })
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Standard output as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    /// Asserts the exit status, showing everything said otherwise.
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "exit status; stdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Asserts that no credential appears in anything printed.
    pub fn expect_no_secret(&self) -> &Self {
        for secret in [API_KEY, PAT, "SECRETSECRET"] {
            assert!(
                !self.stdout.contains(secret),
                "stdout shows a secret:\n{}",
                self.stdout
            );
            assert!(
                !self.stderr.contains(secret),
                "stderr shows a secret:\n{}",
                self.stderr
            );
        }
        self
    }
}

/// Runs `command_line` with `sh`, with the binary's directory first on `PATH`
/// and only the given `SEAM_*` variables set.
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
        .arg(command_line)
        .env("PATH", path)
        .current_dir(empty_dir());
    for (name, _) in std::env::vars() {
        if name.starts_with("SEAM_") {
            command.env_remove(name);
        }
    }
    command.envs(env.iter().copied());
    let output = command
        .output()
        .await
        .expect("sh runs (install a POSIX shell as /bin/sh)");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
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

/// Runs the binary with `args` (no shell), an API key and `server` as the endpoint.
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

/// A server answering every request with `response`.
pub async fn answering(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// A successful Seam body: `ok` and the value under `key`.
pub fn ok(key: &str, value: Value) -> ResponseTemplate {
    let mut body = json!({ "ok": true });
    body[key] = value;
    ResponseTemplate::new(200).set_body_json(body)
}

/// The requests `server` received.
pub async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording on")
}

/// A request's JSON body.
pub fn body(request: &Request) -> Value {
    serde_json::from_slice(&request.body).expect("a JSON body")
}
