//! Waiting for an action the API performs in the background. An operation
//! that starts one answers its attempt; unless told not to, the client reads
//! the attempt again (through the API's poll operation, every poll interval)
//! until it succeeds, which is what the method returns, or fails, which is
//! [`Error::ActionAttemptFailed`]. One still pending at the deadline is
//! [`Error::ActionAttemptTimeout`]. The names of the attempt's fields and
//! states are the API's conventions (`conventions::ACTION_ATTEMPTS`).

use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::conventions::{Client, ACTION_ATTEMPTS};
use crate::error::Error;
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

impl ActionWait {
    /// The client's settings with the call's own over them.
    fn for_call(self, options: &RequestOptions) -> Self {
        ActionWait {
            enabled: options.wait_for_action_attempt.unwrap_or(self.enabled),
            timeout: options.action_attempt_timeout.unwrap_or(self.timeout),
            poll_interval: options
                .action_attempt_poll_interval
                .unwrap_or(self.poll_interval),
        }
    }
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
        let mut attempt: Value = self.call(op, request, options, response_key).await?;
        let wait = self.inner.action_wait.for_call(options);
        if let (true, Some(conventions)) = (wait.enabled, &ACTION_ATTEMPTS) {
            attempt = self
                .settle(op, attempt, wait, conventions, options, response_key, poll)
                .await?;
        }
        serde_json::from_value(attempt).map_err(|e| Error::Decode {
            operation: op.name,
            path: response_key.to_owned(),
            message: self.auth().redactor.text(&e.to_string()),
            body_excerpt: String::new(),
        })
    }

    /// Reads the attempt again until it is no longer pending, or the time is up.
    #[allow(clippy::too_many_arguments)]
    async fn settle(
        &self,
        op: &'static Operation,
        mut attempt: Value,
        wait: ActionWait,
        conventions: &ActionAttempts,
        options: &RequestOptions,
        response_key: &'static str,
        poll: &'static Operation,
    ) -> Result<Value, Error> {
        let deadline = Instant::now() + wait.timeout;
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
                    self.auth().redactor.text(value.unwrap_or_default())
                };
                return Err(Error::ActionAttemptFailed {
                    operation: op.name,
                    action_attempt_id: id,
                    error_type: redact("type"),
                    message: redact("message"),
                    attempt: self.redacted(attempt),
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
                return Err(Error::ActionAttemptTimeout {
                    operation: op.name,
                    action_attempt_id: id,
                    timeout: wait.timeout,
                    attempt: self.redacted(attempt),
                });
            }
            tokio::time::sleep(wait.poll_interval.min(deadline - now)).await;
            let mut request = Request::new(poll);
            request.params(poll, &serde_json::json!({ conventions.id_field: id }));
            attempt = self.call(poll, request, options, response_key).await?;
        }
    }

    fn redacted(&self, mut attempt: Value) -> Box<Value> {
        self.auth().redactor.json(&mut attempt);
        Box::new(attempt)
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
