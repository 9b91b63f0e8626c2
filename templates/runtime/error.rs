//! The crate's error type, [`Error`], and the per-field messages of an
//! `invalid_input` error, [`ValidationErrors`].
//!
//! Every fallible call in this crate returns [`Error`]. Its variants separate what
//! the caller can act on: the API refusing a request ([`Error::Api`],
//! [`Error::ApiObject`], [`Error::Problem`], [`Error::Unauthorized`],
//! [`Error::InvalidInput`]), a response that is not the
//! API's error format ([`Error::Http`], [`Error::Redirect`],
//! [`Error::ResponseTooLarge`]), the network ([`Error::Timeout`],
//! [`Error::Transport`]), a response this client cannot decode ([`Error::Decode`],
//! [`Error::UnexpectedContentType`]),
//! a listing that cannot go on ([`Error::Pagination`]) and a misconfigured
//! client or request ([`Error::InvalidOptions`]).
//!
//! No variant ever holds a token: credentials live only in request headers, which
//! errors never capture, and the bodies, messages and `data` that errors quote
//! have the client's own tokens and every secret-bearing field redacted.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use crate::conventions::API_NAME;

/// The cause an [`Error`] wraps from a library this crate uses (the HTTP
/// client, the JSON encoder). Only its `std::error::Error` side is promised:
/// the library behind it can change in any release without breaking callers.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// An error from building a client or from calling the API.
///
/// The enum is `#[non_exhaustive]`: match the variants you handle and keep a
/// wildcard arm. The accessors [`status`](Error::status),
/// [`code`](Error::code), [`request_id`](Error::request_id) and
/// [`validation_errors`](Error::validation_errors) read the common fields
/// without a full `match`.
///
/// # Examples
///
/// ```no_run
/// use api::Error;
///
/// fn describe(result: Result<(), Error>) {
///     match result {
///         Ok(()) => println!("done"),
///         Err(Error::InvalidInput { validation_errors, .. }) => {
///             for (field, messages) in validation_errors.iter() {
///                 eprintln!("{field}: {}", messages.join(", "));
///             }
///         }
///         Err(Error::Api { code, request_id, .. }) if code.ends_with("_not_found") => {
///             eprintln!("not found (request id {request_id:?})");
///         }
///         Err(err) if err.status() == Some(401) => eprintln!("check your API key: {err}"),
///         Err(err) => eprintln!("{err}"),
///     }
/// }
///
/// match api::Client::builder().max_pages(0).build() {
///     Err(Error::InvalidOptions { message, .. }) => eprintln!("{message}"),
///     _ => unreachable!("a limit of zero is refused"),
/// }
/// # describe(Ok(()));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error in its JSON format (`{"<field>": {"type", "message", ...}}`),
    /// other than the two below with their own variant. `*_not_found` errors (404) land here.
    #[error("{operation}: {} API error {status} {code}: {message}{}{}", API_NAME, RequestIdSuffix(request_id.as_deref()), RetryAfterSuffix(*retry_after))]
    #[non_exhaustive]
    Api {
        /// The operation, such as `acs.credentials.get`.
        operation: &'static str,
        /// HTTP status code of the response.
        status: u16,
        /// The error's `type`, such as `acs_credential_not_found`.
        code: String,
        /// Human-readable message from the API.
        message: String,
        /// The request id, from the request id header or else
        /// the error body: quote it to the API's support.
        request_id: Option<String>,
        /// The error's `data` object, when the API sent one (boxed so that
        /// `Error` stays small; [`Error::data`] borrows it).
        data: Option<Box<serde_json::Value>>,
        /// The server's `Retry-After`, when it sent one: how long it asked
        /// callers to wait (see [`Error::retry_after`]).
        retry_after: Option<Duration>,
    },

    /// The API answered with an error object that has a category, a finer code
    /// and the parameter at fault (`{"<field>": {"type", "code", "message",
    /// "param", ...}}`); its fields are in [`ErrorObject`] (see
    /// [`Error::error_object`]). A 401 in this format is [`Error::Unauthorized`].
    #[error("{operation}: {} API error {status} {}: {}{}{}", API_NAME, object.label(), object.message.as_deref().unwrap_or_default(), RequestIdSuffix(request_id.as_deref()), RetryAfterSuffix(*retry_after))]
    #[non_exhaustive]
    ApiObject {
        /// The operation, such as `customers.create`.
        operation: &'static str,
        /// HTTP status code of the response.
        status: u16,
        /// The error object's fields (secrets redacted), boxed so that
        /// `Error` stays small.
        object: Box<ErrorObject>,
        /// The request id, from the request id header: quote it to the API's
        /// support.
        request_id: Option<String>,
        /// The server's `Retry-After`, when it sent one.
        retry_after: Option<Duration>,
    },

    /// The API answered with RFC 9457 problem details
    /// (`application/problem+json`); its members are in [`ProblemDetails`]
    /// (see [`Error::problem`]). A 401 in this format is [`Error::Unauthorized`].
    #[error("{operation}: {} API problem {status} {problem}{}{}", API_NAME, RequestIdSuffix(request_id.as_deref()), RetryAfterSuffix(*retry_after))]
    #[non_exhaustive]
    Problem {
        /// The operation, such as `pets.get`.
        operation: &'static str,
        /// HTTP status code of the response.
        status: u16,
        /// The problem's members (secrets redacted), boxed so that `Error`
        /// stays small.
        problem: Box<ProblemDetails>,
        /// The request id, from the request id header.
        request_id: Option<String>,
        /// The server's `Retry-After`, when it sent one.
        retry_after: Option<Duration>,
    },

    /// The API refused the credentials (HTTP 401).
    #[error("{operation}: {} API refused the credentials (401): {message}{}", API_NAME, RequestIdSuffix(request_id.as_deref()))]
    #[non_exhaustive]
    Unauthorized {
        /// The operation, such as `acs.credentials.get`.
        operation: &'static str,
        /// Message from the API, or the start of the response body.
        message: String,
        /// The request id, from the request id header or the error body.
        request_id: Option<String>,
    },

    /// The API rejected the request's parameters (an `invalid_input` error,
    /// usually HTTP 400).
    #[error(
        "{operation}: {} API rejected the input ({status}): {message}{}{}",
        API_NAME,
        ValidationSuffix(validation_errors),
        RequestIdSuffix(request_id.as_deref())
    )]
    #[non_exhaustive]
    InvalidInput {
        /// The operation, such as `acs.credentials.create`.
        operation: &'static str,
        /// HTTP status code of the response.
        status: u16,
        /// Message from the API.
        message: String,
        /// Messages for each offending parameter.
        validation_errors: ValidationErrors,
        /// The request id, from the request id header or the error body.
        request_id: Option<String>,
        /// The error's `data` object, when the API sent one.
        data: Option<Box<serde_json::Value>>,
    },

    /// An error status whose body is not the API's JSON error format, such as a
    /// plain-text 404 from a proxy or an `Invalid JSON` answer.
    #[error("{operation}: HTTP {status} from {}: {body:?}{}{}", API_NAME, RequestIdSuffix(request_id.as_deref()), RetryAfterSuffix(*retry_after))]
    #[non_exhaustive]
    Http {
        /// The operation, such as `acs.credentials.get`.
        operation: &'static str,
        /// HTTP status code of the response.
        status: u16,
        /// The start of the response body (at most a few hundred characters,
        /// secrets redacted).
        body: String,
        /// The request id header, if any.
        request_id: Option<String>,
        /// The server's `Retry-After`, when it sent one.
        retry_after: Option<Duration>,
        /// The body decoded as the type the operation declares for this
        /// status, if it declares one and the body fits it (see [`Error::detail`]).
        detail: Option<Box<crate::models::ErrorBody>>,
    },

    /// The server answered with a redirect (3xx). The API is not expected to redirect,
    /// and following one could send credentials or a request body to another
    /// origin, so this client never follows redirects.
    #[error("{operation}: the server answered HTTP {status} with a redirect{}; redirects are never followed, so check the endpoint", LocationSuffix(location.as_deref()))]
    #[non_exhaustive]
    Redirect {
        /// The operation, such as `acs.credentials.create`.
        operation: &'static str,
        /// HTTP status code of the response (301, 302, 303, 307, 308, ...).
        status: u16,
        /// The `Location` header (secrets redacted, cut to a few hundred
        /// characters), if the server sent one.
        location: Option<String>,
    },

    /// A successful response's body was larger than the client's
    /// `max_response_bytes` (64 MiB unless configured). The rest of the body
    /// was not read. (Of an error response, only the first 64 KiB are read, and
    /// the error is the one its status and start say.)
    #[error("{operation}: the HTTP {status} response is larger than the {limit} bytes this client reads (raise the limit with max_response_bytes)")]
    #[non_exhaustive]
    ResponseTooLarge {
        /// The operation, such as `acs.credentials.list`.
        operation: &'static str,
        /// HTTP status code of the response.
        status: u16,
        /// The limit, in bytes, that the body exceeded.
        limit: u64,
    },

    /// No attempt got a complete response within the timeout.
    #[error("{operation} timed out: {} of at most {timeout:?} each, {elapsed:?} in all", Attempts(*attempts))]
    #[non_exhaustive]
    Timeout {
        /// The operation, such as `acs.credentials.get`.
        operation: &'static str,
        /// The per-attempt timeout.
        timeout: Duration,
        /// How many attempts were made, retries included.
        attempts: u32,
        /// The time from the first attempt to giving up, retry delays included.
        elapsed: Duration,
    },

    /// The request could not be sent or its response not read: DNS, connection,
    /// TLS or I/O failure, or a malformed response (after any retries).
    #[error("{operation} failed: {}", TransportStage(*status))]
    #[non_exhaustive]
    Transport {
        /// The operation, such as `acs.credentials.get`.
        operation: &'static str,
        /// The status of the response whose body could not be read, when its
        /// headers had arrived; `None` when there was no response at all.
        status: Option<u16>,
        /// The underlying HTTP client's error. Its type is not part of this
        /// crate's API (it may change with the HTTP client); read it as
        /// `std::error::Error` (its message and its own `source()` chain).
        #[source]
        source: BoxError,
    },

    /// The request body could not be serialized as JSON.
    #[error("{operation}: could not encode the request as JSON")]
    #[non_exhaustive]
    Encode {
        /// The operation, such as `acs.credentials.create`.
        operation: &'static str,
        /// The serialization error, as `std::error::Error` (its type is not
        /// part of this crate's API).
        #[source]
        source: BoxError,
    },

    /// A successful response did not have the expected shape: not the API's
    /// JSON success envelope, a required field missing, or a value of the
    /// wrong type.
    #[error("{operation}: could not decode the response at `{path}`: {message} (body starts: {body_excerpt:?})")]
    #[non_exhaustive]
    Decode {
        /// The operation, such as `acs.credentials.get`.
        operation: &'static str,
        /// JSON path of the value that failed, starting at the response key
        /// (for example `acs_credential.created_at`), or `.` for the whole body.
        path: String,
        /// What was wrong with it.
        message: String,
        /// The start of the response body (at most a few hundred characters,
        /// secrets redacted).
        body_excerpt: String,
    },

    /// A successful response of a media type the operation does not decode for
    /// its status: XML from a server that also offers the JSON this client
    /// reads, an HTML page from a proxy. Its body is never parsed.
    #[error("{operation}: the response ({status}) is `{content_type}`, which this client does not decode for it (body starts: {body_excerpt:?})")]
    #[non_exhaustive]
    UnexpectedContentType {
        /// The operation, such as `acs.credentials.get`.
        operation: &'static str,
        /// HTTP status code of the response.
        status: u16,
        /// The `Content-Type` received, without its parameters (at most a few
        /// dozen characters).
        content_type: String,
        /// The start of the response body (at most a few hundred characters,
        /// secrets redacted).
        body_excerpt: String,
    },

    /// The client or the request was configured wrongly; the message says how
    /// to fix it. Nothing was sent.
    #[error("invalid {} client options: {message}", API_NAME)]
    #[non_exhaustive]
    InvalidOptions {
        /// What is wrong and what to do about it.
        message: String,
    },

    /// The operation needs credentials the client does not hold (its security
    /// requirements accept none of those given). Nothing was sent.
    #[error("{operation} needs {accepts}; the client holds none of these")]
    #[non_exhaustive]
    MissingCredentials {
        /// The operation, such as `acs.credentials.create`.
        operation: &'static str,
        /// Every way it accepts, in prose, with the builder methods and
        /// environment variables that give them.
        accepts: &'static str,
    },

    /// No access token could be had from the OAuth 2 token endpoint with the
    /// client id and secret (the endpoint refused them, failed, or answered
    /// something else than a bearer token). The operation was not sent.
    #[error("{operation}: no access token: {message}")]
    #[non_exhaustive]
    Token {
        /// The operation, such as `pets.list`.
        operation: &'static str,
        /// The token endpoint's status, when it answered.
        status: Option<u16>,
        /// What went wrong, with the endpoint's `error` and `error_description`.
        message: String,
    },

    /// A [`Hook`](crate::hooks::Hook) refused the request; nothing was sent.
    #[error("{operation}: a hook refused the request: {message}")]
    #[non_exhaustive]
    Hook {
        /// The operation, such as `acs.credentials.create`.
        operation: &'static str,
        /// What the hook said.
        message: String,
    },

    /// A paginated listing could not go on; the stream ends with this error.
    #[error("{operation}: {problem}")]
    #[non_exhaustive]
    Pagination {
        /// The operation, such as `acs.credentials.list`.
        operation: &'static str,
        /// What went wrong.
        problem: PaginationProblem,
    },

    /// An action the API performs in the background (unlocking a door, say)
    /// failed: its attempt's status is `error`.
    #[error("{operation}: action attempt {action_attempt_id} failed: {error_type}: {message}")]
    #[non_exhaustive]
    ActionAttemptFailed {
        /// The operation that started the action, such as `locks.unlock_door`.
        operation: &'static str,
        /// The attempt's id.
        action_attempt_id: String,
        /// The attempt's error type, such as `lock_offline`.
        error_type: String,
        /// The attempt's error message.
        message: String,
        /// The failed attempt as the API sent it (secrets redacted).
        attempt: Box<serde_json::Value>,
    },

    /// An action the API performs in the background was still pending when
    /// the wait for it ran out. It may still finish: read its attempt again.
    #[error("{operation}: action attempt {action_attempt_id} was still pending after {timeout:?}")]
    #[non_exhaustive]
    ActionAttemptTimeout {
        /// The operation that started the action.
        operation: &'static str,
        /// The attempt's id, to read it again later.
        action_attempt_id: String,
        /// How long the client waited.
        timeout: Duration,
        /// The pending attempt as last read (secrets redacted).
        attempt: Box<serde_json::Value>,
    },
}

