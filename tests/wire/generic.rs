//! A client generated without a profile (tests/generic-client, from
//! tests/fixtures/valid/generic_auth.yaml): named after the spec's title, its
//! endpoint from `servers`, each security scheme a way to authenticate, and
//! responses returned whole, without an envelope.

use std::collections::HashMap;

use generic_client::{Error, PetStore, PetStoreBuilder};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::only_request;

const SECRET: &str = "pet-secret-0123456789";

async fn pet_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/pets/create"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "p1", "name": "Rex"})))
        .mount(&server)
        .await;
    server
}

/// Creates a pet with `builder` against `server`; returns the request sent.
async fn create_with(server: &MockServer, builder: PetStoreBuilder) -> wiremock::Request {
    let client = builder.endpoint(server.uri()).ignore_env().build().unwrap();
    let pet = client.create_pet("Rex").await.unwrap();
    assert_eq!((pet.id.as_str(), pet.name.as_str()), ("p1", "Rex"));
    only_request(server).await
}

fn header<'r>(request: &'r wiremock::Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn a_bearer_scheme_sends_an_authorization_header_and_the_whole_body_comes_back() {
    let server = pet_server().await;
    let request = create_with(&server, PetStore::builder().token(SECRET)).await;
    assert_eq!(
        header(&request, "authorization"),
        Some(&*format!("Bearer {SECRET}"))
    );
    assert_eq!(request.url.query(), None);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&request.body).unwrap(),
        json!({"name": "Rex"})
    );
    assert!(header(&request, "user-agent")
        .unwrap()
        .starts_with("generic-client/"));
}

#[tokio::test]
async fn an_api_key_scheme_in_a_header_sends_that_header_only() {
    let server = pet_server().await;
    let request = create_with(&server, PetStore::builder().key_header(SECRET)).await;
    assert_eq!(header(&request, "x-api-key"), Some(SECRET));
    assert_eq!(header(&request, "authorization"), None);
}

#[tokio::test]
async fn an_api_key_scheme_in_the_query_goes_in_the_query_and_never_into_an_error() {
    let server = pet_server().await;
    let request = create_with(&server, PetStore::builder().key_query(SECRET)).await;
    assert_eq!(request.url.query(), Some(&*format!("api_key={SECRET}")));
    assert_eq!(header(&request, "authorization"), None);

    // A connection failure: reqwest's error would quote the URL, key and all.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let client = PetStore::builder()
        .key_query(SECRET)
        .endpoint(endpoint)
        .max_retries(0)
        .ignore_env()
        .build()
        .unwrap();
    let err = client.create_pet("Rex").await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    let shown = format!("{err} {err:?} {:?}", std::error::Error::source(&err));
    assert!(!shown.contains(SECRET), "{shown}");
}

#[tokio::test]
async fn a_basic_scheme_sends_basic_credentials() {
    let server = pet_server().await;
    let request = create_with(&server, PetStore::builder().basic("ada", "pass word")).await;
    // base64("ada:pass word")
    assert_eq!(
        header(&request, "authorization"),
        Some("Basic YWRhOnBhc3Mgd29yZA==")
    );
}

#[tokio::test]
async fn credentials_come_from_the_environment_named_after_the_title() {
    let server = pet_server().await;
    let vars = HashMap::from([
        ("PET_STORE_KEY_HEADER".to_owned(), SECRET.to_owned()),
        ("PET_STORE_ENDPOINT".to_owned(), server.uri()),
    ]);
    let client = PetStore::builder()
        .env_source(move |name| vars.get(name).cloned())
        .build()
        .unwrap();
    client.create_pet("Rex").await.unwrap();
    assert_eq!(
        header(&only_request(&server).await, "x-api-key"),
        Some(SECRET)
    );
    let shown = format!("{client:?}");
    assert!(shown.starts_with("PetStore {"), "{shown}");
    assert!(
        shown.contains("the `key_header` API key") && !shown.contains(SECRET),
        "{shown}"
    );
}

#[test]
fn the_endpoint_defaults_to_the_first_server_with_its_variables_filled_in() {
    let client = PetStore::builder()
        .token(SECRET)
        .ignore_env()
        .build()
        .unwrap();
    assert!(
        format!("{client:?}").contains("endpoint: \"https://eu.pets.example.com/v1\""),
        "{client:?}"
    );
}

#[test]
fn some_operations_need_no_credentials_so_a_client_needs_none_and_may_hold_several() {
    // The document has public operations (see tests/wire/security.rs).
    let client = PetStore::builder().ignore_env().build().unwrap();
    assert!(
        format!("{client:?}").contains("auth: \"none\""),
        "{client:?}"
    );
    let client = PetStore::builder()
        .token(SECRET)
        .basic("ada", SECRET)
        .ignore_env()
        .build()
        .unwrap();
    let shown = format!("{client:?}");
    assert!(
        shown.contains("the `token` bearer token and the `basic` user name and password")
            && !shown.contains(SECRET),
        "{shown}"
    );
    let err = PetStore::builder()
        .basic("a:b", "c")
        .ignore_env()
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("cannot contain `:`"), "{err}");
}

#[tokio::test]
async fn an_empty_success_is_nothing_and_an_error_body_is_quoted_as_it_is() {
    let server = MockServer::start().await;
    Mock::given(path("/pets/delete"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(path("/pets/create"))
        .respond_with(ResponseTemplate::new(409).set_body_json(json!({"message": "taken"})))
        .mount(&server)
        .await;
    let client = PetStore::builder()
        .token(SECRET)
        .endpoint(server.uri())
        .ignore_env()
        .build()
        .unwrap();
    client.delete_pet("p1").await.unwrap();
    let err = client.create_pet("Rex").await.unwrap_err();
    match &err {
        Error::Http { status, body, .. } => {
            assert_eq!(*status, 409);
            assert!(body.contains("taken"), "{body}");
        }
        other => panic!("expected Http, got {other:?}"),
    }
    assert!(err.to_string().contains("HTTP 409 from Pet Store"), "{err}");
}

#[tokio::test]
async fn a_body_missing_a_required_field_names_it_from_the_root() {
    let server = MockServer::start().await;
    Mock::given(path("/pets/create"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "p1"})))
        .mount(&server)
        .await;
    let client = PetStore::builder()
        .token(SECRET)
        .endpoint(server.uri())
        .ignore_env()
        .build()
        .unwrap();
    let err = client.create_pet("Rex").await.unwrap_err();
    assert!(
        matches!(&err, Error::Decode { path, .. } if path == "name"),
        "{err:?}"
    );
    let raw: serde_json::Value = client.create_pet("Rex").send_as().await.unwrap();
    assert_eq!(raw, json!({"id": "p1"}));
}

#[tokio::test]
async fn text_after_the_body_is_a_decode_error_and_an_empty_body_is_none_for_an_option() {
    let server = MockServer::start().await;
    Mock::given(path("/pets/create"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"id": "p1", "name": "Rex"} x"#, "application/json"),
        )
        .mount(&server)
        .await;
    let client = PetStore::builder()
        .token(SECRET)
        .endpoint(server.uri())
        .ignore_env()
        .build()
        .unwrap();
    let err = client.create_pet("Rex").await.unwrap_err();
    assert!(
        matches!(&err, Error::Decode { path, message, .. }
            if path == "." && message.starts_with("unexpected text after the JSON value")),
        "{err:?}"
    );
    server.reset().await;
    Mock::given(path("/pets/create"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let nothing: Option<serde_json::Value> = client.create_pet("Rex").send_as().await.unwrap();
    assert_eq!(nothing, None);
}
