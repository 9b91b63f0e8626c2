//! Every kind of error, from real responses.

use std::time::Duration;

use seam::models::{AcsCredentialAccessMethod, AcsCredentialWarning};
use seam::Error;
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

/// Answers every request with `response`, then calls `op` once (no retries)
/// through each client, which must fail alike; returns the async one's error.
async fn op_error(op: Op, response: ResponseTemplate) -> Error {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    let mut errors = Vec::new();
    for (sent, flavor) in (1..).zip(FLAVORS) {
        let err = op
            .call(
                &flavor.client(&server, Setup::default()),
                Opts::max_retries(0),
            )
            .await
            .expect_err("the request should fail");
        assert_eq!(request_count(&server).await, sent, "{flavor:?} {op:?}");
        assert_error_has_no_token(&err);
        errors.push(err);
    }
    let [async_error, blocking_error] = <[Error; 2]>::try_from(errors).unwrap();
    assert_eq!(blocking_error.to_string(), async_error.to_string());
    assert_eq!(format!("{blocking_error:?}"), format!("{async_error:?}"));
    async_error
}

async fn get_error(response: ResponseTemplate) -> Error {
    op_error(Op::Get, response).await
}

#[tokio::test]
async fn invalid_input_has_per_field_messages() {
    let body = error_body(json!({
        "type": "invalid_input",
        "message": "Invalid input",
        "validation_errors": {
            "_errors": [],
            "acs_user_id": { "_errors": ["Required"] },
            "visionline_metadata": {
                "_errors": [],
                "card_format": { "_errors": ["Invalid enum value", "Expected TLCode | rfid48"] }
            },
            "allowed_acs_entrance_ids": { "_errors": [], "1": { "_errors": ["Invalid uuid"] } }
        }
    }));
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("seam-request-id", REQUEST_ID)
                .set_body_json(body),
        )
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server)
        .acs()
        .credentials()
        .create(AcsCredentialAccessMethod::Card)
        .allowed_acs_entrance_ids([ENTRANCE_ID, "not-a-uuid"])
        .await
        .unwrap_err();
    assert_error_has_no_token(&err);

    assert_eq!(err.status(), Some(400));
    assert_eq!(err.code(), Some("invalid_input"));
    assert_eq!(err.request_id(), Some(REQUEST_ID));
    let Error::InvalidInput {
        operation: "acs.credentials.create",
        status: 400,
        message,
        validation_errors,
        request_id,
        data: _,
        ..
    } = &err
    else {
        panic!("expected InvalidInput, got {err:?}");
    };
    assert_eq!(message, "Invalid input");
    assert_eq!(request_id.as_deref(), Some(REQUEST_ID));
    assert_eq!(validation_errors.field("acs_user_id"), ["Required"]);
    assert_eq!(
        validation_errors.field("visionline_metadata.card_format"),
        ["Invalid enum value", "Expected TLCode | rfid48"]
    );
    assert_eq!(
        validation_errors.field("allowed_acs_entrance_ids.1"),
        ["Invalid uuid"]
    );
    assert!(validation_errors.field("code").is_empty());
    assert!(validation_errors.field("visionline_metadata").is_empty());
    let fields: Vec<&str> = validation_errors.iter().map(|(field, _)| field).collect();
    assert_eq!(
        fields,
        [
            "acs_user_id",
            "allowed_acs_entrance_ids.1",
            "visionline_metadata.card_format"
        ]
    );
    assert_eq!(err.validation_errors(), Some(validation_errors));

    let shown = err.to_string();
    assert!(shown.contains("Invalid input"), "{shown}");
    assert!(shown.contains("acs_user_id: Required"), "{shown}");
    assert!(shown.contains(REQUEST_ID), "{shown}");
}

#[tokio::test]
async fn invalid_input_without_validation_errors() {
    let err = op_error(
        Op::Assign,
        ResponseTemplate::new(400).set_body_json(error_body(json!({
            "type": "invalid_input",
            "message": "Must specify either acs_user_id or user_identity_id"
        }))),
    )
    .await;
    let validation_errors = err.validation_errors().expect("an InvalidInput error");
    assert!(validation_errors.is_empty());
    assert_eq!(
        err.to_string(),
        "acs.credentials.assign: Seam API rejected the input (400): Must specify either acs_user_id or user_identity_id"
    );
}

