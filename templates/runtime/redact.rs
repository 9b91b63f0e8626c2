//! Keeping secrets out of `Debug` output and error text.
//!
//! Two sources of secrets, one mechanism: the fields whose names are in
//! [`SENSITIVE_FIELDS`] (from the generator's one list plus every property the
//! spec marks `format: password`), and the values a client knows are secret (its
//! own token, and the sensitive values of the request being sent, such as a PIN
//! code). Models print sensitive fields as `<redacted>`; error text quoting a
//! response (excerpts, messages, `data`, a redirect's Location) has both kinds
//! replaced before it is stored in an [`Error`](crate::Error).

use std::fmt;
use std::sync::Arc;

use serde_json::Value;

use crate::conventions::SENSITIVE_FIELDS;

/// What a secret is replaced with.
pub(crate) const REDACTED: &str = "<redacted>";

/// Secret values shorter than this are not searched for in text: replacing
/// every `1` of a message because a PIN was `1` would garble it and hide nothing.
const MIN_SECRET_LEN: usize = 4;

/// How much of a body is redacted before an excerpt is cut from it: more than
/// the excerpt, so that a secret crossing the cut is recognised whole.
const REDACT_WINDOW: usize = 16 * 1024;

/// `Debug` shows `<redacted>` instead of the value.
pub(crate) struct Redacted<'a, T: ?Sized>(pub(crate) &'a T);

impl<T: ?Sized> fmt::Debug for Redacted<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// Whether a field of this name holds a secret.
pub(crate) fn is_sensitive(name: &str) -> bool {
    SENSITIVE_FIELDS.contains(&name)
}

/// Hides secrets in text: known secret values wherever they appear, and the
/// values of sensitive fields in JSON (or JSON-like, or cut-off JSON) text.
#[derive(Clone, Default)]
pub(crate) struct Redactor {
    secrets: Arc<[String]>,
}

impl Redactor {
    /// A redactor for these secret values (the short ones are ignored).
    pub(crate) fn new(secrets: Vec<String>) -> Self {
        let mut secrets: Vec<String> = secrets
            .into_iter()
            .filter(|s| s.len() >= MIN_SECRET_LEN)
            .collect();
        // Longest first, so that a secret containing another is replaced whole.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        secrets.dedup();
        Redactor {
            secrets: secrets.into(),
        }
    }

    /// This redactor's secrets plus `more`.
    pub(crate) fn with(&self, more: Vec<String>) -> Self {
        if more.is_empty() {
            return self.clone();
        }
        Redactor::new(self.secrets.iter().cloned().chain(more).collect())
    }

    /// `text` with every secret hidden.
    pub(crate) fn text(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for secret in self.secrets.iter() {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), REDACTED);
            }
        }
        redact_fields(&out)
    }

    /// The start of `body`, at most `max_chars` characters, secrets hidden.
    pub(crate) fn excerpt(&self, body: &[u8], max_chars: usize) -> String {
        let window = &body[..body.len().min(REDACT_WINDOW)];
        let text = self.text(&String::from_utf8_lossy(window));
        match text.char_indices().nth(max_chars) {
            Some((end, _)) => format!("{}…", &text[..end]),
            None if window.len() < body.len() => format!("{text}…"),
            None => text,
        }
    }

    /// Hides secrets in a JSON value: sensitive fields' values, and secret
    /// values inside any string.
    pub(crate) fn json(&self, value: &mut Value) {
        match value {
            Value::Object(map) => {
                for (key, child) in map.iter_mut() {
                    if is_sensitive(key) && !child.is_null() {
                        *child = Value::String(REDACTED.to_owned());
                    } else {
                        self.json(child);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|item| self.json(item)),
            Value::String(text) if self.secrets.iter().any(|s| text.contains(s.as_str())) => {
                *text = self.text(text);
            }
            _ => {}
        }
    }
}

/// Replaces the value after every `"<sensitive name>":` in JSON-like text. A
/// string value cut off by the end of the text is hidden up to the end.
fn redact_fields(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut pos = 0;
    while let Some(offset) = text[pos..].find('"') {
        let open = pos + offset;
        let Some(close) = string_end(bytes, open + 1) else {
            break;
        };
        pos = close + 1;
        if !is_sensitive(&text[open + 1..close]) {
            continue;
        }
        let colon = skip_whitespace(bytes, close + 1);
        if bytes.get(colon) != Some(&b':') {
            continue;
        }
        let start = skip_whitespace(bytes, colon + 1);
        let (start, end) = match bytes.get(start) {
            Some(b'"') => (start + 1, string_end(bytes, start + 1).unwrap_or(bytes.len())),
            // Objects and arrays are walked into: their own fields decide.
            Some(b'{' | b'[') | None => continue,
            Some(_) => (start, scalar_end(bytes, start)),
        };
        if &text[start..end] == "null" || start == end {
            continue;
        }
        // Every index here is at an ASCII byte, so a char boundary.
        out.push_str(&text[copied..start]);
        out.push_str(REDACTED);
        copied = end;
        pos = end.max(pos);
    }
    out.push_str(&text[copied..]);
    out
}

/// The index of the quote closing a JSON string whose contents start at `from`.
fn string_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

fn skip_whitespace(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

/// The end of a JSON number or literal starting at `from`.
fn scalar_end(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while i < bytes.len() && !matches!(bytes[i], b',' | b'}' | b']') && !bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// Shows a URL with any password in it replaced by `<redacted>`, for messages
/// about an endpoint that may carry one.
pub(crate) fn url_for_display(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_owned();
    };
    let authority_start = scheme_end + 3;
    let authority_end = url[authority_start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| authority_start + i);
    match url[authority_start..authority_end].rfind('@') {
        Some(at) => format!(
            "{}{REDACTED}@{}",
            &url[..authority_start],
            &url[authority_start + at + 1..]
        ),
        None => url.to_owned(),
    }
}
