//! Every kind of client, against Seam's fake: a personal access token without
//! a workspace lists and creates workspaces through `SeamWithoutWorkspace`; a
//! publishable key is exchanged for a client session (the fake checks the
//! `seam-publishable-key` header and refuses token auth on that route); a
//! client session token is replaced in place, after the fake accepts it.
//! The exact requests are checked against a recording server at the end.

use seam::{Error, Seam, SeamWithoutWorkspace};
use seam_fake_e2e::{FakeSeam, API_KEY, CLIENT_SESSION_TOKEN, PERSONAL_ACCESS_TOKEN, WORKSPACE_ID};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The fake's seeded publishable key (of workspace `WORKSPACE_ID`).
const PUBLISHABLE_KEY: &str = "seam_pk1_token";

fn builder(endpoint: &str) -> seam::SeamBuilder {
    Seam::builder().endpoint(endpoint).ignore_env()
}

/// The message of an `InvalidOptions` error; fails the test for anything else.
fn invalid_options(result: Result<impl std::fmt::Debug, Error>) -> String {
    assert!(
        matches!(result, Err(Error::InvalidOptions { .. })),
        "expected InvalidOptions, got {result:?}"
    );
    match result {
        Err(Error::InvalidOptions { message, .. }) => message,
        _ => String::new(),
    }
}

#[tokio::test]
async fn a_personal_access_token_without_a_workspace_lists_and_creates_workspaces() {
    let fake = FakeSeam::start().await;
    let seam = builder(fake.url())
        .personal_access_token(PERSONAL_ACCESS_TOKEN)
        .build_without_workspace()
        .expect("client without workspace");
    let before = seam.workspaces().list().await.expect("list");
    assert!(
        before.iter().any(|w| w.workspace_id == WORKSPACE_ID),
        "{before:?}"
    );
    // The fake still requires the field the spec deprecates.
    #[allow(deprecated)]
    let created = seam
        .workspaces()
        .create("Rust workspace")
        .connect_partner_name("Rust")
        .is_sandbox(true)
        .await
        .expect("create");
    assert_eq!(created.name, "Rust workspace");
    assert!(created.is_sandbox);
    assert_ne!(created.workspace_id, WORKSPACE_ID);
    // The main client cannot send a personal access token without a workspace.
    let message = invalid_options(
        builder(fake.url())
            .personal_access_token(PERSONAL_ACCESS_TOKEN)
            .build(),
    );
    assert!(message.contains("needs a workspace id"), "{message}");
}

#[test]
fn the_client_without_workspace_takes_only_its_credentials() {
    let message = invalid_options(
        builder("http://127.0.0.1:9")
            .api_key(API_KEY)
            .build_without_workspace(),
    );
    assert_eq!(
        message,
        "SeamWithoutWorkspace cannot use an API key: call .personal_access_token(..) (or set \
         SEAM_PERSONAL_ACCESS_TOKEN), or .console_session_token(..)"
    );
    let message = invalid_options(
        builder("http://127.0.0.1:9")
            .personal_access_token(PERSONAL_ACCESS_TOKEN)
            .workspace_id(WORKSPACE_ID)
            .build_without_workspace(),
    );
    assert_eq!(
        message,
        "a workspace id cannot be used with SeamWithoutWorkspace, which acts without one: \
         remove .workspace_id(..)"
    );
    // From the environment it picks its own kind even beside an API key, and
    // ignores a workspace id meant for other tools.
    let seam = builder("http://127.0.0.1:9")
        .env_source(|name| match name {
            "SEAM_API_KEY" => Some(API_KEY.to_owned()),
            "SEAM_PERSONAL_ACCESS_TOKEN" => Some(PERSONAL_ACCESS_TOKEN.to_owned()),
            "SEAM_WORKSPACE_ID" => Some(WORKSPACE_ID.to_owned()),
            _ => None,
        })
        .build_without_workspace()
        .expect("from the environment");
    let shown = format!("{seam:?}");
    assert!(shown.contains("a personal access token"), "{shown}");
    assert!(!shown.contains(PERSONAL_ACCESS_TOKEN), "{shown}");
    let message = invalid_options(builder("http://127.0.0.1:9").build_without_workspace());
    assert!(
        message.starts_with("no credentials: call .personal_access_token(..)"),
        "{message}"
    );
    assert!(!message.contains("workspace"), "{message}");
    // `from_env` reads the process environment, where these tests set nothing.
    let _ = SeamWithoutWorkspace::from_env;
}

