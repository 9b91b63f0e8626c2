//! Idempotency keys on the wire, against a raw-socket server that answers
//! each connection from a script (a status with headers and a body, or a
//! connection dropped after the request): the generic fixture's profile
//! (tests/fixtures/valid/generic_auth.profile.toml) keys every POST with
//! `Idempotency-Key` and names `X-Should-Retry`. One key per call, the same
//! on each of its retries; the caller's key as given; a keyed POST retried
//! after a dropped connection, a 409 and a 503 unless the should-retry header
//! says no; a call without a key (a GET here, any POST of Seam's client,
//! whose profile keys nothing) carries none, and a POST without one is never
//! retried.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::{Op, Opts, API_KEY};

/// The most of one request the server reads.
const MAX_REQUEST: usize = 64 * 1024;

/// What the server does with one connection, after reading its request.
#[derive(Clone)]
enum Step {
    /// Closes the connection without answering.
    Drop,
    /// Answers with this status, these headers and this JSON body.
    Answer(u16, Vec<(&'static str, &'static str)>, &'static str),
}

fn answer(status: u16, body: &'static str) -> Step {
    Step::Answer(status, Vec::new(), body)
}

const PET: &str = r#"{"id": "p1", "name": "Rex"}"#;

/// One request as received: its request line and headers, names lowercased.
#[derive(Clone, Debug)]
struct Received {
    line: String,
    headers: Vec<(String, String)>,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn key(&self) -> Option<&str> {
        self.header("idempotency-key")
    }
}

/// A server on 127.0.0.1 that takes the steps in order, one connection each
/// (the last step repeats), and records every request; it stops with the
/// test's runtime.
async fn scripted(steps: Vec<Step>) -> (String, Arc<Mutex<Vec<Received>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let received = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&received);
    tokio::spawn(async move {
        let mut steps = steps.into_iter().peekable();
        let mut last = None;
        while let Ok((mut socket, _)) = listener.accept().await {
            let step = match steps.next() {
                Some(step) => {
                    last = Some(step.clone());
                    step
                }
                None => last.clone().expect("a script of at least one step"),
            };
            let Some(request) = read_request(&mut socket).await else {
                continue;
            };
            log.lock().unwrap().push(request);
            if let Step::Answer(status, headers, body) = step {
                let mut response = format!(
                    "HTTP/1.1 {status} Answer\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
                    body.len()
                );
                for (name, value) in headers {
                    response.push_str(&format!("{name}: {value}\r\n"));
                }
                response.push_str("\r\n");
                response.push_str(body);
                let _ = socket.write_all(response.as_bytes()).await;
                let _ = socket.shutdown().await;
            }
        }
    });
    (endpoint, received)
}

