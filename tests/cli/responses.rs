//! What the command line prints and exits with: the unwrapped value, one
//! page or all of them, nothing for a void operation; the API's errors with
//! their code and request id, and transport failures, each with its own exit
//! status; and credentials from the environment or options, never printed.

use serde_json::json;
use wiremock::matchers::{query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

#[tokio::test]
async fn the_value_is_printed_unwrapped_pretty_or_compact() {
    let server = answering_with(ok("acs_credential", credential("c1"))).await;
    let run = seam(
        &server,
        &["acs", "credentials", "get", "--acs_credential_id", "c1"],
    )
    .await;
    run.expect_code(0);
    assert_eq!(run.json(), credential("c1"));
    assert!(
        run.stdout
            .starts_with("{\n  \"acs_credential_id\": \"c1\",\n"),
        "{}",
        run.stdout
    );

    let run = seam(
        &server,
        &[
            "--compact",
            "acs",
            "credentials",
            "get",
            "--acs_credential_id",
            "c1",
        ],
    )
    .await;
    run.expect_code(0);
    assert_eq!(
        run.stdout,
        format!("{}\n", serde_json::to_string(&credential("c1")).unwrap())
    );
    // The option is global: after the operation too.
    let run = seam(
        &server,
        &[
            "acs",
            "credentials",
            "get",
            "--acs_credential_id",
            "c1",
            "--compact",
        ],
    )
    .await;
    run.expect_code(0);
    assert_eq!(
        run.stdout,
        format!("{}\n", serde_json::to_string(&credential("c1")).unwrap())
    );
    assert_eq!(run.stdout.lines().count(), 1);
}

#[tokio::test]
async fn a_void_operation_prints_nothing() {
    let server =
        answering_with(ResponseTemplate::new(200).set_body_json(json!({ "ok": true }))).await;
    let run = seam(
        &server,
        &["acs", "credentials", "delete", "--acs_credential_id", "c1"],
    )
    .await;
    run.expect_code(0);
    assert_eq!(run.stdout, "");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "DELETE");
    assert_eq!(
        sent_param(&request, "acs_credential_id"),
        json!("c1"),
        "{}",
        request.url
    );
    assert!(
        carries_params(&request, &json!({ "acs_credential_id": "c1" })),
        "{}",
        request.url
    );
}

fn page(ids: &[&str], next: Option<&str>) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "ok": true,
        "acs_credentials": ids.iter().map(|id| credential(id)).collect::<Vec<_>>(),
        "pagination": { "next_page_cursor": next, "has_next_page": next.is_some() },
    }))
}

async fn three_pages() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(query_param_is_missing("page_cursor"))
        .respond_with(page(&["c1", "c2"], Some("p2")))
        .mount(&server)
        .await;
    Mock::given(query_param("page_cursor", "p2"))
        .respond_with(page(&["c3", "c4"], Some("p3")))
        .mount(&server)
        .await;
    Mock::given(query_param("page_cursor", "p3"))
        .respond_with(page(&["c5"], None))
        .mount(&server)
        .await;
    server
}

