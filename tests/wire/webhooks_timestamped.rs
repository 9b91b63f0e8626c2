//! Webhooks signed by Stripe's own Node.js SDK (`tests/node/stripe-webhook-sign.mjs`:
//! `stripe.webhooks.generateTestHeaderString`, each checked with
//! `constructEvent`) and verified by `timestamped-webhooks`, the client of a
//! fixture whose profile has the same scheme (one header `t=<unix>,v1=<hex>`):
//! what Stripe's SDK accepts, Rust accepts and decodes the same; a tampered
//! body, another secret and a stale timestamp are refused by both; a
//! timestamp too far ahead is refused by Rust alone (the SDK checks only age).

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::{json, Value};
use timestamped_webhooks::{WebhookError, WebhookVerifier};

use crate::js_webhook::now;

/// Made up, in the form Stripe's dashboard shows an endpoint's secret: used
/// as it is, not decoded.
const SECRET: &str = "whsec_c3RyaXBlLWxpa2UgdGVzdCBzZWNyZXQ";
const OTHER_SECRET: &str = "whsec_another_endpoint";
/// The fixture's profile's header and tolerance.
const HEADER: &str = "X-Signature";
const TOLERANCE: u64 = 600;

/// An event as the fixture's document describes it: pretty-printed, with text
/// beyond ASCII, so that only the bytes as received verify.
const EVENT: &str = r#"{
  "id": "evt_1NG8Du2eZvKYlo2CUI79vXWy",
  "object": "event",
  "type": "invoice.paid",
  "created": 1686089970,
  "data": {"object": {"id": "in_1", "description": "Café ✓ \"due\"\n"}}
}"#;

struct Case {
    name: &'static str,
    /// Seconds from now.
    offset: i64,
    payload: String,
    verify_secret: Option<&'static str>,
    verify_payload: Option<String>,
}

fn case(name: &'static str, offset: i64, payload: &str) -> Case {
    Case {
        name,
        offset,
        payload: payload.to_owned(),
        verify_secret: None,
        verify_payload: None,
    }
}

/// What Stripe's SDK made of one case.
struct Signed {
    timestamp: u64,
    header: String,
    /// `ok`, or the error `constructEvent` threw.
    js: String,
    js_event_id: Option<String>,
}