/// Reads one request's head and its `content-length` body.
async fn read_request(socket: &mut tokio::net::TcpStream) -> Option<Received> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        let read = socket.read(&mut chunk).await.ok()?;
        if read == 0 || buffer.len() > MAX_REQUEST {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let line = lines.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0)
        .min(MAX_REQUEST);
    while buffer.len() < head_end + 4 + length {
        let read = socket.read(&mut chunk).await.ok()?;
        if read == 0 {
            break;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    Some(Received { line, headers })
}

fn pet_store(endpoint: &str) -> generic_client::PetStore {
    generic_client::PetStore::builder()
        .ignore_env()
        .endpoint(endpoint)
        .token("pet-token")
        .retry_base_delay(Duration::from_millis(1))
        .build()
        .unwrap()
}

fn requests(log: &Arc<Mutex<Vec<Received>>>) -> Vec<Received> {
    log.lock().unwrap().clone()
}

/// A random (version 4) UUID, as the client makes keys.
fn is_uuid_v4(key: &str) -> bool {
    let groups: Vec<usize> = key.split('-').map(str::len).collect();
    groups == [8, 4, 4, 4, 12]
        && key
            .bytes()
            .all(|b| b == b'-' || b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        && &key[14..15] == "4"
        && matches!(&key[19..20], "8" | "9" | "a" | "b")
}

#[tokio::test]
async fn each_call_gets_one_key_that_every_retry_sends_again() {
    let (endpoint, log) = scripted(vec![
        answer(503, "{}"),
        answer(503, "{}"),
        answer(200, PET),
        answer(200, PET),
    ])
    .await;
    let client = pet_store(&endpoint);
    client.create_pet("Rex").await.unwrap();
    client.create_pet("Rex").await.unwrap();
    let sent = requests(&log);
    assert_eq!(sent.len(), 4, "{sent:?}");
    assert!(
        sent.iter().all(|r| r.line == "POST /pets/create HTTP/1.1"),
        "{sent:?}"
    );
    let keys: Vec<&str> = sent.iter().map(|r| r.key().expect("a key")).collect();
    assert!(keys.iter().all(|key| is_uuid_v4(key)), "{keys:?}");
    assert_eq!(keys[0], keys[1], "a retry sends the call's key");
    assert_eq!(keys[1], keys[2], "a retry sends the call's key");
    assert_ne!(keys[2], keys[3], "another call, another key");
    // Sent once, under its name.
    let named = sent[0]
        .headers
        .iter()
        .filter(|(n, _)| n == "idempotency-key")
        .count();
    assert_eq!(named, 1);
}

#[tokio::test]
async fn a_callers_key_is_sent_as_it_is_on_every_attempt() {
    let (endpoint, log) = scripted(vec![answer(500, "{}"), answer(200, PET)]).await;
    let pet = pet_store(&endpoint)
        .create_pet("Rex")
        .idempotency_key("order-42 / attempt A")
        .await
        .unwrap();
    assert_eq!(pet.name, "Rex");
    let sent = requests(&log);
    let keys: Vec<Option<&str>> = sent.iter().map(Received::key).collect();
    assert_eq!(keys, [Some("order-42 / attempt A"); 2]);
}

#[tokio::test]
async fn a_key_that_cannot_be_sent_is_refused_before_sending() {
    let (endpoint, log) = scripted(vec![answer(200, PET)]).await;
    let err = pet_store(&endpoint)
        .create_pet("Rex")
        .idempotency_key("a\r\nx-evil: 1")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, generic_client::Error::InvalidOptions { message , .. } if message.contains("idempotency key")),
        "{err:?}"
    );
    assert!(requests(&log).is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_keyed_post_is_retried_after_a_dropped_connection_a_409_and_a_503() {
    let (endpoint, log) = scripted(vec![
        Step::Drop,
        answer(409, r#"{"title": "Conflict", "status": 409}"#),
        answer(503, "{}"),
        answer(200, PET),
    ])
    .await;
    let pet = pet_store(&endpoint)
        .create_pet("Rex")
        .max_retries(3)
        .await
        .unwrap();
    assert_eq!(pet.id, "p1");
    let sent = requests(&log);
    assert_eq!(sent.len(), 4, "{sent:?}");
    let first = sent[0].key().expect("a key");
    assert!(sent.iter().all(|r| r.key() == Some(first)), "{sent:?}");
}

#[tokio::test]
async fn the_should_retry_header_overrides_the_status_rules() {
    // A 503 the server says not to retry ends the call.
    let (endpoint, log) = scripted(vec![
        Step::Answer(503, vec![("x-should-retry", "false")], "{}"),
        answer(200, PET),
    ])
    .await;
    let err = pet_store(&endpoint).create_pet("Rex").await.unwrap_err();
    assert_eq!(err.status(), Some(503), "{err:?}");
    assert_eq!(requests(&log).len(), 1);

    // A 400, never retried by itself, is when the server says to.
    let (endpoint, log) = scripted(vec![
        Step::Answer(400, vec![("x-should-retry", "true")], "{}"),
        answer(200, PET),
    ])
    .await;
    pet_store(&endpoint).create_pet("Rex").await.unwrap();
    let sent = requests(&log);
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].key(), sent[1].key());
}

#[tokio::test]
async fn a_call_of_a_method_the_api_does_not_key_carries_no_key() {
    let (endpoint, log) = scripted(vec![answer(503, "{}"), answer(200, PET)]).await;
    pet_store(&endpoint).pets().get(1, "a", "t").await.unwrap();
    let sent = requests(&log);
    assert_eq!(sent.len(), 2, "a GET is retried as before");
    assert!(sent.iter().all(|r| r.key().is_none()), "{sent:?}");
}

#[tokio::test]
async fn a_post_without_a_key_is_never_retried() {
    // Seam's profile keys no call: its POST goes once, without a key, even
    // after a dropped connection or a 503.
    for first in [Step::Drop, answer(503, "{}")] {
        let (endpoint, log) = scripted(vec![first, answer(200, r#"{"ok": true}"#)]).await;
        let seam = seam::Seam::builder()
            .ignore_env()
            .api_key(API_KEY)
            .endpoint(endpoint)
            .retry_base_delay(Duration::from_millis(1))
            .build()
            .unwrap();
        let op = Op::Create;
        assert!(!op.retry_safe());
        assert!(op.call(&seam, Opts::max_retries(3)).await.is_err());
        let sent = requests(&log);
        assert_eq!(sent.len(), 1, "{sent:?}");
        assert!(
            sent[0].line.starts_with("POST /acs/credentials/create "),
            "{sent:?}"
        );
        assert_eq!(sent[0].key(), None);
    }
}
