//! Paging through the generic client's lists (tests/generic-client, from
//! tests/fixtures/valid/generic_auth.yaml and its profile): `pets.list` goes on
//! after its last item's id while `has_more` says so (`has_more`), `pets.find`
//! sends back the `next_page` beside its items as the `page` query parameter
//! (`next_cursor`), and `toys.list` sends its `next_cursor` back in its JSON
//! body. Every walk keeps the client's limits: a repeated cursor, a page that
//! promises more without a cursor, `max_pages` and `max_empty_pages` end it
//! with `Error::Pagination`.

use futures_util::{StreamExt, TryStreamExt};
use generic_client::models::Pet;
use generic_client::{Error, PaginationProblem};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::pet_store;

fn pet(n: u32) -> Value {
    json!({"id": format!("p{n}"), "name": format!("Pet {n}")})
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// A `pets.list` page of pets `ids`.
fn list_page(ids: &[u32], has_more: bool) -> Value {
    json!({
        "object": "list",
        "data": ids.iter().map(|n| pet(*n)).collect::<Vec<_>>(),
        "has_more": has_more,
        "url": "/pets",
    })
}

/// Answers `GET /pets` after `after` (the first page without one) with `body`, once.
async fn mount_list(server: &MockServer, after: Option<&str>, body: Value) {
    let mock = Mock::given(method("GET"))
        .and(path("/pets"))
        .and(query_param("limit", "2"));
    let mock = match after {
        Some(after) => mock.and(query_param("starting_after", after)),
        None => mock.and(query_param_is_missing("starting_after")),
    };
    mock.respond_with(ok(body)).expect(1).mount(server).await;
}

/// Three pages: p1-p2, p3-p4, p5.
async fn three_list_pages() -> MockServer {
    let server = MockServer::start().await;
    mount_list(&server, None, list_page(&[1, 2], true)).await;
    mount_list(&server, Some("p2"), list_page(&[3, 4], true)).await;
    mount_list(&server, Some("p4"), list_page(&[5], false)).await;
    server
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

#[tokio::test]
async fn send_returns_the_whole_list_object() {
    let server = MockServer::start().await;
    mount_list(&server, None, list_page(&[1, 2], true)).await;
    let list = pet_store(&server).pets().list().limit(2).await.unwrap();
    assert_eq!(ids(&list.data), numbered(1..=2));
    assert!(list.has_more);
    assert_eq!(list.url, "/pets");
}

#[tokio::test]
async fn has_more_pages_follow_the_last_item_id_to_the_end() {
    let server = three_list_pages().await;
    let pages: Vec<_> = (pet_store(&server).pets().list().limit(2).pages())
        .try_collect()
        .await
        .unwrap();
    let sizes: Vec<usize> = pages.iter().map(|p| p.items.len()).collect();
    assert_eq!(sizes, [2, 2, 1]);
    let next: Vec<Option<&str>> = pages
        .iter()
        .map(|p| p.next_page_cursor.as_deref())
        .collect();
    assert_eq!(next, [Some("p2"), Some("p4"), None]);
    let more: Vec<bool> = pages.iter().map(|p| p.has_next_page).collect();
    assert_eq!(more, [true, true, false]);
    // Each request is the first one with the cursor moved on.
    assert_eq!(
        sent(&server, "starting_after").await,
        [None, Some("p2".to_owned()), Some("p4".to_owned())]
    );
    assert_eq!(sent(&server, "limit").await, vec![Some("2".to_owned()); 3]);
}

#[tokio::test]
async fn has_more_items_span_pages_in_order() {
    let server = three_list_pages().await;
    let pets: Vec<Pet> = (pet_store(&server).pets().list().limit(2).items())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&pets), numbered(1..=5));
}

#[tokio::test]
async fn the_first_page_gives_the_cursor_the_setter_takes() {
    let server = three_list_pages().await;
    let store = pet_store(&server);
    let first = store.pets().list().limit(2).first_page().await.unwrap();
    assert_eq!(ids(&first.items), numbered(1..=2));
    let after = first.next_page_cursor.expect("a cursor");
    let second = (store.pets().list().limit(2).starting_after(after))
        .first_page()
        .await
        .unwrap();
    assert_eq!(ids(&second.items), numbered(3..=4));
    // A walk may start from a cursor of the caller's.
    let rest: Vec<Pet> = (store.pets().list().limit(2).starting_after("p4").items())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&rest), numbered(5..=5));
}

