//! Mock Seam APIs and what they received: a server answering every request
//! alike, an API error body, how Seam's SDKs carry parameters (query string or
//! JSON body) and a matcher for them, and reading a request's headers and
//! parameters. Included by `#[path]` in the wire tests and the command-line
//! tests; the command-line tests use part of it.
#![allow(dead_code)]

use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A header's value as text, if the request had it.
pub fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().expect("an ASCII header"))
}

/// The query string Seam's SDKs send for a parameter object: keys sorted,
/// nested objects as `a.b`, lists as repeated keys, null as an empty value,
/// empty strings left out, then `_strict=true` (written here independently of
/// the client; `tests/wire/sdk_parity.rs` checks both against Seam's own SDK).
pub fn seam_query(params: &Value) -> Option<String> {
    fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
        match value {
            Value::Object(map) => {
                for (key, item) in map {
                    let name = if prefix.is_empty() {
                        key.clone()
                    } else {
                        format!("{prefix}.{key}")
                    };
                    flatten(&name, item, out);
                }
            }
            Value::Array(items) if items.is_empty() => out.push((prefix.to_owned(), String::new())),
            Value::Array(items) => items.iter().for_each(|item| flatten(prefix, item, out)),
            Value::Null => out.push((prefix.to_owned(), String::new())),
            Value::String(s) if s.is_empty() => {}
            Value::String(s) => out.push((prefix.to_owned(), s.clone())),
            // Numbers as JavaScript writes them: `100`, not `100.0`.
            Value::Number(n) if n.is_f64() => out.push((
                prefix.to_owned(),
                format!("{}", n.as_f64().unwrap_or_default()),
            )),
            other => out.push((prefix.to_owned(), other.to_string())),
        }
    }
    let mut pairs = Vec::new();
    flatten("", params, &mut pairs);
    if pairs.is_empty() {
        return None;
    }
    pairs.sort_by(|(a, _), (b, _)| a.cmp(b));
    pairs.push(("_strict".to_owned(), "true".to_owned()));
    Some(
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish(),
    )
}

/// Whether a request carries `params` as Seam's SDKs send them: in the query
/// string for GET and DELETE, as the JSON body otherwise.
pub fn carries_params(request: &Request, params: &Value) -> bool {
    match request.method.as_str() {
        "GET" | "DELETE" => {
            request.body.is_empty() && request.url.query().map(str::to_owned) == seam_query(params)
        }
        _ => serde_json::from_slice::<Value>(&request.body).is_ok_and(|sent| sent == *params),
    }
}

/// A wiremock matcher for [`carries_params`].
pub struct Params(pub Value);

impl wiremock::Match for Params {
    fn matches(&self, request: &Request) -> bool {
        carries_params(request, &self.0)
    }
}

/// Matches a request carrying `params` (see [`carries_params`]).
pub fn params(params: Value) -> Params {
    Params(params)
}

/// The value of `name` in a request's parameters (query or JSON body) as JSON:
/// `null` when absent from a body or empty in a query.
pub fn sent_param(request: &Request, name: &str) -> Value {
    match request.method.as_str() {
        "GET" | "DELETE" => request
            .url
            .query_pairs()
            .find(|(key, _)| key == name)
            .map_or(Value::Null, |(_, value)| {
                if value.is_empty() {
                    Value::Null
                } else {
                    Value::String(value.into_owned())
                }
            }),
        _ => serde_json::from_slice::<Value>(&request.body).expect("a JSON body")[name].clone(),
    }
}

/// The one request `server` received; fails if there were more or fewer.
pub async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording on");
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

/// How many requests `server` received.
pub async fn request_count(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .expect("recording on")
        .len()
}

/// An API error body.
pub fn error_body(error: Value) -> Value {
    json!({ "error": error, "ok": false })
}

/// A server that answers every request with `response`.
pub async fn answering_with(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}
