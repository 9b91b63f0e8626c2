//! A form or multipart body's `encoding` entries, as facts the runtime's form
//! and multipart writers read (`model::FieldEncoding`): each field's style in
//! a form, and a multipart part's media type and fixed headers.
//!
//! A field whose schema nests deeper than its style can carry (an object
//! inside an object or a list under `form`, a list of objects under
//! `spaceDelimited`) is sent as `deepObject` instead, with a warning: a
//! well-defined wire, said out loud, rather than a request refused at run
//! time. A declared part header is sent only when the document gives its
//! value (a `default` or a single `enum` value); otherwise it is left out,
//! with a warning.

use crate::diagnostics::Pointer;
use crate::lower::bodies::{essence, is_json, is_media_type};
use crate::lower::{Lowerer, ObjectParts, MAX_DEPTH};
use crate::model::{FieldEncoding, ParamsIn, QueryStyle};
use crate::names;
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type,
    {Encoding, Header, ParameterSchemaOrContent, QueryStyle as SpecStyle},
};
use std::borrow::Borrow;

/// What a field's schema holds, as far as a form style is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Nesting {
    /// A string, number, boolean (or a schema that says nothing).
    Scalar,
    /// A list of scalars.
    List,
    /// An object (or a map) of scalars.
    Object,
    /// Lists or objects inside a list or an object.
    Deep,
}

/// An operation's body encodings: where they stand and what the body is.
pub(in crate::lower) struct BodyEncodings<'s> {
    pub(in crate::lower) entries: Option<(&'s IndexMap<String, Encoding>, Pointer)>,
    pub(in crate::lower) params_in: ParamsIn,
}

