//! The full generated client (`seam-full`, named `seam` here) against Seam's own fake server. Every test
//! starts its own freshly seeded fake (see `seam_fake_e2e::FakeSeam`), so tests are
//! independent and the ids they see are deterministic (`acs_user1`, ...).

use std::time::Duration;

use futures_util::StreamExt;
use seam::models::{AcsSystem, AcsSystemSystemType, AcsUser, AcsUserExternalType};
use seam::{Error, Seam, SeamBuilder};
use seam_fake_e2e::{
    assert_request_id, CountingProxy, FakeSeam, ACS_SYSTEM_ID, API_KEY, CLIENT_SESSION_TOKEN,
    PERSONAL_ACCESS_TOKEN, WORKSPACE_ID,
};
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
///
/// The fake's `acs_system` and `acs_user` leave out fields that Seam's spec
/// requires (see `the_fakes_incomplete_resources_are_refused_by_name`), which
/// the typed client refuses rather than invent; those steps read the values
/// with `send_as::<Value>()`, which decodes whatever the server sent.
async fn acs_user_lifecycle(seam: &Seam) {
    let systems: Value = seam
        .acs()
        .systems()
        .list()
        .send_as()
        .await
        .expect("list systems");
    let systems = systems.as_array().expect("a list");
    assert_eq!(systems.len(), 1, "{systems:#?}");
    let system = &systems[0];
    assert_eq!(system["acs_system_id"], ACS_SYSTEM_ID);
    assert_eq!(system["name"], "Fake Visionline System");
    assert_eq!(system["workspace_id"], WORKSPACE_ID);
    assert_eq!(system["connected_account_id"], "john_connected_account_id");
    assert_eq!(system["external_type"], "visionline_system");
    assert_eq!(system["system_type_display_name"], "Visionline");
    let fetched: Value = seam
        .acs()
        .systems()
        .get(ACS_SYSTEM_ID)
        .send_as()
        .await
        .expect("get system");
    assert_eq!(&fetched, system);

    let listed: Vec<Value> = seam.acs().users().list().send_as().await.unwrap();
    assert!(listed.is_empty());
    let created: Value = seam
        .acs()
        .users()
        .create("Jane Doe", ACS_SYSTEM_ID)
        .email_address("jane@example.com")
        .phone_number("+15555550100")
        .send_as()
        .await
        .expect("create user");
    assert_eq!(created["acs_user_id"], "acs_user1");
    assert_eq!(created["acs_system_id"], ACS_SYSTEM_ID);
    assert_eq!(created["workspace_id"], WORKSPACE_ID);
    assert_eq!(created["full_name"], "Jane Doe");
    assert_eq!(created["display_name"], "Jane Doe");
    assert_eq!(created["email_address"], "jane@example.com");
    assert_eq!(created["phone_number"], "+15555550100");
    assert_eq!(created["is_suspended"], false);
    let created_at: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(created["created_at"].clone()).expect("an RFC 3339 created_at");
    assert!(created_at.timestamp() > 0);
    let user_id = created["acs_user_id"].as_str().unwrap().to_owned();

    let got: Value = seam
        .acs()
        .users()
        .get()
        .acs_user_id(&user_id)
        .send_as()
        .await
        .expect("get user");
    assert_eq!(got, created);

    let listed: Vec<Value> = seam
        .acs()
        .users()
        .list()
        .acs_system_id(ACS_SYSTEM_ID)
        .send_as()
        .await
        .expect("list users");
    assert_eq!(listed, vec![created.clone()]);
    let searched: Vec<Value> = seam
        .acs()
        .users()
        .list()
        .search("Jane")
        .send_as()
        .await
        .unwrap();
    assert_eq!(searched, vec![created.clone()]);

    // Void operations need only the success envelope: typed as they are.
    seam.acs()
        .users()
        .update()
        .acs_user_id(&user_id)
        .full_name("Janet Roe")
        .phone_number("+15555550199")
        .send()
        .await
        .expect("update user");
    let updated: Value = seam
        .acs()
        .users()
        .get()
        .acs_user_id(&user_id)
        .send_as()
        .await
        .unwrap();
    assert_eq!(updated["full_name"], "Janet Roe");
    assert_eq!(updated["phone_number"], "+15555550199");
    assert_eq!(updated["created_at"], created["created_at"]);
    assert_eq!(updated["email_address"], created["email_address"]);

    seam.acs()
        .users()
        .delete()
        .acs_user_id(&user_id)
        .send()
        .await
        .expect("delete user");
    let err = seam
        .acs()
        .users()
        .get()
        .acs_user_id(&user_id)
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
    let listed: Vec<Value> = seam.acs().users().list().send_as().await.unwrap();
    assert!(listed.is_empty());
}

