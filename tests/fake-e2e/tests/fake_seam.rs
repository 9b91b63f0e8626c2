//! The full generated client (`seam_full`) against Seam's own fake server. Every test
//! starts its own freshly seeded fake (see `seam_fake_e2e::FakeSeam`), so tests are
//! independent and the ids they see are deterministic (`acs_user1`, ...).

use std::time::Duration;

use futures_util::StreamExt;
use seam_fake_e2e::{
    assert_request_id, CountingProxy, FakeSeam, ACS_SYSTEM_ID, API_KEY, CLIENT_SESSION_TOKEN,
    PERSONAL_ACCESS_TOKEN, WORKSPACE_ID,
};
use seam_full::models::{AcsSystem, AcsSystemExternalType, AcsUser, AcsUserExternalType};
use seam_full::{Error, Seam, SeamBuilder};
use serde_json::{json, Value};

/// A builder pointed at `endpoint`, deaf to `SEAM_*` variables of the environment,
/// with 1 ms retry delays so that retry tests do not wait.
fn builder(endpoint: &str) -> SeamBuilder {
    Seam::builder()
        .endpoint(endpoint)
        .ignore_env()
        .retry_base_delay(Duration::from_millis(1))
}

fn api_key_client(endpoint: &str) -> Seam {
    builder(endpoint)
        .api_key(API_KEY)
        .build()
        .expect("API key client")
}

/// Lists systems, then creates, gets, lists, updates and deletes an ACS user,
/// checking what comes back at each step.
async fn acs_user_lifecycle(seam: &Seam) {
    let systems = seam
        .acs()
        .systems()
        .list()
        .send()
        .await
        .expect("list systems");
    assert_eq!(systems.len(), 1, "{systems:#?}");
    let system = &systems[0];
    assert_eq!(system.acs_system_id, ACS_SYSTEM_ID);
    assert_eq!(system.name, "Fake Visionline System");
    assert_eq!(system.workspace_id, WORKSPACE_ID);
    assert_eq!(system.connected_account_id, "john_connected_account_id");
    assert_eq!(
        system.external_type,
        Some(AcsSystemExternalType::VisionlineSystem)
    );
    assert_eq!(
        system.system_type_display_name.as_deref(),
        Some("Visionline")
    );
    let fetched = seam
        .acs()
        .systems()
        .get(&system.acs_system_id)
        .send()
        .await
        .expect("get system");
    assert_eq!(&fetched, system);

    assert!(seam.acs().users().list().send().await.unwrap().is_empty());
    let created = seam
        .acs()
        .users()
        .create(&system.acs_system_id, "Jane Doe")
        .email_address("jane@example.com")
        .phone_number("+15555550100")
        .send()
        .await
        .expect("create user");
    assert_eq!(created.acs_user_id, "acs_user1");
    assert_eq!(created.acs_system_id, ACS_SYSTEM_ID);
    assert_eq!(created.workspace_id, WORKSPACE_ID);
    assert_eq!(created.full_name.as_deref(), Some("Jane Doe"));
    assert_eq!(created.display_name, "Jane Doe");
    assert_eq!(created.email_address.as_deref(), Some("jane@example.com"));
    assert_eq!(created.phone_number.as_deref(), Some("+15555550100"));
    assert_eq!(created.is_suspended, Some(false));
    assert!(
        created.created_at.timestamp() > 0,
        "created_at not decoded: {created:?}"
    );

    let got = seam
        .acs()
        .users()
        .get()
        .acs_user_id(&created.acs_user_id)
        .send()
        .await
        .expect("get user");
    assert_eq!(got, created);

    let listed = seam
        .acs()
        .users()
        .list()
        .acs_system_id(ACS_SYSTEM_ID)
        .send()
        .await
        .expect("list users");
    assert_eq!(listed, vec![created.clone()]);
    let searched = seam
        .acs()
        .users()
        .list()
        .search("Jane")
        .send()
        .await
        .unwrap();
    assert_eq!(searched, vec![created.clone()]);

    seam.acs()
        .users()
        .update()
        .acs_user_id(&created.acs_user_id)
        .full_name("Janet Roe")
        .phone_number("+15555550199")
        .send()
        .await
        .expect("update user");
    let updated = seam
        .acs()
        .users()
        .get()
        .acs_user_id(&created.acs_user_id)
        .send()
        .await
        .unwrap();
    assert_eq!(updated.full_name.as_deref(), Some("Janet Roe"));
    assert_eq!(updated.phone_number.as_deref(), Some("+15555550199"));
    assert_eq!(updated.created_at, created.created_at);
    assert_eq!(updated.email_address, created.email_address);

    seam.acs()
        .users()
        .delete()
        .acs_user_id(&created.acs_user_id)
        .send()
        .await
        .expect("delete user");
    let err = seam
        .acs()
        .users()
        .get()
        .acs_user_id(&created.acs_user_id)
        .send()
        .await
        .expect_err("the user is deleted");
    match &err {
        Error::Api {
            status,
            code,
            request_id,
            ..
        } => {
            assert_eq!(*status, 404);
            assert_eq!(code, "acs_user_not_found");
            assert_request_id(request_id.as_deref());
        }
        other => panic!("expected Error::Api acs_user_not_found, got {other:?}"),
    }
    assert!(seam.acs().users().list().send().await.unwrap().is_empty());
}

