//! Request bodies: which of a body's media types is sent, and how. An object
//! schema becomes the parameter struct (sent as JSON, a form or multipart);
//! any other JSON schema (a `oneOf`, an array, a scalar) is one `body`
//! argument of its type; a body that is not structured (binary, text) is one
//! `body` argument of bytes or text.

use crate::diagnostics::Pointer;
use crate::lower::{Found, Lowerer, ObjectParts, MAX_DEPTH};
use crate::model::{BodyEncoding, BodyVariant, ParamsIn, RawKind};
use crate::names;
use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

/// How an operation's request body is sent.
pub(in crate::lower) enum BodyPlan<'s> {
    /// The operation sends no body.
    Nothing,
    /// An object schema, whose properties become the parameter struct.
    Struct {
        params_in: ParamsIn,
        media_type: String,
        schema: Option<(&'s ReferenceOr<Schema>, Pointer)>,
        /// A form's or multipart body's `encoding` entries.
        encoding: Option<(&'s IndexMap<String, openapiv3::Encoding>, Pointer)>,
    },
    /// The whole body is one argument: JSON of a non-object schema, or raw.
    Whole {
        encoding: BodyEncoding,
        media_type: String,
        /// The JSON schema, for a JSON body.
        schema: Option<(&'s ReferenceOr<Schema>, Pointer)>,
        required: bool,
        description: Option<String>,
    },
}

/// The media type's essence, lowercase, without parameters (`application/json`).
pub(in crate::lower) fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

pub(in crate::lower) fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence.ends_with("+json")
}

/// The JSON media type of a content map (`application/json` or any `+json`),
/// else a wildcard (`*/*`, `application/*`) whose schema is not raw bytes:
/// documents converted from Swagger 2 often declare every answer so, and a
/// server asked for `application/json` answers JSON.
pub(in crate::lower) fn json_media(
    content: &IndexMap<String, openapiv3::MediaType>,
) -> Option<(&str, &openapiv3::MediaType)> {
    let structured_wildcard = |media_type: &str, media: &openapiv3::MediaType| {
        matches!(essence(media_type).as_str(), "*/*" | "application/*")
            && match &media.schema {
                Some(ReferenceOr::Item(schema)) => !is_raw_string(schema),
                Some(ReferenceOr::Reference { .. }) => true,
                None => false,
            }
    };
    content
        .iter()
        .find(|(media_type, _)| is_json(media_type))
        .or_else(|| {
            content
                .iter()
                .find(|(media_type, media)| structured_wildcard(media_type, media))
        })
        .map(|(media_type, media)| (media_type.as_str(), media))
}

/// A `type: string` schema of `format: binary` or `byte`: bytes, not JSON.
fn is_raw_string(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Type(Type::String(string))
        if matches!(string.format, VariantOrUnknownOrEmpty::Item(StringFormat::Binary | StringFormat::Byte)))
}

/// The media type to ask for where `json_media` found `media_type`: a
/// wildcard's JSON is asked for as `application/json`.
pub(in crate::lower) fn asked_json(media_type: &str) -> String {
    let essence = essence(media_type);
    if essence.contains('*') {
        "application/json".to_owned()
    } else {
        essence
    }
}

/// How a body that is not JSON, a form or multipart is read or written: text
/// for `text/*` and XML, bytes for anything else.
pub(in crate::lower) fn raw_kind(media_type: &str) -> RawKind {
    let essence = essence(media_type);
    if essence.starts_with("text/") || essence.ends_with("/xml") || essence.ends_with("+xml") {
        RawKind::Text
    } else {
        RawKind::Bytes
    }
}

/// Whether `essence` is `type/subtype` made of HTTP token characters (or a
/// wildcard), so that it can be sent as a `Content-Type` header.
pub(in crate::lower) fn is_media_type(essence: &str) -> bool {
    matches!(essence.split_once('/'), Some((kind, sub))
        if names::is_http_token(kind) && names::is_http_token(sub))
}

/// The `Content-Type` sent for a declared media type: a wildcard (`*/*`,
/// `image/*`) names no type, so the body goes as `application/octet-stream`.
fn sent_media_type(media_type: &str) -> String {
    let essence = essence(media_type);
    if essence.contains('*') {
        "application/octet-stream".to_owned()
    } else {
        essence
    }
}

