//! Reading an error response's body in the API's error format
//! (`conventions::ERROR_FORMAT`) when that format has an [`Error`] variant of
//! its own: an error object with a category, a code and the parameter at
//! fault ([`Error::ApiObject`]), or RFC 9457 problem details
//! ([`Error::Problem`]). The type-and-message object with per-parameter
//! messages is read by `transport`, and a body in no format is quoted there.
//!
//! Every string kept is redacted (the client's own tokens, the request's
//! secrets, secret-bearing fields of extension members); the body read is the
//! start of the response that `transport` bounds.

use serde_json::{Map, Value};

use crate::conventions::{ERROR_FIELD, ERROR_FORMAT};
use crate::error::{Error, ErrorObject, ProblemDetails, ABOUT_BLANK};
use crate::redact::Redactor;
use crate::transport::Operation;

/// What the fields of an error body mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ErrorFormat {
    /// No format of the API's own: a body is quoted, and decoded as the type
    /// the operation declares for its status.
    Quoted,
    /// `{"<field>": {"type", "message", "data"?, "validation_errors"?,
    /// "request_id"?}}`, `type` being the code (read by `transport`).
    TypeMessage,
    /// `{"<field>": {"type", "code"?, "decline_code"?, "message"?, "param"?,
    /// "doc_url"?, "request_log_url"?}}`.
    TypeCode,
    /// RFC 9457 problem details.
    ProblemDetails,
}

/// The media type RFC 9457 registers for JSON problem details.
const PROBLEM_JSON: &str = "application/problem+json";

/// How many characters of one string member are kept: enough for any
/// message, while a body of one huge member makes no huge error.
const MEMBER_CHARS: usize = 2_000;

/// An error response, as `transport` has read it.
pub(crate) struct ErrorResponse<'a> {
    pub(crate) status: u16,
    /// The `Content-Type` without its parameters, in lowercase.
    pub(crate) content_type: Option<&'a str>,
    pub(crate) body: &'a [u8],
    /// From the request id header.
    pub(crate) request_id: Option<String>,
    pub(crate) retry_after: Option<std::time::Duration>,
}

/// The error for `response` when its body is in the API's format and that
/// format has a variant of its own; `None` leaves it to `transport`.
pub(crate) fn decode(
    op: &'static Operation,
    response: ErrorResponse<'_>,
    redactor: &Redactor,
) -> Option<Error> {
    decode_as(ERROR_FORMAT, ERROR_FIELD, op, response, redactor)
}

fn decode_as(
    format: ErrorFormat,
    field: Option<&str>,
    op: &'static Operation,
    response: ErrorResponse<'_>,
    redactor: &Redactor,
) -> Option<Error> {
    let request_id = response.request_id.as_deref().map(|id| redactor.text(id));
    match format {
        ErrorFormat::TypeCode => {
            let object = error_object(response.body, field?, redactor)?;
            Some(if response.status == 401 {
                Error::Unauthorized {
                    operation: op.name,
                    message: object.message.clone().unwrap_or(object.error_type),
                    request_id,
                }
            } else {
                Error::ApiObject {
                    operation: op.name,
                    status: response.status,
                    object: Box::new(object),
                    request_id,
                    retry_after: response.retry_after,
                }
            })
        }
        ErrorFormat::ProblemDetails => {
            let problem = problem_details(&response, redactor)?;
            Some(if response.status == 401 {
                Error::Unauthorized {
                    operation: op.name,
                    message: problem.to_string(),
                    request_id,
                }
            } else {
                Error::Problem {
                    operation: op.name,
                    status: response.status,
                    problem: Box::new(problem),
                    request_id,
                    retry_after: response.retry_after,
                }
            })
        }
        ErrorFormat::Quoted | ErrorFormat::TypeMessage => None,
    }
}

/// The object under `field`, if the body is one with a `type` or a `message`.
fn error_object(body: &[u8], field: &str, redactor: &Redactor) -> Option<ErrorObject> {
    let mut envelope: Map<String, Value> = serde_json::from_slice(body).ok()?;
    let Value::Object(object) = envelope.remove(field)? else {
        return None;
    };
    let text = |name: &str| string_member(&object, name, redactor);
    let error_type = text("type");
    let message = text("message");
    if error_type.is_none() && message.is_none() {
        return None;
    }
    Some(ErrorObject {
        error_type: error_type.unwrap_or_default(),
        code: text("code"),
        decline_code: text("decline_code"),
        message,
        param: text("param"),
        doc_url: text("doc_url"),
        request_log_url: text("request_log_url"),
    })
}

