//! Running a generated command line as a test: building its binary with
//! escargot, running a command with none of the caller's `SEAM_*` variables
//! (or another API's, `STRIPE_*`: only those the test gives) under a time
//! limit, and what one run did ([`Run`]: exit status, output, and the checks
//! of them). Included by
//! `#[path]` in tests/cli (the `seam` binary of generated/, through `sh`),
//! tests/fake-e2e/tests/cli.rs (`seam-full`, run directly) and
//! tests/stripe-e2e/tests/cli.rs (Stripe's `stripe`).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

/// How long one run may take before it is killed and the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(60);

/// The variables (by prefix) that cargo sets for a test it runs, which a shell's
/// cargo does not see (xtask/src/test.rs strips the same).
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

/// Builds `bin` through the manifest at `manifest` with `packages` selected and
/// `features` (besides the default ones; `None` for none, as cargo takes no
/// `--features` for a package outside the manifest's workspace); a failure says
/// `remedy` (what to install or run first).
///
/// Selecting the test crate beside the binary's package makes its dependencies'
/// features unify as in the test build, so that the library built for the tests is
/// the binary's: one build of a big crate, not two.
pub fn build_binary(
    manifest: &Path,
    packages: &[&str],
    bin: &str,
    features: Option<&str>,
    remedy: &str,
) -> PathBuf {
    let mut build = escargot::CargoBuild::new().manifest_path(manifest).bin(bin);
    // Without the variables cargo set for this test (its package's name and
    // manifest): build scripts that watch them (ring's) would rerun, and the
    // crate be rebuilt, here and again at the next `cargo test`.
    for (name, _) in std::env::vars_os() {
        let text = name.to_string_lossy();
        if CARGO_RUN_VARIABLES
            .iter()
            .any(|prefix| text.starts_with(prefix))
        {
            build = build.env_remove(&name);
        }
    }
    for package in packages {
        build = build.package(package);
    }
    if let Some(features) = features {
        build = build.features(features);
    }
    match build.run() {
        Ok(built) => built.path().to_path_buf(),
        Err(e) => panic!(
            "building the `{bin}` binary through {} (features: {}) failed ({e}); {remedy}",
            manifest.display(),
            features.unwrap_or("the default ones"),
        ),
    }
}

/// What one run did.
#[derive(Debug)]
pub struct Run {
    /// The exit status; -1 when a signal ended the process.
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts the exit status, showing everything said otherwise.
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "exit status; stdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Standard output as JSON; fails showing both outputs if it is not.
    pub fn json(&self) -> Value {
        let parsed = serde_json::from_str::<Value>(&self.stdout);
        assert!(
            parsed.is_ok(),
            "stdout is not JSON ({}):\n{}\nstderr:\n{}",
            parsed
                .as_ref()
                .err()
                .map(ToString::to_string)
                .unwrap_or_default(),
            self.stdout,
            self.stderr
        );
        parsed.unwrap_or_default()
    }

    /// Asserts that none of `secrets` appears in anything printed.
    pub fn expect_none_of(&self, secrets: &[&str]) -> &Self {
        for secret in secrets {
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

/// Runs `command` with none of this process's `SEAM_*` variables, then `env`
/// set, stdin closed, output captured; killed and failed after [`TIMEOUT`].
pub async fn run(command: tokio::process::Command, env: &[(&str, &str)]) -> Run {
    run_isolated(command, "SEAM_", env).await
}

/// [`run`] for another API's command line: none of this process's variables
/// whose name starts with `prefix` (`STRIPE_`), then `env` set.
pub async fn run_isolated(
    mut command: tokio::process::Command,
    prefix: &str,
    env: &[(&str, &str)],
) -> Run {
    let std_command = command.as_std();
    // The program and its arguments, without the environment (which holds
    // the credentials), for messages.
    let shown = std::iter::once(std_command.get_program())
        .chain(std_command.get_args())
        .map(OsStr::to_string_lossy)
        .collect::<Vec<_>>()
        .join(" ");
    for (name, _) in std::env::vars_os() {
        if name.as_encoded_bytes().starts_with(prefix.as_bytes()) {
            command.env_remove(name);
        }
    }
    command.envs(env.iter().copied()).kill_on_drop(true);
    let output = match tokio::time::timeout(TIMEOUT, command.output()).await {
        Ok(Ok(output)) => output,
        Ok(Err(e)) => panic!("`{shown}` could not be run: {e}"),
        Err(_) => panic!("`{shown}` did not finish within {TIMEOUT:?}, and was killed"),
    };
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}
