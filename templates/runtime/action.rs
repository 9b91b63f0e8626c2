//! Waiting for an action the API performs in the background. An operation
//! that starts one answers its attempt; unless told not to, the client reads
//! the attempt again (through the API's poll operation, every poll interval)
//! until it succeeds, which is what the method returns, or fails, which is
//! [`Error::ActionAttemptFailed`]. One still pending at the deadline is
//! [`Error::ActionAttemptTimeout`]. The names of the attempt's fields and
//! states are the API's conventions (`conventions::ACTION_ATTEMPTS`).

use std::time::Duration;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::conventions::{Client, ACTION_ATTEMPTS};
use crate::error::Error;
use crate::platform::Instant;
use crate::redact::Redactor;
use crate::request::Request;
use crate::transport::{Operation, RequestOptions};

/// How an API's action attempts look on the wire.
#[derive(Debug)]
pub(crate) struct ActionAttempts {
    pub(crate) id_field: &'static str,
    pub(crate) status_field: &'static str,
    pub(crate) pending: &'static str,
    pub(crate) success: &'static str,
    pub(crate) error: &'static str,
    /// The field of a failed attempt holding `{"type", "message"}`.
    pub(crate) error_field: &'static str,
    pub(crate) timeout: Duration,
    pub(crate) poll_interval: Duration,
}

/// Whether and how long to wait for an action's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ActionWait {
    pub(crate) enabled: bool,
    pub(crate) timeout: Duration,
    pub(crate) poll_interval: Duration,
}

impl Default for ActionWait {
    fn default() -> Self {
        match &ACTION_ATTEMPTS {
            Some(attempts) => ActionWait {
                enabled: true,
                timeout: attempts.timeout,
                poll_interval: attempts.poll_interval,
            },
            None => ActionWait {
                enabled: false,
                timeout: Duration::ZERO,
                poll_interval: Duration::ZERO,
            },
        }
    }
}

/// The shortest poll interval: a smaller one, from the client or a call, is
/// raised to it, so that no setting makes the client flood the API.
pub(crate) const MIN_POLL_INTERVAL: Duration = Duration::from_millis(50);

impl ActionWait {
    /// The client's settings with the call's own over them.
    fn for_call(self, options: &RequestOptions) -> Self {
        ActionWait {
            enabled: options.wait_for_action_attempt.unwrap_or(self.enabled),
            timeout: options.action_attempt_timeout.unwrap_or(self.timeout),
            poll_interval: options
                .action_attempt_poll_interval
                .unwrap_or(self.poll_interval)
                .max(MIN_POLL_INTERVAL),
        }
    }
}

/// One call's wait for its action.
struct Waiting<'a> {
    op: &'static Operation,
    poll: &'static Operation,
    options: &'a RequestOptions,
    response_key: &'static str,
    wait: ActionWait,
    conventions: &'static ActionAttempts,
    /// The call's own: the credentials it started with and the request's secrets.
    redactor: Redactor,
}

impl Client {
    /// Sends a request that starts an action and returns its attempt (under
    /// `response_key`), once finished unless waiting is turned off; the
    /// attempt is read again with `poll`.
    pub(crate) async fn call_action<T: DeserializeOwned>(
        &self,
        op: &'static Operation,
        request: Request,
        options: &RequestOptions,
        response_key: &'static str,
        poll: &'static Operation,
    ) -> Result<T, Error> {
        let redactor = self.auth().redactor.with(request.secrets.clone());
        let mut attempt: Value = self.call(op, request, options, response_key).await?;
        let wait = self.inner.action_wait.for_call(options);
        if let (true, Some(conventions)) = (wait.enabled, &ACTION_ATTEMPTS) {
            let waiting = Waiting {
                op,
                poll,
                options,
                response_key,
                wait,
                conventions,
                redactor: redactor.clone(),
            };
            attempt = self.settle(&waiting, attempt).await?;
        }
        let json = serde_json::to_vec(&attempt).unwrap_or_default();
        crate::codec::decode_json(&json, Some(response_key)).map_err(|failure| Error::Decode {
            operation: op.name,
            path: failure.path,
            message: redactor.text(&failure.message),
            body_excerpt: String::new(),
        })
    }

    /// Reads the attempt again until it is no longer pending, or the time is
    /// up: the deadline bounds the reads too, not only the pauses between them.
    async fn settle(&self, waiting: &Waiting<'_>, mut attempt: Value) -> Result<Value, Error> {
        let Waiting {
            op,
            poll,
            options,
            response_key,
            wait,
            conventions,
            ref redactor,
        } = *waiting;
        let deadline = Instant::now() + wait.timeout;
        let timed_out = |id: String, mut attempt: Value| {
            redactor.json(&mut attempt);
            Error::ActionAttemptTimeout {
                operation: op.name,
                action_attempt_id: id,
                timeout: wait.timeout,
                attempt: Box::new(attempt),
            }
        };
        loop {
            let id = text(&attempt, conventions.id_field);
            let status = text(&attempt, conventions.status_field);
            if status == conventions.success {
                return Ok(attempt);
            }
            if status == conventions.error {
                let error = attempt.get(conventions.error_field);
                let redact = |field: &str| {
                    let value = error.and_then(|e| e.get(field)).and_then(Value::as_str);
                    redactor.text(value.unwrap_or_default())
                };
                let (error_type, message) = (redact("type"), redact("message"));
                redactor.json(&mut attempt);
                return Err(Error::ActionAttemptFailed {
                    operation: op.name,
                    action_attempt_id: id,
                    error_type,
                    message,
                    attempt: Box::new(attempt),
                });
            }
            if status != conventions.pending {
                return Err(Error::Decode {
                    operation: op.name,
                    path: format!("{response_key}.{}", conventions.status_field),
                    message: format!(
                        "the action attempt's status `{status}` is not one this client knows"
                    ),
                    body_excerpt: String::new(),
                });
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(timed_out(id, attempt));
            }
            crate::platform::sleep(wait.poll_interval.min(deadline - now)).await;
            let mut request = Request::new(poll);
            request.params(poll, &serde_json::json!({ conventions.id_field: id }));
            let left = deadline.saturating_duration_since(Instant::now());
            let read = self.call(poll, request, options, response_key);
            attempt = match crate::platform::timeout(left, read).await {
                Ok(read) => read?,
                Err(_) => return Err(timed_out(id, attempt)),
            };
        }
    }
}

/// A string field of the attempt (empty when absent).
fn text(attempt: &Value, field: &str) -> String {
    attempt
        .get(field)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}
