//! Verifying the webhooks the API sends: an HMAC-SHA256 of what they carry,
//! keyed with the endpoint's secret, in headers whose names and layout are
//! the API's signature scheme (`Scheme`): Standard Webhooks (as Svix signs
//! them), one header of a timestamp and hex signatures, or one header of the
//! payload's hex signature alone. The crate's API uses the scheme its
//! conventions name; the others are compiled too, so that this module's
//! tests cover every scheme.
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

/// The only Standard Webhooks signature version there is.
const SIGNATURE_VERSION: &str = "v1";

/// How an API signs its webhooks (the profile's scheme, rendered into the
/// crate's conventions). Header names are matched without regard to case.
// Each crate constructs one scheme; the others exist for the tests.
#[allow(dead_code)]
#[derive(Debug)]
pub(crate) enum Scheme {
    /// Standard Webhooks: id, timestamp and signature headers (each under
    /// any of its names, the first present winning; errors name the last);
    /// the signature header holds space-separated `v1,<base64>` signatures
    /// of `{id}.{timestamp}.{payload}`, keyed with the base64 key that
    /// follows `secret_prefix` in the secret.
    Standard {
        id: &'static [&'static str],
        timestamp: &'static [&'static str],
        signature: &'static [&'static str],
        secret_prefix: &'static str,
    },
    /// One header of comma-separated `key=value` entries: the timestamp under
    /// `timestamp_key`, hex signatures of `{timestamp}.{payload}` under
    /// `signature_key` (any may match), keyed with the secret's bytes.
    TimestampedHmac {
        header: &'static str,
        timestamp_key: &'static str,
        signature_key: &'static str,
    },
    /// One header, `prefix` and the hex signature of the payload alone, keyed
    /// with the secret's bytes. Nothing dates it, so the tolerance is unused.
    BodyHmac {
        header: &'static str,
        prefix: &'static str,
    },
}

impl Scheme {
    /// Every header name the scheme reads, and where the names of headers
    /// that may repeat (signatures, any of which may match) start.
    fn names(&self) -> (Vec<&'static str>, usize) {
        match self {
            Scheme::Standard {
                id,
                timestamp,
                signature,
                ..
            } => {
                let names: Vec<_> = id
                    .iter()
                    .chain(*timestamp)
                    .chain(*signature)
                    .copied()
                    .collect();
                let repeatable = names.len() - signature.len();
                (names, repeatable)
            }
            Scheme::TimestampedHmac { header, .. } | Scheme::BodyHmac { header, .. } => {
                (vec![*header], 1)
            }
        }
    }
}

/// Verifies webhooks: their signature, that they are recent, and what they
/// carry.
///
/// Built once from the endpoint's secret and shared (it is `Clone`, `Send` and
/// `Sync`). [`verify`](Self::verify) takes the request's body exactly as it
/// arrived (not re-serialized JSON) and its headers, as an [`http::HeaderMap`]
/// (what axum, hyper, reqwest and warp use), or as any iterable of name and
/// value pairs (see [`WebhookHeader`]).
///
/// A webhook is accepted when one of the signatures its headers carry is the
/// HMAC-SHA256 of what the API signs, keyed with the secret (compared in
/// constant time), and, where the API dates its webhooks, its timestamp is
/// within the [`tolerance`](Self::tolerance) of this machine's clock either
/// way, which stops a captured webhook from being replayed later.
/// [`sign`](Self::sign) makes the headers' signature as the API does, for
/// testing a webhook handler.
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
    scheme: &'static Scheme,
}

impl WebhookVerifier {
    /// The timestamp tolerance unless [`tolerance`](Self::tolerance) sets
    /// another: the API's own libraries'.
    pub const DEFAULT_TOLERANCE: Duration = crate::conventions::WEBHOOK_TOLERANCE;

    /// A verifier for the endpoint whose secret this is, in the form the API
    /// shows it.
    ///
    /// Fails with [`WebhookError::InvalidSecret`] when the secret is empty or
    /// not in that form.
    pub fn new(secret: &str) -> Result<Self, WebhookError> {
        Self::for_scheme(secret, &crate::conventions::WEBHOOK_SCHEME)
    }

