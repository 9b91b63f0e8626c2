//! The blocking client (`seam::blocking::Seam`) where it differs from the
//! async one: called by a program with no runtime of its own, shared by
//! threads, dropped anywhere, refused inside async code. What both clients
//! must do alike runs through each in the other modules' cases (`FLAVORS`):
//! retries, timeouts, connection failures, the errors of `errors::op_error`,
//! the size limit, redaction, items that do not decode; and here, every
//! operation's request on the wire.

use std::time::{Duration, Instant};

use seam::{blocking, Seam};
use serde_json::Value;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::support::*;

/// A mock API answering every operation, on a runtime of its own: the test's
/// thread has none, as a program that uses the blocking client has none.
struct Api {
    server: MockServer,
    runtime: tokio::runtime::Runtime,
}

impl Api {
    fn start() -> Self {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let server = runtime.block_on(async {
            let server = MockServer::start().await;
            for op in Op::ALL {
                Mock::given(path(op.path()))
                    .respond_with(ResponseTemplate::new(200).set_body_json(op.ok_body()))
                    .mount(&server)
                    .await;
            }
            server
        });
        Api { server, runtime }
    }

    fn requests(&self) -> Vec<Request> {
        self.runtime
            .block_on(self.server.received_requests())
            .unwrap()
    }

    fn blocking_client(&self) -> blocking::Seam {
        blocking::Seam::builder()
            .ignore_env()
            .endpoint(self.server.uri())
            .api_key(API_KEY)
            .build()
            .unwrap()
    }
}

/// What a request carried: method, path and query, headers in order, body.
fn wire(request: &Request) -> (String, String, Vec<(String, String)>, Vec<u8>) {
    let headers = request
        .headers
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_str().unwrap().to_owned()))
        .collect();
    let url = format!(
        "{}?{}",
        request.url.path(),
        request.url.query().unwrap_or("")
    );
    (
        request.method.to_string(),
        url,
        headers,
        request.body.clone(),
    )
}

#[test]
fn a_program_without_a_runtime_sends_every_operation_as_the_async_client_does() {
    let api = Api::start();
    let seam = api.blocking_client();
    for op in Op::ALL {
        op.call_blocking(&seam, Opts::default())
            .unwrap_or_else(|e| panic!("{op:?}: {e}"));
    }
    let blocking_requests = api.requests();

    let async_seam = Seam::builder()
        .ignore_env()
        .endpoint(api.server.uri())
        .api_key(API_KEY)
        .build()
        .unwrap();
    for op in Op::ALL {
        api.runtime
            .block_on(op.call(&async_seam, Opts::default()))
            .unwrap();
    }
    let async_requests = api.requests()[Op::ALL.len()..].to_vec();

    assert_eq!(blocking_requests.len(), Op::ALL.len());
    for ((op, sent), expected) in Op::ALL
        .into_iter()
        .zip(&blocking_requests)
        .zip(&async_requests)
    {
        assert_eq!(sent.url.path(), op.path());
        assert_eq!(wire(sent), wire(expected), "{op:?}");
    }
}

#[test]
fn values_responses_and_other_types_come_back_as_from_the_async_client() {
    let api = Api::start();
    let seam = api.blocking_client();
    let credentials = seam.acs().credentials();

    let credential = credentials.get(CREDENTIAL_ID).send().unwrap();
    assert_eq!(credential.acs_credential_id, CREDENTIAL_ID);

    let response = credentials.get(CREDENTIAL_ID).send_with_response().unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.body().acs_credential_id, CREDENTIAL_ID);

    let raw: Value = credentials.get(CREDENTIAL_ID).send_as().unwrap();
    assert_eq!(raw["acs_credential_id"], CREDENTIAL_ID);

    let page = credentials.list().first_page().unwrap();
    assert_eq!(page.items.len(), 2);
    assert_eq!(api.requests().len(), 4);
}

#[test]
fn clones_serve_several_threads_at_once() {
    let api = Api::start();
    // Each answer takes 300 ms: eight calls one after another would take 2.4 s.
    api.runtime.block_on(async {
        Mock::given(path(Op::Get.path()))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(Op::Get.ok_body())
                    .set_delay(Duration::from_millis(300)),
            )
            .with_priority(1)
            .mount(&api.server)
            .await;
    });
    let seam = api.blocking_client();
    let started = Instant::now();
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let seam = seam.clone();
            std::thread::spawn(move || Op::Get.call_blocking(&seam, Opts::default()))
        })
        .collect();
    for thread in threads {
        thread.join().unwrap().unwrap();
    }
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_millis(1500), "{elapsed:?}");
    assert_eq!(api.requests().len(), 8);
}

#[test]
fn its_debug_output_names_the_credentials_and_shows_none() {
    let api = Api::start();
    let seam = api.blocking_client();
    let shown = format!("{seam:?} {seam:#?}");
    assert!(shown.starts_with("blocking(Seam {"), "{shown}");
    assert!(shown.contains("an API key"), "{shown}");
    assert_no_token(&shown);
    let builder = format!("{:?}", blocking::Seam::builder().api_key(API_KEY));
    assert_no_token(&builder);
}

#[test]
fn its_builder_refuses_what_the_async_builder_refuses() {
    let err = blocking::Seam::builder()
        .ignore_env()
        .api_key(PAT)
        .build()
        .unwrap_err();
    let async_err = Seam::builder()
        .ignore_env()
        .api_key(PAT)
        .build()
        .unwrap_err();
    assert_eq!(err.to_string(), async_err.to_string());
    assert_error_has_no_token(&err);
}

#[tokio::test]
async fn it_may_be_built_used_and_dropped_around_async_code() {
    let server = MockServer::start().await;
    Mock::given(path(Op::Get.path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(Op::Get.ok_body()))
        .mount(&server)
        .await;
    let AnyClient::Blocking(seam) = Flavor::Blocking.client(&server, Setup::default()) else {
        unreachable!()
    };
    // Used on a thread of the blocking pool, then handed back with its
    // connection open and dropped on the runtime's own thread.
    let seam = tokio::task::spawn_blocking(move || {
        Op::Get.call_blocking(&seam, Opts::default()).unwrap();
        seam
    })
    .await
    .unwrap();
    drop(seam);
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
#[should_panic(expected = "Cannot start a runtime from within a runtime")]
async fn calling_it_inside_async_code_panics_as_documented() {
    let server = MockServer::start().await;
    let AnyClient::Blocking(seam) = Flavor::Blocking.client(&server, Setup::default()) else {
        unreachable!()
    };
    let _ = Op::Get.call_blocking(&seam, Opts::default());
}
