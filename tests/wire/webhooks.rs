//! Webhooks signed by Seam's own JavaScript side (`svix`'s `Webhook.sign`, which
//! `@seamapi/webhook` wraps; `tests/node/webhook_sign.rs`) and verified by the
//! generated client's `WebhookVerifier`: what JavaScript's `SeamWebhook.verify`
//! accepts, Rust accepts and decodes the same; a tampered body, another secret,
//! and timestamps outside the tolerance either way are refused by both.

use std::collections::HashMap;
use std::time::Duration;

use seam::{WebhookError, WebhookVerifier};
use serde_json::{json, Value};

use crate::js_webhook::*;

/// Another made-up secret.
const OTHER_SECRET: &str = "whsec_YW5vdGhlci1zZWNyZXQtZW50aXJlbHk=";

/// A Seam event as Seam sends it: pretty-printed, with text beyond ASCII, so
/// that only the bytes as received verify.
const EVENT: &str = r#"{
  "event_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
  "event_type": "lock.unlocked",
  "device_id": "c0ffee00-0000-4000-8000-000000000001",
  "workspace_id": "5f8c9a0e-1b2c-4d3e-8f9a-0b1c2d3e4f5a",
  "created_at": "2025-06-01T10:00:00.000Z",
  "occurred_at": "2025-06-01T09:59:58.000Z",
  "method": "keycode",
  "note": "Porte d’entrée ✓ \"front\"\n"
}"#;

/// The fields every Seam event has, as `@seamapi/webhook` checks them.
#[derive(Debug, serde::Deserialize)]
struct EventHead {
    event_id: String,
    event_type: String,
}

fn verifier() -> WebhookVerifier {
    WebhookVerifier::new(SECRET).expect("a valid secret")
}

#[test]
fn what_seams_javascript_signs_verifies_in_rust() {
    let not_an_event = r#"{"hello":"world"}"#;
    let cases = [
        case("msg_event", 0, EVENT),
        case(
            "msg_compact",
            -60,
            r#"{"event_id":"e1","event_type":"device.connected"}"#,
        ),
        // Within the tolerance of 5 minutes either way.
        case("msg_recent", -280, EVENT),
        case("msg_soon", 280, EVENT),
        // Outside it.
        case("msg_stale", -600, EVENT),
        case("msg_future", 600, EVENT),
        Case {
            verify_secret: Some(OTHER_SECRET),
            ..case("msg_other_secret", 0, EVENT)
        },
        Case {
            verify_payload: Some(EVENT.replace("lock.unlocked", "lock.locked")),
            ..case("msg_tampered", 0, EVENT)
        },
        // Genuine, but not an event.
        case("msg_not_event", 0, not_an_event),
    ];
    let signed = sign_in_js(&cases);
    let verdicts: Vec<(&str, &str)> = cases
        .iter()
        .zip(&signed)
        .map(|(c, s)| (c.id.as_str(), s.js.as_str()))
        .collect();
    // What JavaScript's SeamWebhook.verify says of each, as a sanity check of
    // the cases themselves.
    assert_eq!(
        verdicts,
        [
            ("msg_event", "ok"),
            ("msg_compact", "ok"),
            ("msg_recent", "ok"),
            ("msg_soon", "ok"),
            ("msg_stale", "WebhookVerificationError: Message timestamp too old"),
            ("msg_future", "WebhookVerificationError: Message timestamp too new"),
            ("msg_other_secret", "WebhookVerificationError: No matching signature found"),
            ("msg_tampered", "WebhookVerificationError: No matching signature found"),
            (
                "msg_not_event",
                "SeamInvalidWebhookPayloadError: The verified webhook payload did not contain a Seam event"
            ),
        ]
    );

    let verifier = verifier();
    let other = WebhookVerifier::new(OTHER_SECRET).unwrap();
    for (c, s) in cases.iter().zip(&signed) {
        let timestamp: u64 = header(s, "webhook-timestamp").parse().unwrap();
        // Rust signs exactly as Svix does.
        assert_eq!(
            verifier.sign(&c.id, timestamp, &c.payload),
            header(s, "webhook-signature"),
            "{}",
            c.id
        );
        let payload = c.verify_payload.as_deref().unwrap_or(&c.payload);
        let verifier = if c.verify_secret.is_some() {
            &other
        } else {
            &verifier
        };
        let typed = verifier.verify_as::<EventHead>(payload.as_bytes(), &s.headers);
        match (c.id.as_str(), typed) {
            ("msg_stale", Err(WebhookError::TimestampTooOld { timestamp: t, .. }))
            | ("msg_future", Err(WebhookError::TimestampTooNew { timestamp: t, .. })) => {
                assert_eq!(t, timestamp);
                // Genuine all the same: a wider tolerance accepts it.
                let lax = verifier.clone().tolerance(Duration::from_secs(15 * 60));
                lax.verify_as::<EventHead>(payload, &s.headers).unwrap();
            }
            ("msg_other_secret" | "msg_tampered", Err(WebhookError::NoMatchingSignature)) => {}
            ("msg_not_event", Err(WebhookError::InvalidPayload { path, .. })) => {
                // Named as responses name it: the missing field itself.
                assert_eq!(path, "event_id");
                // The signature matched: as JSON, it is accepted.
                let value = verifier.verify(payload, &s.headers).unwrap();
                assert_eq!(value, json!({ "hello": "world" }));
            }
            (_, Ok(event)) => {
                assert_eq!(s.js, "ok", "{}: accepted in Rust only", c.id);
                assert_eq!(Some(&event.event_id), s.js_event_id.as_ref());
                assert!(event.event_type.contains('.'));
                let whole = verifier.verify(payload, &s.headers).unwrap();
                let expected: Value = serde_json::from_str(payload).unwrap();
                assert_eq!(whole, expected);
            }
            (id, other) => panic!("{id}: unexpected verdict {other:?} (JavaScript: {})", s.js),
        }
    }
}

