//! Harness for the end-to-end tests in `tests/`: Seam's fake server
//! (`@seamapi/fake-seam-connect`, started per test through `tests/node/fake-server.mjs`
//! so that every test sees a freshly seeded state) and a request-counting TCP proxy.
//!
//! Everything binds 127.0.0.1 only.

/// The README's examples, compiled by `cargo test --doc` against Seam's whole
/// API (the `seam` dependency): action attempts, the client without a
/// workspace and the publishable key need operations that spec/ lacks.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// Seeded API key of workspace [`WORKSPACE_ID`].
pub const API_KEY: &str = "seam_apikey1_token";
/// Seeded personal access token (needs a `seam-workspace` header).
pub const PERSONAL_ACCESS_TOKEN: &str = "seam_at1_longtoken";
/// Seeded client session token.
pub const CLIENT_SESSION_TOKEN: &str = "seam_cst1_token";
/// The seeded workspace the tokens above belong to.
pub const WORKSPACE_ID: &str = "seed_workspace_1";
/// The one seeded access control system.
pub const ACS_SYSTEM_ID: &str = "visionline_acs_system_1";

/// How long the fake may take to print its `listening ...` line. It usually takes
/// well under a second; the margin is for a loaded machine running tests in parallel.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);

const HOW_TO_INSTALL: &str = "run `cargo xtask test` from the repository root (it installs \
     Node's packages with `npm ci` in tests/node and generates target/seam-full), or install \
     Node.js 20+ and run `npm ci` in tests/node yourself";

fn node_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../node")
}

/// One running instance of Seam's fake server, killed (and reaped) on drop, also
/// when the test panics.
pub struct FakeSeam {
    child: Child,
    // Held open: the wrapper exits when its stdin closes, so even a test process
    // that is killed outright leaves no fake behind.
    _stdin: ChildStdin,
    url: String,
    http: reqwest::Client,
}

impl FakeSeam {
    /// Starts a freshly seeded fake on a free 127.0.0.1 port and checks that it
    /// answers `GET /_fake/default_seed`. Panics (never skips) when Node or the
    /// npm packages are missing.
    pub async fn start() -> FakeSeam {
        let dir = node_dir();
        let package = dir.join("node_modules/@seamapi/fake-seam-connect");
        assert!(
            package.is_dir(),
            "Seam's fake server is not installed ({} is missing): {HOW_TO_INSTALL}",
            package.display()
        );
        let mut child = match Command::new("node")
            .arg("fake-server.mjs")
            .arg("0")
            .current_dir(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
        {
            Ok(child) => child,
            Err(e) => panic!("could not run `node` ({e}): {HOW_TO_INSTALL}"),
        };
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut stderr = child.stderr.take().expect("piped stderr");

        // Stderr is drained continuously (a full pipe would block the fake) and kept
        // for the failure message.
        let stderr_thread = std::thread::spawn(move || {
            let mut log = Vec::new();
            let _ = stderr.read_to_end(&mut log);
            String::from_utf8_lossy(&log).into_owned()
        });
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            let _ = tx.send(lines.next());
            // Keep draining until the process ends.
            for _ in lines {}
        });
        let first_line = tokio::task::spawn_blocking(move || rx.recv_timeout(STARTUP_TIMEOUT))
            .await
            .expect("stdout reader");

        // From here on, `fake` owns the child: a panic below still kills it.
        let mut fake = FakeSeam {
            child,
            _stdin: stdin,
            url: String::new(),
            http: reqwest::Client::new(),
        };
        let line = match first_line {
            Ok(Some(Ok(line))) => line,
            other => {
                // Once the process is gone its stderr ends: collect the reason.
                let _ = fake.child.kill();
                let _ = fake.child.wait();
                let log = stderr_thread.join().unwrap_or_default();
                panic!(
                    "the fake server did not print `listening http://127.0.0.1:<port>` \
                     within {STARTUP_TIMEOUT:?} ({other:?}); its stderr:\n{log}"
                );
            }
        };
        let url = line
            .strip_prefix("listening ")
            .filter(|url| url.starts_with("http://127.0.0.1:"))
            .unwrap_or_else(|| panic!("unexpected first line from the fake server: {line:?}"));
        fake.url = url.to_owned();

