//! Seam's events, as its fake server records them, sent as webhooks signed by
//! Seam's JavaScript side (`svix`, as `@seamapi/webhook` uses it; see
//! `tests/node/webhook_sign.rs`) and verified by the full generated client
//! into its typed event model, `seam::models::Event`.

// Shared with the wire tests, which use all of it.
#[allow(dead_code)]
#[path = "../../node/webhook_sign.rs"]
mod js_webhook;

use js_webhook::*;
use seam::models::Event;
use seam::{WebhookError, WebhookVerifier};
use seam_fake_e2e::{FakeSeam, API_KEY};
use serde_json::{json, Value};

#[tokio::test]
async fn seams_events_verify_into_the_typed_event_model() {
    let fake = FakeSeam::start().await;
    for (path, body) in [
        (
            "/locks/unlock_door",
            json!({ "device_id": "august_device_1" }),
        ),
        (
            "/locks/lock_door",
            json!({ "device_id": "august_device_1" }),
        ),
    ] {
        let response = fake.raw_post(path, Some(API_KEY), &[], &body).await;
        assert_eq!(response.status, 200, "{path}: {:?}", response.body);
    }
    let listed = fake
        .raw_post(
            "/events/list",
            Some(API_KEY),
            &[],
            &json!({ "since": "2000-01-01T00:00:00Z" }),
        )
        .await;
    let events = listed.body["events"].as_array().expect("events").clone();
    let types: Vec<&str> = events
        .iter()
        .map(|e| e["event_type"].as_str().expect("an event type"))
        .collect();
    assert!(types.contains(&"lock.unlocked"), "{types:?}");
    assert!(types.contains(&"lock.locked"), "{types:?}");

    // The typed listing reads the same events: one without a required field
    // is kept as sent with its decode error, and never fails the call.
    let seam = seam::Seam::builder()
        .endpoint(fake.url())
        .api_key(API_KEY)
        .ignore_env()
        .build()
        .unwrap();
    let typed = seam
        .events()
        .list()
        .since("2000-01-01T00:00:00Z")
        .await
        .expect("a lock event without `method` does not fail the listing");
    assert_eq!(typed.len(), events.len());
    for (event, sent) in typed.iter().zip(&events) {
        assert_eq!(event.tag(), sent["event_type"].as_str());
        if sent["event_type"].as_str().unwrap().starts_with("lock.") {
            let Event::Unknown(kept) = event else {
                panic!("a lock event without `method` is kept as sent: {event:?}");
            };
            let error = kept.decode_error().expect("why it did not decode");
            assert!(error.contains("`method`"), "{error}");
            assert_eq!(kept.as_json(), sent);
        }
    }

    // Webhooks carry one event each. The fake's lock events leave out
    // `method`, which Seam's spec requires (and Seam sends): those verify as
    // genuine and are kept as sent with the decode error, then sent again with it (they were locked and
    // unlocked through the API). One more is of a type this client does not
    // know yet.
    let mut payloads: Vec<(String, bool)> = Vec::new();
    for event in &events {
        let payload = serde_json::to_string_pretty(event).unwrap();
        if event["event_type"].as_str().unwrap().starts_with("lock.") {
            assert!(event.get("method").is_none(), "the fake now sends {event}");
            payloads.push((payload, false));
            let mut complete = event.clone();
            complete["method"] = json!("seamapi");
            payloads.push((serde_json::to_string_pretty(&complete).unwrap(), true));
        } else {
            payloads.push((payload, true));
        }
    }
    payloads.push((
        json!({
            "event_id": "00000000-0000-4000-8000-000000000001",
            "event_type": "lock.teleported",
            "workspace_id": "seed_workspace_1",
            "created_at": "2025-06-01T10:00:00.000Z",
            "occurred_at": "2025-06-01T10:00:00.000Z",
        })
        .to_string(),
        true,
    ));
    let cases: Vec<Case> = payloads
        .iter()
        .enumerate()
        .map(|(i, (payload, _))| case(&format!("msg_{i}"), 0, payload))
        .collect();
    let signed = sign_in_js(&cases);
    let verifier = WebhookVerifier::new(SECRET).unwrap();
    let mut typed = 0;
    for ((c, s), (_, complete)) in cases.iter().zip(&signed).zip(&payloads) {
        assert_eq!(s.js, "ok", "{}: JavaScript refused {}", c.id, c.payload);
        let sent: Value = serde_json::from_str(&c.payload).unwrap();
        if !complete {
            // A known event type that does not decode is kept as sent, with
            // the error, rather than refused: its tag and ids still read.
            let event: Event = verifier.verify(&c.payload, &s.headers).unwrap();
            let Event::Unknown(kept) = &event else {
                panic!("{}: expected the event kept as sent, got {event:?}", c.id);
            };
            let error = kept.decode_error().expect("why it did not decode");
            assert!(error.contains("`method`"), "{}: {error}", c.id);
            assert_eq!(kept.as_json(), &sent);
            assert_eq!(event.tag(), sent["event_type"].as_str());
            assert_eq!(event.event_id(), sent["event_id"].as_str());
            let raw: Value = verifier.verify_as(&c.payload, &s.headers).unwrap();
            assert_eq!(raw, sent);
            continue;
        }
        typed += 1;
        let event: Event = verifier
            .verify(&c.payload, &s.headers)
            .unwrap_or_else(|e| panic!("{}: {e}\n{}", c.id, c.payload));
        assert_eq!(event.tag(), sent["event_type"].as_str(), "{}", c.id);
        assert_eq!(s.js_event_id.as_deref(), sent["event_id"].as_str());
        // What every event has is read without matching its hundred variants,
        // an unknown event's ids included.
        assert_eq!(event.event_id(), sent["event_id"].as_str(), "{}", c.id);
        assert_eq!(
            event.workspace_id(),
            sent["workspace_id"].as_str(),
            "{}",
            c.id
        );
        if !matches!(event, Event::Unknown(_)) {
            let created_at = sent["created_at"].as_str().unwrap().parse().unwrap();
            assert_eq!(event.created_at(), Some(&created_at), "{}", c.id);
        }
        let known = sent["event_type"] != "lock.teleported";
        assert_eq!(
            !matches!(event, Event::Unknown(_)),
            known,
            "{}: {event:?}",
            c.id
        );
        // Tampered with, it is refused.
        let tampered = c.payload.replacen("event_id", "event_id ", 1);
        assert!(matches!(
            verifier.verify(&tampered, &s.headers),
            Err(WebhookError::NoMatchingSignature)
        ));
    }
    assert_eq!(typed, events.len() + 1);
}
