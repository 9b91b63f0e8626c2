//! Security per operation (tests/generic-client, from
//! tests/fixtures/valid/generic_auth.yaml): a client holds any of the
//! document's kinds of credentials, or none when some operation needs none;
//! each operation is sent with exactly the credentials its requirements ask
//! for, and one the client cannot meet fails before anything is sent.

use generic_client::{Error, PetStore, PetStoreBuilder};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::mock_seam::{only_request, request_count};

const TOKEN: &str = "pet-token-0123456789";
const KEY: &str = "pet-key-0123456789";
const PASSWORD: &str = "pet-password-0123456789";

/// A server answering every path: lists with `[]`, anything else with 204.
async fn server() -> MockServer {
    let server = MockServer::start().await;
    for list in ["/pets/public", "/pets/featured"] {
        Mock::given(path(list))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer, builder: PetStoreBuilder) -> PetStore {
    builder.endpoint(server.uri()).ignore_env().build().unwrap()
}

/// The credentials a request carried: its Authorization, X-Api-Key and
/// api_key query parameter.
fn sent_credentials(request: &wiremock::Request) -> Vec<String> {
    let mut sent = Vec::new();
    for name in ["authorization", "x-api-key"] {
        if let Some(value) = request.headers.get(name) {
            sent.push(format!("{name}: {}", value.to_str().unwrap()));
        }
    }
    for (name, value) in request.url.query_pairs() {
        sent.push(format!("?{name}={value}"));
    }
    sent
}

#[tokio::test]
async fn a_client_without_credentials_calls_the_public_operations() {
    let server = server().await;
    let client = client(&server, PetStore::builder());
    assert!(
        format!("{client:?}").contains("auth: \"none\""),
        "{client:?}"
    );
    assert!(client.pets().list_public().await.unwrap().is_empty());
    assert!(client.pets().featured().await.unwrap().is_empty());
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert!(requests.iter().all(|r| sent_credentials(r).is_empty()));
}

#[tokio::test]
async fn nothing_is_sent_to_an_operation_that_does_not_ask_for_it() {
    let server = server().await;
    let client = client(
        &server,
        PetStore::builder()
            .token(TOKEN)
            .key_header(KEY)
            .key_query(KEY),
    );
    client.pets().list_public().await.unwrap();
    assert!(sent_credentials(&only_request(&server).await).is_empty());
}

#[tokio::test]
async fn an_optional_requirement_sends_the_credential_when_the_client_holds_it() {
    let server = server().await;
    let client = client(&server, PetStore::builder().key_header(KEY).token(TOKEN));
    client.pets().featured().await.unwrap();
    assert_eq!(
        sent_credentials(&only_request(&server).await),
        [format!("x-api-key: {KEY}")]
    );
}

#[tokio::test]
async fn of_several_alternatives_the_one_configured_is_used() {
    // Basic is the document's first choice; a client with only a token uses that.
    let server = server().await;
    client(&server, PetStore::builder().token(TOKEN))
        .pets()
        .vet()
        .await
        .unwrap();
    assert_eq!(
        sent_credentials(&only_request(&server).await),
        [format!("authorization: Bearer {TOKEN}")]
    );

    let server = self::server().await;
    client(
        &server,
        PetStore::builder().token(TOKEN).basic("ada", PASSWORD),
    )
    .pets()
    .vet()
    .await
    .unwrap();
    // "ada:pet-password-0123456789", base64.
    assert_eq!(
        sent_credentials(&only_request(&server).await),
        ["authorization: Basic YWRhOnBldC1wYXNzd29yZC0wMTIzNDU2Nzg5"]
    );
}

#[tokio::test]
async fn a_requirement_of_two_schemes_sends_both() {
    let server = server().await;
    client(&server, PetStore::builder().key_header(KEY).key_query(KEY))
        .pets()
        .vault()
        .await
        .unwrap();
    assert_eq!(
        sent_credentials(&only_request(&server).await),
        [format!("x-api-key: {KEY}"), format!("?api_key={KEY}")]
    );
}

#[tokio::test]
async fn an_operation_the_client_cannot_meet_fails_before_sending_naming_what_it_accepts() {
    let server = server().await;
    let client = client(&server, PetStore::builder().key_header(KEY));
    let err = client.pets().vault().await.unwrap_err();
    assert!(
        matches!(
            &err,
            Error::MissingCredentials {
                operation: "pets.vault",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "pets.vault needs the `key_header` API key (.key_header(..) or PET_STORE_KEY_HEADER) \
         and the `key_query` API key (.key_query(..) or PET_STORE_KEY_QUERY); the client holds \
         none of these"
    );
    assert_eq!(err.operation(), Some("pets.vault"));

    let err = client.pets().vet().await.unwrap_err();
    assert!(
        err.to_string().contains(
            "the `basic` user name and password (.basic(..)), or the `token` bearer token"
        ),
        "{err}"
    );
    // A cookie scheme, which no client can send: named, and never sent.
    let err = client.pets().session().await.unwrap_err();
    assert!(
        err.to_string()
            .contains("the `session` security scheme, which this client cannot send"),
        "{err}"
    );
    assert!(!format!("{err:?}").contains(KEY));
    assert_eq!(request_count(&server).await, 0, "nothing was sent");
}

#[tokio::test]
async fn several_kinds_come_from_the_environment_together() {
    let server = server().await;
    let uri = server.uri();
    let client = PetStore::builder()
        .env_source(move |name| match name {
            "PET_STORE_KEY_HEADER" | "PET_STORE_KEY_QUERY" => Some(KEY.to_owned()),
            "PET_STORE_ENDPOINT" => Some(uri.clone()),
            _ => None,
        })
        .build()
        .unwrap();
    let shown = format!("{client:?}");
    assert!(
        shown.contains("the `key_header` API key and the `key_query` API key")
            && !shown.contains(KEY),
        "{shown}"
    );
    client.pets().vault().await.unwrap();
    assert_eq!(sent_credentials(&only_request(&server).await).len(), 2);
}