#[tokio::test]
async fn api_key_acs_user_lifecycle() {
    let fake = FakeSeam::start().await;
    acs_user_lifecycle(&api_key_client(fake.url())).await;
}

#[tokio::test]
async fn personal_access_token_with_workspace_acs_user_lifecycle() {
    let fake = FakeSeam::start().await;
    let seam = builder(fake.url())
        .personal_access_token(PERSONAL_ACCESS_TOKEN)
        .workspace_id(WORKSPACE_ID)
        .build()
        .expect("PAT client");
    acs_user_lifecycle(&seam).await;
}

#[tokio::test]
async fn personal_access_token_without_workspace_is_refused() {
    let fake = FakeSeam::start().await;
    // The client refuses before sending anything.
    match builder(fake.url())
        .personal_access_token(PERSONAL_ACCESS_TOKEN)
        .build()
    {
        Err(Error::InvalidOptions { message }) => {
            assert!(message.contains("workspace"), "{message}");
        }
        other => panic!("expected Error::InvalidOptions, got {other:?}"),
    }
    // What the server says to a PAT sent as a bare bearer token, without the
    // `seam-workspace` header (the request the client refuses to make).
    let raw = fake
        .raw_post(
            "/acs/users/list",
            Some(PERSONAL_ACCESS_TOKEN),
            &[],
            &json!({}),
        )
        .await;
    assert_eq!(raw.status, 401, "{raw:?}");
    assert_eq!(
        raw.body["error"]["type"], "access_token_used_for_api_key",
        "{raw:?}"
    );
    // And with the header it is accepted.
    let raw = fake
        .raw_post(
            "/acs/users/list",
            Some(PERSONAL_ACCESS_TOKEN),
            &[("seam-workspace", WORKSPACE_ID)],
            &json!({}),
        )
        .await;
    assert_eq!(raw.status, 200, "{raw:?}");
}

#[tokio::test]
async fn client_session_token_lists_systems_and_users() {
    // /acs/systems/list and /acs/users/list list `client_session` among their
    // security schemes in Seam's spec.
    let fake = FakeSeam::start().await;
    let api = api_key_client(fake.url());
    let user = api
        .acs()
        .users()
        .create(ACS_SYSTEM_ID, "Session User")
        .send()
        .await
        .unwrap();

    let seam = builder(fake.url())
        .client_session_token(CLIENT_SESSION_TOKEN)
        .build()
        .expect("client session token client");
    let systems = seam
        .acs()
        .systems()
        .list()
        .send()
        .await
        .expect("list systems");
    assert_eq!(
        systems
            .iter()
            .map(|s| s.acs_system_id.as_str())
            .collect::<Vec<_>>(),
        [ACS_SYSTEM_ID]
    );
    let users = seam.acs().users().list().send().await.expect("list users");
    assert_eq!(users, vec![user]);
}

