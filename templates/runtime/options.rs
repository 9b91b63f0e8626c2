//! Per-call settings, [`RequestOptions`]: what a request builder's
//! `with_options` takes, and what its own setters (`timeout`, `max_pages`,
//! `idempotency_key`...) fill in.

use std::fmt;
use std::time::Duration;

use crate::error::Error;
use crate::request::Request;
use crate::transport::Operation;

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
    pub(crate) fn extend(
        &self,
        op: &'static Operation,
        request: &mut Request,
    ) -> Result<(), Error> {
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
