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