#[tokio::test]
async fn a_publishable_key_becomes_a_client_session() {
    let fake = FakeSeam::start().await;
    let seam = builder(fake.url())
        .build_from_publishable_key(PUBLISHABLE_KEY, "user-key-1")
        .await
        .expect("exchange");
    let shown = format!("{seam:?}");
    assert!(shown.contains("a client session token"), "{shown}");
    assert!(!shown.contains(PUBLISHABLE_KEY), "{shown}");
    let session = seam.client_sessions().get().await.expect("own session");
    assert_eq!(session.user_identifier_key.as_deref(), Some("user-key-1"));
    assert_eq!(session.workspace_id, WORKSPACE_ID);
    // The same user gets the same session again.
    let again = Seam::builder()
        .endpoint(fake.url())
        .ignore_env()
        .build_from_publishable_key(PUBLISHABLE_KEY, "user-key-1")
        .await
        .expect("exchange again");
    let same = again.client_sessions().get().await.expect("session again");
    assert_eq!(same.client_session_id, session.client_session_id);

    // A key of no workspace is the fake's own refusal, secrets hidden.
    let err = builder(fake.url())
        .build_from_publishable_key("seam_pk_of_nobody", "user-key-1")
        .await
        .expect_err("unknown key");
    assert!(
        matches!(&err, Error::Unauthorized { .. } | Error::Api { .. }),
        "{err:?}"
    );
    assert!(
        !format!("{err:?}{err}").contains("seam_pk_of_nobody"),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_publishable_key_is_checked_before_anything_is_sent() {
    let server = MockServer::start().await;
    let cases: [(Result<Seam, Error>, &str); 4] = [
        (
            builder(&server.uri())
                .build_from_publishable_key(API_KEY, "user")
                .await,
            "the value given as a publishable key is an API key (it starts with seam_): build the \
             client with .api_key(..) or SEAM_API_KEY instead",
        ),
        (
            builder(&server.uri())
                .build_from_publishable_key("pk_nope", "user")
                .await,
            "the value given as a publishable key has an unknown format: expected it to start \
             with seam_pk",
        ),
        (
            builder(&server.uri())
                .build_from_publishable_key(PUBLISHABLE_KEY, "  ")
                .await,
            "a user identifier key is empty",
        ),
        (
            builder(&server.uri())
                .workspace_id(WORKSPACE_ID)
                .build_from_publishable_key(PUBLISHABLE_KEY, "user")
                .await,
            "a workspace id cannot be used with a publishable key, which already belongs to one: \
             remove .workspace_id(..)",
        ),
    ];
    for (result, expected) in cases {
        assert_eq!(invalid_options(result), expected);
    }
    let both = builder(&server.uri())
        .api_key(API_KEY)
        .build_from_publishable_key(PUBLISHABLE_KEY, "user")
        .await;
    assert!(invalid_options(both).starts_with("both a publishable key and an API key"));
    // Still refused as a token of the main client, pointing at the exchange.
    let message = invalid_options(builder(&server.uri()).api_key(PUBLISHABLE_KEY).build());
    assert!(message.contains("from_publishable_key"), "{message}");
    assert!(server
        .received_requests()
        .await
        .unwrap_or_default()
        .is_empty());
}

#[tokio::test]
async fn a_client_session_token_is_replaced_in_place_once_the_api_accepts_it() {
    let fake = FakeSeam::start().await;
    let admin = builder(fake.url()).api_key(API_KEY).build().expect("admin");
    let second = admin
        .client_sessions()
        .create()
        .user_identifier_key("second-user")
        .await
        .expect("second session");

    let seam = builder(fake.url())
        .client_session_token(CLIENT_SESSION_TOKEN)
        .build()
        .expect("session client");
    let handle = seam.client_sessions();
    let first = handle.get().await.expect("first session");
    assert_ne!(first.client_session_id, second.client_session_id);

    seam.update_client_session_token(&second.token)
        .await
        .expect("update");
    // Handles and clones made before the update send the new token too.
    let now = handle.get().await.expect("session after update");
    assert_eq!(now.client_session_id, second.client_session_id);

    // A token the API refuses leaves the client as it was.
    let refused = seam
        .update_client_session_token("seam_cst_revoked_or_made_up")
        .await
        .expect_err("refused token");
    assert!(
        matches!(&refused, Error::Unauthorized { .. } | Error::Api { .. }),
        "{refused:?}"
    );
    assert!(!format!("{refused:?}{refused}").contains("seam_cst_revoked_or_made_up"));
    let still = seam.client_sessions().get().await.expect("still working");
    assert_eq!(still.client_session_id, second.client_session_id);

    // Only a client built with a client session token has one to replace, and
    // only a client session token replaces it.
    let message = invalid_options(admin.update_client_session_token(&second.token).await);
    assert_eq!(
        message,
        "this client was not built with a client session token, so it has none to replace"
    );
    let message = invalid_options(seam.update_client_session_token(API_KEY).await);
    assert!(message.contains("is an API key"), "{message}");
}

/// The requests themselves, on a recording server: the key travels only in
/// its header and only to the exchange; the session's token then travels as
/// Seam's SDKs send it; the client without workspace never sends one.
#[tokio::test]
async fn the_requests_carry_exactly_the_credentials_of_their_kind() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/client_sessions/get_or_create"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "ok": true,
            "client_session": session_json("seam_cst_from_exchange"),
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "ok": true,
            "client_session": session_json("seam_cst_from_exchange"),
            "workspaces": [],
        })))
        .mount(&server)
        .await;

    let seam = builder(&server.uri())
        .build_from_publishable_key(PUBLISHABLE_KEY, "user-key-1")
        .await
        .expect("exchange");
    seam.client_sessions().get().await.expect("get");
    let without = builder(&server.uri())
        .env_source(|name| match name {
            "SEAM_PERSONAL_ACCESS_TOKEN" => Some(PERSONAL_ACCESS_TOKEN.to_owned()),
            "SEAM_WORKSPACE_ID" => Some(WORKSPACE_ID.to_owned()),
            _ => None,
        })
        .build_without_workspace()
        .expect("without workspace");
    without.workspaces().list().await.expect("list");

    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests.len(), 3, "{requests:?}");
    let header = |i: usize, name: &str| {
        requests[i]
            .headers
            .get(name)
            .map(|v| v.to_str().expect("ASCII").to_owned())
    };
    assert_eq!(
        header(0, "seam-publishable-key").as_deref(),
        Some(PUBLISHABLE_KEY)
    );
    assert_eq!(header(0, "authorization"), None);
    assert_eq!(header(0, "seam-workspace"), None);
    let body: serde_json::Value = serde_json::from_slice(&requests[0].body).expect("JSON body");
    assert_eq!(
        body,
        serde_json::json!({ "user_identifier_key": "user-key-1" })
    );

    assert_eq!(requests[1].url.path(), "/client_sessions/get");
    assert_eq!(
        header(1, "authorization").as_deref(),
        Some("Bearer seam_cst_from_exchange")
    );
    assert_eq!(
        header(1, "client-session-token").as_deref(),
        Some("seam_cst_from_exchange")
    );
    assert_eq!(header(1, "seam-publishable-key"), None);

    assert_eq!(requests[2].url.path(), "/workspaces/list");
    assert_eq!(
        header(2, "authorization"),
        Some(format!("Bearer {PERSONAL_ACCESS_TOKEN}"))
    );
    assert_eq!(header(2, "seam-workspace"), None);
}

