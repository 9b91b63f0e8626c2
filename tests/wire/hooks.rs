//! Hooks (`builder().hook(..)`): a request signed by the caller's code as it
//! leaves, every attempt's outcome seen (retries and timeouts included), a
//! refusal that stops the call before anything is sent, the order of several
//! hooks, and what their `Debug` output hides.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use seam::hooks::{Exchange, Hook, OutgoingRequest};
use seam::Error;
use serde_json::json;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

/// Signs each request: a header computed from the method, the path and the
/// body (a stand-in for an HMAC), and the attempt it was made for.
struct Signer;

fn signature(method: &str, url: &str, body: &[u8]) -> String {
    let path = url.split_once("//").map_or(url, |(_, rest)| {
        rest.find('/').map_or("/", |slash| &rest[slash..])
    });
    let sum: u64 = body.iter().map(|&b| u64::from(b)).sum();
    format!("{method} {path} {}:{sum}", body.len())
}

impl Hook for Signer {
    fn before_request(&self, request: &mut OutgoingRequest<'_>) -> Result<(), String> {
        let signed = signature(
            request.method().as_str(),
            request.url(),
            request.body().unwrap_or_default(),
        );
        let attempt = request.attempt().to_string();
        let headers = request.headers_mut();
        headers.insert("x-signature", signed.parse().map_err(|_| "bad signature")?);
        headers.insert("x-attempt", attempt.parse().map_err(|_| "bad attempt")?);
        Ok(())
    }
}

/// Records what each hook call saw: `before <operation> <attempt>` and
/// `after <operation> <attempt> <status or timeout>`.
#[derive(Clone, Default)]
struct Recorder {
    name: &'static str,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Recorder {
    fn named(name: &'static str, seen: &Arc<Mutex<Vec<String>>>) -> Self {
        Recorder {
            name,
            seen: seen.clone(),
        }
    }
}

impl Hook for Recorder {
    fn before_request(&self, request: &mut OutgoingRequest<'_>) -> Result<(), String> {
        let line = format!(
            "{} before {} {}",
            self.name,
            request.operation(),
            request.attempt()
        );
        self.seen.lock().unwrap().push(line);
        Ok(())
    }

    fn after_response(&self, exchange: &Exchange<'_>) {
        let outcome = match exchange.status() {
            Some(status) => status.to_string(),
            None if exchange.timed_out() => "timeout".to_owned(),
            None => "failed".to_owned(),
        };
        let request_id = exchange
            .headers()
            .and_then(|headers| headers.get("seam-request-id"))
            .and_then(|value| value.to_str().ok())
            .map(|id| format!(" {id}"))
            .unwrap_or_default();
        let line = format!(
            "{} after {} {} {outcome}{request_id}",
            self.name,
            exchange.operation(),
            exchange.attempt()
        );
        self.seen.lock().unwrap().push(line);
    }
}

#[tokio::test]
async fn a_hook_signs_each_request_with_its_body_as_sent() {
    let server = MockServer::start().await;
    Mock::given(path(Op::Create.path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(Op::Create.ok_body()))
        .expect(1)
        .mount(&server)
        .await;
    let seam = builder(&server)
        .api_key(Auth::ApiKey.token())
        .hook(Signer)
        .build()
        .unwrap();
    Op::Create.call(&seam, Opts::default()).await.unwrap();
    // The signature covers the bytes that arrived: the hook saw the body as sent.
    let request = only_request(&server).await;
    assert!(!request.body.is_empty());
    assert_eq!(
        crate::mock_seam::header(&request, "x-signature"),
        Some(signature("POST", request.url.as_str(), &request.body).as_str())
    );
    assert_eq!(crate::mock_seam::header(&request, "x-attempt"), Some("1"));
    // The client's own headers are still there, beside the hook's.
    assert!(crate::mock_seam::header(&request, "authorization").is_some());
}

#[tokio::test]
async fn hooks_see_every_attempt_in_the_order_they_were_added() {
    let server = MockServer::start().await;
    Mock::given(path(Op::Get.path()))
        .respond_with(ResponseTemplate::new(503).set_body_json(error_body(
            json!({"type": "unavailable", "message": "later"}),
        )))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path(Op::Get.path()))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("seam-request-id", "req_2")
                .set_body_json(Op::Get.ok_body()),
        )
        .mount(&server)
        .await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let seam = builder(&server)
        .api_key(Auth::ApiKey.token())
        .hook(Recorder::named("first", &seen))
        .hook(Recorder::named("second", &seen))
        .build()
        .unwrap();
    Op::Get.call(&seam, Opts::default()).await.unwrap();
    assert_eq!(
        *seen.lock().unwrap(),
        [
            "first before acs.credentials.get 1",
            "second before acs.credentials.get 1",
            "first after acs.credentials.get 1 503",
            "second after acs.credentials.get 1 503",
            "first before acs.credentials.get 2",
            "second before acs.credentials.get 2",
            "first after acs.credentials.get 2 200 req_2",
            "second after acs.credentials.get 2 200 req_2",
        ]
    );
}

