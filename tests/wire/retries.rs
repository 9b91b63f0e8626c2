//! Retries: which operations and statuses, how many times, backoff,
//! Retry-After, timeouts and connection failures.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use seam::Error;
use serde_json::json;
use wiremock::matchers::{any, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

const RETRY_STATUSES: [u16; 6] = [503, 429, 502, 504, 500, 501];

/// Mounts on `server`: `status` for the first `failures` requests to `op`,
/// then its normal success body.
async fn mount_flaky(
    server: &MockServer,
    op: Op,
    status: u16,
    failures: u64,
    retry_after: Option<&str>,
) {
    let mut failure = ResponseTemplate::new(status).set_body_json(error_body(json!({
        "type": "service_unavailable",
        "message": "Try again later"
    })));
    if let Some(value) = retry_after {
        failure = failure.insert_header("retry-after", value);
    }
    Mock::given(any())
        .and(path(op.path()))
        .respond_with(failure)
        .up_to_n_times(failures)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(any())
        .and(path(op.path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(op.ok_body()))
        .mount(server)
        .await;
}

async fn flaky_server(op: Op, status: u16, failures: u64, retry_after: Option<&str>) -> MockServer {
    let server = MockServer::start().await;
    mount_flaky(&server, op, status, failures, retry_after).await;
    server
}

#[test]
fn the_expected_operations_are_retry_safe() {
    let safe: Vec<Op> = Op::ALL.into_iter().filter(|op| op.retry_safe()).collect();
    assert_eq!(
        safe,
        [
            Op::Delete,
            Op::Get,
            Op::List,
            Op::ListAccessibleEntrances,
            Op::UnmanagedGet,
            Op::UnmanagedList
        ]
    );
}

#[tokio::test]
async fn retry_safe_operations_are_retried_twice_by_default() {
    let server = MockServer::start().await;
    for flavor in FLAVORS {
        let seam = flavor.client(&server, Setup::default());
        for op in Op::ALL.into_iter().filter(|op| op.retry_safe()) {
            for status in RETRY_STATUSES {
                server.reset().await;
                mount_flaky(&server, op, status, u64::MAX, None).await;
                let err = op.call(&seam, Opts::default()).await.unwrap_err();
                assert_eq!(err.status(), Some(status), "{flavor:?} {op:?}");
                assert_eq!(err.code(), Some("service_unavailable"));
                let count = request_count(&server).await;
                assert_eq!(count, 3, "{flavor:?} {op:?} after {status}");
            }
        }
    }
}

#[tokio::test]
async fn retry_safe_operations_retry_until_success() {
    let server = MockServer::start().await;
    for flavor in FLAVORS {
        let seam = flavor.client(&server, Setup::default());
        for op in Op::ALL.into_iter().filter(|op| op.retry_safe()) {
            for status in RETRY_STATUSES {
                server.reset().await;
                mount_flaky(&server, op, status, 2, None).await;
                op.call(&seam, Opts::default())
                    .await
                    .unwrap_or_else(|e| panic!("{flavor:?} {op:?} after {status}: {e}"));
                let requests = server.received_requests().await.unwrap();
                assert_eq!(requests.len(), 3, "{flavor:?} {op:?} after {status}");
                // Every attempt sends the same request.
                assert!(requests.iter().all(|r| r.body == requests[0].body));
            }
        }
    }
}

#[tokio::test]
async fn unsafe_operations_are_never_retried() {
    let server = MockServer::start().await;
    let unsafe_ops = [
        Op::Create,
        Op::Assign,
        Op::Unassign,
        Op::Update,
        Op::CreateOfflineCode,
    ];
    for flavor in FLAVORS {
        let seam = flavor.client(&server, Setup::default());
        for op in unsafe_ops {
            assert!(!op.retry_safe());
            for status in RETRY_STATUSES {
                server.reset().await;
                mount_flaky(&server, op, status, u64::MAX, None).await;
                // Not even when retries are asked for explicitly.
                let err = op.call(&seam, Opts::max_retries(5)).await.unwrap_err();
                assert_eq!(err.status(), Some(status), "{flavor:?} {op:?}");
                let count = request_count(&server).await;
                assert_eq!(count, 1, "{flavor:?} {op:?} after {status}");
            }
        }
    }
}

#[tokio::test]
async fn other_errors_are_not_retried() {
    let server = MockServer::start().await;
    for flavor in FLAVORS {
        let seam = flavor.client(&server, Setup::default());
        for status in [400, 401, 403, 404, 409, 422] {
            server.reset().await;
            mount_flaky(&server, Op::Get, status, u64::MAX, None).await;
            let err = Op::Get.call(&seam, Opts::default()).await.unwrap_err();
            assert_eq!(err.status(), Some(status), "{flavor:?}");
            assert_eq!(request_count(&server).await, 1, "{flavor:?} {status}");
        }
    }
}

#[tokio::test]
async fn retry_count_can_be_configured() {
    let server = flaky_server(Op::List, 503, u64::MAX, None).await;
    let seam = client(&server);

    Op::List
        .call(&seam, Opts::max_retries(0))
        .await
        .unwrap_err();
    assert_eq!(request_count(&server).await, 1);

    seam.acs()
        .credentials()
        .list()
        .max_retries(4)
        .await
        .unwrap_err();
    assert_eq!(request_count(&server).await, 1 + 5);

    let seam = builder(&server)
        .api_key(API_KEY)
        .max_retries(0)
        .build()
        .unwrap();
    Op::List.call(&seam, Opts::default()).await.unwrap_err();
    assert_eq!(request_count(&server).await, 1 + 5 + 1);

    // The per-request value wins over the client's.
    Op::List
        .call(&seam, Opts::max_retries(1))
        .await
        .unwrap_err();
    assert_eq!(request_count(&server).await, 1 + 5 + 1 + 2);
}

#[tokio::test]
async fn backoff_grows_from_the_base_delay() {
    let server = flaky_server(Op::Get, 503, u64::MAX, None).await;
    let seam = builder(&server)
        .api_key(API_KEY)
        .retry_base_delay(Duration::from_millis(40))
        .build()
        .unwrap();
    let started = Instant::now();
    Op::Get.call(&seam, Opts::default()).await.unwrap_err();
    let elapsed = started.elapsed();
    // 40 ms then 80 ms, each up to 25 % shorter at random.
    assert!(elapsed >= Duration::from_millis(90), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");

    // The maximum delay caps the doubling.
    let seam = builder(&server)
        .api_key(API_KEY)
        .retry_base_delay(Duration::from_secs(10))
        .retry_max_delay(Duration::from_millis(20))
        .build()
        .unwrap();
    let started = Instant::now();
    Op::Get.call(&seam, Opts::default()).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(request_count(&server).await, 6);
}

#[tokio::test]
async fn retry_after_seconds_is_honoured() {
    for flavor in FLAVORS {
        let server = flaky_server(Op::Get, 429, 1, Some("1")).await;
        let started = Instant::now();
        let seam = flavor.client(&server, Setup::default());
        Op::Get.call(&seam, Opts::default()).await.unwrap();
        let elapsed = started.elapsed();
        assert!(elapsed >= Duration::from_secs(1), "{flavor:?} {elapsed:?}");
        assert!(elapsed < Duration::from_secs(3), "{flavor:?} {elapsed:?}");
        assert_eq!(request_count(&server).await, 2);

        let server = flaky_server(Op::Delete, 503, 2, Some("0.2")).await;
        let started = Instant::now();
        let seam = flavor.client(&server, Setup::default());
        Op::Delete.call(&seam, Opts::default()).await.unwrap();
        assert!(
            started.elapsed() >= Duration::from_millis(400),
            "{flavor:?}"
        );
        assert_eq!(request_count(&server).await, 3);
    }
}

#[tokio::test]
async fn retry_after_http_date_is_honoured() {
    // HTTP dates have whole seconds: two seconds ahead is at least one second away.
    let when = chrono::DateTime::<chrono::Utc>::from(SystemTime::now() + Duration::from_secs(2));
    let date = when.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
    let server = flaky_server(Op::Get, 503, 1, Some(&date)).await;
    let started = Instant::now();
    Op::Get
        .call(&client(&server), Opts::default())
        .await
        .unwrap();
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(900), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(4), "{elapsed:?}");

    // A date in the past means "retry now".
    let server = flaky_server(Op::Get, 503, 1, Some("Sun, 06 Nov 1994 08:49:37 GMT")).await;
    let started = Instant::now();
    Op::Get
        .call(&client(&server), Opts::default())
        .await
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_maximum_delay_is_returned_not_slept() {
    let server = flaky_server(Op::Get, 429, 1, Some("3600")).await;
    let seam = builder(&server)
        .api_key(API_KEY)
        .retry_max_delay(Duration::from_millis(50))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = Op::Get.call(&seam, Opts::default()).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(
        request_count(&server).await,
        1,
        "the caller decides, not the client"
    );
    assert_eq!(err.status(), Some(429));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3600)));

    // Within the cap, the client waits and retries by itself.
    let server = flaky_server(Op::Get, 429, 1, Some("0.05")).await;
    let seam = builder(&server)
        .api_key(API_KEY)
        .retry_max_delay(Duration::from_millis(50))
        .build()
        .unwrap();
    Op::Get.call(&seam, Opts::default()).await.unwrap();
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn timeouts_are_retried_for_retry_safe_operations_only() {
    let server = MockServer::start().await;
    for flavor in FLAVORS {
        server.reset().await;
        Mock::given(any())
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(get_response(CREDENTIAL_ID))
                    .set_delay(Duration::from_secs(2)),
            )
            .mount(&server)
            .await;
        let setup = Setup {
            timeout: Some(Duration::from_millis(50)),
            ..Setup::default()
        };
        timeouts_are_retried_for(flavor.client(&server, setup), &server).await;
    }
}

