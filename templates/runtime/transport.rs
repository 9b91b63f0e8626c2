//! Sending requests: an operation's method to `endpoint + path` with its query
//! string, the client's headers and the operation's own, and its JSON body if
//! it has one (see `request`); a timeout per attempt and retries for
//! operations whose method is safe to repeat. Successful responses are
//! unwrapped (the value under the operation's response key) and decoded; error
//! responses become [`Error`] variants.
//!
//! Limits: a successful response's body is read chunk by chunk up to the
//! client's `max_response_bytes`, and refused ([`Error::ResponseTooLarge`]) as
//! soon as it, or its `Content-Length`, goes past it; of an error response's
//! body only the first [`ERROR_BODY_LIMIT`] bytes are read.
//! Redirects are never followed (the client is built without a redirect
//! policy): a 3xx is [`Error::Redirect`].
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

use std::collections::BTreeMap;
use std::fmt;
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{HeaderMap, LOCATION, RETRY_AFTER};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use crate::auth::{Auth, Held};
use crate::conventions::Client;
use crate::conventions::{ERROR_FIELD, ERROR_FORMAT, REQUEST_ID_HEADER, SUCCESS_FIELD};
use crate::error::{Error, ValidationErrors};
use crate::error_format::{ErrorFormat, ErrorResponse};
use crate::redact::Redactor;
use crate::request::{Params, Problem, Request};

/// How many characters of a response body errors quote.
const EXCERPT_CHARS: usize = 300;

/// How many characters of a redirect's `Location` errors quote.
const LOCATION_CHARS: usize = 300;

/// How many characters of a response's `Content-Type` errors quote.
const CONTENT_TYPE_CHARS: usize = 60;

/// The most of an error response's body that is read: enough for any JSON
/// error the API sends. The rest of a larger body is never read (the error is
/// then [`Error::Http`] with the start of the body).
pub(crate) const ERROR_BODY_LIMIT: u64 = 64 * 1024;

/// One API operation, as the generated code describes it to the transport.
#[doc(hidden)]
#[derive(Debug)]
pub struct Operation {
    /// Dotted name used in errors, such as `acs.credentials.create`.
    pub name: &'static str,
    /// The method sent.
    pub method: reqwest::Method,
    /// Path template under the endpoint, starting with `/`, such as
    /// `/acs/credentials/create` or `/repos/{owner}/{repo}`.
    pub path: &'static str,
    /// Where the operation's parameter struct travels.
    pub params: Params,
    /// The media type of the body it sends, if it sends one.
    pub content_type: Option<&'static str>,
    /// The `Accept` header it sends: the media types of the success bodies it
    /// reads (the JSON one where it decodes JSON), if any has a body.
    pub accept: Option<&'static str>,
    /// Whether repeating the request is harmless (its method is), so that it may be retried.
    pub retry_safe: bool,
    /// Error statuses with a typed body; the first that matches decodes it.
    pub errors: &'static [TypedError],
    /// The credentials it accepts; `None` when the document states no
    /// requirement, so every credential the client holds is sent.
    pub security: Option<Security>,
}

/// The ways an operation may be authenticated.
#[doc(hidden)]
#[derive(Debug)]
pub struct Security {
    /// Each alternative the client can meet, in the document's order, as the
    /// kinds of credentials it needs together (indices in
    /// `conventions::CREDENTIALS`); an empty one needs none.
    pub alternatives: &'static [&'static [usize]],
    /// Every alternative in prose, for the error of a client that meets none.
    pub accepts: &'static str,
}

/// An error status (or range) whose body the operation declares a type for.
#[doc(hidden)]
#[derive(Debug)]
pub struct TypedError {
    /// The statuses it matches, inclusive.
    pub low: u16,
    pub high: u16,
    /// Decodes the (redacted) JSON body; `None` when it is not of the type.
    pub decode: fn(Value) -> Option<crate::models::ErrorBody>,
}

