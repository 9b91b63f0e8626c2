//! `RequestOptions` on any request, through the builders' `with_options`:
//! extra headers and query parameters on the wire, the call's own retries,
//! what it refuses before sending, and a `Debug` that never shows a header's
//! value.

use seam::{Error, RequestOptions};
use wiremock::matchers::{any, header, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

#[tokio::test]
async fn extra_headers_and_query_parameters_are_sent_with_the_call() {
    let server = MockServer::start().await;
    Mock::given(path("/acs/credentials/get"))
        .and(header("x-trace-id", "trace-1"))
        .and(query_param("debug", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(get_response(CREDENTIAL_ID)))
        .expect(1)
        .mount(&server)
        .await;
    let options = RequestOptions::new()
        .header("x-trace-id", "trace-1")
        .query("debug", "1");
    let credential = client(&server)
        .acs()
        .credentials()
        .get(CREDENTIAL_ID)
        .with_options(options)
        .await
        .unwrap();
    assert_eq!(credential.acs_credential_id, CREDENTIAL_ID);
}

#[tokio::test]
async fn the_options_retries_replace_the_clients() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let err = client(&server)
        .acs()
        .credentials()
        .get(CREDENTIAL_ID)
        .with_options(RequestOptions::new().max_retries(0))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn bad_options_are_refused_before_sending() {
    let server = MockServer::start().await;
    let seam = client(&server);
    let bad_name = RequestOptions::new().header("bad header", "x");
    let err = (seam.acs().credentials().get(CREDENTIAL_ID))
        .with_options(bad_name)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidOptions { message, .. }
            if message == "acs.credentials.get: the extra header `bad header` has an invalid name"),
        "{err:?}"
    );
    let bad_value = RequestOptions::new().header("x-trace-id", "line\nbreak");
    let err = (seam.acs().credentials().get(CREDENTIAL_ID))
        .with_options(bad_value)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidOptions { message, .. }
            if message == "acs.credentials.get: the extra header `x-trace-id` has an invalid value"),
        "{err:?}"
    );
    // Seam's profile keys no operation: a key for one is refused.
    let keyed = RequestOptions::new().idempotency_key("k-1");
    let err = (seam.acs().credentials().delete(CREDENTIAL_ID))
        .with_options(keyed)
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::InvalidOptions { .. }), "{err:?}");
    assert_eq!(request_count(&server).await, 0);
}

#[test]
fn debug_names_headers_but_never_shows_their_values() {
    let options = RequestOptions::new()
        .header("authorization", "Bearer seam_secret_token")
        .idempotency_key("key-secret");
    let shown = format!("{options:?}");
    assert!(shown.contains("authorization"), "{shown}");
    assert!(!shown.contains("seam_secret_token"), "{shown}");
    assert!(!shown.contains("key-secret"), "{shown}");
}

/// `send_with_response` gives the decoded body with the response's status,
/// headers and request id; its `Debug` names headers without their values.
#[tokio::test]
async fn the_response_comes_with_its_status_headers_and_request_id() {
    let server = MockServer::start().await;
    Mock::given(path("/acs/credentials/get"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("seam-request-id", "req-42")
                .insert_header("set-cookie", "session=secret-cookie")
                .set_body_json(get_response(CREDENTIAL_ID)),
        )
        .mount(&server)
        .await;
    let response = client(&server)
        .acs()
        .credentials()
        .get(CREDENTIAL_ID)
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.request_id(), Some("req-42"));
    assert_eq!(response.header("Seam-Request-Id"), Some("req-42"));
    assert!(response.headers().any(|(name, _)| name == "set-cookie"));
    assert_eq!(response.body().acs_credential_id, CREDENTIAL_ID);
    let shown = format!("{response:?}");
    assert!(
        shown.contains("set-cookie") && !shown.contains("secret-cookie"),
        "{shown}"
    );
    assert_eq!(response.into_body().acs_credential_id, CREDENTIAL_ID);

    // A call that returns nothing still reports its response.
    Mock::given(path("/acs/credentials/delete"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({ "ok": true })))
        .mount(&server)
        .await;
    let response = client(&server)
        .acs()
        .credentials()
        .delete(CREDENTIAL_ID)
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}
