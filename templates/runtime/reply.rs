//! What a response means: a successful one unwrapped from the API's success
//! envelope and decoded ([`Success`]'s methods), an error one mapped to the
//! matching [`Error`] variant (the API's error formats, typed error bodies,
//! `Retry-After`), each quoted only after redaction.

use std::collections::BTreeMap;

use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use crate::conventions::{ERROR_FIELD, ERROR_FORMAT, REQUEST_ID_HEADER, SUCCESS_FIELD};
use crate::error::{Error, ValidationErrors};
use crate::error_format::{ErrorFormat, ErrorResponse};
use crate::redact::Redactor;
use crate::retry::retry_after;
use crate::transport::{Operation, RawResponse, Success, CONTENT_TYPE_CHARS, EXCERPT_CHARS};

/// The API's error format: `{"<ERROR_FIELD>": {"type", "message", "data"?, "validation_errors"?, "request_id"?}, "request_id"?}`.
fn parse_error_envelope(body: &[u8]) -> Option<(ApiError, Option<String>)> {
    if ERROR_FORMAT != ErrorFormat::TypeMessage {
        return None;
    }
    let mut envelope: BTreeMap<String, &RawValue> = serde_json::from_slice(body).ok()?;
    let error = serde_json::from_str(envelope.remove(ERROR_FIELD?)?.get()).ok()?;
    let request_id = envelope
        .get("request_id")
        .and_then(|raw| serde_json::from_str(raw.get()).ok());
    Some((error, request_id))
}

#[derive(Deserialize)]
struct ApiError {
    #[serde(rename = "type")]
    code: String,
    #[serde(default)]
    message: String,
    data: Option<Value>,
    validation_errors: Option<Value>,
    request_id: Option<String>,
}

/// Maps a non-2xx, non-3xx response to the matching [`Error`] variant.
pub(crate) fn error_from_response(
    op: &'static Operation,
    response: &RawResponse,
    redactor: &Redactor,
) -> Error {
    let header_request_id = REQUEST_ID_HEADER
        .and_then(|name| response.headers.get(name))
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let status = response.status.as_u16();
    let retry_after = retry_after(&response.headers);
    let content_type = media_type_essence(&response.headers);
    let formatted = ErrorResponse {
        status,
        content_type: content_type.as_deref(),
        body: &response.body,
        request_id: header_request_id.clone(),
        retry_after,
    };
    if let Some(error) = crate::error_format::decode(op, formatted, redactor) {
        return error;
    }
    let Some((error, request_id)) = parse_error_envelope(&response.body) else {
        return if status == 401 {
            Error::Unauthorized {
                operation: op.name,
                message: redactor.excerpt(&response.body, EXCERPT_CHARS),
                request_id: header_request_id,
            }
        } else {
            Error::Http {
                operation: op.name,
                status,
                body: redactor.excerpt(&response.body, EXCERPT_CHARS),
                request_id: header_request_id,
                retry_after,
                detail: typed_detail(op, status, &response.body, redactor),
            }
        };
    };
    let request_id = header_request_id
        .or(error.request_id)
        .or(request_id)
        .map(|id| redactor.text(&id));
    let message = redactor.text(&error.message);
    let code = redactor.text(&error.code);
    let data = error.data.map(|mut data| {
        redactor.json(&mut data);
        Box::new(data)
    });
    if status == 401 {
        Error::Unauthorized {
            operation: op.name,
            message,
            request_id,
        }
    } else if code == "invalid_input" {
        Error::InvalidInput {
            operation: op.name,
            status,
            message,
            validation_errors: error
                .validation_errors
                .as_ref()
                .map(ValidationErrors::from_json)
                .unwrap_or_default()
                .map_messages(|message| redactor.text(message)),
            request_id,
            data,
        }
    } else {
        Error::Api {
            operation: op.name,
            status,
            code,
            message,
            request_id,
            data,
            retry_after,
        }
    }
}

/// The error body decoded as the type the operation declares for `status`,
/// with secrets redacted first; `None` when none is declared or it does not fit.
fn typed_detail(
    op: &'static Operation,
    status: u16,
    body: &[u8],
    redactor: &Redactor,
) -> Option<Box<crate::models::ErrorBody>> {
    let typed = op
        .errors
        .iter()
        .find(|e| (e.low..=e.high).contains(&status))?;
    let mut value: Value = serde_json::from_slice(body).ok()?;
    redactor.json(&mut value);
    (typed.decode)(value).map(Box::new)
}

/// The media type of a response's `Content-Type` without its parameters, in
/// lowercase; `None` without one (or one that is not text).
pub(crate) fn media_type_essence(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(reqwest::header::CONTENT_TYPE)?.to_str().ok()?;
    let essence = value.split(';').next().unwrap_or_default().trim();
    Some(essence.to_ascii_lowercase())
}

/// Whether a media type (its essence) is JSON: `application/json` or any `+json`.
fn is_json_media_type(essence: &str) -> bool {
    essence == "application/json" || essence.ends_with("+json")
}

/// The top level of a success envelope: each field's JSON text, undecoded, so
/// that only the fields asked for are ever decoded into values.
pub(crate) type Envelope<'a> = BTreeMap<String, &'a RawValue>;

impl Success {
    /// The response's status (2xx).
    pub(crate) fn status(&self) -> u16 {
        self.status
    }