#[tokio::test]
async fn bad_api_key_is_unauthorized() {
    let fake = FakeSeam::start().await;
    let seam = builder(fake.url())
        .api_key("seam_apikey_bad")
        .build()
        .unwrap();
    let err = seam.acs().systems().list().send().await.unwrap_err();
    match &err {
        Error::Unauthorized {
            message,
            request_id,
        } => {
            assert_eq!(message, "API Key not found");
            assert_request_id(request_id.as_deref());
        }
        other => panic!("expected Error::Unauthorized, got {other:?}"),
    }
    assert_eq!(err.status(), Some(401));
    assert_eq!(err.code(), Some("unauthorized"));
}

#[tokio::test]
async fn missing_or_malformed_fields_are_invalid_input() {
    let fake = FakeSeam::start().await;
    let seam = api_key_client(fake.url());

    // acs_user_id is optional in the spec (get takes acs_user_id, or user_identity_id
    // with acs_system_id), so the typed client can send `{}`; the fake requires it.
    let err = seam.acs().users().get().send().await.unwrap_err();
    match &err {
        Error::InvalidInput {
            message,
            validation_errors,
            request_id,
        } => {
            assert_eq!(message, "acs_user_id is required");
            assert_eq!(validation_errors.field("acs_user_id"), ["Required"]);
            assert_eq!(validation_errors.iter().count(), 1, "{validation_errors:?}");
            assert_request_id(request_id.as_deref());
        }
        other => panic!("expected Error::InvalidInput, got {other:?}"),
    }
    assert_eq!(err.status(), Some(400));

    // Typed but malformed values, checked by the server.
    let err = seam
        .acs()
        .users()
        .create(ACS_SYSTEM_ID, "Jane Doe")
        .email_address("not-an-email")
        .send()
        .await
        .unwrap_err();
    let errors = err.validation_errors().expect("InvalidInput");
    assert_eq!(errors.field("email_address"), ["Invalid email"], "{err}");

    let err = seam
        .acs()
        .users()
        .create(ACS_SYSTEM_ID, "Jane Doe")
        .phone_number("555")
        .send()
        .await
        .unwrap_err();
    let errors = err.validation_errors().expect("InvalidInput");
    assert_eq!(
        errors.field("phone_number"),
        ["Phone number must be in E.164 format: +14155552671"],
        "{err}"
    );
    // Nothing was created.
    assert!(seam.acs().users().list().send().await.unwrap().is_empty());
}

#[tokio::test]
async fn unknown_ids_are_api_not_found_with_request_id() {
    let fake = FakeSeam::start().await;
    let seam = api_key_client(fake.url());

    let err = seam
        .acs()
        .users()
        .get()
        .acs_user_id("acs_user_does_not_exist")
        .send()
        .await
        .unwrap_err();
    match &err {
        Error::Api {
            status,
            code,
            message,
            request_id,
            ..
        } => {
            assert_eq!(*status, 404);
            assert_eq!(code, "acs_user_not_found");
            assert_eq!(message, "acs_user not found");
            assert_request_id(request_id.as_deref());
            let shown = err.to_string();
            assert!(
                shown.contains(request_id.as_deref().unwrap()),
                "the message should quote the request id: {shown}"
            );
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }

    let err = seam
        .acs()
        .systems()
        .get("acs_system_does_not_exist")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("acs_system_not_found"), "{err:?}");
    assert_eq!(err.status(), Some(404));
    assert_request_id(err.request_id());

    // A write on an unknown parent: not found, and nothing created.
    let err = seam
        .acs()
        .users()
        .create("acs_system_does_not_exist", "Jane Doe")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("acs_system_not_found"), "{err:?}");
}

