//! The HTTP side of an operation in the model: where its parameters travel
//! (struct, path, query, header, a raw body), how its body is encoded, and
//! what it returns by status.

use super::{Docs, TypeRef};

/// Where an operation's parameter struct travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamsIn {
    /// As the JSON body.
    Json,
    /// In the query string, in the profile's style for a parameter object.
    Query,
    /// As an `application/x-www-form-urlencoded` body.
    Form,
    /// The fields of a declared form body, written as the form would be, in
    /// the query string (the profile's `form_in_query` methods).
    FormQuery,
    /// As a `multipart/form-data` body, one part per field (binary fields as files).
    Multipart,
    /// Nowhere: the operation has no parameter struct (its parameters, if any,
    /// are path, query or header parameters, or a raw body).
    Nothing,
}

/// Where a parameter travels, with its serialization style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// A field of the parameter struct.
    Struct,
    /// A `{name}` of the path template (`simple` style).
    Path {
        explode: bool,
    },
    Query(QueryStyle),
    /// A request header (`simple` style).
    Header {
        explode: bool,
    },
    /// The whole request body.
    Body(BodyEncoding),
}

/// How one field of a form or multipart body is written: the document's
/// `encoding` entry for it, defaults filled in. Only fields that differ from
/// the default (`form` exploded, no media type, no headers) have one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldEncoding {
    pub wire_name: String,
    /// Its style in a form body (multipart ignores it).
    pub style: QueryStyle,
    /// A multipart part's media type, as declared.
    pub content_type: Option<String>,
    /// A multipart part's fixed headers (lowercase names), in document order.
    pub headers: Vec<(String, String)>,
}

/// How a body passed whole is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// As JSON (a union, list or scalar schema).
    Json,
    /// As it is: bytes or text.
    Raw(RawKind),
}

/// How a query parameter is written (OpenAPI's `style` and `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    Form { explode: bool },
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// A body that is not JSON, sent or received: bytes, or text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawKind {
    /// Any bytes (`application/octet-stream`, images, archives): `Vec<u8>`.
    Bytes,
    /// UTF-8 text (`text/*`): `String`.
    Text,
}

/// What an operation returns.
#[derive(Debug, Clone)]
pub enum ResponseShape {
    /// Nothing worth returning (`x-response-key: null`, or only no-content successes).
    Void,
    /// The value under `key` in the 200 body; `optional` when the response may leave
    /// it out or send null (the method then returns `Option<ty>`).
    Keyed {
        key: String,
        ty: TypeRef,
        optional: bool,
    },
    /// The whole 2xx body (an API without a success envelope); `nullable` when
    /// it may be `null`.
    Body { ty: TypeRef, nullable: bool },
    /// The whole 2xx body, not JSON.
    Raw(RawKind),
    /// A stream of server-sent events (`text/event-stream`), each one's data of
    /// type `data` (`String`: the text as it is; anything else: JSON).
    Events { data: TypeRef },
    /// Successes that differ by status: an enum with a variant per status.
    ByStatus(StatusEnum),
}

/// The enum a method returns when its success statuses carry different bodies.
#[derive(Debug, Clone)]
pub struct StatusEnum {
    pub name: String,
    pub docs: Docs,
    pub variants: Vec<StatusVariant>,
}

/// One success status (or range) and what its body holds.
#[derive(Debug, Clone)]
pub struct StatusVariant {
    /// From the status's reason phrase (`Created`), or `Status2xx` for a range.
    pub name: String,
    /// The statuses it matches, inclusive (`201..=201`, or `200..=299` for `2XX`).
    pub low: u16,
    pub high: u16,
    pub body: StatusBody,
    pub docs: Docs,
}

/// The body of one success status.
#[derive(Debug, Clone)]
pub enum StatusBody {
    Empty,
    Json { ty: TypeRef, nullable: bool },
    Raw(RawKind),
}

impl ResponseShape {
    /// The types of the values a method may return.
    pub fn returned_types(&self) -> Vec<&TypeRef> {
        match self {
            ResponseShape::Void | ResponseShape::Raw(_) => Vec::new(),
            ResponseShape::Keyed { ty, .. } | ResponseShape::Body { ty, .. } => vec![ty],
            ResponseShape::Events { data } => vec![data],
            ResponseShape::ByStatus(status_enum) => status_enum
                .variants
                .iter()
                .filter_map(|v| match &v.body {
                    StatusBody::Json { ty, .. } => Some(ty),
                    _ => None,
                })
                .collect(),
        }
    }

    pub fn returned_types_mut(&mut self) -> Vec<&mut TypeRef> {
        match self {
            ResponseShape::Void | ResponseShape::Raw(_) => Vec::new(),
            ResponseShape::Keyed { ty, .. } | ResponseShape::Body { ty, .. } => vec![ty],
            ResponseShape::Events { data } => vec![data],
            ResponseShape::ByStatus(status_enum) => status_enum
                .variants
                .iter_mut()
                .filter_map(|v| match &mut v.body {
                    StatusBody::Json { ty, .. } => Some(ty),
                    _ => None,
                })
                .collect(),
        }
    }
}

/// An error status (or range) whose JSON body has a type of its own.
#[derive(Debug, Clone)]
pub struct ErrorStatus {
    /// The statuses it matches, inclusive (`404..=404`, `400..=599` for `default`).
    pub low: u16,
    pub high: u16,
    /// A named type; its name is the `ErrorBody` variant.
    pub ty: TypeRef,
}
