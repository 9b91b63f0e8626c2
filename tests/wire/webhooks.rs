//! Webhooks signed by Seam's own JavaScript side (`svix`'s `Webhook.sign`, which
//! `@seamapi/webhook` wraps; `tests/node/webhook-sign.mjs`) and verified by the
//! generated client's `WebhookVerifier`: what JavaScript's `SeamWebhook.verify`
//! accepts, Rust accepts and decodes the same; a tampered body, another secret,
//! and timestamps outside the tolerance either way are refused by both.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use seam::{WebhookError, WebhookVerifier};
use serde_json::{json, Value};

/// Made-up secrets in the form Seam's console shows them.
const SECRET: &str = "whsec_C2FtcGxlLXdlYmhvb2stc2VjcmV0LWZvci10ZXN0cw==";
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

/// One payload for the JavaScript side to sign (and verify).
struct Case {
    id: &'static str,
    /// Seconds from now.
    offset: i64,
    payload: String,
    verify_secret: Option<&'static str>,
    verify_payload: Option<String>,
}

fn case(id: &'static str, offset: i64, payload: &str) -> Case {
    Case {
        id,
        offset,
        payload: payload.to_owned(),
        verify_secret: None,
        verify_payload: None,
    }
}

/// What the JavaScript side made of one case.
struct Signed {
    /// The headers, as Seam sends them.
    headers: Vec<(String, String)>,
    /// `ok`, or the error `SeamWebhook.verify` threw.
    js: String,
    /// The event id `SeamWebhook.verify` returned.
    js_event_id: Option<String>,
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("a clock after 1970")
        .as_secs() as i64
}

/// Signs every case with `svix` and verifies it with `@seamapi/webhook`.
/// Panics, saying what to install, when Node or the npm packages are missing.
fn sign_in_js(cases: &[Case]) -> Vec<Signed> {
    let node_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("node");
    let package = node_dir.join("node_modules/@seamapi/webhook");
    assert!(
        package.is_dir(),
        "Seam's JavaScript webhook package is not installed ({} is missing): run `cargo xtask \
         test` from the repository root, which runs `npm ci` in tests/node, or install Node.js \
         20+ and run `npm ci` there yourself",
        package.display()
    );
    let now = now();
    let list: Vec<Value> = cases
        .iter()
        .map(|c| {
            json!({
                "secret": SECRET,
                "id": c.id,
                "timestamp": now + c.offset,
                "payload": c.payload,
                "verify_secret": c.verify_secret,
                "verify_payload": c.verify_payload,
            })
        })
        .collect();
    // Tests run in parallel: one file per call.
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    let file = std::env::temp_dir().join(format!(
        "webhook-cases-{}-{}.json",
        std::process::id(),
        CALLS.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&file, serde_json::to_vec(&list).unwrap()).expect("write the cases");
    let output = Command::new("node")
        .arg("webhook-sign.mjs")
        .arg(&file)
        .current_dir(&node_dir)
        .output();
    let _ = std::fs::remove_file(&file);
    let output = output.unwrap_or_else(|e| {
        panic!("cannot run `node` ({e}): install Node.js 20+ (https://nodejs.org)")
    });
    assert!(
        output.status.success(),
        "webhook-sign.mjs failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let results: Vec<Value> = serde_json::from_slice(&output.stdout).expect("a JSON array");
    assert_eq!(results.len(), cases.len());
    results
        .into_iter()
        .map(|result| Signed {
            headers: result["headers"]
                .as_object()
                .expect("headers")
                .iter()
                .map(|(name, value)| (name.clone(), value.as_str().unwrap().to_owned()))
                .collect(),
            js: result["js"].as_str().unwrap().to_owned(),
            js_event_id: result["event_id"].as_str().map(str::to_owned),
        })
        .collect()
}

/// The fields every Seam event has, as `@seamapi/webhook` checks them.
#[derive(Debug, serde::Deserialize)]
struct EventHead {
    event_id: String,
    event_type: String,
}

/// The value of the header `name` the JavaScript side sent.
fn header<'s>(signed: &'s Signed, name: &str) -> &'s str {
    signed
        .headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, value)| value.as_str())
        .unwrap_or_else(|| panic!("no {name} header"))
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
        .map(|(c, s)| (c.id, s.js.as_str()))
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
            verifier.sign(c.id, timestamp, &c.payload),
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
        match (c.id, typed) {
            ("msg_stale", Err(WebhookError::TimestampTooOld { timestamp: t, .. }))
            | ("msg_future", Err(WebhookError::TimestampTooNew { timestamp: t, .. })) => {
                assert_eq!(t, timestamp);
                // Genuine all the same: a wider tolerance accepts it.
                let lax = verifier.clone().tolerance(Duration::from_secs(15 * 60));
                lax.verify_as::<EventHead>(payload, &s.headers).unwrap();
            }
            ("msg_other_secret" | "msg_tampered", Err(WebhookError::NoMatchingSignature)) => {}
            ("msg_not_event", Err(WebhookError::InvalidPayload { path, .. })) => {
                assert_eq!(path, ".");
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
    // A slice of pairs, an iterator of `(&str, &str)`, owned pairs.
    check(verifier.verify_as(EVENT, headers));
    check(verifier.verify_as(
        EVENT.as_bytes(),
        headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    ));
    check(verifier.verify_as(EVENT.to_owned(), headers.clone()));
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
