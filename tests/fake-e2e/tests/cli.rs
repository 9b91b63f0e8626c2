//! The full API's command line (`seam-full`'s `cli` feature, the `seam-full`
//! binary) against Seam's fake server: real workflows through the binary as a
//! user runs it, each step's printed JSON feeding the next.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use seam_fake_e2e::{FakeSeam, ACS_SYSTEM_ID, API_KEY, PERSONAL_ACCESS_TOKEN, WORKSPACE_ID};
use serde_json::Value;

/// The binary, built once with the `cli` feature and, as the crate is here,
/// `undocumented`.
fn binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/seam-full/Cargo.toml");
        escargot::CargoBuild::new()
            .manifest_path(manifest)
            .bin("seam-full")
            .features("cli undocumented")
            .run()
            .unwrap_or_else(|e| {
                panic!("building target/seam-full with `--features cli,undocumented` failed ({e}); run `cargo xtask test`, which generates it")
            })
            .path()
            .to_path_buf()
    })
}

/// One run: exit status, standard output, standard error.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Standard output as JSON, once the run succeeded.
    fn ok(&self) -> Value {
        assert_eq!(
            self.code, 0,
            "stdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.stdout))
    }
}

/// Runs the binary against `fake` with `env` as its only `SEAM_*` variables.
async fn run_with(fake: &FakeSeam, env: &[(&str, &str)], args: &[&str]) -> Run {
    let mut command = tokio::process::Command::new(binary());
    command.args(args);
    for (name, _) in std::env::vars() {
        if name.starts_with("SEAM_") {
            command.env_remove(name);
        }
    }
    command
        .env("SEAM_ENDPOINT", fake.url())
        .envs(env.iter().copied());
    let output = command.output().await.expect("the binary runs");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    for text in [&run.stdout, &run.stderr] {
        for secret in [API_KEY, PERSONAL_ACCESS_TOKEN] {
            assert!(!text.contains(secret), "a credential was printed:\n{text}");
        }
    }
    run
}

/// Runs the binary with the fake's API key.
async fn run(fake: &FakeSeam, args: &[&str]) -> Run {
    run_with(fake, &[("SEAM_API_KEY", API_KEY)], args).await
}

fn text<'a>(value: &'a Value, field: &str) -> &'a str {
    value[field]
        .as_str()
        .unwrap_or_else(|| panic!("no {field} in {value}"))
}

/// An ACS user's life, with a personal access token and a workspace from the
/// environment: created, read, listed, updated, deleted, then not found.
/// (The fake has no `acs/credentials/create`: the seed's own command is run
/// against a recording server in tests/cli of the main workspace.)
#[tokio::test]
async fn an_acs_user_s_life_with_a_personal_access_token() {
    let fake = FakeSeam::start().await;
    let env = [
        ("SEAM_PERSONAL_ACCESS_TOKEN", PERSONAL_ACCESS_TOKEN),
        ("SEAM_WORKSPACE_ID", WORKSPACE_ID),
    ];
    let workspace = run_with(&fake, &env, &["workspaces", "get"]).await.ok();
    assert_eq!(workspace["workspace_id"], WORKSPACE_ID);
    let systems = run_with(&fake, &env, &["acs", "systems", "list"])
        .await
        .ok();
    assert_eq!(systems[0]["acs_system_id"], ACS_SYSTEM_ID);

    let user = run_with(
        &fake,
        &env,
        &[
            "acs",
            "users",
            "create",
            "--acs_system_id",
            ACS_SYSTEM_ID,
            "--full_name",
            "Jane Doe",
            "--email_address",
            "jane@example.com",
        ],
    )
    .await
    .ok();
    let user_id = text(&user, "acs_user_id").to_owned();
    assert_eq!(user["full_name"], "Jane Doe");
    let listed = run_with(
        &fake,
        &env,
        &["acs", "users", "list", "--acs_system_id", ACS_SYSTEM_ID],
    )
    .await
    .ok();
    assert!(
        listed
            .as_array()
            .expect("a list")
            .iter()
            .any(|u| u["acs_user_id"] == user_id.as_str()),
        "{listed}"
    );

    let updated = run_with(
        &fake,
        &env,
        &[
            "acs",
            "users",
            "update",
            "--acs_user_id",
            &user_id,
            "--full_name",
            "Jane Q. Doe",
        ],
    )
    .await;
    assert_eq!(
        (updated.code, updated.stdout.as_str()),
        (0, ""),
        "{}",
        updated.stderr
    );
    let read = run_with(
        &fake,
        &env,
        &["acs", "users", "get", "--acs_user_id", &user_id],
    )
    .await
    .ok();
    assert_eq!(read["full_name"], "Jane Q. Doe");

    let deleted = run_with(
        &fake,
        &env,
        &["acs", "users", "delete", "--acs_user_id", &user_id],
    )
    .await;
    assert_eq!(
        (deleted.code, deleted.stdout.as_str()),
        (0, ""),
        "{}",
        deleted.stderr
    );
    // Gone: the API's error, with its code and request id, and the API error's exit status.
    let gone = run_with(
        &fake,
        &env,
        &["acs", "users", "get", "--acs_user_id", &user_id],
    )
    .await;
    assert_eq!(gone.code, 3, "{}", gone.stderr);
    assert!(
        gone.stderr.contains("code: acs_user_not_found"),
        "{}",
        gone.stderr
    );
    assert!(gone.stderr.contains("request id: "), "{}", gone.stderr);
}