async fn timeouts_are_retried_for(seam: AnyClient, server: &MockServer) {
    let err = Op::Get.call(&seam, Opts::max_retries(1)).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Timeout {
                operation: "acs.credentials.get",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(request_count(server).await, 2);

    let err = Op::Create.call(&seam, Opts::default()).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Timeout {
                operation: "acs.credentials.create",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(request_count(server).await, 3);
}

/// A TCP server on 127.0.0.1 that accepts connections and closes them at once,
/// counting them; it stops when the test's runtime does.
async fn hang_up_server() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&accepted);
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            drop(socket);
        }
    });
    (endpoint, accepted)
}

#[tokio::test]
async fn connection_failures_are_transport_errors_and_retried() {
    for flavor in FLAVORS {
        let (endpoint, accepted) = hang_up_server().await;
        let seam = flavor.client_at(&endpoint, Setup::default());
        connection_failures_for(seam, &accepted).await;
    }
}

async fn connection_failures_for(seam: AnyClient, accepted: &AtomicUsize) {
    let err = Op::Get.call(&seam, Opts::default()).await.unwrap_err();
    let Error::Transport { operation, .. } = &err else {
        panic!("expected Transport, got {err:?}");
    };
    assert_eq!(*operation, "acs.credentials.get");
    assert!(std::error::Error::source(&err).is_some());
    assert_eq!(
        err.to_string(),
        "acs.credentials.get failed: no response from Seam"
    );
    assert_error_has_no_token(&err);
    let shown = format!("{err:?}").to_lowercase();
    assert!(!shown.contains("authorization"), "{shown}");
    assert_eq!(accepted.load(Ordering::SeqCst), 3);

    let err = Op::Assign.call(&seam, Opts::default()).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                operation: "acs.credentials.assign",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(accepted.load(Ordering::SeqCst), 4);
}
