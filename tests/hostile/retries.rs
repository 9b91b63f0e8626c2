//! Retries: 429 and every 5xx are retried for operations safe to repeat; what
//! cannot heal by repeating (a redirect, a bad TLS certificate, oversized
//! headers, a size limit) is not; a `Retry-After` beyond the client's cap stops
//! the retries and is returned in the error; all three HTTP-date formats parse.

use std::time::{Duration, Instant};

use seam::Error;
use tokio::io::AsyncWriteExt;

use crate::server::{json_response, RawServer};
use crate::support::{
    builder, client, create_error, credential, get_error, API_KEY, CREDENTIAL_ID,
};

fn error_json(code: &str) -> String {
    serde_json::json!({ "error": { "type": code, "message": "try later" }, "ok": false })
        .to_string()
}

#[tokio::test]
async fn every_5xx_and_429_is_retried_for_reads_only() {
    for status in [
        "429 Too Many Requests",
        "500 Internal Server Error",
        "501 Not Implemented",
        "502 Bad Gateway",
        "503 Service Unavailable",
        "504 Gateway Timeout",
        "599 Network Connect Timeout",
    ] {
        let server = RawServer::fixed(json_response(status, "", &error_json("server_error"))).await;
        let seam = client(&server.url());
        let err = seam
            .acs()
            .credentials()
            .get(CREDENTIAL_ID)
            .send()
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(status[..3].parse().unwrap()), "{err:?}");
        assert_eq!(
            server.count(),
            3,
            "{status}: the first attempt and 2 retries"
        );

        let server = RawServer::fixed(json_response(status, "", &error_json("server_error"))).await;
        let _ = create_error(&server).await;
        assert_eq!(server.count(), 1, "{status}: create is never retried");
    }
}

#[tokio::test]
async fn a_retried_read_succeeds_once_the_server_recovers() {
    let body =
        serde_json::json!({ "acs_credential": credential(CREDENTIAL_ID), "ok": true }).to_string();
    let server = RawServer::start(move |n, _, mut stream| {
        let body = body.clone();
        async move {
            let bytes = if n == 0 {
                json_response("500 Internal Server Error", "", &error_json("oops"))
            } else {
                json_response("200 OK", "", &body)
            };
            let _ = stream.write_all(&bytes).await;
        }
    })
    .await;
    client(&server.url())
        .acs()
        .credentials()
        .get(CREDENTIAL_ID)
        .send()
        .await
        .expect("second attempt");
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn oversized_response_headers_are_not_retried() {
    let huge = format!("x-padding: {}\r\n", "a".repeat(1 << 20));
    let server = RawServer::fixed(json_response("200 OK", &huge, "{}")).await;
    let err = get_error(&server).await;
    assert!(matches!(&err, Error::Transport { .. }), "{err:?}");
    assert_eq!(
        server.count(),
        1,
        "oversized headers do not heal by repeating"
    );
}

#[tokio::test]
async fn a_dropped_connection_is_retried_for_reads() {
    let server = RawServer::start(|_, _, stream| async move { drop(stream) }).await;
    let err = get_error(&server).await;
    assert!(
        matches!(&err, Error::Transport { status: None, .. }),
        "{err:?}"
    );
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn a_bad_tls_certificate_is_not_retried() {
    let server = tls::SelfSignedServer::start().await;
    let seam = builder(&server.url()).api_key(API_KEY).build().unwrap();
    let err = seam
        .acs()
        .credentials()
        .get(CREDENTIAL_ID)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Transport { status: None, .. }),
        "{err:?}"
    );
    let chain = format!("{:?}", std::error::Error::source(&err));
    assert!(chain.to_lowercase().contains("certificate"), "{chain}");
    assert_eq!(
        server.handshakes(),
        1,
        "a bad certificate does not heal by repeating"
    );
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_is_returned_not_slept() {
    let server = RawServer::fixed(json_response(
        "503 Service Unavailable",
        "retry-after: 3600\r\n",
        &error_json("maintenance"),
    ))
    .await;
    let started = Instant::now();
    let err = get_error(&server).await;
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "slept {:?}",
        started.elapsed()
    );
    assert_eq!(
        server.count(),
        1,
        "no retry when the server asks for longer than the cap"
    );
    assert_eq!(
        err.retry_after(),
        Some(Duration::from_secs(3600)),
        "{err:?}"
    );
    assert!(err.to_string().contains("3600"), "{err}");
}