#[tokio::test]
async fn api_key_acs_user_lifecycle() {
    let fake = FakeSeam::start().await;
    acs_user_lifecycle(&api_key_client(fake.url())).await;
}

/// What the fake sends whole decodes into the typed models.
#[tokio::test]
async fn api_key_reads_typed_workspace_devices_and_accounts() {
    let fake = FakeSeam::start().await;
    let seam = api_key_client(fake.url());
    let workspace = seam.workspaces().get().send().await.expect("get workspace");
    assert_eq!(workspace.workspace_id, WORKSPACE_ID);
    let devices = seam.devices().list().send().await.expect("list devices");
    assert!(!devices.is_empty());
    assert!(
        devices.iter().all(|d| d.workspace_id == WORKSPACE_ID),
        "{devices:#?}"
    );
    let device = seam
        .devices()
        .get()
        .device_id(&devices[0].device_id)
        .send()
        .await
        .expect("get device");
    assert_eq!(device, devices[0]);
    let accounts = seam
        .connected_accounts()
        .list()
        .send()
        .await
        .expect("list connected accounts");
    assert!(accounts
        .iter()
        .any(|a| a.connected_account_id == "john_connected_account_id"));

    // A client session carries a token: usable, never shown by Debug.
    let session = seam
        .client_sessions()
        .create()
        .send()
        .await
        .expect("create client session");
    assert!(
        session.token.starts_with("seam_cst"),
        "a client session token"
    );
    let shown = format!("{session:?} {session:#?}");
    assert!(!shown.contains(&session.token), "{shown}");
    assert!(shown.contains("token: <redacted>"), "{shown}");
    assert!(shown.contains(&session.client_session_id), "{shown}");
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
        Err(Error::InvalidOptions { message, .. }) => {
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
    let user: Value = api
        .acs()
        .users()
        .create("Session User", ACS_SYSTEM_ID)
        .send_as()
        .await
        .unwrap();

    let seam = builder(fake.url())
        .client_session_token(CLIENT_SESSION_TOKEN)
        .build()
        .expect("client session token client");
    // The fake's systems and users are incomplete (see
    // `the_fakes_incomplete_resources_are_refused_by_name`): read as JSON.
    let systems: Vec<Value> = seam
        .acs()
        .systems()
        .list()
        .send_as()
        .await
        .expect("list systems");
    assert_eq!(
        systems
            .iter()
            .map(|s| s["acs_system_id"].as_str().unwrap())
            .collect::<Vec<_>>(),
        [ACS_SYSTEM_ID]
    );
    let users: Vec<Value> = seam
        .acs()
        .users()
        .list()
        .send_as()
        .await
        .expect("list users");
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
            operation,
            message,
            request_id,
            ..
        } => {
            assert_eq!(*operation, "acs.systems.list");
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
            operation,
            status,
            message,
            validation_errors,
            request_id,
            ..
        } => {
            assert_eq!(*operation, "acs.users.get");
            assert_eq!(*status, 400);
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
        .create("Jane Doe", ACS_SYSTEM_ID)
        .email_address("not-an-email")
        .send()
        .await
        .unwrap_err();
    let errors = err.validation_errors().expect("InvalidInput");
    assert_eq!(errors.field("email_address"), ["Invalid email"], "{err}");

    let err = seam
        .acs()
        .users()
        .create("Jane Doe", ACS_SYSTEM_ID)
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
            operation,
            status,
            body,
            request_id,
            ..
        } => {
            assert_eq!(*operation, "acs.users.list");
            assert_eq!(*status, 503);
            assert_eq!(body, "", "the fake's 503 has an empty body");
            assert_request_id(request_id.as_deref());
        }
        other => panic!("expected Error::Http 503, got {other:?}"),
    }
    assert_eq!(
        proxy.count("GET /acs/users/list"),
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
    assert_eq!(proxy.count("GET /acs/users/list"), 3 + 5);
    let err = seam
        .acs()
        .users()
        .list()
        .max_retries(0)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(proxy.count("GET /acs/users/list"), 3 + 5 + 1);

    // A write is never repeated, whatever max_retries says.
    let err = seam
        .acs()
        .users()
        .create("Jane Doe", ACS_SYSTEM_ID)
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
    let systems: Vec<Value> = seam.acs().systems().list().send_as().await.unwrap();
    assert_eq!(systems.len(), 1);
    assert_eq!(proxy.count("GET /acs/systems/list"), 1);
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

/// Required fields of `schema` (a component of the published spec) that `object` lacks.
fn missing_required(object: &Value, schema: &str) -> Vec<String> {
    let spec: Value = serde_json::from_slice(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../target/seam-openapi.json"
        ))
        .expect("target/seam-openapi.json (cargo xtask test writes it)"),
    )
    .unwrap();
    let required = spec["components"]["schemas"][schema]["required"]
        .as_array()
        .unwrap_or_else(|| panic!("{schema} lists its required fields"));
    required
        .iter()
        .filter_map(Value::as_str)
        .filter(|field| object.get(*field).is_none())
        .map(str::to_owned)
        .collect()
}

