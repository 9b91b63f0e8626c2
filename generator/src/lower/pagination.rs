//! Which pagination strategy a list operation pages by: the one its document
//! declares (`x-speakeasy-pagination`, `x-fern-pagination`; read by
//! `declared_pagination`), else the first of the profile's whose fields and
//! parameters the operation has. Each strategy becomes the model's
//! [`Pagination`]: where the next page's cursor goes, and where a page's items
//! and the way on are ([`PageReader`]).

use crate::diagnostics::Pointer;
use crate::lower::{declared_pagination, Lowerer, ObjectParts, ProfilePagination};
use crate::model::{
    CursorField, Field, FieldRepr, PageReader, Pagination, Param, ParamLocation, ResponseShape,
    TypeKind, TypeRef,
};

/// The operation's request parameters, required then optional.
type Params<'p> = (&'p [Param], &'p [Param]);

impl<'s> Lowerer<'s, '_> {
    /// How a list pages, if it does. A strategy the document declares that
    /// the operation does not fit is reported and ignored.
    pub(in crate::lower) fn pagination(
        &mut self,
        operation: &'s openapiv3::Operation,
        pointer: &Pointer,
        params: Params<'_>,
        response: &ResponseShape,
    ) -> Option<Pagination> {
        let profile = self.profile;
        let declared = profile.extensions.pagination.iter().find_map(|extension| {
            let value = operation.extensions.get(extension)?;
            Some((extension, declared_pagination::strategy(extension, value)))
        });
        match declared {
            Some((extension, Ok(strategy))) => {
                let paged = self.paged_by(&strategy, operation, pointer, params, response);
                if paged.is_none() {
                    self.diags.warning(
                        pointer.join(extension).as_str(),
                        format!(
                            "the operation does not fit the pagination it declares \
                             ({strategy:?}): its items or parameters are not where it says, \
                             so it does not page"
                        ),
                    );
                }
                paged
            }
            Some((extension, Err(problem))) => {
                self.diags.warning(
                    pointer.join(extension).as_str(),
                    format!("{problem}: the operation does not page"),
                );
                None
            }
            None => (profile.pagination.iter())
                .find_map(|strategy| self.paged_by(strategy, operation, pointer, params, response)),
        }
    }

    /// How the operation pages by `strategy`, when it has what that needs.
    fn paged_by(
        &mut self,
        strategy: &ProfilePagination,
        operation: &'s openapiv3::Operation,
        pointer: &Pointer,
        params: Params<'_>,
        response: &ResponseShape,
    ) -> Option<Pagination> {
        let (reader, (cursor, cursor_setter)) = match strategy {
            ProfilePagination::CursorObject {
                cursor_parameter,
                object,
                next_cursor,
                has_next_page,
            } => {
                let cursor = cursor_field(params, cursor_parameter)?;
                // Seam's cursor is a body field; its object sits beside the items.
                if !matches!(cursor.0, CursorField::Body { .. }) {
                    return None;
                }
                let fields = [next_cursor, has_next_page];
                self.has_cursor_object(operation, pointer, object, &fields)?;
                (PageReader::Keyed, cursor)
            }
            ProfilePagination::HasMore {
                items,
                has_more,
                cursor_parameter,
                item_id,
                ..
            } => {
                let (_, item, fields) = self.page_items(response, Some(items))?;
                has_field(fields, has_more, TypeRef::Bool)?;
                let reader = PageReader::LastItem {
                    items: items.clone(),
                    more: has_more.clone(),
                    item_id: item_id.clone(),
                    item,
                };
                (reader, cursor_field(params, cursor_parameter)?)
            }
            ProfilePagination::NextCursor {
                items,
                next_cursor,
                cursor_parameter,
                has_more,
            } => {
                let (_, item, fields) = self.page_items(response, Some(items))?;
                has_field(fields, next_cursor, TypeRef::String)?;
                let more = optional_field(fields, has_more, TypeRef::Bool)?;
                let reader = PageReader::NextCursor {
                    items: items.clone(),
                    next_cursor: next_cursor.clone(),
                    more,
                    item,
                };
                (reader, cursor_field(params, cursor_parameter)?)
            }
            ProfilePagination::Offset {
                offset_parameter,
                items,
                limit_parameter,
                has_more,
            } => {
                let setter = number_parameter(params, offset_parameter)?;
                let (items, item, fields) = self.page_items(response, items.as_deref())?;
                let reader = PageReader::Offset {
                    items,
                    parameter: offset_parameter.clone(),
                    limit: limit(params, limit_parameter),
                    more: optional_field(fields, has_more, TypeRef::Bool)?,
                    item,
                };
                (reader, (CursorField::Request, setter))
            }
            ProfilePagination::PageNumber {
                page_parameter,
                first_page,
                items,
                limit_parameter,
                total_pages,
                has_more,
            } => {
                let setter = number_parameter(params, page_parameter)?;
                let (items, item, fields) = self.page_items(response, items.as_deref())?;
                let reader = PageReader::PageNumber {
                    items,
                    parameter: page_parameter.clone(),
                    first: *first_page,
                    limit: limit(params, limit_parameter),
                    total_pages: optional_field(fields, total_pages, TypeRef::Integer)?,
                    more: optional_field(fields, has_more, TypeRef::Bool)?,
                    item,
                };
                (reader, (CursorField::Request, setter))
            }
            ProfilePagination::LinkHeader { items, header } => {
                self.success_declares_header(operation, pointer, header)?;
                let (items, item, _) = self.page_items(response, items.as_deref())?;
                let reader = PageReader::LinkHeader {
                    items,
                    header: header.clone(),
                    item,
                };
                (reader, (CursorField::Request, String::new()))
            }
            ProfilePagination::NextUrl { items, next_url } => {
                let (_, item, fields) = self.page_items(response, Some(items))?;
                has_field(fields, next_url, TypeRef::String)?;
                let reader = PageReader::NextUrl {
                    items: items.clone(),
                    next_url: next_url.clone(),
                    item,
                };
                (reader, (CursorField::Request, String::new()))
            }
        };
        Some(Pagination {
            cursor,
            cursor_setter,
            reader,
        })
    }

    /// The type of a page's items and the fields beside them: the list field
    /// `items` of the body, or without it the body itself when it is a list,
    /// else the body's only list field (GitHub's `{"total_count": 2,
    /// "workflow_runs": [..]}`). With the field the items were found in.
    fn page_items(
        &self,
        response: &ResponseShape,
        items: Option<&str>,
    ) -> Option<(Option<String>, TypeRef, &[Field])> {
        if let (
            None,
            ResponseShape::Body {
                ty: TypeRef::List(item),
                nullable: false,
            },
        ) = (items, response)
        {
            return Some((None, (**item).clone(), &[]));
        }
        let fields = self.body_fields(response)?;
        let is_list = |f: &&Field| matches!(f.ty, TypeRef::List(_)) && !f.nullable;
        let field = match items {
            Some(items) => fields
                .iter()
                .filter(is_list)
                .find(|f| f.wire_name == items)?,
            None => match fields.iter().filter(is_list).collect::<Vec<_>>()[..] {
                [only] => only,
                _ => return None,
            },
        };
        match &field.ty {
            TypeRef::List(item) => Some((Some(field.wire_name.clone()), (**item).clone(), fields)),
            _ => None,
        }
    }

    /// Whether the success schema has `object` with each of `fields`.
    fn has_cursor_object(
        &mut self,
        operation: &'s openapiv3::Operation,
        pointer: &Pointer,
        object: &str,
        fields: &[&String],
    ) -> Option<()> {
        let (schema, at) = self.success_schema(operation, pointer)?;
        let (schema, at) = self.resolve(schema, &at)?;
        let mut parts = ObjectParts::default();
        self.collect_object(schema, &at, &mut parts);
        let (pagination, pagination_at) = parts.properties.get(object)?.first()?.clone();
        let (pagination, pagination_at) = self.resolve(pagination, &pagination_at)?;
        let mut pagination_parts = ObjectParts::default();
        self.collect_object(pagination, &pagination_at, &mut pagination_parts);
        let has_fields = fields
            .iter()
            .all(|f| pagination_parts.properties.contains_key(*f));
        has_fields.then_some(())
    }

    /// Whether the first success response declares the header `name`.
    fn success_declares_header(
        &mut self,
        operation: &'s openapiv3::Operation,
        pointer: &Pointer,
        name: &str,
    ) -> Option<()> {
        use openapiv3::StatusCode;
        let (status, response) = operation.responses.responses.iter().find(|(status, _)| {
            matches!(status, StatusCode::Code(200..=299) | StatusCode::Range(2))
        })?;
        let at = pointer.join("responses").join(status.to_string());
        let (response, _, _) = self.response_item(response, &at)?;
        let declared = response.headers.keys();
        declared
            .into_iter()
            .any(|header| header.eq_ignore_ascii_case(name))
            .then_some(())
    }

    /// The fields of a success body returned whole (never null) that is an object.
    fn body_fields(&self, response: &ResponseShape) -> Option<&[Field]> {
        let ResponseShape::Body {
            ty: TypeRef::Named { id, .. },
            nullable: false,
        } = response
        else {
            return None;
        };
        match &self.types.get(id.index())?.kind {
            TypeKind::Struct(def) => Some(&def.fields),
            _ => None,
        }
    }
}

