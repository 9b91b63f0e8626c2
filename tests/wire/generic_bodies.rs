//! Request and response bodies beyond JSON objects on the wire (tests/generic-client,
//! from tests/fixtures/valid/generic_auth.yaml): a form, multipart with file parts,
//! bytes and text sent and returned as they are, a `oneOf` JSON body passed whole,
//! and a method whose successes differ by status returning an enum.

use generic_client::models::{Pet, PetsAdoptBody};
use generic_client::resources::PetsAdoptOutcome;
use generic_client::{Error, PetStore};
use serde_json::{json, Value};
use wiremock::{Request, ResponseTemplate};

use crate::support::{answering_with, header, only_request, pet_store};

fn pet_json() -> Value {
    json!({"id": "p1", "name": "Rex"})
}

/// One part of a multipart body: its headers (lowercase names) and content.
pub(crate) struct Part {
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) content: Vec<u8>,
}

impl Part {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Splits a multipart body by the boundary its `Content-Type` names (RFC 7578).
pub(crate) fn multipart_parts(request: &Request) -> Vec<Part> {
    let content_type = header(request, "content-type").expect("a content type");
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=");
    assert!(boundary.is_some(), "not multipart: {content_type}");
    let boundary = boundary.unwrap_or_default();
    let delimiter = format!("--{boundary}");
    let body = &request.body;
    let mut parts = Vec::new();
    let positions: Vec<usize> = body
        .windows(delimiter.len())
        .enumerate()
        .filter(|(_, w)| *w == delimiter.as_bytes())
        .map(|(i, _)| i)
        .collect();
    assert!(
        body.ends_with(format!("{delimiter}--\r\n").as_bytes()),
        "the body ends with the closing delimiter"
    );
    for pair in positions.windows(2) {
        // Each part: CRLF, headers, blank line, content, CRLF before the next delimiter.
        let raw = &body[pair[0] + delimiter.len() + 2..pair[1] - 2];
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("headers end with a blank line");
        let headers = String::from_utf8(raw[..split].to_vec())
            .unwrap()
            .split("\r\n")
            .map(|line| {
                let (name, value) = line.split_once(": ").expect("a header line");
                (name.to_ascii_lowercase(), value.to_owned())
            })
            .collect();
        parts.push(Part {
            headers,
            content: raw[split + 4..].to_vec(),
        });
    }
    parts
}

#[tokio::test]
async fn a_form_body_is_url_encoded() {
    let server =
        answering_with(ResponseTemplate::new(200).set_body_json(json!([pet_json()]))).await;
    let pets = pet_store(&server)
        .pets()
        .search("Rex & co")
        .tags(["good boy", "brown"])
        .limit(5)
        .await
        .unwrap();
    assert_eq!(pets[0].name, "Rex");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/pets/search");
    assert_eq!(
        header(&request, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    // A space is `%20`: `+` is a reserved character OpenAPI's forms escape.
    assert_eq!(
        String::from_utf8(request.body.clone()).unwrap(),
        "limit=5&name=Rex%20%26%20co&tags=good%20boy&tags=brown"
    );
}

#[tokio::test]
async fn a_multipart_body_sends_fields_as_text_or_json_and_files_as_files() {
    let server = answering_with(ResponseTemplate::new(201).set_body_json(pet_json())).await;
    let photo = vec![0u8, 159, 146, 150, 13, 10, 45, 45];
    let pet = pet_store(&server)
        .pets()
        .upload("Rex", photo.clone())
        .caption("at the beach")
        .tags(["sand", "sea"])
        .meta(generic_client::models::PetsUploadMeta::default().with_width(640))
        .await
        .unwrap();
    assert_eq!(pet.id, "p1");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/pets/Rex/upload");
    let parts = multipart_parts(&request);
    let described: Vec<(String, Option<String>, Vec<u8>)> = parts
        .iter()
        .map(|p| {
            (
                p.header("content-disposition").unwrap().to_owned(),
                p.header("content-type").map(str::to_owned),
                p.content.clone(),
            )
        })
        .collect();
    assert_eq!(
        described,
        vec![
            (
                "form-data; name=\"caption\"".to_owned(),
                None,
                b"at the beach".to_vec()
            ),
            (
                "form-data; name=\"meta\"".to_owned(),
                Some("application/json".to_owned()),
                br#"{"width":640}"#.to_vec()
            ),
            (
                "form-data; name=\"tags\"".to_owned(),
                None,
                b"sand".to_vec()
            ),
            ("form-data; name=\"tags\"".to_owned(), None, b"sea".to_vec()),
            (
                "form-data; name=\"file\"; filename=\"file\"".to_owned(),
                Some("application/octet-stream".to_owned()),
                photo
            ),
        ]
    );
}

#[tokio::test]
async fn bytes_are_sent_and_returned_as_they_are() {
    let checksum = vec![0xde_u8, 0xad, 0xbe, 0xef, 0x00];
    let server = answering_with(
        ResponseTemplate::new(200)
            .insert_header("content-type", "application/octet-stream")
            .set_body_bytes(checksum.clone()),
    )
    .await;
    let image = vec![0x89_u8, b'P', b'N', b'G', 0, 0xff];
    let returned = pet_store(&server)
        .photos()
        .put("Rex", image.clone())
        .await
        .unwrap();
    assert_eq!(returned, checksum);
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(request.url.path(), "/pets/Rex/photo");
    assert_eq!(header(&request, "content-type"), Some("image/png"));
    assert_eq!(request.body, image);
}

#[tokio::test]
async fn a_binary_download_returns_the_bytes_and_keeps_the_size_limit() {
    let image: Vec<u8> = (0..=255).collect();
    let server = answering_with(
        ResponseTemplate::new(200)
            .insert_header("content-type", "image/png")
            .set_body_bytes(image.clone()),
    )
    .await;
    let returned = pet_store(&server).photos().get("Rex").await.unwrap();
    assert_eq!(returned, image);
    let small = PetStore::builder()
        .ignore_env()
        .endpoint(server.uri())
        .token("pet-token")
        .max_response_bytes(100)
        .build()
        .unwrap();
    let err = small.photos().get("Rex").await.unwrap_err();
    assert!(
        matches!(err, Error::ResponseTooLarge { limit: 100, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn text_is_sent_and_returned_as_text() {
    let server = answering_with(
        ResponseTemplate::new(200)
            .insert_header("content-type", "text/plain")
            .set_body_string("fed at 8\nwalked at 9"),
    )
    .await;
    let notes = pet_store(&server)
        .notes()
        .append("Rex", "walked at 9")
        .await
        .unwrap();
    assert_eq!(notes, "fed at 8\nwalked at 9");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type"), Some("text/plain"));
    assert_eq!(request.body, b"walked at 9");
}

#[tokio::test]
async fn text_that_is_not_utf8_is_a_decode_error() {
    let server = answering_with(ResponseTemplate::new(200).set_body_bytes(vec![0xff, 0xfe])).await;
    let err = pet_store(&server)
        .notes()
        .append("Rex", "x")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Decode { message, .. } if message.contains("UTF-8")),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_one_of_body_is_passed_whole_as_json() {
    let server = answering_with(ResponseTemplate::new(201).set_body_json(pet_json())).await;
    let pets = vec![
        Pet::default().with_id("p1").with_name("Rex"),
        Pet::default().with_id("p2").with_name("Fido"),
    ];
    pet_store(&server)
        .pets()
        .adopt(PetsAdoptBody::List(pets))
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    let sent: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(
        sent,
        json!([{"id": "p1", "name": "Rex"}, {"id": "p2", "name": "Fido"}])
    );
}

#[tokio::test]
async fn successes_that_differ_by_status_are_told_apart() {
    let rex = PetsAdoptBody::Pet(Pet::default().with_id("p1").with_name("Rex"));
    let created = answering_with(ResponseTemplate::new(201).set_body_json(pet_json())).await;
    let outcome = pet_store(&created).pets().adopt(rex.clone()).await.unwrap();
    assert!(
        matches!(&outcome, PetsAdoptOutcome::Created(pet) if pet.name == "Rex"),
        "{outcome:?}"
    );

    let accepted =
        answering_with(ResponseTemplate::new(202).set_body_json(json!({"queued": 3}))).await;
    let outcome = pet_store(&accepted)
        .pets()
        .adopt(rex.clone())
        .await
        .unwrap();
    assert!(
        matches!(&outcome, PetsAdoptOutcome::Accepted(q) if q.queued == Some(3)),
        "{outcome:?}"
    );

    let nothing = answering_with(ResponseTemplate::new(204)).await;
    let outcome = pet_store(&nothing).pets().adopt(rex.clone()).await.unwrap();
    assert!(
        matches!(outcome, PetsAdoptOutcome::NoContent),
        "{outcome:?}"
    );

    // A success the spec does not declare is an error, not a guess.
    let undeclared = answering_with(ResponseTemplate::new(200).set_body_json(pet_json())).await;
    let err = pet_store(&undeclared).pets().adopt(rex).await.unwrap_err();
    assert!(
        matches!(&err, Error::Decode { message, .. } if message.contains("200")),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_error_body_is_decoded_as_the_type_declared_for_its_status() {
    use generic_client::models::ErrorBody;
    let not_found = answering_with(ResponseTemplate::new(404).set_body_json(
        json!({"message": "no pet called pet-token here", "documentation_url": "https://docs"}),
    ))
    .await;
    let err = pet_store(&not_found)
        .pets()
        .get(1, "a", "t")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Http { status: 404, .. }), "{err:?}");
    // The client's own credential is hidden in the typed body too.
    assert_eq!(
        err.detail().map(|detail| match detail {
            ErrorBody::Problem(problem) => (
                problem.message.as_str(),
                problem.documentation_url.as_deref(),
            ),
            other => panic!("expected a Problem, got {other:?}"),
        }),
        Some(("no pet called <redacted> here", Some("https://docs")))
    );

    // 422 has a type of its own; any other status falls to `default`.
    let invalid = answering_with(
        ResponseTemplate::new(422).set_body_json(json!({"errors": ["name is empty"]})),
    )
    .await;
    let err = pet_store(&invalid).pets().search("").await.unwrap_err();
    assert_eq!(
        err.detail().map(|detail| match detail {
            ErrorBody::PetsSearchError422(body) => body.errors.clone(),
            other => panic!("expected a PetsSearchError422, got {other:?}"),
        }),
        Some(vec!["name is empty".to_owned()])
    );
    let teapot = answering_with(
        ResponseTemplate::new(418).set_body_json(json!({"message": "short and stout"})),
    )
    .await;
    let err = pet_store(&teapot).pets().search("x").await.unwrap_err();
    assert!(
        matches!(err.detail(), Some(ErrorBody::Problem(p)) if p.message == "short and stout"),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_error_body_that_does_not_fit_its_type_is_still_quoted() {
    // 4XX declares text; a JSON 404 of the wrong shape decodes to nothing.
    let wrong = answering_with(ResponseTemplate::new(404).set_body_json(json!({"msg": 1}))).await;
    let err = pet_store(&wrong).pets().get(1, "a", "t").await.unwrap_err();
    assert_eq!(err.detail(), None);
    assert!(
        matches!(&err, Error::Http { status: 404, body, .. } if body.contains("msg")),
        "{err:?}"
    );
    let text = answering_with(ResponseTemplate::new(409).set_body_string("taken")).await;
    let err = pet_store(&text).pets().get(1, "a", "t").await.unwrap_err();
    assert_eq!(err.detail(), None);
    assert!(
        matches!(&err, Error::Http { status: 409, body, .. } if body == "taken"),
        "{err:?}"
    );
}
