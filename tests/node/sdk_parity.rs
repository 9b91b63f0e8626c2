//! Seam's own JavaScript SDK and a generated Rust client, driven through the
//! same calls against one recording server on 127.0.0.1, must send the same
//! requests: method, path and query string byte for byte, and the same JSON
//! body. Shared by the wire tests (spec/'s operations, crate `seam`) and the
//! fake-server suite (Seam's whole API, crate `seam-full`), which include this
//! file by path; `sdk-calls.mjs` beside it drives the JavaScript side.

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// One call of the JavaScript SDK: its dotted snake_case name and parameters.
pub struct JsCall {
    pub call: &'static str,
    pub params: Value,
    /// For an operation the SDK has no method for: the method and path to
    /// send it with through the SDK's own request class.
    pub request: Option<(&'static str, &'static str)>,
}

impl JsCall {
    pub fn new(call: &'static str, params: Value) -> Self {
        JsCall {
            call,
            params,
            request: None,
        }
    }

    /// An operation the SDK leaves out (an undocumented one).
    pub fn raw(
        call: &'static str,
        method: &'static str,
        path: &'static str,
        params: Value,
    ) -> Self {
        JsCall {
            call,
            params,
            request: Some((method, path)),
        }
    }
}

/// What a request carried, as the comparison sees it.
#[derive(Debug, PartialEq)]
pub struct Sent {
    pub method: String,
    pub path: String,
    /// Byte for byte.
    pub query: Option<String>,
    /// The JSON body, numbers compared by value (`10` and `10.0` are one number).
    pub body: Option<Value>,
}

/// A server that answers every request with `{"ok": true}` and records it.
pub async fn recording_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({ "ok": true })))
        .mount(&server)
        .await;
    server
}

/// The requests `server` received, in order.
pub async fn sent(server: &MockServer) -> Vec<Sent> {
    let requests = server.received_requests().await.expect("recording is on");
    requests.iter().map(sent_by).collect()
}

fn sent_by(request: &Request) -> Sent {
    let body = (!request.body.is_empty()).then(|| {
        let value: Value = serde_json::from_slice(&request.body).expect("a JSON body");
        numbers_by_value(value)
    });
    Sent {
        method: request.method.to_string(),
        path: request.url.path().to_owned(),
        query: request.url.query().map(str::to_owned),
        body,
    }
}

fn numbers_by_value(value: Value) -> Value {
    match value {
        Value::Number(n) => n.as_f64().map_or(Value::Number(n), Value::from),
        Value::Array(items) => Value::Array(items.into_iter().map(numbers_by_value).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, numbers_by_value(v)))
                .collect(),
        ),
        other => other,
    }
}

/// Runs `calls` through `@seamapi/http` against `endpoint`. Panics, saying
/// what to install, when Node or the npm packages are missing.
pub fn run_js_sdk(endpoint: &str, calls: &[JsCall]) {
    let node_dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("tests/node"))
        .find(|dir| dir.join("sdk-calls.mjs").is_file())
        .expect("tests/node/sdk-calls.mjs above the crate");
    let package = node_dir.join("node_modules/@seamapi/http");
    assert!(
        package.is_dir(),
        "Seam's JavaScript SDK is not installed ({} is missing): run `cargo xtask test` from \
         the repository root, which runs `npm ci` in tests/node, or install Node.js 20+ and \
         run `npm ci` there yourself",
        package.display()
    );
    let list: Vec<Value> = calls
        .iter()
        .map(|c| match c.request {
            None => serde_json::json!({ "call": c.call, "params": c.params }),
            Some((method, path)) => serde_json::json!({
                "call": c.call,
                "params": c.params,
                "request": { "method": method, "path": path },
            }),
        })
        .collect();
    let file = std::env::temp_dir().join(format!(
        "sdk-calls-{}-{}.json",
        std::process::id(),
        unique_suffix()
    ));
    std::fs::write(&file, serde_json::to_vec(&list).unwrap()).expect("write the call list");
    let output = Command::new("node")
        .arg("sdk-calls.mjs")
        .arg(endpoint)
        .arg(&file)
        .current_dir(&node_dir)
        .output();
    let _ = std::fs::remove_file(&file);
    let output = output.unwrap_or_else(|e| {
        panic!("cannot run `node` ({e}): install Node.js 20+ (https://nodejs.org)")
    });
    assert!(
        output.status.success(),
        "the JavaScript SDK failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A per-call file name part, so that parallel tests never share a file.
fn unique_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

/// Compares the two recordings call by call, naming each call that differs.
pub fn assert_same_requests(calls: &[JsCall], js: &[Sent], rust: &[Sent]) {
    assert_eq!(
        js.len(),
        calls.len(),
        "the JavaScript SDK sent {} requests for {} calls: {js:#?}",
        js.len(),
        calls.len()
    );
    assert_eq!(
        rust.len(),
        calls.len(),
        "the Rust client sent {} requests for {} calls",
        rust.len(),
        calls.len()
    );
    let differing: Vec<String> = calls
        .iter()
        .zip(js.iter().zip(rust))
        .filter(|(_, (js, rust))| js != rust)
        .map(|(call, (js, rust))| format!("{}:\n  js:   {js:?}\n  rust: {rust:?}", call.call))
        .collect();
    assert!(
        differing.is_empty(),
        "{} of {} calls differ:\n{}",
        differing.len(),
        calls.len(),
        differing.join("\n")
    );
}