    /// The response's headers.
    pub(crate) fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Decodes the whole body as `T`; an empty body decodes like null, so an
    /// `Option<T>` result becomes `None`.
    pub(crate) fn json<T: DeserializeOwned>(&self, op: &'static Operation) -> Result<T, Error> {
        self.decode(op, self.json_bytes(op)?, None)
    }

    /// The body as JSON text: `null` when it is empty, an error when its
    /// `Content-Type` says it is not JSON.
    pub(crate) fn json_bytes(&self, op: &'static Operation) -> Result<&[u8], Error> {
        match self.body.trim_ascii() {
            [] => Ok(b"null"),
            _ => {
                self.expect_json(op)?;
                Ok(&self.body)
            }
        }
    }

    /// Refuses a body whose `Content-Type` says it is not JSON, before it is
    /// parsed as JSON: a server that picks the media type (by `Accept`, or a
    /// proxy's HTML page) gets an error naming what it sent. A body without a
    /// `Content-Type` is read as JSON.
    fn expect_json(&self, op: &'static Operation) -> Result<(), Error> {
        match &self.content_type {
            Some(essence) if !is_json_media_type(essence) => Err(Error::UnexpectedContentType {
                operation: op.name,
                status: self.status,
                content_type: self
                    .redactor
                    .excerpt(essence.as_bytes(), CONTENT_TYPE_CHARS),
                body_excerpt: self.redactor.excerpt(&self.body, EXCERPT_CHARS),
            }),
            _ => Ok(()),
        }
    }

    /// The body as it is.
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.body
    }

    /// The body as text.
    pub(crate) fn text(self, op: &'static Operation) -> Result<String, Error> {
        match String::from_utf8(self.body) {
            Ok(text) => Ok(text),
            Err(error) => {
                let body = error.into_bytes();
                let valid = Success { body, ..self };
                Err(valid.decode_error(op, ".".to_owned(), "the body is not UTF-8 text".to_owned()))
            }
        }
    }

    /// The error for a success status the operation does not declare.
    pub(crate) fn unexpected_status(&self, op: &'static Operation) -> Error {
        self.decode_error(
            op,
            ".".to_owned(),
            format!(
                "the API answered {}, a status the operation does not declare",
                self.status
            ),
        )
    }

    /// Parses the body as the API's success envelope: a JSON object whose
    /// success field is `true`. An API without an envelope has none to check.
    pub(crate) fn envelope(&self, op: &'static Operation) -> Result<Envelope<'_>, Error> {
        self.expect_json(op)?;
        let envelope: Envelope<'_> = serde_json::from_slice(&self.body).map_err(|e| {
            self.decode_error(
                op,
                ".".to_owned(),
                format!("the response is not the API's JSON success envelope: {e}"),
            )
        })?;
        let Some(field) = SUCCESS_FIELD else {
            return Ok(envelope);
        };
        match envelope.get(field).map(|raw| raw.get()) {
            Some("true") => Ok(envelope),
            Some(other) => Err(self.decode_error(
                op,
                field.to_owned(),
                format!(
                    "a successful response must say `\"{field}\": true`, this one says {other}"
                ),
            )),
            None => Err(self.decode_error(
                op,
                field.to_owned(),
                format!(
                    "the response has no `{field}` field, so it is not the API's success envelope"
                ),
            )),
        }
    }

    /// Removes `key` from `object` (the envelope, or an object in it at
    /// `parent`) and decodes it as `T`; a failure names the JSON path.
    pub(crate) fn take_field<T: DeserializeOwned>(
        &self,
        op: &'static Operation,
        object: &mut Envelope<'_>,
        parent: Option<&str>,
        key: &str,
    ) -> Result<T, Error> {
        let path = match parent {
            Some(parent) => format!("{parent}.{key}"),
            None => key.to_owned(),
        };
        // A missing key decodes like null, so an `Option<T>` result becomes `None`; any
        // other result type reports the key as missing.
        match object.remove(key) {
            Some(raw) => self.decode(op, raw.get().as_bytes(), Some(&path)),
            None => self.decode(op, b"null", Some(&path)).map_err(|_| {
                self.decode_error(
                    op,
                    path.clone(),
                    format!("the response has no `{key}` field"),
                )
            }),
        }
    }

    /// Decodes `json` (the value at `path`, or the whole body) as `T`, with
    /// nothing after it; a failure names the JSON path and never quotes a secret.
    pub(crate) fn decode<T: DeserializeOwned>(
        &self,
        op: &'static Operation,
        json: &[u8],
        path: Option<&str>,
    ) -> Result<T, Error> {
        crate::codec::decode_json(json, path)
            .map_err(|failure| self.decode_error(op, failure.path, failure.message))
    }

    /// Up to `max_chars` of `json` (a part of this body), secrets redacted.
    pub(crate) fn quote(&self, json: &[u8], max_chars: usize) -> String {
        self.redactor.excerpt(json, max_chars)
    }

    pub(crate) fn decode_error(
        &self,
        op: &'static Operation,
        path: String,
        message: String,
    ) -> Error {
        Error::Decode {
            operation: op.name,
            path,
            message: self.redactor.excerpt(message.as_bytes(), EXCERPT_CHARS),
            body_excerpt: self.redactor.excerpt(&self.body, EXCERPT_CHARS),
        }
    }
}