/// An error object with a category, a finer code and the parameter at fault,
/// as [`Error::ApiObject`] carries it. Every field is as the API sent it, with
/// secrets redacted; a field it left out (or sent as something other than a
/// string) is `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErrorObject {
    /// The category (the object's `type`), such as `invalid_request_error`.
    pub error_type: String,
    /// The finer code, such as `resource_missing`.
    pub code: Option<String>,
    /// Why a card issuer declined a payment, for a card error.
    pub decline_code: Option<String>,
    /// Human-readable message from the API.
    pub message: Option<String>,
    /// The request parameter the error is about.
    pub param: Option<String>,
    /// Where the API documents this code.
    pub doc_url: Option<String>,
    /// Where the API's dashboard shows the failed request.
    pub request_log_url: Option<String>,
}

impl ErrorObject {
    /// `type`, or `type/code` when there is a code.
    fn label(&self) -> String {
        match &self.code {
            Some(code) => format!("{}/{code}", self.error_type),
            None => self.error_type.clone(),
        }
    }
}

/// RFC 9457 problem details, as [`Error::Problem`] carries them. Members of
/// the wrong JSON type are ignored, as the RFC asks; strings have secrets
/// redacted.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ProblemDetails {
    /// A URI reference that names the problem type; `about:blank` (the RFC's
    /// default) when the body gives none.
    pub problem_type: String,
    /// A short summary of the problem type.
    pub title: Option<String>,
    /// The status the server gave in the body (the response's own is the
    /// error's [`status`](Error::status)).
    pub status: Option<u16>,
    /// An explanation of this occurrence of the problem.
    pub detail: Option<String>,
    /// A URI reference that names this occurrence.
    pub instance: Option<String>,
    /// Every other member (secret-bearing fields redacted).
    pub extensions: serde_json::Map<String, serde_json::Value>,
}

