//! Where a local `$ref` points: any JSON pointer of the document that names a
//! parameter, a response, a request body or a schema, under `components` or
//! inside an operation of `paths` (spacetraders' `#/paths/~1systems/get/
//! responses/200/content/application~1json/schema/properties/data/items`), and
//! the name hint such a schema gets from the place that defines it.

use super::inside::{walk, Node};
use crate::diagnostics::Pointer;
use crate::lower::hints::NameHint;
use crate::names;
use crate::profile::Profile;
use indexmap::IndexMap;
use openapiv3::{
    OpenAPI, ReferenceOr, {Parameter, ParameterSchemaOrContent, RequestBody, Response},
};

/// What a pointer names.
pub(in crate::lower) enum Found<'s> {
    Parameter(&'s ReferenceOr<Parameter>),
    Response(&'s ReferenceOr<Response>),
    Body(&'s ReferenceOr<RequestBody>),
    Schema(Node<'s>),
}

/// The segments of a pointer not read yet, and where the read ones lead.
struct Cursor<'a> {
    rest: &'a [String],
    at: Pointer,
}

impl<'a> Cursor<'a> {
    fn next(&mut self) -> Option<&'a str> {
        let (first, rest) = self.rest.split_first()?;
        self.rest = rest;
        self.at = self.at.join(first);
        Some(first)
    }
}

/// What `segments` (a decoded pointer) name in `spec` and where that stands;
/// or the first pointer on the way that names nothing the client reads.
pub(in crate::lower) fn locate<'s>(
    spec: &'s OpenAPI,
    segments: &[String],
) -> Result<(Found<'s>, Pointer), Pointer> {
    let mut cursor = Cursor {
        rest: segments,
        at: Pointer::root(),
    };
    let found = match cursor.next() {
        Some("components") => components(spec, &mut cursor),
        Some("paths") => paths(spec, &mut cursor),
        _ => None,
    };
    found.ok_or(cursor.at)
}

fn components<'s>(spec: &'s OpenAPI, cursor: &mut Cursor<'_>) -> Option<(Found<'s>, Pointer)> {
    let components = spec.components.as_ref()?;
    let kind = cursor.next()?;
    let name = cursor.next()?;
    match kind {
        "schemas" => schema(Node::of(components.schemas.get(name)?), cursor),
        "parameters" => parameter(components.parameters.get(name)?, cursor),
        "responses" => response(components.responses.get(name)?, cursor),
        "requestBodies" => body(components.request_bodies.get(name)?, cursor),
        _ => None,
    }
}

fn paths<'s>(spec: &'s OpenAPI, cursor: &mut Cursor<'_>) -> Option<(Found<'s>, Pointer)> {
    let ReferenceOr::Item(item) = spec.paths.paths.get(cursor.next()?)? else {
        return None;
    };
    match cursor.next()? {
        "parameters" => parameter(
            item.parameters.get(cursor.next()?.parse::<usize>().ok()?)?,
            cursor,
        ),
        method => {
            let (_, operation) = item.iter().find(|(m, _)| *m == method)?;
            match cursor.next()? {
                "parameters" => parameter(
                    operation
                        .parameters
                        .get(cursor.next()?.parse::<usize>().ok()?)?,
                    cursor,
                ),
                "requestBody" => body(operation.request_body.as_ref()?, cursor),
                "responses" => {
                    let status = cursor.next()?;
                    let found = match status {
                        "default" => operation.responses.default.as_ref(),
                        _ => (operation.responses.responses.iter())
                            .find(|(code, _)| code.to_string() == status)
                            .map(|(_, response)| response),
                    };
                    response(found?, cursor)
                }
                _ => None,
            }
        }
    }
}

fn parameter<'s>(
    found: &'s ReferenceOr<Parameter>,
    cursor: &mut Cursor<'_>,
) -> Option<(Found<'s>, Pointer)> {
    if cursor.rest.is_empty() {
        return Some((Found::Parameter(found), cursor.at.clone()));
    }
    let ReferenceOr::Item(item) = found else {
        return None;
    };
    match (&item.parameter_data_ref().format, cursor.next()?) {
        (ParameterSchemaOrContent::Schema(s), "schema") => schema(Node::of(s), cursor),
        (ParameterSchemaOrContent::Content(content), "content") => media(content, cursor),
        _ => None,
    }
}