/// The body as problem details: one sent as `application/problem+json`, or
/// a JSON object that names a `type` or a `title` and repeats the
/// response's status (a server that sends problems as plain JSON).
fn problem_details(response: &ErrorResponse<'_>, redactor: &Redactor) -> Option<ProblemDetails> {
    let mut members: Map<String, Value> = serde_json::from_slice(response.body).ok()?;
    let declared = response.content_type == Some(PROBLEM_JSON);
    let status = members
        .get("status")
        .and_then(Value::as_u64)
        .and_then(|status| u16::try_from(status).ok())
        .filter(|status| (100..=599).contains(status));
    let named = ["type", "title"]
        .iter()
        .any(|name| members.get(*name).is_some_and(Value::is_string));
    let looks_like_one = named && status == Some(response.status);
    if !(declared || looks_like_one) {
        return None;
    }
    let text = |name: &str| string_member(&members, name, redactor);
    let problem = ProblemDetails {
        problem_type: text("type").unwrap_or_else(|| ABOUT_BLANK.to_owned()),
        title: text("title"),
        status,
        detail: text("detail"),
        instance: text("instance"),
        extensions: Map::new(),
    };
    for name in ["type", "title", "status", "detail", "instance"] {
        members.remove(name);
    }
    let mut extensions = Value::Object(members);
    redactor.json(&mut extensions);
    let Value::Object(extensions) = extensions else {
        return Some(problem);
    };
    Some(ProblemDetails {
        extensions,
        ..problem
    })
}

