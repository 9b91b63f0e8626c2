//! Idempotency keys: which calls carry one (`conventions::IDEMPOTENCY`, by the
//! method sent), the key itself (the caller's, or a UUID v4 made for the call
//! from the operating system's random source), and what a key changes in the
//! retry rules.
//!
//! A call's key is chosen once, before its first attempt, and every retry of
//! the call sends the same one, so the API performs the call at most once
//! however many attempts reach it; two calls never share a key the client
//! made. A keyed call is as safe to repeat as a GET: it is retried after the
//! same failures, and after a 409 (the API was still busy with an attempt
//! that carried the key). When the API names a should-retry response header,
//! its `true` or `false` decides for any error response of a call that may
//! be retried. Keys are no secret (they let nobody act without the
//! credentials), but like every header they are kept out of errors.

use std::fmt::Write;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::conventions::IDEMPOTENCY;
use crate::transport::Operation;

/// The longest key a caller may give: the limit APIs that take keys commonly set.
pub(crate) const MAX_KEY_CHARS: usize = 255;

/// Which calls carry a key, and in which header.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Idempotency {
    /// The request header that carries the key.
    pub(crate) header: &'static str,
    /// The methods whose calls carry one.
    pub(crate) methods: &'static [&'static str],
    /// A response header whose `true` or `false` says whether to retry.
    pub(crate) should_retry_header: Option<&'static str>,
}

/// Gives the request its key, if its operation takes one: `given` (the
/// caller's), else a key already among `headers` (a header parameter of that
/// name), else a new one. Returns whether the call is keyed; refuses a key
/// that cannot be sent as it is, or one given to an operation that takes none.
pub(crate) fn attach(
    op: &'static Operation,
    given: Option<&str>,
    headers: &mut Vec<(HeaderName, HeaderValue)>,
) -> Result<bool, String> {
    attach_with(IDEMPOTENCY, op, given, headers, new_key)
}

fn attach_with(
    idempotency: Option<Idempotency>,
    op: &'static Operation,
    given: Option<&str>,
    headers: &mut Vec<(HeaderName, HeaderValue)>,
    make_key: fn() -> Result<String, getrandom::Error>,
) -> Result<bool, String> {
    let keyed = idempotency.filter(|i| {
        i.methods
            .iter()
            .any(|method| method.eq_ignore_ascii_case(op.method.as_str()))
    });
    let Some(idempotency) = keyed else {
        return match given {
            Some(_) => Err(format!(
                "{}: takes no idempotency key (the API keys no {} call)",
                op.name, op.method
            )),
            None => Ok(false),
        };
    };
    let name = header_name(idempotency.header)?;
    let key = match given {
        Some(key) => check_key(key).map_err(|problem| format!("{}: the idempotency key {problem}", op.name))?,
        None if headers.iter().any(|(existing, _)| *existing == name) => return Ok(true),
        None => make_key().map_err(|e| {
            format!(
                "{}: no idempotency key could be made (the operating system's random source failed: {e}); give one with .idempotency_key(..)",
                op.name
            )
        })?,
    };
    let value = HeaderValue::from_str(&key).map_err(|_| {
        format!(
            "{}: the idempotency key cannot be sent as a header",
            op.name
        )
    })?;
    headers.retain(|(existing, _)| *existing != name);
    headers.push((name, value));
    Ok(true)
}

/// A header name from the profile (the generator checked it), lowercased as
/// HTTP/2 sends names.
fn header_name(name: &str) -> Result<HeaderName, String> {
    HeaderName::from_bytes(name.to_ascii_lowercase().as_bytes())
        .map_err(|_| format!("`{name}` is not a header name"))
}

/// The caller's key, if it can go in a header as it is: 1 to
/// [`MAX_KEY_CHARS`] printable ASCII characters.
fn check_key(key: &str) -> Result<String, String> {
    if key.is_empty() {
        return Err("is empty".to_owned());
    }
    if key.chars().count() > MAX_KEY_CHARS {
        return Err(format!("is longer than {MAX_KEY_CHARS} characters"));
    }
    if !key.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return Err(
            "must be printable ASCII (no line breaks or other control characters)".to_owned(),
        );
    }
    Ok(key.to_owned())
}

/// A new key: a random (version 4) UUID, `xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx`.
fn new_key() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)?;
    Ok(uuid_v4(bytes))
}

/// Sets the version (4) and variant (RFC 9562's) bits of 16 random bytes and
/// writes them as a UUID.
fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        // Writing to a String cannot fail.
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// What the API's should-retry header says about an error response: `Some`
/// when it is there and says `true` or `false`.
pub(crate) fn server_says_retry(headers: &HeaderMap) -> Option<bool> {
    should_retry_in(IDEMPOTENCY, headers)
}

