//! What the command line sends: the seed page's own command, every form a
//! flag's value may take, and usage errors, which send nothing.

use serde_json::{json, Value};

use crate::support::*;

/// `seeds/000_80d900f19b3ca894.txt`, the "Seam CLI" request, verbatim: the
/// list is unquoted, so `sh` passes `[5555...,5555...]`.
const SEED_COMMAND: &str = r#"seam acs credentials create --acs_user_id "33333333-3333-3333-3333-333333333333" --access_method "mobile_key" --allowed_acs_entrance_ids ["55555555-5555-5555-5555-555555555555","55555555-5555-5555-5555-000000000000"] --credential_manager_acs_system_id "88888888-8888-8888-8888-888888888888" --is_multi_phone_sync_credential true --starts_at "2024-03-01T10:40:00Z" --ends_at "2024-03-04T10:40:00Z""#;

/// The same page's JavaScript request: the body every SDK sends.
fn seed_body() -> Value {
    json!({
        "acs_user_id": "33333333-3333-3333-3333-333333333333",
        "access_method": "mobile_key",
        "allowed_acs_entrance_ids": [
            "55555555-5555-5555-5555-555555555555",
            "55555555-5555-5555-5555-000000000000",
        ],
        "credential_manager_acs_system_id": "88888888-8888-8888-8888-888888888888",
        "is_multi_phone_sync_credential": true,
        "starts_at": "2024-03-01T10:40:00Z",
        "ends_at": "2024-03-04T10:40:00Z",
    })
}

#[tokio::test]
async fn the_seed_command_sends_the_seed_body_and_prints_the_credential() {
    let response: Value = serde_json::from_str(CREATE_RESPONSE_CLI).expect("the page's JSON");
    let server = answering_with(ok("acs_credential", response.clone())).await;
    let endpoint = server.uri();
    let run = sh(
        SEED_COMMAND,
        &[("SEAM_API_KEY", API_KEY), ("SEAM_ENDPOINT", &endpoint)],
    )
    .await;
    run.expect_code(0).expect_no_secret();

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/acs/credentials/create");
    assert_eq!(
        header(&request, "authorization"),
        Some(format!("Bearer {API_KEY}").as_str())
    );
    assert_eq!(body(&request), seed_body());

    // Printed as the page prints it: pretty, in the order the API sent.
    let pretty = serde_json::to_string_pretty(&response).expect("JSON") + "\n";
    assert_eq!(run.stdout, pretty);
    assert_eq!(run.stderr, "");
}

/// The body of one create call with `flags` besides the required access method.
async fn create_body(flags: &str) -> Value {
    let server = answering_with(ok("acs_credential", credential("c1"))).await;
    let line = format!("seam acs credentials create --access_method code {flags}");
    let endpoint = server.uri();
    sh(
        &line,
        &[("SEAM_API_KEY", API_KEY), ("SEAM_ENDPOINT", &endpoint)],
    )
    .await
    .expect_code(0);
    body(&only_request(&server).await)
}

#[tokio::test]
async fn a_list_flag_takes_json_bracketed_and_repeated_values() {
    let body = create_body(
        r#"--allowed_acs_entrance_ids a --allowed_acs_entrance_ids '["b","c"]' --allowed_acs_entrance_ids '[d, "e"]'"#,
    )
    .await;
    assert_eq!(
        body["allowed_acs_entrance_ids"],
        json!(["a", "b", "c", "d", "e"])
    );
    let body = create_body("--allowed_acs_entrance_ids []").await;
    assert_eq!(body["allowed_acs_entrance_ids"], json!([]));
}

#[tokio::test]
async fn booleans_dates_and_spellings() {
    let body = create_body("--is_multi_phone_sync_credential").await;
    assert_eq!(body["is_multi_phone_sync_credential"], json!(true));
    let body = create_body("--is_multi_phone_sync_credential false").await;
    assert_eq!(body["is_multi_phone_sync_credential"], json!(false));
    // The flags' `-` spelling works too; a date keeps its instant.
    let body = create_body("--acs-user-id u1 --starts-at 2024-03-01T11:40:00+01:00").await;
    assert_eq!(body["acs_user_id"], json!("u1"));
    assert_eq!(body["starts_at"], json!("2024-03-01T10:40:00Z"));
}

#[tokio::test]
async fn an_object_flag_takes_json_in_the_api_s_shape() {
    let body = create_body(
        r#"--visionline_metadata '{"card_format":"TLCode","override":true,"joiner_acs_credential_ids":["j1"]}'"#,
    )
    .await;
    assert_eq!(
        body["visionline_metadata"],
        json!({ "card_format": "TLCode", "override": true, "joiner_acs_credential_ids": ["j1"] })
    );
}

/// Runs `flags` after `seam acs credentials <command>`: a usage error, which
/// exits with 2 and sends nothing.
async fn usage_error(command: &str) -> Run {
    let server = answering_with(ok("acs_credential", credential("c1"))).await;
    let args: Vec<&str> = command.split(' ').collect();
    let mut all = vec!["acs", "credentials"];
    all.extend(args);
    let run = seam(&server, &all).await;
    run.expect_code(2).expect_no_secret();
    assert_eq!(
        request_count(&server).await,
        0,
        "a usage error sends nothing"
    );
    assert_eq!(run.stdout, "");
    run
}

#[tokio::test]
async fn a_value_outside_the_enum_is_refused_with_the_values() {
    let run = usage_error("create --access_method mobile_kye").await;
    assert!(
        run.stderr
            .contains("invalid value 'mobile_kye' for '--access_method <ACCESS_METHOD>'"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("[possible values: code, card, mobile_key]"),
        "{}",
        run.stderr
    );
}

#[tokio::test]
async fn a_missing_required_flag_is_named() {
    let run = usage_error("get").await;
    assert!(
        run.stderr
            .contains("the following required arguments were not provided"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("--acs_credential_id <ACS_CREDENTIAL_ID>"),
        "{}",
        run.stderr
    );
}

#[tokio::test]
async fn values_of_the_wrong_type_are_refused() {
    let run = usage_error("create --access_method code --starts_at 2024-13-01").await;
    assert!(
        run.stderr.contains("expected an RFC 3339 date and time"),
        "{}",
        run.stderr
    );
    let run = usage_error("create --access_method code --is_multi_phone_sync_credential yes").await;
    assert!(
        run.stderr.contains("[possible values: true, false]"),
        "{}",
        run.stderr
    );
    let run = usage_error("list --limit many").await;
    assert!(run.stderr.contains("expected a number"), "{}", run.stderr);
    let run = usage_error("create --access_method code --visionline_metadata {").await;
    assert!(run.stderr.contains("not valid JSON"), "{}", run.stderr);
    let run = usage_error("create --access_method code --no_such_flag 1").await;
    assert!(
        run.stderr.contains("unexpected argument '--no_such_flag'"),
        "{}",
        run.stderr
    );
}

#[tokio::test]
async fn an_object_of_the_wrong_shape_is_refused_with_the_field() {
    let run =
        usage_error(r#"create --access_method code --visionline_metadata {"override":"yes"}"#)
            .await;
    assert!(
        run.stderr
            .contains("--visionline_metadata: at override: invalid type"),
        "{}",
        run.stderr
    );
    // A misspelt field would be dropped without a word: it is refused.
    let run =
        usage_error(r#"create --access_method code --visionline_metadata {"overide":true}"#).await;
    assert!(
        run.stderr
            .contains("--visionline_metadata: unknown field overide"),
        "{}",
        run.stderr
    );
}