/// A string member, redacted and cut to [`MEMBER_CHARS`]; `None` when it is
/// absent or not a string.
fn string_member(object: &Map<String, Value>, name: &str, redactor: &Redactor) -> Option<String> {
    // These members are the format's own (a `code` is no secret here, whatever
    // a field of that name holds elsewhere): only secret values are hidden.
    let value = object.get(name)?.as_str()?;
    let mut text = redactor.text(value);
    if let Some((cut, _)) = text.char_indices().nth(MEMBER_CHARS) {
        text.truncate(cut);
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    static OP: Operation = Operation {
        name: "things.create",
        method: reqwest::Method::POST,
        path: "/things",
        params: crate::request::Params::Nothing,
        content_type: None,
        accept: None,
        retry_safe: false,
        errors: &[],
        security: None,
    };

    fn response<'a>(
        status: u16,
        content_type: Option<&'a str>,
        body: &'a [u8],
    ) -> ErrorResponse<'a> {
        ErrorResponse {
            status,
            content_type,
            body,
            request_id: Some("req_123".to_owned()),
            retry_after: None,
        }
    }

    /// The envelope field of these tests' error objects.
    const FIELD: &str = "fault";

    fn redactor() -> Redactor {
        Redactor::new(vec!["sk_test_secret".to_owned()])
    }

    #[test]
    fn an_error_object_is_read_field_by_field_with_secrets_redacted() {
        let body = json!({"fault": {
            "type": "card_error", "code": "card_declined", "decline_code": "insufficient_funds",
            "message": "Your card was declined (sk_test_secret).", "param": "source",
            "doc_url": "https://docs.example/codes/card_declined",
            "request_log_url": "https://dashboard.example/logs/req_123",
            "charge": "ch_1"
        }})
        .to_string();
        let error = decode_as(
            ErrorFormat::TypeCode,
            Some(FIELD),
            &OP,
            response(402, Some("application/json"), body.as_bytes()),
            &redactor(),
        )
        .expect("an error object");
        let object = error.error_object().expect("an ApiObject");
        assert_eq!(object.error_type, "card_error");
        assert_eq!(object.code.as_deref(), Some("card_declined"));
        assert_eq!(object.decline_code.as_deref(), Some("insufficient_funds"));
        assert_eq!(
            object.message.as_deref(),
            Some("Your card was declined (<redacted>).")
        );
        assert_eq!(object.param.as_deref(), Some("source"));
        assert_eq!(
            object.doc_url.as_deref(),
            Some("https://docs.example/codes/card_declined")
        );
        assert_eq!(
            object.request_log_url.as_deref(),
            Some("https://dashboard.example/logs/req_123")
        );
        assert_eq!(error.status(), Some(402));
        assert_eq!(error.code(), Some("card_declined"));
        assert_eq!(error.request_id(), Some("req_123"));
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("sk_test_secret"), "{shown}");
        assert!(
            shown.contains("card_error/card_declined: Your card was declined"),
            "{shown}"
        );
        assert!(shown.contains("(request id req_123)"), "{shown}");
    }

    #[test]
    fn an_error_object_without_a_code_is_known_by_its_type_and_a_401_is_unauthorized() {
        let body =
            br#"{"fault": {"type": "api_error", "message": "Something went wrong", "code": 7}}"#;
        let error = decode_as(
            ErrorFormat::TypeCode,
            Some(FIELD),
            &OP,
            response(500, None, body),
            &redactor(),
        )
        .unwrap();
        assert_eq!(error.code(), Some("api_error"));
        assert_eq!(error.error_object().and_then(|o| o.code.as_deref()), None);
        let body = br#"{"fault": {"type": "invalid_request_error", "message": "Invalid API Key provided: sk_test_secret"}}"#;
        let error = decode_as(
            ErrorFormat::TypeCode,
            Some(FIELD),
            &OP,
            response(401, None, body),
            &redactor(),
        )
        .unwrap();
        assert!(
            matches!(&error, Error::Unauthorized { message, request_id: Some(_), .. } if message == "Invalid API Key provided: <redacted>"),
            "{error:?}"
        );
    }

    #[test]
    fn a_body_not_in_the_format_is_left_to_the_transport() {
        for body in [
            &br#"{"message": "no"}"#[..],
            b"{\"fault\": \"no\"}",
            b"{\"fault\": {}}",
            b"<html>",
            b"",
        ] {
            assert!(
                decode_as(
                    ErrorFormat::TypeCode,
                    Some(FIELD),
                    &OP,
                    response(500, None, body),
                    &redactor()
                )
                .is_none(),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        let body = br#"{"fault": {"type": "api_error"}}"#;
        for format in [ErrorFormat::Quoted, ErrorFormat::TypeMessage] {
            assert!(decode_as(
                format,
                Some(FIELD),
                &OP,
                response(500, None, body),
                &redactor()
            )
            .is_none());
        }
    }

    #[test]
    fn problem_details_keep_their_members_and_extensions() {
        let body = json!({
            "type": "https://example.com/probs/out-of-credit", "title": "You do not have enough credit.",
            "status": 403, "detail": "Your current balance is 30, but that costs 50.",
            "instance": "/account/12345/msgs/abc", "balance": 30,
            "accounts": ["/account/12345"], "token": "tok_live_abc"
        })
        .to_string();
        let error = decode_as(
            ErrorFormat::ProblemDetails,
            None,
            &OP,
            response(403, Some(PROBLEM_JSON), body.as_bytes()),
            &redactor(),
        )
        .unwrap();
        let problem = error.problem().expect("a Problem");
        assert_eq!(
            problem.problem_type,
            "https://example.com/probs/out-of-credit"
        );
        assert_eq!(
            problem.title.as_deref(),
            Some("You do not have enough credit.")
        );
        assert_eq!(problem.status, Some(403));
        assert_eq!(
            problem.detail.as_deref(),
            Some("Your current balance is 30, but that costs 50.")
        );
        assert_eq!(problem.instance.as_deref(), Some("/account/12345/msgs/abc"));
        assert_eq!(problem.extensions.get("balance"), Some(&json!(30)));
        assert_eq!(
            problem.extensions.get("accounts"),
            Some(&json!(["/account/12345"]))
        );
        assert_eq!(problem.extensions.len(), 3);
        assert!(!format!("{error:?}").contains("tok_live_abc"), "{error:?}");
        assert_eq!(
            error.code(),
            Some("https://example.com/probs/out-of-credit")
        );
        assert_eq!(error.request_id(), Some("req_123"));
        assert!(
            error
                .to_string()
                .contains("You do not have enough credit.: Your current balance"),
            "{error}"
        );
    }

    #[test]
    fn a_problem_of_no_type_is_about_blank_and_members_of_the_wrong_type_are_ignored() {
        let body = br#"{"title": 5, "status": "404", "detail": "gone"}"#;
        let error = decode_as(
            ErrorFormat::ProblemDetails,
            None,
            &OP,
            response(404, Some(PROBLEM_JSON), body),
            &redactor(),
        )
        .unwrap();
        let problem = error.problem().unwrap();
        assert_eq!(problem.problem_type, "about:blank");
        assert_eq!((problem.title.as_deref(), problem.status), (None, None));
        assert_eq!(problem.detail.as_deref(), Some("gone"));
        assert!(problem.extensions.is_empty(), "{problem:?}");
    }

    #[test]
    fn plain_json_is_a_problem_only_when_it_looks_like_one() {
        let looks = br#"{"title": "Not Found", "status": 404}"#;
        let error = decode_as(
            ErrorFormat::ProblemDetails,
            None,
            &OP,
            response(404, Some("application/json"), looks),
            &redactor(),
        );
        assert!(error.is_some_and(|e| e.problem().is_some()));
        for (status, body) in [
            (404, &br#"{"message": "no pet"}"#[..]),
            (500, looks),
            (404, b"not json"),
        ] {
            assert!(decode_as(
                ErrorFormat::ProblemDetails,
                None,
                &OP,
                response(status, Some("application/json"), body),
                &redactor()
            )
            .is_none());
        }
    }
}
