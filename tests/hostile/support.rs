//! Clients for the raw servers, and the response bodies the tests share.

use std::time::Duration;

use seam::{Seam, SeamBuilder};

use crate::server::RawServer;
use serde_json::{json, Value};

pub const API_KEY: &str = "seam_testkey1_SECRETSECRET";
pub const PAT: &str = "seam_at1_SECRETSECRET";
pub const CST: &str = "seam_cst1_SECRETSECRET";
pub const WORKSPACE_ID: &str = "00000000-0000-0000-0000-000000000000";
pub const CREDENTIAL_ID: &str = "99999999-9999-9999-9999-999999999999";
pub const USER_ID: &str = "33333333-3333-3333-3333-333333333333";
/// A PIN code that must never show in Debug output or errors.
pub const PIN: &str = "918273";

/// A builder for `url`, deaf to the environment, with 1 ms retry delays.
pub fn builder(url: &str) -> SeamBuilder {
    Seam::builder()
        .ignore_env()
        .endpoint(url)
        .retry_base_delay(Duration::from_millis(1))
}

/// The error an API-key client's `get` of one credential fails with against `server`.
pub async fn get_error(server: &RawServer) -> seam::Error {
    client(&server.url())
        .acs()
        .credentials()
        .get(CREDENTIAL_ID)
        .send()
        .await
        .expect_err("the server's answer is an error")
}

/// The same for `create` (which is never retried).
pub async fn create_error(server: &RawServer) -> seam::Error {
    client(&server.url())
        .acs()
        .credentials()
        .create(seam::models::AcsCredentialAccessMethod::Code)
        .send()
        .await
        .expect_err("the server's answer is an error")
}

/// An API-key client for `url`.
pub fn client(url: &str) -> Seam {
    builder(url)
        .api_key(API_KEY)
        .build()
        .expect("valid options")
}

/// A complete `acs_credential` as the API returns it.
pub fn credential(id: &str) -> Value {
    json!({
        "acs_credential_id": id,
        "connected_account_id": "11111111-1111-1111-1111-111111111111",
        "acs_system_id": "88888888-8888-8888-8888-888888888888",
        "workspace_id": WORKSPACE_ID,
        "display_name": "Front door",
        "access_method": "code",
        "code": PIN,
        "created_at": "2024-04-12T03:56:22.396Z",
        "errors": [],
        "warnings": [],
        "is_managed": true
    })
}

/// One page of `/acs/credentials/list`.
pub fn page(ids: &[String], cursor: Option<&str>, has_next_page: bool) -> String {
    let items: Vec<Value> = ids.iter().map(|id| credential(id)).collect();
    json!({
        "acs_credentials": items,
        "pagination": {
            "next_page_cursor": cursor,
            "has_next_page": has_next_page,
            "next_page_url": null
        },
        "ok": true
    })
    .to_string()
}

/// Fails if `text` shows any secret the tests use.
pub fn assert_no_secret(text: &str) {
    for secret in [API_KEY, PAT, CST, PIN, "hunter2"] {
        assert!(!text.contains(secret), "secret {secret:?} leaked: {text}");
    }
}

/// Fails if the error's Display, Debug or source chain shows a secret.
pub fn assert_error_has_no_secret(err: &seam::Error) {
    let mut shown = format!("{err} {err:?}");
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        shown.push_str(&format!(" {cause} {cause:?}"));
        source = cause.source();
    }
    assert_no_secret(&shown);
}
