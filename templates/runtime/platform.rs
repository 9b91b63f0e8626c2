//! What differs between native targets and wasm32, where reqwest is a wrapper
//! of JavaScript's `fetch` (browsers, workers, Node): there
//! `std::time::Instant::now` and `SystemTime::now` panic, tokio has no timer
//! driver, a response has no `chunk`, and reqwest's futures are not `Send`
//! (they hold JavaScript values). Native builds use std and tokio as before.

use std::pin::Pin;

#[cfg(not(target_arch = "wasm32"))]
pub(crate) use std::time::Instant;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) use tokio::time::{sleep, timeout};

// `performance.now()` and `setTimeout`, with the APIs of std and tokio.
#[cfg(target_arch = "wasm32")]
pub(crate) use web_time::Instant;

/// `setTimeout`'s longest delay (2^31 - 1 ms, about 24.8 days). wasmtimer
/// fires at once past it, and panics on a deadline its clock cannot hold
/// (`Duration::MAX`), where tokio waits.
#[cfg(target_arch = "wasm32")]
const LONGEST: std::time::Duration = std::time::Duration::from_millis(i32::MAX as u64);

/// tokio's `sleep`, on `setTimeout`: a long wait in steps it can take.
#[cfg(target_arch = "wasm32")]
pub(crate) async fn sleep(mut duration: std::time::Duration) {
    while duration > LONGEST {
        wasmtimer::tokio::sleep(LONGEST).await;
        duration -= LONGEST;
    }
    wasmtimer::tokio::sleep(duration).await;
}

/// tokio's `timeout`, on `setTimeout`; a limit past `setTimeout`'s longest
/// delay is none (no call lasts that long).
#[cfg(target_arch = "wasm32")]
pub(crate) async fn timeout<F: std::future::Future>(
    duration: std::time::Duration,
    future: F,
) -> Result<F::Output, wasmtimer::tokio::error::Elapsed> {
    if duration > LONGEST {
        return Ok(future.await);
    }
    wasmtimer::tokio::timeout(duration, future).await
}

/// The wall clock (`Date.now()` on wasm).
pub(crate) fn now() -> std::time::SystemTime {
    #[cfg(not(target_arch = "wasm32"))]
    return std::time::SystemTime::now();
    #[cfg(target_arch = "wasm32")]
    return web_time::web::SystemTimeExt::to_std(web_time::SystemTime::now());
}

/// A boxed stream: `Send` where the HTTP client's futures are (not on wasm).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) type BoxStream<T> = Pin<Box<dyn futures_core::Stream<Item = T> + Send>>;
#[cfg(target_arch = "wasm32")]
pub(crate) type BoxStream<T> = Pin<Box<dyn futures_core::Stream<Item = T>>>;

/// `response`'s body, read as it arrives by `chunk()`: native reqwest's
/// `Response::chunk`, and on wasm (whose reqwest has only `bytes_stream`) a
/// reader with the same method. Dropping it stops the read (and the fetch).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn chunks(response: reqwest::Response) -> reqwest::Response {
    response
}

#[cfg(target_arch = "wasm32")]
pub(crate) fn chunks(response: reqwest::Response) -> Chunks {
    Chunks(Box::pin(response.bytes_stream()))
}

/// A response body read as it arrives (see [`chunks`]).
#[cfg(target_arch = "wasm32")]
pub(crate) struct Chunks(BoxStream<reqwest::Result<bytes::Bytes>>);

#[cfg(target_arch = "wasm32")]
impl Chunks {
    /// The next piece of the body; `None` at its end.
    pub(crate) async fn chunk(&mut self) -> reqwest::Result<Option<bytes::Bytes>> {
        futures_util::StreamExt::next(&mut self.0).await.transpose()
    }
}
