//! Verifying the webhooks the API sends, signed the way Svix and the Standard
//! Webhooks specification sign them: three headers (`webhook-id`,
//! `webhook-timestamp` and `webhook-signature`, or the same with the `svix-`
//! prefix), and an HMAC-SHA256 of `{id}.{timestamp}.{payload}` keyed with the
//! endpoint's secret (`whsec_` and base64).
//!
//! The secret never appears in `Debug` output or in an error.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use serde::de::DeserializeOwned;
use sha2::Sha256;

use crate::redact::{Redacted, Redactor};

/// How a secret starts; the base64 key follows.
const SECRET_PREFIX: &str = "whsec_";

/// The only signature version there is.
const SIGNATURE_VERSION: &str = "v1";

/// The headers, by their standard names and the names Svix gave them first.
const ID: [&str; 2] = ["svix-id", "webhook-id"];
const TIMESTAMP: [&str; 2] = ["svix-timestamp", "webhook-timestamp"];
const SIGNATURE: [&str; 2] = ["svix-signature", "webhook-signature"];

/// Verifies webhooks: their signature, that they are recent, and what they
/// carry.
///
/// Built once from the endpoint's secret and shared (it is `Clone`, `Send` and
/// `Sync`). [`verify`](Self::verify) takes the request's body exactly as it
/// arrived (not re-serialized JSON) and its headers, as an [`http::HeaderMap`]
/// (what axum, hyper, reqwest and warp use), or as any iterable of name and
/// value pairs (see [`WebhookHeader`]).
///
/// A webhook is accepted when one of the `v1,<base64>` signatures of its
/// signature header is the HMAC-SHA256 of `{id}.{timestamp}.{payload}`
/// (compared in constant time), and its timestamp is within the
/// [`tolerance`](Self::tolerance) of this machine's clock (5 minutes either
/// way unless set), which stops a captured webhook from being replayed later.
///
/// [`http::HeaderMap`]: https://docs.rs/http/latest/http/header/struct.HeaderMap.html
///
/// # Examples
///
/// ```
/// use std::time::Duration;
///
/// # fn main() -> Result<(), api::WebhookError> {
/// let verifier = api::WebhookVerifier::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?
///     .tolerance(Duration::from_secs(60));
/// # let _ = verifier;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct WebhookVerifier {
    key: Hmac<Sha256>,
    tolerance: Duration,
}

impl WebhookVerifier {
    /// The timestamp tolerance unless [`tolerance`](Self::tolerance) sets
    /// another: 5 minutes, as Svix has it.
    pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

    /// A verifier for the endpoint whose secret this is: `whsec_` and the key
    /// in base64 (the prefix may be left out).
    ///
    /// Fails with [`WebhookError::InvalidSecret`] when the secret is empty or
    /// not base64.
    pub fn new(secret: &str) -> Result<Self, WebhookError> {
        let encoded = secret.trim();
        let encoded = encoded.strip_prefix(SECRET_PREFIX).unwrap_or(encoded);
        if encoded.is_empty() {
            return Err(WebhookError::InvalidSecret {
                reason: "it is empty",
            });
        }
        let key = STANDARD
            .decode(encoded)
            .map_err(|_| WebhookError::InvalidSecret {
                reason: "it is not `whsec_` followed by base64",
            })?;
        Ok(Self::from_key(&key))
    }

    /// A verifier for a key given as raw bytes (the secret after `whsec_`,
    /// decoded).
    pub fn from_key(key: &[u8]) -> Self {
        WebhookVerifier {
            key: <Hmac<Sha256> as KeyInit>::new_from_slice(key)
                .expect("HMAC takes a key of any length"),
            tolerance: Self::DEFAULT_TOLERANCE,
        }
    }

