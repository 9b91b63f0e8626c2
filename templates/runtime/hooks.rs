//! The caller's own code around each attempt: a [`Hook`] added with the
//! builder's `hook(..)` sees every request just before it is sent (and may add
//! or change its headers: to sign it, say) and every attempt's outcome (to
//! record metrics). Hooks run on every attempt, retries included, in the order
//! they were added.
//!
//! A small trait of the crate's own rather than `tower` layers or
//! `reqwest-middleware`: it needs no extra dependency or boxed future, it
//! keeps reqwest out of the hook's signature but for its `HeaderMap` and
//! `Method` (which the `http` crate defines), and the client's own retries,
//! timeouts and limits stay outside the user's code, which only sees a
//! request as it leaves and a response as it arrives.
//!
//! What a hook is given holds the request's credentials (a signature needs
//! them): their `Debug` output hides every header's value and the URL's query.

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::Method;

use crate::redact::url_for_display;

/// Code of your own that runs around each attempt of every call.
///
/// Both methods have empty defaults: implement the one you need. A hook must
/// be quick and must not block: it runs on the task that sends the request.
///
/// ```no_run
/// use api::hooks::{Exchange, Hook, OutgoingRequest};
///
/// /// Adds a header to every request and counts the responses by status.
/// struct Tagging;
///
/// impl Hook for Tagging {
///     fn before_request(&self, request: &mut OutgoingRequest<'_>) -> Result<(), String> {
///         request
///             .headers_mut()
///             .insert("x-team", "payments".parse().map_err(|_| "bad header")?);
///         Ok(())
///     }
///
///     fn after_response(&self, exchange: &Exchange<'_>) {
///         println!("{} -> {:?}", exchange.operation(), exchange.status());
///     }
/// }
///
/// # fn main() -> Result<(), api::Error> {
/// let client = api::Client::builder().hook(Tagging).build()?;
/// # let _ = client;
/// # Ok(())
/// # }
/// ```
pub trait Hook: Send + Sync + 'static {
    /// Called with each attempt's request, after the client has set its
    /// headers and credentials and just before it is sent. An `Err` stops the
    /// call: it fails with [`Error::Hook`](crate::Error::Hook) carrying the
    /// message (which must not hold a secret), and nothing is sent.
    fn before_request(&self, request: &mut OutgoingRequest<'_>) -> Result<(), String> {
        let _ = request;
        Ok(())
    }

    /// Called with each attempt's outcome: a response (its status and
    /// headers, before its body is decoded), a timeout or a failed connection.
    fn after_response(&self, exchange: &Exchange<'_>) {
        let _ = exchange;
    }
}

/// One attempt's request as it is about to leave.
pub struct OutgoingRequest<'a> {
    pub(crate) operation: &'static str,
    pub(crate) attempt: u32,
    pub(crate) request: &'a mut reqwest::Request,
}

impl OutgoingRequest<'_> {
    /// The operation's dotted name, such as `acs.credentials.create`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// Which attempt this is: 1, then 2 for the first retry, and so on.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        self.request.method()
    }

    /// The full URL, query string included (where an API key may travel).
    pub fn url(&self) -> &str {
        self.request.url().as_str()
    }

    /// The headers as they will be sent: the client's, the credentials' and
    /// the request's own.
    pub fn headers(&self) -> &HeaderMap {
        self.request.headers()
    }

    /// The headers, to add or change one; the client's own may be replaced too.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        self.request.headers_mut()
    }

    /// The body as it is sent; `None` without one, or for a multipart body,
    /// which is streamed.
    pub fn body(&self) -> Option<&[u8]> {
        self.request.body().and_then(reqwest::Body::as_bytes)
    }
}

impl fmt::Debug for OutgoingRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<&str> = self.headers().keys().map(|name| name.as_str()).collect();
        // Without the query, where an API key may travel.
        let mut url = self.request.url().clone();
        url.set_query(None);
        f.debug_struct("OutgoingRequest")
            .field("operation", &self.operation)
            .field("attempt", &self.attempt)
            .field("method", self.method())
            .field("url", &url_for_display(url.as_str()))
            .field("headers", &headers)
            .field("body_bytes", &self.body().map(<[u8]>::len))
            .finish()
    }
}

/// How one attempt ended, as a hook sees it.
pub struct Exchange<'a> {
    pub(crate) operation: &'static str,
    pub(crate) attempt: u32,
    pub(crate) elapsed: Duration,
    pub(crate) outcome: Outcome<'a>,
}

/// What an attempt got.
pub(crate) enum Outcome<'a> {
    Response {
        status: u16,
        headers: &'a HeaderMap,
    },
    Timeout,
    /// No response, or a body cut off or over the size limit.
    Failed,
}

impl Exchange<'_> {
    /// The operation's dotted name, such as `acs.credentials.create`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// Which attempt this was: 1, then 2 for the first retry, and so on.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// From sending the request to the end of the response's body (or the failure).
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// The response's status; `None` when none arrived.
    pub fn status(&self) -> Option<u16> {
        match self.outcome {
            Outcome::Response { status, .. } => Some(status),
            Outcome::Timeout | Outcome::Failed => None,
        }
    }

    /// The response's headers; `None` when no response arrived.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self.outcome {
            Outcome::Response { headers, .. } => Some(headers),
            Outcome::Timeout | Outcome::Failed => None,
        }
    }

    /// Whether the attempt ran out of time.
    pub fn timed_out(&self) -> bool {
        matches!(self.outcome, Outcome::Timeout)
    }
}

impl fmt::Debug for Exchange<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Exchange")
            .field("operation", &self.operation)
            .field("attempt", &self.attempt)
            .field("elapsed", &self.elapsed)
            .field("status", &self.status())
            .field("timed_out", &self.timed_out())
            .finish()
    }
}