impl Default for ProblemDetails {
    fn default() -> Self {
        ProblemDetails {
            problem_type: ABOUT_BLANK.to_owned(),
            title: None,
            status: None,
            detail: None,
            instance: None,
            extensions: serde_json::Map::new(),
        }
    }
}

/// The problem type of a problem that gives none (RFC 9457, section 3.1.1).
pub(crate) const ABOUT_BLANK: &str = "about:blank";

impl fmt::Display for ProblemDetails {
    /// `type: title: detail`, leaving out what the body did not give.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.problem_type)?;
        for part in [&self.title, &self.detail].into_iter().flatten() {
            write!(f, ": {part}")?;
        }
        Ok(())
    }
}

/// Why a paginated listing stopped early: see [`Error::Pagination`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PaginationProblem {
    /// The API returned a cursor it had already returned, so following it would
    /// loop forever.
    RepeatedCursor {
        /// The repeated cursor (its first 100 characters, for a longer one).
        cursor: String,
    },
    /// A page said more pages follow (`has_next_page: true`) but gave no
    /// cursor to fetch them: the listing would end incomplete.
    MissingCursor,
    /// The listing reached the client's `max_pages` (or the request's).
    TooManyPages {
        /// The limit that was reached.
        limit: u32,
    },
    /// This many pages in a row were empty although each said more follow.
    TooManyEmptyPages {
        /// The limit that was reached.
        limit: u32,
    },
    /// The next page's URL is not under the client's endpoint (another host,
    /// scheme, port or path), or not a URL: the client's credentials go to
    /// its endpoint only.
    UnfollowableUrl {
        /// The URL without its query (its first 200 characters).
        url: String,
    },
}