fn session_json(token: &str) -> serde_json::Value {
    serde_json::json!({
        "client_session_id": "cs1",
        "connect_webview_ids": [],
        "connected_account_ids": [],
        "created_at": "2024-01-01T00:00:00Z",
        "device_count": 0,
        "expires_at": "2024-01-02T00:00:00Z",
        "token": token,
        "user_identifier_key": "user-key-1",
        "user_identity_ids": [],
        "workspace_id": "ws1",
    })
}

/// Two replacements at once: the one that finishes its check last does not
/// undo the other, whose token stays (the later one is refused, not lost silently).
#[tokio::test]
async fn a_replacement_made_from_older_credentials_does_not_undo_a_newer_one() {
    use wiremock::matchers::header;
    let server = MockServer::start().await;
    let answer = |token: &str| {
        ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "ok": true,
            "client_session": session_json(token),
        }))
    };
    Mock::given(header("client-session-token", "seam_cst_slow_check"))
        .respond_with(
            answer("seam_cst_slow_check").set_delay(std::time::Duration::from_millis(400)),
        )
        .mount(&server)
        .await;
    Mock::given(header("client-session-token", "seam_cst_fast_check"))
        .respond_with(answer("seam_cst_fast_check"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(answer("any"))
        .mount(&server)
        .await;
    let seam = builder(&server.uri())
        .client_session_token(CLIENT_SESSION_TOKEN)
        .build()
        .expect("session client");
    let (slow, fast) = tokio::join!(
        seam.update_client_session_token("seam_cst_slow_check"),
        async {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            seam.update_client_session_token("seam_cst_fast_check")
                .await
        }
    );
    fast.expect("the fast replacement");
    let message = invalid_options(slow);
    assert!(
        message.contains("replaced by another call meanwhile"),
        "{message}"
    );
    server.reset().await;
    Mock::given(method("GET"))
        .respond_with(answer("any"))
        .mount(&server)
        .await;
    seam.client_sessions().get().await.expect("get");
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(
        requests[0]
            .headers
            .get("client-session-token")
            .and_then(|v| v.to_str().ok()),
        Some("seam_cst_fast_check")
    );
}
