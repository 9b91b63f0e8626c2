//! Responses: what a method returns. With the profile's success envelope,
//! the value under the response key; without one, the success body by status:
//! one body (JSON, bytes or text) when every success status carries the same,
//! else an enum with a variant per status.

use crate::diagnostics::Pointer;
use crate::lower::bodies::raw_kind;
use crate::lower::bodies::{asked_json, essence, json_media};
use crate::lower::hints::NameHint;
use crate::lower::locate::Found;
use crate::lower::{Lowerer, ObjectParts, MAX_DEPTH};
use crate::model::{
    Docs, ErrorStatus, RawKind, ResponseShape, StatusBody, StatusEnum, StatusVariant, TypeRef,
};
use crate::names;
use openapiv3::{OpenAPI, ReferenceOr, Schema};

/// The variant name of a success status, from its reason phrase.
fn status_variant_name(status: &openapiv3::StatusCode) -> String {
    use openapiv3::StatusCode;
    match status {
        StatusCode::Code(code) => match code {
            200 => "Ok",
            201 => "Created",
            202 => "Accepted",
            203 => "NonAuthoritativeInformation",
            204 => "NoContent",
            205 => "ResetContent",
            206 => "PartialContent",
            207 => "MultiStatus",
            208 => "AlreadyReported",
            226 => "ImUsed",
            other => return format!("Status{other}"),
        }
        .to_owned(),
        StatusCode::Range(range) => format!("Status{range}xx"),
    }
}

/// The statuses a response key matches, inclusive.
fn status_bounds(status: &openapiv3::StatusCode) -> (u16, u16) {
    use openapiv3::StatusCode;
    match status {
        StatusCode::Code(code) => (*code, *code),
        StatusCode::Range(range) => (*range * 100, *range * 100 + 99),
    }
}

/// A success status as declared, before its body is lowered.
struct DeclaredSuccess<'s> {
    status: &'s openapiv3::StatusCode,
    /// The response component it refers to, if any.
    component: Option<String>,
    description: String,
    body: DeclaredBody<'s>,
}