/// Settings for one call that override the client's, given to any request
/// builder's `with_options`.
///
/// ```
/// use std::time::Duration;
/// use api::RequestOptions;
///
/// let options = RequestOptions::new()
///     .timeout(Duration::from_secs(5))
///     .max_retries(0)
///     .header("x-trace-id", "abc123")
///     .query("debug", "1");
/// assert_eq!(options.max_retries, Some(0));
/// ```
///
/// Its `Debug` shows the names of extra headers, never their values (one may
/// be a credential).
#[derive(Clone, Default)]
#[non_exhaustive]
pub struct RequestOptions {
    /// Timeout for each attempt of this call, instead of the client's.
    pub timeout: Option<Duration>,
    /// Retries for this call, instead of the client's `max_retries`. Has no
    /// effect on operations that are never retried.
    pub max_retries: Option<u32>,
    /// For list operations' `pages()` and `items()`: the most pages to fetch,
    /// instead of the client's `max_pages`.
    pub max_pages: Option<u32>,
    /// For operations that start an action: whether to wait for its outcome,
    /// instead of the client's setting.
    pub wait_for_action_attempt: Option<bool>,
    /// How long to wait for an action's outcome, instead of the client's setting.
    pub action_attempt_timeout: Option<Duration>,
    /// How often to ask for an action's outcome, instead of the client's setting.
    pub action_attempt_poll_interval: Option<Duration>,
    /// The idempotency key this call sends instead of one made for it, for
    /// operations whose calls carry one (refused for any other).
    pub idempotency_key: Option<String>,
    /// Extra headers sent with each attempt, after the operation's own (a
    /// name that is not a valid header name is refused before sending).
    pub headers: Vec<(String, String)>,
    /// Extra query parameters, after the operation's own.
    pub query: Vec<(String, String)>,
    /// Set by `send_with_response`: where each successful response's status
    /// and headers are left for it.
    pub(crate) capture: Option<crate::response::Capture>,
}

impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("max_pages", &self.max_pages)
            .field("wait_for_action_attempt", &self.wait_for_action_attempt)
            .field("action_attempt_timeout", &self.action_attempt_timeout)
            .field(
                "action_attempt_poll_interval",
                &self.action_attempt_poll_interval,
            )
            .field(
                "idempotency_key",
                &self.idempotency_key.as_ref().map(|_| "<set>"),
            )
            .field("headers", &header_names)
            .field("query", &self.query)
            .finish()
    }
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

    /// Sets the most pages a listing may fetch.
    pub fn max_pages(mut self, max_pages: u32) -> Self {
        self.max_pages = Some(max_pages);
        self
    }

    /// Sends this idempotency key instead of one made for the call (refused
    /// for operations whose calls carry none).
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// Adds a header to each attempt of the call.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Adds a query parameter to the call.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// `other` over these options: each setting it gives replaces this one;
    /// its headers and query parameters come after these.
    pub(crate) fn apply(&mut self, other: RequestOptions) {
        let RequestOptions {
            timeout,
            max_retries,
            max_pages,
            wait_for_action_attempt,
            action_attempt_timeout,
            action_attempt_poll_interval,
            idempotency_key,
            headers,
            query,
            capture,
        } = other;
        self.capture = capture.or(self.capture.take());
        self.timeout = timeout.or(self.timeout);
        self.max_retries = max_retries.or(self.max_retries);
        self.max_pages = max_pages.or(self.max_pages);
        self.wait_for_action_attempt = wait_for_action_attempt.or(self.wait_for_action_attempt);
        self.action_attempt_timeout = action_attempt_timeout.or(self.action_attempt_timeout);
        self.action_attempt_poll_interval =
            action_attempt_poll_interval.or(self.action_attempt_poll_interval);
        self.idempotency_key = idempotency_key.or(self.idempotency_key.take());
        self.headers.extend(headers);
        self.query.extend(query);
    }

    /// Adds the extra headers and query parameters to `request`.
    fn extend(&self, op: &'static Operation, request: &mut Request) -> Result<(), Error> {
        for (name, value) in &self.headers {
            let invalid = |what: &str| Error::InvalidOptions {
                message: format!(
                    "{}: the extra header `{name}` has an invalid {what}",
                    op.name
                ),
            };
            let name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| invalid("name"))?;
            let value =
                reqwest::header::HeaderValue::from_str(value).map_err(|_| invalid("value"))?;
            request.headers.push((name, value));
        }
        request.query.extend(self.query.iter().cloned());
        Ok(())
    }
}

