//! Sending requests: an operation's method to `endpoint + path` with its query
//! string, the client's headers and the operation's own, and its JSON body if
//! it has one (see `request`); a timeout per attempt, and the retries `retry`
//! decides. A successful response is handed to `reply` to be unwrapped and
//! decoded; an error response becomes an [`Error`] variant there.
//!
//! Limits: a successful response's body is read chunk by chunk up to the
//! client's `max_response_bytes`, and refused ([`Error::ResponseTooLarge`]) as
//! soon as it, or its `Content-Length`, goes past it; of an error response's
//! body only the first [`ERROR_BODY_LIMIT`] bytes are read.
//! Redirects are never followed (the client is built without a redirect
//! policy): a 3xx is [`Error::Redirect`]. On wasm32, `fetch` follows them.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, LOCATION};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::auth::{Auth, Held};
use crate::conventions::Client;
use crate::conventions::{REQUEST_ID_HEADER, SUCCESS_FIELD};
use crate::error::Error;
use crate::hooks::{Exchange, Hook, Outcome, OutgoingRequest};
use crate::oauth::TokenSource;
pub(crate) use crate::options::RequestOptions;
use crate::platform::Instant;
use crate::redact::Redactor;
pub(crate) use crate::reply::Envelope;
use crate::reply::{error_from_response, media_type_essence};
use crate::request::{Params, Problem, Request};
use crate::retry::{is_retry_status, is_transient, retry_after};

/// How many characters of a response body errors quote.
pub(crate) const EXCERPT_CHARS: usize = 300;

/// How many characters of a redirect's `Location` errors quote.
pub(crate) const LOCATION_CHARS: usize = 300;

/// How many characters of a response's `Content-Type` errors quote.
pub(crate) const CONTENT_TYPE_CHARS: usize = 60;

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

/// A complete HTTP response, read within one attempt's timeout and size limit.
pub(crate) struct RawResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
    /// A streamed success, its body not read (see `events`).
    pub(crate) live: Option<reqwest::Response>,
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
    /// A hook refused the request before it was sent.
    Hook {
        message: String,
    },
}

/// What an attempt authenticates with: the client's headers, the credentials
/// the operation takes, and the tokens fetched for this attempt.
struct SentWith<'a> {
    auth: &'a Auth,
    credentials: &'a [&'a Held],
    tokens: &'a [(&'a Arc<TokenSource>, String)],
}

/// The body of a successful response, with what it takes to quote it safely.
pub(crate) struct Success {
    pub(crate) status: u16,
    /// The `Content-Type` received, without its parameters, in lowercase.
    pub(crate) content_type: Option<String>,
    /// The response's headers, for what a list's pages read from them.
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
    pub(crate) redactor: Redactor,
    /// A streamed success, its body not read: `body` is empty.
    pub(crate) live: Option<reqwest::Response>,
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
        let mut redactor = auth.redactor.with(request.secrets.clone());
        let mut max_retries = if op.retry_safe || keyed {
            options.max_retries.unwrap_or(inner.max_retries)
        } else {
            0
        };

