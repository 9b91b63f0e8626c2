//! Action attempts against Seam's fake: an operation that starts an action waits
//! for it by default and returns the succeeded attempt; a failed attempt is
//! `Error::ActionAttemptFailed` with the fake's error type; a stuck one times out;
//! waiting can be turned off per call or per client.

use std::time::{Duration, Instant};

use seam::models::ActionAttempt;
use seam::{Error, Seam};
use seam_fake_e2e::{CountingProxy, FakeSeam, API_KEY};
use serde_json::json;

fn client(endpoint: &str) -> Seam {
    Seam::builder()
        .endpoint(endpoint)
        .ignore_env()
        .api_key(API_KEY)
        .action_attempt_poll_interval(Duration::from_millis(20))
        .build()
        .expect("client")
}

/// A lock of the fake's seed.
async fn lock_id(seam: &Seam) -> String {
    let devices = seam.devices().list().send().await.expect("list devices");
    devices
        .iter()
        .find(|d| d.can_remotely_unlock == Some(true))
        .unwrap_or(&devices[0])
        .device_id
        .clone()
}

/// The id of a pending attempt; fails the test for any other.
fn pending_id(attempt: &ActionAttempt) -> String {
    let id = match attempt {
        ActionAttempt::Pending(pending) => Some(pending.action_attempt_id.clone()),
        _ => None,
    };
    assert!(id.is_some(), "not pending: {attempt:?}");
    id.unwrap_or_default()
}

/// Sets an attempt's status through the fake's own route.
async fn set_attempt(fake: &FakeSeam, body: serde_json::Value) {
    let response = fake
        .raw_post("/_fake/update_action_attempt", None, &[], &body)
        .await;
    assert_eq!(response.status, 200, "update_action_attempt: {response:?}");
}

#[tokio::test]
async fn unlocking_waits_for_the_attempt_to_succeed() {
    let fake = FakeSeam::start().await;
    let proxy = CountingProxy::start(fake.addr()).await;
    let seam = client(proxy.url());
    let device_id = lock_id(&seam).await;
    let attempt = seam.locks().unlock_door(&device_id).await.expect("unlock");
    assert!(
        matches!(&attempt, ActionAttempt::Success(success) if !success.action_attempt_id.is_empty()),
        "not a success with an id: {attempt:?}"
    );
    // The fake answers `pending`; the client read the attempt again to see it succeed.
    assert!(
        proxy.count("GET /action_attempts/get") >= 1,
        "{:?}",
        proxy.requests()
    );
}

#[tokio::test]
async fn waiting_can_be_turned_off_per_call_and_per_client() {
    let fake = FakeSeam::start().await;
    let seam = client(fake.url());
    let device_id = lock_id(&seam).await;
    let attempt = seam
        .locks()
        .unlock_door(&device_id)
        .wait_for_action_attempt(false)
        .await
        .expect("unlock");
    assert!(matches!(attempt, ActionAttempt::Pending(_)), "{attempt:?}");

    let no_wait = Seam::builder()
        .endpoint(fake.url())
        .ignore_env()
        .api_key(API_KEY)
        .wait_for_action_attempts(false)
        .build()
        .unwrap();
    let attempt = no_wait.locks().lock_door(&device_id).await.expect("lock");
    assert!(matches!(attempt, ActionAttempt::Pending(_)), "{attempt:?}");
}

#[tokio::test]
async fn a_failed_attempt_is_an_error_with_its_type_and_message() {
    let fake = FakeSeam::start().await;
    let seam = client(fake.url());
    let device_id = lock_id(&seam).await;
    let pending = seam
        .locks()
        .unlock_door(&device_id)
        .wait_for_action_attempt(false)
        .await
        .expect("unlock");
    let id = pending_id(&pending);
    set_attempt(
        &fake,
        json!({"action_attempt_id": id, "status": "error",
               "error": {"type": "lock_offline", "message": "The lock is offline"}}),
    )
    .await;
    let err = seam.action_attempts().get(&id).await.unwrap_err();
    assert!(
        matches!(err, Error::ActionAttemptFailed { .. }),
        "not ActionAttemptFailed: {err:?}"
    );
    if let Error::ActionAttemptFailed {
        operation,
        action_attempt_id,
        error_type,
        message,
        attempt,
        ..
    } = &err
    {
        assert_eq!(*operation, "action_attempts.get");
        assert_eq!(action_attempt_id, &id);
        assert_eq!(error_type, "lock_offline");
        assert_eq!(message, "The lock is offline");
        assert_eq!(attempt["status"], "error");
    }
    assert!(err.to_string().contains("lock_offline"), "{err}");
}

