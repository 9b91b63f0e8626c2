//! Memory stays flat whatever a server sends: the client is driven against a
//! declared 10 GiB body, an endless chunked body and an endless error body, with
//! default limits, and the process's peak resident set (`VmHWM`, measured, not
//! assumed) must stay under 100 MiB.
//!
//! Its own test binary with one test, so that nothing else in the process
//! moves the peak.

#[path = "../hostile/server.rs"]
#[allow(dead_code)]
mod server;

use std::time::{Duration, Instant};

use seam::models::AcsCredentialAccessMethod;
use seam::{Error, Seam};
use server::{endless_chunked, huge_content_length, RawServer};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

const MIB: u64 = 1024 * 1024;

/// A field of `/proc/self/status`, in KiB.
fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status")
        .expect("/proc/self/status (this test measures memory on Linux)");
    status
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("no {field} in /proc/self/status"))
}

/// Streams a 40 MiB successful `get` response whose bulk is a list of zeros
/// beside the credential, written in 64 KiB blocks so that the server (in this
/// same process) holds next to none of it.
async fn big_success_body(mut stream: TcpStream) {
    const PREFIX: &[u8] = br#"{"ok": true, "acs_credential": {"acs_credential_id": "c",
        "connected_account_id": "a", "acs_system_id": "s", "workspace_id": "w",
        "display_name": "d", "access_method": "code", "created_at": "2024-04-12T03:56:22.396Z",
        "errors": [], "warnings": [], "is_managed": true}, "padding": ["#;
    const BLOCKS: u64 = 640;
    let block = b"0,".repeat(32 * 1024);
    let length = PREFIX.len() as u64 + BLOCKS * block.len() as u64 + 3;
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {length}\r\n\
         connection: close\r\n\r\n"
    );
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(PREFIX).await;
    for _ in 0..BLOCKS {
        if stream.write_all(&block).await.is_err() {
            return;
        }
    }
    let _ = stream.write_all(b"0]}").await;
}

fn client(url: &str) -> Seam {
    Seam::builder()
        .ignore_env()
        .endpoint(url)
        .api_key("seam_testkey1_abc")
        .build()
        .expect("valid options")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memory_stays_under_100_mib_against_10_gib_bodies() {
    let baseline = status_kib("VmHWM:") * 1024;

    let declared = RawServer::start(|_, _, s| huge_content_length(s, "200 OK")).await;
    let chunked = RawServer::start(|_, _, s| endless_chunked(s, "200 OK")).await;
    let failing = RawServer::start(|_, _, s| endless_chunked(s, "500 Internal Server Error")).await;

    let started = Instant::now();
    let err = client(&declared.url())
        .acs()
        .credentials()
        .get("c")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::ResponseTooLarge { status: 200, .. }),
        "{err:?}"
    );
    let err = client(&chunked.url())
        .acs()
        .credentials()
        .get("c")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::ResponseTooLarge { status: 200, .. }),
        "{err:?}"
    );
    let err = client(&failing.url())
        .acs()
        .credentials()
        .create(AcsCredentialAccessMethod::Code)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Http { status: 500, .. }), "{err:?}");
    let took = started.elapsed();

    // A body within the limit that is mostly a field nobody asked for: only the
    // field asked for is decoded, so the rest costs its bytes, not a JSON tree.
    let padded = RawServer::start(|_, _, stream| big_success_body(stream)).await;
    let big_len = 40 * MIB;
    let credential = client(&padded.url())
        .acs()
        .credentials()
        .get("c")
        .send()
        .await
        .expect("within the limit");
    assert_eq!(credential.acs_credential_id, "c");

    let peak = status_kib("VmHWM:") * 1024;
    println!(
        "peak RSS {:.1} MiB (baseline {:.1} MiB) over the three 10 GiB answers (in {took:?}) \
         and a {:.0} MiB success body",
        peak as f64 / MIB as f64,
        baseline as f64 / MIB as f64,
        big_len as f64 / MIB as f64
    );
    assert!(peak < 100 * MIB, "peak RSS {} MiB", peak / MIB);
    assert!(took < Duration::from_secs(30), "{took:?}");
}