#[tokio::test]
async fn retry_after_dates_in_all_three_http_formats_are_understood() {
    // 2060-01-01 is a Thursday (and within the 50 years that RFC 850's two-digit
    // years reach); each is far beyond the cap, so the error carries it.
    for date in [
        "Thu, 01 Jan 2060 00:00:00 GMT",
        "Thursday, 01-Jan-60 00:00:00 GMT",
        "Thu Jan  1 00:00:00 2060",
    ] {
        let header = format!("retry-after: {date}\r\n");
        let server = RawServer::fixed(json_response(
            "429 Too Many Requests",
            &header,
            &error_json("rate_limited"),
        ))
        .await;
        let err = get_error(&server).await;
        let wait = err
            .retry_after()
            .unwrap_or_else(|| panic!("{date}: {err:?}"));
        assert!(
            wait > Duration::from_secs(60 * 60 * 24 * 365),
            "{date}: {wait:?}"
        );
        assert_eq!(server.count(), 1, "{date}");
    }
}

#[tokio::test]
async fn an_unrepresentably_long_retry_after_is_past_any_cap() {
    for value in ["1e20", "inf", "99999999999999999999999"] {
        let header = format!("retry-after: {value}\r\n");
        let server = RawServer::fixed(json_response(
            "503 Service Unavailable",
            &header,
            &error_json("down"),
        ))
        .await;
        let err = get_error(&server).await;
        assert_eq!(server.count(), 1, "{value}");
        assert_eq!(err.retry_after(), Some(Duration::MAX), "{value}");
    }
    // Nonsense is ignored: the client's own backoff applies.
    let server = RawServer::fixed(json_response(
        "503 Service Unavailable",
        "retry-after: NaN\r\n",
        &error_json("down"),
    ))
    .await;
    let err = get_error(&server).await;
    assert_eq!(server.count(), 3);
    assert_eq!(err.retry_after(), None);
}

#[tokio::test]
async fn a_short_retry_after_is_waited_for() {
    let server = RawServer::fixed(json_response(
        "429 Too Many Requests",
        "retry-after: 0.2\r\n",
        &error_json("rate_limited"),
    ))
    .await;
    let started = Instant::now();
    let err = builder(&server.url())
        .api_key(API_KEY)
        .max_retries(1)
        .build()
        .unwrap()
        .acs()
        .credentials()
        .get(CREDENTIAL_ID)
        .send()
        .await
        .unwrap_err();
    assert!(
        started.elapsed() >= Duration::from_millis(200),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.count(), 2);
    assert_eq!(
        err.retry_after(),
        Some(Duration::from_millis(200)),
        "the last answer's Retry-After"
    );
}

/// A TLS server on 127.0.0.1 with a freshly made self-signed certificate, which
/// the client (trusting only real roots) must refuse.
mod tls {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use tokio::net::TcpListener;
    use tokio::task::JoinHandle;
    use tokio_rustls::rustls;

    pub struct SelfSignedServer {
        port: u16,
        handshakes: Arc<AtomicUsize>,
        task: JoinHandle<()>,
    }

    impl SelfSignedServer {
        pub async fn start() -> Self {
            let cert = rcgen::generate_simple_self_signed(vec![
                "127.0.0.1".to_owned(),
                "localhost".to_owned(),
            ])
            .expect("a self-signed certificate");
            let key = rustls::pki_types::PrivateKeyDer::Pkcs8(cert.key_pair.serialize_der().into());
            let config = rustls::ServerConfig::builder_with_provider(Arc::new(
                rustls::crypto::ring::default_provider(),
            ))
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(vec![cert.cert.der().clone()], key)
            .expect("server config");
            let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            let port = listener.local_addr().unwrap().port();
            let handshakes = Arc::new(AtomicUsize::new(0));
            let counter = Arc::clone(&handshakes);
            let task = tokio::spawn(async move {
                while let Ok((stream, _)) = listener.accept().await {
                    counter.fetch_add(1, Ordering::SeqCst);
                    let acceptor = acceptor.clone();
                    tokio::spawn(async move {
                        let _ = acceptor.accept(stream).await;
                    });
                }
            });
            SelfSignedServer {
                port,
                handshakes,
                task,
            }
        }

        pub fn url(&self) -> String {
            format!("https://127.0.0.1:{}", self.port)
        }

        pub fn handshakes(&self) -> usize {
            self.handshakes.load(Ordering::SeqCst)
        }
    }

    impl Drop for SelfSignedServer {
        fn drop(&mut self) {
            self.task.abort();
        }
    }
}
