//! How a resource handle or request builder is sent, as its type parameter:
//! [`Async`], the default, whose `send` is awaited, or `Blocking` (with the
//! `blocking` feature), whose `send` waits on the calling thread. Both are
//! types without values: they only choose which `send` a builder has.

/// Handles and builders of the async client: `send().await`.
#[derive(Debug, Clone, Copy)]
pub enum Async {}

/// Handles and builders of the blocking client (`blocking::` client type):
/// `send()` returns once the response is read.
#[cfg(feature = "blocking")]
#[derive(Debug, Clone, Copy)]
pub enum Blocking {}