        let seed = fake.get_json("/_fake/default_seed").await;
        assert_eq!(
            seed["seed_workspace_1"], WORKSPACE_ID,
            "health check: unexpected seed {seed}"
        );
        assert_eq!(seed["seam_apikey1_token"], API_KEY, "seed {seed}");
        fake
    }

    /// Base URL, such as `http://127.0.0.1:41091`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// `host:port` of the fake, for the proxy.
    pub fn addr(&self) -> &str {
        self.url.trim_start_matches("http://")
    }

    async fn get_json(&self, path: &str) -> Value {
        let response = self
            .http
            .get(format!("{}{path}", self.url))
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        assert_eq!(response.status(), 200, "GET {path}");
        let bytes = response.bytes().await.expect("response body");
        serde_json::from_slice(&bytes).expect("JSON body")
    }

    /// Makes these routes of [`WORKSPACE_ID`] answer 503 (with an empty body)
    /// from now on.
    pub async fn simulate_outage(&self, routes: &[&str]) {
        let body = serde_json::json!({ "workspace_id": WORKSPACE_ID, "routes": routes });
        let response = self
            .raw_post("/_fake/simulate_workspace_outage", None, &[], &body)
            .await;
        assert_eq!(
            response.status, 200,
            "simulate_workspace_outage: {response:?}"
        );
    }

    /// A plain `POST` of `body` to the fake, bypassing the generated client, with
    /// an optional bearer token and extra headers.
    pub async fn raw_post(
        &self,
        path: &str,
        bearer: Option<&str>,
        headers: &[(&str, &str)],
        body: &Value,
    ) -> RawResponse {
        let mut request = self
            .http
            .post(format!("{}{path}", self.url))
            .header("content-type", "application/json")
            .body(body.to_string());
        if let Some(token) = bearer {
            request = request.bearer_auth(token);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"));
        let status = response.status().as_u16();
        let request_id = response
            .headers()
            .get("seam-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let bytes = response.bytes().await.expect("response body");
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|e| panic!("POST {path}: body is not JSON ({e}): {bytes:?}"))
        };
        RawResponse {
            status,
            request_id,
            body,
        }
    }
}

impl Drop for FakeSeam {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A response read without the generated client.
#[derive(Debug)]
pub struct RawResponse {
    /// HTTP status.
    pub status: u16,
    /// The `seam-request-id` header.
    pub request_id: Option<String>,
    /// The JSON body (`null` when empty).
    pub body: Value,
}

/// Asserts that `id` looks like the fake's request ids, `request<N>`.
pub fn assert_request_id(id: Option<&str>) {
    let id = id.expect("a seam-request-id header");
    let n = id.strip_prefix("request").unwrap_or_default();
    assert!(
        !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()),
        "unexpected request id {id:?}"
    );
}

/// A TCP proxy on 127.0.0.1 in front of the fake that records the request line
/// (`POST /acs/users/list`) of every HTTP request passing through it.
///
/// Attempts are counted at the HTTP level, not per connection: the client keeps
/// connections alive and sends several attempts over one, so the proxy parses the
/// client-to-server byte stream as HTTP/1.1 messages (request line and headers up
/// to the blank line, then `Content-Length` bytes of body) while forwarding it
/// unchanged. The fake itself never sees anything but the client's own bytes.
pub struct CountingProxy {
    url: String,
    requests: Arc<Mutex<Vec<String>>>,
    task: JoinHandle<()>,
}

