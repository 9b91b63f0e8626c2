//! Webhooks signed by Seam's JavaScript side: `webhook-sign.mjs` beside this
//! file signs payloads with `svix`'s `Webhook.sign` (what `@seamapi/webhook`
//! wraps) and checks each with `SeamWebhook.verify`. Shared by the wire tests
//! (crate `seam`) and the fake-server suite (crate `seam-full`), which include
//! this file by path.

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};

/// The secret every case is signed with: made up, in the form Seam Console
/// shows a webhook's secret.
pub const SECRET: &str = "whsec_C2FtcGxlLXdlYmhvb2stc2VjcmV0LWZvci10ZXN0cw==";

/// One payload for the JavaScript side to sign (and verify).
pub struct Case {
    pub id: String,
    /// Seconds from now.
    pub offset: i64,
    pub payload: String,
    pub verify_secret: Option<&'static str>,
    pub verify_payload: Option<String>,
}

pub fn case(id: &str, offset: i64, payload: &str) -> Case {
    Case {
        id: id.to_owned(),
        offset,
        payload: payload.to_owned(),
        verify_secret: None,
        verify_payload: None,
    }
}

/// What the JavaScript side made of one case.
pub struct Signed {
    /// The headers, as Seam sends them.
    pub headers: Vec<(String, String)>,
    /// `ok`, or the error `SeamWebhook.verify` threw.
    pub js: String,
    /// The event id `SeamWebhook.verify` returned.
    pub js_event_id: Option<String>,
}

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("a clock after 1970")
        .as_secs() as i64
}

/// Signs every case with `svix` and verifies it with `@seamapi/webhook`.
/// Panics, saying what to install, when Node or the npm packages are missing.
pub fn sign_in_js(cases: &[Case]) -> Vec<Signed> {
    let node_dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("tests/node"))
        .find(|dir| dir.join("webhook-sign.mjs").is_file())
        .expect("tests/node/webhook-sign.mjs above the crate");
    let package = node_dir.join("node_modules/@seamapi/webhook");
    assert!(
        package.is_dir(),
        "Seam's JavaScript webhook package is not installed ({} is missing): run `cargo xtask \
         test` from the repository root, which runs `npm ci` in tests/node, or install Node.js \
         20+ and run `npm ci` there yourself",
        package.display()
    );
    let now = now();
    let list: Vec<Value> = cases
        .iter()
        .map(|c| {
            json!({
                "secret": SECRET,
                "id": c.id,
                "timestamp": now + c.offset,
                "payload": c.payload,
                "verify_secret": c.verify_secret,
                "verify_payload": c.verify_payload,
            })
        })
        .collect();
    // Tests run in parallel: one file per call.
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    let file = std::env::temp_dir().join(format!(
        "webhook-cases-{}-{}.json",
        std::process::id(),
        CALLS.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&file, serde_json::to_vec(&list).unwrap()).expect("write the cases");
    let output = Command::new("node")
        .arg("webhook-sign.mjs")
        .arg(&file)
        .current_dir(&node_dir)
        .output();
    let _ = std::fs::remove_file(&file);
    let output = output.unwrap_or_else(|e| {
        panic!("cannot run `node` ({e}): install Node.js 20+ (https://nodejs.org)")
    });
    assert!(
        output.status.success(),
        "webhook-sign.mjs failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let results: Vec<Value> = serde_json::from_slice(&output.stdout).expect("a JSON array");
    assert_eq!(results.len(), cases.len());
    results
        .into_iter()
        .map(|result| Signed {
            headers: result["headers"]
                .as_object()
                .expect("headers")
                .iter()
                .map(|(name, value)| (name.clone(), value.as_str().unwrap().to_owned()))
                .collect(),
            js: result["js"].as_str().unwrap().to_owned(),
            js_event_id: result["event_id"].as_str().map(str::to_owned),
        })
        .collect()
}

/// The value of the header `name` the JavaScript side sent.
pub fn header<'s>(signed: &'s Signed, name: &str) -> &'s str {
    signed
        .headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, value)| value.as_str())
        .unwrap_or_else(|| panic!("no {name} header"))
}