impl fmt::Display for PaginationProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PaginationProblem::RepeatedCursor { .. } => {
                f.write_str("pagination stopped because the API repeated a page cursor")
            }
            PaginationProblem::MissingCursor => f.write_str(
                "pagination stopped because a page said more follow but gave no next_page_cursor \
                 (the listing is incomplete)",
            ),
            PaginationProblem::TooManyPages { limit } => write!(
                f,
                "pagination stopped after {limit} pages (raise the limit with max_pages)"
            ),
            PaginationProblem::TooManyEmptyPages { limit } => write!(
                f,
                "pagination stopped after {limit} empty pages in a row that each said more follow \
                 (raise the limit with max_empty_pages)"
            ),
            PaginationProblem::UnfollowableUrl { url } => write!(
                f,
                "pagination stopped because the next page's URL ({url}) is not under the client's endpoint"
            ),
        }
    }
}

impl Error {
    /// The operation this error came from (`acs.credentials.get`), if it came
    /// from a call rather than from building a client.
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::Api { operation, .. }
            | Error::ApiObject { operation, .. }
            | Error::Problem { operation, .. }
            | Error::Unauthorized { operation, .. }
            | Error::InvalidInput { operation, .. }
            | Error::Http { operation, .. }
            | Error::Redirect { operation, .. }
            | Error::ResponseTooLarge { operation, .. }
            | Error::Timeout { operation, .. }
            | Error::Transport { operation, .. }
            | Error::Encode { operation, .. }
            | Error::Decode { operation, .. }
            | Error::UnexpectedContentType { operation, .. }
            | Error::Pagination { operation, .. }
            | Error::MissingCredentials { operation, .. }
            | Error::Hook { operation, .. }
            | Error::Token { operation, .. }
            | Error::ActionAttemptFailed { operation, .. }
            | Error::ActionAttemptTimeout { operation, .. } => Some(operation),
            Error::InvalidOptions { .. } => None,
        }
    }

    /// The HTTP status of the response this error came from, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. }
            | Error::ApiObject { status, .. }
            | Error::Problem { status, .. }
            | Error::InvalidInput { status, .. }
            | Error::Http { status, .. }
            | Error::Redirect { status, .. }
            | Error::ResponseTooLarge { status, .. }
            | Error::UnexpectedContentType { status, .. } => Some(*status),
            Error::Unauthorized { .. } => Some(401),
            Error::Transport { status, .. } => *status,
            _ => None,
        }
    }

    /// The API's error type (`unauthorized`, `invalid_input`, `acs_credential_not_found`, ...)
    /// for errors the API reported in its JSON format: for an
    /// [`Error::ApiObject`], its code, else its type; for an [`Error::Problem`],
    /// its problem type.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Api { code, .. } => Some(code),
            Error::ApiObject { object, .. } => {
                Some(object.code.as_deref().unwrap_or(&object.error_type))
            }
            Error::Problem { problem, .. } => Some(&problem.problem_type),
            Error::Unauthorized { .. } => Some("unauthorized"),
            Error::InvalidInput { .. } => Some("invalid_input"),
            _ => None,
        }
    }

    /// The request id of the response this error came from (the
    /// request id header, else the error body's `request_id`), if any.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api { request_id, .. }
            | Error::ApiObject { request_id, .. }
            | Error::Problem { request_id, .. }
            | Error::Unauthorized { request_id, .. }
            | Error::InvalidInput { request_id, .. }
            | Error::Http { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The `data` object of an [`Error::Api`] or [`Error::InvalidInput`], when
    /// the API sent one (secret-bearing fields redacted).
    pub fn data(&self) -> Option<&serde_json::Value> {
        match self {
            Error::Api { data, .. } | Error::InvalidInput { data, .. } => data.as_deref(),
            _ => None,
        }
    }

    /// The per-field messages of an [`Error::InvalidInput`].
    pub fn validation_errors(&self) -> Option<&ValidationErrors> {
        match self {
            Error::InvalidInput {
                validation_errors, ..
            } => Some(validation_errors),
            _ => None,
        }
    }

    /// The error body decoded as the type the operation declares for the
    /// status (an API without an error format of its own): `None` for other
    /// errors, or when the body does not fit the declared type.
    pub fn detail(&self) -> Option<&crate::models::ErrorBody> {
        match self {
            Error::Http { detail, .. } => detail.as_deref(),
            _ => None,
        }
    }

    /// How long the server asked callers to wait before trying again (its
    /// `Retry-After` header), when the error came with one. The client retries
    /// by itself when the wait is within its `retry_max_delay`; a longer wait
    /// is returned here instead of slept through, for the caller to decide.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Api { retry_after, .. }
            | Error::ApiObject { retry_after, .. }
            | Error::Problem { retry_after, .. }
            | Error::Http { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The error object of an [`Error::ApiObject`]: its type, code, message,
    /// parameter and links.
    pub fn error_object(&self) -> Option<&ErrorObject> {
        match self {
            Error::ApiObject { object, .. } => Some(object),
            _ => None,
        }
    }

    /// The problem details of an [`Error::Problem`].
    pub fn problem(&self) -> Option<&ProblemDetails> {
        match self {
            Error::Problem { problem, .. } => Some(problem),
            _ => None,
        }
    }
}

/// Per-parameter messages of an `invalid_input` error.
///
/// The API reports them as a tree (`{"user_id": {"_errors": ["Required"]}}`,
/// nested for object and array parameters); this type flattens it to dotted
/// paths such as `user_id` or `metadata.card_format`. Messages
/// about the request as a whole have the empty path `""`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValidationErrors {
    fields: BTreeMap<String, Vec<String>>,
}

