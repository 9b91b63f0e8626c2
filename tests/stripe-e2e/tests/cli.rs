//! Stripe's command line (the `stripe` binary, target/stripe-full's `cli` feature)
//! against the recording server of `src/lib.rs`, with the key from `STRIPE_API_KEY`:
//! `customers create` with a nested `--address` and `--metadata` given as JSON sends
//! what Stripe's Node SDK sends for the same call (method, path, form body byte for
//! byte, the headers that matter), and `tax-codes list --all` follows `has_more` to
//! the end as the SDK's auto-pagination does, page for page, printing every item.

#[allow(dead_code)]
#[path = "../../common/cli_run.rs"]
mod cli_run;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use cli_run::{build_binary, Run};
use serde_json::{json, Value};
use stripe_e2e::{
    run_node_sdk, stripe_spec, NodeCall, Recorded, RecordingServer, API_KEY, LIST_ITEMS,
    STRIPE_VERSION,
};

/// The command line's words for the two operations (where the naming changes).
const CUSTOMERS_CREATE: &[&str] = &["customers", "create"];
const TAX_CODES_LIST: &[&str] = &["tax-codes", "list"];

/// The binary, built through this crate's manifest with this crate selected too:
/// its dependency on `stripe` turns on the `cli` feature, so the library built for
/// the tests is the binary's.
fn binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        build_binary(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"),
            &["stripe", "stripe-e2e"],
            "stripe",
            None,
            "run `cargo xtask test`, which generates target/stripe-full",
        )
    })
}

/// Runs the binary against `server` with the key in `STRIPE_API_KEY` (and no other
/// `STRIPE_*` variable of this process); fails if it prints the key.
async fn run(server: &RecordingServer, args: &[&str]) -> Run {
    let mut command = tokio::process::Command::new(binary());
    command.args(args);
    let url = server.url();
    let env = [
        ("STRIPE_API_KEY", API_KEY),
        ("STRIPE_ENDPOINT", url.as_str()),
    ];
    let run = cli_run::run_isolated(command, "STRIPE_", &env).await;
    run.expect_none_of(&[API_KEY]);
    run
}

/// The parts of a request both must agree on; the key's value is random.
fn essentials(request: &Recorded) -> Value {
    json!({
        "method": request.method,
        "path": request.path,
        "query": request.query,
        "authorization": request.header("authorization"),
        "stripe_version": request.header("stripe-version"),
        "content_type": (!request.body.is_empty()).then(|| request.header("content-type")),
        "idempotency_key": request.header("idempotency-key").is_some(),
        "body": request.body_text(),
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn customers_create_sends_what_the_node_sdk_sends() {
    let server = RecordingServer::start(&stripe_spec()).await;
    let address = json!({
        "city": "Berlin",
        "country": "DE",
        "line1": "Unter den Linden 1",
        "line2": "Apt. 3 & 4",
        "postal_code": "10117",
    });
    let metadata = json!({ "order_id": "6735", "source": "cli test" });
    let port = server.port();
    let params = json!({
        "address": address,
        "email": "jane+doe@example.com",
        "metadata": metadata,
        "name": "Zoë Doe",
    });
    let node_results = tokio::task::spawn_blocking(move || {
        run_node_sdk(port, &[NodeCall::new("customers.create", vec![params])])
    })
    .await
    .unwrap();
    let node = server.take();

    let mut args = CUSTOMERS_CREATE.to_vec();
    let (address, metadata) = (address.to_string(), metadata.to_string());
    args.extend([
        "--email",
        "jane+doe@example.com",
        "--address",
        &address,
        "--metadata",
        &metadata,
        "--name",
        "Zoë Doe",
    ]);
    let printed = run(&server, &args).await.expect_code(0).json();
    let cli = server.take();

    assert_eq!(node.len(), 1, "{node:?}");
    assert_eq!(cli.len(), 1, "{cli:?}");
    assert_eq!(essentials(&cli[0]), essentials(&node[0]));
    assert_eq!(
        cli[0].header("authorization"),
        Some("Bearer sk_test_parity")
    );
    assert_eq!(cli[0].header("stripe-version"), Some(STRIPE_VERSION));
    assert!(cli[0].header("idempotency-key").is_some(), "{cli:?}");
    assert!(
        cli[0]
            .body_text()
            .starts_with("address[city]=Berlin&address[country]=DE&address[line1]=Unter%20den"),
        "{}",
        cli[0].body_text()
    );
    // Both decoded the same customer; the command line printed it.
    assert_eq!(printed["id"], node_results[0]);
    assert_eq!(printed["object"], "customer");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tax_codes_list_all_follows_every_page_as_the_node_sdk_does() {
    let server = RecordingServer::start(&stripe_spec()).await;
    let port = server.port();
    let node_results = tokio::task::spawn_blocking(move || {
        run_node_sdk(
            port,
            &[NodeCall::all("taxCodes.list", vec![json!({ "limit": 2 })])],
        )
    })
    .await
    .unwrap();
    let node = server.take();

    let mut args = TAX_CODES_LIST.to_vec();
    args.extend(["--all", "--limit", "2"]);
    let printed = run(&server, &args).await.expect_code(0).json();
    let cli = server.take();

    let expected: Vec<String> = (1..=LIST_ITEMS).map(|i| format!("tax_code_{i}")).collect();
    assert_eq!(node_results, [json!(expected)]);
    let ids: Vec<&str> = printed
        .as_array()
        .unwrap_or_else(|| panic!("a JSON array of every item: {printed}"))
        .iter()
        .map(|item| item["id"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(ids, expected, "{printed}");
    let pages = |requests: &[Recorded]| -> Vec<Value> { requests.iter().map(essentials).collect() };
    assert_eq!(pages(&cli), pages(&node));
    assert_eq!(cli.len(), 3, "{cli:?}");
    assert_eq!(
        cli[2].query.as_deref(),
        Some("limit=2&starting_after=tax_code_4")
    );
}
