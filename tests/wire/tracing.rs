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

#[tokio::test]
async fn each_attempt_is_an_event_in_the_calls_span_and_no_secret_is_recorded() {
    let captured = Captured::default();
    let writer = captured.clone();
    let _guard = tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish()
        .set_default();

    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("seam-request-id", "req_42")
                .set_body_json(get_response("cred-1")),
        )
        .mount(&server)
        .await;
    let seam = builder(&server)
        .api_key("seam_secret_key_123")
        .max_retries(1)
        .build()
        .unwrap();
    seam.acs()
        .credentials()
        .get("cred-1")
        .await
        .expect("the retry succeeds");

    let text = captured.text();
    assert!(text.contains("api_request"), "{text}");
    assert!(text.contains("operation=\"acs.credentials.get\""), "{text}");
    assert!(text.contains("method=GET"), "{text}");
    assert!(
        text.contains("attempt=1") && text.contains("status=503"),
        "{text}"
    );
    assert!(text.contains("retrying"), "{text}");
    assert!(
        text.contains("attempt=2") && text.contains("status=200"),
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