#[tokio::test]
async fn outage_retries_reads_but_not_writes() {
    let fake = FakeSeam::start().await;
    // The client talks to the fake through a counting proxy (see CountingProxy:
    // it counts HTTP request lines, so kept-alive connections do not hide attempts).
    let proxy = CountingProxy::start(fake.addr()).await;
    // The outage is switched on directly at the fake, not through the proxy.
    fake.simulate_outage(&["/acs/users/list", "/acs/users/create"])
        .await;
    let seam = builder(proxy.url())
        .api_key(API_KEY)
        .max_retries(2)
        .build()
        .unwrap();

    // A read: 1 attempt + 2 retries.
    let err = seam.acs().users().list().send().await.unwrap_err();
    match &err {
        Error::Http {
            status,
            body,
            request_id,
        } => {
            assert_eq!(*status, 503);
            assert_eq!(body, "", "the fake's 503 has an empty body");
            assert_request_id(request_id.as_deref());
        }
        other => panic!("expected Error::Http 503, got {other:?}"),
    }
    assert_eq!(
        proxy.count("POST /acs/users/list"),
        3,
        "{:?}",
        proxy.requests()
    );

    // A per-request override, and no retries at all.
    let err = seam
        .acs()
        .users()
        .list()
        .max_retries(4)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(proxy.count("POST /acs/users/list"), 3 + 5);
    let err = seam
        .acs()
        .users()
        .list()
        .max_retries(0)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(proxy.count("POST /acs/users/list"), 3 + 5 + 1);

    // A write is never repeated, whatever max_retries says.
    let err = seam
        .acs()
        .users()
        .create(ACS_SYSTEM_ID, "Jane Doe")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503), "{err:?}");
    assert_eq!(
        proxy.count("POST /acs/users/create"),
        1,
        "{:?}",
        proxy.requests()
    );

    // Routes outside the outage still work, in one attempt, through the same proxy.
    let systems = seam.acs().systems().list().send().await.unwrap();
    assert_eq!(systems.len(), 1);
    assert_eq!(proxy.count("POST /acs/systems/list"), 1);
    assert_eq!(
        proxy.requests().len(),
        3 + 5 + 1 + 1 + 1,
        "{:?}",
        proxy.requests()
    );
}

/// Keys of a JSON object, for the messages below.
fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .expect("a JSON object")
        .keys()
        .map(String::as_str)
        .collect()
}

