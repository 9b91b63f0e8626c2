//! How the generated crate verifies webhooks: the event schema `verify`
//! returns, and the scheme (as a named strategy) the API signs them by.

use serde::{Deserialize, Serialize};

/// Webhooks the crate verifies: a `WebhookVerifier` behind the `webhooks`
/// cargo feature, checking signatures the way `scheme` says the API makes them.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Webhooks {
    /// The component schema of what every webhook carries: `verify` returns
    /// its model. A spec without that schema gets a `verify` that returns JSON
    /// (and `verify_as` for a type of the caller's choosing).
    pub event_schema: String,
    /// Where the API documents its webhooks, for the verifier's docs.
    #[serde(default)]
    pub docs_url: Option<String>,
    /// A made-up secret for doc examples, in the form the scheme takes.
    pub example_secret: String,
    /// How the API signs them.
    pub scheme: WebhookScheme,
}

/// How an API signs the webhooks it sends: every signature is an HMAC-SHA256
/// keyed with the endpoint's secret, compared in constant time. Header names
/// and tolerances are the API's, so they are settings here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "strategy", rename_all = "snake_case", deny_unknown_fields)]
pub enum WebhookScheme {
    /// Standard Webhooks (as Svix signs them): an id, a timestamp and a
    /// signature header; the signature header holds `v1,<base64>` entries,
    /// each an HMAC of `{id}.{timestamp}.{payload}`, keyed with the base64 key
    /// that follows `secret_prefix` in the secret.
    Standard {
        /// The names each header may come under, read in this order; the
        /// last is the one errors name.
        id_headers: Vec<String>,
        timestamp_headers: Vec<String>,
        signature_headers: Vec<String>,
        /// How a secret starts; the base64 key follows (the prefix may be
        /// left out).
        secret_prefix: String,
        /// How far (seconds) a timestamp may be from the clock, either way,
        /// unless the caller sets another tolerance.
        tolerance_seconds: u64,
    },
    /// One header of comma-separated `key=value` entries: the timestamp
    /// under `timestamp_key`, and hex HMACs of `{timestamp}.{payload}` under
    /// `signature_key` (any may match), keyed with the secret's bytes as
    /// they are.
    TimestampedHmac {
        header: String,
        timestamp_key: String,
        signature_key: String,
        tolerance_seconds: u64,
    },
    /// One header: `prefix` and the hex HMAC of the payload alone, keyed
    /// with the secret's bytes as they are. Nothing dates it, so nothing
    /// stops a captured webhook from being replayed.
    BodyHmac { header: String, prefix: String },
}

impl WebhookScheme {
    /// What makes the scheme unusable (a header without a name), if anything.
    pub fn problem(&self) -> Option<&'static str> {
        let lists_empty = match self {
            WebhookScheme::Standard {
                id_headers,
                timestamp_headers,
                signature_headers,
                ..
            } => [id_headers, timestamp_headers, signature_headers]
                .iter()
                .any(|names| names.is_empty()),
            WebhookScheme::TimestampedHmac {
                timestamp_key,
                signature_key,
                ..
            } => {
                timestamp_key.is_empty()
                    || signature_key.is_empty()
                    || timestamp_key == signature_key
            }
            WebhookScheme::BodyHmac { .. } => false,
        };
        if lists_empty {
            return Some("every header needs a name, and each key its own name");
        }
        if self
            .header_names()
            .iter()
            .any(|name| name.trim().is_empty())
        {
            return Some("a header name is empty");
        }
        None
    }

    /// Every header name the scheme reads.
    pub fn header_names(&self) -> Vec<&str> {
        match self {
            WebhookScheme::Standard {
                id_headers,
                timestamp_headers,
                signature_headers,
                ..
            } => id_headers
                .iter()
                .chain(timestamp_headers)
                .chain(signature_headers)
                .map(String::as_str)
                .collect(),
            WebhookScheme::TimestampedHmac { header, .. }
            | WebhookScheme::BodyHmac { header, .. } => {
                vec![header.as_str()]
            }
        }
    }
}
