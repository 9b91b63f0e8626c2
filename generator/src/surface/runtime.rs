//! The runtime's share of a crate's public API: the items of the hand-written
//! runtime modules that the crate root re-exports (`Error`, `Page`,
//! `RequestOptions`...) and the client and its builder, read from the crate's
//! own files with `syn`. Each item, member and trait impl is one entry, keyed
//! by its path (`Error::Transport.source`) with its type or signature as the
//! value, so that [`diff`](super::diff) can classify a runtime edit like any
//! other: a removal or a new signature is major, an addition minor (major when
//! it is a field or variant of something callers can match exhaustively).

use crate::render::{is_runtime_file, RenderedFile};
use quote::ToTokens;
use std::collections::{BTreeMap, BTreeSet};

/// The runtime's names for the client and its builder, which the crate
/// re-exports under the profile's names.
const CLIENT_TYPES: [&str; 2] = ["Client", "ClientBuilder"];

/// The value of an item that callers can match exhaustively or extend: its
/// entry says whether it is `#[non_exhaustive]`.
const SEALED: &str = "non_exhaustive";

/// Every public runtime item, member and trait impl, by path.
pub fn of(files: &[RenderedFile]) -> BTreeMap<String, String> {
    let Some(lib) = files.iter().find(|f| f.path == "src/lib.rs") else {
        return BTreeMap::new();
    };
    let mut public: BTreeSet<String> = re_exports(&lib.contents);
    public.extend(CLIENT_TYPES.iter().map(|name| name.to_string()));
    let mut out = BTreeMap::new();
    for file in files.iter().filter(|f| is_runtime_file(&f.path)) {
        // The runtime is our own code and always parses; an unparsable file
        // would fail the crate's build long before its surface matters.
        if let Ok(parsed) = syn::parse_file(&file.contents) {
            for item in &parsed.items {
                collect(item, &public, &mut out);
            }
        }
    }
    if let Some(manifest) = files.iter().find(|f| f.path == "Cargo.toml") {
        let used = public_dependencies(&manifest.contents, &out);
        out.extend(used);
    }
    out
}

/// The dependencies whose types the runtime's public items name (a method
/// taking `reqwest::ClientBuilder`), with their version requirement: a new
/// major version of one changes what those items mean without changing their
/// text.
fn public_dependencies(
    manifest: &str,
    items: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let Ok(manifest) = manifest.parse::<toml::Table>() else {
        return BTreeMap::new();
    };
    let Some(deps) = manifest.get("dependencies").and_then(|d| d.as_table()) else {
        return BTreeMap::new();
    };
    let mut out = BTreeMap::new();
    for (name, spec) in deps {
        let path = format!("{}::", name.replace('-', "_"));
        if !items.values().any(|value| value.contains(&path)) {
            continue;
        }
        let version = match spec {
            toml::Value::String(version) => Some(version.as_str()),
            toml::Value::Table(table) => table.get("version").and_then(|v| v.as_str()),
            _ => None,
        };
        out.insert(
            format!("dependency {name}"),
            version.unwrap_or("*").to_owned(),
        );
    }
    out
}

/// The files [`of`] reads, copied out of the crate's files before they are
/// formatted (the runtime's are copied verbatim; the crate root and the
/// manifest only gain a comment).
pub fn inputs(files: &[RenderedFile]) -> Vec<RenderedFile> {
    (files.iter())
        .filter(|f| is_runtime_file(&f.path) || f.path == "src/lib.rs" || f.path == "Cargo.toml")
        .cloned()
        .collect()
}

/// Whether adding `key` (absent before) breaks callers: a field or variant of
/// an item they can build or match exhaustively.
pub fn addition_breaks(key: &str, new: &BTreeMap<String, String>) -> bool {
    let parent = match (key.rsplit_once('.'), key.rsplit_once("::")) {
        (Some((parent, _)), _) => parent,
        (None, Some((parent, member))) if starts_upper(member) => parent,
        _ => return false,
    };
    new.get(parent).is_some_and(|kind| !kind.contains(SEALED))
}

/// The names the crate root re-exports with `pub use`.
fn re_exports(lib: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let Ok(parsed) = syn::parse_file(lib) else {
        return names;
    };
    for item in &parsed.items {
        if let syn::Item::Use(item) = item {
            if matches!(item.vis, syn::Visibility::Public(_)) {
                leaf_names(&item.tree, &mut names);
            }
        }
    }
    names
}

