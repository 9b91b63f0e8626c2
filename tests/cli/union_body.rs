//! A request body that is a `oneOf` on the command line (tests/generic-client's
//! `pets adopt`, from tests/fixtures/valid/generic_auth.yaml: a `Pet` or a list
//! of them): one required `--body` flag, sent exactly as given when it is one of
//! the variants, refused with the variants named (exit 2, nothing sent) when not.

use serde_json::json;
use wiremock::ResponseTemplate;

use crate::support::*;

const TOKEN: &str = "pet-cli-token-0123456789";

async fn adopt(server: &wiremock::MockServer, body: &str) -> Run {
    let mut command = tokio::process::Command::new(generic_binary());
    command.args(["pets", "adopt", "--body", body]);
    let endpoint = server.uri();
    let run = run(
        command,
        &[
            ("PET_STORE_TOKEN", TOKEN),
            ("PET_STORE_ENDPOINT", &endpoint),
        ],
    )
    .await;
    run.expect_none_of(&[TOKEN]);
    run
}

#[tokio::test]
async fn a_body_of_one_variant_is_sent_exactly() {
    let adopted = ResponseTemplate::new(201).set_body_json(json!({"id": "p1", "name": "Rex"}));
    for body in [
        r#"{"id":"p1","name":"Rex"}"#,
        r#"[{"id":"p1","name":"Rex"},{"id":"p2","name":"Fido"}]"#,
    ] {
        let server = answering_with(adopted.clone()).await;
        let run = adopt(&server, body).await;
        run.expect_code(0);
        let request = only_request(&server).await;
        assert_eq!(request.url.path(), "/pets/adopt");
        assert_eq!(String::from_utf8_lossy(&request.body), body);
        assert_eq!(
            request
                .headers
                .get("content-type")
                .and_then(|v| v.to_str().ok()),
            Some("application/json")
        );
    }
}

#[tokio::test]
async fn a_body_of_no_variant_is_a_usage_error_naming_them() {
    // `{}` (what setters of merged fields sent), an object without a Pet's
    // required `name`, and a string: none is a Pet or a list.
    for body in ["{}", r#"{"id":"p1"}"#, r#""Rex""#] {
        let server = answering_with(ResponseTemplate::new(201)).await;
        let run = adopt(&server, body).await;
        run.expect_code(2);
        assert_eq!(run.stdout, "");
        assert!(
            run.stderr
                .contains("--body: the value is none of: Pet; a JSON array"),
            "{body}: {}",
            run.stderr
        );
        assert_eq!(request_count(&server).await, 0, "{body}: nothing is sent");
    }
    // The flag is required.
    let server = answering_with(ResponseTemplate::new(201)).await;
    let mut command = tokio::process::Command::new(generic_binary());
    command.args(["pets", "adopt"]);
    let run = run(
        command,
        &[
            ("PET_STORE_TOKEN", TOKEN),
            ("PET_STORE_ENDPOINT", &server.uri()),
        ],
    )
    .await;
    run.expect_code(2);
    assert!(run.stderr.contains("--body"), "{}", run.stderr);
}
