//! Redirects are never followed: Seam's API does not redirect, and following one
//! would send credentials, the workspace header or a request body (a PIN code
//! included) to another origin, or turn a POST into a GET that "succeeds"
//! without doing anything. A 3xx answer is `Error::Redirect` naming the Location.

use seam::models::AcsCredentialAccessMethod;
use seam::{Error, Seam};

use crate::server::{json_response, RawServer};
use crate::support::{builder, credential, API_KEY, CREDENTIAL_ID, CST, PAT, PIN, WORKSPACE_ID};

/// A server that would answer anything successfully: where a followed redirect lands.
async fn elsewhere() -> RawServer {
    let body = serde_json::json!({ "acs_credential": credential(CREDENTIAL_ID), "ok": true });
    RawServer::fixed(json_response("200 OK", "", &body.to_string())).await
}

fn clients(url: &str) -> Vec<Seam> {
    vec![
        builder(url)
            .personal_access_token(PAT)
            .workspace_id(WORKSPACE_ID)
            .build()
            .unwrap(),
        builder(url).api_key(API_KEY).build().unwrap(),
    ]
}

#[tokio::test]
async fn no_redirect_status_reaches_another_origin() {
    let target = elsewhere().await;
    for status in [
        "301 Moved Permanently",
        "302 Found",
        "303 See Other",
        "307 Temporary Redirect",
        "308 Permanent Redirect",
    ] {
        let location = format!("{}/acs/credentials/create", target.url());
        let redirector = RawServer::fixed(json_response(
            status,
            &format!("location: {location}\r\n"),
            "{}",
        ))
        .await;
        for seam in clients(&redirector.url()) {
            let err = seam
                .acs()
                .credentials()
                .create(AcsCredentialAccessMethod::Code)
                .code(PIN)
                .send()
                .await
                .expect_err("a redirect is not a created credential");
            let code: u16 = status[..3].parse().unwrap();
            assert!(
                matches!(&err, Error::Redirect { operation: "acs.credentials.create", status, location: Some(l) , .. }
                    if *status == code && *l == location),
                "{status}: {err:?}"
            );
            assert!(err.to_string().contains(&location), "{err}");
            assert_eq!(err.status(), Some(code));
        }
        assert_eq!(
            redirector.count(),
            2,
            "{status}: one request per client, no retry"
        );
        assert_eq!(
            target.count(),
            0,
            "{status}: nothing reached the other origin"
        );
        // The credentials and the PIN went where they were meant to, once.
        let sent = redirector.received();
        assert!(sent
            .iter()
            .all(|r| r.method == "POST" && String::from_utf8_lossy(&r.body).contains(PIN)));
        assert_eq!(sent[0].header("seam-workspace"), Some(WORKSPACE_ID));
        let bearer = format!("Bearer {API_KEY}");
        assert_eq!(sent[1].header("authorization"), Some(bearer.as_str()));
    }
}

#[tokio::test]
async fn a_same_origin_redirect_of_a_retry_safe_read_is_an_error_too() {
    let redirector = RawServer::fixed(json_response(
        "302 Found",
        "location: /acs/credentials/get2\r\n",
        "",
    ))
    .await;
    let seam = builder(&redirector.url())
        .personal_access_token(PAT)
        .workspace_id(WORKSPACE_ID)
        .build()
        .unwrap();
    let err = seam
        .acs()
        .credentials()
        .get(CREDENTIAL_ID)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Redirect { status: 302, location: Some(l), .. } if l == "/acs/credentials/get2"),
        "{err:?}"
    );
    assert_eq!(redirector.count(), 1, "redirects are not retried");
    let paths: Vec<String> = redirector.received().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        [format!(
            "/acs/credentials/get?acs_credential_id={CREDENTIAL_ID}&_strict=true"
        )]
    );
}

#[tokio::test]
async fn a_redirect_without_location_is_still_an_error() {
    let redirector = RawServer::fixed(json_response("301 Moved Permanently", "", "")).await;
    let seam = builder(&redirector.url())
        .client_session_token(CST)
        .build()
        .unwrap();
    // Listing is what the document lets a client session do.
    let err = seam.acs().credentials().list().send().await.unwrap_err();
    assert!(
        matches!(
            &err,
            Error::Redirect {
                status: 301,
                location: None,
                ..
            }
        ),
        "{err:?}"
    );
    let sent = redirector.received();
    assert_eq!(sent.len(), 1, "a redirect is never followed or retried");
    assert_eq!(sent[0].header("client-session-token"), Some(CST));
}
