//! The crate's error type, [`Error`], and the per-field messages of an
//! `invalid_input` error, [`ValidationErrors`].
//!
//! Every fallible call in this crate returns [`Error`]. Its variants separate what
//! the caller can act on: the API refusing a request ([`Error::Api`],
//! [`Error::Unauthorized`], [`Error::InvalidInput`]), a response that is not the
//! API's error format ([`Error::Http`]), the network ([`Error::Timeout`],
//! [`Error::Transport`]), a response this client cannot decode ([`Error::Decode`])
//! and a misconfigured client ([`Error::InvalidOptions`]).
//!
//! No variant ever holds a token: credentials live only in request headers, which
//! errors never capture.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

/// An error from building a [`Seam`](crate::Seam) client or from calling the Seam API.
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
/// use seam::{Error, Seam};
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
/// match Seam::builder().api_key("not-a-seam-key").build() {
///     Err(Error::InvalidOptions { message }) => eprintln!("{message}"),
///     _ => unreachable!("the key has the wrong prefix"),
/// }
/// # describe(Ok(()));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error in its JSON format (`{"error": {"type", "message", ...}}`),
    /// other than the two below with their own variant. `*_not_found` errors (404) land here.
    #[error("Seam API error {status} {code}: {message}{}", RequestIdSuffix(request_id.as_deref()))]
    Api {
        /// HTTP status code of the response.
        status: u16,
        /// The error's `type`, such as `acs_credential_not_found`.
        code: String,
        /// Human-readable message from the API.
        message: String,
        /// The `seam-request-id` response header: quote it to Seam support.
        request_id: Option<String>,
        /// The error's `data` object, when the API sent one (boxed so that
        /// `Error` stays small; [`Error::data`] borrows it).
        data: Option<Box<serde_json::Value>>,
    },

    /// The API refused the credentials (HTTP 401).
    #[error("Seam API refused the credentials (401): {message}{}", RequestIdSuffix(request_id.as_deref()))]
    Unauthorized {
        /// Message from the API, or the start of the response body.
        message: String,
        /// The `seam-request-id` response header.
        request_id: Option<String>,
    },

    /// The API rejected the request's parameters (an `invalid_input` error, HTTP 400).
    #[error(
        "Seam API rejected the input: {message}{}{}",
        ValidationSuffix(validation_errors),
        RequestIdSuffix(request_id.as_deref())
    )]
    InvalidInput {
        /// Message from the API.
        message: String,
        /// Messages for each offending parameter.
        validation_errors: ValidationErrors,
        /// The `seam-request-id` response header.
        request_id: Option<String>,
    },

    /// An error status whose body is not the API's JSON error format, such as a
    /// plain-text 404 from a proxy or an `Invalid JSON` answer.
    #[error("HTTP {status} from Seam: {body:?}{}", RequestIdSuffix(request_id.as_deref()))]
    Http {
        /// HTTP status code of the response.
        status: u16,
        /// The start of the response body (at most a few hundred characters).
        body: String,
        /// The `seam-request-id` response header, if any.
        request_id: Option<String>,
    },

    /// An attempt got no complete response within the timeout (after any retries).
    #[error("{operation} timed out after {timeout:?}")]
    Timeout {
        /// The operation, such as `acs.credentials.get`.
        operation: &'static str,
        /// The per-attempt timeout that elapsed.
        timeout: Duration,
    },

    /// The request could not be sent or its response not read: DNS, connection,
    /// TLS or I/O failure (after any retries).
    #[error("{operation} failed: no response from Seam")]
    Transport {
        /// The operation, such as `acs.credentials.get`.
        operation: &'static str,
        /// The underlying HTTP client error.
        #[source]
        source: reqwest::Error,
    },

    /// The request body could not be serialized as JSON.
    #[error("{operation}: could not encode the request as JSON")]
    Encode {
        /// The operation, such as `acs.credentials.create`.
        operation: &'static str,
        /// The serialization error.
        #[source]
        source: serde_json::Error,
    },

    /// A successful response did not have the expected shape.
    #[error("{operation}: could not decode the response at `{path}`: {message} (body starts: {body_excerpt:?})")]
    Decode {
        /// The operation, such as `acs.credentials.get`.
        operation: &'static str,
        /// JSON path of the value that failed, starting at the response key
        /// (for example `acs_credential.created_at`), or `.` for the whole body.
        path: String,
        /// What was wrong with it.
        message: String,
        /// The start of the response body (at most a few hundred characters).
        body_excerpt: String,
    },

    /// The client was configured wrongly; the message says how to fix it.
    #[error("invalid Seam client options: {message}")]
    InvalidOptions {
        /// What is wrong and what to do about it.
        message: String,
    },

    /// A paginated listing returned a cursor it had already returned, so
    /// following it would loop forever. The listing stops with this error.
    #[error("{operation}: pagination stopped because the API repeated a page cursor")]
    PaginationLoop {
        /// The operation, such as `acs.credentials.list`.
        operation: &'static str,
        /// The repeated cursor.
        cursor: String,
    },
}

impl Error {
    /// The HTTP status of the response this error came from, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } | Error::Http { status, .. } => Some(*status),
            Error::Unauthorized { .. } => Some(401),
            Error::InvalidInput { .. } => Some(400),
            _ => None,
        }
    }

    /// The API's error type (`unauthorized`, `invalid_input`, `acs_credential_not_found`, ...)
    /// for errors the API reported in its JSON format.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Api { code, .. } => Some(code),
            Error::Unauthorized { .. } => Some("unauthorized"),
            Error::InvalidInput { .. } => Some("invalid_input"),
            _ => None,
        }
    }

    /// The `seam-request-id` header of the response this error came from, if any.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api { request_id, .. }
            | Error::Unauthorized { request_id, .. }
            | Error::InvalidInput { request_id, .. }
            | Error::Http { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The `data` object of an [`Error::Api`], when the API sent one.
    pub fn data(&self) -> Option<&serde_json::Value> {
        match self {
            Error::Api { data, .. } => data.as_deref(),
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
}

/// Per-parameter messages of an `invalid_input` error.
///
/// The API reports them as a tree (`{"acs_user_id": {"_errors": ["Required"]}}`,
/// nested for object and array parameters); this type flattens it to dotted
/// paths such as `acs_user_id` or `visionline_metadata.card_format`. Messages
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

    /// The messages for one parameter, by dotted path; empty if it has none.
    ///
    /// ```
    /// # fn check(err: &seam::Error) {
    /// if let Some(errors) = err.validation_errors() {
    ///     if errors.field("acs_user_id").iter().any(|m| m == "Required") {
    ///         eprintln!("pass an acs_user_id");
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
    /// `acs_user_id: Required; code: Invalid` (the request-wide path shows as `(request)`).
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