#[tokio::test]
async fn a_hook_sees_a_timeout() {
    let server = MockServer::start().await;
    Mock::given(path(Op::Get.path()))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(Op::Get.ok_body())
                .set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let seam = builder(&server)
        .api_key(Auth::ApiKey.token())
        .max_retries(0)
        .timeout(Duration::from_millis(100))
        .hook(Recorder::named("hook", &seen))
        .build()
        .unwrap();
    let err = Op::Get.call(&seam, Opts::default()).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert_eq!(
        *seen.lock().unwrap(),
        [
            "hook before acs.credentials.get 1",
            "hook after acs.credentials.get 1 timeout"
        ]
    );
}

/// Refuses every request, quoting the header it looked at.
struct Refuser;

impl Hook for Refuser {
    fn before_request(&self, request: &mut OutgoingRequest<'_>) -> Result<(), String> {
        Err(format!(
            "no signing key for {} (attempt {})",
            request.operation(),
            request.attempt()
        ))
    }
}

#[tokio::test]
async fn a_hook_that_refuses_stops_the_call_before_anything_is_sent() {
    let server = MockServer::start().await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let seam = builder(&server)
        .api_key(Auth::ApiKey.token())
        .hook(Refuser)
        .hook(Recorder::named("later", &seen))
        .build()
        .unwrap();
    let err = Op::Get.call(&seam, Opts::default()).await.unwrap_err();
    match &err {
        Error::Hook {
            operation, message, ..
        } => {
            assert_eq!(*operation, "acs.credentials.get");
            assert_eq!(
                message,
                "no signing key for acs.credentials.get (attempt 1)"
            );
        }
        other => panic!("expected Error::Hook, got {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "acs.credentials.get: a hook refused the request: no signing key for acs.credentials.get (attempt 1)"
    );
    assert_eq!(err.operation(), Some("acs.credentials.get"));
    assert_eq!(request_count(&server).await, 0, "nothing was sent");
    assert!(
        seen.lock().unwrap().is_empty(),
        "later hooks do not run, and no outcome is reported for a request never sent"
    );
}

/// Keeps the `Debug` text of what it is shown.
#[derive(Clone, Default)]
struct DebugKeeper {
    shown: Arc<Mutex<Vec<String>>>,
}

impl Hook for DebugKeeper {
    fn before_request(&self, request: &mut OutgoingRequest<'_>) -> Result<(), String> {
        // The hook itself may read the credential (to sign with it)...
        assert!(request.headers().contains_key("authorization"));
        self.shown.lock().unwrap().push(format!("{request:?}"));
        Ok(())
    }

    fn after_response(&self, exchange: &Exchange<'_>) {
        self.shown.lock().unwrap().push(format!("{exchange:?}"));
    }
}

#[tokio::test]
async fn debug_output_of_what_a_hook_sees_hides_credentials() {
    let server = MockServer::start().await;
    Mock::given(path(Op::Get.path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(Op::Get.ok_body()))
        .mount(&server)
        .await;
    let keeper = DebugKeeper::default();
    let configured = builder(&server)
        .api_key(Auth::ApiKey.token())
        .hook(keeper.clone());
    assert!(
        format!("{configured:?}").contains("hooks: 1"),
        "{configured:?}"
    );
    let seam = configured.build().unwrap();
    Op::Get.call(&seam, Opts::default()).await.unwrap();
    let shown = keeper.shown.lock().unwrap().join("\n");
    // ...but its Debug output names headers without their values.
    assert!(shown.contains("authorization"), "{shown}");
    assert!(shown.contains("acs.credentials.get"), "{shown}");
    assert_no_token(&shown);
}
