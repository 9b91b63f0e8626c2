//! Prism, and the recording proxy in front of it. [`Prism`] runs
//! `prism mock <doc>` on a free port of 127.0.0.1 and kills it when dropped
//! (a panicking test too). [`Proxy`] listens on 127.0.0.1, forwards each
//! request to Prism (one connection per request; with `Prefer: code=NNN` when
//! a test asks for a declared error status), and records the request line,
//! Prism's status, its `sl-violations` header and, for Prism's own problem
//! bodies, the body.

use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// How long Prism may take to start on the largest document.
const STARTUP: Duration = Duration::from_secs(120);
/// The most of one request or response the proxy holds.
const MAX_MESSAGE: usize = 64 << 20;

/// A running `prism mock`, killed on drop.
pub struct Prism {
    child: Child,
    pub port: u16,
    log: std::path::PathBuf,
    restarts: usize,
}

impl Prism {
    /// Starts Prism on `document` and waits until it accepts connections;
    /// an error holds what it printed.
    pub fn start(prism: &Path, document: &Path, log: &Path) -> Result<Prism, String> {
        Prism::start_on(prism, document, log, free_port())
    }

    fn start_on(prism: &Path, document: &Path, log: &Path, port: u16) -> Result<Prism, String> {
        let out = std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
        let err = out.try_clone().map_err(|e| e.to_string())?;
        let child = Command::new(prism)
            .arg("mock")
            .arg(document)
            .args(["-h", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", prism.display()))?;
        let mut prism = Prism {
            child,
            port,
            log: log.to_owned(),
            restarts: 0,
        };
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = prism.child.try_wait() {
                return Err(format!(
                    "Prism exited ({status}) before listening:\n{}",
                    prism.output()
                ));
            }
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(prism);
            }
            if started.elapsed() > STARTUP {
                return Err(format!(
                    "Prism did not listen within {STARTUP:?}:\n{}",
                    prism.output()
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Whether it has exited (crashed), and its last words if so.
    pub fn crashed(&mut self) -> Option<String> {
        match self.child.try_wait() {
            Ok(Some(status)) => Some(format!("Prism exited ({status}):\n{}", self.output())),
            _ => None,
        }
    }

    /// Starts it again on the same port and document, after a crash.
    pub fn restart(&mut self, prism: &Path, document: &Path) -> Result<(), String> {
        let log = self
            .log
            .with_extension(format!("restart-{}.log", self.restarts + 1));
        let fresh = Prism::start_on(prism, document, &log, self.port)?;
        let old = std::mem::replace(self, fresh);
        self.restarts = old.restarts + 1;
        Ok(())
    }

    /// What Prism printed so far (its last lines).
    pub fn output(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nobody listens on now.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

/// One request as it went through.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub method: String,
    pub target: String,
    /// The request's headers, names lowercased.
    pub headers: Vec<(String, String)>,
    pub status: u16,
    /// The response's `Content-Type`.
    pub content_type: String,
    /// Prism's `sl-violations`, parsed (an array of violations).
    pub violations: Vec<Value>,
    /// Prism's own error (`application/problem+json` with a Prism type).
    pub problem: Option<Value>,
}

impl Exchange {
    /// Prism's refusal and the request's violations of severity error, as
    /// `location: message`.
    pub fn errors(&self) -> Vec<String> {
        self.violations_in("request", true)
    }

    /// Where Prism's own answer breaks the document's schema (its example,
    /// or what it generated): the document is at fault, not the request.
    pub fn response_errors(&self) -> Vec<String> {
        self.violations_in("response", false)
    }

    fn violations_in(&self, side: &str, with_problem: bool) -> Vec<String> {
        let mut errors: Vec<String> = (self.violations.iter())
            .filter(|v| {
                v["severity"]
                    .as_str()
                    .is_none_or(|s| s.eq_ignore_ascii_case("error"))
            })
            .filter(|v| v["location"][0].as_str() == Some(side))
            .map(|v| {
                let location = (v["location"].as_array().into_iter().flatten())
                    .map(|p| {
                        p.as_str()
                            .map(str::to_owned)
                            .unwrap_or_else(|| p.to_string())
                    })
                    .collect::<Vec<_>>()
                    .join(".");
                format!("{location}: {}", v["message"].as_str().unwrap_or_default())
            })
            .collect();
        if let Some(problem) = self.problem.as_ref().filter(|_| with_problem) {
            let kind = problem["type"].as_str().unwrap_or_default();
            let kind = kind.rsplit('#').next().unwrap_or(kind);
            let detail = problem["detail"].as_str().unwrap_or_default();
            let mut text = format!("Prism {kind} ({}): {detail}", self.status);
            for v in problem["validation"].as_array().into_iter().flatten() {
                let location = (v["location"].as_array().into_iter().flatten())
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(".");
                text.push_str(&format!(
                    "; {location}: {}",
                    v["message"].as_str().unwrap_or_default()
                ));
            }
            errors.push(text);
        }
        errors
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        (self.headers.iter())
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
struct State {
    prefer: Option<u16>,
    exchanges: Vec<Exchange>,
}

/// The recording proxy; its task ends with the runtime.
pub struct Proxy {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
}

impl Proxy {
    pub async fn start(prism_port: u16) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port on 127.0.0.1");
        let addr = listener.local_addr().expect("bound");
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let state = shared.clone();
                tokio::spawn(async move {
                    if let Err(e) = forward(client, prism_port, state).await {
                        eprintln!("prism proxy: {e}");
                    }
                });
            }
        });
        Proxy { addr, state }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Asks Prism for `status` on the requests that follow (`None`: its choice).
    pub fn prefer(&self, status: Option<u16>) {
        self.state.lock().expect("proxy state").prefer = status;
    }

    /// The exchanges since the last call.
    pub fn take(&self) -> Vec<Exchange> {
        std::mem::take(&mut self.state.lock().expect("proxy state").exchanges)
    }
}

/// A message's head (up to the blank line) and its body.
struct Message {
    head: String,
    body: Vec<u8>,
}

impl Message {
    fn headers(&self) -> Vec<(String, String)> {
        (self.head.lines().skip(1))
            .filter_map(|line| line.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect()
    }
}

/// Reads one message: its head, then a `Content-Length` or chunked body (a
/// request), or everything until the end (a response, with `until_close`).
async fn read_message(stream: &mut TcpStream, until_close: bool) -> Result<Message, String> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut chunk).await.map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("connection closed before the end of a head".into());
        }
        buf.extend_from_slice(&chunk[..n]);
        if buf.len() > MAX_MESSAGE {
            return Err("head too large".into());
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut message = Message {
        head,
        body: buf[head_end..].to_vec(),
    };
    let headers = message.headers();
    let length = (headers.iter())
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok());
    let chunked = (headers.iter())
        .any(|(n, v)| n == "transfer-encoding" && v.to_ascii_lowercase().contains("chunked"));
    loop {
        let done = match (length, chunked, until_close) {
            (Some(length), _, _) => message.body.len() >= length,
            (None, true, _) => dechunk(&message.body).is_some(),
            (None, false, true) => false,
            (None, false, false) => true,
        };
        if done || message.body.len() > MAX_MESSAGE {
            break;
        }
        let n = stream.read(&mut chunk).await.map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        message.body.extend_from_slice(&chunk[..n]);
    }
    if let Some(body) = chunked.then(|| dechunk(&message.body)).flatten() {
        message.body = body;
    }
    Ok(message)
}

/// A complete chunked body's bytes; `None` until the last chunk is in.
fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        if data.len() < size + 2 {
            return None;
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
}

/// The head with these headers dropped and these added.
fn rewrite_head(head: &str, drop: &[&str], add: &[(String, String)]) -> String {
    let mut lines = head.trim_end().lines();
    let mut out = String::from(lines.next().unwrap_or_default());
    out.push_str("\r\n");
    for line in lines {
        let name = line
            .split(':')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        if !drop.contains(&name.as_str()) {
            out.push_str(line);
            out.push_str("\r\n");
        }
    }
    for (name, value) in add {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    out
}

async fn forward(
    mut client: TcpStream,
    prism_port: u16,
    state: Arc<Mutex<State>>,
) -> Result<(), String> {
    // Each request on a connection of its own: the answer closes it.
    let request = read_message(&mut client, false).await?;
    let request_line = request.head.lines().next().unwrap_or_default().to_owned();
    let mut parts = request_line.split(' ');
    let method = parts.next().unwrap_or_default().to_owned();
    let target = parts.next().unwrap_or_default().to_owned();
    let prefer = state.lock().expect("proxy state").prefer;
    let mut add = vec![
        ("Connection".to_owned(), "close".to_owned()),
        ("Content-Length".to_owned(), request.body.len().to_string()),
    ];
    if let Some(code) = prefer {
        add.push(("Prefer".to_owned(), format!("code={code}")));
    }
    let head = rewrite_head(
        &request.head,
        &[
            "connection",
            "content-length",
            "transfer-encoding",
            "prefer",
        ],
        &add,
    );
    let mut upstream = TcpStream::connect(("127.0.0.1", prism_port))
        .await
        .map_err(|e| format!("cannot reach Prism: {e}"))?;
    upstream
        .write_all(head.as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    upstream
        .write_all(&request.body)
        .await
        .map_err(|e| e.to_string())?;
    let response = read_message(&mut upstream, true).await?;
    let status_line = response.head.lines().next().unwrap_or_default().to_owned();
    let status: u16 = (status_line.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let response_headers = response.headers();
    let violations: Vec<Value> = (response_headers.iter())
        .find(|(n, _)| n == "sl-violations")
        .and_then(|(_, v)| serde_json::from_str::<Value>(v).ok())
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default();
    let problem = (response_headers.iter())
        .any(|(n, v)| n == "content-type" && v.contains("problem+json"))
        .then(|| serde_json::from_slice::<Value>(&response.body).ok())
        .flatten()
        .filter(|p| {
            p["type"]
                .as_str()
                .is_some_and(|t| t.contains("stoplight.io/prism"))
        });
    state.lock().expect("proxy state").exchanges.push(Exchange {
        method,
        target,
        headers: request.headers(),
        status,
        content_type: (response_headers.iter())
            .find(|(n, _)| n == "content-type")
            .map(|(_, v)| v.clone())
            .unwrap_or_default(),
        violations,
        problem,
    });
    let head = rewrite_head(
        &response.head,
        &["connection", "content-length", "transfer-encoding"],
        &[
            ("Connection".to_owned(), "close".to_owned()),
            ("Content-Length".to_owned(), response.body.len().to_string()),
        ],
    );
    client
        .write_all(head.as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    client
        .write_all(&response.body)
        .await
        .map_err(|e| e.to_string())?;
    let _ = client.shutdown().await;
    Ok(())
}