    /// How far a webhook's timestamp may be from this machine's clock, into
    /// the past or the future ([`DEFAULT_TOLERANCE`](Self::DEFAULT_TOLERANCE)
    /// unless set). `Duration::MAX` turns the check off, which lets a
    /// captured webhook be replayed at any time.
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Checks the webhook's signature and timestamp, then decodes its payload
    /// (JSON) into `T`.
    ///
    /// Give `payload` exactly as it was received: the signature covers its
    /// bytes. Header names are matched without regard to case.
    ///
    /// # Examples
    ///
    /// ```
    /// # fn main() -> Result<(), api::WebhookError> {
    /// # let verifier = api::WebhookVerifier::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?;
    /// # let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    /// # let body = br#"{"event_type":"test"}"#.to_vec();
    /// # let (id, timestamp) = ("msg_1", now.to_string());
    /// # let signature = verifier.sign("msg_1", now, &body);
    /// let event: serde_json::Value = verifier.verify_as(
    ///     &body,
    ///     [
    ///         ("webhook-id", id),
    ///         ("webhook-timestamp", timestamp.as_str()),
    ///         ("webhook-signature", signature.as_str()),
    ///     ],
    /// )?;
    /// # assert_eq!(event["event_type"], "test");
    /// # Ok(())
    /// # }
    /// ```
    pub fn verify_as<T: DeserializeOwned>(
        &self,
        payload: impl AsRef<[u8]>,
        headers: impl IntoIterator<Item = impl WebhookHeader>,
    ) -> Result<T, WebhookError> {
        let payload = payload.as_ref();
        self.verify_signature_at(payload, headers, SystemTime::now())?;
        decode(payload)
    }

    /// The signature and timestamp checks of [`verify_as`](Self::verify_as),
    /// against the clock reading `now`.
    fn verify_signature_at(
        &self,
        payload: &[u8],
        headers: impl IntoIterator<Item = impl WebhookHeader>,
        now: SystemTime,
    ) -> Result<(), WebhookError> {
        let headers = Headers::collect(headers)?;
        let id = headers.required(&ID)?;
        let timestamp = parse_timestamp(headers.required(&TIMESTAMP)?)?;
        let signatures = headers.required(&SIGNATURE)?;
        self.check_timestamp(timestamp, now)?;
        let mut mac = self.key.clone();
        mac.update(id.as_bytes());
        mac.update(format!(".{timestamp}.").as_bytes());
        mac.update(payload);
        let matches = signatures
            .split(' ')
            .filter_map(|signature| signature.split_once(','))
            .filter(|(version, _)| *version == SIGNATURE_VERSION)
            .filter_map(|(_, signature)| STANDARD.decode(signature).ok())
            .any(|signature| mac.clone().verify_slice(&signature).is_ok());
        if matches {
            Ok(())
        } else {
            Err(WebhookError::NoMatchingSignature)
        }
    }

    fn check_timestamp(&self, timestamp: u64, now: SystemTime) -> Result<(), WebhookError> {
        let now = now
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_secs());
        let tolerance = self.tolerance;
        if now > timestamp && Duration::from_secs(now - timestamp) > tolerance {
            return Err(WebhookError::TimestampTooOld {
                timestamp,
                tolerance,
            });
        }
        if timestamp > now && Duration::from_secs(timestamp - now) > tolerance {
            return Err(WebhookError::TimestampTooNew {
                timestamp,
                tolerance,
            });
        }
        Ok(())
    }

    /// The signature header's value (`v1,<base64>`) for a webhook with this
    /// id, timestamp (seconds since 1970) and payload: what the API sends, for
    /// testing a webhook handler.
    pub fn sign(&self, id: &str, timestamp: u64, payload: impl AsRef<[u8]>) -> String {
        let mut mac = self.key.clone();
        mac.update(format!("{id}.{timestamp}.").as_bytes());
        mac.update(payload.as_ref());
        let signature = STANDARD.encode(mac.finalize().into_bytes());
        format!("{SIGNATURE_VERSION},{signature}")
    }
}

impl fmt::Debug for WebhookVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookVerifier")
            .field("secret", &Redacted(&()))
            .field("tolerance", &self.tolerance)
            .finish()
    }
}

