//! Paging by numbers and URLs through the generic client (tests/generic-client,
//! from tests/fixtures/valid/generic_auth.yaml and its profile):
//! `shelters.list` moves `offset` on by each page's count (`offset`),
//! `vets.list` numbers its pages (`page_number`), `adoptions.list` follows
//! the `Link` header's `next` (`link_header`, as GitHub pages), `walks.list`
//! the `next` URL in its body (`next_url`); `treats.list` and `groomers.list`
//! page as their document declares (`x-speakeasy-pagination`,
//! `x-fern-pagination`). A next page's URL off the client's endpoint is never
//! requested.

use futures_util::TryStreamExt;
use generic_client::models::Pet;
use generic_client::{Error, PaginationProblem};
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::pet_store;

fn pets(ids: &[u32]) -> Value {
    let pets: Vec<Value> = (ids.iter())
        .map(|n| json!({"id": format!("p{n}"), "name": format!("Pet {n}")}))
        .collect();
    Value::Array(pets)
}

fn ids(pets: &[Pet]) -> Vec<String> {
    pets.iter().map(|p| p.id.clone()).collect()
}

fn numbered(range: std::ops::RangeInclusive<u32>) -> Vec<String> {
    range.map(|n| format!("p{n}")).collect()
}

/// Query parameter `name` of each request `server` received, in order.
async fn sent(server: &MockServer, name: &str) -> Vec<Option<String>> {
    let requests = server.received_requests().await.unwrap();
    (requests.iter())
        .map(|r| {
            (r.url.query_pairs())
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.into_owned())
        })
        .collect()
}

/// Answers `GET <at>` whose query parameter `name` is `value` (missing for
/// `None`) with `response`, exactly once.
async fn once(
    server: &MockServer,
    at: &str,
    (name, value): (&str, Option<&str>),
    response: ResponseTemplate,
) {
    let mock = Mock::given(method("GET")).and(path(at));
    let mock = match value {
        Some(value) => mock.and(query_param(name, value)),
        None => mock.and(query_param_is_missing(name)),
    };
    mock.respond_with(response).expect(1).mount(server).await;
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

#[tokio::test]
async fn offsets_move_on_by_each_page_until_a_short_page() {
    let server = MockServer::start().await;
    let page = |ids: &[u32]| ok(json!({"results": pets(ids), "count": 5}));
    once(&server, "/shelters", ("offset", None), page(&[1, 2])).await;
    once(&server, "/shelters", ("offset", Some("2")), page(&[3, 4])).await;
    once(&server, "/shelters", ("offset", Some("4")), page(&[5])).await;
    let client = pet_store(&server);
    let all: Vec<Pet> = (client
        .shelters()
        .list()
        .limit(2)
        .items()
        .try_collect()
        .await)
        .unwrap();
    assert_eq!(ids(&all), numbered(1..=5));
    assert_eq!(sent(&server, "limit").await, vec![Some("2".to_owned()); 3]);
}

#[tokio::test]
async fn offsets_start_where_the_caller_says_and_end_at_an_empty_page() {
    let server = MockServer::start().await;
    let page = |ids: &[u32]| ok(json!({"results": pets(ids)}));
    once(
        &server,
        "/shelters",
        ("offset", Some("10")),
        page(&[11, 12]),
    )
    .await;
    let client = pet_store(&server);
    let first = client
        .shelters()
        .list()
        .offset(10)
        .first_page()
        .await
        .unwrap();
    assert_eq!(first.next_page_cursor.as_deref(), Some("12"));
    assert!(first.has_next_page);
    server.verify().await;

    let server = MockServer::start().await;
    once(
        &server,
        "/shelters",
        ("offset", Some("10")),
        page(&[11, 12]),
    )
    .await;
    once(&server, "/shelters", ("offset", Some("12")), page(&[13])).await;
    once(&server, "/shelters", ("offset", Some("13")), page(&[])).await;
    let client = pet_store(&server);
    // Without a limit, a short page may not be the last: an empty one is.
    let all: Vec<Pet> = (client
        .shelters()
        .list()
        .offset(10)
        .items()
        .try_collect()
        .await)
        .unwrap();
    assert_eq!(ids(&all), numbered(11..=13));
}

#[tokio::test]
async fn numbered_pages_count_up_from_the_first() {
    let server = MockServer::start().await;
    once(&server, "/vets", ("page", None), ok(pets(&[1, 2]))).await;
    once(&server, "/vets", ("page", Some("2")), ok(pets(&[3, 4]))).await;
    once(&server, "/vets", ("page", Some("3")), ok(pets(&[5]))).await;
    let client = pet_store(&server);
    let pages: Vec<_> = (client.vets().list().per_page(2).pages().try_collect().await).unwrap();
    let sizes: Vec<usize> = pages.iter().map(|p| p.items.len()).collect();
    assert_eq!(sizes, [2, 2, 1]);
    assert_eq!(
        pages
            .iter()
            .map(|p| p.next_page_cursor.clone())
            .collect::<Vec<_>>(),
        [Some("2".to_owned()), Some("3".to_owned()), None]
    );
}

#[tokio::test]
async fn a_declared_count_of_pages_ends_the_listing() {
    // `treats.list` declares Speakeasy's `offsetLimit` with a `page` input
    // and `numPages`: a full page is the last when the count says so.
    let server = MockServer::start().await;
    let page = |treats: &[&str]| ok(json!({"treats": treats, "pages": 2}));
    once(&server, "/treats", ("page_number", None), page(&["a", "b"])).await;
    once(
        &server,
        "/treats",
        ("page_number", Some("2")),
        page(&["c", "d"]),
    )
    .await;
    let client = pet_store(&server);
    let all: Vec<String> = (client.treats().list().items().try_collect().await).unwrap();
    assert_eq!(all, ["a", "b", "c", "d"]);
}

#[tokio::test]
async fn a_declared_cursor_is_sent_back() {
    // `groomers.list` declares Fern's `cursor` / `next_cursor`.
    let server = MockServer::start().await;
    let page =
        |groomers: &[&str], next: Value| ok(json!({"groomers": groomers, "next_after": next}));
    once(
        &server,
        "/groomers",
        ("after", None),
        page(&["a"], json!("g1")),
    )
    .await;
    once(
        &server,
        "/groomers",
        ("after", Some("g1")),
        page(&["b"], Value::Null),
    )
    .await;
    let client = pet_store(&server);
    let all: Vec<String> = (client.groomers().list().items().try_collect().await).unwrap();
    assert_eq!(all, ["a", "b"]);
}

#[tokio::test]
async fn link_headers_are_followed_absolute_or_relative_with_credentials() {
    let server = MockServer::start().await;
    let uri = server.uri();
    let linked = |ids: &[u32], link: &str| ok(pets(ids)).insert_header("link", link);
    let to_two = format!(
        r#"<{uri}/adoptions?page=2&per_page=2>; rel="next", <{uri}/adoptions?page=3&per_page=2>; rel="last""#
    );
    once(
        &server,
        "/adoptions",
        ("page", None),
        linked(&[1, 2], &to_two),
    )
    .await;
    let to_three = r#"</adoptions?per_page=2&page=3>; rel="next", </adoptions?page=1&per_page=2>; rel="first""#;
    once(
        &server,
        "/adoptions",
        ("page", Some("2")),
        linked(&[3, 4], to_three),
    )
    .await;
    once(&server, "/adoptions", ("page", Some("3")), ok(pets(&[5]))).await;
    let client = pet_store(&server);
    let first = client
        .adoptions()
        .list()
        .per_page(2)
        .first_page()
        .await
        .unwrap();
    assert_eq!(
        first.next_page_cursor,
        Some(format!("{uri}/adoptions?page=2&per_page=2"))
    );
    server.reset().await;
    once(
        &server,
        "/adoptions",
        ("page", None),
        linked(&[1, 2], &to_two),
    )
    .await;
    once(
        &server,
        "/adoptions",
        ("page", Some("2")),
        linked(&[3, 4], to_three),
    )
    .await;
    once(&server, "/adoptions", ("page", Some("3")), ok(pets(&[5]))).await;
    let all: Vec<Pet> = (client
        .adoptions()
        .list()
        .per_page(2)
        .items()
        .try_collect()
        .await)
        .unwrap();
    assert_eq!(ids(&all), numbered(1..=5));
    // Every page is the client's: it carries the client's credentials.
    let requests = server.received_requests().await.unwrap();
    assert!(requests.iter().all(|r| r
        .headers
        .get("authorization")
        .is_some_and(|v| v == "Bearer pet-token")));
}

#[tokio::test]
async fn a_next_url_off_the_endpoint_is_never_requested() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok(pets(&[9])))
        .expect(0)
        .mount(&elsewhere)
        .await;
    let link = format!(
        r#"<{}/adoptions?page=2&token=secret>; rel="next""#,
        elsewhere.uri()
    );
    let first = ok(pets(&[1])).insert_header("link", link.as_str());
    once(&server, "/adoptions", ("page", None), first).await;
    let client = pet_store(&server);
    let mut pages = client.adoptions().list().pages();
    assert!(pages.next_page().await.unwrap().is_ok());
    let err = pages.next_page().await.unwrap().unwrap_err();
    let Error::Pagination {
        operation: "adoptions.list",
        problem: PaginationProblem::UnfollowableUrl { url },
        ..
    } = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!(url, &format!("{}/adoptions", elsewhere.uri()));
    assert!(!err.to_string().contains("secret"), "{err}");
    assert!(pages.next_page().await.is_none());
}

