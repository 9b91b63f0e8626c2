//! Errors keep the facts: the operation, the real status, the body's `data` and
//! request id, whether headers had arrived, and how long all attempts took.

use std::time::Duration;

use seam::Error;
use tokio::io::AsyncWriteExt;

use crate::server::{json_response, response, RawServer};
use crate::support::{builder, client, get_error, API_KEY, CREDENTIAL_ID};

#[tokio::test]
async fn invalid_input_keeps_its_status_and_data() {
    let body = serde_json::json!({ "error": {
        "type": "invalid_input", "message": "bad", "data": { "hint": 1 },
        "validation_errors": { "acs_credential_id": { "_errors": ["Invalid uuid"] } } }, "ok": false });
    let server = RawServer::fixed(json_response(
        "422 Unprocessable Entity",
        "",
        &body.to_string(),
    ))
    .await;
    let err = get_error(&server).await;
    assert_eq!(err.status(), Some(422));
    assert_eq!(err.data(), Some(&serde_json::json!({ "hint": 1 })));
    match &err {
        Error::InvalidInput {
            operation,
            status,
            validation_errors,
            ..
        } => {
            assert_eq!(*operation, "acs.credentials.get");
            assert_eq!(*status, 422);
            assert_eq!(
                validation_errors.field("acs_credential_id"),
                ["Invalid uuid"]
            );
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_request_id_only_in_the_body_is_kept() {
    let body = serde_json::json!({ "error": { "type": "acs_credential_not_found", "message": "gone",
        "request_id": "req_in_body" }, "ok": false });
    let server = RawServer::fixed(json_response("404 Not Found", "", &body.to_string())).await;
    assert_eq!(get_error(&server).await.request_id(), Some("req_in_body"));

    let header = RawServer::fixed(json_response(
        "404 Not Found",
        "seam-request-id: req_in_header\r\n",
        &body.to_string(),
    ))
    .await;
    assert_eq!(
        get_error(&header).await.request_id(),
        Some("req_in_header"),
        "the header wins"
    );
}

#[tokio::test]
async fn api_and_http_errors_name_the_operation() {
    let body = serde_json::json!({ "error": { "type": "acs_credential_not_found", "message": "gone" }, "ok": false });
    let server = RawServer::fixed(json_response("404 Not Found", "", &body.to_string())).await;
    let text = get_error(&server).await.to_string();
    assert!(text.contains("acs.credentials.get"), "{text}");

    let server = RawServer::fixed(response("404 Not Found", "text/plain", "", b"404")).await;
    let err = get_error(&server).await;
    assert!(
        matches!(
            &err,
            Error::Http {
                operation: "acs.credentials.get",
                status: 404,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("acs.credentials.get"), "{err}");
}

#[tokio::test]
async fn a_body_cut_short_after_the_headers_says_so() {
    let server = RawServer::start(|_, _, mut stream| async move {
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"ok\": tr")
            .await;
    })
    .await;
    let err = client(&server.url())
        .acs()
        .credentials()
        .create(seam::models::AcsCredentialAccessMethod::Code)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            &err,
            Error::Transport {
                status: Some(200),
                ..
            }
        ),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(text.contains("HTTP 200") && text.contains("body"), "{text}");
    assert!(!text.contains("no response"), "{text}");
}

#[tokio::test]
async fn a_timeout_reports_every_attempt_and_the_total_time() {
    let server = RawServer::start(|_, _, stream| async move {
        tokio::time::sleep(Duration::from_secs(10)).await;
        drop(stream);
    })
    .await;
    let seam = builder(&server.url())
        .api_key(API_KEY)
        .timeout(Duration::from_millis(150))
        .build()
        .unwrap();
    let err = seam
        .acs()
        .credentials()
        .get(CREDENTIAL_ID)
        .send()
        .await
        .unwrap_err();
    match &err {
        Error::Timeout {
            operation,
            timeout,
            attempts,
            elapsed,
            ..
        } => {
            assert_eq!(*operation, "acs.credentials.get");
            assert_eq!(*timeout, Duration::from_millis(150));
            assert_eq!(*attempts, 3);
            assert!(*elapsed >= Duration::from_millis(450), "{elapsed:?}");
        }
        other => panic!("{other:?}"),
    }
    let text = err.to_string();
    assert!(text.contains("3 attempts"), "{text}");
    assert_eq!(server.count(), 3);
}
