//! Paging through `acs.credentials.list` with `.pages()` and `.items()`.

use futures_util::{StreamExt, TryStreamExt};
use seam::models::AcsCredential;
use seam::{Error, PaginationProblem, Seam};
use serde_json::{json, Value};
use wiremock::matchers::{any, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

fn page_body(ids: &[u32], next_page_cursor: Option<&str>) -> Value {
    json!({
        "acs_credentials": ids.iter().map(|n| credential(&credential_id(*n))).collect::<Vec<_>>(),
        "pagination": {
            "next_page_cursor": next_page_cursor,
            "has_next_page": next_page_cursor.is_some(),
            "next_page_url": next_page_cursor
                .map(|c| format!("https://connect.getseam.com/acs/credentials/list?page_cursor={c}")),
        },
        "ok": true
    })
}

/// Answers the list request that has `request` as its body with `response`, once.
async fn mount_page(server: &MockServer, request: Value, response: ResponseTemplate) {
    Mock::given(any())
        .and(path("/acs/credentials/list"))
        .and(params(request))
        .respond_with(response)
        .expect(1)
        .mount(server)
        .await;
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// Three pages: 1-2, 3-4, 5; every request keeps the filters.
async fn three_page_server() -> MockServer {
    let server = MockServer::start().await;
    let filters = json!({ "acs_system_id": SYSTEM_ID, "limit": 2.0 });
    let with_cursor = |cursor: &str| {
        let mut body = filters.clone();
        body["page_cursor"] = json!(cursor);
        body
    };
    mount_page(&server, filters.clone(), ok(page_body(&[1, 2], Some("c2")))).await;
    mount_page(
        &server,
        with_cursor("c2"),
        ok(page_body(&[3, 4], Some("c3"))),
    )
    .await;
    mount_page(&server, with_cursor("c3"), ok(page_body(&[5], None))).await;
    server
}

fn list(seam: &Seam) -> seam::resources::AcsCredentialsList {
    seam.acs()
        .credentials()
        .list()
        .acs_system_id(SYSTEM_ID)
        .limit(2.0)
}

fn ids(credentials: &[AcsCredential]) -> Vec<String> {
    credentials
        .iter()
        .map(|c| c.acs_credential_id.clone())
        .collect()
}

/// The `page_cursor` of each list request `server` received, in order.
async fn cursors_sent(server: &MockServer) -> Vec<Value> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| sent_param(r, "page_cursor"))
        .collect()
}

#[tokio::test]
async fn send_returns_the_first_page_only() {
    let server = three_page_server().await;
    let credentials = list(&client(&server)).await.unwrap();
    assert_eq!(ids(&credentials), [credential_id(1), credential_id(2)]);
    assert_eq!(request_count(&server).await, 1);
    server.reset().await; // the other pages were rightly not requested
}

#[tokio::test]
async fn pages_follow_the_cursor() {
    let server = three_page_server().await;
    let pages: Vec<_> = list(&client(&server)).pages().try_collect().await.unwrap();
    let sizes: Vec<usize> = pages.iter().map(|p| p.items.len()).collect();
    assert_eq!(sizes, [2, 2, 1]);
    let next: Vec<Option<&str>> = pages
        .iter()
        .map(|p| p.next_page_cursor.as_deref())
        .collect();
    assert_eq!(next, [Some("c2"), Some("c3"), None]);
    let more: Vec<bool> = pages.iter().map(|p| p.has_next_page).collect();
    assert_eq!(more, [true, true, false]);
    assert_eq!(ids(&pages[1].items), [credential_id(3), credential_id(4)]);
    let all: Vec<AcsCredential> = pages.into_iter().flatten().collect();
    assert_eq!(ids(&all), (1..=5).map(credential_id).collect::<Vec<_>>());
    assert_eq!(
        cursors_sent(&server).await,
        [Value::Null, json!("c2"), json!("c3")]
    );
}

#[tokio::test]
async fn items_span_pages() {
    let server = three_page_server().await;
    let ids: Vec<String> = list(&client(&server))
        .items()
        .map_ok(|c| c.acs_credential_id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, (1..=5).map(credential_id).collect::<Vec<_>>());
    assert_eq!(request_count(&server).await, 3);
}

