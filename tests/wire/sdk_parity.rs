//! spec/'s eleven operations sent by Seam's own JavaScript SDK and by the
//! generated client, against one recording server: the same method, path,
//! query string (byte for byte) and body (see `tests/node/sdk_parity.rs`).

use seam::models::{AcsCredentialAccessMethod, AcsCredentialsCreateVisionlineMetadata};
use serde_json::json;

use crate::js_sdk::*;
use crate::support::*;

const ID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const USER: &str = "5f8c9a0e-1b2c-4d3e-8f9a-0b1c2d3e4f5a";
const ENTRANCE: &str = "c0ffee00-0000-4000-8000-000000000001";
/// Characters a query string must escape, and one it must not.
const SEARCH: &str = "Ann & Bob=1/2+é ~*";

fn calls() -> Vec<JsCall> {
    let call = JsCall::new;
    vec![
        call(
            "acs.credentials.create",
            json!({
                "access_method": "card",
                "acs_user_id": USER,
                "allowed_acs_entrance_ids": [ENTRANCE, ID],
                "starts_at": "2025-06-01T10:00:00Z",
                "is_multi_phone_sync_credential": false,
                "visionline_metadata": { "joiner_acs_credential_ids": [ID], "override": true },
            }),
        ),
        call(
            "acs.credentials.assign",
            json!({ "acs_credential_id": ID, "acs_user_id": USER }),
        ),
        call(
            "acs.credentials.unassign",
            json!({ "acs_credential_id": ID, "user_identity_id": USER }),
        ),
        call(
            "acs.credentials.update",
            json!({ "acs_credential_id": ID, "code": "1234", "ends_at": "2025-07-01T00:00:00Z" }),
        ),
        call("acs.credentials.delete", json!({ "acs_credential_id": ID })),
        call("acs.credentials.get", json!({ "acs_credential_id": ID })),
        call(
            "acs.credentials.list",
            json!({
                "acs_user_id": USER,
                "limit": 25,
                "page_cursor": null,
                "created_before": "2025-01-02T03:04:05Z",
                "is_multi_phone_sync_credential": true,
                "search": SEARCH,
            }),
        ),
        call("acs.credentials.list", json!({})),
        call(
            "acs.credentials.list",
            json!({ "page_cursor": "cursor/with=odd&chars", "limit": 2.5 }),
        ),
        call(
            "acs.credentials.list_accessible_entrances",
            json!({ "acs_credential_id": ID }),
        ),
        // Undocumented: the SDK has no methods for these three.
        JsCall::raw(
            "acs.credentials.create_offline_code",
            "POST",
            "/acs/credentials/create_offline_code",
            json!({ "acs_user_id": USER, "allowed_acs_entrance_id": ENTRANCE, "is_one_time_use": true }),
        ),
        JsCall::raw(
            "acs.credentials.unmanaged.get",
            "GET",
            "/acs/credentials/unmanaged/get",
            json!({ "acs_credential_id": ID }),
        ),
        JsCall::raw(
            "acs.credentials.unmanaged.list",
            "GET",
            "/acs/credentials/unmanaged/list",
            json!({ "acs_system_id": ID, "user_identity_id": USER }),
        ),
    ]
}

/// The same calls, in the same order, through the Rust client.
async fn rust_calls(seam: &seam::Seam) {
    let credentials = seam.acs().credentials();
    let visionline = AcsCredentialsCreateVisionlineMetadata::default()
        .with_joiner_acs_credential_ids(vec![ID.to_owned()])
        .with_override(true);
    // Each response is `{"ok": true}`, which some calls cannot decode: only
    // what is sent matters here.
    let _ = credentials
        .create(AcsCredentialAccessMethod::Card)
        .acs_user_id(USER)
        .allowed_acs_entrance_ids([ENTRANCE, ID])
        .starts_at(at("2025-06-01T10:00:00Z"))
        .is_multi_phone_sync_credential(false)
        .visionline_metadata(visionline)
        .await;
    let _ = credentials.assign(ID).acs_user_id(USER).await;
    let _ = credentials.unassign(ID).user_identity_id(USER).await;
    let _ = credentials
        .update(ID)
        .code("1234")
        .ends_at(at("2025-07-01T00:00:00Z"))
        .await;
    let _ = credentials.delete(ID).await;
    let _ = credentials.get(ID).await;
    let _ = credentials
        .list()
        .acs_user_id(USER)
        .limit(25)
        .page_cursor_null()
        .created_before(at("2025-01-02T03:04:05Z"))
        .is_multi_phone_sync_credential(true)
        .search(SEARCH)
        .await;
    let _ = credentials.list().await;
    let _ = credentials
        .list()
        .page_cursor("cursor/with=odd&chars")
        .limit(2.5)
        .await;
    let _ = credentials.list_accessible_entrances(ID).await;
    let _ = credentials
        .create_offline_code(USER, ENTRANCE)
        .is_one_time_use(true)
        .await;
    let _ = credentials.unmanaged().get(ID).await;
    let _ = credentials
        .unmanaged()
        .list()
        .acs_system_id(ID)
        .user_identity_id(USER)
        .await;
}

#[tokio::test]
async fn every_operation_is_sent_as_seams_javascript_sdk_sends_it() {
    let calls = calls();
    let js_server = recording_server().await;
    let endpoint = js_server.uri();
    tokio::task::spawn_blocking(move || run_js_sdk(&endpoint, &calls))
        .await
        .unwrap();
    let rust_server = recording_server().await;
    let seam = builder(&rust_server)
        .api_key(API_KEY)
        .max_retries(0)
        .build()
        .unwrap();
    rust_calls(&seam).await;
    let calls = self::calls();
    assert_same_requests(&calls, &sent(&js_server).await, &sent(&rust_server).await);
    // All eleven operations are among them.
    let names: std::collections::BTreeSet<&str> = calls.iter().map(|c| c.call).collect();
    assert_eq!(names.len(), Op::ALL.len());
}