    fn for_scheme(secret: &str, scheme: &'static Scheme) -> Result<Self, WebhookError> {
        let empty = WebhookError::InvalidSecret {
            reason: "it is empty",
        };
        let Scheme::Standard { secret_prefix, .. } = scheme else {
            // The secret's bytes are the key, as the API's libraries use it.
            if secret.is_empty() {
                return Err(empty);
            }
            return Ok(Self::with_key(secret.as_bytes(), scheme));
        };
        let encoded = secret.trim();
        let encoded = encoded.strip_prefix(secret_prefix).unwrap_or(encoded);
        if encoded.is_empty() {
            return Err(empty);
        }
        let key = STANDARD
            .decode(encoded)
            .map_err(|_| WebhookError::InvalidSecret {
                reason: "it is not the secret's prefix followed by base64",
            })?;
        Ok(Self::with_key(&key, scheme))
    }

    /// A verifier for a key given as raw bytes: the HMAC key itself (for a
    /// Standard Webhooks secret, the base64 after its prefix, decoded).
    pub fn from_key(key: &[u8]) -> Self {
        Self::with_key(key, &crate::conventions::WEBHOOK_SCHEME)
    }

    fn with_key(key: &[u8], scheme: &'static Scheme) -> Self {
        WebhookVerifier {
            key: <Hmac<Sha256> as KeyInit>::new_from_slice(key)
                .expect("HMAC takes a key of any length"),
            tolerance: Self::DEFAULT_TOLERANCE,
            scheme,
        }
    }

    /// How far a webhook's timestamp may be from this machine's clock, into
    /// the past or the future ([`DEFAULT_TOLERANCE`](Self::DEFAULT_TOLERANCE)
    /// unless set). `Duration::MAX` turns the check off, which lets a
    /// captured webhook be replayed at any time. Schemes without a timestamp
    /// have nothing to check.
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Checks the webhook's signature (and timestamp), then decodes its
    /// payload (JSON) into `T`.
    ///
    /// Give `payload` exactly as it was received: the signature covers its
    /// bytes. Header names are matched without regard to case.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # fn handle(body: &[u8], headers: &reqwest::header::HeaderMap) -> Result<(), api::WebhookError> {
    /// # let verifier = api::WebhookVerifier::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?;
    /// let event: serde_json::Value = verifier.verify_as(body, headers)?;
    /// # let _ = event;
    /// # Ok(())
    /// # }
    /// ```
    pub fn verify_as<T: DeserializeOwned>(
        &self,
        payload: impl AsRef<[u8]>,
        headers: impl IntoIterator<Item = impl WebhookHeader>,
    ) -> Result<T, WebhookError> {
        let payload = payload.as_ref();
        self.verify_signature_at(payload, headers, crate::platform::now())?;
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
        let headers = Headers::collect(self.scheme, headers)?;
        let matches = match self.scheme {
            Scheme::Standard {
                id,
                timestamp,
                signature,
                ..
            } => {
                let id_value = headers.required(id)?;
                let timestamp = parse_timestamp(headers.required(timestamp)?)?;
                let signatures = headers.required(signature)?;
                self.check_timestamp(timestamp, now)?;
                let mac = self.mac(&[
                    id_value.as_bytes(),
                    format!(".{timestamp}.").as_bytes(),
                    payload,
                ]);
                signatures
                    .split(' ')
                    .filter_map(|signature| signature.split_once(','))
                    .filter(|(version, _)| *version == SIGNATURE_VERSION)
                    .filter_map(|(_, signature)| STANDARD.decode(signature).ok())
                    .any(|signature| mac.clone().verify_slice(&signature).is_ok())
            }
            Scheme::TimestampedHmac {
                header,
                timestamp_key,
                signature_key,
            } => {
                let value = headers.required(&[header])?;
                let invalid = |problem| WebhookError::InvalidHeader {
                    name: (*header).to_owned(),
                    problem,
                };
                let mut stamp = None;
                let mut signatures = Vec::new();
                for (key, entry) in value.split(',').filter_map(|entry| entry.split_once('=')) {
                    let (key, entry) = (key.trim(), entry.trim());
                    // Entries of other keys (other signature versions) are skipped.
                    if key == *timestamp_key && stamp.replace(entry).is_some() {
                        return Err(invalid("has more than one timestamp"));
                    } else if key == *signature_key {
                        signatures.push(entry);
                    }
                }
                let timestamp = parse_timestamp(stamp.ok_or(invalid("has no timestamp"))?)?;
                if signatures.is_empty() {
                    return Err(invalid("has no signature of the expected version"));
                }
                self.check_timestamp(timestamp, now)?;
                let mac = self.mac(&[format!("{timestamp}.").as_bytes(), payload]);
                signatures
                    .iter()
                    .filter_map(|signature| decode_hex(signature))
                    .any(|signature| mac.clone().verify_slice(&signature).is_ok())
            }
            Scheme::BodyHmac { header, prefix } => {
                let value = headers.required(&[header])?;
                let invalid = |problem| WebhookError::InvalidHeader {
                    name: (*header).to_owned(),
                    problem,
                };
                let hex = value
                    .strip_prefix(prefix)
                    .ok_or(invalid("does not start as the scheme's signatures do"))?;
                let signature = decode_hex(hex).ok_or(invalid("is not a hexadecimal signature"))?;
                self.mac(&[payload]).verify_slice(&signature).is_ok()
            }
        };
        if matches {
            Ok(())
        } else {
            Err(WebhookError::NoMatchingSignature)
        }
    }

