//! Bad caller input is refused when the client or the request is built, with
//! `Error::InvalidOptions` saying what is wrong, before anything is sent.

use std::time::Duration;

use seam::Error;

use crate::server::{json_response, RawServer};
use crate::support::{builder, client, API_KEY, CREDENTIAL_ID, PAT};

fn refused(result: Result<seam::Seam, Error>, what: &str, needle: &str) {
    match result {
        Err(Error::InvalidOptions { message, .. }) => {
            assert!(
                message.contains(needle),
                "{what}: {message:?} should mention {needle:?}"
            );
        }
        other => panic!("{what}: expected InvalidOptions, got {other:?}"),
    }
}

#[test]
fn malformed_endpoints_are_refused() {
    for (endpoint, needle) in [
        ("http://127.0.0.1:9/sp  /", "whitespace or control"),
        ("http://127.0.0.1:9\r\nx-evil: 1", "whitespace or control"),
        (" http://127.0.0.1:9", "whitespace or control"),
        ("http://127.0.0.1:9/\u{7f}", "whitespace or control"),
        ("ftp://127.0.0.1:9", "http or https"),
        ("http://127.0.0.1:9/?q=1", "query"),
    ] {
        refused(builder(endpoint).api_key(API_KEY).build(), endpoint, needle);
    }
}

#[test]
fn malformed_tokens_and_workspace_ids_are_refused() {
    for token in [
        "seam_ abc",
        "seam_\tabc",
        "seam_abc\u{e9}",
        "seam_abc\r\n",
        "seam_abc ",
    ] {
        refused(
            builder("http://127.0.0.1:9").api_key(token).build(),
            &format!("{token:?}"),
            "characters",
        );
    }
    refused(
        builder("http://127.0.0.1:9")
            .personal_access_token(PAT)
            .workspace_id("")
            .build(),
        "empty workspace",
        "workspace id is empty",
    );
    refused(
        builder("http://127.0.0.1:9")
            .personal_access_token(PAT)
            .workspace_id("ws 1")
            .build(),
        "workspace with a space",
        "workspace id",
    );
}

#[test]
fn zero_limits_are_refused() {
    let b = || builder("http://127.0.0.1:9").api_key(API_KEY);
    refused(b().timeout(Duration::ZERO).build(), "timeout 0", "timeout");
    refused(
        b().max_response_bytes(0).build(),
        "max_response_bytes 0",
        "max_response_bytes",
    );
    refused(b().max_pages(0).build(), "max_pages 0", "max_pages");
    refused(
        b().max_empty_pages(0).build(),
        "max_empty_pages 0",
        "max_empty_pages",
    );
}

#[tokio::test]
async fn bad_request_options_are_refused_before_sending() {
    let server = RawServer::fixed(json_response("200 OK", "", r#"{"ok": true}"#)).await;
    let seam = client(&server.url());
    let err = seam
        .acs()
        .credentials()
        .delete(CREDENTIAL_ID)
        .timeout(Duration::ZERO)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidOptions { message , .. } if message.contains("timeout")),
        "{err:?}"
    );

    for limit in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let err = seam
            .acs()
            .credentials()
            .list()
            .limit(limit)
            .send()
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Error::InvalidOptions { message , .. } if message.contains("limit") && message.contains("finite")),
            "{limit}: {err:?}"
        );
    }
    assert_eq!(server.count(), 0, "nothing was sent");
    seam.acs()
        .credentials()
        .list()
        .limit(10)
        .send()
        .await
        .expect_err("the server's body is not a list");
    assert_eq!(server.count(), 1);
}
