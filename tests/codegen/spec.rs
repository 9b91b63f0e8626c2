//! spec/ passes `openapi-spec-validator` (installed by `cargo xtask test`).

use crate::support::root;
use std::process::Command;

#[test]
fn spec_passes_openapi_spec_validator() {
    let root = root();
    let validator = std::env::var_os("SEAM_SPEC_VALIDATOR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("target/tools/venv/bin/openapi-spec-validator"));
    assert!(
        validator.exists(),
        "openapi-spec-validator is not installed at {}: run `cargo xtask test`, which installs it from tests/spec/requirements.txt",
        validator.display()
    );
    let output = Command::new(&validator)
        .arg(root.join("spec/seam-acs-credentials.yaml"))
        .output()
        .expect("validator runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "validator failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("OK"),
        "unexpected validator output: {stdout}"
    );
}