#[tokio::test]
async fn unauthorized() {
    let err = op_error(
        Op::List,
        ResponseTemplate::new(401)
            .insert_header("seam-request-id", REQUEST_ID)
            .set_body_json(error_body(json!({
                "type": "unauthorized",
                "message": "Unauthorized"
            }))),
    )
    .await;
    assert!(
        matches!(&err, Error::Unauthorized { operation: "acs.credentials.list", message, request_id , .. }
            if message == "Unauthorized" && request_id.as_deref() == Some(REQUEST_ID)),
        "{err:?}"
    );
    assert_eq!(err.status(), Some(401));
    assert_eq!(err.code(), Some("unauthorized"));
    assert_eq!(err.request_id(), Some(REQUEST_ID));
    assert_eq!(
        err.to_string(),
        format!("acs.credentials.list: Seam API refused the credentials (401): Unauthorized (request id {REQUEST_ID})")
    );

    // A 401 that is not in the API's format is still an authentication failure.
    let err = get_error(ResponseTemplate::new(401).set_body_string("Unauthorized")).await;
    assert!(
        matches!(&err, Error::Unauthorized { operation: "acs.credentials.get", message, request_id: None , .. } if message == "Unauthorized"),
        "{err:?}"
    );
}

#[tokio::test]
async fn not_found_with_a_code_and_request_id() {
    let err = get_error(
        ResponseTemplate::new(404)
            .insert_header("seam-request-id", REQUEST_ID)
            .set_body_json(error_body(json!({
                "type": "acs_credential_not_found",
                "message": "Could not find an acs_credential with acs_credential_id",
                "data": { "acs_credential_id": CREDENTIAL_ID }
            }))),
    )
    .await;
    let Error::Api {
        operation: "acs.credentials.get",
        status,
        code,
        message,
        request_id,
        data,
        retry_after: None,
        ..
    } = &err
    else {
        panic!("expected Api, got {err:?}");
    };
    assert_eq!(*status, 404);
    assert_eq!(code, "acs_credential_not_found");
    assert_eq!(
        message,
        "Could not find an acs_credential with acs_credential_id"
    );
    assert_eq!(request_id.as_deref(), Some(REQUEST_ID));
    assert_eq!(
        data.as_deref(),
        Some(&json!({ "acs_credential_id": CREDENTIAL_ID }))
    );
    assert_eq!(err.data(), data.as_deref());
    assert_eq!(err.code(), Some("acs_credential_not_found"));
    assert_eq!(err.request_id(), Some(REQUEST_ID));
    assert_eq!(
        err.to_string(),
        format!(
            "acs.credentials.get: Seam API error 404 acs_credential_not_found: Could not find \
             an acs_credential with acs_credential_id (request id {REQUEST_ID})"
        )
    );
}

#[tokio::test]
async fn server_error_is_an_api_error_retried_only_when_safe() {
    // delete and get are retry-safe: a 500 is retried twice, as Seam's SDKs do;
    // create is not, so it is sent once.
    for (op, attempts) in [(Op::Delete, 3), (Op::Get, 3), (Op::Create, 1)] {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(
                ResponseTemplate::new(500)
                    .insert_header("seam-request-id", REQUEST_ID)
                    .set_body_json(error_body(json!({
                        "type": "internal_server_error",
                        "message": "Something went wrong"
                    }))),
            )
            .expect(attempts)
            .mount(&server)
            .await;
        let err = op
            .call(&client(&server), Opts::default())
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Error::Api { status: 500, code, message, .. }
                if code == "internal_server_error" && message == "Something went wrong"),
            "{err:?}"
        );
        assert_eq!(err.status(), Some(500));
        assert_eq!(err.request_id(), Some(REQUEST_ID));
        assert_eq!(request_count(&server).await, attempts as usize, "{op:?}");
    }
}

#[tokio::test]
async fn plain_text_not_found_from_every_operation() {
    // Seam's fake server answers every /acs/credentials route like this.
    for op in Op::ALL {
        let err = op_error(
            op,
            ResponseTemplate::new(404)
                .insert_header("content-type", "text/plain")
                .set_body_string("Not Found"),
        )
        .await;
        assert!(
            matches!(&err, Error::Http { operation, status: 404, body, request_id: None, retry_after: None, detail: None , .. }
                if *operation == op.name() && body == "Not Found"),
            "{op:?}: {err:?}"
        );
        assert_eq!(err.status(), Some(404));
        assert_eq!(err.code(), None);
        assert_eq!(
            err.to_string(),
            format!("{}: HTTP 404 from Seam: \"Not Found\"", op.name())
        );
    }
}

#[tokio::test]
async fn other_error_bodies_that_are_not_the_api_format() {
    let err = get_error(
        ResponseTemplate::new(400)
            .insert_header("seam-request-id", REQUEST_ID)
            .set_body_string("Invalid JSON"),
    )
    .await;
    assert!(
        matches!(&err, Error::Http { status: 400, body, .. } if body == "Invalid JSON"),
        "{err:?}"
    );
    assert_eq!(err.request_id(), Some(REQUEST_ID));

    // JSON without the `error` object is not the API's format either.
    let err = get_error(ResponseTemplate::new(418).set_body_json(json!({ "ok": false }))).await;
    assert!(matches!(&err, Error::Http { status: 418, .. }), "{err:?}");
}

