//! The naming layer: the only place where spec text becomes Rust identifiers, string
//! literals or doc comments.
//!
//! Identifiers are cased with heck, reduced to ASCII, kept clear of Rust keywords and of
//! the names generated code relies on, and made unique within their scope in the order
//! they are asked for, so the same spec always yields the same names.

use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Rust keywords (strict and reserved, all editions): a snake-case name equal to one
/// gets a trailing underscore (`type_`).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names generated code refers to unqualified (prelude items, derives, imports):
/// a model type with one of these names would shadow it.
const RESERVED_TYPE_NAMES: &[&str] = &[
    // Imported by name into the generated `resources` module beside the models.
    "Error",
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
const RUNTIME_ROOT_NAMES: &[&str] = &[
    "Arc",
    "BoxError",
    "Client",
    "ClientBuilder",
    "ClientInner",
    "ContextHeader",
    "Credential",
    "ErrorBody",
    "ErrorObject",
    "FilePart",
    "HttpResponse",
    "ItemError",
    "Items",
    "KeyAuth",
    "Mode",
    "PaginationProblem",
    "Pages",
    "Placement",
    "ProblemDetails",
    "RefusedPrefix",
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
const TAKEN_CRATE_IDENTS: &[&str] = &[
    "alloc",
    "base64",
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
    "std",
    "test",
    "thiserror",
    "tokio",
    "tracing",
];

/// Whether `text` is an HTTP token (RFC 9110): what a header name, and each
/// half of a media type, must be made of to be sent as it is.
pub fn is_http_token(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

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
    "env_source",
    "ignore_env",
    "build",
    "build_as",
    // Trait methods (`Clone`, `Debug`, `Default`) that an inherent method would shadow.
    "clone",
    "fmt",
    "default",
];

/// Splits `raw` into ASCII words: every other character separates words.
fn ascii_words(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// How one kind of identifier is made: its case, what stands in for a name with no
/// letters or digits, what goes before a leading digit, and how a reserved word is
/// changed.
struct IdentRules {
    case: fn(&str) -> String,
    empty: &'static str,
    digit_prefix: &'static str,
    is_reserved: fn(&str) -> bool,
    rename_reserved: fn(String) -> String,
}

fn ident(raw: &str, rules: &IdentRules) -> String {
    let mut name = (rules.case)(&ascii_words(raw));
    if name.is_empty() {
        name = rules.empty.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("{}{name}", rules.digit_prefix);
    }
    if (rules.is_reserved)(&name) {
        name = (rules.rename_reserved)(name);
    }
    name
}

/// `UpperCamelCase` for types, never empty, never starting with a digit, never a
/// reserved name (`String` becomes `StringType`).
pub fn type_name(raw: &str) -> String {
    ident(
        raw,
        &IdentRules {
            case: |s| s.to_upper_camel_case(),
            empty: "Unnamed",
            digit_prefix: "N",
            // The client and its builder are reserved in the type scope by the
            // profile that names them.
            is_reserved: |name| RESERVED_TYPE_NAMES.contains(&name),
            rename_reserved: |name| name + "Type",
        },
    )
}

/// The client's type name for an API titled `title`: the title in
/// `UpperCamelCase`, with `Api` after it when the client or its builder
/// (`<name>Builder`) would take a name the crate already uses (`Client` gives
/// `ClientApi`, `Error` gives `ErrorApi`); `ApiClient` for a title with no
/// ASCII letter or digit.
pub fn client_type_name(title: &str) -> String {
    let name = ident(
        title,
        &IdentRules {
            case: |s| s.to_upper_camel_case(),
            empty: "ApiClient",
            digit_prefix: "N",
            is_reserved: |_| false,
            rename_reserved: |name| name,
        },
    );
    let taken =
        |name: &str| RESERVED_TYPE_NAMES.contains(&name) || RUNTIME_ROOT_NAMES.contains(&name);
    if taken(&name) || taken(&format!("{name}Builder")) {
        name + "Api"
    } else {
        name
    }
}

/// The crate's name for an API titled `title`: the title in kebab case,
/// `client` when that is no crate name, with `-client` after it when its Rust
/// name is a keyword or a crate the generated one uses (`serde-client`).
pub fn crate_name(title: &str) -> String {
    let name = title.to_kebab_case();
    if !is_crate_name(&name) {
        "client".to_owned()
    } else if is_usable_crate_name(&name) {
        name
    } else {
        name + "-client"
    }
}

/// Whether `name` is made of what a crate name may hold.
fn is_crate_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Whether a generated crate can be called `name`: a crate name whose Rust
/// name is no keyword, nor a crate Rust builds in or the generated one uses.
pub fn is_usable_crate_name(name: &str) -> bool {
    let ident = crate_ident(name);
    is_crate_name(name)
        && !KEYWORDS.contains(&ident.as_str())
        && !TAKEN_CRATE_IDENTS.contains(&ident.as_str())
}

/// A variant name; like [`type_name`] but `Self` is the only reserved word.
pub fn variant_name(raw: &str) -> String {
    ident(
        raw,
        &IdentRules {
            case: |s| s.to_upper_camel_case(),
            empty: "Empty",
            digit_prefix: "V",
            is_reserved: |name| name == "Self",
            rename_reserved: |_| "SelfValue".to_owned(),
        },
    )
}

/// `snake_case` for fields, methods and modules; keywords get a trailing underscore.
pub fn snake_name(raw: &str) -> String {
    ident(
        raw,
        &IdentRules {
            case: |s| s.to_snake_case(),
            empty: "value",
            digit_prefix: "n",
            is_reserved: |name| KEYWORDS.contains(&name),
            rename_reserved: |name| name + "_",
        },
    )
}

/// A request object's chainable setter for the field `field` (a Rust name
/// already): `with_card_format`, `with_type` for `type_`. Distinct fields give
/// distinct setters: a field ends in `_` only when it is a keyword.
pub fn with_setter_name(field: &str) -> String {
    format!("with_{}", field.trim_end_matches('_'))
}

/// The built-in feature of the webhook verifier, which also gates the types
/// only it decodes.
pub const WEBHOOKS_FEATURE: &str = "webhooks";

/// Cargo features every generated crate may declare itself, which no
/// resource's feature takes.
pub const BUILT_IN_FEATURES: &[&str] = &[
    "default",
    "cli",
    "serialize",
    "tracing",
    "webhooks",
    "undocumented",
];

/// The models module of the components no operation reaches.
pub const UNREACHED_MODULE: &str = "not_in_operations";

/// The cargo feature (and module) of a top-level resource, from its accessor
/// (`acs`, `access_codes`): the accessor itself, with `_resource` after it
/// where a built-in feature has that name (`webhooks_resource`).
pub fn resource_feature(accessor: &str) -> String {
    if BUILT_IN_FEATURES.contains(&accessor) || accessor == UNREACHED_MODULE {
        format!("{accessor}_resource")
    } else {
        accessor.to_owned()
    }
}

/// The name Rust code uses for a crate (`seam-full` is `seam_full`).
pub fn crate_ident(crate_name: &str) -> String {
    crate_name.replace('-', "_")
}

/// `SCREAMING_SNAKE_CASE` for consts.
pub fn const_name(raw: &str) -> String {
    snake_name(raw).trim_end_matches('_').to_ascii_uppercase()
}

/// A type name spelled from where a schema stands, for when the names its
/// parent gives it are taken: the pointer's segments, without the ones every
/// schema's pointer has (`components`, `schemas`, `schema`, `content` and its
/// media type, and unless `whole`, `properties`): `#/components/schemas/
/// action_attempt/oneOf/10/properties/result` is `ActionAttemptOneOf10Result`,
/// whole `ActionAttemptOneOf10PropertiesResult` (for when `device.type` and
/// `device.device_type` both want `DeviceType`).
pub fn pointer_type_name(pointer: &crate::diagnostics::Pointer, whole: bool) -> String {
    const NOISE: &[&str] = &[
        "#",
        "components",
        "schemas",
        "paths",
        "schema",
        "content",
        "requestBody",
        "responses",
    ];
    let segments: Vec<String> = (pointer.as_str().split('/'))
        // A media type (`application~1json`) has a `/` inside; a path starts with one.
        .filter(|s| !NOISE.contains(s) && (whole || *s != "properties"))
        .filter(|s| s.starts_with("~1") || !s.contains("~1"))
        .map(|s| s.replace("~1", "_").replace("~0", "_"))
        .collect();
    type_name(&segments.join("_"))
}

/// A crude English singular, for naming the item type of an array property
/// (`warnings` -> `warning`, `entries` -> `entry`); falls back to `<name>_item`.
pub fn singular(raw: &str) -> String {
    if let Some(stem) = raw.strip_suffix("ies") {
        if !stem.is_empty() {
            return format!("{stem}y");
        }
    }
    for suffix in ["sses", "ches", "shes", "xes"] {
        if raw.ends_with(suffix) {
            return raw[..raw.len() - 2].to_owned();
        }
    }
    if raw.len() > 1 && raw.ends_with('s') && !["ss", "us", "is"].iter().any(|s| raw.ends_with(s)) {
        return raw[..raw.len() - 1].to_owned();
    }
    format!("{raw}_item")
}

/// Names already taken in one scope (a module's types, a struct's fields, an enum's
/// variants); later requests for a taken name get a numeric suffix.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    pub fn with_reserved(names: &[&str]) -> Self {
        Scope {
            taken: names.iter().map(|n| (*n).to_owned()).collect(),
        }
    }

    /// Claims `name`, or the first free `name2`, `name3`, ... (`name_2` for snake case).
    /// Returns the claimed name and whether it had to change.
    pub fn claim(&mut self, name: String) -> (String, bool) {
        if self.taken.insert(name.clone()) {
            return (name, false);
        }
        let separator = if name.contains('_') || name.chars().all(|c| !c.is_ascii_uppercase()) {
            "_"
        } else {
            ""
        };
        let base = name.trim_end_matches('_');
        let mut n = 2;
        loop {
            let candidate = format!("{base}{separator}{n}");
            if self.taken.insert(candidate.clone()) {
                return (candidate, true);
            }
            n += 1;
        }
    }

    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Claims `name` as it is; false when it is taken.
    pub fn claim_exact(&mut self, name: &str) -> bool {
        self.taken.insert(name.to_owned())
    }

    /// Claims a command line's name (a subcommand, a flag) and its other
    /// spelling: `name` if free, else `alias`, else the first free `name-2`,
    /// `name-3`, ...; the alias stays only if it is free too.
    pub fn claim_with_alias(&mut self, name: &mut String, alias: &mut Option<String>) {
        if !self.claim_exact(name) {
            match alias.take() {
                Some(other) if self.claim_exact(&other) => *name = other,
                _ => {
                    let base = name.clone();
                    let mut n = 2;
                    while !self.claim_exact(&format!("{base}-{n}")) {
                        n += 1;
                    }
                    *name = format!("{base}-{n}");
                }
            }
        }
        if alias.as_ref().is_some_and(|a| !self.claim_exact(a)) {
            *alias = None;
        }
    }
}

/// A Rust string literal whose value is exactly `value`.
pub fn rust_string_literal(value: &str) -> String {
    proc_macro2::Literal::string(value).to_string()
}

/// Splits a description into doc comment lines that rustdoc reads as plain prose:
/// no doctests from code fences or indentation, no intra-doc links, no raw HTML, no
/// bare URLs (each is a rustdoc warning or a compiled doctest).
pub fn doc_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut in_fence = false;
    // Control characters (NUL, escape, carriage return) are shown escaped, never raw.
    let text: String = text
        .chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect();
    // The content width of the list item the previous line belongs to, if any.
    let mut list_item: Option<usize> = None;
    for raw_line in text.lines() {
        let trimmed = raw_line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            // Every fence becomes a `text` block so rustdoc never compiles it.
            lines.push(if in_fence {
                "```".to_owned()
            } else {
                "```text".to_owned()
            });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            lines.push(raw_line.replace('\t', "    ").trim_end().to_owned());
        } else {
            // Up to three spaces of indentation keep list items' continuation lines in
            // their item; four would start a code block, which rustdoc compiles.
            let indent = raw_line.replace('\t', "    ").len()
                - raw_line.trim_start().replace('\t', "    ").len();
            let indent = if trimmed.is_empty() { 0 } else { indent.min(3) };
            let marker = list_marker_width(trimmed);
            match (list_item, marker) {
                (_, Some(width)) => list_item = Some(indent + width),
                // A line under a list item, not indented to its content, would
                // continue the item lazily: it is a paragraph of its own.
                (Some(content), None) if !trimmed.is_empty() && indent < content => {
                    lines.push(String::new());
                    list_item = None;
                }
                (_, None) if trimmed.is_empty() => list_item = None,
                _ => {}
            }
            lines.push(format!(
                "{}{}",
                " ".repeat(indent),
                escape_markdown(&trimmed.replace('\t', "    "))
            ));
        }
    }
    if in_fence {
        lines.push("```".to_owned());
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    while lines.first().is_some_and(|l| l.is_empty()) {
        lines.remove(0);
    }
    lines
}