        let started = Instant::now();
        let mut attempts: u32 = 0;
        // OAuth 2 client credentials: the tokens sent so far (hidden from
        // errors), and whether a refused one was replaced (once per call).
        let mut tokens_seen: Vec<String> = Vec::new();
        let mut token_replaced = false;
        loop {
            attempts += 1;
            let mut tokens: Vec<(&Arc<TokenSource>, String)> = Vec::new();
            for source in credentials.iter().filter_map(|held| held.oauth.as_ref()) {
                let token = source.token(inner, op.name, &redactor).await?;
                if !tokens_seen.contains(&token) {
                    tokens_seen.push(token.clone());
                    redactor = redactor.with(vec![token.clone()]);
                }
                tokens.push((source, token));
            }
            let sent_with = SentWith {
                auth: &auth,
                credentials: &credentials,
                tokens: &tokens,
            };
            let attempt_started = Instant::now();
            let outcome = self
                .attempt(&request, &sent_with, op, timeout, attempts)
                .await;
            let elapsed = attempt_started.elapsed();
            trace_attempt(attempts, &outcome, elapsed);
            after_hooks(&inner.hooks, op, attempts, elapsed, &outcome);
            // A fetched token refused with 401 (revoked, or expired early):
            // the request was not processed, so it goes once more with a new
            // token, beside the retries it is allowed.
            let refused =
                matches!(&outcome, Ok(response) if response.status == StatusCode::UNAUTHORIZED);
            if refused && !tokens.is_empty() && !token_replaced {
                token_replaced = true;
                for (source, token) in &tokens {
                    source.refused(token).await;
                }
                max_retries += 1;
                continue;
            }
            let (retryable, retry_after) = match &outcome {
                Ok(response) => (
                    is_retry_status(response.status)
                        || (keyed && response.status == StatusCode::CONFLICT),
                    retry_after(&response.headers),
                ),
                Err(Failure::Timeout) => (true, None),
                Err(Failure::Transport { source, .. }) => (is_transient(source), None),
                Err(Failure::TooLarge { .. } | Failure::Hook { .. }) => (false, None),
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
                crate::platform::sleep(delay).await;
                continue;
            }
            return match outcome {
                Ok(response) if response.status.is_success() => Ok(Success {
                    status: response.status.as_u16(),
                    content_type: media_type_essence(&response.headers),
                    headers: response.headers,
                    body: response.body,
                    redactor,
                    live: response.live,
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
                Err(Failure::Hook { message }) => Err(Error::Hook {
                    operation: op.name,
                    message,
                }),
            };
        }
    }

    /// One request and its whole response body, within `timeout` and the size
    /// limit for its status. Redirects are answered without reading the body.
    async fn attempt(
        &self,
        wire: &Request,
        sent_with: &SentWith<'_>,
        op: &'static Operation,
        timeout: Duration,
        attempt: u32,
    ) -> Result<RawResponse, Failure> {
        let &SentWith {
            auth,
            credentials,
            tokens,
        } = sent_with;
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
        for (_, token) in tokens {
            request = request.bearer_auth(token);
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
        let mut request = request.build().map_err(|source| transport(None, source))?;
        for hook in &inner.hooks {
            let mut outgoing = OutgoingRequest {
                operation: op.name,
                attempt,
                request: &mut request,
            };
            hook.before_request(&mut outgoing)
                .map_err(|message| Failure::Hook { message })?;
        }
        let exchange = async {
            let mut response = inner
                .http
                .execute(request)
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
                    live: None,
                });
            }
            // A stream of events is read as it arrives, after this attempt.
            if status.is_success() && wire.stream {
                return Ok(RawResponse {
                    status,
                    headers,
                    body: Vec::new(),
                    live: Some(response),
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
            let mut response = crate::platform::chunks(response);
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
                live: None,
            })
        };
        match crate::platform::timeout(timeout, exchange).await {
            Ok(Err(Failure::Transport { source, .. })) if source.is_timeout() => {
                Err(Failure::Timeout)
            }
            Ok(result) => result,
            Err(_) => Err(Failure::Timeout),
        }
    }
}

/// Shows an attempt's outcome to the caller's hooks (none for a request a
/// hook refused: it was never sent).
fn after_hooks(
    hooks: &[Arc<dyn Hook>],
    op: &'static Operation,
    attempt: u32,
    elapsed: Duration,
    outcome: &Result<RawResponse, Failure>,
) {
    let outcome = match outcome {
        Ok(response) => Outcome::Response {
            status: response.status.as_u16(),
            headers: &response.headers,
        },
        Err(Failure::Timeout) => Outcome::Timeout,
        Err(Failure::Transport { .. } | Failure::TooLarge { .. }) => Outcome::Failed,
        Err(Failure::Hook { .. }) => return,
    };
    let exchange = Exchange {
        operation: op.name,
        attempt,
        elapsed,
        outcome,
    };
    for hook in hooks {
        hook.after_response(&exchange);
    }
}

/// Records an attempt's outcome (see `trace`).
fn trace_attempt(attempt: u32, outcome: &Result<RawResponse, Failure>, elapsed: Duration) {
    let (kind, status) = match outcome {
        Ok(response) => ("response", Some(response.status.as_u16())),
        Err(Failure::Timeout) => ("timeout", None),
        Err(Failure::Transport { status, .. }) => ("transport", status.map(|s| s.as_u16())),
        Err(Failure::TooLarge { status, .. }) => ("too_large", Some(status.as_u16())),
        Err(Failure::Hook { .. }) => ("hook", None),
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