fn response<'s>(
    found: &'s ReferenceOr<Response>,
    cursor: &mut Cursor<'_>,
) -> Option<(Found<'s>, Pointer)> {
    if cursor.rest.is_empty() {
        return Some((Found::Response(found), cursor.at.clone()));
    }
    match (found, cursor.next()?) {
        (ReferenceOr::Item(item), "content") => media(&item.content, cursor),
        _ => None,
    }
}

fn body<'s>(
    found: &'s ReferenceOr<RequestBody>,
    cursor: &mut Cursor<'_>,
) -> Option<(Found<'s>, Pointer)> {
    if cursor.rest.is_empty() {
        return Some((Found::Body(found), cursor.at.clone()));
    }
    match (found, cursor.next()?) {
        (ReferenceOr::Item(item), "content") => media(&item.content, cursor),
        _ => None,
    }
}

/// `<media type>/schema/...` of a `content` map.
fn media<'s>(
    content: &'s IndexMap<String, openapiv3::MediaType>,
    cursor: &mut Cursor<'_>,
) -> Option<(Found<'s>, Pointer)> {
    let media = content.get(cursor.next()?)?;
    match cursor.next()? {
        "schema" => schema(Node::of(media.schema.as_ref()?), cursor),
        _ => None,
    }
}

fn schema<'s>(node: Node<'s>, cursor: &mut Cursor<'_>) -> Option<(Found<'s>, Pointer)> {
    match walk(node, cursor.at.clone(), cursor.rest) {
        Ok((node, at)) => Some((Found::Schema(node), at)),
        Err(at) => {
            cursor.at = at;
            None
        }
    }
}

/// The name hint of what `segments` name inside an operation (`paths`, path,
/// method, ...: a schema, or a parameter, request body or response, for the
/// schema in it): the one it gets where it stands, from the operation's name
/// (`GET /systems`'s 200 body's `data` items are `GetSystemsResponseDataItem`).
pub(in crate::lower) fn hint_in_operation(
    spec: &OpenAPI,
    profile: &Profile,
    operation_names: &super::naming::OperationNames,
    segments: &[String],
) -> Option<NameHint> {
    let [paths, path, method, place, rest @ ..] = segments else {
        return None;
    };
    let ReferenceOr::Item(item) = spec.paths.paths.get(path).filter(|_| paths == "paths")? else {
        return None;
    };
    let (_, operation) = item.iter().find(|(m, _)| m == method)?;
    let (group, name) = operation_names.get(profile, path, method, operation);
    let mut full = group;
    full.push(name);
    let builder = names::type_name(&full.join("_"));
    let (base, rest) = match (place.as_str(), rest) {
        ("parameters", [index, rest @ ..]) => {
            let ReferenceOr::Item(p) = operation.parameters.get(index.parse::<usize>().ok()?)?
            else {
                return None;
            };
            let rest = match rest {
                [schema, rest @ ..] if schema == "schema" => rest,
                [content, _, schema, rest @ ..] if content == "content" && schema == "schema" => {
                    rest
                }
                _ => rest,
            };
            (NameHint::new(&builder, &p.parameter_data_ref().name), rest)
        }
        ("requestBody", rest) => (NameHint::new(&builder, "body"), in_content(rest)?),
        ("responses", [status, rest @ ..]) => {
            let part = match status.as_str() {
                s if s.starts_with('2') && Some(s) == first_success(operation).as_deref() => {
                    "response".to_owned()
                }
                s if s.starts_with('2') => format!("response_{s}"),
                s => format!("error_{s}"),
            };
            (NameHint::new(&builder, &part), in_content(rest)?)
        }
        _ => return None,
    };
    Some(super::inside::hint_along(base, rest))
}

/// The path inside the schema of `content/<media type>/schema/...`, or none
/// for the whole body.
fn in_content(rest: &[String]) -> Option<&[String]> {
    match rest {
        [] => Some(rest),
        [content, _, schema, rest @ ..] if content == "content" && schema == "schema" => Some(rest),
        _ => None,
    }
}

/// The first success status declared with content, as written.
fn first_success(operation: &openapiv3::Operation) -> Option<String> {
    (operation.responses.responses.iter())
        .map(|(code, response)| (code.to_string(), response))
        .find(|(code, response)| {
            code.starts_with('2')
                && matches!(response, ReferenceOr::Item(r) if !r.content.is_empty())
        })
        .map(|(code, _)| code)
}