/// The width of a list item's marker with its space (`- `, `12. `), if the
/// line starts one.
fn list_marker_width(line: &str) -> Option<usize> {
    if ["- ", "* ", "+ "].iter().any(|m| line.starts_with(m)) {
        return Some(2);
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &line[digits..];
    (digits > 0 && digits < 10 && (rest.starts_with(". ") || rest.starts_with(") ")))
        .then_some(digits + 2)
}

/// Escapes what rustdoc would treat as links or HTML, and wraps bare URLs.
fn escape_markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    // Inside `code spans` nothing is markup, so nothing is escaped.
    let mut in_code = false;
    while !rest.is_empty() {
        let c = rest.chars().next().expect("rest is not empty");
        if c == '`' {
            in_code = !in_code && rest[1..].contains('`');
            out.push(c);
            rest = &rest[1..];
            continue;
        }
        if in_code {
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        if let Some(url_len) = bare_url_len(rest) {
            out.push('<');
            out.push_str(&rest[..url_len]);
            out.push('>');
            rest = &rest[url_len..];
            continue;
        }
        match c {
            // Brackets would be read as intra-doc links, angle brackets as HTML tags.
            '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Doc lines (from [`doc_lines`]) as plain text for a terminal: rustdoc's
/// escapes undone (`\\[`, `&lt;`, `<https://...>`), fences without their
/// `text` tag.
pub fn plain_lines(doc_lines: &[String]) -> Vec<String> {
    doc_lines
        .iter()
        .map(|line| {
            if line.trim() == "```text" {
                return line.replace("```text", "```");
            }
            let mut out = String::with_capacity(line.len());
            let mut rest = line.as_str();
            while let Some(c) = rest.chars().next() {
                if let Some(url_len) = rest.strip_prefix('<').and_then(bare_url_len) {
                    if rest[1 + url_len..].starts_with('>') {
                        out.push_str(&rest[1..1 + url_len]);
                        rest = &rest[2 + url_len..];
                        continue;
                    }
                }
                let (text, len) = match rest {
                    _ if rest.starts_with("\\[") => ("[", 2),
                    _ if rest.starts_with("\\]") => ("]", 2),
                    _ if rest.starts_with("&lt;") => ("<", 4),
                    _ if rest.starts_with("&gt;") => (">", 4),
                    _ => {
                        out.push(c);
                        rest = &rest[c.len_utf8()..];
                        continue;
                    }
                };
                out.push_str(text);
                rest = &rest[len..];
            }
            out
        })
        .collect()
}

/// A command-line name for a Rust identifier (a resource's accessor, an
/// operation's method): words joined by `-` (`unlock-door`), with the
/// identifier's own spelling (`unlock_door`) as an alias when it differs.
pub fn command_name(ident: &str) -> (String, Option<String>) {
    let plain = ident.trim_start_matches("r#").trim_end_matches('_');
    let name = plain.replace('_', "-");
    let alias = (name != plain).then(|| plain.to_owned());
    (name, alias)
}

/// The const describing the command line's root command.
pub const ROOT_COMMAND_CONST: &str = "ROOT";

/// The command line's option for a client builder's setter (`api_key` →
/// `--api-key`).
pub fn option_name(setter: &str) -> String {
    setter.trim_start_matches("r#").replace('_', "-")
}

/// A parameter's flag: its wire name when that is a usable flag
/// (`--acs_user_id`), else its setter's name.
pub fn flag_name(wire: &str, setter: &str) -> String {
    if is_flag_name(wire) {
        wire.to_owned()
    } else {
        setter.trim_start_matches("r#").to_owned()
    }
}

/// A flag's other spelling, with `-` for `_` (`--acs-user-id`), when it differs.
pub fn flag_alias(long: &str) -> Option<String> {
    Some(long.replace('_', "-")).filter(|alias| alias != long)
}

/// The flag of a parameter named like one of the binary's own options.
pub fn renamed_flag(long: &str) -> String {
    format!("{long}_param")
}

/// The function that runs an operation's command, from the operation's const name.
pub fn command_runner(operation_const: &str) -> String {
    format!("run_{}", operation_const.to_ascii_lowercase())
}

/// The const describing an operation's command, from the operation's const name.
pub fn command_const(operation_const: &str) -> String {
    format!("{operation_const}_COMMAND")
}

/// Whether a parameter's wire name can be a flag as it is (`--acs_user_id`):
/// ASCII letters, digits, `_`, `-` and `.`, starting with a letter or digit.
pub fn is_flag_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Length of a bare `http(s)://` URL at the start of `text`, if there is one.
fn bare_url_len(text: &str) -> Option<usize> {
    if !(text.starts_with("http://") || text.starts_with("https://")) {
        return None;
    }
    let len = text
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')' | ']'))
        .unwrap_or(text.len());
    // A sentence's final period or comma is not part of the URL.
    let trimmed = text[..len].trim_end_matches(['.', ',', ';', ':']);
    (trimmed.len() > "https://".len()).then_some(trimmed.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_under_a_list_item_is_its_own_paragraph_and_tabs_are_spaces() {
        // GitHub's descriptions: what clippy's doc_lazy_continuation and
        // tabs_in_doc_comments would refuse.
        let lines =
            doc_lines("* `closed` - only members\nDefault: `secret`\n|\ta\t|\n- one\n  two");
        assert_eq!(
            lines,
            [
                "* `closed` - only members",
                "",
                "Default: `secret`",
                "|    a    |",
                "- one",
                "  two"
            ]
        );
        assert_eq!(doc_lines("1. first\n   more"), ["1. first", "   more"]);
    }

    #[test]
    fn cases_and_keywords() {
        assert_eq!(type_name("acs_credential"), "AcsCredential");
        assert_eq!(type_name("string"), "StringType");
        assert_eq!(type_name("2fa"), "N2fa");
        assert_eq!(type_name("héllo wörld"), "HLloWRld");
        assert_eq!(variant_name("TLCode"), "TlCode");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("48bit"), "V48bit");
        assert_eq!(snake_name("type"), "type_");
        assert_eq!(snake_name("self"), "self_");
        assert_eq!(snake_name("acsUserId"), "acs_user_id");
        assert_eq!(snake_name("a::b{}"), "a_b");
        assert_eq!(snake_name("1st"), "n1st");
        assert_eq!(
            const_name("acs.credentials.create"),
            "ACS_CREDENTIALS_CREATE"
        );
    }

    #[test]
    fn names_from_where_a_schema_stands() {
        let at = |segments: &[&str]| {
            let mut pointer = crate::diagnostics::Pointer::root();
            for segment in segments {
                pointer = pointer.join(segment);
            }
            pointer_type_name(&pointer, false)
        };
        let union_part = [
            "components",
            "schemas",
            "action_attempt",
            "oneOf",
            "10",
            "properties",
            "result",
        ];
        assert_eq!(at(&union_part), "ActionAttemptOneOf10Result");
        let body = [
            "paths",
            "/acs/credentials/create",
            "post",
            "requestBody",
            "content",
            "application/json",
            "schema",
            "properties",
            "card_format",
        ];
        assert_eq!(at(&body), "AcsCredentialsCreatePostCardFormat");
        let mut pointer = crate::diagnostics::Pointer::root();
        for segment in ["components", "schemas", "device", "properties", "type"] {
            pointer = pointer.join(segment);
        }
        assert_eq!(pointer_type_name(&pointer, true), "DevicePropertiesType");
    }

    #[test]
    fn singulars() {
        assert_eq!(singular("warnings"), "warning");
        assert_eq!(singular("entries"), "entry");
        assert_eq!(singular("addresses"), "address");
        assert_eq!(singular("status"), "status_item");
        assert_eq!(singular("data"), "data_item");
    }

    #[test]
    fn scope_suffixes_deterministically() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim("Foo".into()), ("Foo".into(), false));
        assert_eq!(scope.claim("Foo".into()), ("Foo2".into(), true));
        assert_eq!(scope.claim("foo_bar".into()), ("foo_bar".into(), false));
        assert_eq!(scope.claim("foo_bar".into()), ("foo_bar_2".into(), true));
        assert_eq!(scope.claim("type_".into()), ("type_".into(), false));
        assert_eq!(scope.claim("type_".into()), ("type_2".into(), true));
    }

    #[test]
    fn docs_are_prose() {
        let lines = doc_lines(
            "See [this](x) at https://seam.co/docs.\n\n    indented\n```js\nfoo()\n```\n<b>*/</b>",
        );
        assert_eq!(
            lines,
            vec![
                "See \\[this\\](x) at <https://seam.co/docs>.",
                "",
                "   indented",
                "```text",
                "foo()",
                "```",
                "&lt;b&gt;*/&lt;/b&gt;",
            ]
        );
    }

    #[test]
    fn code_spans_are_left_alone() {
        assert_eq!(
            doc_lines("Defaults to `[]` not [x]."),
            ["Defaults to `[]` not \\[x\\]."]
        );
        assert_eq!(doc_lines("a lone ` [x]"), ["a lone ` \\[x\\]"]);
        assert_eq!(doc_lines("nul\u{0}here"), ["nul\\u{0}here"]);
    }

    #[test]
    fn literals_escape() {
        assert_eq!(rust_string_literal("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
    }

    #[test]
    fn command_line_names() {
        assert_eq!(
            command_name("unlock_door"),
            ("unlock-door".into(), Some("unlock_door".into()))
        );
        assert_eq!(command_name("acs"), ("acs".into(), None));
        assert_eq!(command_name("type_"), ("type".into(), None));
        assert_eq!(command_name("r#match"), ("match".into(), None));
        assert!(is_flag_name("acs_user_id"));
        assert!(is_flag_name("X-GitHub-Api-Version"));
        assert!(is_flag_name("filter.name"));
        assert!(!is_flag_name("-x"));
        assert!(!is_flag_name("a b"));
        assert!(!is_flag_name("ids[]"));
    }

    #[test]
    fn flags_and_their_other_spelling() {
        assert_eq!(flag_name("acs_user_id", "acs_user_id"), "acs_user_id");
        assert_eq!(flag_name("ids[]", "ids"), "ids");
        assert_eq!(flag_name("type", "r#type"), "type");
        assert_eq!(flag_alias("acs_user_id").as_deref(), Some("acs-user-id"));
        assert_eq!(flag_alias("limit"), None);
        assert_eq!(option_name("api_key"), "api-key");
        assert_eq!(renamed_flag("all"), "all_param");
    }

    #[test]
    fn a_command_line_name_taken_falls_back_to_its_alias_then_a_number() {
        let mut scope = Scope::with_reserved(&["completions", "all"]);
        let (mut name, mut alias) = ("unlock-door".to_owned(), Some("unlock_door".to_owned()));
        scope.claim_with_alias(&mut name, &mut alias);
        assert_eq!(
            (name.as_str(), alias.as_deref()),
            ("unlock-door", Some("unlock_door"))
        );
        // Both spellings taken: a numbered name, no alias.
        let (mut name, mut alias) = ("unlock-door".to_owned(), Some("unlock_door".to_owned()));
        scope.claim_with_alias(&mut name, &mut alias);
        assert_eq!((name.as_str(), alias), ("unlock-door-2", None));
        // The name reserved, the alias free: the alias is the name.
        let (mut name, mut alias) = ("all".to_owned(), Some("all_".to_owned()));
        scope.claim_with_alias(&mut name, &mut alias);
        assert_eq!((name.as_str(), alias), ("all_", None));
        assert!(!scope.claim_exact("completions"));
    }

    #[test]
    fn help_text_is_plain() {
        let lines =
            doc_lines("See [this](x) at https://seam.co/docs, `<b>` and <b>.\n```js\nfoo()\n```");
        assert_eq!(
            plain_lines(&lines),
            vec![
                "See [this](x) at https://seam.co/docs, `<b>` and <b>.",
                "```",
                "foo()",
                "```",
            ]
        );
    }

    #[test]
    fn any_title_names_a_client_and_a_crate_the_crate_can_hold() {
        let cases = [
            ("", "ApiClient", "client"),
            ("  ", "ApiClient", "client"),
            ("!!! ---", "ApiClient", "client"),
            ("Пример", "ApiClient", "client"),
            ("Café API", "CafApi", "client"),
            ("123 Go", "N123Go", "client"),
            ("Client", "ClientApi", "client"),
            ("Client Builder", "ClientBuilderApi", "client-builder"),
            ("Error", "ErrorApi", "error"),
            ("Self", "SelfApi", "self-client"),
            ("fn", "FnApi", "fn-client"),
            ("type", "Type", "type-client"),
            ("Settings", "SettingsApi", "settings"),
            ("Serde", "Serde", "serde-client"),
            ("std", "Std", "std-client"),
            ("Pet Store", "PetStore", "pet-store"),
        ];
        for (title, client, krate) in cases {
            assert_eq!(
                (client_type_name(title).as_str(), crate_name(title).as_str()),
                (client, krate),
                "{title:?}"
            );
            assert!(is_usable_crate_name(krate), "{krate}");
        }
    }

    /// Every name the templates import or export beside the client, and every
    /// crate the generated Cargo.toml depends on, is in the lists above.
    #[test]
    fn the_runtime_names_and_crates_are_the_templates() {
        let templates = [
            include_str!("../../templates/lib.rs.j2"),
            include_str!("../../templates/conventions.rs.j2"),
            include_str!("../../templates/clients.rs.j2"),
        ];
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
        let cargo = include_str!("../../templates/Cargo.toml.j2");
        let dependencies = cargo.split("[dependencies]").nth(1).unwrap_or_default();
        for line in dependencies.lines() {
            if let Some((name, _)) = line.split_once(" = ") {
                let ident = crate_ident(name);
                assert!(TAKEN_CRATE_IDENTS.contains(&ident.as_str()), "{name}");
            }
        }
    }
}
