//! Server-sent events (tests/generic-client's `pets feed`, JSON data, and
//! `pets chatter`, text data) from raw servers that write exactly the bytes
//! each test needs: several events with an event cut across two chunks, a
//! stream that ends cleanly, one broken mid-event, one that goes silent, one
//! event larger than the client reads, data that is not of its type, and a
//! success that is not a stream.

use std::time::Duration;

use generic_client::{Error, PetStore};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

use crate::server::RawServer;

const HEAD: &str = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n";

/// One HTTP chunk.
fn chunk(text: &str) -> Vec<u8> {
    format!("{:x}\r\n{text}\r\n", text.len()).into_bytes()
}

/// Writes the stream's head, then each part as a chunk, flushed and a little
/// apart, so that the client reads them one by one; `end` closes the body
/// properly, else the connection just drops.
async fn stream(mut socket: TcpStream, parts: &[&str], end: bool) {
    let _ = socket.write_all(HEAD.as_bytes()).await;
    for part in parts {
        let _ = socket.write_all(&chunk(part)).await;
        let _ = socket.flush().await;
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    if end {
        let _ = socket.write_all(b"0\r\n\r\n").await;
    }
    let _ = socket.shutdown().await;
}

fn client(url: &str) -> PetStore {
    PetStore::builder()
        .ignore_env()
        .endpoint(url)
        .token("tok")
        .max_retries(0)
        .build()
        .unwrap()
}

const FED: &str = r#"{"kind":"fed","pet":{"id":"p1","name":"Rex"}}"#;

#[tokio::test]
async fn events_arrive_typed_and_the_stream_ends_cleanly() {
    let server = RawServer::start(|_, _, socket| async move {
        let first = format!("event: update\nid: 1\ndata: {FED}\n\n");
        stream(
            socket,
            &[
                &first,
                // One event cut across two chunks, mid-value.
                "id: 2\ndata: {\"kind\":\"wal",
                "ked\",\"pet\":{\"id\":\"p1\",\"name\":\"Rex\"}}\n\n",
                // No data: not an event.
                ": keep-alive\nretry: 1500\n\n",
            ],
            true,
        )
        .await
    })
    .await;
    let store = client(&server.url());
    let mut events = store.pets().feed("p1").send().await.unwrap();
    let first = events.next().await.unwrap().unwrap();
    assert_eq!(first.event.as_deref(), Some("update"));
    assert_eq!(first.id.as_deref(), Some("1"));
    assert_eq!(first.data.kind, "fed");
    assert_eq!(first.data.pet.name, "Rex");
    let second = events.next().await.unwrap().unwrap();
    assert_eq!(second.event, None, "an unnamed event is a message");
    assert_eq!(second.id.as_deref(), Some("2"));
    assert_eq!(second.data.kind, "walked");
    assert!(
        events.next().await.is_none(),
        "the end of the body ends the stream"
    );
    assert!(events.next().await.is_none(), "and it stays ended");
    let request = &server.received()[0];
    assert_eq!(request.path, "/pets/p1/feed");
    assert_eq!(request.header("accept"), Some("text/event-stream"));
}

#[tokio::test]
async fn text_data_is_kept_as_it_is_its_lines_joined() {
    let server = RawServer::start(|_, _, socket| async move {
        stream(
            socket,
            &["data: hello\ndata: world\n\n", "data: {not json}\n\n"],
            true,
        )
        .await
    })
    .await;
    let store = client(&server.url());
    let events = store.pets().chatter().send().await.unwrap();
    let all: Vec<String> = futures_util::StreamExt::collect::<Vec<_>>(events)
        .await
        .into_iter()
        .map(|event| event.unwrap().data)
        .collect();
    assert_eq!(all, ["hello\nworld", "{not json}"]);
}

#[tokio::test]
async fn a_stream_broken_mid_event_ends_with_a_transport_error() {
    let server = RawServer::start(|_, _, socket| async move {
        let first = format!("data: {FED}\n\n");
        stream(socket, &[&first, "data: {\"kind\":"], false).await
    })
    .await;
    let store = client(&server.url());
    let mut events = store.pets().feed("p1").send().await.unwrap();
    assert!(events.next().await.unwrap().is_ok());
    let err = events.next().await.unwrap().unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                status: Some(200),
                ..
            }
        ),
        "{err:?}"
    );
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn a_silent_server_ends_the_stream_after_the_timeout() {
    let server = RawServer::start(|_, _, mut socket| async move {
        let first = format!("data: {FED}\n\n");
        let _ = socket.write_all(HEAD.as_bytes()).await;
        let _ = socket.write_all(&chunk(&first)).await;
        tokio::time::sleep(Duration::from_secs(5)).await;
    })
    .await;
    let store = PetStore::builder()
        .ignore_env()
        .endpoint(server.url())
        .token("tok")
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let mut events = store.pets().feed("p1").send().await.unwrap();
    assert!(events.next().await.unwrap().is_ok());
    let started = std::time::Instant::now();
    let err = events.next().await.unwrap().unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn an_event_larger_than_the_limit_ends_the_stream_without_being_kept() {
    let server = RawServer::start(|_, _, socket| async move {
        let first = format!("data: {FED}\n\n");
        let endless = format!("data: \"{}", "x".repeat(700));
        // Each small event resets the count; the one that never ends does not.
        stream(
            socket,
            &[&first, &first, &endless, &endless, &endless],
            true,
        )
        .await
    })
    .await;
    let store = PetStore::builder()
        .ignore_env()
        .endpoint(server.url())
        .token("tok")
        .max_response_bytes(1024)
        .build()
        .unwrap();
    let mut events = store.pets().feed("p1").send().await.unwrap();
    assert!(events.next().await.unwrap().is_ok());
    assert!(events.next().await.unwrap().is_ok());
    let err = events.next().await.unwrap().unwrap_err();
    assert!(
        matches!(
            err,
            Error::ResponseTooLarge {
                limit: 1024,
                status: 200,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn data_not_of_its_type_is_a_decode_error() {
    let server = RawServer::start(|_, _, socket| async move {
        stream(socket, &["data: {\"kind\": 3}\n\n"], true).await
    })
    .await;
    let store = client(&server.url());
    let mut events = store.pets().feed("p1").send().await.unwrap();
    let err = events.next().await.unwrap().unwrap_err();
    match &err {
        Error::Decode {
            path, body_excerpt, ..
        } => {
            assert_eq!(path, "data");
            assert!(body_excerpt.contains("kind"), "{body_excerpt}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_success_that_is_not_a_stream_is_refused() {
    let server = RawServer::fixed(crate::server::json_response(
        "200 OK",
        "",
        "{\"kind\":\"fed\"}",
    ))
    .await;
    let store = client(&server.url());
    let err = store.pets().feed("p1").send().await.unwrap_err();
    assert!(
        matches!(&err, Error::UnexpectedContentType { content_type, .. } if content_type == "application/json"),
        "{err:?}"
    );
}

fn blocking_client(url: &str) -> generic_client::blocking::PetStore {
    generic_client::blocking::PetStore::builder()
        .ignore_env()
        .endpoint(url)
        .token("tok")
        .max_retries(0)
        .build()
        .unwrap()
}

#[tokio::test]
async fn the_blocking_client_iterates_events_split_across_chunks() {
    let server = RawServer::start(|_, _, socket| async move {
        let first = format!("event: update\nid: 1\ndata: {FED}\n\n");
        let parts = [
            first.as_str(),
            "id: 2\ndata: {\"kind\":\"wal",
            "ked\",\"pet\":{\"id\":\"p1\",\"name\":\"Rex\"}}\n\n",
        ];
        stream(socket, &parts, true).await
    })
    .await;
    let store = blocking_client(&server.url());
    // On a thread of the blocking pool, as a program without a runtime would.
    let events: Vec<_> = tokio::task::spawn_blocking(move || {
        let events = store.pets().feed("p1").send().unwrap();
        events.collect::<Result<Vec<_>, Error>>().unwrap()
    })
    .await
    .unwrap();
    let kinds: Vec<(Option<String>, String)> = events
        .into_iter()
        .map(|event| (event.id, event.data.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            (Some("1".to_owned()), "fed".to_owned()),
            (Some("2".to_owned()), "walked".to_owned())
        ]
    );
}

#[tokio::test]
async fn the_blocking_client_ends_a_broken_stream_with_an_error() {
    let server = RawServer::start(|_, _, socket| async move {
        let first = format!("data: {FED}\n\n");
        stream(socket, &[&first, "data: {\"kind\":"], false).await
    })
    .await;
    let store = blocking_client(&server.url());
    let results: Vec<_> =
        tokio::task::spawn_blocking(move || store.pets().feed("p1").send().unwrap().collect())
            .await
            .unwrap();
    assert_eq!(results.len(), 2, "one event, then the error, then the end");
    assert!(results[0].is_ok());
    assert!(
        matches!(
            results[1],
            Err(Error::Transport {
                status: Some(200),
                ..
            })
        ),
        "{:?}",
        results[1]
    );
}

#[tokio::test]
async fn the_blocking_client_ends_a_silent_stream_after_the_timeout() {
    let server = RawServer::start(|_, _, mut socket| async move {
        let first = format!("data: {FED}\n\n");
        let _ = socket.write_all(HEAD.as_bytes()).await;
        let _ = socket.write_all(&chunk(&first)).await;
        tokio::time::sleep(Duration::from_secs(5)).await;
    })
    .await;
    let store = generic_client::blocking::PetStore::builder()
        .ignore_env()
        .endpoint(server.url())
        .token("tok")
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let (results, waited) = tokio::task::spawn_blocking(move || {
        // With its status and headers: still an iterator of events.
        let response = store.pets().feed("p1").send_with_response().unwrap();
        assert_eq!(response.status(), 200);
        let mut events = response.into_body();
        let first = events.next();
        let started = std::time::Instant::now();
        let second = events.next();
        let waited = started.elapsed();
        (vec![first, second, events.next()], waited)
    })
    .await
    .unwrap();
    assert!(matches!(results[0], Some(Ok(_))), "{:?}", results[0]);
    assert!(
        matches!(results[1], Some(Err(Error::Timeout { .. }))),
        "{:?}",
        results[1]
    );
    assert!(results[2].is_none(), "the error ends the stream");
    assert!(waited < Duration::from_secs(3), "{waited:?}");
}