#[tokio::test]
async fn a_stuck_attempt_times_out_carrying_the_attempt() {
    let fake = FakeSeam::start().await;
    let seam = client(fake.url());
    let device_id = lock_id(&seam).await;
    let pending = seam
        .locks()
        .unlock_door(&device_id)
        .wait_for_action_attempt(false)
        .await
        .expect("unlock");
    let id = pending_id(&pending);
    set_attempt(&fake, json!({"action_attempt_id": id, "status": "pending"})).await;
    let started = Instant::now();
    let err = seam
        .action_attempts()
        .get(&id)
        .action_attempt_timeout(Duration::from_millis(300))
        .action_attempt_poll_interval(Duration::from_millis(50))
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(
        matches!(err, Error::ActionAttemptTimeout { .. }),
        "not ActionAttemptTimeout: {err:?}"
    );
    if let Error::ActionAttemptTimeout {
        action_attempt_id,
        timeout,
        attempt,
        ..
    } = &err
    {
        assert_eq!(action_attempt_id, &id);
        assert_eq!(*timeout, Duration::from_millis(300));
        assert_eq!(attempt["status"], "pending");
    }
    assert!(
        elapsed >= Duration::from_millis(300) && elapsed < Duration::from_secs(5),
        "{elapsed:?}"
    );
}

/// A server that answers every action with a pending attempt, and every read
/// of it after `read_delay`.
async fn always_pending(read_delay: Duration) -> wiremock::MockServer {
    use wiremock::matchers::path;
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let pending = json!({
        "ok": true,
        "action_attempt": {
            "action_attempt_id": "attempt-1",
            "action_type": "UNLOCK_DOOR",
            "status": "pending",
            "result": null,
            "error": null,
        },
    });
    let server = MockServer::start().await;
    Mock::given(path("/action_attempts/get"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(pending.clone())
                .set_delay(read_delay),
        )
        .mount(&server)
        .await;
    Mock::given(path("/locks/unlock_door"))
        .respond_with(ResponseTemplate::new(200).set_body_json(pending))
        .mount(&server)
        .await;
    server
}

/// The timeout bounds the whole wait, a slow read of the attempt included.
#[tokio::test]
async fn the_timeout_bounds_slow_reads_too() {
    let server = always_pending(Duration::from_secs(5)).await;
    let seam = client(&server.uri());
    let started = Instant::now();
    let err = seam
        .locks()
        .unlock_door("device-1")
        .action_attempt_timeout(Duration::from_millis(300))
        .await
        .expect_err("still pending");
    let elapsed = started.elapsed();
    assert!(
        matches!(&err, Error::ActionAttemptTimeout { attempt, .. } if attempt["status"] == "pending"),
        "{err:?}"
    );
    assert!(elapsed < Duration::from_secs(2), "waited {elapsed:?}");
}

/// No setting makes the client ask without a pause: a zero interval, from the
/// client or the call, is raised to the floor (50 ms).
#[tokio::test]
async fn a_zero_poll_interval_does_not_flood_the_api() {
    let server = always_pending(Duration::ZERO).await;
    let seam = Seam::builder()
        .endpoint(server.uri())
        .ignore_env()
        .api_key(API_KEY)
        .wait_for_action_attempts(false)
        .action_attempt_poll_interval(Duration::ZERO)
        .build()
        .expect("builds: waiting is off");
    let err = seam
        .locks()
        .unlock_door("device-1")
        .wait_for_action_attempt(true)
        .action_attempt_poll_interval(Duration::ZERO)
        .action_attempt_timeout(Duration::from_millis(500))
        .await
        .expect_err("still pending");
    assert!(matches!(err, Error::ActionAttemptTimeout { .. }), "{err:?}");
    let reads = server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.url.path() == "/action_attempts/get")
        .count();
    // 500 ms at one read per 50 ms at most, with room for a late first tick.
    assert!((1..=11).contains(&reads), "{reads} reads");
}
