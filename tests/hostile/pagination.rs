//! Listing is bounded: a server that keeps promising more pages cannot make
//! `items()` or `pages()` send requests forever, and a listing that cannot go on
//! (`has_next_page: true` without a cursor) fails instead of ending as if complete.

use futures_util::StreamExt;
use seam::{Error, PaginationProblem};
use tokio::io::AsyncWriteExt;

use crate::server::{json_response, RawServer};
use crate::support::{builder, client, page, API_KEY};

/// A server whose every page has `items` credentials and a new cursor.
async fn endless(items: usize) -> RawServer {
    RawServer::start(move |n, _, mut stream| async move {
        let ids: Vec<String> = (0..items).map(|i| format!("id-{n}-{i}")).collect();
        let body = page(&ids, Some(&format!("cursor-{n}")), true);
        let _ = stream.write_all(&json_response("200 OK", "", &body)).await;
    })
    .await
}

#[tokio::test]
async fn endless_empty_pages_stop_items_after_ten() {
    let server = endless(0).await;
    let mut items = client(&server.url()).acs().credentials().list().items();
    let first = items.next().await.expect("an error, not the end");
    let err = first.expect_err("no items, only promises");
    assert!(
        matches!(
            &err,
            Error::Pagination {
                operation: "acs.credentials.list",
                problem: PaginationProblem::TooManyEmptyPages { limit: 10 },
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(server.count(), 10);
    assert!(
        items.next().await.is_none(),
        "the stream ends after its error"
    );
    assert_eq!(server.count(), 10);
}

#[tokio::test]
async fn the_empty_page_limit_is_configurable() {
    let server = endless(0).await;
    let seam = builder(&server.url())
        .api_key(API_KEY)
        .max_empty_pages(3)
        .build()
        .unwrap();
    let results: Vec<_> = seam.acs().credentials().list().items().collect().await;
    assert_eq!(results.len(), 1);
    assert!(
        matches!(
            &results[0],
            Err(Error::Pagination {
                problem: PaginationProblem::TooManyEmptyPages { limit: 3 },
                ..
            })
        ),
        "{results:?}"
    );
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn endless_full_pages_stop_at_max_pages() {
    let server = endless(1).await;
    let seam = builder(&server.url())
        .api_key(API_KEY)
        .max_pages(5)
        .build()
        .unwrap();
    let results: Vec<_> = seam.acs().credentials().list().pages().collect().await;
    assert_eq!(results.len(), 6, "five pages, then the error");
    assert!(results[..5].iter().all(Result::is_ok));
    assert!(
        matches!(
            &results[5],
            Err(Error::Pagination {
                problem: PaginationProblem::TooManyPages { limit: 5 },
                ..
            })
        ),
        "{:?}",
        results[5]
    );
    assert_eq!(server.count(), 5);

    // Per request, overriding the client.
    let server = endless(1).await;
    let items: Vec<_> = client(&server.url())
        .acs()
        .credentials()
        .list()
        .max_pages(2)
        .items()
        .collect()
        .await;
    assert_eq!(items.len(), 3, "two items, then the error: {items:?}");
    assert!(matches!(
        &items[2],
        Err(Error::Pagination {
            problem: PaginationProblem::TooManyPages { limit: 2 },
            ..
        })
    ));
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn a_repeated_long_cursor_is_reported_short() {
    let cursor = "c".repeat(10_000);
    let body = page(&["a".to_owned()], Some(&cursor), true);
    let server = RawServer::fixed(json_response("200 OK", "", &body)).await;
    let results: Vec<_> = client(&server.url())
        .acs()
        .credentials()
        .list()
        .pages()
        .collect()
        .await;
    assert_eq!(results.len(), 3, "two pages, then the error");
    match &results[2] {
        Err(Error::Pagination {
            problem: PaginationProblem::RepeatedCursor { cursor: shown },
            ..
        }) => {
            assert_eq!(shown.len(), 100);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn max_pages_zero_on_a_request_is_refused() {
    let server = endless(1).await;
    let results: Vec<_> = client(&server.url())
        .acs()
        .credentials()
        .list()
        .max_pages(0)
        .items()
        .collect()
        .await;
    assert_eq!(results.len(), 1);
    assert!(
        matches!(&results[0], Err(Error::InvalidOptions { message , .. }) if message.contains("max_pages")),
        "{results:?}"
    );
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn more_pages_without_a_cursor_is_an_error_not_the_end() {
    let body = page(&["a".to_owned(), "b".to_owned()], None, true);
    let server = RawServer::fixed(json_response("200 OK", "", &body)).await;
    let results: Vec<_> = client(&server.url())
        .acs()
        .credentials()
        .list()
        .items()
        .collect()
        .await;
    assert_eq!(results.len(), 3, "{results:?}");
    assert_eq!(results[0].as_ref().unwrap().acs_credential_id, "a");
    assert_eq!(results[1].as_ref().unwrap().acs_credential_id, "b");
    assert!(
        matches!(
            &results[2],
            Err(Error::Pagination {
                problem: PaginationProblem::MissingCursor,
                ..
            })
        ),
        "{:?}",
        results[2]
    );
    let pages: Vec<_> = client(&server.url())
        .acs()
        .credentials()
        .list()
        .pages()
        .collect()
        .await;
    assert_eq!(pages.len(), 2);
    assert!(matches!(
        &pages[1],
        Err(Error::Pagination {
            problem: PaginationProblem::MissingCursor,
            ..
        })
    ));
}

#[tokio::test]
async fn a_pagination_object_without_has_next_page_is_a_decode_error() {
    let body = r#"{"acs_credentials": [], "pagination": {"next_page_cursor": "c1"}, "ok": true}"#;
    let server = RawServer::fixed(json_response("200 OK", "", body)).await;
    let results: Vec<_> = client(&server.url())
        .acs()
        .credentials()
        .list()
        .pages()
        .collect()
        .await;
    assert_eq!(results.len(), 1);
    let err = results[0].as_ref().unwrap_err();
    assert!(
        matches!(err, Error::Decode { path, message, .. } if path == "pagination.has_next_page" && message == "the response has no `has_next_page` field"),
        "{err:?}"
    );
}