/// The fake leaves out fields its own spec requires. The client never invents
/// them: a list left out decodes as empty, anything else left out is a Decode
/// error naming the field and its path, and `send_as` reads the value as sent.
#[tokio::test]
async fn the_fakes_incomplete_resources_are_refused_by_name() {
    let fake = FakeSeam::start().await;
    let seam = api_key_client(fake.url());

    // acs_user: the create happens, the typed answer is refused.
    let err = seam
        .acs()
        .users()
        .create("Jane Doe", ACS_SYSTEM_ID)
        .send()
        .await
        .expect_err("the fake's acs_user lacks required fields");
    let raw = fake
        .raw_post(
            "/acs/users/get",
            Some(API_KEY),
            &[],
            &json!({ "acs_user_id": "acs_user1" }),
        )
        .await;
    assert_eq!(raw.status, 200, "{raw:?}");
    let raw_user = &raw.body["acs_user"];
    let missing = missing_required(raw_user, "acs_user");
    for field in ["connected_account_id", "is_managed", "warnings", "errors"] {
        assert!(
            missing.contains(&field.to_owned()),
            "the fake now sends acs_user.{field}: {:?}",
            keys(raw_user)
        );
    }
    match &err {
        Error::Decode {
            operation,
            path,
            message,
            ..
        } => {
            assert_eq!(*operation, "acs.users.create");
            let field = path.strip_prefix("acs_user.").expect("a field of acs_user");
            assert!(
                missing.contains(&field.to_owned()),
                "{field} is not one the fake leaves out"
            );
            assert!(
                !["warnings", "errors"].contains(&field),
                "lists decode as empty"
            );
            assert_eq!(message, &format!("missing field `{field}`"));
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    let user: Value = seam
        .acs()
        .users()
        .get()
        .acs_user_id("acs_user1")
        .send_as()
        .await
        .unwrap();
    assert_eq!(&user, raw_user);

    // Completed with what the fake leaves out, the same JSON decodes: the
    // missing fields are the only obstacle. Fields and enum values this client
    // does not know are fine.
    let mut complete = raw_user.clone();
    complete["connected_account_id"] = json!("john_connected_account_id");
    complete["is_managed"] = json!(true);
    complete["a_field_from_the_future"] = json!({ "nested": [1, 2, 3] });
    complete["external_type"] = json!("a_future_user_type");
    let decoded: AcsUser = serde_json::from_value(complete).expect("decode when complete");
    assert_eq!(decoded.acs_user_id, "acs_user1");
    assert_eq!(decoded.full_name.as_deref(), Some("Jane Doe"));
    assert!(decoded.warnings.is_empty() && decoded.errors.is_empty());
    assert!(matches!(
        decoded.external_type,
        Some(AcsUserExternalType::Unknown(_))
    ));
    assert_eq!(
        decoded.external_type.as_ref().map(|t| t.as_str()),
        Some("a_future_user_type")
    );

    // acs_system, through get and list.
    let raw = fake
        .raw_post("/acs/systems/list", Some(API_KEY), &[], &json!({}))
        .await;
    let raw_system = &raw.body["acs_systems"][0];
    let missing = missing_required(raw_system, "acs_system");
    for field in ["is_credential_manager", "image_url", "errors", "warnings"] {
        assert!(
            missing.contains(&field.to_owned()),
            "the fake now sends acs_system.{field}: {:?}",
            keys(raw_system)
        );
    }
    let err = seam
        .acs()
        .systems()
        .get(ACS_SYSTEM_ID)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Decode { path, .. }
            if path.strip_prefix("acs_system.").is_some_and(|f| missing.contains(&f.to_owned()))),
        "{err:?}"
    );
    let err = seam.acs().systems().list().send().await.unwrap_err();
    assert!(
        matches!(&err, Error::Decode { path, .. }
            if path.strip_prefix("acs_systems[0].").is_some_and(|f| missing.contains(&f.to_owned()))),
        "{err:?}"
    );
    let mut complete = raw_system.clone();
    for field in &missing {
        complete[field] = match field.as_str() {
            "is_credential_manager" => json!(false),
            "image_url" | "image_alt_text" => json!("https://example.com/image.png"),
            "connected_account_ids" | "errors" | "warnings" => json!([]),
            "location" => json!({}),
            _ => Value::Null,
        };
    }
    let decoded: AcsSystem = serde_json::from_value(complete).expect("decode when complete");
    assert_eq!(decoded.acs_system_id, ACS_SYSTEM_ID);
    assert_eq!(
        decoded.system_type,
        Some(AcsSystemSystemType::VisionlineSystem)
    );

    // Connected accounts leave out only lists, which decode as empty.
    let raw = fake
        .raw_post("/connected_accounts/list", Some(API_KEY), &[], &json!({}))
        .await;
    let raw_account = &raw.body["connected_accounts"][0];
    assert_eq!(
        missing_required(raw_account, "connected_account"),
        ["errors", "warnings"]
    );
    let accounts = seam
        .connected_accounts()
        .list()
        .send()
        .await
        .expect("typed");
    assert!(accounts
        .iter()
        .all(|a| a.errors.is_empty() && a.warnings.is_empty()));
}

