//! Sending requests: every operation is a `POST` of a JSON body to
//! `endpoint + path`, with the client's headers, a timeout per attempt and
//! retries for operations that are safe to repeat. Successful responses are
//! unwrapped (the value under the operation's response key) and decoded; error
//! responses become [`Error`] variants.
//!
//! Retry policy: only operations marked `retry_safe` are retried, after a 429,
//! 502, 503 or 504 response, a connection or I/O failure, or a timeout (a
//! timed-out attempt of a retry-safe operation is harmless to repeat). The wait
//! doubles from the configured base delay, minus up to 25 % at random so that
//! clients do not retry in lockstep, and a `Retry-After` header (seconds or an
//! HTTP date) replaces it. Both are capped by the client's maximum delay.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::client::Seam;
use crate::error::{Error, ValidationErrors};

/// How many characters of a response body errors quote.
const EXCERPT_CHARS: usize = 300;

/// Statuses that mean "try again later" rather than "this request is wrong".
const RETRY_STATUSES: [StatusCode; 4] = [
    StatusCode::TOO_MANY_REQUESTS,
    StatusCode::BAD_GATEWAY,
    StatusCode::SERVICE_UNAVAILABLE,
    StatusCode::GATEWAY_TIMEOUT,
];

/// One API operation, as the generated code describes it to the transport.
#[doc(hidden)]
#[derive(Debug)]
pub struct Operation {
    /// Dotted name used in errors, such as `acs.credentials.create`.
    pub name: &'static str,
    /// Path under the endpoint, starting with `/`, such as `/acs/credentials/create`.
    pub path: &'static str,
    /// Whether repeating the request is harmless, so that it may be retried.
    pub retry_safe: bool,
}

/// Settings for one call that override the client's.
///
/// ```
/// use std::time::Duration;
/// use seam::RequestOptions;
///
/// let options = RequestOptions::new()
///     .timeout(Duration::from_secs(5))
///     .max_retries(0);
/// assert_eq!(options.max_retries, Some(0));
/// ```
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct RequestOptions {
    /// Timeout for each attempt of this call, instead of the client's.
    pub timeout: Option<Duration>,
    /// Retries for this call, instead of the client's `max_retries`. Has no
    /// effect on operations that are never retried.
    pub max_retries: Option<u32>,
}

impl RequestOptions {
    /// Options that change nothing: the client's settings apply.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the timeout for each attempt of this call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sets how many times this call may be retried.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }
}

/// A complete HTTP response, read within one attempt's timeout.
struct RawResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Seam {
    /// POSTs `body` as JSON to `op.path`; returns the value under `response_key`
    /// in the 200 body, decoded as `T`.
    pub(crate) async fn call<B, T>(
        &self,
        op: &'static Operation,
        body: &B,
        options: &RequestOptions,
        response_key: &'static str,
    ) -> Result<T, Error>
    where
        B: serde::Serialize + ?Sized + Sync,
        T: DeserializeOwned,
    {
        let response = self.send(op, body, options).await?;
        let mut envelope = parse_envelope(op, &response)?;
        take_field(op, &mut envelope, response_key, &response)
    }

    /// Same, for operations whose response key is null: the body's content is
    /// ignored (only success or error matters).
    pub(crate) async fn call_void<B>(
        &self,
        op: &'static Operation,
        body: &B,
        options: &RequestOptions,
    ) -> Result<(), Error>
    where
        B: serde::Serialize + ?Sized + Sync,
    {
        self.send(op, body, options).await.map(drop)
    }

    /// Sends the request, retrying when allowed; returns the body of a 2xx
    /// response or the error for anything else.
    pub(crate) async fn send<B>(
        &self,
        op: &'static Operation,
        body: &B,
        options: &RequestOptions,
    ) -> Result<Vec<u8>, Error>
    where
        B: serde::Serialize + ?Sized + Sync,
    {
        let payload = serde_json::to_vec(body).map_err(|source| Error::Encode {
            operation: op.name,
            source,
        })?;
        let timeout = options.timeout.unwrap_or(self.inner.timeout);
        let max_retries = if op.retry_safe {
            options.max_retries.unwrap_or(self.inner.max_retries)
        } else {
            0
        };

        let mut retries = 0;
        loop {
            let outcome = self.attempt(op, &payload, timeout).await;
            // `Some(retry_after)`: worth retrying, after the server's Retry-After if any.
            let retryable = match &outcome {
                Ok(response) => RETRY_STATUSES
                    .contains(&response.status)
                    .then(|| retry_after(&response.headers)),
                Err(Error::Timeout { .. } | Error::Transport { .. }) => Some(None),
                Err(_) => None,
            };
            match retryable {
                Some(retry_after) if retries < max_retries => {
                    tokio::time::sleep(self.retry_delay(retries, retry_after)).await;
                    retries += 1;
                }
                _ => {
                    let response = outcome?;
                    return if response.status.is_success() {
                        Ok(response.body)
                    } else {
                        Err(error_from_response(&response))
                    };
                }
            }
        }
    }

