//! The generated `seam` client on the wire, against mock Seam APIs on
//! 127.0.0.1: every operation's request and response, the seeds' examples,
//! unknown values, errors, retries, pagination, configuration and redaction,
//! through the async client and the blocking one;
//! and webhooks signed by Seam's JavaScript side, verified by the client, and
//! by Stripe's Node.js SDK, verified by a client of the same scheme.

mod blocking;
mod config;
mod errors;
mod generic;
mod generic_accept;
mod generic_bodies;
mod generic_encodings;
mod generic_http;
mod generic_pages_numbered;
mod generic_pagination;
mod hooks;
mod idempotency;
mod models;
mod oauth;
mod operations;
mod pagination;
mod problem_details;
mod request_options;
mod retries;
mod sdk_parity;
mod security;
mod seeds;
mod support;

#[path = "../common/mock_seam.rs"]
mod mock_seam;
#[path = "../common/seam_values.rs"]
mod seam_values;
mod tracing;
mod webhooks;
mod webhooks_timestamped;

#[path = "../node/sdk_parity.rs"]
mod js_sdk;
#[path = "../node/webhook_sign.rs"]
mod js_webhook;