fn leaf_names(tree: &syn::UseTree, out: &mut BTreeSet<String>) {
    match tree {
        syn::UseTree::Path(path) => leaf_names(&path.tree, out),
        syn::UseTree::Name(name) => {
            out.insert(name.ident.to_string());
        }
        syn::UseTree::Rename(rename) => {
            out.insert(rename.rename.to_string());
        }
        syn::UseTree::Group(group) => group.items.iter().for_each(|t| leaf_names(t, out)),
        _ => {}
    }
}

fn collect(item: &syn::Item, public: &BTreeSet<String>, out: &mut BTreeMap<String, String>) {
    match item {
        syn::Item::Struct(def) if shown(&def.attrs, &def.vis, &def.ident, public) => {
            let name = def.ident.to_string();
            out.insert(
                name.clone(),
                kind("struct", Some(&def.generics), &def.attrs),
            );
            fields(&name, &def.fields, out);
            derives(&name, &def.attrs, out);
        }
        syn::Item::Enum(def) if shown(&def.attrs, &def.vis, &def.ident, public) => {
            let name = def.ident.to_string();
            out.insert(name.clone(), kind("enum", Some(&def.generics), &def.attrs));
            for variant in def.variants.iter().filter(|v| !hidden(&v.attrs)) {
                let path = format!("{name}::{}", variant.ident);
                out.insert(path.clone(), kind("variant", None, &variant.attrs));
                fields(&path, &variant.fields, out);
            }
            derives(&name, &def.attrs, out);
        }
        syn::Item::Type(def) if shown(&def.attrs, &def.vis, &def.ident, public) => {
            out.insert(def.ident.to_string(), format!("type = {}", text(&def.ty)));
        }
        syn::Item::Trait(def) if shown(&def.attrs, &def.vis, &def.ident, public) => {
            let name = def.ident.to_string();
            out.insert(name.clone(), "trait".to_owned());
            for inner in &def.items {
                if let syn::TraitItem::Fn(method) = inner {
                    out.insert(format!("{name}::{}", method.sig.ident), text(&method.sig));
                }
            }
        }
        syn::Item::Impl(block) => impl_block(block, public, out),
        _ => {}
    }
}

/// Public methods of an inherent impl; the trait of a trait impl.
fn impl_block(
    block: &syn::ItemImpl,
    public: &BTreeSet<String>,
    out: &mut BTreeMap<String, String>,
) {
    let syn::Type::Path(self_ty) = &*block.self_ty else {
        return;
    };
    let Some(last) = self_ty.path.segments.last() else {
        return;
    };
    let ident = last.ident.to_string();
    if !public.contains(&ident) || hidden(&block.attrs) {
        return;
    }
    let name = match &last.arguments {
        // `impl ClientBuilder<Blocking>`: the methods of one kind of builder.
        syn::PathArguments::AngleBracketed(args) if block.generics.params.is_empty() => {
            format!("{ident}{}", text(args))
        }
        _ => ident,
    };
    if let Some((trait_path, _)) = &block.trait_ {
        out.insert(format!("{name}: {}", text(trait_path)), "impl".to_owned());
        return;
    }
    for inner in &block.items {
        if let syn::ImplItem::Fn(method) = inner {
            let is_pub = matches!(method.vis, syn::Visibility::Public(_));
            if is_pub && !hidden(&method.attrs) {
                out.insert(format!("{name}::{}", method.sig.ident), text(&method.sig));
            }
        }
    }
}

fn fields(owner: &str, fields: &syn::Fields, out: &mut BTreeMap<String, String>) {
    for (index, field) in fields.iter().enumerate() {
        // Enum variants' fields are public without a `pub`.
        let visible = owner.contains("::") || matches!(field.vis, syn::Visibility::Public(_));
        if !visible || hidden(&field.attrs) {
            continue;
        }
        let member = match &field.ident {
            Some(ident) => ident.to_string(),
            None => index.to_string(),
        };
        out.insert(format!("{owner}.{member}"), text(&field.ty));
    }
}

