//! Names generated code already uses: Rust's keywords, the types it refers to
//! unqualified, the runtime's names at the crate root, the crates it depends on, and
//! the methods of builders, resources and the client. A name made from spec text that
//! equals one of these is changed (see `names::ident`).

/// Rust keywords (strict and reserved, all editions): a snake-case name equal to one
/// gets a trailing underscore (`type_`).
pub(super) const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names generated code refers to unqualified (prelude items, derives, imports):
/// a model type with one of these names would shadow it.
pub(super) const RESERVED_TYPE_NAMES: &[&str] = &[
    // Imported by name into the generated `resources` module beside the models.
    "Error",
    // The type parameter of handles and request builders (`mode::Async`).
    "M",
    "Operation",
    "Page",
    "RequestOptions",
    "ValidationErrors",
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "Deserialize",
    "Deserializer",
    "Drop",
    "Eq",
    "Err",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Hash",
    "Into",
    "IntoFuture",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Self",
    "Send",
    "Serialize",
    "Serializer",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "Unpin",
    "Vec",
];

/// Names the runtime defines or imports where the client is declared and
/// exported (`conventions`, `clients` and the crate root): a client named so
/// would clash with one of them.
pub(super) const RUNTIME_ROOT_NAMES: &[&str] = &[
    "Arc",
    "BlockingClient",
    "BoxError",
    "Client",
    "ClientBuilder",
    "ClientInner",
    "ContextHeader",
    "Credential",
    "ErrorBody",
    "ErrorObject",
    "Event",
    "EventStream",
    "FilePart",
    "HttpResponse",
    "ItemError",
    // Beside the blocking client in its module (templates/runtime/blocking.rs).
    "Iter",
    "Items",
    "KeyAuth",
    "Mode",
    "PaginationProblem",
    "Pages",
    "Placement",
    "ProblemDetails",
    "RefusedPrefix",
    "Runtime",
    "Secret",
    "Settings",
    "UnknownJson",
    "UnknownValue",
    "WebhookError",
    "WebhookHeader",
    "WebhookVerifier",
];

/// Crates every generated crate depends on (templates/Cargo.toml.j2; a test
/// compares them) and the ones Rust builds in: a crate of the same name would
/// shadow one or be refused by cargo.
pub(super) const TAKEN_CRATE_IDENTS: &[&str] = &[
    "alloc",
    "base64",
    "bytes",
    "chrono",
    "clap",
    "clap_complete",
    "core",
    "fastrand",
    "form_urlencoded",
    "futures_core",
    "futures_util",
    "getrandom",
    "hmac",
    "httpdate",
    "hyper",
    "percent_encoding",
    "proc_macro",
    "reqwest",
    "serde",
    "serde_json",
    "serde_path_to_error",
    "serde_transcode",
    "sha2",
    "sse_stream",
    "std",
    "test",
    "thiserror",
    "tokio",
    "tracing",
    "wasmtimer",
    "web_time",
];

/// Method names that request builders and resource handles already define.
pub const RESERVED_METHOD_NAMES: &[&str] = &[
    "send",
    "send_as",
    "into_future",
    "timeout",
    "max_retries",
    "with_options",
    "send_with_response",
    "max_pages",
    "pages",
    "items",
    "first_page",
    "first_page_as",
    "pages_as",
    "body",
    "new",
    "client",
    // Settings of operations that start an action.
    "wait_for_action_attempt",
    "action_attempt_timeout",
    "action_attempt_poll_interval",
    // Builder fields and private helpers of the operation template.
    "options",
    "base_request",
    "request",
    "mode_marker",
    "into_async",
    // Trait methods (`Clone`, `Debug`) that an inherent method would shadow.
    "clone",
    "fmt",
];

/// Methods of the client itself (the root resource), from the runtime templates
/// (a test compares them with the runtime's `impl Client` blocks).
pub const CLIENT_METHOD_NAMES: &[&str] = &[
    "builder",
    "from_env",
    "call",
    "call_body",
    "call_void",
    "call_bytes",
    "call_text",
    "call_events",
    "call_action",
    "send_attempts",
    "settle",
    "call_page",
    "attempt",
    "retry_delay",
    "auth",
    "replaced_auth",
    "adopt_auth",
    "with_auth",
];

/// Methods of every client builder, from the runtime templates (a test compares
/// them with the runtime's `impl ClientBuilder` blocks): a credential setter
/// made from a spec's security scheme must not take one.
pub const BUILDER_METHOD_NAMES: &[&str] = &[
    "credential",
    "context",
    "endpoint",
    "timeout",
    "max_retries",
    "retry_base_delay",
    "retry_max_delay",
    "max_response_bytes",
    "max_pages",
    "max_empty_pages",
    "configure_http_client",
    "hook",
    "env_source",
    "ignore_env",
    "build",
    "build_as",
    // Trait methods (`Clone`, `Debug`, `Default`) that an inherent method would shadow.
    "clone",
    "fmt",
    "default",
];

/// The enum of every typed error body, in `models` (the runtime names it too):
/// reserved so that no model type takes its name.
pub const ERROR_BODY_ENUM: &str = "ErrorBody";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::crate_ident;

    /// Every name the templates import or export beside the client, and every
    /// crate the generated Cargo.toml depends on, is in the lists above.
    #[test]
    fn the_runtime_names_and_crates_are_the_templates() {
        let templates = [
            include_str!("../../../templates/lib.rs.j2"),
            include_str!("../../../templates/conventions.rs.j2"),
            include_str!("../../../templates/clients.rs.j2"),
            include_str!("../../../templates/runtime/blocking.rs"),
        ];
        // The blocking client's module defines names beside it too.
        let blocking = include_str!("../../../templates/runtime/blocking.rs");
        for line in blocking.lines() {
            let declared = ["pub struct ", "pub(crate) struct ", "pub type "]
                .iter()
                .find_map(|start| line.strip_prefix(start));
            if let Some(rest) = declared {
                let name = rest.split(['<', '(', ' ', ';']).next().unwrap_or_default();
                assert!(RUNTIME_ROOT_NAMES.contains(&name), "{name} in blocking.rs");
            }
        }
        for line in templates.iter().flat_map(|t| t.lines()) {
            let Some(rest) = line
                .strip_prefix("pub use ")
                .or_else(|| line.strip_prefix("use "))
            else {
                continue;
            };
            let names = rest.rsplit("::").next().unwrap_or_default();
            for name in names.split([',', '{', '}', ';', ' ']) {
                if name.starts_with(|c: char| c.is_ascii_uppercase()) {
                    assert!(
                        RUNTIME_ROOT_NAMES.contains(&name) || RESERVED_TYPE_NAMES.contains(&name),
                        "{name} in `{line}`"
                    );
                }
            }
        }
        let cargo = include_str!("../../../templates/Cargo.toml.j2");
        let dependencies = cargo.split("[dependencies]").nth(1).unwrap_or_default();
        // Every dependency table after the first, target-specific ones too.
        for line in dependencies.lines().filter(|line| !line.starts_with('[')) {
            if let Some((name, _)) = line.split_once(" = ") {
                let ident = crate_ident(name);
                assert!(TAKEN_CRATE_IDENTS.contains(&ident.as_str()), "{name}");
            }
        }
    }
}