/// A complete HTTP response, read within one attempt's timeout and size limit.
struct RawResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

/// Why one attempt got no usable response; becomes an [`Error`] once the
/// retries are over (with the attempt count and total time).
enum Failure {
    Timeout,
    Transport {
        /// Set when the headers had arrived and the body failed.
        status: Option<StatusCode>,
        source: reqwest::Error,
    },
    TooLarge {
        status: StatusCode,
        limit: u64,
    },
}

/// The body of a successful response, with what it takes to quote it safely.
pub(crate) struct Success {
    status: u16,
    /// The `Content-Type` received, without its parameters, in lowercase.
    content_type: Option<String>,
    /// The response's headers, for what a list's pages read from them.
    headers: HeaderMap,
    body: Vec<u8>,
    redactor: Redactor,
}

impl Client {
    /// Sends `body` as JSON to `op.path`; returns the value under
    /// `response_key` in the success envelope, decoded as `T`.
    pub(crate) async fn call<T>(
        &self,
        op: &'static Operation,
        request: Request,
        options: &RequestOptions,
        response_key: &'static str,
    ) -> Result<T, Error>
    where
        T: DeserializeOwned,
    {
        let response = self.send(op, request, options).await?;
        let mut envelope = response.envelope(op)?;
        response.take_field(op, &mut envelope, None, response_key)
    }

    /// Sends `body` as JSON to `op.path`; returns the whole success body,
    /// decoded as `T` (for an API without a success envelope).
    pub(crate) async fn call_body<T>(
        &self,
        op: &'static Operation,
        request: Request,
        options: &RequestOptions,
    ) -> Result<T, Error>
    where
        T: DeserializeOwned,
    {
        self.send(op, request, options).await?.json(op)
    }

    /// Sends the request; returns the success body as it is.
    pub(crate) async fn call_bytes(
        &self,
        op: &'static Operation,
        request: Request,
        options: &RequestOptions,
    ) -> Result<Vec<u8>, Error> {
        Ok(self.send(op, request, options).await?.into_bytes())
    }

    /// Sends the request; returns the success body as text (it must be UTF-8).
    pub(crate) async fn call_text(
        &self,
        op: &'static Operation,
        request: Request,
        options: &RequestOptions,
    ) -> Result<String, Error> {
        self.send(op, request, options).await?.text(op)
    }

    /// Same, for operations that return nothing: success is the API's JSON
    /// success envelope (`{"<success field>": true, ...}`) and nothing else,
    /// or any 2xx response for an API without one.
    pub(crate) async fn call_void(
        &self,
        op: &'static Operation,
        request: Request,
        options: &RequestOptions,
    ) -> Result<(), Error> {
        let response = self.send(op, request, options).await?;
        match SUCCESS_FIELD {
            Some(_) => response.envelope(op).map(drop),
            None => Ok(()),
        }
    }

    /// Checks the request, sends it, retrying when allowed; returns the body of
    /// a 2xx response or the error for anything else.
    pub(crate) async fn send(
        &self,
        op: &'static Operation,
        request: Request,
        options: &RequestOptions,
    ) -> Result<Success, Error> {
        let success =
            crate::trace::instrument(op, self.send_attempts(op, request, options)).await?;
        if let Some(capture) = &options.capture {
            capture.record(success.status, &success.headers);
        }
        Ok(success)
    }