#[tokio::test]
async fn long_bodies_are_cut_on_a_character_boundary() {
    let body = "é".repeat(5000);
    let err = get_error(ResponseTemplate::new(404).set_body_string(body)).await;
    let Error::Http { body, .. } = &err else {
        panic!("expected Http, got {err:?}");
    };
    assert!(
        body.chars().count() <= 301,
        "{} chars",
        body.chars().count()
    );
    assert!(body.starts_with("éé") && body.ends_with('…'));
}

#[tokio::test]
async fn malformed_json_success_body_names_the_operation() {
    for op in Op::ALL.into_iter().filter(|op| op.response_key().is_some()) {
        let err = op_error(
            op,
            ResponseTemplate::new(200).set_body_raw("{\"acs_credential\": ", "application/json"),
        )
        .await;
        let Error::Decode {
            operation,
            path,
            body_excerpt,
            message,
            ..
        } = &err
        else {
            panic!("{op:?}: expected Decode, got {err:?}");
        };
        assert_eq!(*operation, op.name());
        assert_eq!(path, ".");
        assert!(
            message.contains("not the API's JSON success envelope"),
            "{message}"
        );
        assert_eq!(body_excerpt, "{\"acs_credential\": ");
        assert!(
            err.to_string().starts_with(&format!(
                "{}: could not decode the response at `.`",
                op.name()
            )),
            "{err}"
        );
    }
}

#[tokio::test]
async fn missing_response_key() {
    for op in Op::ALL {
        let Some(key) = op.response_key() else {
            continue;
        };
        let err = op_error(
            op,
            ResponseTemplate::new(200).set_body_json(json!({ "ok": true })),
        )
        .await;
        assert!(
            matches!(&err, Error::Decode { operation, path, message, .. }
                if *operation == op.name() && path == key
                    && message.contains(&format!("no `{key}` field"))),
            "{op:?}: {err:?}"
        );
    }
}

#[tokio::test]
async fn decode_errors_name_the_json_path() {
    let mut wrong_date = get_response(CREDENTIAL_ID);
    wrong_date["acs_credential"]["created_at"] = json!("last tuesday");
    let mut wrong_list_item = Op::List.ok_body();
    wrong_list_item["acs_credentials"][1]["created_at"] = json!(42);
    let mut wrong_entrance = Op::ListAccessibleEntrances.ok_body();
    wrong_entrance["acs_entrances"][0]["visionline_metadata"]["profiles"][0]
        ["visionline_door_profile_id"] = json!(7);
    let mut wrong_unmanaged = Op::UnmanagedGet.ok_body();
    wrong_unmanaged["acs_credential"]["is_managed"] = json!("no");
    let cases = [
        (Op::Get, wrong_date, "acs_credential.created_at"),
        (Op::List, wrong_list_item, "acs_credentials[1].created_at"),
        (
            Op::ListAccessibleEntrances,
            wrong_entrance,
            "acs_entrances[0].visionline_metadata.profiles[0].visionline_door_profile_id",
        ),
        (
            Op::UnmanagedGet,
            wrong_unmanaged,
            "acs_credential.is_managed",
        ),
    ];
    for (op, body, expected_path) in cases {
        let err = op_error(op, ResponseTemplate::new(200).set_body_json(body)).await;
        let Error::Decode {
            operation,
            path,
            message,
            body_excerpt,
            ..
        } = &err
        else {
            panic!("{op:?}: expected Decode, got {err:?}");
        };
        assert_eq!(*operation, op.name());
        assert_eq!(path, expected_path, "{op:?}");
        assert!(!message.is_empty());
        assert!(body_excerpt.starts_with('{'), "{body_excerpt}");
        let shown = err.to_string();
        assert!(
            shown.starts_with(&format!(
                "{}: could not decode the response at `{expected_path}`",
                op.name()
            )),
            "{shown}"
        );
    }
}

