//! The blocking client: the same handles, builders, retries, limits, errors
//! and redaction as the async one, without `async`. `send()` returns once the
//! response is read, and listings are [`Iterator`]s.
//!
//! ```no_run
//! # fn main() -> Result<(), api::Error> {
//! let client = api::blocking::Client::from_env()?;
//! # let _ = client;
//! # Ok(())
//! # }
//! ```
//!
//! Each client runs the async client on a single-threaded tokio runtime of
//! its own, started when it is built and shut down once the client, its
//! clones and every handle, builder and iterator made from them are dropped,
//! so a program needs no runtime of its own. Its clones share that runtime
//! and one connection pool, and may be used from several threads at once.
//! Like reqwest's blocking client, it must not be called inside async code
//! (tokio panics there, as the call would block a thread that runs tasks):
//! use the async client there, or call it inside
//! `tokio::task::spawn_blocking`. A [hook](crate::hooks::Hook) runs inside a
//! call, so it must not call a blocking client either.
//!
//! Not here: the other ways to build a client (without the context header,
//! by exchanging a key) and replacing a running client's token are the async
//! client's only.

// The client comes in by a glob, which any name of this module would shadow:
// the names here are few, and reserved (`names::reserved`).
pub use crate::conventions::blocking::*;
use crate::conventions::Client;
use crate::error::Error;

/// The runtime a blocking client's calls run on, shut down without waiting
/// when its last clone is dropped: its only tasks are idle connections, and
/// so a client may be dropped anywhere, in async code too.
pub(crate) struct Runtime(Option<tokio::runtime::Runtime>);

impl Runtime {
    pub(crate) fn start() -> std::io::Result<Self> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        Ok(Runtime(Some(runtime)))
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

/// Runs `future` to its end on the runtime of the blocking client that
/// `client` belongs to.
pub(crate) fn wait<T>(client: &Client, future: impl std::future::Future<Output = T>) -> T {
    let runtime = (client.inner.runtime.get()).and_then(|runtime| runtime.0.as_ref());
    let runtime =
        runtime.expect("blocking handles and builders are made only by a blocking client");
    runtime.block_on(future)
}

/// A listing (or a stream of events) read one item at a time, each read
/// waiting for what it needs: an [`Iterator`] over the async client's
/// stream, which yields what that stream yields (an item that does not
/// decode is an error in its place; an error that ends the listing is its
/// last item).
#[must_use = "a listing fetches nothing until it is iterated"]
pub struct Iter<S> {
    // Dropped before the client, which may hold the last runtime.
    stream: S,
    client: Client,
    ended: bool,
}

/// Every page of a listing, fetched as it is asked for.
pub type Pages<T> = Iter<crate::Pages<T>>;

/// Every item of every page of a listing, in order.
pub type Items<T> = Iter<crate::Items<T>>;

impl<S> Iter<S> {
    pub(crate) fn new(client: &Client, stream: S) -> Self {
        Iter {
            stream,
            client: client.clone(),
            ended: false,
        }
    }
}

impl<S, T> Iterator for Iter<S>
where
    S: futures_core::Stream<Item = Result<T, Error>> + Unpin,
{
    type Item = Result<T, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.ended {
            return None;
        }
        let stream = &mut self.stream;
        let next = std::future::poll_fn(|cx| std::pin::Pin::new(&mut *stream).poll_next(cx));
        let item = wait(&self.client, next);
        // A stream may not be polled once it has ended.
        self.ended = item.is_none();
        item
    }
}

impl<S> std::fmt::Debug for Iter<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Iter")
            .field("ended", &self.ended)
            .finish_non_exhaustive()
    }
}
