//! A stream of server-sent events on a generic API's command line
//! (tests/generic-client's `pets feed`): one JSON line per event, printed as
//! each arrives, and a stream that fails after some events keeps them printed.

use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

const TOKEN: &str = "pet-cli-token-0123456789";

async fn feed(body: &str) -> Run {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets/p1/feed"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(body.as_bytes().to_vec(), "text/event-stream"),
        )
        .mount(&server)
        .await;
    let mut command = tokio::process::Command::new(generic_binary());
    command.args(["pets", "feed", "--petName", "p1"]);
    let endpoint = server.uri();
    let run = run_isolated(
        command,
        "PET_STORE_",
        &[
            ("PET_STORE_TOKEN", TOKEN),
            ("PET_STORE_ENDPOINT", &endpoint),
        ],
    )
    .await;
    run.expect_none_of(&[TOKEN]);
    run
}

fn lines(stdout: &str) -> Vec<Value> {
    (stdout.lines())
        .map(|line| serde_json::from_str(line).expect("one JSON value per line"))
        .collect()
}

#[tokio::test]
async fn each_event_is_one_json_line() {
    let run = feed(concat!(
        "event: update\nid: 7\ndata: {\"kind\":\"fed\",\"pet\":{\"id\":\"p1\",\"name\":\"Rex\"}}\n\n",
        ": a comment, not an event\n\n",
        "data: {\"kind\":\"walked\",\"pet\":{\"id\":\"p1\",\"name\":\"Rex\"}}\n\n",
    ))
    .await;
    run.expect_code(0);
    assert_eq!(
        lines(&run.stdout),
        [
            json!({"event": "update", "id": "7", "data": {"kind": "fed", "pet": {"id": "p1", "name": "Rex"}}}),
            json!({"event": null, "id": null, "data": {"kind": "walked", "pet": {"id": "p1", "name": "Rex"}}}),
        ]
    );
}

#[tokio::test]
async fn events_before_a_bad_one_stay_printed() {
    let run = feed(concat!(
        "data: {\"kind\":\"fed\",\"pet\":{\"id\":\"p1\",\"name\":\"Rex\"}}\n\n",
        "data: {\"kind\": 3}\n\n",
    ))
    .await;
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert_eq!(lines(&run.stdout).len(), 1);
    assert!(run.stderr.contains("data"), "{}", run.stderr);
}