#[test]
fn headers_come_in_any_shape_and_case() {
    let cases = [case("msg_shapes", 0, EVENT)];
    let signed = sign_in_js(&cases);
    let headers = &signed[0].headers;
    let verifier = verifier();
    let check = |result: Result<EventHead, WebhookError>| {
        assert_eq!(result.unwrap().event_type, "lock.unlocked");
    };
    // A slice of pairs, an iterator of `(&str, &str)`, owned bytes and pairs.
    check(verifier.verify_as(EVENT, headers));
    check(verifier.verify_as(
        EVENT.as_bytes(),
        headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    ));
    let owned: Vec<u8> = EVENT.into();
    check(verifier.verify_as(owned, headers.clone()));
    // A map, with names in another case (HTTP/1 servers keep the sender's).
    let upper: HashMap<String, String> = headers
        .iter()
        .map(|(k, v)| (k.to_uppercase(), v.clone()))
        .collect();
    check(verifier.verify_as(EVENT, &upper));
    // Svix's own header names.
    let svix: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| (k.replace("webhook-", "svix-"), v.clone()))
        .collect();
    check(verifier.verify_as(EVENT, &svix));
    // Missing headers are named.
    let without_signature: Vec<&(String, String)> = headers
        .iter()
        .filter(|(name, _)| name != "webhook-signature")
        .collect();
    assert!(matches!(
        verifier.verify_as::<EventHead>(EVENT, without_signature),
        Err(WebhookError::MissingHeader {
            name: "webhook-signature"
        })
    ));
}

#[test]
fn errors_and_debug_never_show_the_secret() {
    let verifier = verifier();
    let key = SECRET.trim_start_matches("whsec_");
    let shown = format!("{verifier:?}");
    assert!(!shown.contains(key) && !shown.contains("whsec_"), "{shown}");
    let cases = [
        Case {
            verify_payload: Some("{}".to_owned()),
            ..case("msg_tampered", 0, EVENT)
        },
        case("msg_stale", -3600, EVENT),
    ];
    let signed = sign_in_js(&cases);
    for (c, s) in cases.iter().zip(&signed) {
        let payload = c.verify_payload.as_deref().unwrap_or(&c.payload);
        let err = verifier.verify(payload, &s.headers).unwrap_err();
        let text = format!("{err} {err:?}");
        assert!(!text.contains(key), "{text}");
    }
    let err = WebhookVerifier::new("whsec_seam test secret!").unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(!text.contains("seam test secret"), "{text}");
}

/// A payload whose secret field has the wrong type is refused naming the
/// field, never quoting its value (serde's message would).
#[test]
fn a_badly_typed_secret_field_is_named_not_quoted() {
    #[derive(Debug, serde::Deserialize)]
    struct WithCode {
        #[allow(dead_code)]
        code: String,
    }
    let verifier = verifier();
    let payload = r#"{"code": 987654321}"#;
    let timestamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let headers = [
        ("webhook-id", "msg_code".to_owned()),
        ("webhook-timestamp", timestamp.to_string()),
        (
            "webhook-signature",
            verifier.sign("msg_code", timestamp, payload),
        ),
    ];
    let err = verifier
        .verify_as::<WithCode>(payload, headers.iter().map(|(n, v)| (*n, v.as_str())))
        .expect_err("a number is not a string");
    assert!(
        matches!(&err, WebhookError::InvalidPayload { path, .. } if path == "code"),
        "{err:?}"
    );
    let shown = format!("{err:?} {err}");
    assert!(!shown.contains("987654321"), "{shown}");
}