/// A known variant of a tagged union that does not decode is kept as sent,
/// with the error, instead of failing the call: the rest of the response is
/// still read.
#[tokio::test]
async fn a_known_union_variant_that_does_not_decode_is_kept_with_its_error() {
    let server = MockServer::start().await;
    let mut body = get_response(CREDENTIAL_ID);
    body["acs_credential"]["warnings"] = json!([
        { "warning_code": "being_deleted", "created_at": 5, "message": "m" },
        { "warning_code": "being_deleted", "created_at": "2024-01-01T00:00:00.000Z", "message": "ok" }
    ]);
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let credential = client(&server)
        .acs()
        .credentials()
        .get(CREDENTIAL_ID)
        .await
        .expect("one bad warning does not fail the call");
    assert_eq!(credential.acs_credential_id, CREDENTIAL_ID);
    let [bad, good] = &credential.warnings[..] else {
        panic!("{:?}", credential.warnings);
    };
    let AcsCredentialWarning::Unknown(kept) = bad else {
        panic!("expected the bad variant kept as sent: {bad:?}");
    };
    assert_eq!(bad.tag(), Some("being_deleted"));
    assert_eq!(kept.as_json()["created_at"], json!(5));
    let error = kept.decode_error().expect("the error is kept");
    assert!(error.contains("invalid type"), "{error}");
    assert!(
        matches!(good, AcsCredentialWarning::BeingDeleted(w) if w.message == "ok"),
        "{good:?}"
    );
}

/// A server whose every answer takes two seconds.
async fn slow_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(get_response(CREDENTIAL_ID))
                .set_delay(Duration::from_secs(2)),
        )
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn timeout() {
    let server = slow_server().await;

    // Per request...
    let err = client(&server)
        .acs()
        .credentials()
        .get(CREDENTIAL_ID)
        .timeout(Duration::from_millis(50))
        .max_retries(0)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Timeout { operation: "acs.credentials.get", timeout, attempts: 1, elapsed , .. }
            if timeout == Duration::from_millis(50) && elapsed >= timeout),
        "{err:?}"
    );
    let Error::Timeout { elapsed, .. } = err else {
        unreachable!()
    };
    assert_eq!(
        err.to_string(),
        format!(
            "acs.credentials.get timed out: 1 attempt of at most 50ms each, {elapsed:?} in all"
        )
    );
    assert_eq!(err.status(), None);
    assert_error_has_no_token(&err);

    // ...and for the whole client; the per-request value wins.
    let seam = builder(&server)
        .api_key(API_KEY)
        .timeout(Duration::from_millis(60))
        .max_retries(0)
        .build()
        .unwrap();
    let err = seam
        .acs()
        .credentials()
        .update(CREDENTIAL_ID)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Timeout { operation: "acs.credentials.update", timeout, attempts: 1, .. }
            if timeout == Duration::from_millis(60)),
        "{err:?}"
    );
    let err = seam
        .acs()
        .credentials()
        .list()
        .timeout(Duration::from_millis(70))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Timeout { operation: "acs.credentials.list", timeout, attempts: 1, .. }
            if timeout == Duration::from_millis(70)),
        "{err:?}"
    );
    assert_eq!(request_count(&server).await, 3);
}

#[test]
fn the_error_type_is_small_and_shareable() {
    fn assert_error<T: std::error::Error + Send + Sync + 'static>() {}
    assert_error::<Error>();
    // Clippy's `result_large_err` limit: callers returning `Result<_, seam::Error>`
    // must not be warned, even with serde_json's `preserve_order` (on here).
    let size = std::mem::size_of::<Error>();
    assert!(size <= 128, "seam::Error is {size} bytes");
}

#[tokio::test]
async fn empty_error_body() {
    let err = get_error(ResponseTemplate::new(503)).await;
    assert!(
        matches!(&err, Error::Http { operation: "acs.credentials.get", status: 503, body, request_id: None, retry_after: None, detail: None , .. } if body.is_empty()),
        "{err:?}"
    );
    assert!(std::error::Error::source(&err).is_none());
}

#[tokio::test]
async fn every_operation_times_out_with_its_name() {
    let server = slow_server().await;
    for flavor in FLAVORS {
        let seam = flavor.client(&server, Setup::default());
        for op in Op::ALL {
            let options = Opts {
                max_retries: Some(0),
                ..Opts::timeout(Duration::from_millis(30))
            };
            let err = op.call(&seam, options).await.unwrap_err();
            assert!(
                matches!(err, Error::Timeout { operation, timeout, attempts: 1, .. }
                    if operation == op.name() && timeout == Duration::from_millis(30)),
                "{flavor:?} {op:?}: {err:?}"
            );
        }
    }
    assert_eq!(request_count(&server).await, 2 * Op::ALL.len());
}

#[tokio::test]
async fn a_response_over_the_size_limit_is_refused_by_both_clients() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(Op::Get.ok_body()))
        .mount(&server)
        .await;
    let setup = Setup {
        max_response_bytes: Some(100),
        ..Setup::default()
    };
    for flavor in FLAVORS {
        let err = Op::Get
            .call(&flavor.client(&server, setup), Opts::default())
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                Error::ResponseTooLarge {
                    operation: "acs.credentials.get",
                    limit: 100,
                    ..
                }
            ),
            "{flavor:?}: {err:?}"
        );
    }
}