#[tokio::test]
async fn next_urls_in_the_body_are_followed_until_null_and_bounded() {
    let server = MockServer::start().await;
    let uri = server.uri();
    let page = |ids: &[u32], next: Value| ok(json!({"results": pets(ids), "next": next}));
    let next = json!(format!("{uri}/walks?since=x&cursor=c2"));
    once(&server, "/walks", ("cursor", None), page(&[1, 2], next)).await;
    once(
        &server,
        "/walks",
        ("cursor", Some("c2")),
        page(&[3], Value::Null),
    )
    .await;
    let client = pet_store(&server);
    let all: Vec<Pet> = (client.walks().list().since("x").items().try_collect().await).unwrap();
    assert_eq!(ids(&all), numbered(1..=3));
    assert_eq!(
        sent(&server, "since").await,
        [Some("x".to_owned()), Some("x".to_owned())]
    );

    // A URL that comes back again would loop: the walk stops.
    let server = MockServer::start().await;
    let again = json!(format!("{}/walks?cursor=same", server.uri()));
    Mock::given(method("GET"))
        .and(path("/walks"))
        .and(header("authorization", "Bearer pet-token"))
        .respond_with(ok(json!({"results": pets(&[1]), "next": again})))
        .expect(2)
        .mount(&server)
        .await;
    let client = pet_store(&server);
    let err = (client
        .walks()
        .list()
        .items()
        .try_collect::<Vec<Pet>>()
        .await)
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Pagination {
                problem: PaginationProblem::RepeatedCursor { .. },
                ..
            }
        ),
        "{err:?}"
    );
}
