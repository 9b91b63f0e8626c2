//! The generic profile's HTTP binding on the wire (tests/generic-client, from
//! tests/fixtures/valid/generic_auth.yaml): path parameters percent-encoded
//! whole, query parameters in each OpenAPI style, header parameters, the
//! method each operation declares, and retries only for methods safe to repeat.

use std::time::Duration;

use generic_client::models::PetsGetFilter;
use generic_client::{Error, PetStore};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{header, only_request, request_count};

fn client(server: &MockServer) -> PetStore {
    PetStore::builder()
        .ignore_env()
        .endpoint(server.uri())
        .token("pet-token")
        .retry_base_delay(Duration::from_millis(1))
        .build()
        .unwrap()
}

async fn answering(status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(status).set_body_json(json!({"id": "p1", "name": "Rex"})),
        )
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn path_query_and_header_parameters_are_written_in_their_styles() {
    let server = answering(200).await;
    let pet = client(&server)
        .pets()
        .get(7, "Rex the 2nd/é?", "tag-1")
        .include(["owner", "vet visits"])
        .fields(["id", "name"])
        .filter(PetsGetFilter {
            color: Some("brown & white".to_owned()),
            age: Some(3),
        })
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
            matches!(&err, Error::InvalidOptions { message } if message.contains("petName")),
            "{name:?}: {err:?}"
        );
    }
    let err = pets.get(1, "a", "t\r\nx-evil: 1").await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidOptions { message } if message.contains("X-Request-Tag")),
        "{err:?}"
    );
    assert_eq!(request_count(&server).await, 0, "nothing was sent");
}

#[tokio::test]
async fn delete_is_sent_as_delete_and_retried_but_a_post_is_not() {
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
    assert_eq!(request_count(&server).await, 1, "a POST is never retried");
}