    /// One request and its whole response body, within `timeout`.
    async fn attempt(
        &self,
        op: &'static Operation,
        payload: &[u8],
        timeout: Duration,
    ) -> Result<RawResponse, Error> {
        let inner = &self.inner;
        let request = inner
            .http
            .post(format!("{}{}", inner.endpoint, op.path))
            .headers(inner.headers.clone())
            .body(payload.to_vec());
        let exchange = async {
            let response = request.send().await?;
            let status = response.status();
            let headers = response.headers().clone();
            let body = response.bytes().await?;
            Ok::<_, reqwest::Error>(RawResponse {
                status,
                headers,
                body: body.into(),
            })
        };
        match tokio::time::timeout(timeout, exchange).await {
            Ok(Ok(response)) => Ok(response),
            Err(_) => Err(Error::Timeout {
                operation: op.name,
                timeout,
            }),
            // A caller-supplied reqwest client may have a shorter timeout of its own.
            Ok(Err(e)) if e.is_timeout() => Err(Error::Timeout {
                operation: op.name,
                timeout,
            }),
            Ok(Err(source)) => Err(Error::Transport {
                operation: op.name,
                source,
            }),
        }
    }

    /// The wait before retry number `retry` (0 for the first).
    fn retry_delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
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

/// Reads `Retry-After` as delay-seconds (fractions allowed) or an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<f64>() {
        return Duration::try_from_secs_f64(seconds).ok();
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    // A date in the past means "now".
    Some(
        SystemTime::from(date)
            .duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// The API's error format: `{"error": {"type", "message", "data"?, "validation_errors"?}}`.
#[derive(Deserialize)]
struct ErrorEnvelope {
    error: ApiError,
}

#[derive(Deserialize)]
struct ApiError {
    #[serde(rename = "type")]
    code: String,
    #[serde(default)]
    message: String,
    data: Option<Value>,
    validation_errors: Option<Value>,
}

/// Maps a non-2xx response to the matching [`Error`] variant.
fn error_from_response(response: &RawResponse) -> Error {
    let request_id = response
        .headers
        .get("seam-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let status = response.status.as_u16();
    let parsed = serde_json::from_slice::<ErrorEnvelope>(&response.body);
    match parsed {
        Ok(ErrorEnvelope { error }) if status == 401 => Error::Unauthorized {
            message: error.message,
            request_id,
        },
        Err(_) if status == 401 => Error::Unauthorized {
            message: excerpt(&response.body),
            request_id,
        },
        Ok(ErrorEnvelope { error }) if error.code == "invalid_input" => Error::InvalidInput {
            message: error.message,
            validation_errors: error
                .validation_errors
                .as_ref()
                .map(ValidationErrors::from_json)
                .unwrap_or_default(),
            request_id,
        },
        Ok(ErrorEnvelope { error }) => Error::Api {
            status,
            code: error.code,
            message: error.message,
            request_id,
            data: error.data.map(Box::new),
        },
        Err(_) => Error::Http {
            status,
            body: excerpt(&response.body),
            request_id,
        },
    }
}

/// Parses a successful response body as a JSON object.
pub(crate) fn parse_envelope(
    op: &'static Operation,
    body: &[u8],
) -> Result<Map<String, Value>, Error> {
    serde_json::from_slice(body).map_err(|e| Error::Decode {
        operation: op.name,
        path: ".".to_owned(),
        message: format!("the response is not a JSON object: {e}"),
        body_excerpt: excerpt(body),
    })
}

/// Removes `key` from the response object and decodes it as `T`; a failure
/// names the JSON path, starting at `key`.
pub(crate) fn take_field<T: DeserializeOwned>(
    op: &'static Operation,
    envelope: &mut Map<String, Value>,
    key: &str,
    body: &[u8],
) -> Result<T, Error> {
    let decode_error = |path: String, message: String| Error::Decode {
        operation: op.name,
        path,
        message,
        body_excerpt: excerpt(body),
    };
    // A missing key decodes like null, so an `Option<T>` result becomes `None`; any
    // other result type reports the key as missing.
    let (value, missing) = match envelope.remove(key) {
        Some(value) => (value, false),
        None => (Value::Null, true),
    };
    serde_path_to_error::deserialize(value).map_err(|e| {
        if missing {
            return decode_error(key.to_owned(), format!("the response has no `{key}` field"));
        }
        // serde_path_to_error prints the root as "." and array indexes as "[0]".
        let path = match e.path().to_string() {
            inner if inner == "." => key.to_owned(),
            inner if inner.starts_with('[') => format!("{key}{inner}"),
            inner => format!("{key}.{inner}"),
        };
        decode_error(path, e.into_inner().to_string())
    })
}

/// The start of a body for error messages, cut on a character boundary.
fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut chars = text.char_indices();
    match chars.nth(EXCERPT_CHARS) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.into_owned(),
    }
}
