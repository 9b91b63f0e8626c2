//! Spec text never becomes code: for every fixture (the injection fixture above all),
//! each item and method in the generated code is one the model defines or one of the
//! templates' own, and each serde wire name equals the spec's name exactly.

use seam_codegen::model::{Api, TypeKind};
use std::collections::{BTreeMap, BTreeSet};

/// Methods and trait impls the templates write themselves, whatever the spec.
const TEMPLATE_METHODS: &[&str] = &[
    "new",
    "timeout",
    "max_retries",
    "max_pages",
    "fmt",
    "body",
    "send",
    "send_as",
    "pages",
    "items",
    "first_page",
    "first_page_as",
    "pages_as",
    "wait_for_action_attempt",
    "action_attempt_timeout",
    "action_attempt_poll_interval",
    "into_future",
    "base_request",
    "request",
    "into_async",
    "send_with_response",
    "as_str",
    "tag",
    "from",
    "default",
    "serialize",
    "deserialize",
    "decode",
];

fn names_in_model(api: &Api) -> (BTreeSet<String>, BTreeMap<String, BTreeSet<String>>) {
    let mut items: BTreeSet<String> = api.types.iter().map(|t| t.name.clone()).collect();
    items.extend(api.features.iter().map(|f| f.name.clone()));
    items.insert(seam_codegen::names::UNREACHED_MODULE.to_owned());
    items.insert(seam_codegen::names::ERROR_BODY_ENUM.to_owned());
    let mut methods: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    // A tagged union's accessors of the fields every variant has.
    for ty in &api.types {
        if let TypeKind::TaggedUnion(u) = &ty.kind {
            let accessors = methods.entry(ty.name.clone()).or_default();
            accessors.extend(u.shared_fields.iter().map(|f| f.rust_name.clone()));
        }
    }
    // A request type's chainable setters, one a field.
    for ty in api.types.iter().filter(|t| t.built_by_callers()) {
        if let TypeKind::Struct(s) = &ty.kind {
            let setters = methods.entry(ty.name.clone()).or_default();
            setters.extend(s.fields.iter().map(|f| f.with_setter_name()));
            if s.additional.is_some() {
                setters.insert(s.additional_setter_name());
            }
        }
    }
    // The client without context makes the main client's builders through handles of its own.
    for resource in api.without_context.iter().flat_map(|c| c.root.walk()) {
        items.insert(resource.type_name.clone());
        let entry = methods.entry(resource.type_name.clone()).or_default();
        entry.extend(resource.children.iter().map(|c| c.accessor.clone()));
        entry.extend(resource.operations.iter().map(|o| o.method_name.clone()));
    }
    for resource in api.root.walk() {
        items.insert(resource.type_name.clone());
        let entry = methods.entry(resource.type_name.clone()).or_default();
        entry.extend(resource.children.iter().map(|c| c.accessor.clone()));
        entry.extend(resource.operations.iter().map(|o| o.method_name.clone()));
        for op in &resource.operations {
            items.insert(op.builder_name.clone());
            items.insert(op.const_name.clone());
            if let Some(outcome) = op.status_enum() {
                items.insert(outcome.name.clone());
            }
            let setters = methods.entry(op.builder_name.clone()).or_default();
            for param in &op.optional {
                setters.insert(param.setter_name.clone());
                if let Some(null_setter) = &param.null_setter {
                    setters.insert(null_setter.clone());
                }
            }
        }
    }
    (items, methods)
}

