//! When a call is tried again, and after how long.
//!
//! Retry policy: only operations marked `retry_safe` (sent with GET, HEAD,
//! OPTIONS, PUT or DELETE) and calls that carry an idempotency key (see
//! `idempotency`) are retried, after a 429
//! or any 5xx response (a keyed call after a 409 too), a refused, reset or
//! dropped connection, or a timeout (a
//! timed-out attempt of a retry-safe operation is harmless to repeat); never
//! after a redirect, a TLS failure, a malformed or oversized response head, or
//! a body over the limit. The wait doubles from the configured base delay,
//! minus up to 25 % at random so that clients do not retry in lockstep, and a
//! `Retry-After` header (seconds or an HTTP date) replaces it. A `Retry-After`
//! longer than the client's maximum delay ends the retries: the error carries it.
//! An API's should-retry header, where it has one, overrides the status rules
//! for an error response of a call that may be retried.

use std::time::Duration;

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::StatusCode;

use crate::conventions::Client;

impl Client {
    /// The wait before retry number `retry` (0 for the first).
    pub(crate) fn retry_delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        let max = self.inner.retry_max_delay;
        if let Some(delay) = retry_after {
            return delay.min(max);
        }
        let nominal = self
            .inner
            .retry_base_delay
            .saturating_mul(2u32.saturating_pow(retry))
            .min(max);
        let jitter = 1.0 - 0.25 * fastrand::f64();
        Duration::try_from_secs_f64(nominal.as_secs_f64() * jitter).unwrap_or(nominal)
    }
}

/// 429 and every 5xx mean "try again later" rather than "this request is wrong".
pub(crate) fn is_retry_status(status: StatusCode) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error()
}

/// Whether a transport failure may heal by repeating the request: a refused,
/// reset or dropped connection, an unreachable network, or a failed DNS lookup
/// may; a TLS failure (a bad certificate), a malformed or oversized response
/// head, or a redirect may not.
pub(crate) fn is_transient(error: &reqwest::Error) -> bool {
    if error.is_builder() || error.is_redirect() || error.is_decode() {
        return false;
    }
    let mut cause = std::error::Error::source(error);
    while let Some(current) = cause {
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            if let Some(transient) = io_transient(io) {
                return transient;
            }
        }
        // reqwest's wasm client (`fetch`) has no hyper errors.
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(http) = current.downcast_ref::<hyper::Error>() {
            // Parse errors include a response head over hyper's size limit.
            if http.is_parse() || http.is_user() {
                return false;
            }
            if http.is_incomplete_message() || http.is_closed() || http.is_canceled() {
                return true;
            }
        }
        cause = current.source();
    }
    // A connection that failed for a reason not named above (a DNS lookup, say).
    #[cfg(not(target_arch = "wasm32"))]
    return error.is_connect();
    // `fetch` rejected: a network failure, which it does not tell apart from a
    // refusal by CORS or mixed content (those fail again, within the retries).
    #[cfg(target_arch = "wasm32")]
    return error.is_request();
}

/// What an I/O error says about repeating: `Some(false)` for a TLS failure
/// (`InvalidData`, also when wrapped in another I/O error, whose `source` skips
/// it), `Some(true)` for a dropped or refused connection, `None` when it does not say.
fn io_transient(io: &std::io::Error) -> Option<bool> {
    use std::io::ErrorKind::*;
    let mut current = Some(io);
    let mut verdict = None;
    while let Some(io) = current {
        match io.kind() {
            InvalidData | InvalidInput => return Some(false),
            ConnectionRefused | ConnectionReset | ConnectionAborted | NotConnected | BrokenPipe
            | UnexpectedEof | TimedOut | Interrupted | HostUnreachable | NetworkUnreachable => {
                verdict = Some(true)
            }
            // Another kind (a DNS failure is `Uncategorized`): look further.
            _ => {}
        }
        current = io
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<std::io::Error>());
    }
    verdict
}

/// Reads `Retry-After` as delay-seconds (fractions allowed) or an HTTP date in
/// any of the three formats HTTP allows (IMF-fixdate, RFC 850, asctime).
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<f64>() {
        return match seconds {
            s if s.is_nan() || s < 0.0 => None,
            // A wait too long to represent is as good as forever: past any cap.
            s => Some(Duration::try_from_secs_f64(s).unwrap_or(Duration::MAX)),
        };
    }
    let date = httpdate::parse_http_date(value).ok()?;
    // A date in the past means "now".
    Some(
        date.duration_since(crate::platform::now())
            .unwrap_or(Duration::ZERO),
    )
}
