//! A decoded body with the HTTP response it came in: what a request
//! builder's `send_with_response` returns ([`HttpResponse`]), and the slot
//! ([`Capture`]) through which the transport hands the response's status and
//! headers to it, whatever the operation decodes.

use std::fmt;
use std::sync::{Arc, Mutex};

use reqwest::header::HeaderMap;

use crate::conventions::REQUEST_ID_HEADER;

/// A call's decoded result with the status, headers and request id of the
/// response it was read from (of the last response, for a call that waited
/// on an action or fetched several pages).
///
/// ```
/// fn show<T: std::fmt::Debug>(response: api::HttpResponse<T>) {
///     println!("{} {:?}", response.status(), response.request_id());
///     println!("{:?}", response.into_body());
/// }
/// ```
#[derive(Clone)]
pub struct HttpResponse<T> {
    status: u16,
    headers: HeaderMap,
    body: T,
}

impl<T> HttpResponse<T> {
    /// The same response with its body made into `U`.
    pub(crate) fn map<U>(self, into: impl FnOnce(T) -> U) -> HttpResponse<U> {
        HttpResponse {
            status: self.status,
            headers: self.headers,
            body: into(self.body),
        }
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The value of header `name` (any case), if it was sent once as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// Every header as sent, names in lowercase, values that are text.
    pub fn headers(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        (self.headers.iter())
            .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?)))
    }

    /// The request id the API gave the call: quote it to its support.
    pub fn request_id(&self) -> Option<&str> {
        self.header(REQUEST_ID_HEADER?)
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, leaving the rest.
    pub fn into_body(self) -> T {
        self.body
    }
}

/// Header names and the body only: a header's value may be a credential the
/// server set.
impl<T: fmt::Debug> fmt::Debug for HttpResponse<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.keys().map(|name| name.as_str()).collect();
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &names)
            .field("body", &self.body)
            .finish()
    }
}

/// Where the transport leaves the status and headers of each successful
/// response of a call that asked for them.
#[derive(Clone, Debug, Default)]
pub(crate) struct Capture(Arc<Mutex<Option<(u16, HeaderMap)>>>);

impl Capture {
    pub(crate) fn record(&self, status: u16, headers: &HeaderMap) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some((status, headers.clone()));
        }
    }

    /// `body` with the last response recorded; a call that returned without
    /// a response (none recorded) reads as status 0 and no headers.
    pub(crate) fn into_response<T>(self, body: T) -> HttpResponse<T> {
        let recorded = self.0.lock().ok().and_then(|mut slot| slot.take());
        let (status, headers) = recorded.unwrap_or_default();
        HttpResponse {
            status,
            headers,
            body,
        }
    }
}
