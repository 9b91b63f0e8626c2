//! A generic API's listing on the command line (tests/generic-client's
//! `pets list`, which pages after its last item's id): one page with a note
//! naming the flag and cursor of the next, or every page with `--all`.

use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

const TOKEN: &str = "pet-cli-token-0123456789";

fn page(ids: &[u32], has_more: bool) -> ResponseTemplate {
    let data: Vec<Value> = (ids.iter())
        .map(|n| json!({"id": format!("p{n}"), "name": format!("Pet {n}")}))
        .collect();
    ResponseTemplate::new(200).set_body_json(
        json!({"object": "list", "data": data, "has_more": has_more, "url": "/pets"}),
    )
}

/// `GET /pets`: p1-p2, then after p2, p3.
async fn two_pages() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets"))
        .and(query_param_is_missing("starting_after"))
        .respond_with(page(&[1, 2], true))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/pets"))
        .and(query_param("starting_after", "p2"))
        .respond_with(page(&[3], false))
        .mount(&server)
        .await;
    server
}

async fn pets(server: &MockServer, args: &[&str]) -> Run {
    let mut command = tokio::process::Command::new(generic_binary());
    command.args(["pets", "list"]).args(args);
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

fn ids(stdout: &str) -> Vec<String> {
    let items: Vec<Value> = serde_json::from_str(stdout).expect("a JSON list");
    (items.iter())
        .map(|item| item["id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn one_page_names_the_cursor_of_the_next() {
    let server = two_pages().await;
    let run = pets(&server, &[]).await;
    run.expect_code(0);
    assert_eq!(ids(&run.stdout), ["p1", "p2"]);
    assert!(run.stderr.contains("--starting_after p2"), "{}", run.stderr);
    let run = pets(&server, &["--starting-after", "p2"]).await;
    run.expect_code(0);
    assert_eq!(ids(&run.stdout), ["p3"]);
    assert!(!run.stderr.contains("more items follow"), "{}", run.stderr);
}

#[tokio::test]
async fn all_follows_every_page() {
    let server = two_pages().await;
    let run = pets(&server, &["--all"]).await;
    run.expect_code(0);
    assert_eq!(ids(&run.stdout), ["p1", "p2", "p3"]);
}