#[tokio::test]
async fn list_without_pagination_is_one_page() {
    let fake = FakeSeam::start().await;
    let seam = api_key_client(fake.url());
    let device_id = seam.locks().list().send().await.expect("list locks")[0]
        .device_id
        .clone();
    let mut created = Vec::new();
    for (name, code) in [("Ann", "1357"), ("Bob", "2468"), ("Cy", "3579")] {
        let access_code = seam
            .access_codes()
            .create(&device_id)
            .name(name)
            .code(code)
            .send()
            .await
            .expect("create access code");
        // The PIN is a secret: Debug hides it.
        assert!(
            !format!("{access_code:?}").contains(code),
            "{access_code:?}"
        );
        created.push(access_code.access_code_id);
    }
    // The fake leaves `pagination` out of this list (and ignores `limit`).
    let raw = fake
        .raw_post(
            "/access_codes/list",
            Some(API_KEY),
            &[],
            &json!({ "device_id": device_id, "limit": 1 }),
        )
        .await;
    assert!(
        raw.body.get("pagination").is_none(),
        "the fake now paginates access codes: {}",
        raw.body
    );

    let proxy = CountingProxy::start(fake.addr()).await;
    let seam = builder(proxy.url()).api_key(API_KEY).build().unwrap();
    let mut pages = seam
        .access_codes()
        .list()
        .device_id(&device_id)
        .limit(1)
        .pages();
    let first = pages.next().await.expect("one page").expect("page decodes");
    assert!(!first.has_next_page);
    assert_eq!(first.next_page_cursor, None);
    let ids: Vec<&String> = first.items.iter().map(|c| &c.access_code_id).collect();
    assert_eq!(ids, created.iter().collect::<Vec<_>>());
    assert!(pages.next().await.is_none(), "only one page");

    let items: Vec<_> = seam
        .access_codes()
        .list()
        .device_id(&device_id)
        .items()
        .map(|item| item.expect("item decodes"))
        .collect()
        .await;
    assert_eq!(items, first.items);
    // One request per listing: the helpers stop at a page without `pagination`.
    assert_eq!(
        proxy.count("GET /access_codes/list"),
        2,
        "{:?}",
        proxy.requests()
    );
}

