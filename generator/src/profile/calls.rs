//! How a call's failures read and when a call is safe to repeat: the error
//! envelope strategies (`[errors]`) and idempotency keys (`[idempotency]`) a
//! profile chooses between.

use serde::{Deserialize, Serialize};

/// How an error response's body is read; each strategy names the wire fields it uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "strategy", rename_all = "snake_case", deny_unknown_fields)]
pub enum Errors {
    /// The API has no error format of its own: a body is quoted as it is,
    /// and decoded as the type the operation declares for its status.
    None {},
    /// `{"<field>": {"type", "message", "data"?, "validation_errors"?,
    /// "request_id"?}}`, its `type` the error's code (Seam's); a `type` of
    /// `invalid_input` lists messages per parameter.
    TypeMessage { field: String },
    /// `{"<field>": {"type", "code"?, "decline_code"?, "message"?, "param"?,
    /// "doc_url"?, "request_log_url"?}}`: a category (`type`), a finer code and
    /// the parameter at fault (Stripe's).
    TypeCode { field: String },
    /// RFC 9457 problem details (`application/problem+json`): `type`,
    /// `title`, `status`, `detail`, `instance` and extension members. A body
    /// that is not one is quoted, and decoded as the operation declares.
    ProblemDetails {},
}

impl Errors {
    /// The envelope field of an error object, for the strategies that have one.
    pub fn field(&self) -> Option<&str> {
        match self {
            Errors::TypeMessage { field } | Errors::TypeCode { field } => Some(field),
            Errors::None {} | Errors::ProblemDetails {} => None,
        }
    }

    /// Whether every error body is in the API's own format, so that the types
    /// an operation declares for its error statuses are never needed.
    pub fn replaces_declared_types(&self) -> bool {
        self.field().is_some()
    }
}

/// Which calls carry an idempotency key: a call that does is safe to send
/// twice, so it is retried as a safe method is (and after a 409).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "strategy", rename_all = "snake_case", deny_unknown_fields)]
pub enum Idempotency {
    /// No call carries one.
    None {},
    /// Every call sent with one of `methods` carries `header`: the caller's
    /// key, or a UUID v4 made for the call, the same on each of its retries.
    Header {
        header: String,
        methods: Vec<String>,
        /// A response header that overrides the retry rules: `true` retries
        /// (attempts allowing), `false` never does.
        #[serde(default)]
        should_retry_header: Option<String>,
    },
}

impl Idempotency {
    /// Whether a call sent with `method` carries a key.
    pub fn keys(&self, method: &str) -> bool {
        match self {
            Idempotency::None {} => false,
            Idempotency::Header { methods, .. } => {
                methods.iter().any(|m| m.eq_ignore_ascii_case(method))
            }
        }
    }
}