/// One header of a webhook request, as [`WebhookVerifier::verify`] takes
/// them: any `(name, value)` pair of strings or bytes, or a reference to one.
///
/// So the headers can be an `&http::HeaderMap` (its pairs are
/// `(&HeaderName, &HeaderValue)`), an array or `Vec` of `(&str, &str)` or
/// `(String, String)` or a reference to one, a `&HashMap<String, String>`, or
/// any iterator of such pairs: whatever a web framework gives.
pub trait WebhookHeader {
    /// The header's name, in any case.
    fn name(&self) -> &[u8];
    /// Its value.
    fn value(&self) -> &[u8];
}

impl<K: AsRef<[u8]>, V: AsRef<[u8]>> WebhookHeader for (K, V) {
    fn name(&self) -> &[u8] {
        self.0.as_ref()
    }

    fn value(&self) -> &[u8] {
        self.1.as_ref()
    }
}

impl<T: WebhookHeader + ?Sized> WebhookHeader for &T {
    fn name(&self) -> &[u8] {
        (**self).name()
    }

    fn value(&self) -> &[u8] {
        (**self).value()
    }
}

/// Why a webhook was refused. No variant holds or shows the secret.
///
/// Every variant but [`InvalidSecret`](Self::InvalidSecret) and
/// [`InvalidPayload`](Self::InvalidPayload) means the request cannot be
/// trusted: answer it with a 4xx status and do not act on it.
/// `InvalidPayload` comes after the signature matched: the webhook is
/// genuine, but this client cannot read it (an older client, say).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The secret given to [`WebhookVerifier::new`] is not a webhook secret.
    #[error("invalid webhook secret: {reason}")]
    InvalidSecret {
        /// What is wrong with it (never the secret itself).
        reason: &'static str,
    },

    /// A header the signature needs is missing or empty.
    #[error("the webhook has no `{name}` header (nor its `svix-` form)")]
    MissingHeader {
        /// The header's standard name, such as `webhook-signature`.
        name: &'static str,
    },

    /// A header is not text, or appears twice with different values.
    #[error("the webhook's `{name}` header {problem}")]
    InvalidHeader {
        /// The header, as the request named it.
        name: String,
        /// What is wrong with it.
        problem: &'static str,
    },

    /// The timestamp header is not a whole number of seconds since 1970.
    #[error("the webhook's timestamp is not a number of seconds since 1970")]
    InvalidTimestamp,

    /// The webhook was signed longer ago than the tolerance: delayed, or
    /// replayed.
    #[error("the webhook's timestamp ({timestamp}) is older than the tolerance of {tolerance:?}")]
    TimestampTooOld {
        /// The timestamp, in seconds since 1970.
        timestamp: u64,
        /// The verifier's tolerance.
        tolerance: Duration,
    },

    /// The webhook's timestamp is further in the future than the tolerance
    /// (or this machine's clock is behind).
    #[error("the webhook's timestamp ({timestamp}) is further ahead than the tolerance of {tolerance:?}")]
    TimestampTooNew {
        /// The timestamp, in seconds since 1970.
        timestamp: u64,
        /// The verifier's tolerance.
        tolerance: Duration,
    },

    /// No signature matches the payload and the secret: the payload was
    /// changed, or signed with another secret.
    #[error("no signature of the webhook matches its payload")]
    NoMatchingSignature,

    /// The signature matched, but the payload is not what was expected.
    #[error("the webhook's payload could not be decoded at `{path}`: {message}")]
    InvalidPayload {
        /// JSON path of the value that failed, or `.` for the whole payload.
        path: String,
        /// What was wrong with it (values of secret fields hidden).
        message: String,
    },
}

/// The three headers' values, found in one pass.
#[derive(Default)]
struct Headers {
    /// By the index of the name in `ID`, `TIMESTAMP` and `SIGNATURE` together.
    values: [Option<String>; 6],
}

