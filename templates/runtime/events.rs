//! Server-sent events: an operation whose success is `text/event-stream`
//! returns an [`EventStream`] of [`Event`]s, each with its `data` decoded as
//! the document declares (JSON into its type, or the text as it is), its name
//! and its id. The stream is parsed by the `sse-stream` crate as it arrives.
//!
//! Limits: an event may take at most the client's `max_response_bytes`
//! (counted from the end of the one before, so memory stays bounded however
//! long the stream runs), and the server may stay silent at most the client's
//! timeout between two chunks. The stream ends with `None` when the server
//! ends it; a connection broken, a silence too long or an event too large end
//! it with an error. Blocks without data (a `retry` or a comment alone) are
//! not events and are skipped.

use std::error::Error as StdError;
use std::fmt;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream;
use futures_util::StreamExt;

use crate::conventions::Client;
use crate::error::Error;
use crate::redact::Redactor;
use crate::request::Request;
use crate::transport::{Operation, RequestOptions, Success, CONTENT_TYPE_CHARS, EXCERPT_CHARS};

/// One event of a stream.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// Its name (the `event:` field); `None` for an unnamed one, which the
    /// protocol calls a `message`.
    pub event: Option<String>,
    /// Its id (the `id:` field), which a client resuming the stream sends back.
    pub id: Option<String>,
    /// How long the server asks a client to wait before reconnecting.
    pub retry: Option<Duration>,
    /// Its data, decoded.
    pub data: T,
}

/// Decodes one event's data (its `data:` lines joined by line feeds).
pub(crate) type DecodeData<T> = fn(&str) -> Result<T, serde_json::Error>;

/// Data declared as a string: the text as it is.
pub(crate) fn text(data: &str) -> Result<String, serde_json::Error> {
    Ok(data.to_owned())
}

/// Data declared as JSON of type `T`.
pub(crate) fn json<T: serde::de::DeserializeOwned>(data: &str) -> Result<T, serde_json::Error> {
    serde_json::from_str(data)
}

impl Client {
    /// Sends the request; returns the success's events as they arrive, each
    /// one's data decoded by `decode` (see `events`).
    pub(crate) async fn call_events<T>(
        &self,
        op: &'static Operation,
        mut request: Request,
        options: &RequestOptions,
        decode: DecodeData<T>,
    ) -> Result<EventStream<T>, Error> {
        request.stream = true;
        let success = self.send(op, request, options).await?;
        if let Some(content_type) = success.content_type.as_deref() {
            if content_type != "text/event-stream" {
                return Err(Error::UnexpectedContentType {
                    operation: op.name,
                    status: success.status,
                    content_type: content_type.chars().take(CONTENT_TYPE_CHARS).collect(),
                    body_excerpt: String::new(),
                });
            }
        }
        let silence = options.timeout.unwrap_or(self.inner.timeout);
        Ok(EventStream::new(
            op.name,
            success,
            decode,
            silence,
            self.inner.max_response_bytes,
        ))
    }
}

/// Why the bytes of a stream stopped, short of its end.
#[derive(Debug)]
enum Interrupted {
    Transport(reqwest::Error),
    Silent(Duration),
    TooLarge(u64),
}

impl fmt::Display for Interrupted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Interrupted::Transport(_) => f.write_str("the connection failed"),
            Interrupted::Silent(wait) => write!(f, "nothing arrived for {wait:?}"),
            Interrupted::TooLarge(limit) => write!(f, "an event is larger than {limit} bytes"),
        }
    }
}

impl StdError for Interrupted {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Interrupted::Transport(source) => Some(source),
            _ => None,
        }
    }
}

type Blocks = crate::platform::BoxStream<Result<sse_stream::Sse, sse_stream::Error>>;

/// The events of a `text/event-stream` response, as they arrive: read them
/// with [`next`](Self::next) or as a `futures` `Stream`.
pub struct EventStream<T> {
    operation: &'static str,
    status: u16,
    blocks: Blocks,
    decode: DecodeData<T>,
    /// Bytes read since the last event; the reader refuses more than the limit.
    since_event: Arc<AtomicU64>,
    redactor: Redactor,
    ended: bool,
}

