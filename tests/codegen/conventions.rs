//! Seam's and Stripe's conventions live in their profiles
//! (`generator/profiles/*.toml`), data files like any user's: no generator
//! code spells their names, extensions, envelopes, headers or pagination
//! fields, and no template (the runtime included) mentions either API at all:
//! the runtime gets its endpoint, credentials, headers and envelopes from the
//! rendered `conventions.rs`.
//!
//! Generator code is checked on the string literals of non-test code (comments
//! may name an API, and `builtin!("name")` names a built-in profile's file);
//! templates on their whole text.

use crate::support::root;

/// Text that means one API's conventions, anywhere in a literal.
const CONTAINED: &[&str] = &[
    "seam",
    "x-response-key",
    "x-fern",
    "x-undocumented",
    "x-draft",
    "x-title",
    "x-deprecated",
    "page_cursor",
    "has_next_page",
    "stripe",
    "starting_after",
    "ending_before",
    "has_more",
    "request-id",
];

/// Whether `path` is a test module in a file of its own: `<name>_tests.rs`,
/// which its sibling includes under `#[cfg(test)]`, or a file of a `tests/`
/// folder whose parent module declares it under `#[cfg(test)]` (both checked
/// here, so that no code escapes the check by its file's name).
fn is_test_module(path: &std::path::Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let folder = path.parent().filter(|dir| dir.ends_with("tests"));
    if let Some(tests) = folder {
        let parent = tests.with_file_name("mod.rs");
        let declaring = std::fs::read_to_string(&parent).unwrap_or_default();
        assert!(
            declaring.contains("#[cfg(test)]\nmod tests;"),
            "{} is declared by {} under #[cfg(test)]",
            path.display(),
            parent.display()
        );
        return true;
    }
    let Some(stem) = name.strip_suffix("_tests.rs") else {
        return false;
    };
    let parent = path.with_file_name(format!("{stem}.rs"));
    let including = std::fs::read_to_string(&parent).unwrap_or_default();
    assert!(
        including.contains(&format!("#[cfg(test)]\n#[path = \"{name}\"]")),
        "{} is included by {} under #[cfg(test)]",
        path.display(),
        parent.display()
    );
    true
}

/// Literals that are a convention when they are the whole literal.
const WHOLE: &[&str] = &["ok", "pagination"];