    /// The HMAC of `parts`, one after the other, not yet finalized.
    fn mac(&self, parts: &[&[u8]]) -> Hmac<Sha256> {
        let mut mac = self.key.clone();
        for part in parts {
            mac.update(part);
        }
        mac
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

    /// The signature header's value for a webhook with this id and timestamp
    /// (seconds since 1970; either is left out of schemes that have none) and
    /// payload, as the API writes it. The crate's `sign` takes what its
    /// scheme signs.
    pub(crate) fn signature(&self, id: &str, timestamp: u64, payload: &[u8]) -> String {
        match self.scheme {
            Scheme::Standard { .. } => {
                let mac = self.mac(&[format!("{id}.{timestamp}.").as_bytes(), payload]);
                let signature = STANDARD.encode(mac.finalize().into_bytes());
                format!("{SIGNATURE_VERSION},{signature}")
            }
            Scheme::TimestampedHmac {
                timestamp_key,
                signature_key,
                ..
            } => {
                let mac = self.mac(&[format!("{timestamp}.").as_bytes(), payload]);
                let signature = encode_hex(&mac.finalize().into_bytes());
                format!("{timestamp_key}={timestamp},{signature_key}={signature}")
            }
            Scheme::BodyHmac { prefix, .. } => {
                let signature = encode_hex(&self.mac(&[payload]).finalize().into_bytes());
                format!("{prefix}{signature}")
            }
        }
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
    #[error("the webhook has no `{name}` header")]
    MissingHeader {
        /// The header's name (its standard one, where it has several).
        name: &'static str,
    },

    /// A header is not text, appears twice with different values, or is not
    /// laid out as the scheme's are.
    #[error("the webhook's `{name}` header {problem}")]
    InvalidHeader {
        /// The header, as the request named it.
        name: String,
        /// What is wrong with it.
        problem: &'static str,
    },

    /// The timestamp is not a whole number of seconds since 1970.
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

/// The values of the headers a scheme reads, found in one pass.
struct Headers {
    names: Vec<&'static str>,
    /// By the index of the name in `names`.
    values: Vec<Option<String>>,
}

impl Headers {
    fn collect(
        scheme: &Scheme,
        headers: impl IntoIterator<Item = impl WebhookHeader>,
    ) -> Result<Headers, WebhookError> {
        let (names, repeatable) = scheme.names();
        let mut values = vec![None; names.len()];
        for header in headers {
            let Some(slot) = names
                .iter()
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
            match &mut values[slot] {
                None => values[slot] = Some(value.to_owned()),
                Some(seen) if seen == value => {}
                // Several signature headers: any of their signatures may match.
                Some(seen) if slot >= repeatable => {
                    seen.push(' ');
                    seen.push_str(value);
                }
                Some(_) => return Err(invalid("appears twice, with different values")),
            }
        }
        Ok(Headers { names, values })
    }

    /// The value of the first of `names` that is present and not empty; the
    /// last names it when none is.
    fn required(&self, names: &[&'static str]) -> Result<&str, WebhookError> {
        names
            .iter()
            .filter_map(|name| self.names.iter().position(|known| known == name))
            .filter_map(|slot| self.values[slot].as_deref())
            .find(|value| !value.is_empty())
            .ok_or(WebhookError::MissingHeader {
                name: names.last().copied().unwrap_or_default(),
            })
    }
}

/// Seconds since 1970: digits only.
fn parse_timestamp(text: &str) -> Result<u64, WebhookError> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(WebhookError::InvalidTimestamp);
    }
    text.parse().map_err(|_| WebhookError::InvalidTimestamp)
}

/// Bytes as lowercase hexadecimal, as signatures are written.
fn encode_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    out
}

/// Hexadecimal text (either case) as bytes; `None` unless it is whole bytes of
/// hex digits.
fn decode_hex(text: &str) -> Option<Vec<u8>> {
    let pairs = text.as_bytes().chunks_exact(2);
    if !pairs.remainder().is_empty() {
        return None;
    }
    let digit = |c: u8| char::from(c).to_digit(16);
    pairs
        .map(|pair| Some((digit(pair[0])? * 16 + digit(pair[1])?) as u8))
        .collect()
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
    //! Every scheme, whatever this crate's API uses: the header names are
    //! made up (the profile gives the real ones).
    use super::*;

    /// A Standard Webhooks key in the form a dashboard shows it.
    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const PAYLOAD: &[u8] = br#"{"event_id":"e1","event_type":"device.unlocked"}"#;

    /// Standard Webhooks, under its names and another prefix's.
    static STANDARD_SCHEME: Scheme = Scheme::Standard {
        id: &["alt-id", "std-id"],
        timestamp: &["alt-timestamp", "std-timestamp"],
        signature: &["alt-signature", "std-signature"],
        secret_prefix: "whsec_",
    };
    static TIMESTAMPED: Scheme = Scheme::TimestampedHmac {
        header: "x-timestamped-signature",
        timestamp_key: "t",
        signature_key: "v1",
    };
    static BODY: Scheme = Scheme::BodyHmac {
        header: "x-body-signature",
        prefix: "sha256=",
    };

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    fn now() -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs()
    }