    async fn send_attempts(
        &self,
        op: &'static Operation,
        mut request: Request,
        options: &RequestOptions,
    ) -> Result<Success, Error> {
        let inner = &self.inner;
        let timeout = options.timeout.unwrap_or(inner.timeout);
        if timeout.is_zero() {
            return Err(Error::InvalidOptions {
                message: format!("{}: the timeout must be longer than zero", op.name),
            });
        }
        match request.problem.take() {
            None => {}
            Some(Problem::Invalid(problem)) => {
                return Err(Error::InvalidOptions {
                    message: format!("{}: {problem}", op.name),
                })
            }
            Some(Problem::Encode(source)) => {
                return Err(Error::Encode {
                    operation: op.name,
                    source: source.into(),
                })
            }
        }
        options.extend(op, &mut request)?;
        // Secrets this request carries (a PIN code, say) are hidden from error
        // text as well as the client's own credentials.
        // Every attempt sends the credentials the call started with, even if
        // the client's token is replaced meanwhile.
        // One key for the call, sent again by each of its retries.
        let keyed = crate::idempotency::attach(
            op,
            options.idempotency_key.as_deref(),
            &mut request.headers,
        )
        .map_err(|message| Error::InvalidOptions { message })?;
        let auth = self.auth();
        let credentials = auth.for_operation(op)?;
        let redactor = auth.redactor.with(request.secrets.clone());
        let max_retries = if op.retry_safe || keyed {
            options.max_retries.unwrap_or(inner.max_retries)
        } else {
            0
        };

        let started = Instant::now();
        let mut attempts: u32 = 0;
        loop {
            attempts += 1;
            let attempt_started = Instant::now();
            let outcome = self
                .attempt(&request, &auth, &credentials, op, timeout)
                .await;
            trace_attempt(attempts, &outcome, attempt_started.elapsed());
            let (retryable, retry_after) = match &outcome {
                Ok(response) => (
                    is_retry_status(response.status)
                        || (keyed && response.status == StatusCode::CONFLICT),
                    retry_after(&response.headers),
                ),
                Err(Failure::Timeout) => (true, None),
                Err(Failure::Transport { source, .. }) => (is_transient(source), None),
                Err(Failure::TooLarge { .. }) => (false, None),
            };
            // The API's word on an error response, where it gives one, decides.
            let retryable = match &outcome {
                Ok(response)
                    if response.status.is_client_error() || response.status.is_server_error() =>
                {
                    crate::idempotency::server_says_retry(&response.headers).unwrap_or(retryable)
                }
                _ => retryable,
            };
            // A server asking for a longer wait than the client allows is
            // answered with the error (which carries the wait), not ignored.
            let within_cap = retry_after.is_none_or(|wait| wait <= inner.retry_max_delay);
            if retryable && within_cap && attempts <= max_retries {
                let delay = self.retry_delay(attempts - 1, retry_after);
                crate::trace::retry(attempts, delay);
                tokio::time::sleep(delay).await;
                continue;
            }
            return match outcome {
                Ok(response) if response.status.is_success() => Ok(Success {
                    status: response.status.as_u16(),
                    content_type: media_type_essence(&response.headers),
                    headers: response.headers,
                    body: response.body,
                    redactor,
                }),
                Ok(response) if response.status.is_redirection() => Err(Error::Redirect {
                    operation: op.name,
                    status: response.status.as_u16(),
                    location: response
                        .headers
                        .get(LOCATION)
                        .map(|value| redactor.excerpt(value.as_bytes(), LOCATION_CHARS)),
                }),
                Ok(response) => Err(error_from_response(op, &response, &redactor)),
                Err(Failure::Timeout) => Err(Error::Timeout {
                    operation: op.name,
                    timeout,
                    attempts,
                    elapsed: started.elapsed(),
                }),
                Err(Failure::Transport { status, source }) => Err(Error::Transport {
                    operation: op.name,
                    status: status.map(|s| s.as_u16()),
                    source: source.into(),
                }),
                Err(Failure::TooLarge { status, limit }) => Err(Error::ResponseTooLarge {
                    operation: op.name,
                    status: status.as_u16(),
                    limit,
                }),
            };
        }
    }

