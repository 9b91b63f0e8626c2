//! OAuth 2 client credentials (tests/generic-client's `oauth` scheme, whose
//! token URL is relative): the token fetched once for many concurrent calls,
//! with the id and secret in HTTP Basic and the scopes the document's
//! operations ask; renewed with the refresh token when it expires; replaced
//! once when a call is refused with 401; and the secret and tokens never in an
//! error or `Debug` output.

use std::time::Duration;

use generic_client::{Error, PetStore, PetStoreBuilder};
use serde_json::json;
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const CLIENT_ID: &str = "client-id";
const CLIENT_SECRET: &str = "SECRETSECRET-client";

/// `client-id:SECRETSECRET-client` in Basic.
const BASIC: &str = "Basic Y2xpZW50LWlkOlNFQ1JFVFNFQ1JFVC1jbGllbnQ=";

/// The form of a client-credentials grant: the scopes of the operations that
/// name the scheme, in the flow's order (`pets:admin` is declared but unused).
const GRANT: &str = "grant_type=client_credentials&scope=pets%3Aread+pets%3Awrite";

fn builder(server: &MockServer) -> PetStoreBuilder {
    PetStore::builder()
        .ignore_env()
        .endpoint(server.uri())
        .retry_base_delay(Duration::from_millis(1))
}

fn client(server: &MockServer) -> PetStore {
    builder(server)
        .oauth_client_credentials(CLIENT_ID, CLIENT_SECRET)
        .build()
        .unwrap()
}

fn token_body(token: &str, expires_in: u64, refresh: Option<&str>) -> serde_json::Value {
    let mut body = json!({"access_token": token, "token_type": "Bearer", "expires_in": expires_in});
    if let Some(refresh) = refresh {
        body["refresh_token"] = json!(refresh);
    }
    body
}

async fn requests_to(server: &MockServer, to: &str) -> Vec<Request> {
    let all = server.received_requests().await.unwrap_or_default();
    all.into_iter().filter(|r| r.url.path() == to).collect()
}

fn bearer(request: &Request) -> Option<&str> {
    crate::mock_seam::header(request, "authorization")
}

#[tokio::test]
async fn one_token_request_serves_many_concurrent_calls() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(header("authorization", BASIC))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string(GRANT))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(token_body("tok-1", 3600, None))
                // Slow enough that every call is waiting for it.
                .set_delay(Duration::from_millis(300)),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/pets/inventory"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"dogs": 2})))
        .mount(&server)
        .await;
    let store = client(&server);
    let calls = (0..8).map(|_| {
        let store = store.clone();
        tokio::spawn(async move { store.pets().inventory().send().await })
    });
    for call in futures_util::future::join_all(calls).await {
        let inventory = call.unwrap().unwrap();
        assert_eq!(inventory.get("dogs"), Some(&2));
    }
    assert_eq!(requests_to(&server, "/oauth/token").await.len(), 1);
    assert_eq!(requests_to(&server, "/pets/inventory").await.len(), 8);
    // Later calls keep the token.
    store.pets().inventory().send().await.unwrap();
    assert_eq!(requests_to(&server, "/oauth/token").await.len(), 1);
}

#[tokio::test]
async fn an_expiring_token_is_renewed_with_its_refresh_token() {
    let server = MockServer::start().await;
    // Lives one second: renewed after nine tenths of it.
    Mock::given(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body(
            "tok-1",
            1,
            Some("ref-1"),
        )))
        .mount(&server)
        .await;
    Mock::given(path("/oauth/refresh"))
        .and(header("authorization", BASIC))
        .and(body_string("grant_type=refresh_token&refresh_token=ref-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("tok-2", 3600, None)))
        .mount(&server)
        .await;
    Mock::given(path("/pets/inventory"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let store = client(&server);
    store.pets().inventory().send().await.unwrap();
    tokio::time::sleep(Duration::from_millis(1000)).await;
    store.pets().inventory().send().await.unwrap();
    let sent: Vec<Option<String>> = requests_to(&server, "/pets/inventory")
        .await
        .iter()
        .map(|r| bearer(r).map(str::to_owned))
        .collect();
    assert_eq!(
        sent,
        [
            Some("Bearer tok-1".to_owned()),
            Some("Bearer tok-2".to_owned())
        ]
    );
    assert_eq!(requests_to(&server, "/oauth/token").await.len(), 1);
    assert_eq!(requests_to(&server, "/oauth/refresh").await.len(), 1);
}

#[tokio::test]
async fn a_refused_refresh_token_falls_back_to_the_client_credentials() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body(
            "tok-1",
            1,
            Some("ref-1"),
        )))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("tok-3", 3600, None)))
        .mount(&server)
        .await;
    Mock::given(path("/oauth/refresh"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": "invalid_grant"})))
        .mount(&server)
        .await;
    Mock::given(path("/pets/inventory"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let store = client(&server);
    store.pets().inventory().send().await.unwrap();
    tokio::time::sleep(Duration::from_millis(1000)).await;
    store.pets().inventory().send().await.unwrap();
    let last = requests_to(&server, "/pets/inventory").await;
    assert_eq!(bearer(&last[1]), Some("Bearer tok-3"));
    assert_eq!(requests_to(&server, "/oauth/token").await.len(), 2);
}

#[tokio::test]
async fn a_call_refused_with_401_is_sent_once_more_with_a_new_token() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("tok-1", 3600, None)))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("tok-2", 3600, None)))
        .mount(&server)
        .await;
    // A POST, which is never retried otherwise: a 401 was not processed.
    Mock::given(method("POST"))
        .and(path("/pets/inventory"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"message": "token revoked"})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/pets/inventory"))
        .and(header("authorization", "Bearer tok-2"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let store = client(&server);
    store.pets().restock("dogs", 3).send().await.unwrap();
    assert_eq!(requests_to(&server, "/oauth/token").await.len(), 2);
    let sent = requests_to(&server, "/pets/inventory").await;
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].body, sent[1].body, "the same request, sent again");
}