/// Signs every case with Stripe's SDK, and verifies it there too.
fn sign_in_js(cases: &[Case]) -> Vec<Signed> {
    let node_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("node");
    let package = node_dir.join("node_modules/stripe");
    assert!(
        package.is_dir(),
        "Stripe's Node.js SDK is not installed ({} is missing): run `cargo xtask test` from \
         the repository root, which runs `npm ci` in tests/node, or install Node.js 20+ and \
         run `npm ci` there yourself",
        package.display()
    );
    let now = now();
    let list: Vec<Value> = cases
        .iter()
        .map(|c| {
            json!({
                "secret": SECRET,
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
        "stripe-webhook-cases-{}-{}.json",
        std::process::id(),
        CALLS.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&file, serde_json::to_vec(&list).unwrap()).expect("write the cases");
    let output = Command::new("node")
        .arg("stripe-webhook-sign.mjs")
        .arg(&file)
        .current_dir(&node_dir)
        .output();
    let _ = std::fs::remove_file(&file);
    let output = output.unwrap_or_else(|e| {
        panic!("cannot run `node` ({e}): install Node.js 20+ (https://nodejs.org)")
    });
    assert!(
        output.status.success(),
        "stripe-webhook-sign.mjs failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let results: Vec<Value> = serde_json::from_slice(&output.stdout).expect("a JSON array");
    assert_eq!(results.len(), cases.len());
    results
        .into_iter()
        .zip(&list)
        .map(|(result, sent)| Signed {
            timestamp: sent["timestamp"].as_u64().expect("a timestamp after 1970"),
            header: result["header"].as_str().expect("a header").to_owned(),
            js: result["js"].as_str().expect("a verdict").to_owned(),
            js_event_id: result["event_id"].as_str().map(str::to_owned),
        })
        .collect()
}

fn verifier() -> WebhookVerifier {
    WebhookVerifier::new(SECRET).expect("a valid secret")
}

#[test]
fn what_stripes_sdk_signs_verifies_in_rust() {
    let cases = [
        case("event", 0, EVENT),
        case("compact", -60, r#"{"id":"evt_2","object":"event"}"#),
        // Within the fixture's tolerance of 10 minutes (the SDK's is 5, into
        // the past only).
        case("recent", -280, EVENT),
        case("soon", 280, EVENT),
        case("ahead", 900, EVENT),
        case("stale", -900, EVENT),
        Case {
            verify_secret: Some(OTHER_SECRET),
            ..case("other_secret", 0, EVENT)
        },
        Case {
            verify_payload: Some(EVENT.replace("invoice.paid", "invoice.voided")),
            ..case("tampered", 0, EVENT)
        },
    ];
    let signed = sign_in_js(&cases);
    let no_match = "StripeSignatureVerificationError: No signatures found matching the expected \
                    signature for payload. Are you passing the raw request body you received \
                    from Stripe? ";
    let verdicts: Vec<(&str, &str)> = cases
        .iter()
        .zip(&signed)
        .map(|(c, s)| (c.name, s.js.as_str()))
        .collect();
    // What the SDK says of each, as a sanity check of the cases themselves.
    assert_eq!(
        verdicts,
        [
            ("event", "ok"),
            ("compact", "ok"),
            ("recent", "ok"),
            ("soon", "ok"),
            ("ahead", "ok"),
            (
                "stale",
                "StripeSignatureVerificationError: Timestamp outside the tolerance zone"
            ),
            ("other_secret", no_match),
            ("tampered", no_match),
        ]
    );

    let verifier = verifier();
    let other = WebhookVerifier::new(OTHER_SECRET).unwrap();
    for (c, s) in cases.iter().zip(&signed) {
        // Rust signs exactly as Stripe's SDK does.
        assert_eq!(
            verifier.sign(s.timestamp, &c.payload),
            s.header,
            "{}",
            c.name
        );
        let payload = c.verify_payload.as_deref().unwrap_or(&c.payload);
        let verifier = if c.verify_secret.is_some() {
            &other
        } else {
            &verifier
        };
        let headers = [(HEADER, s.header.as_str())];
        match (c.name, verifier.verify_as::<Value>(payload, headers)) {
            (
                "stale",
                Err(WebhookError::TimestampTooOld {
                    timestamp,
                    tolerance,
                }),
            )
            | (
                "ahead",
                Err(WebhookError::TimestampTooNew {
                    timestamp,
                    tolerance,
                }),
            ) => {
                assert_eq!(timestamp, s.timestamp);
                assert_eq!(tolerance, Duration::from_secs(TOLERANCE));
                // Genuine all the same: a wider tolerance accepts it.
                let lax = verifier.clone().tolerance(Duration::from_secs(3600));
                lax.verify_as::<Value>(payload, headers).unwrap();
            }
            ("other_secret" | "tampered", Err(WebhookError::NoMatchingSignature)) => {}
            (name, Ok(event)) => {
                assert_eq!(s.js, "ok", "{name}: accepted in Rust only");
                assert_eq!(event["id"].as_str(), s.js_event_id.as_deref());
                assert_eq!(event, serde_json::from_str::<Value>(payload).unwrap());
            }
            (name, other) => panic!(
                "{name}: unexpected verdict {other:?} (JavaScript: {})",
                s.js
            ),
        }
    }
}

#[test]
fn verify_returns_the_event_model() {
    let signed = sign_in_js(&[case("event", 0, EVENT)]);
    let event = verifier()
        .verify(EVENT, [(HEADER.to_lowercase(), signed[0].header.clone())])
        .unwrap();
    assert_eq!(event.id, "evt_1NG8Du2eZvKYlo2CUI79vXWy");
    assert_eq!(event.type_, "invoice.paid");
    assert_eq!(event.created, 1686089970);
}

#[test]
fn several_signatures_one_of_them_right_and_garbled_headers() {
    let signed = sign_in_js(&[case("event", 0, EVENT)]);
    let header = &signed[0].header;
    let verifier = verifier();
    // As Stripe sends during a secret's rotation: a signature per secret.
    let (stamp, signature) = header.split_once(',').unwrap();
    let rotated = format!("{stamp},v1={},{signature},v0=ignored", "ab".repeat(32));
    verifier
        .verify_as::<Value>(EVENT, [(HEADER, rotated.as_str())])
        .unwrap();
    let refused = |value: &str| {
        verifier
            .verify_as::<Value>(EVENT, [(HEADER, value)])
            .unwrap_err()
    };
    assert!(matches!(
        refused(signature),
        WebhookError::InvalidHeader {
            problem: "has no timestamp",
            ..
        }
    ));
    assert!(matches!(
        refused(stamp),
        WebhookError::InvalidHeader {
            problem: "has no signature of the expected version",
            ..
        }
    ));
    assert!(matches!(
        refused(&header.replace("t=", "t=x")),
        WebhookError::InvalidTimestamp
    ));
    assert!(matches!(
        verifier.verify_as::<Value>(EVENT, [("Stripe-Other", header.as_str())]),
        Err(WebhookError::MissingHeader { name: HEADER })
    ));
    // No message or Debug output shows the secret.
    for err in [refused(&header.replace("v1=", "v1=00")), refused(stamp)] {
        let text = format!("{err} {err:?} {verifier:?}");
        assert!(!text.contains("c3RyaXBl"), "{text}");
    }
}