    /// One request and its whole response body, within `timeout` and the size
    /// limit for its status. Redirects are answered without reading the body.
    async fn attempt(
        &self,
        wire: &Request,
        auth: &Auth,
        credentials: &[&Held],
        op: &'static Operation,
        timeout: Duration,
    ) -> Result<RawResponse, Failure> {
        let inner = &self.inner;
        let mut url = format!("{}{}", inner.endpoint, wire.path);
        let query_auth: Vec<&(&'static str, String)> = credentials
            .iter()
            .filter_map(|held| held.query.as_ref())
            .collect();
        let query = query_string(&wire.query, &query_auth);
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query);
        }
        let mut request = inner
            .http
            .request(op.method.clone(), url)
            .headers(auth.headers.clone());
        for held in credentials {
            request = request.headers(held.headers.clone());
        }
        if let Some(accept) = op.accept {
            request = request.header(reqwest::header::ACCEPT, accept);
        }
        for (name, value) in &wire.headers {
            request = request.header(name, value);
        }
        if let Some(parts) = &wire.multipart {
            // reqwest writes the boundary into the `Content-Type` itself.
            let form = parts
                .iter()
                .map(crate::body::Part::to_reqwest)
                .fold(reqwest::multipart::Form::new(), |form, (name, part)| {
                    form.part(name, part)
                });
            request = request.multipart(form);
        } else if let Some(body) = &wire.body {
            let content_type = op.content_type.unwrap_or("application/json");
            request = request
                .header(reqwest::header::CONTENT_TYPE, content_type)
                .body(body.clone());
        }
        if let Some((username, password)) = credentials.iter().find_map(|held| held.basic.as_ref())
        {
            request = request.basic_auth(username, Some(password));
        }
        // A secret in the path or query is part of the URL, which reqwest's errors quote.
        let hide_url = !query_auth.is_empty() || wire.secret_in_url;
        let transport = move |status, source: reqwest::Error| Failure::Transport {
            status,
            source: if hide_url {
                source.without_url()
            } else {
                source
            },
        };
        let exchange = async {
            let mut response = request
                .send()
                .await
                .map_err(|source| transport(None, source))?;
            let status = response.status();
            let declared_length = response.content_length();
            let headers = std::mem::take(response.headers_mut());
            if status.is_redirection() {
                return Ok(RawResponse {
                    status,
                    headers,
                    body: Vec::new(),
                });
            }
            // A successful body over the limit is refused; of an error body, only
            // the start is read: enough for any error the API sends, and the
            // status alone still decides whether to retry.
            let (limit, refuse_over_limit) = if status.is_success() {
                (inner.max_response_bytes, true)
            } else {
                (ERROR_BODY_LIMIT, false)
            };
            if refuse_over_limit && declared_length.is_some_and(|length| length > limit) {
                return Err(Failure::TooLarge { status, limit });
            }
            // With a declared length (at most the limit, checked above) the body is
            // read into one buffer of that size. Without one, chunks are kept apart
            // and joined at the end, so that a body cut off at the limit never
            // costs more than the limit (a body within it, twice its size at most).
            let mut body = Vec::with_capacity(declared_length.unwrap_or(0).min(limit) as usize);
            let mut chunks = Vec::new();
            let mut total: u64 = 0;
            while let Some(chunk) = response
                .chunk()
                .await
                .map_err(|source| transport(Some(status), source))?
            {
                let room = limit - total;
                if chunk.len() as u64 > room {
                    if refuse_over_limit {
                        return Err(Failure::TooLarge { status, limit });
                    }
                    chunks.push(chunk.slice(..room as usize));
                    break;
                }
                total += chunk.len() as u64;
                if body.capacity() > 0 {
                    body.extend_from_slice(&chunk);
                } else {
                    chunks.push(chunk);
                }
            }
            if !chunks.is_empty() {
                body.extend_from_slice(&chunks.concat());
            }
            Ok(RawResponse {
                status,
                headers,
                body,
            })
        };
        match tokio::time::timeout(timeout, exchange).await {
            Ok(Err(Failure::Transport { source, .. })) if source.is_timeout() => {
                Err(Failure::Timeout)
            }
            Ok(result) => result,
            Err(_) => Err(Failure::Timeout),
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

/// Records an attempt's outcome (see `trace`).
fn trace_attempt(attempt: u32, outcome: &Result<RawResponse, Failure>, elapsed: Duration) {
    let (kind, status) = match outcome {
        Ok(response) => ("response", Some(response.status.as_u16())),
        Err(Failure::Timeout) => ("timeout", None),
        Err(Failure::Transport { status, .. }) => ("transport", status.map(|s| s.as_u16())),
        Err(Failure::TooLarge { status, .. }) => ("too_large", Some(status.as_u16())),
    };
    let request_id = outcome
        .as_ref()
        .ok()
        .and_then(|response| response.headers.get(REQUEST_ID_HEADER?))
        .and_then(|value| value.to_str().ok());
    crate::trace::attempt(attempt, kind, status, request_id, elapsed);
}

/// The query string (`application/x-www-form-urlencoded`, as browsers and
/// `URLSearchParams` write it): the request's pairs, then a query credential.
fn query_string(pairs: &[(String, String)], auth: &[&(&'static str, String)]) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.extend_pairs(pairs);
    for (name, value) in auth {
        query.append_pair(name, value);
    }
    query.finish()
}

/// 429 and every 5xx mean "try again later" rather than "this request is wrong".
fn is_retry_status(status: StatusCode) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error()
}

/// Whether a transport failure may heal by repeating the request: a refused,
/// reset or dropped connection, an unreachable network, or a failed DNS lookup
/// may; a TLS failure (a bad certificate), a malformed or oversized response
/// head, or a redirect may not.
fn is_transient(error: &reqwest::Error) -> bool {
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
    error.is_connect()
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
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
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
        date.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// The API's error format: `{"<ERROR_FIELD>": {"type", "message", "data"?, "validation_errors"?, "request_id"?}, "request_id"?}`.
fn parse_error_envelope(body: &[u8]) -> Option<(ApiError, Option<String>)> {
    if ERROR_FORMAT != ErrorFormat::TypeMessage {
        return None;
    }
    let mut envelope: BTreeMap<String, &RawValue> = serde_json::from_slice(body).ok()?;
    let error = serde_json::from_str(envelope.remove(ERROR_FIELD?)?.get()).ok()?;
    let request_id = envelope
        .get("request_id")
        .and_then(|raw| serde_json::from_str(raw.get()).ok());
    Some((error, request_id))
}

#[derive(Deserialize)]
struct ApiError {
    #[serde(rename = "type")]
    code: String,
    #[serde(default)]
    message: String,
    data: Option<Value>,
    validation_errors: Option<Value>,
    request_id: Option<String>,
}

/// Maps a non-2xx, non-3xx response to the matching [`Error`] variant.
fn error_from_response(
    op: &'static Operation,
    response: &RawResponse,
    redactor: &Redactor,
) -> Error {
    let header_request_id = REQUEST_ID_HEADER
        .and_then(|name| response.headers.get(name))
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let status = response.status.as_u16();
    let retry_after = retry_after(&response.headers);
    let content_type = media_type_essence(&response.headers);
    let formatted = ErrorResponse {
        status,
        content_type: content_type.as_deref(),
        body: &response.body,
        request_id: header_request_id.clone(),
        retry_after,
    };
    if let Some(error) = crate::error_format::decode(op, formatted, redactor) {
        return error;
    }
    let Some((error, request_id)) = parse_error_envelope(&response.body) else {
        return if status == 401 {
            Error::Unauthorized {
                operation: op.name,
                message: redactor.excerpt(&response.body, EXCERPT_CHARS),
                request_id: header_request_id,
            }
        } else {
            Error::Http {
                operation: op.name,
                status,
                body: redactor.excerpt(&response.body, EXCERPT_CHARS),
                request_id: header_request_id,
                retry_after,
                detail: typed_detail(op, status, &response.body, redactor),
            }
        };
    };
    let request_id = header_request_id
        .or(error.request_id)
        .or(request_id)
        .map(|id| redactor.text(&id));
    let message = redactor.text(&error.message);
    let code = redactor.text(&error.code);
    let data = error.data.map(|mut data| {
        redactor.json(&mut data);
        Box::new(data)
    });
    if status == 401 {
        Error::Unauthorized {
            operation: op.name,
            message,
            request_id,
        }
    } else if code == "invalid_input" {
        Error::InvalidInput {
            operation: op.name,
            status,
            message,
            validation_errors: error
                .validation_errors
                .as_ref()
                .map(ValidationErrors::from_json)
                .unwrap_or_default()
                .map_messages(|message| redactor.text(message)),
            request_id,
            data,
        }
    } else {
        Error::Api {
            operation: op.name,
            status,
            code,
            message,
            request_id,
            data,
            retry_after,
        }
    }
}

/// The error body decoded as the type the operation declares for `status`,
/// with secrets redacted first; `None` when none is declared or it does not fit.
fn typed_detail(
    op: &'static Operation,
    status: u16,
    body: &[u8],
    redactor: &Redactor,
) -> Option<Box<crate::models::ErrorBody>> {
    let typed = op
        .errors
        .iter()
        .find(|e| (e.low..=e.high).contains(&status))?;
    let mut value: Value = serde_json::from_slice(body).ok()?;
    redactor.json(&mut value);
    (typed.decode)(value).map(Box::new)
}

/// The media type of a response's `Content-Type` without its parameters, in
/// lowercase; `None` without one (or one that is not text).
fn media_type_essence(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(reqwest::header::CONTENT_TYPE)?.to_str().ok()?;
    let essence = value.split(';').next().unwrap_or_default().trim();
    Some(essence.to_ascii_lowercase())
}

/// Whether a media type (its essence) is JSON: `application/json` or any `+json`.
fn is_json_media_type(essence: &str) -> bool {
    essence == "application/json" || essence.ends_with("+json")
}

/// The top level of a success envelope: each field's JSON text, undecoded, so
/// that only the fields asked for are ever decoded into values.
pub(crate) type Envelope<'a> = BTreeMap<String, &'a RawValue>;

impl Success {
    /// The response's status (2xx).
    pub(crate) fn status(&self) -> u16 {
        self.status
    }

    /// The response's headers.
    pub(crate) fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Decodes the whole body as `T`; an empty body decodes like null, so an
    /// `Option<T>` result becomes `None`.
    pub(crate) fn json<T: DeserializeOwned>(&self, op: &'static Operation) -> Result<T, Error> {
        self.decode(op, self.json_bytes(op)?, None)
    }

    /// The body as JSON text: `null` when it is empty, an error when its
    /// `Content-Type` says it is not JSON.
    pub(crate) fn json_bytes(&self, op: &'static Operation) -> Result<&[u8], Error> {
        match self.body.trim_ascii() {
            [] => Ok(b"null"),
            _ => {
                self.expect_json(op)?;
                Ok(&self.body)
            }
        }
    }

    /// Refuses a body whose `Content-Type` says it is not JSON, before it is
    /// parsed as JSON: a server that picks the media type (by `Accept`, or a
    /// proxy's HTML page) gets an error naming what it sent. A body without a
    /// `Content-Type` is read as JSON.
    fn expect_json(&self, op: &'static Operation) -> Result<(), Error> {
        match &self.content_type {
            Some(essence) if !is_json_media_type(essence) => Err(Error::UnexpectedContentType {
                operation: op.name,
                status: self.status,
                content_type: self
                    .redactor
                    .excerpt(essence.as_bytes(), CONTENT_TYPE_CHARS),
                body_excerpt: self.redactor.excerpt(&self.body, EXCERPT_CHARS),
            }),
            _ => Ok(()),
        }
    }

    /// The body as it is.
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.body
    }

    /// The body as text.
    pub(crate) fn text(self, op: &'static Operation) -> Result<String, Error> {
        match String::from_utf8(self.body) {
            Ok(text) => Ok(text),
            Err(error) => {
                let body = error.into_bytes();
                let valid = Success { body, ..self };
                Err(valid.decode_error(op, ".".to_owned(), "the body is not UTF-8 text".to_owned()))
            }
        }
    }

    /// The error for a success status the operation does not declare.
    pub(crate) fn unexpected_status(&self, op: &'static Operation) -> Error {
        self.decode_error(
            op,
            ".".to_owned(),
            format!(
                "the API answered {}, a status the operation does not declare",
                self.status
            ),
        )
    }

    /// Parses the body as the API's success envelope: a JSON object whose
    /// success field is `true`. An API without an envelope has none to check.
    pub(crate) fn envelope(&self, op: &'static Operation) -> Result<Envelope<'_>, Error> {
        self.expect_json(op)?;
        let envelope: Envelope<'_> = serde_json::from_slice(&self.body).map_err(|e| {
            self.decode_error(
                op,
                ".".to_owned(),
                format!("the response is not the API's JSON success envelope: {e}"),
            )
        })?;
        let Some(field) = SUCCESS_FIELD else {
            return Ok(envelope);
        };
        match envelope.get(field).map(|raw| raw.get()) {
            Some("true") => Ok(envelope),
            Some(other) => Err(self.decode_error(
                op,
                field.to_owned(),
                format!(
                    "a successful response must say `\"{field}\": true`, this one says {other}"
                ),
            )),
            None => Err(self.decode_error(
                op,
                field.to_owned(),
                format!(
                    "the response has no `{field}` field, so it is not the API's success envelope"
                ),
            )),
        }
    }

    /// Removes `key` from `object` (the envelope, or an object in it at
    /// `parent`) and decodes it as `T`; a failure names the JSON path.
    pub(crate) fn take_field<T: DeserializeOwned>(
        &self,
        op: &'static Operation,
        object: &mut Envelope<'_>,
        parent: Option<&str>,
        key: &str,
    ) -> Result<T, Error> {
        let path = match parent {
            Some(parent) => format!("{parent}.{key}"),
            None => key.to_owned(),
        };
        // A missing key decodes like null, so an `Option<T>` result becomes `None`; any
        // other result type reports the key as missing.
        match object.remove(key) {
            Some(raw) => self.decode(op, raw.get().as_bytes(), Some(&path)),
            None => self.decode(op, b"null", Some(&path)).map_err(|_| {
                self.decode_error(
                    op,
                    path.clone(),
                    format!("the response has no `{key}` field"),
                )
            }),
        }
    }

    /// Decodes `json` (the value at `path`, or the whole body) as `T`, with
    /// nothing after it; a failure names the JSON path and never quotes a secret.
    pub(crate) fn decode<T: DeserializeOwned>(
        &self,
        op: &'static Operation,
        json: &[u8],
        path: Option<&str>,
    ) -> Result<T, Error> {
        crate::codec::decode_json(json, path)
            .map_err(|failure| self.decode_error(op, failure.path, failure.message))
    }

    /// Up to `max_chars` of `json` (a part of this body), secrets redacted.
    pub(crate) fn quote(&self, json: &[u8], max_chars: usize) -> String {
        self.redactor.excerpt(json, max_chars)
    }

    pub(crate) fn decode_error(
        &self,
        op: &'static Operation,
        path: String,
        message: String,
    ) -> Error {
        Error::Decode {
            operation: op.name,
            path,
            message: self.redactor.excerpt(message.as_bytes(), EXCERPT_CHARS),
            body_excerpt: self.redactor.excerpt(&self.body, EXCERPT_CHARS),
        }
    }
}