impl ValidationErrors {
    /// Reads the API's `validation_errors` tree; anything unexpected in it is skipped.
    pub(crate) fn from_json(value: &serde_json::Value) -> Self {
        let mut errors = ValidationErrors::default();
        errors.collect(String::new(), value);
        errors
    }

    fn collect(&mut self, path: String, value: &serde_json::Value) {
        let Some(object) = value.as_object() else {
            return;
        };
        for (key, child) in object {
            if key == "_errors" {
                let messages: Vec<String> = child
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|m| m.as_str().map(str::to_owned))
                    .collect();
                if !messages.is_empty() {
                    self.fields
                        .entry(path.clone())
                        .or_default()
                        .extend(messages);
                }
            } else if path.is_empty() {
                self.collect(key.clone(), child);
            } else {
                self.collect(format!("{path}.{key}"), child);
            }
        }
    }

    /// The same paths with every message passed through `f`.
    pub(crate) fn map_messages(mut self, f: impl Fn(&str) -> String) -> Self {
        for messages in self.fields.values_mut() {
            for message in messages.iter_mut() {
                *message = f(message);
            }
        }
        self
    }

    /// The messages for one parameter, by dotted path; empty if it has none.
    ///
    /// ```
    /// # fn check(err: &api::Error) {
    /// if let Some(errors) = err.validation_errors() {
    ///     if errors.field("user_id").iter().any(|m| m == "Required") {
    ///         eprintln!("pass a user_id");
    ///     }
    /// }
    /// # }
    /// ```
    pub fn field(&self, path: &str) -> &[String] {
        self.fields.get(path).map_or(&[], Vec::as_slice)
    }

    /// Every parameter that has messages, with its messages, in path order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[String])> + '_ {
        self.fields.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// Whether the API gave no per-parameter messages.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }
}

