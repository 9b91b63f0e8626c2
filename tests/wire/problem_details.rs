//! RFC 9457 problem details on the wire: the generic fixture's profile
//! (tests/fixtures/valid/generic_auth.profile.toml) reads error bodies as
//! problems, with the request id from its `x-request-id` header. A problem is
//! [`Error::Problem`] with every member typed (secrets redacted); a body that
//! is no problem is quoted, and decoded as the type the operation declares.

use generic_client::models::ErrorBody;
use generic_client::Error;
use serde_json::json;
use wiremock::ResponseTemplate;

use crate::support::{answering_with, pet_store};

const PROBLEM_JSON: &str = "application/problem+json";

#[tokio::test]
async fn a_problem_is_read_member_by_member_with_the_request_id() {
    let body = json!({
        "type": "https://pets.example.com/problems/no-such-pet",
        "title": "No such pet",
        "status": 404,
        "detail": "No pet called Rex for pet-token",
        "instance": "/owners/1/pets/Rex",
        "owner": 1,
        "password": "hunter2hunter2"
    });
    let server = answering_with(
        ResponseTemplate::new(404)
            .set_body_raw(body.to_string(), PROBLEM_JSON)
            .insert_header("x-request-id", "req_abc"),
    )
    .await;
    let err = pet_store(&server)
        .pets()
        .get(1, "Rex", "t")
        .await
        .unwrap_err();
    let Error::Problem {
        operation,
        status,
        problem,
        request_id,
        retry_after: None,
        ..
    } = &err
    else {
        panic!("expected a Problem, got {err:?}");
    };
    assert_eq!((*operation, *status), ("pets.get", 404));
    assert_eq!(request_id.as_deref(), Some("req_abc"));
    assert_eq!(
        problem.problem_type,
        "https://pets.example.com/problems/no-such-pet"
    );
    assert_eq!(problem.title.as_deref(), Some("No such pet"));
    assert_eq!(problem.status, Some(404));
    // The client's own token is hidden, as in any text an error quotes.
    assert_eq!(
        problem.detail.as_deref(),
        Some("No pet called Rex for <redacted>")
    );
    assert_eq!(problem.instance.as_deref(), Some("/owners/1/pets/Rex"));
    assert_eq!(problem.extensions.get("owner"), Some(&json!(1)));
    assert_eq!(
        problem.extensions.get("password"),
        Some(&json!("<redacted>"))
    );
    assert_eq!(err.problem(), Some(&**problem));
    assert_eq!(
        err.code(),
        Some("https://pets.example.com/problems/no-such-pet")
    );
    assert_eq!(err.request_id(), Some("req_abc"));
    assert_eq!(err.detail(), None);
    let shown = format!("{err} {err:?}");
    assert!(
        !shown.contains("pet-token") && !shown.contains("hunter2"),
        "{shown}"
    );
    assert_eq!(
        err.to_string(),
        "pets.get: Pet Store API problem 404 https://pets.example.com/problems/no-such-pet: No such pet: No pet called Rex for <redacted> (request id req_abc)"
    );
}

#[tokio::test]
async fn a_401_problem_is_unauthorized() {
    let server = answering_with(ResponseTemplate::new(401).set_body_raw(
        json!({"title": "Unauthorized", "detail": "The token has expired"}).to_string(),
        PROBLEM_JSON,
    ))
    .await;
    let err = pet_store(&server).create_pet("Rex").await.unwrap_err();
    assert!(
        matches!(&err, Error::Unauthorized { message, .. } if message == "about:blank: Unauthorized: The token has expired"),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_body_that_is_no_problem_keeps_its_declared_type() {
    // Plain JSON of the type the spec declares for a 404: no `title` or
    // `type`, so it is the operation's own error body.
    let server = answering_with(
        ResponseTemplate::new(404)
            .set_body_json(json!({"message": "no pet", "documentation_url": "https://docs"}))
            .insert_header("x-request-id", "req_def"),
    )
    .await;
    let err = pet_store(&server)
        .pets()
        .get(1, "Rex", "t")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Http { status: 404, .. }), "{err:?}");
    assert!(
        matches!(err.detail(), Some(ErrorBody::Problem(p)) if p.message == "no pet"),
        "{err:?}"
    );
    assert_eq!(err.request_id(), Some("req_def"));
    assert_eq!(err.problem(), None);
}
