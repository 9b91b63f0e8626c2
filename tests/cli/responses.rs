//! What the command line prints and exits with: the unwrapped value, one
//! page or all of them, nothing for a void operation; the API's errors with
//! their code and request id, and transport failures, each with its own exit
//! status; and credentials from the environment or options, never printed.

use serde_json::{json, Value};
use wiremock::matchers::{any, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

#[tokio::test]
async fn the_value_is_printed_unwrapped_pretty_or_compact() {
    let server = answering(ok("acs_credential", credential("c1"))).await;
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
    assert_eq!(run.stdout.lines().count(), 1);
}

#[tokio::test]
async fn a_void_operation_prints_nothing() {
    let server = answering(ResponseTemplate::new(200).set_body_json(json!({ "ok": true }))).await;
    let run = seam(
        &server,
        &["acs", "credentials", "delete", "--acs_credential_id", "c1"],
    )
    .await;
    run.expect_code(0);
    assert_eq!(run.stdout, "");
    let request = &requests(&server).await[0];
    assert_eq!(request.method.as_str(), "DELETE");
    assert!(
        request
            .url
            .query()
            .unwrap_or_default()
            .contains("acs_credential_id=c1"),
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
    let requests = requests(&server).await;
    assert_eq!(requests.len(), 3);
    for request in &requests {
        assert!(
            request.url.query().unwrap_or_default().contains("limit=2"),
            "{}",
            request.url
        );
    }
}

fn error(status: u16, error: Value) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("seam-request-id", REQUEST_ID)
        .set_body_json(json!({ "ok": false, "error": error }))
}

#[tokio::test]
async fn an_api_error_says_its_code_message_and_request_id() {
    let server = answering(error(
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
    let server = answering(error(
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

    let server = answering(error(
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

    // A success that is not the API's JSON.
    let server = answering(ResponseTemplate::new(200).set_body_string("<html>proxy</html>")).await;
    let run = seam(
        &server,
        &["acs", "credentials", "get", "--acs_credential_id", "c1"],
    )
    .await;
    run.expect_code(4).expect_no_secret();
}

#[tokio::test]
async fn credentials_come_from_the_environment_or_options() {
    let server = answering(ok("acs_credential", credential("c1"))).await;
    let endpoint = server.uri();
    let get = "seam acs credentials get --acs_credential_id c1";

    // A personal access token and a workspace, from the environment.
    let env = [
        ("SEAM_PERSONAL_ACCESS_TOKEN", PAT),
        ("SEAM_WORKSPACE_ID", WORKSPACE_ID),
        ("SEAM_ENDPOINT", endpoint.as_str()),
    ];
    sh(get, &env).await.expect_code(0);
    // The same as options, over an API key in the environment.
    let options = format!(
        "{get} --personal-access-token {PAT} --workspace-id {WORKSPACE_ID} --endpoint {endpoint}"
    );
    sh(&options, &[("SEAM_API_KEY", "seam_otherkey_ENVKEY")])
        .await
        .expect_code(0);
    let requests = requests(&server).await;
    assert_eq!(requests.len(), 2);
    for request in &requests {
        let header = |name: &str| {
            request
                .headers
                .get(name)
                .map(|v| v.to_str().unwrap().to_owned())
        };
        assert_eq!(header("authorization"), Some(format!("Bearer {PAT}")));
        assert_eq!(header("seam-workspace").as_deref(), Some(WORKSPACE_ID));
    }
}

#[tokio::test]
async fn missing_or_wrong_credentials_are_usage_errors_that_show_no_secret() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ok("acs_credential", credential("c1")))
        .mount(&server)
        .await;
    let endpoint = server.uri();
    let get = "seam acs credentials get --acs_credential_id c1";

    let run = sh(get, &[("SEAM_ENDPOINT", &endpoint)]).await;
    run.expect_code(2);
    assert!(run.stderr.contains("SEAM_API_KEY"), "{}", run.stderr);
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
    // A personal access token given as an API key.
    let run = sh(
        &format!("{get} --api-key {PAT}"),
        &[("SEAM_ENDPOINT", &endpoint)],
    )
    .await;
    run.expect_code(2).expect_no_secret();
    assert_eq!(requests(&server).await.len(), 0);
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
    let server = answering(page(&[], None)).await;
    let run = seam(&server, &["acs", "credentials", "list", "--limit", "-5"]).await;
    run.expect_code(0);
    let query = requests(&server).await[0]
        .url
        .query()
        .unwrap_or_default()
        .to_owned();
    assert!(query.contains("limit=-5"), "{query}");
}