impl<'s> Lowerer<'s, '_> {
    /// Whether a schema is an object the parameter struct can stand for (an
    /// object, an `allOf` (even one holding a `oneOf`), a schema with
    /// properties, or, when `merge_unions`, a union of objects, whose
    /// properties merge) rather than a union, list or scalar sent whole.
    fn is_object_schema(
        &mut self,
        schema: &Schema,
        at: &Pointer,
        depth: usize,
        merge_unions: bool,
    ) -> bool {
        let (variants, key) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => return true,
            SchemaKind::Any(any) => {
                // A union beside an `allOf` (Seam's list bodies) merges into it.
                let union = !any.one_of.is_empty() || !any.any_of.is_empty();
                return !any.properties.is_empty()
                    || (any.typ.is_none() && (merge_unions || !any.all_of.is_empty() || !union));
            }
            SchemaKind::OneOf { one_of } => (one_of, "oneOf"),
            SchemaKind::AnyOf { any_of } => (any_of, "anyOf"),
            _ => return false,
        };
        merge_unions
            && depth < MAX_DEPTH
            && variants.iter().enumerate().all(|(i, variant)| {
                let at = at.join(key).join(i.to_string());
                match self.resolve(variant, &at) {
                    Some((variant, variant_at)) => {
                        self.is_object_schema(variant, &variant_at, depth + 1, merge_unions)
                    }
                    None => false,
                }
            })
    }

    /// The variants of a body schema that is a `oneOf`/`anyOf` (none for any
    /// other), each with the JSON type and properties it requires.
    pub(in crate::lower) fn body_variants(
        &mut self,
        schema: &ReferenceOr<Schema>,
        at: &Pointer,
    ) -> Vec<BodyVariant> {
        let Some((schema, at)) = self.resolve(schema, at) else {
            return Vec::new();
        };
        let (variants, key) = match &schema.schema_kind {
            SchemaKind::OneOf { one_of } => (one_of, "oneOf"),
            SchemaKind::AnyOf { any_of } => (any_of, "anyOf"),
            SchemaKind::Any(any) if any.properties.is_empty() && any.all_of.is_empty() => {
                match (any.one_of.is_empty(), any.any_of.is_empty()) {
                    (false, _) => (&any.one_of, "oneOf"),
                    (true, false) => (&any.any_of, "anyOf"),
                    (true, true) => return Vec::new(),
                }
            }
            _ => return Vec::new(),
        };
        let mut out = Vec::new();
        for (i, variant) in variants.iter().enumerate() {
            let component = match variant {
                ReferenceOr::Reference { reference } => crate::fragment::local_segments(reference)
                    .ok()
                    .and_then(|segments| segments.last().cloned()),
                ReferenceOr::Item(_) => None,
            };
            let Some((variant, _)) = self.resolve(variant, &at.join(key).join(i.to_string()))
            else {
                return Vec::new();
            };
            let (json_type, required) = match &variant.schema_kind {
                SchemaKind::Type(Type::Object(object)) => ("object", object.required.clone()),
                SchemaKind::Type(Type::Array(_)) => ("array", Vec::new()),
                SchemaKind::Type(Type::String(_)) => ("string", Vec::new()),
                SchemaKind::Type(Type::Number(_)) => ("number", Vec::new()),
                SchemaKind::Type(Type::Integer(_)) => ("integer", Vec::new()),
                SchemaKind::Type(Type::Boolean(_)) => ("boolean", Vec::new()),
                SchemaKind::AllOf { .. } => ("object", Vec::new()),
                SchemaKind::Any(any) if !any.properties.is_empty() => {
                    ("object", any.required.clone())
                }
                _ => ("", Vec::new()),
            };
            let name = match (component, json_type, required.is_empty()) {
                (Some(component), _, _) => component,
                (None, "object", false) => format!("an object with {}", required.join(", ")),
                (None, "", _) => "any JSON".to_owned(),
                (None, json_type, _) => format!("a JSON {json_type}"),
            };
            out.push(BodyVariant {
                name,
                json_type: json_type.to_owned(),
                required,
            });
        }
        out
    }

    /// The request body of `operation` (at `pointer`): the JSON media type if
    /// there is one, else a form, else multipart, else the first one, sent raw.
    /// `None` when the body cannot be read (already reported).
    pub(in crate::lower) fn body_plan(
        &mut self,
        operation: &'s openapiv3::Operation,
        pointer: &Pointer,
        display_name: &str,
    ) -> Option<BodyPlan<'s>> {
        let Some(body) = &operation.request_body else {
            return Some(BodyPlan::Nothing);
        };
        let at = pointer.join("requestBody");
        let body = match body {
            ReferenceOr::Item(body) => body,
            ReferenceOr::Reference { reference } => {
                let found = self.follow_item(
                    reference,
                    &at,
                    Some(display_name),
                    "request body",
                    |found| match found {
                        Found::Body(body) => Some(body),
                        _ => None,
                    },
                );
                match found {
                    Some((body, _, _)) => body,
                    None => return None,
                }
            }
        };
        let chosen = body
            .content
            .iter()
            .find(|(media_type, _)| is_json(media_type))
            .or_else(|| {
                body.content
                    .iter()
                    .find(|(m, _)| essence(m) == "application/x-www-form-urlencoded")
            })
            .or_else(|| {
                body.content
                    .iter()
                    .find(|(m, _)| essence(m) == "multipart/form-data")
            })
            .or_else(|| body.content.iter().next());
        let Some((media_type, media)) = chosen else {
            // No content at all: nothing to send.
            return Some(BodyPlan::Nothing);
        };
        let content_at = at.join("content").join(media_type);
        if !is_media_type(&essence(media_type)) {
            self.diags
                .warning(&content_at, format!("the operation is skipped: `{media_type}` is not a media type"))
                .operation(display_name.to_owned())
                .help("name the body's media type as `type/subtype`, such as `application/octet-stream`");
            return None;
        }
        let schema_at = content_at.join("schema");
        let schema = media.schema.as_ref().map(|s| (s, schema_at.clone()));
        let mut essence = essence(media_type);
        // A JSON wildcard (`application/*+json`) names no type a server can read.
        if is_json(media_type) && essence.contains('*') {
            essence = "application/json".to_owned();
        }
        let params_in = match essence.as_str() {
            _ if is_json(media_type) => ParamsIn::Json,
            "application/x-www-form-urlencoded" => ParamsIn::Form,
            "multipart/form-data" => ParamsIn::Multipart,
            _ => {
                return Some(BodyPlan::Whole {
                    encoding: BodyEncoding::Raw(raw_kind(media_type)),
                    media_type: sent_media_type(media_type),
                    schema: None,
                    required: body.required,
                    description: body.description.clone(),
                })
            }
        };
        // A union, list or scalar JSON body is passed whole; an object (or no
        // schema at all) is the parameter struct.
        if let (ParamsIn::Json, Some((schema_ref, schema_at))) = (params_in, &schema) {
            let merge_unions = self.profile.merge_union_bodies;
            let object = match self.resolve(*schema_ref, schema_at) {
                Some((resolved, at)) => self.is_object_schema(resolved, &at, 0, merge_unions),
                None => true,
            };
            if !object {
                return Some(BodyPlan::Whole {
                    encoding: BodyEncoding::Json,
                    media_type: essence,
                    schema,
                    required: body.required,
                    description: body.description.clone(),
                });
            }
        }
        if params_in != ParamsIn::Json {
            let is_object = match &schema {
                // A form or multipart body's variants merge: it has no other shape.
                Some((schema_ref, schema_at)) => match self.resolve(*schema_ref, schema_at) {
                    Some((resolved, at)) => self.is_object_schema(resolved, &at, 0, true),
                    None => false,
                },
                None => true,
            };
            if !is_object {
                self.diags
                    .warning(
                        &schema_at,
                        format!(
                            "the operation is skipped: a {essence} body must be an object schema"
                        ),
                    )
                    .operation(display_name.to_owned())
                    .help("describe the form's fields as the properties of an object schema");
                return None;
            }
        }
        let encoding = (params_in != ParamsIn::Json && !media.encoding.is_empty())
            .then(|| (&media.encoding, content_at.join("encoding")));
        Some(BodyPlan::Struct {
            params_in,
            media_type: essence,
            schema,
            encoding,
        })
    }

    /// The wire names of a multipart body's properties that hold files
    /// (`type: string, format: binary`): sent as file parts, typed as bytes.
    pub(in crate::lower) fn binary_properties(&mut self, parts: &ObjectParts<'_>) -> Vec<String> {
        let mut binary = Vec::new();
        for (wire_name, sources) in &parts.properties {
            let Some((schema, at)) = sources.first() else {
                continue;
            };
            let Some((schema, _)) = self.resolve(*schema, at) else {
                continue;
            };
            if let SchemaKind::Type(Type::String(string)) = &schema.schema_kind {
                if string.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary) {
                    binary.push(wire_name.clone());
                }
            }
        }
        binary
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_are_checked_and_classified() {
        assert!(is_media_type("application/vnd.github+json"));
        assert!(is_media_type("image/*"));
        assert!(!is_media_type("text"));
        assert!(!is_media_type("text/plain\r\nx-evil: 1"));
        assert_eq!(raw_kind("text/csv; charset=utf-8"), RawKind::Text);
        assert_eq!(raw_kind("application/xml"), RawKind::Text);
        assert_eq!(raw_kind("image/png"), RawKind::Bytes);
        assert_eq!(sent_media_type("*/*"), "application/octet-stream");
        assert_eq!(sent_media_type("Image/PNG; q=1"), "image/png");
        assert!(is_json("application/problem+json"));
        assert!(is_json("application/*+json"), "sent as application/json");
    }
}