#[tokio::test]
async fn responses_missing_required_fields_still_decode() {
    let fake = FakeSeam::start().await;
    let seam = api_key_client(fake.url());
    let user = seam
        .acs()
        .users()
        .create(ACS_SYSTEM_ID, "Jane Doe")
        .send()
        .await
        .expect("the fake's acs_user decodes");

    // The fake's raw acs_user really lacks these fields, which the spec marks required.
    let raw = fake
        .raw_post(
            "/acs/users/get",
            Some(API_KEY),
            &[],
            &json!({ "acs_user_id": user.acs_user_id }),
        )
        .await;
    assert_eq!(raw.status, 200, "{raw:?}");
    let raw_user = &raw.body["acs_user"];
    for missing in ["warnings", "errors", "connected_account_id", "is_managed"] {
        assert!(
            raw_user.get(missing).is_none(),
            "the fake now sends acs_user.{missing}: {:?}",
            keys(raw_user)
        );
    }
    // ... and they decode as their types' defaults.
    assert!(user.warnings.is_empty());
    assert!(user.errors.is_empty());
    assert_eq!(user.connected_account_id, "");
    assert!(!user.is_managed);
    assert_eq!(user.external_type, None);
    assert_eq!(user.acs_user_id, raw_user["acs_user_id"]);

    // Fields this client does not know, and enum values it does not know, are fine.
    let mut future_user = raw_user.clone();
    future_user["a_field_from_the_future"] = json!({ "nested": [1, 2, 3] });
    future_user["external_type"] = json!("a_future_user_type");
    let decoded: AcsUser = serde_json::from_value(future_user).expect("decode with extras");
    assert_eq!(decoded.acs_user_id, user.acs_user_id);
    assert_eq!(
        decoded.external_type,
        Some(AcsUserExternalType::Unknown("a_future_user_type".into()))
    );
    assert_eq!(
        AcsUser {
            external_type: None,
            ..decoded
        },
        user
    );

    // The same for acs_system.
    let raw = fake
        .raw_post("/acs/systems/list", Some(API_KEY), &[], &json!({}))
        .await;
    let raw_system = &raw.body["acs_systems"][0];
    for missing in [
        "connected_account_ids",
        "errors",
        "warnings",
        "is_credential_manager",
        "image_url",
        "location",
    ] {
        assert!(
            raw_system.get(missing).is_none(),
            "the fake now sends acs_system.{missing}: {:?}",
            keys(raw_system)
        );
    }
    let system = seam
        .acs()
        .systems()
        .get(ACS_SYSTEM_ID)
        .send()
        .await
        .unwrap();
    assert!(system.connected_account_ids.is_empty());
    assert!(system.errors.is_empty());
    assert!(system.warnings.is_empty());
    assert!(!system.is_credential_manager);
    assert_eq!(system.image_url, "");
    assert_eq!(system.name, raw_system["name"]);
    let mut future_system = raw_system.clone();
    future_system["a_field_from_the_future"] = json!(true);
    future_system["system_type"] = json!("a_future_system");
    let decoded: AcsSystem = serde_json::from_value(future_system).expect("decode with extras");
    assert_eq!(
        decoded.system_type,
        Some(AcsSystemExternalType::Unknown("a_future_system".into()))
    );
    assert_eq!(decoded.acs_system_id, ACS_SYSTEM_ID);
}

#[tokio::test]
async fn list_without_pagination_is_one_page() {
    let fake = FakeSeam::start().await;
    let seam = api_key_client(fake.url());
    for name in ["Ann", "Bob", "Cy"] {
        seam.acs()
            .users()
            .create(ACS_SYSTEM_ID, name)
            .send()
            .await
            .unwrap();
    }
    // The fake leaves `pagination` out of list responses (and ignores `limit`).
    let raw = fake
        .raw_post(
            "/acs/users/list",
            Some(API_KEY),
            &[],
            &json!({ "limit": 1 }),
        )
        .await;
    assert!(
        raw.body.get("pagination").is_none(),
        "the fake now paginates: {}",
        raw.body
    );

    let proxy = CountingProxy::start(fake.addr()).await;
    let seam = builder(proxy.url()).api_key(API_KEY).build().unwrap();
    let mut pages = seam.acs().users().list().limit(1).pages();
    let first = pages.next().await.expect("one page").expect("page decodes");
    assert!(!first.has_next_page);
    assert_eq!(first.next_page_cursor, None);
    let names: Vec<_> = first
        .items
        .iter()
        .map(|u| u.full_name.clone().unwrap_or_default())
        .collect();
    assert_eq!(names, ["Ann", "Bob", "Cy"]);
    assert!(pages.next().await.is_none(), "only one page");

    let items: Vec<AcsUser> = seam
        .acs()
        .users()
        .list()
        .items()
        .map(|item| item.expect("item decodes"))
        .collect()
        .await;
    assert_eq!(items, first.items);
    // One request per listing: the helpers stop at a page without `pagination`.
    assert_eq!(
        proxy.count("POST /acs/users/list"),
        2,
        "{:?}",
        proxy.requests()
    );
}