/// Derived traits are impls callers rely on (`Clone`, `PartialEq`).
fn derives(owner: &str, attrs: &[syn::Attribute], out: &mut BTreeMap<String, String>) {
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let list = attr.meta.to_token_stream().to_string();
        let inner = list
            .split_once('(')
            .map(|(_, rest)| rest.trim_end_matches(')'));
        for name in inner.unwrap_or_default().split(',') {
            let name = name.rsplit("::").next().unwrap_or_default().trim();
            if !name.is_empty() {
                out.insert(format!("{owner}: {name}"), "impl".to_owned());
            }
        }
    }
}

fn shown(
    attrs: &[syn::Attribute],
    vis: &syn::Visibility,
    ident: &syn::Ident,
    public: &BTreeSet<String>,
) -> bool {
    matches!(vis, syn::Visibility::Public(_))
        && public.contains(&ident.to_string())
        && !hidden(attrs)
}

fn hidden(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("doc") && attr.meta.to_token_stream().to_string().contains("hidden")
    })
}

/// `struct<T>, non_exhaustive`: the item's kind, generics and whether callers
/// must allow for more members.
fn kind(word: &str, generics: Option<&syn::Generics>, attrs: &[syn::Attribute]) -> String {
    let mut out = word.to_owned();
    if let Some(generics) = generics {
        out.push_str(&text(generics));
    }
    if attrs.iter().any(|a| a.path().is_ident("non_exhaustive")) {
        out.push_str(", ");
        out.push_str(SEALED);
    }
    out
}

fn starts_upper(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_uppercase)
}

/// Tokens as text, with the spaces `quote` puts around punctuation removed.
fn text(tokens: &impl ToTokens) -> String {
    let raw = tokens.to_token_stream().to_string();
    let mut out = raw;
    for (from, to) in [
        (" :: ", "::"),
        (":: ", "::"),
        (" < ", "<"),
        ("< ", "<"),
        (" >", ">"),
        (" ,", ","),
        ("& ", "&"),
        (" (", "("),
        ("( ", "("),
        (" )", ")"),
        ("' ", "'"),
        (" : ", ": "),
    ] {
        out = out.replace(from, to);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> RenderedFile {
        RenderedFile {
            path: path.to_owned(),
            contents: contents.to_owned(),
            verbatim: true,
        }
    }

    fn surface(runtime: &str) -> BTreeMap<String, String> {
        of(&[
            file("src/lib.rs", "pub use error::{Error, Hidden};\nmod error;"),
            file("src/error.rs", runtime),
        ])
    }

    #[test]
    fn re_exported_items_members_and_impls_are_listed() {
        let items = surface(
            "#[derive(Debug, Clone)]\n#[non_exhaustive]\npub enum Error {\n  #[non_exhaustive]\n  Timeout { operation: &'static str },\n  Other(String),\n}\n\
             impl Error { pub fn status(&self) -> Option<u16> { None } fn private(&self) {} }\n\
             impl std::fmt::Display for Error { }\n\
             pub struct NotReExported;\n",
        );
        let expected = [
            ("Error", "enum, non_exhaustive"),
            ("Error: Clone", "impl"),
            ("Error: Debug", "impl"),
            ("Error: std::fmt::Display", "impl"),
            ("Error::Other", "variant"),
            ("Error::Other.0", "String"),
            ("Error::Timeout", "variant, non_exhaustive"),
            ("Error::Timeout.operation", "&'static str"),
            ("Error::status", "fn status(&self) -> Option<u16>"),
        ];
        let expected: BTreeMap<String, String> = (expected.iter())
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(items, expected);
    }

    #[test]
    fn hidden_and_private_items_are_left_out() {
        let items = surface(
            "#[doc(hidden)]\npub struct Hidden { pub a: u8 }\n\
             pub(crate) struct Error { pub b: u8, c: u8 }\n",
        );
        assert!(items.is_empty(), "{items:?}");
    }

    #[test]
    fn an_addition_breaks_only_what_callers_match_exhaustively() {
        let items = surface(
            "#[non_exhaustive]\npub enum Error {\n  #[non_exhaustive]\n  Timeout { operation: u8 },\n  Open { a: u8 },\n}\n\
             impl Error { pub fn status(&self) {} }\n",
        );
        assert!(!addition_breaks("Error::Timeout.elapsed", &items));
        assert!(addition_breaks("Error::Open.b", &items));
        assert!(!addition_breaks("Error::Closed", &items));
        assert!(!addition_breaks("Error::code", &items));
    }
}
