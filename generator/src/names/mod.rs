//! The naming layer: the only place where spec text becomes Rust identifiers, string
//! literals or doc comments. Which name each model item asks for (a parent's hint, a
//! schema's title, its pointer) is decided in `lower/naming.rs`; this module turns
//! that text into a Rust name and keeps it unique in its scope.
//!
//! Identifiers are cased with heck, reduced to ASCII, kept clear of Rust keywords and of
//! the names generated code relies on (`reserved.rs`), and made unique within their
//! scope in the order they are asked for, so the same spec always yields the same
//! names. Doc comments are in `docs.rs`, the command line's names in `command_line.rs`.

mod command_line;
mod docs;
mod reserved;

pub use command_line::{
    command_const, command_name, command_runner, flag_alias, flag_name, is_flag_name, option_name,
    renamed_flag, ROOT_COMMAND_CONST,
};
pub use docs::{doc_lines, plain_lines, rust_string_literal};
pub use reserved::{
    BUILDER_METHOD_NAMES, CLIENT_METHOD_NAMES, ERROR_BODY_ENUM, RESERVED_METHOD_NAMES,
};
use reserved::{KEYWORDS, RESERVED_TYPE_NAMES, RUNTIME_ROOT_NAMES, TAKEN_CRATE_IDENTS};

use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Whether `text` is an HTTP token (RFC 9110): what a header name, and each
/// half of a media type, must be made of to be sent as it is.
pub fn is_http_token(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

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
    "blocking",
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