impl<T> EventStream<T> {
    /// Reads `success`'s body as events: at most `limit` bytes for one, at most
    /// `silence` between two chunks.
    pub(crate) fn new(
        operation: &'static str,
        success: Success,
        decode: DecodeData<T>,
        silence: Duration,
        limit: u64,
    ) -> EventStream<T> {
        let Success {
            status,
            redactor,
            live,
            ..
        } = success;
        let since_event = Arc::new(AtomicU64::new(0));
        let counter = since_event.clone();
        let bytes =
            futures_util::stream::unfold(live.map(crate::platform::chunks), move |response| {
                let counter = counter.clone();
                async move {
                    let mut response = response?;
                    let next = match crate::platform::timeout(silence, response.chunk()).await {
                        Err(_) => Err(Interrupted::Silent(silence)),
                        Ok(Err(source)) => Err(Interrupted::Transport(source.without_url())),
                        Ok(Ok(None)) => return None,
                        Ok(Ok(Some(chunk))) => {
                            let read = chunk.len() as u64;
                            if counter.fetch_add(read, Ordering::Relaxed) + read > limit {
                                Err(Interrupted::TooLarge(limit))
                            } else {
                                Ok(chunk)
                            }
                        }
                    };
                    // After a failure the parser ends: nothing more is read.
                    let response = next.is_ok().then_some(response);
                    Some((next, response))
                }
            });
        EventStream {
            operation,
            status,
            blocks: Box::pin(sse_stream::SseByteStream::new(bytes)),
            decode,
            since_event,
            redactor,
            ended: false,
        }
    }

    /// The next event; `None` once the server has ended the stream (or after
    /// an error, which ends it).
    pub async fn next(&mut self) -> Option<Result<Event<T>, Error>> {
        std::future::poll_fn(|cx| self.poll_event(cx)).await
    }

    fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Event<T>, Error>>> {
        loop {
            if self.ended {
                return Poll::Ready(None);
            }
            let block = match self.blocks.poll_next_unpin(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => {
                    self.ended = true;
                    return Poll::Ready(None);
                }
                Poll::Ready(Some(Err(problem))) => {
                    self.ended = true;
                    return Poll::Ready(Some(Err(self.error(problem))));
                }
                Poll::Ready(Some(Ok(block))) => block,
            };
            self.since_event.store(0, Ordering::Relaxed);
            // A block without data is no event (a reconnection delay alone).
            let Some(data) = block.data else {
                continue;
            };
            let decoded = match (self.decode)(&data) {
                Ok(decoded) => decoded,
                Err(problem) => {
                    self.ended = true;
                    return Poll::Ready(Some(Err(Error::Decode {
                        operation: self.operation,
                        path: "data".to_owned(),
                        message: self.redactor.text(&problem.to_string()),
                        body_excerpt: self.redactor.excerpt(data.as_bytes(), EXCERPT_CHARS),
                    })));
                }
            };
            return Poll::Ready(Some(Ok(Event {
                event: block.event,
                id: block.id,
                retry: block.retry.map(Duration::from_millis),
                data: decoded,
            })));
        }
    }

    /// The error a stream ends with.
    fn error(&self, problem: sse_stream::Error) -> Error {
        let interrupted = match problem {
            sse_stream::Error::Body(source) => source.downcast::<Interrupted>().map(|i| *i),
            other => Err(Box::new(other) as Box<dyn StdError + Send + Sync>),
        };
        match interrupted {
            Ok(Interrupted::TooLarge(limit)) => Error::ResponseTooLarge {
                operation: self.operation,
                status: self.status,
                limit,
            },
            Ok(Interrupted::Silent(timeout)) => Error::Timeout {
                operation: self.operation,
                timeout,
                attempts: 1,
                elapsed: timeout,
            },
            Ok(Interrupted::Transport(source)) => Error::Transport {
                operation: self.operation,
                status: Some(self.status),
                source: source.into(),
            },
            // Text that is not UTF-8.
            Err(source) => Error::Transport {
                operation: self.operation,
                status: Some(self.status),
                source,
            },
        }
    }
}

impl<T> Stream for EventStream<T> {
    type Item = Result<Event<T>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_event(cx)
    }
}

// The decoder is a plain function and the blocks are boxed: nothing is pinned.
impl<T> Unpin for EventStream<T> {}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("ended", &self.ended)
            .finish_non_exhaustive()
    }
}