fn ids(run: &Run) -> Vec<String> {
    let items = run.json();
    let items = items.as_array().expect("a list");
    items
        .iter()
        .map(|item| {
            item["acs_credential_id"]
                .as_str()
                .expect("an id")
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn a_list_prints_one_page_and_says_how_to_get_the_next() {
    let server = three_pages().await;
    let run = seam(&server, &["acs", "credentials", "list", "--limit", "2"]).await;
    run.expect_code(0);
    assert_eq!(ids(&run), ["c1", "c2"]);
    assert!(run.stderr.contains("--all"), "{}", run.stderr);
    assert!(run.stderr.contains("--page_cursor p2"), "{}", run.stderr);

    let run = seam(
        &server,
        &[
            "acs",
            "credentials",
            "list",
            "--limit",
            "2",
            "--page_cursor",
            "p3",
        ],
    )
    .await;
    run.expect_code(0);
    assert_eq!(ids(&run), ["c5"]);
    assert_eq!(run.stderr, "", "no note after the last page");
}

#[tokio::test]
async fn all_follows_every_page() {
    let server = three_pages().await;
    let run = seam(
        &server,
        &["acs", "credentials", "list", "--limit", "2", "--all"],
    )
    .await;
    run.expect_code(0);
    assert_eq!(ids(&run), ["c1", "c2", "c3", "c4", "c5"]);
    assert_eq!(request_count(&server).await, 3);
    for request in &requests(&server).await {
        assert_eq!(sent_param(request, "limit"), json!("2"), "{}", request.url);
    }
}

#[tokio::test]
async fn an_api_error_says_its_code_message_and_request_id() {
    let server = answering_with(error(
        404,
        json!({ "type": "acs_credential_not_found", "message": "Could not find an acs_credential" }),
    ))
    .await;
    let run = seam(
        &server,
        &["acs", "credentials", "get", "--acs_credential_id", "c1"],
    )
    .await;
    run.expect_code(3).expect_no_secret();
    assert_eq!(run.stdout, "");
    for text in [
        "acs_credential_not_found",
        "Could not find an acs_credential",
        REQUEST_ID,
        "404",
    ] {
        assert!(run.stderr.contains(text), "{text} in:\n{}", run.stderr);
    }
    assert!(
        run.stderr.contains(&format!("  request id: {REQUEST_ID}")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("  code: acs_credential_not_found"),
        "{}",
        run.stderr
    );
}

#[tokio::test]
async fn invalid_input_and_refused_credentials_are_api_errors() {
    let server = answering_with(error(
        400,
        json!({
            "type": "invalid_input",
            "message": "Invalid input",
            "validation_errors": { "acs_user_id": { "_errors": ["Required"] } }
        }),
    ))
    .await;
    let run = seam(
        &server,
        &["acs", "credentials", "create", "--access_method", "code"],
    )
    .await;
    run.expect_code(3).expect_no_secret();
    assert!(run.stderr.contains("acs_user_id"), "{}", run.stderr);

    let server = answering_with(error(
        401,
        json!({ "type": "unauthorized", "message": "Unauthorized" }),
    ))
    .await;
    let run = seam(
        &server,
        &["acs", "credentials", "get", "--acs_credential_id", "c1"],
    )
    .await;
    run.expect_code(3).expect_no_secret();
    assert!(
        run.stderr.contains("refused the credentials"),
        "{}",
        run.stderr
    );
}

#[tokio::test]
async fn no_usable_answer_is_a_transport_error() {
    // A port nothing listens on: bound, then closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let endpoint = format!("http://127.0.0.1:{port}");
    let run = sh(
        "seam acs credentials get --acs_credential_id c1",
        &[("SEAM_API_KEY", API_KEY), ("SEAM_ENDPOINT", &endpoint)],
    )
    .await;
    run.expect_code(4).expect_no_secret();
    assert!(
        run.stderr.starts_with("error: acs.credentials.get"),
        "{}",
        run.stderr
    );

    // A success that is not the API's JSON: said to be JSON, it does not
    // decode; of another media type (a proxy's page), it is not parsed.
    let server = answering_with(
        ResponseTemplate::new(200).set_body_raw("<html>proxy</html>", "application/json"),
    )
    .await;
    let run = seam(
        &server,
        &["acs", "credentials", "get", "--acs_credential_id", "c1"],
    )
    .await;
    run.expect_code(4).expect_no_secret();
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .starts_with("error: acs.credentials.get: could not decode the response"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("<html>proxy</html>"), "{}", run.stderr);
    let server =
        answering_with(ResponseTemplate::new(200).set_body_raw("<html>proxy</html>", "text/html"))
            .await;
    let run = seam(
        &server,
        &["acs", "credentials", "get", "--acs_credential_id", "c1"],
    )
    .await;
    run.expect_code(4).expect_no_secret();
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.starts_with(
            "error: acs.credentials.get: the response (200) is `text/html`, which this client does not decode for it (body starts: \"<html>proxy</html>\")"
        ),
        "{}",
        run.stderr
    );
}

#[tokio::test]
async fn credentials_come_from_the_environment_or_options() {
    let server = answering_with(ok("acs_credential", credential("c1"))).await;
    let endpoint = server.uri();
    let get = "seam acs credentials get --acs_credential_id c1";

    // A personal access token and a workspace, from the environment.
    let env = [
        ("SEAM_PERSONAL_ACCESS_TOKEN", PAT),
        ("SEAM_WORKSPACE_ID", WORKSPACE_ID),
        ("SEAM_ENDPOINT", endpoint.as_str()),
    ];
    sh(get, &env).await.expect_code(0).expect_no_secret();
    // The same as options, over an API key in the environment: a decoy, not
    // printed either.
    let options = format!(
        "{get} --personal-access-token {PAT} --workspace-id {WORKSPACE_ID} --endpoint {endpoint}"
    );
    sh(&options, &[("SEAM_API_KEY", DECOY_KEY)])
        .await
        .expect_code(0)
        .expect_no_secret()
        .expect_none_of(&[DECOY_KEY]);
    assert_eq!(request_count(&server).await, 2);
    for request in &requests(&server).await {
        assert_eq!(
            header(request, "authorization"),
            Some(format!("Bearer {PAT}").as_str())
        );
        assert_eq!(header(request, "seam-workspace"), Some(WORKSPACE_ID));
    }
}

#[tokio::test]
async fn missing_or_wrong_credentials_are_usage_errors_that_show_no_secret() {
    let server = answering_with(ok("acs_credential", credential("c1"))).await;
    let endpoint = server.uri();
    let get = "seam acs credentials get --acs_credential_id c1";
    // Said by the client's options check, not by clap (whose errors exit with 2 too).
    let invalid_options = "error: invalid Seam client options: ";

    let run = sh(get, &[("SEAM_ENDPOINT", &endpoint)]).await;
    run.expect_code(2).expect_no_secret();
    assert!(run.stderr.contains("SEAM_API_KEY"), "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with(&format!("{invalid_options}no credentials")),
        "{}",
        run.stderr
    );
    // A token without its workspace.
    let run = sh(
        get,
        &[
            ("SEAM_PERSONAL_ACCESS_TOKEN", PAT),
            ("SEAM_ENDPOINT", &endpoint),
        ],
    )
    .await;
    run.expect_code(2).expect_no_secret();
    assert!(
        run.stderr.starts_with(&format!(
            "{invalid_options}a personal access token needs a workspace id"
        )),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("SEAM_WORKSPACE_ID"), "{}", run.stderr);
    // A personal access token given as an API key.
    let run = sh(
        &format!("{get} --api-key {PAT}"),
        &[("SEAM_ENDPOINT", &endpoint)],
    )
    .await;
    run.expect_code(2).expect_no_secret();
    assert!(
        run.stderr.starts_with(&format!(
            "{invalid_options}the value given as an API key is a personal access token"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("SEAM_PERSONAL_ACCESS_TOKEN"),
        "{}",
        run.stderr
    );
    assert_eq!(request_count(&server).await, 0);
}

#[tokio::test]
async fn a_listing_cut_short_prints_what_it_fetched_then_the_error() {
    let server = MockServer::start().await;
    Mock::given(query_param_is_missing("page_cursor"))
        .respond_with(page(&["c1", "c2"], Some("p2")))
        .mount(&server)
        .await;
    Mock::given(query_param("page_cursor", "p2"))
        .respond_with(error(
            404,
            json!({ "type": "not_found", "message": "Gone" }),
        ))
        .mount(&server)
        .await;
    let run = seam(&server, &["acs", "credentials", "list", "--all"]).await;
    run.expect_code(3);
    assert_eq!(ids(&run), ["c1", "c2"]);
    assert!(run.stderr.contains("stopped early"), "{}", run.stderr);
    assert!(run.stderr.contains("code: not_found"), "{}", run.stderr);
}

#[tokio::test]
async fn a_negative_number_is_a_value() {
    let server = answering_with(page(&[], None)).await;
    let run = seam(&server, &["acs", "credentials", "list", "--limit", "-5"]).await;
    run.expect_code(0);
    let request = only_request(&server).await;
    assert_eq!(
        sent_param(&request, "limit"),
        json!("-5"),
        "{}",
        request.url
    );
}
