//! The one list of field names whose values are secrets (PIN codes, tokens,
//! passwords, webhook secrets). A field is sensitive when its name is listed
//! here or its schema says `format: password`; sensitive fields print as
//! `<redacted>` in the generated models' `Debug`, and the generated runtime
//! hides their values in any response text an error quotes.

/// Field names (as on the wire) that hold secrets in Seam's API and in APIs
/// like it. Exact names: a pattern would catch `token_count` or `secret_santa`.
pub const SENSITIVE_FIELD_NAMES: &[&str] = &[
    "access_token",
    "api_key",
    "client_secret",
    "client_session_token",
    "code",
    "passcode",
    "password",
    "pin",
    "pin_code",
    "private_key",
    "refresh_token",
    "secret",
    "token",
    "webhook_secret",
];

/// Whether a field of this wire name holds a secret by name alone.
pub fn is_sensitive_name(wire_name: &str) -> bool {
    SENSITIVE_FIELD_NAMES.contains(&wire_name)
}