impl Headers {
    fn collect(
        headers: impl IntoIterator<Item = impl WebhookHeader>,
    ) -> Result<Headers, WebhookError> {
        let mut found = Headers::default();
        let names = ID.iter().chain(&TIMESTAMP).chain(&SIGNATURE);
        for header in headers {
            let Some(slot) = names
                .clone()
                .position(|name| header.name().eq_ignore_ascii_case(name.as_bytes()))
            else {
                continue;
            };
            let invalid = |problem| WebhookError::InvalidHeader {
                name: String::from_utf8_lossy(header.name()).into_owned(),
                problem,
            };
            let value = std::str::from_utf8(header.value())
                .map_err(|_| invalid("is not UTF-8 text"))?
                .trim();
            match &mut found.values[slot] {
                None => found.values[slot] = Some(value.to_owned()),
                Some(seen) if seen == value => {}
                // Several signature headers: any of their signatures may match.
                Some(seen) if slot >= 4 => {
                    seen.push(' ');
                    seen.push_str(value);
                }
                Some(_) => return Err(invalid("appears twice, with different values")),
            }
        }
        Ok(found)
    }

    /// The value of the first of `names` that is present and not empty.
    fn required(&self, names: &[&'static str; 2]) -> Result<&str, WebhookError> {
        let all = ID.iter().chain(&TIMESTAMP).chain(&SIGNATURE);
        let start = all
            .clone()
            .position(|name| name == &names[0])
            .expect("one of the three headers");
        self.values[start..start + 2]
            .iter()
            .flatten()
            .map(String::as_str)
            .find(|value| !value.is_empty())
            .ok_or(WebhookError::MissingHeader { name: names[1] })
    }
}

/// Seconds since 1970: digits only.
fn parse_timestamp(text: &str) -> Result<u64, WebhookError> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(WebhookError::InvalidTimestamp);
    }
    text.parse().map_err(|_| WebhookError::InvalidTimestamp)
}

