//! Response bodies are read with a cap: a success body beyond the client's
//! `max_response_bytes`, or an error body beyond a few KiB, fails with
//! `Error::ResponseTooLarge` naming the limit, without reading the rest.

use std::time::{Duration, Instant};

use crate::server::{endless_chunked, huge_content_length, json_response, RawServer};
use crate::support::{
    builder, client, create_error, credential, get_error, API_KEY, CREDENTIAL_ID,
};
use seam::Error;

#[tokio::test]
async fn a_declared_10_gib_success_body_is_refused_before_reading() {
    let server = RawServer::start(|_, _, stream| huge_content_length(stream, "200 OK")).await;
    let started = Instant::now();
    let err = client(&server.url())
        .acs()
        .credentials()
        .get(CREDENTIAL_ID)
        .send()
        .await
        .expect_err("a 10 GiB body is over the limit");
    assert!(
        matches!(
            &err,
            Error::ResponseTooLarge {
                operation: "acs.credentials.get",
                status: 200,
                limit: 67_108_864,
                ..
            }
        ),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(text.contains("67108864 bytes"), "{text}");
    assert!(text.contains("max_response_bytes"), "{text}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(server.count(), 1, "a size limit is not retried");
}

#[tokio::test]
async fn an_endless_chunked_success_body_stops_at_the_configured_limit() {
    let server = RawServer::start(|_, _, stream| endless_chunked(stream, "200 OK")).await;
    let seam = builder(&server.url())
        .api_key(API_KEY)
        .max_response_bytes(1 << 20)
        .build()
        .unwrap();
    let started = Instant::now();
    let err = seam
        .acs()
        .credentials()
        .get(CREDENTIAL_ID)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            &err,
            Error::ResponseTooLarge {
                status: 200,
                limit: 1_048_576,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn of_an_endless_error_body_only_the_start_is_read() {
    let server =
        RawServer::start(|_, _, stream| endless_chunked(stream, "500 Internal Server Error")).await;
    let started = Instant::now();
    let err = create_error(&server).await;
    assert!(
        matches!(&err, Error::Http { operation: "acs.credentials.create", status: 500, body, .. }
            if body.starts_with('[') && body.ends_with('…') && body.chars().count() <= 301),
        "{err:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(server.count(), 1, "create is never retried");

    // The status still decides: an endless 503 page from a proxy is retried.
    let server =
        RawServer::start(|_, _, stream| endless_chunked(stream, "503 Service Unavailable")).await;
    let err = get_error(&server).await;
    assert!(matches!(&err, Error::Http { status: 503, .. }), "{err:?}");
    assert_eq!(server.count(), 3, "retried like any 503");
}

#[tokio::test]
async fn a_body_exactly_at_the_limit_is_read() {
    let body =
        serde_json::json!({ "acs_credential": credential(CREDENTIAL_ID), "ok": true }).to_string();
    let limit = body.len() as u64;
    let server = RawServer::fixed(json_response("200 OK", "", &body)).await;
    let ok = builder(&server.url())
        .api_key(API_KEY)
        .max_response_bytes(limit)
        .build()
        .unwrap();
    let credential = ok
        .acs()
        .credentials()
        .get(CREDENTIAL_ID)
        .send()
        .await
        .expect("at the limit");
    assert_eq!(credential.acs_credential_id, CREDENTIAL_ID);

    let tight = builder(&server.url())
        .api_key(API_KEY)
        .max_response_bytes(limit - 1)
        .build()
        .unwrap();
    let err = tight
        .acs()
        .credentials()
        .get(CREDENTIAL_ID)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { .. }), "{err:?}");
}
