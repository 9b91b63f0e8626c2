//! Operations that return nothing succeed only on the API's JSON success
//! envelope (`{"ok": true, ...}`): an HTML page, an empty body, a 204 or
//! `{"ok": false}` from a 2xx response is an error, not `Ok(())`.

use seam::Error;

use crate::server::{json_response, response, RawServer};
use crate::support::{client, credential, get_error, CREDENTIAL_ID, USER_ID};

async fn assign(server: &RawServer) -> Result<(), Error> {
    client(&server.url())
        .acs()
        .credentials()
        .assign(CREDENTIAL_ID)
        .acs_user_id(USER_ID)
        .send()
        .await
}

async fn delete(server: &RawServer) -> Result<(), Error> {
    client(&server.url())
        .acs()
        .credentials()
        .delete(CREDENTIAL_ID)
        .send()
        .await
}

#[tokio::test]
async fn void_operations_refuse_what_is_not_a_success_envelope() {
    let cases: [(&str, Vec<u8>); 6] = [
        (
            "HTML page",
            response(
                "200 OK",
                "text/html",
                "",
                b"<html><body>Welcome to nginx!</body></html>",
            ),
        ),
        ("empty 200", response("200 OK", "application/json", "", b"")),
        (
            "204",
            b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n".to_vec(),
        ),
        (
            "ok false",
            json_response("200 OK", "", r#"{"ok": false, "error": {"type": "x"}}"#),
        ),
        (
            "no ok",
            json_response("200 OK", "", r#"{"acs_credential": null}"#),
        ),
        ("JSON array", json_response("200 OK", "", "[]")),
    ];
    for (what, bytes) in cases {
        let server = RawServer::fixed(bytes).await;
        for result in [assign(&server).await, delete(&server).await] {
            let err = result.expect_err(what);
            // A page that is not JSON is refused by its media type, unparsed.
            let refused = match what {
                "HTML page" => {
                    matches!(&err, Error::UnexpectedContentType { status: 200, content_type, .. } if content_type == "text/html")
                }
                _ => matches!(&err, Error::Decode { .. }),
            };
            assert!(refused, "{what}: {err:?}");
            let text = err.to_string();
            assert!(text.contains("acs.credentials."), "{what}: {text}");
        }
    }
}

#[tokio::test]
async fn void_operations_accept_the_success_envelope() {
    for body in [
        r#"{"ok": true}"#.to_owned(),
        serde_json::json!({ "acs_credential": credential(CREDENTIAL_ID), "ok": true }).to_string(),
    ] {
        let server = RawServer::fixed(json_response("200 OK", "", &body)).await;
        assign(&server).await.expect("success envelope");
        delete(&server).await.expect("success envelope");
    }
}

#[tokio::test]
async fn a_value_beside_ok_false_is_not_returned() {
    let body =
        serde_json::json!({ "acs_credential": credential(CREDENTIAL_ID), "ok": false }).to_string();
    let server = RawServer::fixed(json_response("200 OK", "", &body)).await;
    let err = get_error(&server).await;
    assert!(
        matches!(&err, Error::Decode { path, .. } if path == "ok"),
        "{err:?}"
    );
}