#[tokio::test]
async fn a_second_401_is_the_callers_error() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("tok-1", 3600, None)))
        .mount(&server)
        .await;
    Mock::given(path("/pets/inventory"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"message": "no"})))
        .mount(&server)
        .await;
    let store = client(&server);
    let err = store.pets().inventory().send().await.unwrap_err();
    assert_eq!(err.status(), Some(401), "{err:?}");
    assert_eq!(requests_to(&server, "/pets/inventory").await.len(), 2);
    assert_eq!(requests_to(&server, "/oauth/token").await.len(), 2);
}

#[tokio::test]
async fn the_secret_and_the_tokens_never_show() {
    let server = MockServer::start().await;
    // A token endpoint that echoes the secret in its refusal.
    Mock::given(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "error": "invalid_client",
            "error_description": format!("unknown secret {CLIENT_SECRET}")
        })))
        .mount(&server)
        .await;
    let store = client(&server);
    let err = store.pets().inventory().send().await.unwrap_err();
    match &err {
        Error::Token {
            operation,
            status,
            message,
            ..
        } => {
            assert_eq!(*operation, "pets.inventory");
            assert_eq!(*status, Some(401));
            assert!(message.contains("invalid_client"), "{message}");
        }
        other => panic!("expected Error::Token, got {other:?}"),
    }
    assert_eq!(requests_to(&server, "/pets/inventory").await.len(), 0);
    let shown = format!("{err} {err:?} {store:?}");
    assert!(!shown.contains(CLIENT_SECRET), "{shown}");
    let configured = builder(&server).oauth_client_credentials(CLIENT_ID, CLIENT_SECRET);
    assert!(!format!("{configured:?}").contains(CLIENT_SECRET));

    // An API that echoes the fetched token in its error.
    server.reset().await;
    Mock::given(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body(
            "tok-SECRETSECRET",
            3600,
            None,
        )))
        .mount(&server)
        .await;
    Mock::given(path("/pets/inventory"))
        .respond_with(
            ResponseTemplate::new(500).set_body_string("your token tok-SECRETSECRET broke us"),
        )
        .mount(&server)
        .await;
    let err = store.pets().inventory().send().await.unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("broke us"), "{shown}");
    assert!(!shown.contains("tok-SECRETSECRET"), "{shown}");
}

#[tokio::test]
async fn client_credentials_come_from_the_environment_as_a_pair() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .and(header("authorization", BASIC))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("tok-env", 3600, None)))
        .mount(&server)
        .await;
    Mock::given(path("/pets/inventory"))
        .and(header("authorization", "Bearer tok-env"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let env = |id: bool, secret: bool| {
        move |name: &str| match name {
            "PET_STORE_OAUTH_CLIENT_ID" if id => Some(CLIENT_ID.to_owned()),
            "PET_STORE_OAUTH_CLIENT_SECRET" if secret => Some(CLIENT_SECRET.to_owned()),
            _ => None,
        }
    };
    let from_env = PetStore::builder()
        .endpoint(server.uri())
        .env_source(env(true, true))
        .build()
        .unwrap();
    from_env.pets().inventory().send().await.unwrap();

    let half = PetStore::builder()
        .endpoint(server.uri())
        .env_source(env(true, false))
        .build()
        .unwrap_err()
        .to_string();
    assert!(
        half.contains("PET_STORE_OAUTH_CLIENT_ID")
            && half.contains("PET_STORE_OAUTH_CLIENT_SECRET"),
        "{half}"
    );
    assert!(!half.contains(CLIENT_ID), "{half}");
}

#[tokio::test]
async fn a_token_answer_past_64_kib_is_refused_unread() {
    let server = MockServer::start().await;
    let mut oversized = token_body("tok-1", 3600, None);
    oversized["padding"] = json!("x".repeat(64 * 1024));
    Mock::given(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(oversized))
        .mount(&server)
        .await;
    let store = client(&server);
    let err = store.pets().inventory().send().await.unwrap_err();
    assert!(
        matches!(&err, Error::Token { status: Some(200), message, .. }
            if message.contains("larger than 65536 bytes")),
        "{err:?}"
    );
    assert_eq!(requests_to(&server, "/pets/inventory").await.len(), 0);
}

#[tokio::test]
async fn a_token_endpoint_slower_than_the_timeout_is_given_up() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(token_body("tok-1", 3600, None))
                .set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    let store = builder(&server)
        .oauth_client_credentials(CLIENT_ID, CLIENT_SECRET)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = store.pets().inventory().send().await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(
        matches!(&err, Error::Token { status: None, message, .. }
            if message.contains("did not answer within 200ms")),
        "{err:?}"
    );
    assert_eq!(requests_to(&server, "/pets/inventory").await.len(), 0);
}