#[test]
fn conventions_are_spelled_only_in_the_profile() {
    let mut found = Vec::new();
    let mut files = 0;
    for path in rust_files(&root().join("generator/src")) {
        files += 1;
        if is_test_module(&path) {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable source");
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (number, line) in code.lines().enumerate() {
            let code = match line.trim_start() {
                l if l.starts_with("//") => continue,
                _ => line.split(" // ").next().unwrap_or_default(),
            };
            // `builtin!("name")` names a built-in profile's file, not a convention.
            let code = without_builtin_names(code);
            for literal in string_literals(&code) {
                let lower = literal.to_lowercase();
                if CONTAINED.iter().any(|t| lower.contains(t)) || WHOLE.contains(&literal.as_str())
                {
                    let shown = path
                        .strip_prefix(root())
                        .unwrap_or(&path)
                        .display()
                        .to_string();
                    found.push(format!("{shown}:{}: \"{literal}\"", number + 1));
                }
            }
        }
    }
    assert!(files > 10, "generator/src has {files} files");
    assert!(
        found.is_empty(),
        "move these to a profile (generator/profiles/):\n{}",
        found.join("\n")
    );
}

/// Seam's values, anywhere in a template's text (any case).
const TEMPLATE_CONTAINED: &[&str] = &[
    "seam",
    "connect.get",
    "x-response-key",
    "x-fern",
    "x-undocumented",
    "x-draft",
    "x-title",
    "x-deprecated",
    "workspace",
    "stripe",
    "starting_after",
    "ending_before",
    "has_more",
];

/// Seam's wire names, when they are a whole literal in a template.
const TEMPLATE_WHOLE: &[&str] = &[
    "ok",
    "pagination",
    "page_cursor",
    "next_page_cursor",
    "has_next_page",
    "error",
    "client-session-token",
];

/// Every built-in profile but the generic one, resolved for an empty document.
fn built_in_profiles() -> Vec<seam_codegen::profile::Profile> {
    use seam_codegen::profile::Choice;
    let spec: openapiv3::OpenAPI =
        serde_yaml::from_str("openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n")
            .expect("a document");
    let names: Vec<_> = Choice::names().into_iter().skip(1).collect();
    assert!(names.len() >= 2, "built-in profiles: {names:?}");
    names
        .iter()
        .map(|name| {
            let choice = Choice::by_name(name).expect("a built-in");
            let mut diags = seam_codegen::diagnostics::Diagnostics::default();
            choice.resolve(&spec, &mut diags).expect("a valid profile")
        })
        .collect()
}

#[test]
fn templates_know_no_api() {
    // Every header, variable and token prefix a built-in profile declares, too
    // (webhook signature headers included).
    let mut declared: Vec<String> = Vec::new();
    for profile in built_in_profiles() {
        let credentials = profile.credentials.iter();
        let values = credentials
            .flat_map(|c| [c.env_var.clone(), c.prefix.clone(), c.also_header.clone()])
            .chain(profile.headers.keys().map(|name| Some(name.clone())))
            // The headers its webhooks are signed in.
            .chain(
                (profile.webhooks.iter())
                    .flat_map(|w| w.scheme.header_names())
                    .map(|name| Some(name.to_owned())),
            )
            .chain(
                profile
                    .refused_prefixes
                    .iter()
                    .map(|r| Some(r.prefix.clone())),
            )
            .chain([
                profile.request_id_header.clone(),
                Some(profile.env_prefix.clone()),
            ]);
        let idempotency = match &profile.idempotency {
            seam_codegen::profile::Idempotency::Header {
                header,
                should_retry_header,
                ..
            } => vec![Some(header.clone()), should_retry_header.clone()],
            seam_codegen::profile::Idempotency::None {} => Vec::new(),
        };
        let values = values.chain(idempotency);
        declared.extend(
            values
                .flatten()
                .filter(|value| value.len() > 3)
                .map(|value| value.to_lowercase()),
        );
    }
    declared.extend(TEMPLATE_CONTAINED.iter().map(|s| (*s).to_owned()));
    let mut found = Vec::new();
    let mut files = 0;
    for path in all_files(&root().join("templates")) {
        files += 1;
        let text = std::fs::read_to_string(&path).expect("readable template");
        let shown = path
            .strip_prefix(root())
            .unwrap_or(&path)
            .display()
            .to_string();
        for (number, line) in text.lines().enumerate() {
            let lower = line.to_lowercase();
            for value in declared.iter().filter(|v| lower.contains(v.as_str())) {
                found.push(format!("{shown}:{}: {value}", number + 1));
            }
            for literal in string_literals(line) {
                if TEMPLATE_WHOLE.contains(&literal.as_str()) {
                    found.push(format!("{shown}:{}: \"{literal}\"", number + 1));
                }
            }
        }
    }
    assert!(files > 15, "templates/ has {files} files");
    assert!(
        found.is_empty(),
        "templates must get these from the profile (through conventions.rs):\n{}",
        found.join("\n")
    );
}

fn all_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable folder") {
        let path = entry.expect("readable entry").path();
        if path.is_dir() {
            out.extend(all_files(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn rust_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = all_files(dir);
    files.retain(|path| path.extension().is_some_and(|e| e == "rs"));
    files
}

/// `line` without the arguments of its `builtin!("..")` invocations.
fn without_builtin_names(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find("builtin!(\"") {
        out.push_str(&rest[..start]);
        let after = &rest[start + "builtin!(\"".len()..];
        rest = after.find('"').map_or("", |end| &after[end + 1..]);
    }
    out.push_str(rest);
    out
}

/// The contents of the `"..."` literals on one line (escapes kept as written).
fn string_literals(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut literal = String::new();
        let mut escaped = false;
        for c in chars.by_ref() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => break,
                c => {
                    escaped = false;
                    literal.push(c);
                }
            }
        }
        out.push(literal);
    }
    out
}

/// The names the naming layer keeps free for the runtime are exactly the
/// methods the runtime defines on the client and its builder: an operation or
/// a credential setter with one of those names would not compile.
#[test]
fn reserved_method_names_cover_the_runtime() {
    use seam_codegen::names::{BUILDER_METHOD_NAMES, CLIENT_METHOD_NAMES, RESERVED_METHOD_NAMES};
    let mut client = std::collections::BTreeSet::new();
    let mut builder = std::collections::BTreeSet::new();
    for path in rust_files(&root().join("templates/runtime")) {
        let text = std::fs::read_to_string(&path).expect("readable runtime");
        let file = syn::parse_file(&text).expect("the runtime parses");
        for item in file.items {
            let syn::Item::Impl(block) = item else {
                continue;
            };
            let syn::Type::Path(ty) = &*block.self_ty else {
                continue;
            };
            let names = match ty.path.segments.last().map(|s| s.ident.to_string()) {
                Some(name) if name == "Client" && block.trait_.is_none() => &mut client,
                Some(name) if name == "ClientBuilder" && block.trait_.is_none() => &mut builder,
                _ => continue,
            };
            for item in &block.items {
                if let syn::ImplItem::Fn(f) = item {
                    names.insert(f.sig.ident.to_string());
                }
            }
        }
    }
    assert!(
        client.contains("call") && builder.contains("build"),
        "{client:?} {builder:?}"
    );
    let client_reserved: Vec<&str> = [CLIENT_METHOD_NAMES, RESERVED_METHOD_NAMES].concat();
    let missing: Vec<_> = client
        .iter()
        .filter(|name| !client_reserved.contains(&name.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "add to names::CLIENT_METHOD_NAMES: {missing:?}"
    );
    let missing: Vec<_> = builder
        .iter()
        .filter(|name| !BUILDER_METHOD_NAMES.contains(&name.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "add to names::BUILDER_METHOD_NAMES: {missing:?}"
    );
    // And nothing stale: each listed client method is the runtime's.
    let stale: Vec<_> = CLIENT_METHOD_NAMES
        .iter()
        .filter(|name| !client.contains(**name))
        .collect();
    assert!(stale.is_empty(), "not in the runtime any more: {stale:?}");
}
