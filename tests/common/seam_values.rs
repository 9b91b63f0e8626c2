//! Values both the wire tests and the command-line tests use: test tokens, the
//! seed pages' ids, a complete credential, and the create page's "Seam CLI"
//! response. The wire and command-line test binaries include this file, and
//! each uses part of it.
#![allow(dead_code)]

use serde_json::{json, Value};

pub const API_KEY: &str = "seam_testkey1_SECRETSECRET";
pub const PAT: &str = "seam_at1_SECRETSECRET";

pub const WORKSPACE_ID: &str = "00000000-0000-0000-0000-000000000000";
pub const CREDENTIAL_ID: &str = "99999999-9999-9999-9999-999999999999";
pub const USER_ID: &str = "33333333-3333-3333-3333-333333333333";
pub const SYSTEM_ID: &str = "88888888-8888-8888-8888-888888888888";
pub const ENTRANCE_ID: &str = "55555555-5555-5555-5555-555555555555";
pub const REQUEST_ID: &str = "request_0123456789";

/// A complete `acs_credential` as the API returns it.
pub fn credential(id: &str) -> Value {
    json!({
        "acs_credential_id": id,
        "connected_account_id": "11111111-1111-1111-1111-111111111111",
        "acs_system_id": SYSTEM_ID,
        "acs_user_id": USER_ID,
        "workspace_id": WORKSPACE_ID,
        "display_name": "Multi Phone Sync Credential",
        "access_method": "mobile_key",
        "code": null,
        "created_at": "2024-04-12T03:56:22.396Z",
        "errors": [],
        "warnings": [],
        "is_managed": true,
        "is_multi_phone_sync_credential": true
    })
}

/// `seeds/000_80d900f19b3ca894.txt`, the Seam CLI response, in the order
/// printed there.
pub const CREATE_RESPONSE_CLI: &str = r#"{
"acs_credential_id": "99999999-9999-9999-9999-999999999999",
"acs_user_id": "33333333-3333-3333-3333-333333333333",
"display_name": "Multi Phone Sync Credential",
"code": null,
"acs_system_id": "88888888-8888-8888-8888-888888888888",
"access_method": "mobile_key",
"workspace_id": "00000000-0000-0000-0000-000000000000",
"created_at": "2024-04-12T03:56:22.396Z",
"is_multi_phone_sync_credential": true
}"#;