#[tokio::test]
async fn the_id_is_read_from_the_item_as_sent() {
    // Items decoded as another type still page by the id the API sent.
    let server = three_list_pages().await;
    let items: Vec<Value> = (pet_store(&server)
        .pets()
        .list()
        .limit(2)
        .pages_as::<Value>())
    .map_ok(|page| page.items)
    .try_concat()
    .await
    .unwrap();
    assert_eq!(items.len(), 5);
    // An id that is not a string is an error naming it, not a guess.
    let server = MockServer::start().await;
    let mut page = list_page(&[1, 2], true);
    page["data"][1]["id"] = json!(2);
    mount_list(&server, None, page).await;
    let err = (pet_store(&server)
        .pets()
        .list()
        .limit(2)
        .pages_as::<Value>())
    .try_collect::<Vec<_>>()
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::Decode { operation: "pets.list", path, .. } if path == "data[1].id"),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_repeated_last_id_stops_the_walk() {
    let server = MockServer::start().await;
    mount_list(&server, None, list_page(&[1, 2], true)).await;
    // The page after p2 ends with p2 again.
    mount_list(&server, Some("p2"), list_page(&[1, 2], true)).await;
    let results: Vec<_> = pet_store(&server)
        .pets()
        .list()
        .limit(2)
        .items()
        .collect()
        .await;
    assert_eq!(results.len(), 5);
    assert!(results[..4].iter().all(Result::is_ok));
    assert!(
        matches!(&results[4], Err(Error::Pagination { operation: "pets.list", problem: PaginationProblem::RepeatedCursor { cursor } , .. }) if cursor == "p2"),
        "{:?}",
        results[4]
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn an_empty_page_that_promises_more_has_no_last_id() {
    let server = MockServer::start().await;
    mount_list(&server, None, list_page(&[1, 2], true)).await;
    mount_list(&server, Some("p2"), list_page(&[], true)).await;
    let mut pages = pet_store(&server).pets().list().limit(2).pages();
    assert_eq!(pages.next().await.unwrap().unwrap().items.len(), 2);
    assert!(pages.next().await.unwrap().unwrap().items.is_empty());
    let err = pages.next().await.unwrap().unwrap_err();
    assert!(
        matches!(
            &err,
            Error::Pagination {
                problem: PaginationProblem::MissingCursor,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(pages.next().await.is_none());
}

/// `pets.list` pages that never end: page `n` holds pet `n`.
async fn endless_list() -> MockServer {
    let server = MockServer::start().await;
    mount_list(&server, None, list_page(&[1], true)).await;
    for n in 1..=5 {
        let after = format!("p{n}");
        let mock = Mock::given(method("GET"))
            .and(path("/pets"))
            .and(query_param("starting_after", after.as_str()))
            .respond_with(ok(list_page(&[n + 1], true)));
        mock.mount(&server).await;
    }
    server
}

#[tokio::test]
async fn max_pages_bounds_the_walk() {
    let server = endless_list().await;
    let results: Vec<_> = pet_store(&server)
        .pets()
        .list()
        .limit(2)
        .max_pages(3)
        .items()
        .collect()
        .await;
    assert_eq!(results.len(), 4);
    assert!(
        matches!(
            &results[3],
            Err(Error::Pagination {
                problem: PaginationProblem::TooManyPages { limit: 3 },
                ..
            })
        ),
        "{:?}",
        results[3]
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 3);

    // The client's limit, when the request sets none.
    let server = endless_list().await;
    let store = generic_client::PetStore::builder()
        .ignore_env()
        .endpoint(server.uri())
        .token("pet-token")
        .max_pages(2)
        .build()
        .unwrap();
    let pages: Vec<_> = store.pets().list().limit(2).pages().collect().await;
    assert_eq!(pages.len(), 3);
    assert!(
        matches!(
            &pages[2],
            Err(Error::Pagination {
                problem: PaginationProblem::TooManyPages { limit: 2 },
                ..
            })
        ),
        "{:?}",
        pages[2]
    );
}

/// A `pets.find` page: the pets, whether more follow, and the next page's cursor.
fn find_page(ids: &[u32], next_page: Option<&str>) -> Value {
    json!({
        "data": ids.iter().map(|n| pet(*n)).collect::<Vec<_>>(),
        "has_more": next_page.is_some(),
        "next_page": next_page,
    })
}

/// Answers `GET /pets/find?query=rex` at `page` (the first without one) with `body`, once.
async fn mount_find(server: &MockServer, page: Option<&str>, body: Value) {
    let mock = Mock::given(method("GET"))
        .and(path("/pets/find"))
        .and(query_param("query", "rex"));
    let mock = match page {
        Some(page) => mock.and(query_param("page", page)),
        None => mock.and(query_param_is_missing("page")),
    };
    mock.respond_with(ok(body)).expect(1).mount(server).await;
}

#[tokio::test]
async fn next_cursor_pages_send_back_the_cursor_beside_the_items() {
    let server = MockServer::start().await;
    mount_find(&server, None, find_page(&[1, 2], Some("n2"))).await;
    mount_find(&server, Some("n2"), find_page(&[3], Some("n3"))).await;
    mount_find(&server, Some("n3"), find_page(&[4, 5], None)).await;
    let pages: Vec<_> = (pet_store(&server).pets().find("rex").pages())
        .try_collect()
        .await
        .unwrap();
    let next: Vec<Option<&str>> = pages
        .iter()
        .map(|p| p.next_page_cursor.as_deref())
        .collect();
    assert_eq!(next, [Some("n2"), Some("n3"), None]);
    let pets: Vec<Pet> = pages.into_iter().flatten().collect();
    assert_eq!(ids(&pets), numbered(1..=5));
    assert_eq!(
        sent(&server, "page").await,
        [None, Some("n2".to_owned()), Some("n3".to_owned())]
    );
    assert_eq!(
        sent(&server, "query").await,
        vec![Some("rex".to_owned()); 3]
    );
}

#[tokio::test]
async fn next_cursor_limits_repeated_cursors_and_empty_pages() {
    let server = MockServer::start().await;
    mount_find(&server, None, find_page(&[1], Some("n2"))).await;
    mount_find(&server, Some("n2"), find_page(&[2], Some("n2"))).await;
    let results: Vec<_> = pet_store(&server)
        .pets()
        .find("rex")
        .items()
        .collect()
        .await;
    assert_eq!(results.len(), 3);
    assert!(
        matches!(&results[2], Err(Error::Pagination { operation: "pets.find", problem: PaginationProblem::RepeatedCursor { cursor } , .. }) if cursor == "n2"),
        "{:?}",
        results[2]
    );

    // Empty pages, each with a new cursor and the promise of more.
    let server = MockServer::start().await;
    mount_find(&server, None, find_page(&[], Some("e1"))).await;
    mount_find(&server, Some("e1"), find_page(&[], Some("e2"))).await;
    let store = generic_client::PetStore::builder()
        .ignore_env()
        .endpoint(server.uri())
        .token("pet-token")
        .max_empty_pages(2)
        .build()
        .unwrap();
    let pages: Vec<_> = store.pets().find("rex").pages().collect().await;
    assert_eq!(pages.len(), 3);
    assert!(
        matches!(
            &pages[2],
            Err(Error::Pagination {
                problem: PaginationProblem::TooManyEmptyPages { limit: 2 },
                ..
            })
        ),
        "{:?}",
        pages[2]
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);

    // More promised without a cursor.
    let server = MockServer::start().await;
    mount_find(
        &server,
        None,
        json!({"data": [pet(1)], "has_more": true, "next_page": null}),
    )
    .await;
    let results: Vec<_> = pet_store(&server)
        .pets()
        .find("rex")
        .items()
        .collect()
        .await;
    assert!(
        matches!(
            &results[1],
            Err(Error::Pagination {
                problem: PaginationProblem::MissingCursor,
                ..
            })
        ),
        "{results:?}"
    );
}

/// Answers `POST /toys/list` with `request` as its JSON body with `response`, once.
async fn mount_toys(server: &MockServer, request: Value, response: Value) {
    Mock::given(method("POST"))
        .and(path("/toys/list"))
        .and(body_json(request))
        .respond_with(ok(response))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_cursor_in_the_body_is_sent_back_in_the_body_until_there_is_none() {
    let server = MockServer::start().await;
    mount_toys(
        &server,
        json!({"kind": "ball"}),
        json!({"items": ["a", "b"], "next_cursor": "t2"}),
    )
    .await;
    mount_toys(
        &server,
        json!({"kind": "ball", "cursor": "t2"}),
        json!({"items": ["c"], "next_cursor": "t3"}),
    )
    .await;
    // An empty cursor is no cursor: it would fetch the first page again.
    mount_toys(
        &server,
        json!({"kind": "ball", "cursor": "t3"}),
        json!({"items": ["d"], "next_cursor": ""}),
    )
    .await;
    let toys: Vec<String> = (pet_store(&server).toys().list("ball").items())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(toys, ["a", "b", "c", "d"]);

    // Without the field at all, the page is the last.
    let server = MockServer::start().await;
    mount_toys(&server, json!({"kind": "ball"}), json!({"items": ["a"]})).await;
    let pages: Vec<_> = (pet_store(&server).toys().list("ball").pages())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 1);
    assert!(!pages[0].has_next_page);
}