/// Completions are built from the whole command tree, which in this debug
/// build runs clap's checks on every one of the API's commands.
#[tokio::test]
async fn the_whole_command_tree_passes_clap_s_checks() {
    let fake = FakeSeam::start().await;
    for shell in ["bash", "zsh", "fish"] {
        let script = run(&fake, &["completions", shell]).await;
        assert_eq!(script.code, 0, "{}", script.stderr);
        assert!(script.stdout.contains("unlock-door"), "{shell}");
    }
    // Built with `undocumented`, the operations Seam leaves undocumented are there.
    let help = run(&fake, &["acs", "credentials", "--help"]).await;
    assert!(
        help.stdout.contains("create-offline-code"),
        "{}",
        help.stdout
    );
    assert!(help.stdout.contains("unmanaged"), "{}", help.stdout);
}

/// A personal access token alone: the operations the client without a
/// workspace offers run through it (listing the workspaces, the first step
/// before choosing one); the others say a workspace is needed.
#[tokio::test]
async fn a_token_without_a_workspace_lists_workspaces() {
    let fake = FakeSeam::start().await;
    let env = [("SEAM_PERSONAL_ACCESS_TOKEN", PERSONAL_ACCESS_TOKEN)];
    let workspaces = run_with(&fake, &env, &["workspaces", "list"]).await.ok();
    assert!(
        workspaces
            .as_array()
            .expect("a list")
            .iter()
            .any(|w| w["workspace_id"] == WORKSPACE_ID),
        "{workspaces}"
    );
    let refused = run_with(&fake, &env, &["devices", "list"]).await;
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(refused.stderr.contains("workspace"), "{}", refused.stderr);
}

/// Unlocking waits for the action to finish, as the client does; `--no-wait`
/// prints the pending attempt, which `action-attempts get` reads again.
#[tokio::test]
async fn unlocking_a_door_waits_for_the_action() {
    let fake = FakeSeam::start().await;
    let devices = run(&fake, &["devices", "list", "--compact"]).await.ok();
    let lock = (devices.as_array().expect("a list").iter())
        .find(|d| d["can_remotely_unlock"] == true)
        .expect("the fake has a lock that unlocks remotely");
    let device_id = text(lock, "device_id");

    let attempt = run(&fake, &["locks", "unlock-door", "--device_id", device_id])
        .await
        .ok();
    assert_eq!(attempt["status"], "success", "{attempt}");
    assert_eq!(attempt["action_type"], "UNLOCK_DOOR");

    let pending = run(
        &fake,
        &[
            "locks",
            "unlock_door",
            "--device-id",
            device_id,
            "--no-wait",
        ],
    )
    .await
    .ok();
    assert_eq!(pending["status"], "pending", "{pending}");
    let again = run(
        &fake,
        &[
            "action-attempts",
            "get",
            "--action_attempt_id",
            text(&pending, "action_attempt_id"),
        ],
    )
    .await
    .ok();
    assert_eq!(again["action_attempt_id"], pending["action_attempt_id"]);

    // `locks.get` is deprecated (for `devices.get`): listed so, warned about, still run.
    let help = run(&fake, &["locks", "--help"]).await;
    assert!(help.stdout.contains("[deprecated]"), "{}", help.stdout);
    let read = run(&fake, &["locks", "get", "--device_id", device_id]).await;
    assert!(
        read.stderr.contains("warning: locks.get is deprecated"),
        "{}",
        read.stderr
    );
    assert_eq!(read.ok()["device_id"], device_id);
}

/// Access codes on a device: created, listed with `--all`; a value outside
/// an enum refused before anything is sent.
#[tokio::test]
async fn access_codes_on_a_device() {
    let fake = FakeSeam::start().await;
    let devices = run(&fake, &["devices", "list"]).await.ok();
    let device_id = text(&devices[0], "device_id").to_owned();
    for (name, code) in [("Front door", "1234"), ("Back door", "5678")] {
        let created = run(
            &fake,
            &[
                "access-codes",
                "create",
                "--device_id",
                &device_id,
                "--name",
                name,
                "--code",
                code,
            ],
        )
        .await
        .ok();
        assert_eq!(created["name"], name);
        assert_eq!(created["code"], code);
    }
    let all = run(
        &fake,
        &["access-codes", "list", "--device_id", &device_id, "--all"],
    )
    .await
    .ok();
    let names: Vec<&str> = all
        .as_array()
        .expect("a list")
        .iter()
        .map(|c| text(c, "name"))
        .collect();
    assert_eq!(names, ["Front door", "Back door"]);

    let refused = run(&fake, &["devices", "list", "--device_type", "toaster"]).await;
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused
            .stderr
            .contains("invalid value 'toaster' for '--device_type"),
        "{}",
        refused.stderr
    );
}