#[tokio::test]
async fn the_blocking_client_iterates_pages_and_items() {
    // Each server answers each page once: one for pages, one for items.
    let (for_pages, for_items) = (three_page_server().await, three_page_server().await);
    let clients = [&for_pages, &for_items].map(|server| {
        let AnyClient::Blocking(seam) = Flavor::Blocking.client(server, Setup::default()) else {
            unreachable!()
        };
        seam
    });
    let (pages, items) = tokio::task::spawn_blocking(move || {
        let list = |seam: &seam::blocking::Seam| {
            (seam.acs().credentials().list())
                .acs_system_id(SYSTEM_ID)
                .limit(2.0)
        };
        let pages: Vec<usize> = list(&clients[0])
            .pages()
            .map(|page| page.unwrap().items.len())
            .collect();
        let mut items = list(&clients[1]).items();
        let first = items.next().unwrap().unwrap();
        let rest: Vec<AcsCredential> = items.collect::<Result<_, _>>().unwrap();
        (pages, [vec![first], rest].concat())
    })
    .await
    .unwrap();
    assert_eq!(pages, [2, 2, 1]);
    assert_eq!(ids(&items), (1..=5).map(credential_id).collect::<Vec<_>>());
    assert_eq!(
        cursors_sent(&for_items).await,
        [Value::Null, json!("c2"), json!("c3")]
    );
}

#[tokio::test]
async fn items_fetch_pages_lazily() {
    let server = three_page_server().await;
    let mut items = list(&client(&server)).items();
    for n in 1..=3 {
        let item = items.next().await.unwrap().unwrap();
        assert_eq!(item.acs_credential_id, credential_id(n));
    }
    // Three items need two pages, not three.
    assert_eq!(request_count(&server).await, 2);
    drop(items);
    server.reset().await;
}

#[tokio::test]
async fn paging_from_an_explicit_null_cursor() {
    let server = MockServer::start().await;
    mount_page(
        &server,
        json!({ "page_cursor": null }),
        ok(page_body(&[1], Some("c2"))),
    )
    .await;
    mount_page(
        &server,
        json!({ "page_cursor": "c2" }),
        ok(page_body(&[2], None)),
    )
    .await;
    let seam = client(&server);
    let items: Vec<AcsCredential> = seam
        .acs()
        .credentials()
        .list()
        .page_cursor_null()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&items), [credential_id(1), credential_id(2)]);
}

#[tokio::test]
async fn streams_can_be_consumed_in_another_task() {
    let server = three_page_server().await;
    let stream = list(&client(&server)).items();
    let count = tokio::spawn(async move { stream.count().await })
        .await
        .unwrap();
    assert_eq!(count, 5);
}

/// Two pages, the second pointing back at itself.
async fn looping_server() -> MockServer {
    let server = MockServer::start().await;
    let filters = json!({ "acs_system_id": SYSTEM_ID, "limit": 2.0 });
    let mut second = filters.clone();
    second["page_cursor"] = json!("c2");
    mount_page(&server, filters, ok(page_body(&[1, 2], Some("c2")))).await;
    mount_page(&server, second, ok(page_body(&[3, 4], Some("c2")))).await;
    server
}