/// The request field that takes a cursor sent as `wire_name`: a string field
/// of the parameter struct, or a string query parameter (a builder field);
/// and its setter.
fn cursor_field(
    (required, optional): Params<'_>,
    wire_name: &str,
) -> Option<(CursorField, String)> {
    let (param, is_required) = (required.iter().map(|p| (p, true)))
        .chain(optional.iter().map(|p| (p, false)))
        .find(|(p, _)| p.wire_name == wire_name && p.ty == TypeRef::String)?;
    let cursor = match param.location {
        ParamLocation::Struct => CursorField::Body {
            field: param.field_name.clone(),
            // The cursor is a field of the parameter struct, a request type.
            repr: FieldRepr::of(is_required, param.nullable, true),
        },
        ParamLocation::Query(_) => CursorField::Builder {
            field: param.field_name.clone(),
            required: is_required,
        },
        _ => return None,
    };
    Some((cursor, param.setter_name.clone()))
}

/// The setter of the integer query parameter `wire_name` (an offset or a
/// page number, which the pager rewrites in each page's query).
fn number_parameter((required, optional): Params<'_>, wire_name: &str) -> Option<String> {
    let param = (required.iter().chain(optional)).find(|p| {
        p.wire_name == wire_name
            && p.ty == TypeRef::Integer
            && matches!(p.location, ParamLocation::Query(_))
    })?;
    Some(param.setter_name.clone())
}

/// The page-size parameter `wire_name`, when the operation has it as an
/// integer query parameter (a page shorter than it sent is the last).
fn limit(params: Params<'_>, wire_name: &Option<String>) -> Option<String> {
    let wire_name = wire_name.as_deref()?;
    number_parameter(params, wire_name).map(|_| wire_name.to_owned())
}

/// `Some` when the response has the field `wire_name` of type `ty`.
fn has_field(fields: &[Field], wire_name: &str, ty: TypeRef) -> Option<()> {
    (fields.iter())
        .any(|f| f.wire_name == wire_name && f.ty == ty)
        .then_some(())
}

/// A field a strategy may name: `Some(None)` when it names none, `Some(name)`
/// when the response has it, `None` (the strategy does not apply) when not.
fn optional_field(
    fields: &[Field],
    wire_name: &Option<String>,
    ty: TypeRef,
) -> Option<Option<String>> {
    match wire_name {
        None => Some(None),
        Some(name) => has_field(fields, name, ty).map(|()| Some(name.clone())),
    }
}