impl CountingProxy {
    /// Starts the proxy, forwarding to `upstream` (`127.0.0.1:port`).
    pub async fn start(upstream: &str) -> CountingProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let url = format!("http://{}", listener.local_addr().expect("proxy address"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let upstream = upstream.to_owned();
        let recorded = Arc::clone(&requests);
        let task = tokio::spawn(async move {
            // Dropping the set (when the task is aborted) aborts every connection.
            let mut connections = JoinSet::new();
            loop {
                let Ok((client, _)) = listener.accept().await else {
                    break;
                };
                let upstream = upstream.clone();
                let recorded = Arc::clone(&recorded);
                connections.spawn(async move {
                    if let Ok(server) = TcpStream::connect(&upstream).await {
                        relay(client, server, recorded).await;
                    }
                });
            }
        });
        CountingProxy {
            url,
            requests,
            task,
        }
    }

    /// Base URL of the proxy, to give the client as its endpoint.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Every request line seen so far, in order.
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }

    /// How many requests had this method and path (`GET /acs/users/list`),
    /// whatever their query string.
    pub fn count(&self, method_and_path: &str) -> usize {
        self.requests
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.split('?').next() == Some(method_and_path))
            .count()
    }
}

impl Drop for CountingProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn relay(client: TcpStream, server: TcpStream, recorded: Arc<Mutex<Vec<String>>>) {
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    let upstream = async move {
        let mut scanner = RequestScanner::default();
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            let n = match client_read.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            for line in scanner.feed(&buf[..n]) {
                recorded.lock().unwrap().push(line);
            }
            if server_write.write_all(&buf[..n]).await.is_err() {
                break;
            }
        }
        let _ = server_write.shutdown().await;
    };
    let downstream = async move {
        let _ = tokio::io::copy(&mut server_read, &mut client_write).await;
        let _ = client_write.shutdown().await;
    };
    tokio::join!(upstream, downstream);
}

/// Splits an HTTP/1.1 request byte stream into requests and reports their request
/// lines (method and target). Bodies must be framed by `Content-Length` (which is
/// what the client sends); a chunked request is reported as `UNSUPPORTED ...` so
/// that any count assertion fails loudly instead of miscounting.
#[derive(Default)]
struct RequestScanner {
    pending: Vec<u8>,
    body_left: usize,
}

impl RequestScanner {
    fn feed(&mut self, bytes: &[u8]) -> Vec<String> {
        self.pending.extend_from_slice(bytes);
        let mut lines = Vec::new();
        loop {
            if self.body_left > 0 {
                let skip = self.body_left.min(self.pending.len());
                self.pending.drain(..skip);
                self.body_left -= skip;
                if self.body_left > 0 {
                    break;
                }
            }
            let Some(end) = self.pending.windows(4).position(|w| w == b"\r\n\r\n") else {
                break;
            };
            let head = String::from_utf8_lossy(&self.pending[..end]).into_owned();
            self.pending.drain(..end + 4);
            let mut head_lines = head.split("\r\n");
            let mut parts = head_lines.next().unwrap_or_default().split(' ');
            let method_and_target = format!(
                "{} {}",
                parts.next().unwrap_or_default(),
                parts.next().unwrap_or_default()
            );
            let mut chunked = false;
            for header in head_lines {
                let Some((name, value)) = header.split_once(':') else {
                    continue;
                };
                let (name, value) = (name.trim().to_ascii_lowercase(), value.trim());
                if name == "content-length" {
                    self.body_left = value.parse().unwrap_or(0);
                } else if name == "transfer-encoding" && value.contains("chunked") {
                    chunked = true;
                }
            }
            lines.push(if chunked {
                format!("UNSUPPORTED chunked request {method_and_target}")
            } else {
                method_and_target
            });
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::RequestScanner;

    #[test]
    fn scanner_counts_pipelined_and_split_requests() {
        let stream = b"POST /a HTTP/1.1\r\nContent-Length: 4\r\n\r\n{}\r\nPOST /b HTTP/1.1\r\ncontent-length: 0\r\n\r\nPOST /a HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}";
        // Fed whole, and fed one byte at a time.
        let mut whole = RequestScanner::default();
        assert_eq!(whole.feed(stream), ["POST /a", "POST /b", "POST /a"]);
        let mut split = RequestScanner::default();
        let lines: Vec<String> = stream.iter().flat_map(|b| split.feed(&[*b])).collect();
        assert_eq!(lines, ["POST /a", "POST /b", "POST /a"]);
    }
}