enum DeclaredBody<'s> {
    Empty,
    Json(Option<(&'s ReferenceOr<Schema>, Pointer)>),
    Raw(RawKind),
    /// `text/event-stream`, with the schema of each event's data if declared.
    Events(Option<(&'s ReferenceOr<Schema>, Pointer)>),
}

/// The media type of a stream of server-sent events.
const EVENT_STREAM: &str = "text/event-stream";

impl<'s> Lowerer<'s, '_> {
    /// The response a status key names, following a `$ref` (into components or
    /// an operation):
    /// with the pointer where it is defined and, for a component, its name
    /// (which names the inline types in it, wherever it is used).
    pub(in crate::lower) fn response_item(
        &mut self,
        response: &'s ReferenceOr<openapiv3::Response>,
        at: &Pointer,
    ) -> Option<(&'s openapiv3::Response, Pointer, Option<String>)> {
        match response {
            ReferenceOr::Item(response) => Some((response, at.clone(), None)),
            ReferenceOr::Reference { reference } => {
                let (response, defined, segments) =
                    self.follow_item(reference, at, None, "response", |found| match found {
                        Found::Response(response) => Some(response),
                        _ => None,
                    })?;
                // A component's name names its inline types, and one an
                // operation defines, the name they have there.
                let name = match segments.as_slice() {
                    [components, _, name] if components == "components" => Some(name.clone()),
                    _ => super::locate::hint_in_operation(
                        self.spec,
                        self.profile,
                        &self.operation_names,
                        &segments,
                    )
                    .map(|hint| hint.qualified()),
                };
                Some((response, defined, name))
            }
        }
    }

    /// The name hint of a response's inline body: the component's name, else
    /// the operation's with `part`.
    fn response_hint(component: Option<&str>, builder_name: &str, part: &str) -> NameHint {
        match component {
            Some(name) => NameHint::exact(name),
            None => NameHint::new(builder_name, part),
        }
    }

    /// The 2xx responses of an operation, in the spec's order.
    fn declared_successes(
        &mut self,
        operation: &'s openapiv3::Operation,
        pointer: &Pointer,
    ) -> Vec<DeclaredSuccess<'s>> {
        use openapiv3::StatusCode;
        let mut out = Vec::new();
        for (status, response) in &operation.responses.responses {
            if !matches!(status, StatusCode::Code(200..=299) | StatusCode::Range(2)) {
                continue;
            }
            let at = pointer.join("responses").join(status.to_string());
            let Some((response, at, component)) = self.response_item(response, &at) else {
                continue;
            };
            let body = match json_media(&response.content) {
                Some((media_type, media)) => DeclaredBody::Json(
                    media
                        .schema
                        .as_ref()
                        .map(|s| (s, at.join("content").join(media_type).join("schema"))),
                ),
                None => match response.content.iter().next() {
                    Some((media_type, media)) if essence(media_type) == EVENT_STREAM => {
                        DeclaredBody::Events(
                            media
                                .schema
                                .as_ref()
                                .map(|s| (s, at.join("content").join(media_type).join("schema"))),
                        )
                    }
                    Some((media_type, _)) => DeclaredBody::Raw(raw_kind(media_type)),
                    None => DeclaredBody::Empty,
                },
            };
            out.push(DeclaredSuccess {
                status,
                component,
                description: response.description.clone(),
                body,
            });
        }
        out
    }

    /// The error statuses whose JSON body is a named type, for an API without
    /// an error envelope of its own: exact codes, then ranges, then `default`.
    pub(in crate::lower) fn error_statuses(
        &mut self,
        operation: &'s openapiv3::Operation,
        builder_name: &str,
        pointer: &Pointer,
    ) -> Vec<ErrorStatus> {
        use openapiv3::StatusCode;
        if self.profile.errors.replaces_declared_types() {
            return Vec::new();
        }
        let declared = operation
            .responses
            .responses
            .iter()
            .filter_map(|(status, r)| {
                let (rank, low, high) = match status {
                    StatusCode::Code(code @ 400..=599) => (0, *code, *code),
                    StatusCode::Range(range @ 4..=5) => (1, range * 100, range * 100 + 99),
                    _ => return None,
                };
                Some((rank, low, high, status.to_string(), r))
            });
        let default = operation
            .responses
            .default
            .as_ref()
            .map(|r| (2, 400, 599, "default".to_owned(), r));
        let mut found: Vec<(u8, ErrorStatus)> = Vec::new();
        for (rank, low, high, key, response) in declared.chain(default) {
            let at = pointer.join("responses").join(&key);
            let Some((response, at, component)) = self.response_item(response, &at) else {
                continue;
            };
            let Some((media_type, media)) = json_media(&response.content) else {
                continue;
            };
            let Some(schema) = &media.schema else {
                continue;
            };
            let at = at.join("content").join(media_type).join("schema");
            let hint =
                Self::response_hint(component.as_deref(), builder_name, &format!("error_{key}"));
            let lowered = self.schema_ref(schema, &hint, &at);
            // Only a type of its own can be an `ErrorBody` variant; any other
            // body is quoted as text, as for an undeclared error.
            if let TypeRef::Named { .. } = lowered.ty {
                found.push((
                    rank,
                    ErrorStatus {
                        low,
                        high,
                        ty: lowered.ty,
                    },
                ));
            }
        }
        found.sort_by_key(|(rank, _)| *rank);
        found.into_iter().map(|(_, e)| e).collect()
    }

    /// Without an envelope: the success body, or an enum of them by status.
    fn by_status(
        &mut self,
        operation: &'s openapiv3::Operation,
        builder_name: &str,
        pointer: &Pointer,
    ) -> ResponseShape {
        let declared = self.declared_successes(operation, pointer);
        // One success, a stream of events: a typed stream. Beside other
        // successes, it is text like any other.
        if let [DeclaredSuccess {
            body: DeclaredBody::Events(schema),
            component,
            ..
        }] = declared.as_slice()
        {
            let data = match schema {
                Some((schema, at)) => {
                    let hint = Self::response_hint(component.as_deref(), builder_name, "event");
                    self.schema_ref(*schema, &hint, at).ty
                }
                None => TypeRef::String,
            };
            return ResponseShape::Events { data };
        }
        let mut variants = Vec::new();
        let mut first_json = true;
        for success in &declared {
            let body = match &success.body {
                DeclaredBody::Empty => StatusBody::Empty,
                DeclaredBody::Raw(kind) => StatusBody::Raw(*kind),
                DeclaredBody::Events(_) => StatusBody::Raw(RawKind::Text),
                DeclaredBody::Json(None) => StatusBody::Json {
                    ty: TypeRef::Json,
                    nullable: false,
                },
                DeclaredBody::Json(Some((schema, at))) => {
                    // The first JSON body keeps the name a single one would have,
                    // so that a status added later renames nothing.
                    let part = if std::mem::take(&mut first_json) {
                        "response".to_owned()
                    } else {
                        format!("response_{}", success.status)
                    };
                    let hint =
                        Self::response_hint(success.component.as_deref(), builder_name, &part);
                    let lowered = self.schema_ref(*schema, &hint, at);
                    StatusBody::Json {
                        ty: lowered.ty,
                        nullable: lowered.nullable,
                    }
                }
            };
            let (low, high) = status_bounds(success.status);
            variants.push(StatusVariant {
                name: status_variant_name(success.status),
                low,
                high,
                body,
                docs: Docs {
                    lines: names::doc_lines(&success.description),
                },
            });
        }
        // Matched in order: an exact status before any range, whatever order
        // the spec declares them in (a `2XX` first would hide a `201`).
        variants.sort_by_key(|v| v.low != v.high);
        let Some(first) = variants.first() else {
            return ResponseShape::Void;
        };
        if variants.iter().all(|v| same_body(&v.body, &first.body)) {
            return match &first.body {
                StatusBody::Empty => ResponseShape::Void,
                StatusBody::Raw(kind) => ResponseShape::Raw(*kind),
                StatusBody::Json { ty, .. } => ResponseShape::Body {
                    ty: ty.clone(),
                    nullable: variants
                        .iter()
                        .any(|v| matches!(v.body, StatusBody::Json { nullable: true, .. })),
                },
            };
        }
        let (name, _) = self
            .type_scope
            .claim(names::type_name(&format!("{builder_name}_outcome")));
        ResponseShape::ByStatus(StatusEnum {
            docs: Docs {
                lines: vec![format!(
                    "What [`{builder_name}`] returns, by the status of the response."
                )],
            },
            name,
            variants,
        })
    }

    /// The JSON schema of the first success response.
    pub(in crate::lower) fn success_schema(
        &mut self,
        operation: &'s openapiv3::Operation,
        pointer: &Pointer,
    ) -> Option<(&'s ReferenceOr<Schema>, Pointer)> {
        use openapiv3::StatusCode;
        let (status, response) = operation.responses.responses.iter().find(|(status, _)| {
            matches!(status, StatusCode::Code(200..=299) | StatusCode::Range(2))
        })?;
        let at = pointer.join("responses").join(status.to_string());
        let (response, at, _) = self.response_item(response, &at)?;
        let (media_type, media) = json_media(&response.content)?;
        let schema = media.schema.as_ref()?;
        Some((schema, at.join("content").join(media_type).join("schema")))
    }

    pub(in crate::lower) fn response(
        &mut self,
        operation: &'s openapiv3::Operation,
        builder_name: &str,
        display_name: &str,
        pointer: &Pointer,
    ) -> ResponseShape {
        let profile = self.profile;
        let Some(envelope) = &profile.envelope else {
            return self.by_status(operation, builder_name, pointer);
        };
        let key_extension = envelope.response_key_extension.as_str();
        let key = match operation.extensions.get(key_extension) {
            Some(serde_json::Value::Null) => return ResponseShape::Void,
            Some(serde_json::Value::String(key)) => Some(key.clone()),
            _ => None,
        };
        let Some((schema, at)) = self.success_schema(operation, pointer) else {
            if let Some(key) = key {
                self.diags
                    .error(
                        pointer.join(key_extension),
                        format!(
                            "`{key_extension}` is `{key}` but there is no JSON success response",
                        ),
                    )
                    .operation(display_name.to_owned())
                    .help(format!(
                        "add a 200 response with an application/json schema, or set {key_extension} to null",
                    ));
            }
            return ResponseShape::Void;
        };
        let Some((schema, at)) = self.resolve(schema, &at) else {
            return ResponseShape::Void;
        };
        let mut parts = ObjectParts::default();
        self.collect_object(schema, &at, &mut parts);
        let key = match key {
            Some(key) => key,
            None => {
                let candidates: Vec<&String> = parts
                    .properties
                    .keys()
                    .filter(|k| !profile.envelope_fields().contains(&k.as_str()))
                    .collect();
                match candidates.as_slice() {
                    [] => return ResponseShape::Void,
                    [only] => (*only).clone(),
                    many => {
                        self.diags
                            .warning(&at, format!("the response has several properties ({}) and no `{key_extension}`; the method returns nothing", many.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")))
                            .operation(display_name.to_owned())
                            .help(format!("set {key_extension} to the property the method should return"));
                        return ResponseShape::Void;
                    }
                }
            }
        };
        let Some((property, property_at)) =
            parts.properties.get(&key).and_then(|s| s.first()).cloned()
        else {
            self.diags
                .error(
                    pointer.join(key_extension),
                    format!(
                        "`{key_extension}` is `{key}` but the success response has no such property",
                    ),
                )
                .operation(display_name.to_owned())
                .help(format!(
                    "make {key_extension} name a property of the 200 response",
                ));
            return ResponseShape::Void;
        };
        let hint = NameHint::new(builder_name, &key);
        let lowered = self.schema_ref(property, &hint, &property_at);
        let optional = lowered.nullable || !parts.required.contains(&key);
        ResponseShape::Keyed {
            key,
            ty: lowered.ty,
            optional,
        }
    }
}

/// Whether two statuses carry the same body (so one return type serves both).
fn same_body(a: &StatusBody, b: &StatusBody) -> bool {
    match (a, b) {
        (StatusBody::Empty, StatusBody::Empty) => true,
        (StatusBody::Raw(a), StatusBody::Raw(b)) => a == b,
        (StatusBody::Json { ty: a, .. }, StatusBody::Json { ty: b, .. }) => a == b,
        _ => false,
    }
}

/// The `Accept` header of `operation`: for each success status with a body,
/// the media type the client reads (its JSON one, or for a body read as bytes
/// or text, every one declared), once each in the document's order; `None`
/// when no success has a body. A media type that is not `type/subtype` made of
/// HTTP tokens is left out: spec text never becomes a header unchecked.
pub(in crate::lower) fn accept(spec: &OpenAPI, operation: &openapiv3::Operation) -> Option<String> {
    use openapiv3::StatusCode;
    let mut types: Vec<String> = Vec::new();
    let successes = (operation.responses.responses.iter())
        .filter(|(status, _)| matches!(status, StatusCode::Code(200..=299) | StatusCode::Range(2)));
    for (_, response) in successes {
        let Some(response) = declared_response(spec, response) else {
            continue;
        };
        let read: Vec<String> = match json_media(&response.content) {
            Some((media_type, _)) => vec![asked_json(media_type)],
            None => response.content.keys().cloned().collect(),
        };
        for media_type in read {
            let essence = essence(&media_type);
            let valid = essence
                .split_once('/')
                .is_some_and(|(a, b)| names::is_http_token(a) && names::is_http_token(b));
            if valid && !types.contains(&essence) {
                types.push(essence);
            }
        }
    }
    (!types.is_empty()).then(|| types.join(", "))
}

/// The response a status key declares, through `$ref`s (errors in them are
/// reported where the responses are lowered).
fn declared_response<'s>(
    spec: &'s OpenAPI,
    response: &'s ReferenceOr<openapiv3::Response>,
) -> Option<&'s openapiv3::Response> {
    let mut response = response;
    for _ in 0..MAX_DEPTH {
        match response {
            ReferenceOr::Item(item) => return Some(item),
            ReferenceOr::Reference { reference } => {
                let segments = crate::fragment::local_segments(reference).ok()?;
                match super::locate::locate(spec, &segments).ok()? {
                    (Found::Response(next), _) => response = next,
                    _ => return None,
                }
            }
        }
    }
    None
}