impl fmt::Display for ValidationErrors {
    /// `user_id: Required; code: Invalid` (the request-wide path shows as `(request)`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (path, messages)) in self.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            let path = if path.is_empty() { "(request)" } else { path };
            write!(f, "{path}: {}", messages.join(", "))?;
        }
        Ok(())
    }
}

/// Formats ` (request id X)` when there is one, so messages stay short without it.
struct RequestIdSuffix<'a>(Option<&'a str>);

impl fmt::Display for RequestIdSuffix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(id) => write!(f, " (request id {id})"),
            None => Ok(()),
        }
    }
}

/// Formats `; the server asks to retry after 3600s` when it sent a Retry-After.
struct RetryAfterSuffix(Option<Duration>);

impl fmt::Display for RetryAfterSuffix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(wait) => write!(
                f,
                "; the server asks to retry after {}s",
                wait.as_secs_f64()
            ),
            None => Ok(()),
        }
    }
}

/// Formats `1 attempt` or `3 attempts`.
struct Attempts(u32);

impl fmt::Display for Attempts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            1 => f.write_str("1 attempt"),
            n => write!(f, "{n} attempts"),
        }
    }
}

/// Formats ` to LOCATION` when the redirect named one.
struct LocationSuffix<'a>(Option<&'a str>);

impl fmt::Display for LocationSuffix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(location) => write!(f, " to {location}"),
            None => f.write_str(" without a Location"),
        }
    }
}

/// Says whether the failure came before or after the response's headers.
struct TransportStage(Option<u16>);

impl fmt::Display for TransportStage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(status) => write!(
                f,
                "the body of the HTTP {status} response could not be read"
            ),
            None => write!(f, "no response from {API_NAME}"),
        }
    }
}

/// Formats ` [field: message; ...]` when the API listed offending fields.
struct ValidationSuffix<'a>(&'a ValidationErrors);

impl fmt::Display for ValidationSuffix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            Ok(())
        } else {
            write!(f, " [{}]", self.0)
        }
    }
}
