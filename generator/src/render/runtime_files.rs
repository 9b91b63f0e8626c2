//! The runtime: the hand-written modules copied into every generated crate
//! (`templates/runtime/`) and the command line's (`templates/cli/`), which of
//! them a crate gets, their doc examples renamed for the crate, and the
//! fingerprint a crate records of them.

/// Whether `path` (relative to the crate root) is one of the runtime modules,
/// which are the same for every spec.
pub fn is_runtime_file(path: &str) -> bool {
    RUNTIME_FILES.iter().any(|(runtime, _)| *runtime == path)
}

/// How the runtime's doc examples name the crate and its client.
const RUNTIME_CRATE: &str = "api";
const RUNTIME_CLIENT: &str = "Client";
/// The module of the blocking client, which has the async one's name.
const BLOCKING_MODULE: &str = "blocking::";

/// Runtime modules, copied verbatim into `src/`.
pub(super) const RUNTIME_FILES: &[(&str, &str)] = &[
    (
        "src/action.rs",
        include_str!("../../../templates/runtime/action.rs"),
    ),
    (
        "src/auth.rs",
        include_str!("../../../templates/runtime/auth.rs"),
    ),
    (
        "src/blocking.rs",
        include_str!("../../../templates/runtime/blocking.rs"),
    ),
    (
        "src/body.rs",
        include_str!("../../../templates/runtime/body.rs"),
    ),
    (
        "src/client.rs",
        include_str!("../../../templates/runtime/client.rs"),
    ),
    (
        "src/codec.rs",
        include_str!("../../../templates/runtime/codec.rs"),
    ),
    (
        "src/error.rs",
        include_str!("../../../templates/runtime/error.rs"),
    ),
    (
        "src/error_format.rs",
        include_str!("../../../templates/runtime/error_format.rs"),
    ),
    (
        EVENTS_RUNTIME,
        include_str!("../../../templates/runtime/events.rs"),
    ),
    (
        "src/fields.rs",
        include_str!("../../../templates/runtime/fields.rs"),
    ),
    (
        "src/form.rs",
        include_str!("../../../templates/runtime/form.rs"),
    ),
    (
        "src/hooks.rs",
        include_str!("../../../templates/runtime/hooks.rs"),
    ),
    (
        "src/idempotency.rs",
        include_str!("../../../templates/runtime/idempotency.rs"),
    ),
    (
        "src/inspect.rs",
        include_str!("../../../templates/runtime/inspect.rs"),
    ),
    (
        "src/mode.rs",
        include_str!("../../../templates/runtime/mode.rs"),
    ),
    (
        "src/oauth.rs",
        include_str!("../../../templates/runtime/oauth.rs"),
    ),
    (
        "src/pagination.rs",
        include_str!("../../../templates/runtime/pagination.rs"),
    ),
    (
        "src/paging.rs",
        include_str!("../../../templates/runtime/paging.rs"),
    ),
    (
        "src/platform.rs",
        include_str!("../../../templates/runtime/platform.rs"),
    ),
    (
        "src/redact.rs",
        include_str!("../../../templates/runtime/redact.rs"),
    ),
    (
        "src/request.rs",
        include_str!("../../../templates/runtime/request.rs"),
    ),
    (
        "src/options.rs",
        include_str!("../../../templates/runtime/options.rs"),
    ),
    (
        "src/reply.rs",
        include_str!("../../../templates/runtime/reply.rs"),
    ),
    (
        "src/response.rs",
        include_str!("../../../templates/runtime/response.rs"),
    ),
    (
        "src/retry.rs",
        include_str!("../../../templates/runtime/retry.rs"),
    ),
    (
        "src/trace.rs",
        include_str!("../../../templates/runtime/trace.rs"),
    ),
    (
        "src/transport.rs",
        include_str!("../../../templates/runtime/transport.rs"),
    ),
    (
        WEBHOOK_RUNTIME,
        include_str!("../../../templates/runtime/webhook.rs"),
    ),
];

/// The command line's runtime, copied verbatim beside its generated modules.
pub(super) const CLI_RUNTIME_FILES: &[(&str, &str)] = &[
    ("app.rs", include_str!("../../../templates/cli/app.rs")),
    ("flags.rs", include_str!("../../../templates/cli/flags.rs")),
    (
        CLI_EVENTS_RUNTIME,
        include_str!("../../../templates/cli/events.rs"),
    ),
    (
        "output.rs",
        include_str!("../../../templates/cli/output.rs"),
    ),
];

/// The runtime module that reads streams of server-sent events: only in crates
/// with an operation that returns one (it brings the `sse-stream` parser).
pub(super) const EVENTS_RUNTIME: &str = "src/events.rs";

/// The command line's printer of event streams, beside `EVENTS_RUNTIME`.
pub(super) const CLI_EVENTS_RUNTIME: &str = "events.rs";

/// The runtime module that verifies webhooks: only in crates whose profile
/// says how the API signs them.
pub(super) const WEBHOOK_RUNTIME: &str = "src/webhook.rs";

/// A runtime file for one crate: its doc examples, written against a crate
/// `api` whose client is `Client`, name the crate and client they are compiled
/// with. Only doc comment lines change.
pub(super) fn runtime_for_crate(contents: &str, crate_ident: &str, client_name: &str) -> String {
    contents
        .lines()
        .map(|line| {
            let trimmed = line.trim_start();
            if trimmed.starts_with("///") || trimmed.starts_with("//!") {
                rename_paths(line, crate_ident, client_name)
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// `line` with each path `api::Client`, `api::blocking::Client` and
/// `api::...` (the whole identifier `api`, not the end of a longer one) naming
/// `crate_ident` and its client.
fn rename_paths(line: &str, crate_ident: &str, client_name: &str) -> String {
    let crate_path = format!("{RUNTIME_CRATE}::");
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find(&crate_path) {
        let (before, tail) = rest.split_at(at);
        out.push_str(before);
        let joined = out
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':');
        let after = &tail[crate_path.len()..];
        if joined {
            out.push_str(&crate_path);
        } else {
            out.push_str(crate_ident);
            out.push_str("::");
            let (module, after) = match after.strip_prefix(BLOCKING_MODULE) {
                Some(after) => (BLOCKING_MODULE, after),
                None => ("", after),
            };
            out.push_str(module);
            if let Some(tail) = after.strip_prefix(RUNTIME_CLIENT) {
                if !tail.starts_with(|c: char| c.is_alphanumeric() || c == '_') {
                    out.push_str(client_name);
                    rest = tail;
                    continue;
                }
            }
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// A fingerprint of the runtime's and the command line's files (FNV-1a, 64
/// bits): a crate records it, so that a runtime edit between two releases of
/// the generator shows in the crate's diff even where its text does not.
pub(super) fn fingerprint() -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (path, contents) in RUNTIME_FILES.iter().chain(CLI_RUNTIME_FILES) {
        for byte in path.bytes().chain(contents.bytes()) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}
