//! OAuth 2 client credentials on a generic API's command line
//! (tests/generic-client's `oauth` scheme): given as `--oauth-client-credentials
//! ID:SECRET` or from the two environment variables, exchanged for a token the
//! call is sent with, and never printed.

use serde_json::json;
use wiremock::matchers::{body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

const SECRET: &str = "SECRETSECRET-oauth-cli";

/// A token endpoint that takes `cli-id` and [`SECRET`], and `GET /pets/inventory`
/// that takes its token.
async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        // `cli-id:SECRETSECRET-oauth-cli` in Basic.
        .and(header(
            "authorization",
            "Basic Y2xpLWlkOlNFQ1JFVFNFQ1JFVC1vYXV0aC1jbGk=",
        ))
        .and(body_string_contains("grant_type=client_credentials"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "cli-token-SECRETSECRET", "token_type": "Bearer", "expires_in": 600
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/pets/inventory"))
        .and(header("authorization", "Bearer cli-token-SECRETSECRET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"cats": 4})))
        .mount(&server)
        .await;
    server
}

async fn inventory(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = tokio::process::Command::new(generic_binary());
    command.args(["pets", "inventory"]).args(args);
    let run = run_isolated(command, "PET_STORE_", env).await;
    run.expect_none_of(&[SECRET, "cli-token-SECRETSECRET"]);
    run
}

#[tokio::test]
async fn the_id_and_secret_from_the_option_get_the_token() {
    let server = server().await;
    let endpoint = server.uri();
    let run = inventory(
        &["--oauth-client-credentials", &format!("cli-id:{SECRET}")],
        &[("PET_STORE_ENDPOINT", &endpoint)],
    )
    .await;
    run.expect_code(0);
    assert_eq!(run.json(), json!({"cats": 4}));
}

#[tokio::test]
async fn the_id_and_secret_from_the_environment_get_the_token() {
    let server = server().await;
    let endpoint = server.uri();
    let run = inventory(
        &[],
        &[
            ("PET_STORE_ENDPOINT", &endpoint),
            ("PET_STORE_OAUTH_CLIENT_ID", "cli-id"),
            ("PET_STORE_OAUTH_CLIENT_SECRET", SECRET),
        ],
    )
    .await;
    run.expect_code(0);
    assert_eq!(run.json(), json!({"cats": 4}));
}

#[tokio::test]
async fn a_refused_secret_is_an_api_error_that_does_not_print_it() {
    let server = server().await;
    let endpoint = server.uri();
    let run = inventory(
        &["--oauth-client-credentials", "cli-id:wrong-SECRETSECRET"],
        &[("PET_STORE_ENDPOINT", &endpoint)],
    )
    .await;
    // wiremock answers 404 to a request no mock takes: the endpoint refused.
    run.expect_code(3).expect_none_of(&["wrong-SECRETSECRET"]);
    assert!(run.stderr.contains("no access token"), "{}", run.stderr);
}
