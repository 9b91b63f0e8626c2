//! Observability, behind the crate's `tracing` feature: each call is a span
//! (`api_request`: operation, method, path template) and each attempt an
//! event (attempt number, outcome, status, request id, duration); a retry is
//! an event with its delay. Nothing else is recorded: no URL (a query string
//! may hold a credential), no header, no body, so never a secret. Without the
//! feature these are empty functions the compiler removes (except a
//! deprecation warning, which then goes to standard error).

use std::future::Future;
use std::time::Duration;

use crate::transport::Operation;

/// `future` inside the call's span.
#[cfg(feature = "tracing")]
pub(crate) fn instrument<F: Future>(
    op: &'static Operation,
    future: F,
) -> impl Future<Output = F::Output> {
    let span = tracing::info_span!(
        "api_request",
        operation = op.name,
        method = %op.method,
        path = op.path,
    );
    tracing::Instrument::instrument(future, span)
}

#[cfg(not(feature = "tracing"))]
pub(crate) fn instrument<F: Future>(_op: &'static Operation, future: F) -> F {
    future
}

/// One attempt's outcome: `response` (with its status), `timeout`,
/// `transport` or `too_large`.
#[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
pub(crate) fn attempt(
    attempt: u32,
    outcome: &'static str,
    status: Option<u16>,
    request_id: Option<&str>,
    elapsed: Duration,
) {
    #[cfg(feature = "tracing")]
    tracing::debug!(
        attempt,
        outcome,
        status,
        request_id,
        duration_ms = elapsed.as_millis() as u64,
        "attempt finished"
    );
}

/// A retry about to wait `delay`.
#[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
pub(crate) fn retry(attempt: u32, delay: Duration) {
    #[cfg(feature = "tracing")]
    tracing::info!(
        attempt,
        delay_ms = delay.as_millis() as u64,
        "retrying after a transient failure"
    );
}

/// An environment variable read under a deprecated name: a `tracing` warning
/// with the feature, else a line on standard error.
pub(crate) fn deprecated_env_var(name: &str, instead: &str) {
    #[cfg(feature = "tracing")]
    tracing::warn!(name, instead, "a deprecated environment variable was read");
    #[cfg(not(feature = "tracing"))]
    eprintln!("warning: {name} is deprecated; set {instead} instead");
}
