//! The blocking client (`seam::blocking::Seam`) against Seam's fake, as a
//! program without a runtime of its own calls it (on a thread of tokio's
//! blocking pool here, the fake being async): it reads what the async client
//! reads, pages with an iterator, waits for an action attempt, and fails
//! with the same error.

use std::time::Duration;

use seam::models::ActionAttempt;
use seam::{blocking, Error, Seam};
use seam_fake_e2e::{FakeSeam, API_KEY};

fn blocking_client(endpoint: &str) -> blocking::Seam {
    blocking::Seam::builder()
        .endpoint(endpoint)
        .ignore_env()
        .api_key(API_KEY)
        .action_attempt_poll_interval(Duration::from_millis(20))
        .build()
        .expect("client")
}

#[tokio::test]
async fn the_blocking_client_reads_pages_waits_and_fails_as_the_async_one() {
    let fake = FakeSeam::start().await;
    let async_seam = Seam::builder()
        .endpoint(fake.url())
        .ignore_env()
        .api_key(API_KEY)
        .build()
        .expect("client");
    let async_devices = async_seam.devices().list().send().await.expect("list");
    let async_error = async_seam
        .devices()
        .get()
        .device_id("no-such-device")
        .send()
        .await
        .unwrap_err();

    let seam = blocking_client(fake.url());
    let (devices, paged, attempt, error) = tokio::task::spawn_blocking(move || {
        let devices = seam.devices().list().send().expect("list");
        // One device a page: the iterator follows the fake's cursors.
        let paged: Vec<String> = (seam.devices().list().limit(1).items())
            .map(|device| device.expect("a device").device_id)
            .collect();
        let lock = devices
            .iter()
            .find(|d| d.can_remotely_unlock == Some(true))
            .expect("the fake seeds a lock");
        let attempt = seam.locks().unlock_door(&lock.device_id).send();
        let error = (seam.devices().get().device_id("no-such-device").send()).unwrap_err();
        (devices, paged, attempt, error)
    })
    .await
    .expect("the blocking calls did not panic");

    assert_eq!(devices, async_devices);
    let ids: Vec<String> = devices.iter().map(|d| d.device_id.clone()).collect();
    assert_eq!(paged, ids, "page by page, the same devices in the same order");
    assert!(ids.len() > 1, "more than one page: {ids:?}");
    assert!(
        matches!(attempt, Ok(ActionAttempt::Success(_))),
        "{attempt:?}"
    );
    assert!(matches!(error, Error::Api { status: 404, .. }), "{error:?}");
    assert_eq!(error.code(), async_error.code());
    assert_eq!(error.code(), Some("device_not_found"));
}