impl<'s> Lowerer<'s, '_> {
    /// The fields of a form or multipart body that are not written in the
    /// default way, in wire-name order (the order the runtime writes them).
    pub(in crate::lower) fn field_encodings(
        &mut self,
        body: &BodyEncodings<'s>,
        parts: &ObjectParts<'s>,
        display_name: &str,
    ) -> Vec<FieldEncoding> {
        let mut out = Vec::new();
        if !matches!(body.params_in, ParamsIn::Form | ParamsIn::Multipart) {
            return out;
        }
        if let Some((entries, at)) = &body.entries {
            for name in entries.keys() {
                if !parts.properties.contains_key(name) {
                    self.diags
                        .warning(
                            at.join(name),
                            format!("the encoding of `{name}` names no property of the body: it is ignored"),
                        )
                        .operation(display_name.to_owned())
                        .help("name a property of the body's schema, or remove the entry");
                }
            }
        }
        for (wire_name, sources) in &parts.properties {
            let Some((schema, schema_at)) = sources.first() else {
                continue;
            };
            let entry = body
                .entries
                .as_ref()
                .and_then(|(entries, at)| Some((entries.get(wire_name)?, at.join(wire_name))));
            if let Some((encoding, at)) = &entry {
                self.unknown_style(wire_name, encoding, at, display_name);
            }
            let encoding = match body.params_in {
                ParamsIn::Form => {
                    let nesting = self.nesting(schema, schema_at, 0);
                    self.form_field(wire_name, entry, nesting, schema_at, display_name)
                }
                _ => {
                    let nesting = self.nesting(schema, schema_at, 0);
                    self.multipart_field(wire_name, entry, nesting, display_name)
                }
            };
            out.extend(encoding);
        }
        out.sort_by(|a, b| a.wire_name.cmp(&b.wire_name));
        out
    }

    /// Warns of a style a form has not (the loader kept it aside): the field
    /// is written in the default style.
    fn unknown_style(
        &mut self,
        wire_name: &str,
        encoding: &Encoding,
        at: &Pointer,
        display_name: &str,
    ) {
        let unknown = encoding
            .extensions
            .get(crate::load::encodings::UNKNOWN_STYLE);
        let Some(serde_json::Value::String(style)) = unknown else {
            return;
        };
        self.diags
            .warning(
                at.join("style"),
                format!(
                    "the body field `{wire_name}` has the style `{style}`, which a form body \
                     has not: it is written in the default style, `form`"
                ),
            )
            .operation(display_name.to_owned())
            .help("use `form`, `spaceDelimited`, `pipeDelimited` or `deepObject`");
    }

    /// A form field's style; `None` for the default (`form`, exploded).
    fn form_field(
        &mut self,
        wire_name: &str,
        entry: Option<(&Encoding, Pointer)>,
        nesting: Nesting,
        schema_at: &Pointer,
        display_name: &str,
    ) -> Option<FieldEncoding> {
        let (declared, name) = match &entry {
            // The loader wrote in `explode`'s default.
            Some((encoding, _)) => match encoding.style {
                None | Some(SpecStyle::Form) => (
                    QueryStyle::Form {
                        explode: encoding.explode,
                    },
                    "form",
                ),
                Some(SpecStyle::SpaceDelimited) => (QueryStyle::SpaceDelimited, "spaceDelimited"),
                Some(SpecStyle::PipeDelimited) => (QueryStyle::PipeDelimited, "pipeDelimited"),
                Some(SpecStyle::DeepObject) => (QueryStyle::DeepObject, "deepObject"),
            },
            None => (QueryStyle::Form { explode: true }, "form"),
        };
        let style = if nesting == Nesting::Deep && declared != QueryStyle::DeepObject {
            let at = entry.as_ref().map_or(schema_at, |(_, at)| at);
            self.diags
                .warning(
                    at,
                    format!(
                        "the form field `{wire_name}` holds objects or lists inside objects or \
                         lists, which its `{name}` style cannot carry: it is sent in \
                         `deepObject` style instead (`{wire_name}[key]=value`, list items as \
                         `{wire_name}[0]`)"
                    ),
                )
                .operation(display_name.to_owned())
                .help(format!(
                    "declare `style: deepObject` for `{wire_name}` in the body's `encoding`, \
                     as the server reads it, or give it a flatter schema"
                ));
            QueryStyle::DeepObject
        } else {
            declared
        };
        (style != QueryStyle::Form { explode: true }).then(|| FieldEncoding {
            wire_name: wire_name.to_owned(),
            style,
            content_type: None,
            headers: Vec::new(),
        })
    }

    /// A multipart part's media type and headers; `None` when it declares neither.
    fn multipart_field(
        &mut self,
        wire_name: &str,
        entry: Option<(&'s Encoding, Pointer)>,
        nesting: Nesting,
        display_name: &str,
    ) -> Option<FieldEncoding> {
        let (encoding, at) = entry?;
        let mut content_type = None;
        if let Some(declared) = &encoding.content_type {
            content_type = self.part_media_type(wire_name, declared, nesting, &at, display_name);
        }
        let mut headers = Vec::new();
        for (name, header) in &encoding.headers {
            let header_at = at.join("headers").join(name);
            if let Some(value) = self.part_header(wire_name, name, header, &header_at, display_name)
            {
                headers.push((name.to_ascii_lowercase(), value));
            }
        }
        (content_type.is_some() || !headers.is_empty()).then(|| FieldEncoding {
            wire_name: wire_name.to_owned(),
            style: QueryStyle::Form { explode: true },
            content_type,
            headers,
        })
    }

    /// The media type a part is sent with: the first of the declared list
    /// (`image/png, image/jpeg`); a wildcard names none.
    fn part_media_type(
        &mut self,
        wire_name: &str,
        declared: &str,
        nesting: Nesting,
        at: &Pointer,
        display_name: &str,
    ) -> Option<String> {
        let first = declared.split(',').next().unwrap_or_default();
        let essence = essence(first);
        if essence.contains('*') {
            return None;
        }
        let at = at.join("contentType");
        if !is_media_type(&essence) {
            self.diags
                .warning(&at, format!("the part `{wire_name}` declares `{declared}`, which is not a media type: it is sent with the default one"))
                .operation(display_name.to_owned())
                .help("name the part's media type as `type/subtype`, such as `image/png`");
            return None;
        }
        // An object or a list of them is written as JSON, whatever else is
        // declared; a list of scalars is a part per item, of the declared type.
        if nesting > Nesting::List && !is_json(&essence) {
            self.diags
                .warning(&at, format!("the part `{wire_name}` declares `{essence}`, but an object is written as JSON: it is sent as `application/json`"))
                .operation(display_name.to_owned())
                .help("declare a JSON media type for it, or describe it as a string");
            return None;
        }
        Some(essence)
    }

    /// A part header's value, when the document gives one.
    fn part_header(
        &mut self,
        wire_name: &str,
        name: &str,
        header: &'s ReferenceOr<Header>,
        at: &Pointer,
        display_name: &str,
    ) -> Option<String> {
        // OpenAPI: the part's `Content-Type` is `contentType`'s, never a header's.
        if name.eq_ignore_ascii_case("content-type") {
            return None;
        }
        if !names::is_http_token(name) {
            self.diags
                .warning(at, format!("the part `{wire_name}` declares the header `{name}`, which is not a header name: it is not sent"))
                .operation(display_name.to_owned())
                .help("name the header with letters, digits and `-`");
            return None;
        }
        let header = match header {
            ReferenceOr::Item(header) => Some(header),
            ReferenceOr::Reference { reference } => {
                // Only a component header can be read here; any other is one
                // without a known value, warned below.
                let found = reference
                    .strip_prefix("#/components/headers/")
                    .map(|name| name.replace("~1", "/").replace("~0", "~"));
                let spec = self.spec;
                match found.and_then(|n| spec.components.as_ref()?.headers.get(&n)) {
                    Some(ReferenceOr::Item(header)) => Some(header),
                    _ => None,
                }
            }
        };
        let value = header.and_then(|h| match &h.format {
            ParameterSchemaOrContent::Schema(schema) => self.fixed_value(schema, at),
            ParameterSchemaOrContent::Content(_) => None,
        });
        let Some(value) = value else {
            self.diags
                .warning(at, format!("the part `{wire_name}` declares the header `{name}` without a value the client can know: it is not sent"))
                .operation(display_name.to_owned())
                .help("give the header's schema a `default` or a single `enum` value");
            return None;
        };
        // What `HeaderValue::from_str` takes: visible ASCII, spaces and tabs.
        if !value.chars().all(|c| c == '\t' || (' '..='~').contains(&c)) {
            self.diags
                .warning(at, format!("the part `{wire_name}` declares the header `{name}` with a value a header cannot carry: it is not sent"))
                .operation(display_name.to_owned())
                .help("give the header a value of visible ASCII characters");
            return None;
        }
        Some(value)
    }

    /// A schema's one value: its `default`, or its only `enum` value.
    fn fixed_value(&mut self, schema: &'s ReferenceOr<Schema>, at: &Pointer) -> Option<String> {
        let (schema, _) = self.resolve(schema, &at.join("schema"))?;
        let text = |value: &serde_json::Value| match value {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            serde_json::Value::Bool(b) => Some(b.to_string()),
            _ => None,
        };
        if let Some(default) = &schema.schema_data.default {
            return text(default);
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => match string.enumeration.as_slice() {
                [Some(only)] => Some(only.clone()),
                _ => None,
            },
            _ => None,
        }
    }

    /// How deep a property's schema nests lists and objects.
    fn nesting<S: Borrow<Schema>>(
        &mut self,
        schema: &'s ReferenceOr<S>,
        at: &Pointer,
        depth: usize,
    ) -> Nesting {
        let Some((schema, at)) = self.resolve(schema, at) else {
            return Nesting::Scalar;
        };
        if depth > MAX_DEPTH {
            return Nesting::Deep;
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::Array(array)) => match &array.items {
                Some(items) => self.inner(items, &at.join("items"), depth, Nesting::List),
                None => Nesting::List,
            },
            SchemaKind::Type(Type::Object(object)) => {
                let mut nesting = Nesting::Object;
                for (name, property) in &object.properties {
                    let at = at.join("properties").join(name);
                    nesting = nesting.max(self.inner(property, &at, depth, Nesting::Object));
                }
                if let Some(AdditionalProperties::Schema(extra)) = &object.additional_properties {
                    let at = at.join("additionalProperties");
                    let inner = self.inner(extra.as_ref(), &at, depth, Nesting::Object);
                    nesting = nesting.max(inner);
                }
                nesting
            }
            SchemaKind::Any(any) if !any.properties.is_empty() || any.items.is_some() => {
                let mut nesting = Nesting::Scalar;
                for (name, property) in &any.properties {
                    let at = at.join("properties").join(name);
                    nesting = nesting.max(self.inner(property, &at, depth, Nesting::Object));
                }
                if let Some(items) = &any.items {
                    let at = at.join("items");
                    nesting = nesting.max(self.inner(items, &at, depth, Nesting::List));
                }
                nesting
            }
            SchemaKind::AllOf { all_of: variants }
            | SchemaKind::OneOf { one_of: variants }
            | SchemaKind::AnyOf { any_of: variants } => {
                let key = match &schema.schema_kind {
                    SchemaKind::AllOf { .. } => "allOf",
                    SchemaKind::OneOf { .. } => "oneOf",
                    _ => "anyOf",
                };
                let mut nesting = Nesting::Scalar;
                for (i, variant) in variants.iter().enumerate() {
                    let at = at.join(key).join(i.to_string());
                    nesting = nesting.max(self.nesting(variant, &at, depth + 1));
                }
                nesting
            }
            _ => Nesting::Scalar,
        }
    }

    /// The nesting of a list (`outer` is `List`) or an object (`Object`) by
    /// one of its items or properties: anything but a scalar inside is deep.
    fn inner<S: Borrow<Schema>>(
        &mut self,
        schema: &'s ReferenceOr<S>,
        at: &Pointer,
        depth: usize,
        outer: Nesting,
    ) -> Nesting {
        if self.is_scalar(schema, at, depth + 1) {
            outer
        } else {
            Nesting::Deep
        }
    }

    /// Whether a schema is a scalar (or says nothing): only `$ref`s and unions
    /// are followed, so a recursive schema is looked at once.
    fn is_scalar<S: Borrow<Schema>>(
        &mut self,
        schema: &'s ReferenceOr<S>,
        at: &Pointer,
        depth: usize,
    ) -> bool {
        let Some((schema, at)) = self.resolve(schema, at) else {
            return true;
        };
        if depth > MAX_DEPTH {
            return false;
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::Array(_) | Type::Object(_)) => false,
            SchemaKind::Any(any) => any.properties.is_empty() && any.items.is_none(),
            SchemaKind::AllOf { all_of: variants }
            | SchemaKind::OneOf { one_of: variants }
            | SchemaKind::AnyOf { any_of: variants } => {
                let key = match &schema.schema_kind {
                    SchemaKind::AllOf { .. } => "allOf",
                    SchemaKind::OneOf { .. } => "oneOf",
                    _ => "anyOf",
                };
                variants.iter().enumerate().all(|(i, variant)| {
                    self.is_scalar(variant, &at.join(key).join(i.to_string()), depth + 1)
                })
            }
            _ => true,
        }
    }
}