/// The fake pages connected accounts and devices with real cursors: the
/// streams follow them to the last page, one request per page.
#[tokio::test]
async fn pages_follow_the_fakes_cursors() {
    let fake = FakeSeam::start().await;
    let raw = fake
        .raw_post("/connected_accounts/list", Some(API_KEY), &[], &json!({}))
        .await;
    let all: Vec<&str> = raw.body["connected_accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["connected_account_id"].as_str().unwrap())
        .collect();
    assert!(all.len() > 1, "{all:?}");

    let proxy = CountingProxy::start(fake.addr()).await;
    let seam = builder(proxy.url()).api_key(API_KEY).build().unwrap();
    let pages: Vec<_> = seam
        .connected_accounts()
        .list()
        .limit(1)
        .pages()
        .map(|page| page.expect("page decodes"))
        .collect()
        .await;
    assert_eq!(pages.len(), all.len(), "one account per page");
    assert!(pages[..pages.len() - 1]
        .iter()
        .all(|p| p.has_next_page && p.next_page_cursor.is_some()));
    assert!(!pages.last().unwrap().has_next_page);
    let paged: Vec<&str> = pages
        .iter()
        .flat_map(|p| p.items.iter().map(|a| a.connected_account_id.as_str()))
        .collect();
    assert_eq!(paged, all);
    assert_eq!(proxy.count("GET /connected_accounts/list"), all.len());

    let devices: Vec<_> = seam
        .devices()
        .list()
        .limit(2)
        .items()
        .map(|item| item.expect("device decodes").device_id)
        .collect()
        .await;
    let raw = fake
        .raw_post("/devices/list", Some(API_KEY), &[], &json!({}))
        .await;
    let all_devices: Vec<&str> = raw.body["devices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["device_id"].as_str().unwrap())
        .collect();
    assert_eq!(devices, all_devices);
    assert_eq!(
        proxy.count("GET /devices/list"),
        all_devices.len().div_ceil(2),
        "{:?}",
        proxy.requests()
    );

    // A page limit set on the request ends the walk with an error, not silently.
    let results: Vec<_> = seam
        .devices()
        .list()
        .limit(1)
        .max_pages(2)
        .items()
        .collect()
        .await;
    assert_eq!(results.len(), 3, "{results:?}");
    assert!(matches!(
        &results[2],
        Err(Error::Pagination {
            problem: seam::PaginationProblem::TooManyPages { limit: 2 },
            ..
        })
    ));
}
