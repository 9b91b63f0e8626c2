//! The generic profile's HTTP binding on the wire (tests/generic-client, from
//! tests/fixtures/valid/generic_auth.yaml): path parameters percent-encoded
//! whole, query parameters in each OpenAPI style, header parameters, the
//! method each operation declares, and retries only for methods safe to repeat
//! and for calls that carry an idempotency key (the fixture's profile keys POSTs).

use generic_client::models::PetsGetFilter;
use generic_client::{Error, PetStore};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{answering_with, header, only_request, pet_store, request_count};

fn client(server: &MockServer) -> PetStore {
    pet_store(server)
}

async fn answering(status: u16) -> MockServer {
    answering_with(ResponseTemplate::new(status).set_body_json(json!({"id": "p1", "name": "Rex"})))
        .await
}

#[tokio::test]
async fn path_query_and_header_parameters_are_written_in_their_styles() {
    let server = answering(200).await;
    let pet = client(&server)
        .pets()
        .get(7, "Rex the 2nd/é?", "tag-1")
        .include(["owner", "vet visits"])
        .fields(["id", "name"])
        .filter(
            PetsGetFilter::default()
                .with_color("brown & white")
                .with_age(3),
        )
        .sep([1, 2])
        .await
        .unwrap();
    assert_eq!(pet.id, "p1");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    // The whole value is one segment: `/` and `?` are escaped, not interpreted.
    assert_eq!(
        request.url.path(),
        "/owners/7/pets/Rex%20the%202nd%2F%C3%A9%3F"
    );
    assert_eq!(
        request.url.query(),
        Some(
            "include=owner&include=vet+visits&fields=id%2Cname\
             &filter%5Bcolor%5D=brown+%26+white&filter%5Bage%5D=3&sep=1%7C2"
        )
    );
    assert_eq!(header(&request, "x-request-tag"), Some("tag-1"));
    assert!(request.body.is_empty(), "a GET without a body sends none");
    assert_eq!(header(&request, "content-type"), None);
}

#[tokio::test]
async fn optional_query_parameters_left_unset_are_not_sent() {
    let server = answering(200).await;
    client(&server).pets().get(1, "a", "t").await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/owners/1/pets/a");
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn no_argument_can_change_the_path_or_add_a_header() {
    let server = answering(200).await;
    let pets = client(&server).pets();
    for name in ["", ".", ".."] {
        let err = pets.get(1, name, "t").await.unwrap_err();
        assert!(
            matches!(&err, Error::InvalidOptions { message , .. } if message.contains("petName")),
            "{name:?}: {err:?}"
        );
    }
    let err = pets.get(1, "a", "t\r\nx-evil: 1").await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidOptions { message , .. } if message.contains("X-Request-Tag")),
        "{err:?}"
    );
    assert_eq!(request_count(&server).await, 0, "nothing was sent");
}

#[tokio::test]
async fn delete_is_sent_as_delete_and_retried_and_a_post_only_with_its_key() {
    let server = answering(503).await;
    let client = client(&server);
    let err = client
        .pets()
        .delete(1, "a")
        .max_retries(2)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Http { status: 503, .. }), "{err:?}");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3, "DELETE is safe to repeat");
    assert!(requests.iter().all(|r| r.method.as_str() == "DELETE"));

    server.reset().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let err = client.create_pet("Rex").max_retries(2).await.unwrap_err();
    assert!(matches!(err, Error::Http { status: 503, .. }), "{err:?}");
    // The fixture's profile keys every POST, which makes it safe to repeat:
    // each attempt sends the call's one key. (A POST without a key is never
    // retried: see `idempotency::a_post_without_a_key_is_never_retried`.)
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3, "a keyed POST is retried");
    let keys: Vec<_> = requests
        .iter()
        .map(|r| r.headers.get("idempotency-key").cloned())
        .collect();
    assert!(keys[0].is_some(), "{requests:?}");
    assert!(keys.iter().all(|key| *key == keys[0]), "{keys:?}");
}

#[tokio::test]
async fn a_header_openapi_reserves_is_no_argument() {
    // The fixture declares a required `Accept` header parameter: `get` still
    // takes only the two path parameters and the request tag, and the
    // `Accept` sent is the client's own: the JSON it reads.
    let server = answering(200).await;
    client(&server).pets().get(1, "a", "t").await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(header(&request, "accept"), Some("application/json"));
}

#[tokio::test]
async fn a_secret_in_the_query_is_in_no_error() {
    // A port nobody listens on: the connection is refused, and reqwest's error
    // would quote the URL, query string included.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let client = PetStore::builder()
        .ignore_env()
        .endpoint(url)
        .token("pet-token")
        .max_retries(0)
        .build()
        .unwrap();
    let secret = "query-secret-4242";
    let err = client
        .pets()
        .get(1, "a", "t")
        .secret(secret)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    let shown = format!("{err} {err:?}");
    let mut source = std::error::Error::source(&err);
    let mut chain = String::new();
    while let Some(cause) = source {
        chain.push_str(&cause.to_string());
        source = cause.source();
    }
    assert!(
        !shown.contains(secret) && !chain.contains(secret),
        "{shown} {chain}"
    );
}