    /// The tolerance the tests assume, whatever this crate's API's default.
    const TOLERANCE: Duration = Duration::from_secs(300);

    fn verifier() -> WebhookVerifier {
        WebhookVerifier::for_scheme(SECRET, &STANDARD_SCHEME)
            .unwrap()
            .tolerance(TOLERANCE)
    }

    impl WebhookVerifier {
        /// What a Standard Webhooks crate's `sign` does.
        fn sign_standard(&self, id: &str, timestamp: u64, payload: impl AsRef<[u8]>) -> String {
            self.signature(id, timestamp, payload.as_ref())
        }
    }

    fn headers(id: &str, timestamp: &str, signature: &str) -> Vec<(String, String)> {
        vec![
            ("std-id".to_owned(), id.to_owned()),
            ("std-timestamp".to_owned(), timestamp.to_owned()),
            ("std-signature".to_owned(), signature.to_owned()),
        ]
    }

    fn signed(timestamp: u64, payload: &[u8]) -> Vec<(String, String)> {
        let signature = verifier().sign_standard("msg_1", timestamp, payload);
        headers("msg_1", &timestamp.to_string(), &signature)
    }

    #[test]
    fn signs_as_the_standard_webhooks_example_does() {
        // The Standard Webhooks specification's worked example.
        let verifier = verifier();
        let payload = br#"{"test": 2432232314}"#;
        assert_eq!(
            verifier.sign_standard("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, payload),
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
        let event: serde_json::Value = verifier()
            .verify_as(PAYLOAD, signed(now(), PAYLOAD))
            .unwrap();
        assert_eq!(event["event_type"], "device.unlocked");
    }

    #[test]
    fn accepts_any_of_several_signatures_and_skips_other_versions() {
        let good = verifier().sign_standard("msg_1", 100, PAYLOAD);
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
        let other_secret =
            WebhookVerifier::for_scheme("whsec_c2VjcmV0LXR3bw==", &STANDARD_SCHEME).unwrap();
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
        for (index, name) in ["std-id", "std-timestamp", "std-signature"]
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
        twice.push(("Std-Id".to_owned(), "msg_other".to_owned()));
        assert!(matches!(
            verifier().verify_signature_at(PAYLOAD, &twice, at(100)),
            Err(WebhookError::InvalidHeader { ref name, .. }) if name == "Std-Id"
        ));
        let binary = [("std-id", &b"\xff"[..])];
        assert!(matches!(
            verifier().verify_signature_at(PAYLOAD, binary, at(100)),
            Err(WebhookError::InvalidHeader { .. })
        ));
    }

    #[test]
    fn takes_header_maps_other_names_any_case_and_split_signatures() {
        let signature = verifier().sign_standard("msg_1", 100, PAYLOAD);
        let mut map = reqwest::header::HeaderMap::new();
        map.insert("alt-id", "msg_1".parse().unwrap());
        map.insert("alt-timestamp", "100".parse().unwrap());
        map.append("alt-signature", "v1,bm90IGl0".parse().unwrap());
        map.append("alt-signature", signature.parse().unwrap());
        verifier()
            .verify_signature_at(PAYLOAD, &map, at(100))
            .unwrap();
        // The names listed first win (Svix's over the standard ones, as in
        // Svix's libraries).
        map.insert("std-id", "msg_ignored".parse().unwrap());
        verifier()
            .verify_signature_at(PAYLOAD, &map, at(100))
            .unwrap();
        let pairs = [
            ("std-id", "msg_1"),
            ("std-timestamp", "100"),
            ("std-signature", signature.as_str()),
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
            let err = WebhookVerifier::for_scheme(secret, &STANDARD_SCHEME).unwrap_err();
            assert!(matches!(err, WebhookError::InvalidSecret { .. }));
            let text = format!("{err} {err:?}");
            assert!(!text.contains("not base64!"), "{text}");
        }
        // Without the prefix, the key is base64 all the same.
        let bare =
            WebhookVerifier::for_scheme("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", &STANDARD_SCHEME)
                .unwrap();
        assert_eq!(
            bare.sign_standard("msg_1", 1, PAYLOAD),
            verifier().sign_standard("msg_1", 1, PAYLOAD)
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
        let now = now();
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

    fn timestamped(secret: &str) -> WebhookVerifier {
        WebhookVerifier::for_scheme(secret, &TIMESTAMPED)
            .unwrap()
            .tolerance(TOLERANCE)
    }

    fn one(name: &'static str, value: &str) -> [(&'static str, String); 1] {
        [(name, value.to_owned())]
    }

    #[test]
    fn timestamped_signs_as_the_apis_own_library_does() {
        // Made by the API's Node.js library (`generateTestHeaderString`, the
        // secret used as it is) and Python's `hmac`, which agree.
        let payload = br#"{"id":"evt_1","object":"event"}"#;
        let header =
            "t=1700000000,v1=0c8670ed117751cc551a20e35839447075c42800ea3cf3e8a2fbda99cd1e6edd";
        let verifier = timestamped("whsec_test_secret");
        assert_eq!(verifier.signature("", 1_700_000_000, payload), header);
        verifier
            .verify_signature_at(
                payload,
                one("x-timestamped-signature", header),
                at(1_700_000_000),
            )
            .unwrap();
        // The secret is used as it is: it is not even base64.
        let decoded = WebhookVerifier::for_scheme("whsec_test_secret", &STANDARD_SCHEME);
        assert!(decoded.is_err());
    }

    #[test]
    fn timestamped_accepts_any_matching_signature_in_any_order() {
        let verifier = timestamped("sekrit");
        let good = verifier.signature("", 100, PAYLOAD);
        let hex = good.rsplit('=').next().unwrap();
        let upper = hex.to_uppercase();
        for header in [
            format!("v1=00ff,t=100, v1={hex},v0=abc"),
            format!("t=100,v1=not-hex,v1={upper}"),
            format!("foo,t=100,v1={hex},extra=1=2"),
        ] {
            verifier
                .verify_signature_at(PAYLOAD, one("X-Timestamped-Signature", &header), at(100))
                .unwrap();
        }
    }

    #[test]
    fn timestamped_refuses_tampering_other_keys_and_stale_timestamps() {
        let verifier = timestamped("sekrit");
        let header = verifier.signature("", 1_000_000, PAYLOAD);
        let check = |verifier: &WebhookVerifier, payload: &[u8], header: &str, now| {
            verifier.verify_signature_at(payload, one("x-timestamped-signature", header), at(now))
        };
        assert!(check(&verifier, PAYLOAD, &header, 1_000_300).is_ok());
        assert!(matches!(
            check(&verifier, b"{\"event_id\":\"e2\"}", &header, 1_000_000),
            Err(WebhookError::NoMatchingSignature)
        ));
        assert!(matches!(
            check(&timestamped("other"), PAYLOAD, &header, 1_000_000),
            Err(WebhookError::NoMatchingSignature)
        ));
        // The timestamp is signed: moving it breaks the signature.
        let moved = header.replace("t=1000000", "t=1000001");
        assert!(matches!(
            check(&verifier, PAYLOAD, &moved, 1_000_000),
            Err(WebhookError::NoMatchingSignature)
        ));
        assert!(matches!(
            check(&verifier, PAYLOAD, &header, 1_000_301),
            Err(WebhookError::TimestampTooOld {
                timestamp: 1_000_000,
                ..
            })
        ));
        assert!(matches!(
            check(&verifier, PAYLOAD, &header, 999_699),
            Err(WebhookError::TimestampTooNew { .. })
        ));
        let strict = verifier.clone().tolerance(Duration::from_secs(10));
        assert!(check(&strict, PAYLOAD, &header, 1_000_011).is_err());
    }

    #[test]
    fn timestamped_refuses_missing_and_garbled_headers() {
        let verifier = timestamped("sekrit");
        let missing = verifier.verify_signature_at(PAYLOAD, one("x-other", "t=1,v1=00"), at(1));
        assert!(matches!(
            missing,
            Err(WebhookError::MissingHeader {
                name: "x-timestamped-signature"
            })
        ));
        let garbled = |header: &str| {
            verifier.verify_signature_at(PAYLOAD, one("x-timestamped-signature", header), at(100))
        };
        let problem = |header: &str| match garbled(header) {
            Err(WebhookError::InvalidHeader { problem, .. }) => problem,
            other => panic!("{header}: {other:?}"),
        };
        assert_eq!(problem("v1=00ff"), "has no timestamp");
        assert_eq!(problem("t=100"), "has no signature of the expected version");
        assert_eq!(
            problem("t=100,v0=00ff"),
            "has no signature of the expected version"
        );
        assert_eq!(problem("t=100,t=101,v1=00"), "has more than one timestamp");
        assert!(matches!(
            garbled(""),
            Err(WebhookError::MissingHeader { .. })
        ));
        for bad in ["t=,v1=00", "t=-5,v1=00", "t=1e3,v1=00", "t=abc,v1=00"] {
            assert!(
                matches!(garbled(bad), Err(WebhookError::InvalidTimestamp)),
                "{bad}"
            );
        }
        let twice = [
            ("x-timestamped-signature", "t=100,v1=00"),
            ("X-Timestamped-Signature", "t=100,v1=01"),
        ];
        assert!(matches!(
            verifier.verify_signature_at(PAYLOAD, twice, at(100)),
            Err(WebhookError::InvalidHeader { .. })
        ));
    }

    #[test]
    fn timestamped_secrets_are_used_as_they_are_and_never_shown() {
        assert!(matches!(
            WebhookVerifier::for_scheme("", &TIMESTAMPED),
            Err(WebhookError::InvalidSecret { .. })
        ));
        let verifier = timestamped("whsec_not base64 at all!");
        let header = verifier.signature("", now(), PAYLOAD);
        let event: serde_json::Value = verifier
            .verify_as(PAYLOAD, one("x-timestamped-signature", &header))
            .unwrap();
        assert_eq!(event["event_id"], "e1");
        let shown = format!("{verifier:?}");
        assert!(!shown.contains("base64 at all"), "{shown}");
        let err = timestamped("another")
            .verify_as::<serde_json::Value>(PAYLOAD, one("x-timestamped-signature", &header))
            .unwrap_err();
        let text = format!("{err} {err:?}");
        assert!(
            !text.contains("base64 at all") && !text.contains("another"),
            "{text}"
        );
    }

    fn body(secret: &str) -> WebhookVerifier {
        WebhookVerifier::for_scheme(secret, &BODY).unwrap()
    }

    #[test]
    fn body_signs_as_an_independent_implementation_does() {
        // Python's `hmac` (and GitHub's documentation of its own scheme, with
        // this secret and payload) give this signature.
        let verifier = body("It's a Secret to Everybody");
        let expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        assert_eq!(verifier.signature("", 0, b"Hello, World!"), expected);
        verifier
            .verify_signature_at(b"Hello, World!", one("X-Body-Signature", expected), at(0))
            .unwrap();
        // Nothing dates it: any clock will do.
        verifier
            .verify_signature_at(
                b"Hello, World!",
                one("x-body-signature", expected),
                at(4_000_000_000),
            )
            .unwrap();
    }

    #[test]
    fn body_refuses_tampering_other_keys_and_garbled_headers() {
        let verifier = body("sekrit");
        let header = verifier.signature("", 0, PAYLOAD);
        let check = |verifier: &WebhookVerifier, payload: &[u8], header: &str| {
            verifier.verify_signature_at(payload, one("x-body-signature", header), at(0))
        };
        assert!(check(&verifier, PAYLOAD, &header).is_ok());
        assert!(matches!(
            check(&verifier, b"{}", &header),
            Err(WebhookError::NoMatchingSignature)
        ));
        assert!(matches!(
            check(&body("other"), PAYLOAD, &header),
            Err(WebhookError::NoMatchingSignature)
        ));
        let hex = header.trim_start_matches("sha256=");
        for (garbled, problem) in [
            (
                hex.to_owned(),
                "does not start as the scheme's signatures do",
            ),
            (
                format!("sha1={hex}"),
                "does not start as the scheme's signatures do",
            ),
            (format!("sha256={hex}0"), "is not a hexadecimal signature"),
            ("sha256=zz".to_owned(), "is not a hexadecimal signature"),
        ] {
            assert!(
                matches!(
                    check(&verifier, PAYLOAD, &garbled),
                    Err(WebhookError::InvalidHeader { problem: p, .. }) if p == problem
                ),
                "{garbled}"
            );
        }
        // Hex of the wrong length is whole bytes, but no signature.
        assert!(matches!(
            check(&verifier, PAYLOAD, "sha256=00ff"),
            Err(WebhookError::NoMatchingSignature)
        ));
        assert!(matches!(
            verifier.verify_signature_at(PAYLOAD, one("x-other", &header), at(0)),
            Err(WebhookError::MissingHeader {
                name: "x-body-signature"
            })
        ));
        let err = check(&verifier, b"{}", &header).unwrap_err();
        let text = format!("{err} {err:?} {verifier:?}");
        assert!(!text.contains("sekrit"), "{text}");
    }

    #[test]
    fn hex_round_trips() {
        let bytes: Vec<u8> = (0..=255).collect();
        assert_eq!(decode_hex(&encode_hex(&bytes)), Some(bytes.clone()));
        assert_eq!(decode_hex(&encode_hex(&bytes).to_uppercase()), Some(bytes));
        assert_eq!(decode_hex(""), Some(Vec::new()));
        for bad in ["0", "0g", "+1", " 1", "é1"] {
            assert_eq!(decode_hex(bad), None, "{bad}");
        }
    }
}