fn type_ident(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(path) => path
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// Every item and method of a generated file, checked against the model.
fn check_file(
    path: &str,
    source: &str,
    items: &BTreeSet<String>,
    methods: &BTreeMap<String, BTreeSet<String>>,
    aliases: &BTreeMap<String, String>,
) {
    let file = syn::parse_file(source).unwrap_or_else(|e| panic!("{path} parses: {e}"));
    for item in &file.items {
        match item {
            syn::Item::Struct(s) => assert!(
                items.contains(&s.ident.to_string()),
                "{path}: struct {} is not in the model",
                s.ident
            ),
            syn::Item::Enum(e) => assert!(
                items.contains(&e.ident.to_string()),
                "{path}: enum {} is not in the model",
                e.ident
            ),
            syn::Item::Const(c) => assert!(
                items.contains(&c.ident.to_string()),
                "{path}: const {} is not in the model",
                c.ident
            ),
            syn::Item::Impl(block) => {
                let self_ty = type_ident(&block.self_ty);
                assert!(
                    items.contains(&self_ty),
                    "{path}: impl for {self_ty} is not in the model"
                );
                for impl_item in &block.items {
                    match impl_item {
                        syn::ImplItem::Fn(f) => {
                            let name = f.sig.ident.to_string();
                            let known = methods.get(&self_ty).is_some_and(|m| m.contains(&name))
                                || TEMPLATE_METHODS.contains(&name.as_str());
                            assert!(
                                known,
                                "{path}: method {self_ty}::{name} is not in the model"
                            );
                        }
                        syn::ImplItem::Type(t) => {
                            assert!(["Output", "IntoFuture"].contains(&t.ident.to_string().as_str()))
                        }
                        // A decoded struct's name for serde's messages, which is its own.
                        syn::ImplItem::Const(c) if c.ident == "NAME" => {
                            let value = quote::ToTokens::to_token_stream(&c.expr).to_string();
                            assert_eq!(value, format!("{self_ty:?}"), "{path}: {self_ty}::NAME");
                        }
                        other => panic!(
                            "{path}: unexpected impl item in {self_ty}: {}",
                            quote_item(other)
                        ),
                    }
                }
            }
            syn::Item::Macro(m) => {
                let name = m
                    .mac
                    .path
                    .segments
                    .iter()
                    .map(|s| s.ident.to_string())
                    .collect::<Vec<_>>()
                    .join("::");
                // The codec's macros take model names (and, for builders, the output type).
                let mut arguments = BTreeSet::new();
                idents(m.mac.tokens.clone(), &mut arguments);
                let first = m
                    .mac
                    .tokens
                    .clone()
                    .into_iter()
                    .next()
                    .map(|t| t.to_string())
                    .unwrap_or_default();
                match name.as_str() {
                    "crate::codec::string_enum" => assert_eq!(arguments.len(), 1),
                    "crate::codec::request_builder" => {}
                    other => panic!("{path}: unexpected macro {other}"),
                }
                let std_names = [
                    "Vec",
                    "Option",
                    "String",
                    "bool",
                    "i64",
                    "f64",
                    "chrono",
                    "DateTime",
                    "Utc",
                    "serde_json",
                    "Value",
                    "std",
                    "collections",
                    "BTreeMap",
                    "Box",
                ];
                for argument in &arguments {
                    assert!(
                        items.contains(argument) || std_names.contains(&argument.as_str()),
                        "{path}: {name}!(.. {argument} ..) is not a model name"
                    );
                }
                assert!(
                    items.contains(&first),
                    "{path}: {name}!({first}, ..) is not a model item"
                );
            }
            syn::Item::Use(_) => {}
            // A resource feature's module (or the unreached components'), in a file of its own.
            syn::Item::Mod(m) => assert!(
                m.content.is_none() && items.contains(&m.ident.to_string()),
                "{path}: module {} is not a feature's",
                m.ident
            ),
            syn::Item::Type(alias) => {
                let name = alias.ident.to_string();
                assert!(
                    aliases.get(&name) == Some(&type_ident(&alias.ty)),
                    "{path}: type alias {name} is not a model alias"
                );
            }
            other => panic!("{path}: unexpected item {}", quote_item(other)),
        }
    }
}

/// Enough of an item's text to point at it.
fn quote_item(item: &impl quote::ToTokens) -> String {
    item.to_token_stream()
        .to_string()
        .chars()
        .take(200)
        .collect()
}

/// Every identifier in a token stream (string literals, and so doc text, excluded).
fn idents(tokens: proc_macro2::TokenStream, out: &mut BTreeSet<String>) {
    for token in tokens {
        match token {
            proc_macro2::TokenTree::Ident(ident) => {
                out.insert(ident.to_string());
            }
            proc_macro2::TokenTree::Group(group) => idents(group.stream(), out),
            _ => {}
        }
    }
}

/// `(struct, wire name)` for every key a struct's decoder matches (the string
/// literals before `=>` in its `Fields::decode`).
fn wire_names_in_decoders(source: &str) -> BTreeSet<(String, String)> {
    let file = syn::parse_file(source).expect("models.rs parses");
    let mut out = BTreeSet::new();
    for item in &file.items {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        let is_decoder = (block.trait_.as_ref())
            .and_then(|t| t.0.segments.last())
            .is_some_and(|s| s.ident == "Fields");
        if !is_decoder {
            continue;
        }
        let name = type_ident(&block.self_ty);
        let mut keys = Vec::new();
        arm_keys(quote::ToTokens::to_token_stream(block), &mut keys);
        out.extend(keys.into_iter().map(|key| (name.clone(), key)));
    }
    out
}

/// The string literals directly followed by `=>` in a token stream.
fn arm_keys(tokens: proc_macro2::TokenStream, out: &mut Vec<String>) {
    let tokens: Vec<_> = tokens.into_iter().collect();
    for (at, token) in tokens.iter().enumerate() {
        match token {
            proc_macro2::TokenTree::Group(group) => arm_keys(group.stream(), out),
            proc_macro2::TokenTree::Literal(literal) => {
                let arrow = matches!(
                    (tokens.get(at + 1), tokens.get(at + 2)),
                    (Some(proc_macro2::TokenTree::Punct(a)), Some(proc_macro2::TokenTree::Punct(b)))
                        if a.as_char() == '=' && b.as_char() == '>'
                );
                if arrow {
                    let literal: syn::LitStr = syn::parse_str(&literal.to_string())
                        .expect("a decoder's key is a string literal");
                    out.push(literal.value());
                }
            }
            _ => {}
        }
    }
}

/// `(struct, wire name)` for every field, read back from the serde attributes.
/// The arguments of a `#[serde(..)]` attribute, also one under
/// `#[cfg_attr(feature = "serialize", serde(..))]` (a type only read).
fn serde_args(attr: &syn::Attribute) -> Option<proc_macro2::TokenStream> {
    if attr.path().is_ident("serde") {
        return Some(attr.meta.require_list().ok()?.tokens.clone());
    }
    if !attr.path().is_ident("cfg_attr") {
        return None;
    }
    let mut found = None;
    attr.parse_nested_meta(|meta| {
        if meta.path.is_ident("serde") {
            let content;
            syn::parenthesized!(content in meta.input);
            found = Some(content.parse::<proc_macro2::TokenStream>()?);
        } else if meta.input.peek(syn::Token![=]) {
            meta.value()?.parse::<syn::Lit>()?;
        }
        Ok(())
    })
    .expect("cfg_attr parses");
    found
}

fn wire_names_in_code(source: &str) -> BTreeSet<(String, String)> {
    let file = syn::parse_file(source).expect("models.rs parses");
    let mut out = BTreeSet::new();
    for item in &file.items {
        let syn::Item::Struct(s) = item else { continue };
        for field in &s.fields {
            let ident = field.ident.as_ref().expect("named fields").to_string();
            let mut wire = ident.clone();
            for args in field.attrs.iter().filter_map(serde_args) {
                let parser = syn::meta::parser(|meta| {
                    if meta.path.is_ident("rename") {
                        wire = meta.value()?.parse::<syn::LitStr>()?.value();
                    } else if meta.input.peek(syn::Token![=]) {
                        meta.value()?.parse::<syn::Lit>()?;
                    }
                    Ok(())
                });
                syn::parse::Parser::parse2(parser, args).expect("serde attribute parses");
            }
            let flattened = field.attrs.iter().any(|a| {
                quote::ToTokens::to_token_stream(a)
                    .to_string()
                    .contains("flatten")
            });
            if !flattened {
                out.insert((s.ident.to_string(), wire));
            }
        }
    }
    out
}

#[test]
fn items_and_wire_names_come_from_the_model() {
    insta::glob!("../fixtures/valid", "*.yaml", |path| {
        let bytes = std::fs::read(path).unwrap();
        let (api, _) = seam_codegen::model_bytes(&bytes, "yaml", &crate::support::seam_options())
            .expect("fixture models");
        let generated =
            seam_codegen::generate_bytes(&bytes, "yaml", &crate::support::seam_options())
                .expect("fixture generates");
        let (items, methods) = names_in_model(&api);
        let aliases: BTreeMap<String, String> = (api.aliases.iter())
            .map(|a| (a.name.clone(), a.target.clone()))
            .collect();
        for file in generated
            .files
            .iter()
            .filter(|f| f.path.starts_with("src/models/") || f.path.starts_with("src/resources/"))
        {
            check_file(&file.path, &file.contents, &items, &methods, &aliases);
        }
        let models: Vec<&str> = (generated.files.iter())
            .filter(|f| f.path.starts_with("src/models/"))
            .map(|f| f.contents.as_str())
            .collect();
        assert!(!models.is_empty(), "{}: no models", path.display());
        // Each struct's (type, wire name) pairs, of the fields `keep` keeps.
        let struct_fields = |keep: fn(&seam_codegen::model::Field) -> bool| {
            (api.types.iter())
                .filter_map(|t| match &t.kind {
                    TypeKind::Struct(s) => Some(
                        (s.fields.iter())
                            .filter(move |f| keep(f))
                            .map(move |f| (t.name.clone(), f.wire_name.clone())),
                    ),
                    _ => None,
                })
                .flatten()
                .collect::<BTreeSet<(String, String)>>()
        };
        let expected = struct_fields(|_| true);
        assert_eq!(
            models
                .iter()
                .flat_map(|m| wire_names_in_code(m))
                .collect::<BTreeSet<_>>(),
            expected,
            "{}",
            path.display()
        );
        // A struct decodes every field but a file (sent as a multipart part).
        let decoded = struct_fields(|f| f.ty != seam_codegen::model::TypeRef::File);
        assert_eq!(
            models
                .iter()
                .flat_map(|m| wire_names_in_decoders(m))
                .collect::<BTreeSet<_>>(),
            decoded,
            "{}",
            path.display()
        );
    });
}

#[test]
fn injection_fixture_text_stays_text() {
    let path = crate::support::root().join("tests/fixtures/valid/injection.yaml");
    let generated = seam_codegen::generate_file(&path, &crate::support::seam_options())
        .expect("injection fixture generates");
    let (api, _) = seam_codegen::model_bytes(
        &std::fs::read(&path).unwrap(),
        "yaml",
        &crate::support::seam_options(),
    )
    .unwrap();
    // The spec's enum values are exactly the generated enum's wire values.
    let values: Vec<&str> = api
        .types
        .iter()
        .find_map(|t| match &t.kind {
            TypeKind::Enum(e) if e.variants.len() == 8 => {
                Some(e.variants.iter().map(|v| v.wire.as_str()).collect())
            }
            _ => None,
        })
        .expect("the curly{} enum");
    assert_eq!(
        values,
        ["a\"b", "c\\d", "{}", "x::y", "ünï", "é", "*/", "#[x]"]
    );
    for file in &generated.files {
        let file_syntax = syn::parse_file(&file.contents);
        if file.path.ends_with(".rs") {
            let file_syntax = file_syntax.unwrap_or_else(|e| panic!("{} parses: {e}", file.path));
            // No injected function, module or attribute survives as code.
            let mut found = BTreeSet::new();
            idents(quote::ToTokens::to_token_stream(&file_syntax), &mut found);
            for forbidden in [
                "evil",
                "injected",
                "Injected",
                "no_mangle",
                "include",
                "passwd",
                "script",
            ] {
                assert!(
                    !found.contains(forbidden),
                    "{}: `{forbidden}` became code",
                    file.path
                );
            }
        }
    }
    let cargo = generated
        .files
        .iter()
        .find(|f| f.path == "Cargo.toml")
        .unwrap();
    assert!(
        cargo.contents.contains(
            r#"description = "Rust client for Injection */ #[doc = \"x\"] pub fn evil() {} //""#
        ),
        "{}",
        cargo.contents
    );
}