#[tokio::test]
async fn a_repeated_cursor_stops_pages_with_an_error() {
    let server = looping_server().await;
    let mut pages = list(&client(&server)).pages();
    assert_eq!(pages.next().await.unwrap().unwrap().items.len(), 2);
    assert_eq!(pages.next().await.unwrap().unwrap().items.len(), 2);
    let err = pages.next().await.unwrap().unwrap_err();
    assert!(
        matches!(&err, Error::Pagination { operation: "acs.credentials.list", problem: PaginationProblem::RepeatedCursor { cursor } , .. } if cursor == "c2"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "acs.credentials.list: pagination stopped because the API repeated a page cursor"
    );
    assert!(pages.next().await.is_none());
    // The repeated cursor was never requested a second time.
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn a_repeated_cursor_stops_the_blocking_iterator_with_an_error() {
    let server = looping_server().await;
    let AnyClient::Blocking(seam) = Flavor::Blocking.client(&server, Setup::default()) else {
        unreachable!()
    };
    let results: Vec<_> = tokio::task::spawn_blocking(move || {
        let pages = seam
            .acs()
            .credentials()
            .list()
            .acs_system_id(SYSTEM_ID)
            .limit(2.0);
        pages.pages().collect()
    })
    .await
    .unwrap();
    assert_eq!(results.len(), 3, "two pages, then the error, then the end");
    assert!(
        matches!(&results[2], Err(Error::Pagination { problem: PaginationProblem::RepeatedCursor { cursor }, .. }) if cursor == "c2"),
        "{:?}",
        results[2]
    );
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn a_repeated_cursor_stops_items_with_an_error() {
    let server = looping_server().await;
    let results: Vec<_> = list(&client(&server)).items().collect().await;
    assert_eq!(results.len(), 5);
    assert!(results[..4].iter().all(Result::is_ok));
    assert!(
        matches!(&results[4], Err(Error::Pagination { problem: PaginationProblem::RepeatedCursor { cursor }, .. }) if cursor == "c2"),
        "{:?}",
        results[4]
    );
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn an_error_ends_the_stream() {
    let server = MockServer::start().await;
    mount_page(&server, json!({}), ok(page_body(&[1, 2], Some("c2")))).await;
    mount_page(
        &server,
        json!({ "page_cursor": "c2" }),
        ResponseTemplate::new(400).set_body_json(error_body(json!({
            "type": "invalid_input",
            "message": "Invalid page_cursor"
        }))),
    )
    .await;
    let results: Vec<_> = client(&server)
        .acs()
        .credentials()
        .list()
        .items()
        .collect()
        .await;
    assert_eq!(results.len(), 3);
    assert!(results[..2].iter().all(Result::is_ok));
    assert!(
        matches!(&results[2], Err(Error::InvalidInput { message, .. }) if message == "Invalid page_cursor"),
        "{:?}",
        results[2]
    );
}

/// Two pages, 1-3 and 4-5, where item 2 has a wrong type (and a PIN code) and
/// item 4 no id.
async fn bad_item_server() -> MockServer {
    let server = MockServer::start().await;
    let mut first = page_body(&[1, 2, 3], Some("c2"));
    first["acs_credentials"][1]["created_at"] = json!(42);
    first["acs_credentials"][1]["code"] = json!("secret-pin-1234");
    mount_page(&server, json!({}), ok(first)).await;
    let mut second = page_body(&[4, 5], None);
    second["acs_credentials"][0]
        .as_object_mut()
        .unwrap()
        .remove("acs_credential_id");
    mount_page(&server, json!({ "page_cursor": "c2" }), ok(second)).await;
    server
}

/// One item that does not decode never hides the others: the page keeps every
/// good item and names the bad one (index, JSON path, its JSON, secrets
/// redacted); the item stream yields an error in its place and goes on.
#[tokio::test]
async fn an_undecodable_item_is_named_and_the_others_are_kept() {
    let server = bad_item_server().await;
    let seam = client(&server);
    let mut pages = seam.acs().credentials().list().pages();
    let page = pages.next().await.unwrap().unwrap();
    assert_eq!(ids(&page.items), [credential_id(1), credential_id(3)]);
    let [bad] = &page.errors[..] else {
        panic!("one undecodable item: {:?}", page.errors);
    };
    assert_eq!(bad.index, 1);
    assert_eq!(bad.path, "acs_credentials[1].created_at");
    assert!(bad.message.contains("expected"), "{}", bad.message);
    assert!(bad.raw.contains(&credential_id(2)), "{}", bad.raw);
    assert!(
        !bad.raw.contains("secret-pin-1234"),
        "the code is redacted: {}",
        bad.raw
    );
    assert_eq!(
        bad.to_string(),
        format!(
            "item 1 does not decode at `acs_credentials[1].created_at`: {}",
            bad.message
        )
    );
    let page = pages.next().await.unwrap().unwrap();
    assert_eq!(ids(&page.items), [credential_id(5)]);
    assert_eq!(page.errors[0].index, 0);
    assert_eq!(page.errors[0].path, "acs_credentials[0].acs_credential_id");
    assert!(pages.next().await.is_none());

    // The item stream: every item in order, an error in each bad one's place.
    let server = bad_item_server().await;
    let seam = client(&server);
    let results: Vec<Result<AcsCredential, Error>> =
        seam.acs().credentials().list().items().collect().await;
    let shape: Vec<String> = results
        .iter()
        .map(|r| match r {
            Ok(c) => c.acs_credential_id.clone(),
            Err(Error::Decode { path, .. }) => format!("error at {path}"),
            Err(other) => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        shape,
        [
            credential_id(1),
            "error at acs_credentials[1].created_at".to_owned(),
            credential_id(3),
            "error at acs_credentials[0].acs_credential_id".to_owned(),
            credential_id(5),
        ]
    );
    let Err(err) = &results[1] else {
        unreachable!()
    };
    assert!(!err.to_string().contains("secret-pin-1234"), "{err}");
    assert!(!format!("{err:?}").contains("secret-pin-1234"), "{err:?}");

    // The blocking iterator yields the same, and goes on past each bad item.
    let server = bad_item_server().await;
    let AnyClient::Blocking(seam) = Flavor::Blocking.client(&server, Setup::default()) else {
        unreachable!()
    };
    let blocking: Vec<Result<AcsCredential, Error>> =
        tokio::task::spawn_blocking(move || seam.acs().credentials().list().items().collect())
            .await
            .unwrap();
    let shown = |results: &[Result<AcsCredential, Error>]| format!("{results:?}");
    assert_eq!(shown(&blocking), shown(&results));
}

/// A page whose list is not a list at all is an error for the whole page.
#[tokio::test]
async fn a_list_that_is_not_a_list_fails_the_page() {
    let server = MockServer::start().await;
    let mut body = page_body(&[1], None);
    body["acs_credentials"] = json!({ "not": "a list" });
    mount_page(&server, json!({}), ok(body)).await;
    let mut pages = client(&server).acs().credentials().list().pages();
    let err = pages.next().await.unwrap().unwrap_err();
    assert!(
        matches!(&err, Error::Decode { operation: "acs.credentials.list", path, .. }
            if path == "acs_credentials"),
        "{err:?}"
    );
    assert!(pages.next().await.is_none());
}

#[tokio::test]
async fn a_response_without_pagination_is_the_last_page() {
    let server = MockServer::start().await;
    mount_page(
        &server,
        json!({}),
        ok(json!({
            "acs_credentials": [credential(&credential_id(1))],
            "ok": true
        })),
    )
    .await;
    let pages: Vec<_> = client(&server)
        .acs()
        .credentials()
        .list()
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 1);
    assert!(!pages[0].has_next_page);
    assert_eq!(pages[0].next_page_cursor, None);
}

#[tokio::test]
async fn pages_are_retried_like_any_list_request() {
    let server = MockServer::start().await;
    Mock::given(any())
        .and(path("/acs/credentials/list"))
        .and(params(json!({ "page_cursor": "c2" })))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    mount_page(&server, json!({}), ok(page_body(&[1], Some("c2")))).await;
    mount_page(
        &server,
        json!({ "page_cursor": "c2" }),
        ok(page_body(&[2], None)),
    )
    .await;
    let items: Vec<AcsCredential> = client(&server)
        .acs()
        .credentials()
        .list()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&items), [credential_id(1), credential_id(2)]);
    assert_eq!(request_count(&server).await, 3);
}

#[tokio::test]
async fn the_first_page_keeps_its_cursor_and_the_next_is_fetched_on_demand() {
    let server = three_page_server().await;
    let seam = client(&server);
    let first = list(&seam).first_page().await.expect("first page");
    assert_eq!(ids(&first.items), [credential_id(1), credential_id(2)]);
    assert_eq!(first.next_page_cursor.as_deref(), Some("c2"));
    assert!(first.has_next_page);
    // The next page on demand: the same request from the kept cursor.
    let second = list(&seam)
        .page_cursor(first.next_page_cursor.unwrap())
        .first_page()
        .await
        .expect("second page");
    assert_eq!(ids(&second.items), [credential_id(3), credential_id(4)]);
    assert_eq!(second.next_page_cursor.as_deref(), Some("c3"));
    let third = list(&seam).page_cursor("c3").first_page().await.unwrap();
    assert_eq!(ids(&third.items), [credential_id(5)]);
    assert!(!third.has_next_page);
}

/// A listing kept in a struct of the caller's, read a page at a time without
/// importing a stream trait.
struct Mirror {
    pages: seam::Pages<AcsCredential>,
    seen: Vec<String>,
}

impl Mirror {
    async fn step(&mut self) -> Option<usize> {
        let page = self.pages.next_page().await?.expect("a page");
        self.seen.extend(ids(&page.items));
        Some(page.items.len())
    }
}

#[tokio::test]
async fn named_streams_can_be_kept_and_read_a_page_or_an_item_at_a_time() {
    let server = three_page_server().await;
    let seam = client(&server);
    let mut sync = Mirror {
        pages: list(&seam).pages(),
        seen: Vec::new(),
    };
    assert_eq!(sync.step().await, Some(2));
    assert_eq!(sync.step().await, Some(2));
    assert_eq!(sync.step().await, Some(1));
    assert_eq!(sync.step().await, None);
    assert_eq!(sync.seen.len(), 5);

    let server = three_page_server().await;
    let seam = client(&server);
    let mut items: seam::Items<AcsCredential> = list(&seam).items();
    let mut count = 0;
    while let Some(item) = items.next_item().await {
        item.expect("an item");
        count += 1;
    }
    assert_eq!(count, 5);
}
