//! Raw TCP servers on 127.0.0.1 whose handlers write exactly the bytes a test
//! wants: broken status lines, lying `Content-Length`s, endless bodies,
//! redirects to other ports. wiremock cannot send most of these.
//!
//! Each server records every request it read (method, path, headers, body) and
//! is stopped when dropped.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// The most a request head may take before the server gives up on it.
const MAX_HEAD: usize = 64 * 1024;

/// One request as it arrived.
#[derive(Clone, Debug)]
pub struct Received {
    pub method: String,
    pub path: String,
    /// Header names lower-cased, in arrival order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

type Reply = Pin<Box<dyn Future<Output = ()> + Send>>;
type Handler = dyn Fn(usize, Received, TcpStream) -> Reply + Send + Sync;

/// A server on 127.0.0.1 and a free port, answering through its handler.
pub struct RawServer {
    addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    task: JoinHandle<()>,
}

impl RawServer {
    /// Starts a server whose `handler` gets the request's index (0 for the
    /// first), the request, and the connection to write the answer to. The
    /// connection is closed when the handler returns.
    pub async fn start<F, Fut>(handler: F) -> RawServer
    where
        F: Fn(usize, Received, TcpStream) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let handler: Arc<Handler> =
            Arc::new(move |n, request, stream| Box::pin(handler(n, request, stream)));
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local address");
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&received);
        let task = tokio::spawn(async move {
            loop {
                let Ok((mut stream, _)) = listener.accept().await else {
                    return;
                };
                let handler = Arc::clone(&handler);
                let log = Arc::clone(&log);
                tokio::spawn(async move {
                    let Some(request) = read_request(&mut stream).await else {
                        return;
                    };
                    let index = {
                        let mut log = log.lock().expect("request log");
                        log.push(request.clone());
                        log.len() - 1
                    };
                    handler(index, request, stream).await;
                });
            }
        });
        RawServer {
            addr,
            received,
            task,
        }
    }

    /// A server that answers every request with the same bytes.
    pub async fn fixed(response: impl Into<Vec<u8>>) -> RawServer {
        let response: Arc<Vec<u8>> = Arc::new(response.into());
        RawServer::start(move |_, _, mut stream| {
            let response = Arc::clone(&response);
            async move {
                let _ = stream.write_all(&response).await;
                let _ = stream.shutdown().await;
            }
        })
        .await
    }

    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request read so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().expect("request log").clone()
    }

    pub fn count(&self) -> usize {
        self.received.lock().expect("request log").len()
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A complete HTTP/1.1 response with a JSON body and `Connection: close`.
pub fn json_response(status: &str, extra_headers: &str, body: &str) -> Vec<u8> {
    response(status, "application/json", extra_headers, body.as_bytes())
}

/// A complete HTTP/1.1 response with the given content type.
pub fn response(status: &str, content_type: &str, extra_headers: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n{extra_headers}\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// Writes a chunked body of `[` and then spaces forever (until the client
/// hangs up, 10 GiB, or 30 s: the loop is bounded in bytes and time).
pub async fn endless_chunked(mut stream: TcpStream, status: &str) {
    let head = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n"
    );
    if stream.write_all(head.as_bytes()).await.is_err() {
        return;
    }
    let mut chunk = format!("{:x}\r\n[", 64 * 1024).into_bytes();
    chunk.extend(std::iter::repeat_n(b' ', 64 * 1024 - 1));
    chunk.extend_from_slice(b"\r\n");
    let started = Instant::now();
    let mut sent: u64 = 0;
    while sent < 10 << 30 && started.elapsed() < Duration::from_secs(30) {
        if stream.write_all(&chunk).await.is_err() {
            return;
        }
        sent += chunk.len() as u64;
    }
}

/// Declares a 10 GiB body and sends spaces until the client hangs up (bounded as above).
pub async fn huge_content_length(mut stream: TcpStream, status: &str) {
    let head = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        10u64 << 30
    );
    if stream.write_all(head.as_bytes()).await.is_err() {
        return;
    }
    let block = vec![b' '; 64 * 1024];
    let started = Instant::now();
    let mut sent: u64 = 0;
    while sent < 10 << 30 && started.elapsed() < Duration::from_secs(30) {
        if stream.write_all(&block).await.is_err() {
            return;
        }
        sent += block.len() as u64;
    }
}

/// Reads one request: the head up to the blank line, then `Content-Length` bytes.
async fn read_request(stream: &mut TcpStream) -> Option<Received> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(end) = find(&buffer, b"\r\n\r\n") {
            break end;
        }
        if buffer.len() > MAX_HEAD {
            return None;
        }
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let path = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(name, _)| name == "content-length")
        .and_then(|(_, value)| value.parse().ok())
        .unwrap_or(0);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..read]);
    }
    Some(Received {
        method,
        path,
        headers,
        body,
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
