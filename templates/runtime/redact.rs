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

/// Secret values shorter than this are replaced only where they stand as a
/// word of their own (see `replace_secret`).
const WHOLE_WORD_BELOW: usize = 8;

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
                out = replace_secret(&out, secret);
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

/// `text` with `secret` replaced. A long secret (a token) is replaced wherever
/// it appears; a short one (a PIN code) only where it stands as a word of its
/// own, so that a PIN `1234` does not garble a request id `req_0123456789`.
fn replace_secret(text: &str, secret: &str) -> String {
    if secret.len() >= WHOLE_WORD_BELOW {
        return text.replace(secret, REDACTED);
    }
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (at, _) in text.match_indices(secret) {
        let end = at + secret.len();
        if at < copied
            || is_word(text[..at].chars().next_back())
            || is_word(text[end..].chars().next())
        {
            continue;
        }
        out.push_str(&text[copied..at]);
        out.push_str(REDACTED);
        copied = end;
    }
    out.push_str(&text[copied..]);
    out
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
        let value = skip_whitespace(bytes, colon + 1);
        // The span to hide, and where scanning resumes after it.
        let (start, end, next) = match bytes.get(value) {
            // Cut off before the value: nothing to hide.
            None => continue,
            Some(b'"') => match string_end(bytes, value + 1) {
                Some(close) => (value + 1, close, close + 1),
                None => (value + 1, bytes.len(), bytes.len()),
            },
            // An object or array under a secret's name is hidden whole.
            Some(b'{' | b'[') => {
                let end = container_end(bytes, value);
                (value, end, end)
            }
            Some(_) => {
                let end = scalar_end(bytes, value);
                (value, end, end)
            }
        };
        pos = next;
        if start == end || &text[start..end] == "null" {
            continue;
        }
        // Every index here is at an ASCII byte or the end, so a char boundary.
        out.push_str(&text[copied..start]);
        out.push_str(REDACTED);
        copied = end;
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

/// The index just past the object or array starting at `from` (the end of the
/// text if it is cut off), skipping brackets inside strings.
fn container_end(bytes: &[u8], from: usize) -> usize {
    let mut depth = 0usize;
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => match string_end(bytes, i + 1) {
                Some(close) => i = close,
                None => return bytes.len(),
            },
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    bytes.len()
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
    while i < bytes.len()
        && !matches!(bytes[i], b',' | b'}' | b']')
        && !bytes[i].is_ascii_whitespace()
    {
        i += 1;
    }
    i
}

/// Shows a URL with any user name and password in it replaced by
/// `<redacted>`, for messages about an endpoint that may carry them. What the
/// URL parser reads as credentials decides, so no spelling slips through; text
/// that does not parse loses everything before its last `@`.
pub(crate) fn url_for_display(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut parsed) if !parsed.username().is_empty() || parsed.password().is_some() => {
            // Both calls only fail for URLs that cannot have credentials at all.
            let _ = parsed.set_username("");
            let _ = parsed.set_password(None);
            let shown = parsed.to_string();
            match shown.find("://") {
                Some(i) => format!("{}{REDACTED}@{}", &shown[..i + 3], &shown[i + 3..]),
                None => format!("{REDACTED}@{shown}"),
            }
        }
        Ok(_) => url.to_owned(),
        Err(_) => match url.rfind('@') {
            Some(at) => format!("{REDACTED}@{}", &url[at + 1..]),
            None => url.to_owned(),
        },
    }
}