/// The payload, decoded: any error names the JSON path that failed, and
/// never quotes the value of a secret field.
fn decode<T: DeserializeOwned>(payload: &[u8]) -> Result<T, WebhookError> {
    crate::codec::decode_json(payload, None).map_err(|failure| WebhookError::InvalidPayload {
        path: failure.path,
        message: Redactor::default().text(&failure.message),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A key in the form the API's dashboard shows it.
    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const PAYLOAD: &[u8] = br#"{"event_id":"e1","event_type":"device.unlocked"}"#;

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    fn verifier() -> WebhookVerifier {
        WebhookVerifier::new(SECRET).unwrap()
    }

    fn headers(id: &str, timestamp: &str, signature: &str) -> Vec<(String, String)> {
        vec![
            ("webhook-id".to_owned(), id.to_owned()),
            ("webhook-timestamp".to_owned(), timestamp.to_owned()),
            ("webhook-signature".to_owned(), signature.to_owned()),
        ]
    }

    fn signed(timestamp: u64, payload: &[u8]) -> Vec<(String, String)> {
        let signature = verifier().sign("msg_1", timestamp, payload);
        headers("msg_1", &timestamp.to_string(), &signature)
    }

    #[test]
    fn signs_as_the_standard_webhooks_example_does() {
        // The Standard Webhooks specification's worked example.
        let verifier = WebhookVerifier::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let payload = br#"{"test": 2432232314}"#;
        assert_eq!(
            verifier.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, payload),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
        let headers = headers(
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            "1614265330",
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        );
        verifier
            .verify_signature_at(payload, &headers, at(1614265330))
            .unwrap();
    }

    #[test]
    fn accepts_a_signed_payload_and_decodes_it() {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let event: serde_json::Value = verifier().verify_as(PAYLOAD, signed(now, PAYLOAD)).unwrap();
        assert_eq!(event["event_type"], "device.unlocked");
    }

    #[test]
    fn accepts_any_of_several_signatures_and_skips_other_versions() {
        let good = verifier().sign("msg_1", 100, PAYLOAD);
        let list = format!("v2,AAAA v1,bm90IGl0 {good} v1,garbage!");
        let headers = headers("msg_1", "100", &list);
        verifier()
            .verify_signature_at(PAYLOAD, &headers, at(100))
            .unwrap();
        let only_others = headers_with_signature("v1,bm90IGl0 v2,AAAA");
        assert!(matches!(
            verifier().verify_signature_at(PAYLOAD, &only_others, at(100)),
            Err(WebhookError::NoMatchingSignature)
        ));
    }

    fn headers_with_signature(signature: &str) -> Vec<(String, String)> {
        headers("msg_1", "100", signature)
    }

    #[test]
    fn refuses_a_changed_payload_id_or_timestamp_and_another_secret() {
        let headers = signed(100, PAYLOAD);
        let refused = |verifier: &WebhookVerifier, payload: &[u8], headers: &[(String, String)]| {
            matches!(
                verifier.verify_signature_at(payload, headers, at(100)),
                Err(WebhookError::NoMatchingSignature)
            )
        };
        assert!(refused(&verifier(), b"{\"event_id\":\"e2\"}", &headers));
        let mut other_id = headers.clone();
        other_id[0].1 = "msg_2".to_owned();
        assert!(refused(&verifier(), PAYLOAD, &other_id));
        let mut other_time = headers.clone();
        other_time[1].1 = "101".to_owned();
        assert!(refused(&verifier(), PAYLOAD, &other_time));
        let other_secret = WebhookVerifier::new("whsec_c2VjcmV0LXR3bw==").unwrap();
        assert!(refused(&other_secret, PAYLOAD, &headers));
    }

    #[test]
    fn refuses_timestamps_outside_the_tolerance_either_way() {
        let headers = signed(1_000_000, PAYLOAD);
        let check = |verifier: &WebhookVerifier, now| {
            verifier.verify_signature_at(PAYLOAD, &headers, at(now))
        };
        assert!(check(&verifier(), 1_000_300).is_ok());
        assert!(check(&verifier(), 999_700).is_ok());
        assert!(matches!(
            check(&verifier(), 1_000_301),
            Err(WebhookError::TimestampTooOld {
                timestamp: 1_000_000,
                ..
            })
        ));
        assert!(matches!(
            check(&verifier(), 999_699),
            Err(WebhookError::TimestampTooNew { .. })
        ));
        let strict = verifier().tolerance(Duration::from_secs(10));
        assert!(check(&strict, 1_000_010).is_ok());
        assert!(check(&strict, 1_000_011).is_err());
        let lax = verifier().tolerance(Duration::MAX);
        assert!(check(&lax, 0).is_ok());
        assert!(check(&lax, 4_000_000_000_000).is_ok());
    }

    #[test]
    fn refuses_missing_empty_and_malformed_headers() {
        let headers = signed(100, PAYLOAD);
        for (index, name) in ["webhook-id", "webhook-timestamp", "webhook-signature"]
            .into_iter()
            .enumerate()
        {
            let mut without = headers.clone();
            without.remove(index);
            let err = verifier()
                .verify_signature_at(PAYLOAD, &without, at(100))
                .unwrap_err();
            assert!(matches!(err, WebhookError::MissingHeader { name: n } if n == name));
            let mut empty = headers.clone();
            empty[index].1 = String::new();
            let err = verifier()
                .verify_signature_at(PAYLOAD, &empty, at(100))
                .unwrap_err();
            assert!(matches!(err, WebhookError::MissingHeader { name: n } if n == name));
        }
        for bad in [
            "-100",
            "+100",
            "1e3",
            "100.0",
            "abc",
            "99999999999999999999999",
        ] {
            let mut changed = headers.clone();
            changed[1].1 = bad.to_owned();
            assert!(matches!(
                verifier().verify_signature_at(PAYLOAD, &changed, at(100)),
                Err(WebhookError::InvalidTimestamp)
            ));
        }
        let mut twice = headers.clone();
        twice.push(("Webhook-Id".to_owned(), "msg_other".to_owned()));
        assert!(matches!(
            verifier().verify_signature_at(PAYLOAD, &twice, at(100)),
            Err(WebhookError::InvalidHeader { ref name, .. }) if name == "Webhook-Id"
        ));
        let binary = [("webhook-id", &b"\xff"[..])];
        assert!(matches!(
            verifier().verify_signature_at(PAYLOAD, binary, at(100)),
            Err(WebhookError::InvalidHeader { .. })
        ));
    }

    #[test]
    fn takes_header_maps_svix_names_any_case_and_split_signatures() {
        let signature = verifier().sign("msg_1", 100, PAYLOAD);
        let mut map = reqwest::header::HeaderMap::new();
        map.insert("svix-id", "msg_1".parse().unwrap());
        map.insert("svix-timestamp", "100".parse().unwrap());
        map.append("svix-signature", "v1,bm90IGl0".parse().unwrap());
        map.append("svix-signature", signature.parse().unwrap());
        verifier()
            .verify_signature_at(PAYLOAD, &map, at(100))
            .unwrap();
        // The svix- names win over the standard ones, as in Svix's libraries.
        map.insert("webhook-id", "msg_ignored".parse().unwrap());
        verifier()
            .verify_signature_at(PAYLOAD, &map, at(100))
            .unwrap();
        let pairs = [
            ("webhook-id", "msg_1"),
            ("webhook-timestamp", "100"),
            ("webhook-signature", signature.as_str()),
        ];
        verifier()
            .verify_signature_at(PAYLOAD, pairs, at(100))
            .unwrap();
        verifier()
            .verify_signature_at(PAYLOAD, pairs.iter(), at(100))
            .unwrap();
        let map: std::collections::HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_uppercase(), v.to_string()))
            .collect();
        verifier()
            .verify_signature_at(PAYLOAD, &map, at(100))
            .unwrap();
    }

    #[test]
    fn refuses_bad_secrets_without_showing_them() {
        for secret in ["", "whsec_", "whsec_not base64!", "   "] {
            let err = WebhookVerifier::new(secret).unwrap_err();
            assert!(matches!(err, WebhookError::InvalidSecret { .. }));
            let text = format!("{err} {err:?}");
            assert!(!text.contains("not base64!"), "{text}");
        }
        // Without the prefix, the key is base64 all the same.
        let bare = WebhookVerifier::new("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        assert_eq!(
            bare.sign("msg_1", 1, PAYLOAD),
            verifier().sign("msg_1", 1, PAYLOAD)
        );
        let shown = format!("{:?}", verifier());
        assert!(!shown.contains("MfKQ9r8G"), "{shown}");
        assert!(shown.contains("<redacted>"), "{shown}");
    }

    #[test]
    fn a_genuine_payload_that_does_not_decode_is_invalid_payload() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Event {
            event_id: String,
            occurred_at: u64,
        }
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let err = verifier()
            .verify_as::<Event>(PAYLOAD, signed(now, PAYLOAD))
            .unwrap_err();
        assert!(
            // Named as responses name it: the missing field itself.
            matches!(err, WebhookError::InvalidPayload { ref path, .. } if path == "occurred_at"),
            "{err:?}"
        );
        let payload = br#"{"event_id":"e1","occurred_at":"soon"}"#;
        let err = verifier()
            .verify_as::<Event>(payload, signed(now, payload))
            .unwrap_err();
        assert!(
            matches!(err, WebhookError::InvalidPayload { ref path, .. } if path == "occurred_at"),
            "{err:?}"
        );
        let trailing = br#"{"event_id":"e1","occurred_at":1} x"#;
        let err = verifier()
            .verify_as::<Event>(trailing, signed(now, trailing))
            .unwrap_err();
        assert!(
            matches!(err, WebhookError::InvalidPayload { .. }),
            "{err:?}"
        );
    }
}
