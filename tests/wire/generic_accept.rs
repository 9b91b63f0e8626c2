//! The `Accept` header and the `Content-Type` of a success (tests/generic-client,
//! from tests/fixtures/valid/generic_auth.yaml): each operation asks for the
//! media types it reads, JSON where it decodes JSON even when XML is declared
//! first (as traccar's positions), and a success in a media type it does not
//! decode is `Error::UnexpectedContentType`, never a JSON parse error.

use generic_client::Error;
use serde_json::json;
use wiremock::ResponseTemplate;

use crate::support::{answering_with, header, only_request, pet_store};

fn pet() -> serde_json::Value {
    json!({"id": "p1", "name": "Rex"})
}

#[tokio::test]
async fn each_operation_asks_for_what_it_reads() {
    // JSON and XML declared, JSON read; the declared `Accept` parameter is ignored.
    let server = answering_with(ResponseTemplate::new(200).set_body_json(pet())).await;
    let got = pet_store(&server).pets().get(1, "Rex", "t").await.unwrap();
    assert_eq!(got.name, "Rex");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "accept"), Some("application/json"));
    assert_eq!(request.headers.get_all("accept").iter().count(), 1);

    // Bytes and text: the declared media types, a wildcard as written.
    let bytes = || ResponseTemplate::new(200).set_body_bytes(vec![1_u8, 2]);
    let server = answering_with(bytes()).await;
    pet_store(&server).photos().get("Rex").await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(header(&request, "accept"), Some("image/*"));
    let server = answering_with(bytes()).await;
    pet_store(&server)
        .photos()
        .put("Rex", vec![0_u8])
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(header(&request, "accept"), Some("application/octet-stream"));
    let server = answering_with(bytes()).await;
    pet_store(&server)
        .notes()
        .append("Rex", "fed")
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(header(&request, "accept"), Some("text/plain"));

    // No success with a body: nothing to ask for, the HTTP client's default.
    let server = answering_with(ResponseTemplate::new(204)).await;
    pet_store(&server).pets().delete(1, "Rex").await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(header(&request, "accept"), Some("*/*"));
}

#[tokio::test]
async fn a_success_in_a_media_type_not_decoded_is_a_typed_error() {
    let xml = "<pet><id>p1</id><name>Rex</name></pet>";
    let server = answering_with(
        ResponseTemplate::new(200).set_body_raw(xml, "application/xml; charset=utf-8"),
    )
    .await;
    let err = pet_store(&server)
        .pets()
        .get(1, "Rex", "t")
        .await
        .unwrap_err();
    let Error::UnexpectedContentType {
        operation,
        status,
        content_type,
        body_excerpt,
        ..
    } = &err
    else {
        panic!("expected UnexpectedContentType, got {err:?}");
    };
    assert_eq!(
        (
            *operation,
            *status,
            content_type.as_str(),
            body_excerpt.as_str()
        ),
        ("pets.get", 200, "application/xml", xml)
    );
    assert_eq!(
        (err.operation(), err.status()),
        (Some("pets.get"), Some(200))
    );
    assert_eq!(
        err.to_string(),
        format!("pets.get: the response (200) is `application/xml`, which this client does not decode for it (body starts: {xml:?})")
    );

    // A proxy's page for an operation that reads JSON.
    let server =
        answering_with(ResponseTemplate::new(200).set_body_raw("<html>proxy</html>", "text/html"))
            .await;
    let err = pet_store(&server).create_pet("Rex").await.unwrap_err();
    assert!(
        matches!(&err, Error::UnexpectedContentType { operation: "createPet", status: 200, content_type, .. } if content_type == "text/html"),
        "{err:?}"
    );
}

#[tokio::test]
async fn json_by_any_of_its_names_or_without_a_content_type_is_decoded() {
    let body = serde_json::to_vec(&pet()).unwrap();
    for content_type in [
        Some("application/json; charset=utf-8"),
        Some("Application/JSON"),
        Some("application/vnd.pet+json"),
        None,
    ] {
        let response = match content_type {
            Some(content_type) => {
                ResponseTemplate::new(200).set_body_raw(body.clone(), content_type)
            }
            None => ResponseTemplate::new(200).set_body_bytes(body.clone()),
        };
        let server = answering_with(response).await;
        let got = pet_store(&server).create_pet("Rex").await;
        assert_eq!(
            got.map(|pet| pet.name).ok().as_deref(),
            Some("Rex"),
            "{content_type:?}"
        );
    }
}
