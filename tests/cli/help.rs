//! `--help` of one resource and one operation, pinned; shell completions.

use crate::support::*;

/// `seam` with `args`, outside any server: help and completions need none.
async fn offline(args: &str) -> Run {
    sh(&format!("seam {args}"), &[]).await
}

#[tokio::test]
async fn help_of_a_resource() {
    let run = offline("acs credentials --help").await;
    run.expect_code(0);
    insta::assert_snapshot!(run.stdout);
}

#[tokio::test]
async fn undocumented_operations_need_the_feature() {
    // Built without `undocumented`: neither listed nor runnable.
    let run = offline("acs credentials --help").await;
    assert!(!run.stdout.contains("unmanaged"), "{}", run.stdout);
    assert!(
        !run.stdout.contains("create-offline-code"),
        "{}",
        run.stdout
    );
    let run =
        offline("acs credentials create-offline-code --acs_user_id u --allowed_acs_entrance_id e")
            .await;
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("unrecognized subcommand 'create-offline-code'"),
        "{}",
        run.stderr
    );
}

#[tokio::test]
async fn help_of_an_operation() {
    let run = offline("acs credentials create --help").await;
    run.expect_code(0);
    insta::assert_snapshot!(run.stdout);
}

#[tokio::test]
async fn help_of_the_binary_says_where_credentials_come_from() {
    let run = offline("--help").await;
    run.expect_code(0);
    for text in [
        "SEAM_API_KEY",
        "SEAM_PERSONAL_ACCESS_TOKEN",
        "SEAM_WORKSPACE_ID",
        "SEAM_ENDPOINT",
        "Exit status",
    ] {
        assert!(run.stdout.contains(text), "{text} in:\n{}", run.stdout);
    }
    // Without a subcommand, the help is shown and the usage is wrong.
    let run = offline("").await;
    run.expect_code(2);
    assert!(run.stderr.contains("Usage: seam"), "{}", run.stderr);
    // The help lists the subcommands.
    assert!(run.stderr.contains("Commands:"), "{}", run.stderr);
    assert!(run.stderr.contains("  acs "), "{}", run.stderr);
}

#[tokio::test]
async fn completions_for_bash_zsh_and_fish() {
    for shell in ["bash", "zsh", "fish"] {
        let run = offline(&format!("completions {shell}")).await;
        run.expect_code(0);
        for word in ["credentials", "list-accessible-entrances"] {
            assert!(run.stdout.contains(word), "{shell} completion lacks {word}");
        }
        // clap_complete's fish script names the commands at every level, but
        // completes the flags of the first two levels only.
        if shell != "fish" {
            assert!(
                run.stdout.contains("acs_user_id"),
                "{shell} completion lacks the flags"
            );
        }
    }
    // The bash script is valid bash.
    let script = offline("completions bash").await.stdout;
    let check = sh(&format!("bash -n -c {}", quote(&script)), &[]).await;
    check.expect_code(0);
    let run = offline("completions powershell-7").await;
    run.expect_code(2);
}
