//! The full API's command line (`seam-full`'s `cli` feature, the `seam-full`
//! binary) against Seam's fake server: real workflows through the binary as a
//! user runs it, each step's printed JSON feeding the next.

#[path = "../../common/cli_run.rs"]
mod cli_run;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use cli_run::{build_binary, Run};
use seam_fake_e2e::{FakeSeam, ACS_SYSTEM_ID, API_KEY, PERSONAL_ACCESS_TOKEN, WORKSPACE_ID};
use serde_json::Value;

/// The binary, built once through this crate's manifest, whose dependency on
/// `seam-full` turns on `cli` and `undocumented` (besides the default features):
/// the library the tests use is the binary's.
fn binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        build_binary(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"),
            &["seam-full", "seam-fake-e2e"],
            "seam-full",
            None,
            "run `cargo xtask test`, which generates target/seam-full",
        )
    })
}

/// Runs the binary with `env` as its only `SEAM_*` variables; fails if it
/// prints a credential.
async fn launch(env: &[(&str, &str)], args: &[&str]) -> Run {
    let mut command = tokio::process::Command::new(binary());
    command.args(args);
    let run = cli_run::run(command, env).await;
    run.expect_none_of(&[API_KEY, PERSONAL_ACCESS_TOKEN]);
    run
}

/// Runs the binary against `fake` with `env` as its only `SEAM_*` variables
/// besides the endpoint.
async fn run_with(fake: &FakeSeam, env: &[(&str, &str)], args: &[&str]) -> Run {
    let mut all = vec![("SEAM_ENDPOINT", fake.url())];
    all.extend_from_slice(env);
    launch(&all, args).await
}

/// Runs the binary with the fake's API key.
async fn run(fake: &FakeSeam, args: &[&str]) -> Run {
    run_with(fake, &[("SEAM_API_KEY", API_KEY)], args).await
}

/// Asserts that a run succeeded and printed nothing (a void operation).
fn expect_silent_success(run: &Run) {
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, ""),
        "stderr:\n{}",
        run.stderr
    );
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
    let workspace = run_with(&fake, &env, &["workspaces", "get"])
        .await
        .expect_code(0)
        .json();
    assert_eq!(workspace["workspace_id"], WORKSPACE_ID);
    let systems = run_with(&fake, &env, &["acs", "systems", "list"])
        .await
        .expect_code(0)
        .json();
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
    .expect_code(0)
    .json();
    let user_id = text(&user, "acs_user_id").to_owned();
    assert_eq!(user["full_name"], "Jane Doe");
    let listed = run_with(
        &fake,
        &env,
        &["acs", "users", "list", "--acs_system_id", ACS_SYSTEM_ID],
    )
    .await
    .expect_code(0)
    .json();
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
    expect_silent_success(&updated);
    let read = run_with(
        &fake,
        &env,
        &["acs", "users", "get", "--acs_user_id", &user_id],
    )
    .await
    .expect_code(0)
    .json();
    assert_eq!(read["full_name"], "Jane Q. Doe");

    let deleted = run_with(
        &fake,
        &env,
        &["acs", "users", "delete", "--acs_user_id", &user_id],
    )
    .await;
    expect_silent_success(&deleted);
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
/// build runs clap's checks on every one of the API's commands. Neither they
/// nor `--help` need a server, or credentials.
#[tokio::test]
async fn the_whole_command_tree_passes_clap_s_checks() {
    for shell in ["bash", "zsh", "fish"] {
        let script = launch(&[], &["completions", shell]).await;
        assert_eq!(script.code, 0, "{}", script.stderr);
        assert!(script.stdout.contains("unlock-door"), "{shell}");
    }
    // Built with `undocumented`, the operations Seam leaves undocumented are there.
    let help = launch(&[], &["acs", "credentials", "--help"]).await;
    help.expect_code(0);
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
    let workspaces = run_with(&fake, &env, &["workspaces", "list"])
        .await
        .expect_code(0)
        .json();
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
    // An empty workspace variable is none, as the client reads it.
    let empty = [
        ("SEAM_PERSONAL_ACCESS_TOKEN", PERSONAL_ACCESS_TOKEN),
        ("SEAM_WORKSPACE_ID", ""),
    ];
    let again = run_with(&fake, &empty, &["workspaces", "list"])
        .await
        .expect_code(0)
        .json();
    assert_eq!(again, workspaces);
}

/// Unlocking waits for the action to finish, as the client does; `--no-wait`
/// prints the pending attempt, which `action-attempts get` reads again.
#[tokio::test]
async fn unlocking_a_door_waits_for_the_action() {
    let fake = FakeSeam::start().await;
    let devices = run(&fake, &["devices", "list", "--compact"])
        .await
        .expect_code(0)
        .json();
    let lock = (devices.as_array().expect("a list").iter())
        .find(|d| d["can_remotely_unlock"] == true)
        .expect("the fake has a lock that unlocks remotely");
    let device_id = text(lock, "device_id");

    let attempt = run(&fake, &["locks", "unlock-door", "--device_id", device_id])
        .await
        .expect_code(0)
        .json();
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
    .expect_code(0)
    .json();
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
    .expect_code(0)
    .json();
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
    assert_eq!(read.expect_code(0).json()["device_id"], device_id);
}

/// Access codes on a device: created, then listed with `--all`, which crosses
/// pages (shown on the devices, which the fake pages); a value outside an enum
/// refused before anything is sent.
#[tokio::test]
async fn access_codes_on_a_device() {
    let fake = FakeSeam::start().await;
    let devices = run(&fake, &["devices", "list"]).await.expect_code(0).json();
    let device_id = text(&devices[0], "device_id").to_owned();
    let created = [("Front door", "1234"), ("Back door", "5678")];
    for (name, code) in created {
        let access_code = run(
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
        .expect_code(0)
        .json();
        assert_eq!(access_code["name"], name);
        assert_eq!(access_code["code"], code);
    }
    // One per page: the fake ignores `limit` on this list and answers with one
    // page (tests/fake_seam.rs checks that), so the devices below cross pages.
    let all = run(
        &fake,
        &[
            "access-codes",
            "list",
            "--device_id",
            &device_id,
            "--limit",
            "1",
            "--all",
        ],
    )
    .await
    .expect_code(0)
    .json();
    let listed: Vec<(&str, &str)> = all
        .as_array()
        .expect("a list")
        .iter()
        .map(|c| (text(c, "name"), text(c, "code")))
        .collect();
    assert_eq!(listed, created);
    let names: Vec<&str> = listed.iter().map(|(name, _)| *name).collect();
    assert_eq!(names, ["Front door", "Back door"]);

    // The fake pages devices: one per page, `--all` follows every cursor to
    // the same devices as one page of them all.
    let device_ids = |list: &Value| -> Vec<String> {
        (list.as_array().expect("a list").iter())
            .map(|d| text(d, "device_id").to_owned())
            .collect()
    };
    let every = device_ids(&devices);
    assert!(every.len() > 1, "{every:?}");
    let first = run(&fake, &["devices", "list", "--limit", "1"]).await;
    assert_eq!(device_ids(&first.expect_code(0).json()), every[..1]);
    assert!(
        first.stderr.contains("more items follow") && first.stderr.contains("--page_cursor "),
        "{}",
        first.stderr
    );
    let paged = run(&fake, &["devices", "list", "--limit", "1", "--all"])
        .await
        .expect_code(0)
        .json();
    assert_eq!(device_ids(&paged), every);

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