fn should_retry_in(idempotency: Option<Idempotency>, headers: &HeaderMap) -> Option<bool> {
    let value = headers
        .get(idempotency?.should_retry_header?)?
        .to_str()
        .ok()?
        .trim();
    if value.eq_ignore_ascii_case("true") {
        Some(true)
    } else if value.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYED: Option<Idempotency> = Some(Idempotency {
        header: "Call-Key",
        methods: &["POST"],
        should_retry_header: Some("Should-Retry"),
    });

    fn op(method: reqwest::Method) -> &'static Operation {
        Box::leak(Box::new(Operation {
            name: "things.create",
            method,
            path: "/things",
            params: crate::request::Params::Nothing,
            content_type: None,
            accept: None,
            retry_safe: false,
            errors: &[],
            security: None,
        }))
    }

    fn attached(
        idempotency: Option<Idempotency>,
        method: reqwest::Method,
        given: Option<&str>,
    ) -> Result<Vec<(HeaderName, HeaderValue)>, String> {
        let mut headers = Vec::new();
        attach_with(idempotency, op(method), given, &mut headers, new_key)?;
        Ok(headers)
    }

    #[test]
    fn a_key_is_a_random_uuid_v4_and_each_call_gets_its_own() {
        let first = new_key().unwrap();
        let second = new_key().unwrap();
        assert_ne!(first, second);
        for key in [&first, &second] {
            assert_eq!(key.len(), 36, "{key}");
            let groups: Vec<usize> = key.split('-').map(str::len).collect();
            assert_eq!(groups, [8, 4, 4, 4, 12], "{key}");
            assert_eq!(&key[14..15], "4", "{key}");
            assert!(matches!(&key[19..20], "8" | "9" | "a" | "b"), "{key}");
            assert!(key
                .bytes()
                .all(|b| b == b'-' || b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        }
        assert_eq!(uuid_v4([0xff; 16]), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(uuid_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
    }

    #[test]
    fn a_call_of_a_keyed_method_gets_a_new_key_or_the_callers() {
        let headers = attached(KEYED, reqwest::Method::POST, None).unwrap();
        assert_eq!(headers.len(), 1);
        assert_eq!(headers[0].0.as_str(), "call-key");
        assert_eq!(headers[0].1.len(), 36);
        let headers = attached(KEYED, reqwest::Method::POST, Some("order-42 retry")).unwrap();
        assert_eq!(headers[0].1, "order-42 retry");
        // A header parameter of that name is the key, and replaced by the caller's.
        let mut headers = vec![(
            HeaderName::from_static("call-key"),
            HeaderValue::from_static("declared"),
        )];
        assert_eq!(
            attach_with(
                KEYED,
                op(reqwest::Method::POST),
                None,
                &mut headers,
                new_key
            ),
            Ok(true)
        );
        assert_eq!(headers.len(), 1);
        assert_eq!(headers[0].1, "declared");
        attach_with(
            KEYED,
            op(reqwest::Method::POST),
            Some("mine"),
            &mut headers,
            new_key,
        )
        .unwrap();
        assert_eq!(headers.len(), 1);
        assert_eq!(headers[0].1, "mine");
    }

    #[test]
    fn other_calls_carry_no_key_and_refuse_one() {
        assert_eq!(attached(KEYED, reqwest::Method::GET, None), Ok(Vec::new()));
        assert_eq!(attached(None, reqwest::Method::POST, None), Ok(Vec::new()));
        for (idempotency, method) in [(KEYED, reqwest::Method::GET), (None, reqwest::Method::POST)]
        {
            let error = attached(idempotency, method, Some("k")).unwrap_err();
            assert!(error.contains("takes no idempotency key"), "{error}");
        }
    }

    #[test]
    fn a_key_that_cannot_be_sent_as_it_is_is_refused() {
        let long = "k".repeat(MAX_KEY_CHARS + 1);
        for (key, problem) in [
            ("", "is empty"),
            ("a\r\nb: c", "printable ASCII"),
            ("clé", "printable ASCII"),
            (long.as_str(), "longer than 255"),
        ] {
            let error = attached(KEYED, reqwest::Method::POST, Some(key)).unwrap_err();
            assert!(
                error.starts_with("things.create: the idempotency key"),
                "{error}"
            );
            assert!(error.contains(problem), "{key:?}: {error}");
        }
        assert!(attached(KEYED, reqwest::Method::POST, Some(&long[1..])).is_ok());
    }

    #[test]
    fn a_failing_random_source_is_an_error_not_a_weak_key() {
        let mut headers = Vec::new();
        let failing = || Err(getrandom::Error::UNSUPPORTED);
        let error = attach_with(
            KEYED,
            op(reqwest::Method::POST),
            None,
            &mut headers,
            failing,
        )
        .unwrap_err();
        assert!(error.contains("random source failed"), "{error}");
        assert!(headers.is_empty());
    }

    #[test]
    fn the_should_retry_header_says_true_or_false_or_nothing() {
        let mut headers = HeaderMap::new();
        assert_eq!(should_retry_in(KEYED, &headers), None);
        for (value, verdict) in [
            ("true", Some(true)),
            ("false", Some(false)),
            ("FALSE", Some(false)),
            ("maybe", None),
        ] {
            headers.insert("should-retry", HeaderValue::from_static(value));
            assert_eq!(should_retry_in(KEYED, &headers), verdict, "{value}");
        }
        assert_eq!(should_retry_in(None, &headers), None);
    }
}
