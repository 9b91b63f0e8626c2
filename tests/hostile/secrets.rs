//! Secrets never show: not a PIN code in a request builder's Debug, not a
//! password in the endpoint, not a token or PIN code that a server echoes back
//! in a body that an error quotes.

use seam::models::AcsCredentialAccessMethod;
use seam::Error;

use crate::server::{json_response, response, RawServer};
use crate::support::{
    assert_error_has_no_secret, assert_no_secret, builder, client, create_error, get_error,
    API_KEY, CREDENTIAL_ID, PIN,
};

#[tokio::test]
async fn request_builders_do_not_show_pin_codes() {
    let seam = client("http://127.0.0.1:9");
    let create = seam
        .acs()
        .credentials()
        .create(AcsCredentialAccessMethod::Code)
        .code(PIN);
    let shown = format!("{create:?} {:?}", create.body());
    assert_no_secret(&shown);
    assert!(shown.contains("code: Some(<redacted>)"), "{shown}");
    let update = seam.acs().credentials().update(CREDENTIAL_ID).code(PIN);
    assert_no_secret(&format!("{update:?}"));
    // The body itself still carries the PIN to the server.
    assert_eq!(create.body().code.as_deref(), Some(PIN));
}

#[tokio::test]
async fn returned_credentials_do_not_show_pin_codes() {
    let body = serde_json::json!({ "acs_credential": crate::support::credential(CREDENTIAL_ID), "ok": true });
    let server = RawServer::fixed(json_response("200 OK", "", &body.to_string())).await;
    let credential = client(&server.url())
        .acs()
        .credentials()
        .get(CREDENTIAL_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(credential.code.as_deref(), Some(PIN));
    let shown = format!("{credential:?}");
    assert_no_secret(&shown);
    assert!(
        shown.contains(CREDENTIAL_ID),
        "other fields still show: {shown}"
    );
}

#[test]
fn an_endpoint_password_is_refused_without_being_shown() {
    // However the URL spells its credentials, the parser's reading decides.
    for endpoint in [
        "http://admin:hunter2@127.0.0.1:9",
        "https:admin:hunter2@example.com",
        "http://:hunter2@127.0.0.1:9/path",
        "http://hunter2@127.0.0.1:9",
    ] {
        let b = builder(endpoint).api_key(API_KEY);
        assert_no_secret(&format!("{b:?}"));
        let err = b.build().expect_err("credentials in the endpoint");
        assert!(
            matches!(&err, Error::InvalidOptions { message , .. } if message.contains("user name or password")),
            "{endpoint}: {err:?}"
        );
        assert_error_has_no_secret(&err);
    }
    // Text that is no URL at all loses everything before its last `@`.
    let err = builder("ht!tp://admin:hunter2@127.0.0.1:9")
        .api_key(API_KEY)
        .build()
        .unwrap_err();
    assert_error_has_no_secret(&err);
}

#[tokio::test]
async fn echoed_tokens_and_pins_are_redacted_from_error_text() {
    // A server quoting the request in plain text: the client hides the token and
    // the PIN it sent, wherever they appear.
    for bytes in [
        response(
            "200 OK",
            "text/plain",
            "",
            format!("you sent Authorization: Bearer {API_KEY} and code={PIN}").as_bytes(),
        ),
        response(
            "502 Bad Gateway",
            "text/plain",
            "",
            format!("upstream rejected pin {PIN}").as_bytes(),
        ),
        response(
            "302 Found",
            "text/plain",
            &format!("location: /login?pin={PIN}\r\n"),
            b"",
        ),
    ] {
        let server = RawServer::fixed(bytes).await;
        let err = client(&server.url())
            .acs()
            .credentials()
            .create(AcsCredentialAccessMethod::Code)
            .code(PIN)
            .send()
            .await
            .unwrap_err();
        assert_error_has_no_secret(&err);
        assert!(format!("{err}").contains("<redacted>"), "{err}");
    }

    // Secrets the client never sent are recognised by their field names.
    let echoes = [
        // An HTML error page quoting the token.
        response("500 Internal Server Error", "text/html", "", format!("<pre>Bearer {API_KEY}</pre>").as_bytes()),
        // A JSON error whose message and data echo the token and the PIN.
        json_response(
            "400 Bad Request",
            "",
            &serde_json::json!({ "error": { "type": "invalid_input", "message": format!("bad token {API_KEY}"),
                "data": { "code": PIN, "nested": [{ "token": "seam_cst_other" }] } }, "ok": false }).to_string(),
        ),
        json_response(
            "404 Not Found",
            "",
            &serde_json::json!({ "error": { "type": "acs_credential_not_found", "message": format!("no {API_KEY}"),
                "data": { "code": PIN } }, "ok": false }).to_string(),
        ),
        // A success body of the wrong shape, with the PIN in the quoted excerpt.
        json_response("200 OK", "", &format!(r#"{{"acs_credential": {{"code": "{PIN}", "created_at": 5}}, "ok": true}}"#)),
        // Cut in the middle of the PIN: no prefix of it shows either.
        json_response("200 OK", "", &format!(r#"{{"acs_credential": {{"code" :  "{PIN}{}"#, "9".repeat(400))),
    ];
    for bytes in echoes {
        let server = RawServer::fixed(bytes).await;
        let err = get_error(&server).await;
        assert_error_has_no_secret(&err);
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains("seam_cst_other"), "{shown}");
        assert!(!shown.contains(&PIN[..4]), "{shown}");
    }
}

#[tokio::test]
async fn secrets_after_other_secrets_and_inside_lists_are_hidden_too() {
    for body in [
        // A second sensitive field right after the first one.
        r#"{"pin":"1234","client_session_token":"seam_cst_other_secret"}"#,
        // A list or an object under a secret's name, hidden whole.
        r#"{"error": "x", "token": ["seam_cst_other_secret"], "secret": {"a": "seam_cst_other_secret"}}"#,
        // Cut off inside the list.
        r#"{"error": "x", "token": ["seam_cst_other_secret"#,
    ] {
        let server = RawServer::fixed(response(
            "500 Internal Server Error",
            "text/plain",
            "",
            body.as_bytes(),
        ))
        .await;
        let err = create_error(&server).await;
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains("seam_cst_other_secret"), "{shown}");
        assert!(shown.contains("<redacted>"), "{shown}");
    }
}

#[tokio::test]
async fn validation_messages_error_codes_and_request_ids_are_redacted() {
    let body = serde_json::json!({ "error": {
        "type": "invalid_input", "message": "bad",
        "request_id": format!("req {API_KEY}"),
        "validation_errors": { "code": { "_errors": [format!("Invalid value {PIN}")] } } }, "ok": false });
    let server = RawServer::fixed(json_response("400 Bad Request", "", &body.to_string())).await;
    let err = client(&server.url())
        .acs()
        .credentials()
        .create(AcsCredentialAccessMethod::Code)
        .code(PIN)
        .send()
        .await
        .unwrap_err();
    assert_error_has_no_secret(&err);
    let messages = err
        .validation_errors()
        .expect("invalid input")
        .field("code");
    assert_eq!(
        messages,
        ["Invalid value <redacted>"],
        "the field's message is kept, the PIN hidden"
    );

    let body = serde_json::json!({ "error": { "type": format!("weird_{API_KEY}"), "message": "x" }, "ok": false });
    let server = RawServer::fixed(json_response("409 Conflict", "", &body.to_string())).await;
    let err = get_error(&server).await;
    assert_error_has_no_secret(&err);
}

#[tokio::test]
async fn a_secret_of_the_wrong_type_is_not_quoted_by_the_decode_message() {
    let mut credential = crate::support::credential(CREDENTIAL_ID);
    credential["code"] = serde_json::json!(918273);
    let body = serde_json::json!({ "acs_credential": credential, "ok": true }).to_string();
    let server = RawServer::fixed(json_response("200 OK", "", &body)).await;
    let err = get_error(&server).await;
    assert!(
        matches!(&err, Error::Decode { path, .. } if path == "acs_credential.code"),
        "{err:?}"
    );
    assert_error_has_no_secret(&err);
}

#[tokio::test]
async fn decode_messages_are_bounded() {
    let body = format!(r#"{{"ok": "{}"}}"#, "x".repeat(1 << 20));
    let server = RawServer::fixed(json_response("200 OK", "", &body)).await;
    let err = client(&server.url())
        .acs()
        .credentials()
        .delete(CREDENTIAL_ID)
        .send()
        .await
        .unwrap_err();
    let shown = err.to_string();
    assert!(shown.len() < 1_000, "{} bytes", shown.len());
}
