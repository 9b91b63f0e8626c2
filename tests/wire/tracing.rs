//! The `tracing` feature: a span per call and an event per attempt with the
//! operation, status, request id and duration, and never a secret.

use std::io::Write;
use std::sync::{Arc, Mutex};

use tracing_subscriber::util::SubscriberInitExt;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{builder, get_response};

/// Everything the subscriber writes, shared with the test.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

/// A 503, then a success with a request id.
async fn mount_retried_get(server: &MockServer) {
    server.reset().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(server)
        .await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("seam-request-id", "req_42")
                .set_body_json(get_response("cred-1")),
        )
        .mount(server)
        .await;
}

#[tokio::test]
async fn each_attempt_is_an_event_in_the_calls_span_and_no_secret_is_recorded() {
    let server = MockServer::start().await;
    let seam = builder(&server)
        .api_key("seam_secret_key_123")
        .max_retries(1)
        .build()
        .unwrap();
    // The same call once before the subscriber, so that this process has met
    // every span and event of it: tracing caches whether a span or event is
    // wanted when first met, and another test's thread meeting one first
    // while this test's subscriber is the only one can cache "never" for
    // every thread (tracing-core asks that thread's default subscriber
    // alone). A subscriber added afterwards has every cached answer rebuilt.
    mount_retried_get(&server).await;
    seam.acs().credentials().get("cred-1").await.unwrap();
    mount_retried_get(&server).await;

    let captured = Captured::default();
    let writer = captured.clone();
    let _guard = tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish()
        .set_default();

    seam.acs()
        .credentials()
        .get("cred-1")
        .await
        .expect("the retry succeeds");

    let text = captured.text();
    assert!(text.contains("api_request"), "{text}");
    assert!(text.contains("operation=\"acs.credentials.get\""), "{text}");
    assert!(text.contains("method=GET"), "{text}");
    // Each attempt is one event, inside the call's span, with its own status.
    let line_with = |parts: &[&str]| {
        text.lines()
            .any(|line| parts.iter().all(|p| line.contains(p)))
    };
    assert!(
        line_with(&["api_request{", "attempt=1", "status=503"]),
        "{text}"
    );
    assert!(line_with(&["api_request{", "retrying"]), "{text}");
    assert!(
        line_with(&["api_request{", "attempt=2", "status=200"]),
        "{text}"
    );
    assert!(text.contains("request_id=\"req_42\""), "{text}");
    assert!(text.contains("duration_ms="), "{text}");
    assert!(!text.contains("seam_secret_key_123"), "{text}");
    assert!(
        !text.contains("cred-1"),
        "the query string is not recorded: {text}"
    );
}

/// `SEAM_API_URL`, the deprecated name of `SEAM_ENDPOINT`, is read with a
/// warning naming both; `SEAM_ENDPOINT` wins and then nothing is said.
#[test]
fn the_deprecated_endpoint_variable_is_read_with_a_warning() {
    let captured = Captured::default();
    let writer = captured.clone();
    let _guard = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish()
        .set_default();
    let from_old_name = seam::Seam::builder()
        .api_key("seam_secret_key_123")
        .env_source(|name| (name == "SEAM_API_URL").then(|| "http://127.0.0.1:9/old".to_owned()))
        .build()
        .expect("builds");
    assert!(format!("{from_old_name:?}").contains("http://127.0.0.1:9/old"));
    let text = captured.text();
    assert!(
        text.lines().any(|line| line.contains("WARN")
            && line.contains("name=\"SEAM_API_URL\"")
            && line.contains("instead=\"SEAM_ENDPOINT\"")),
        "{text}"
    );

    let quiet = Captured::default();
    let writer = quiet.clone();
    let _guard = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish()
        .set_default();
    seam::Seam::builder()
        .api_key("seam_secret_key_123")
        .env_source(|name| match name {
            "SEAM_API_URL" => Some("http://127.0.0.1:9/old".to_owned()),
            "SEAM_ENDPOINT" => Some("http://127.0.0.1:9/new".to_owned()),
            _ => None,
        })
        .build()
        .expect("builds");
    assert!(!quiet.text().contains("SEAM_API_URL"), "{}", quiet.text());
}
