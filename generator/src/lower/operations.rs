//! Paths to operations: the methods of a path folded into one operation, its
//! parameters (the request body is `bodies`', the responses `responses`'),
//! pagination and security schemes (names are `naming`'s).

use super::*;

// ---- whole-model passes ------------------------------------------------------------

/// Where an operation stands in the document and what the resource tree
/// decided about it: everything [`Lowerer::operation`] lowers it from.
pub(in crate::lower) struct OperationSite<'a, 's> {
    pub(in crate::lower) path: &'s str,
    /// Parameters declared on the path item, shared by its methods.
    pub(in crate::lower) path_parameters: &'s [ReferenceOr<openapiv3::Parameter>],
    /// The method sent, lowercase as the spec writes it.
    pub(in crate::lower) http_method: &'s str,
    /// The operation under that method: docs, parameters, responses.
    pub(in crate::lower) operation: &'s openapiv3::Operation,
    /// The operation whose request body describes the parameter struct: the
    /// same one, or for an operation offered under several methods, the one
    /// with a body (Seam's GET `/x/get` takes the fields of its POST's body).
    pub(in crate::lower) body_operation: &'s openapiv3::Operation,
    /// The method `body_operation` is offered under.
    pub(in crate::lower) body_method: &'s str,
    /// The resource the operation belongs to (`["acs", "credentials"]`).
    pub(in crate::lower) group: &'a [String],
    pub(in crate::lower) method_name: &'a str,
    pub(in crate::lower) pointer: &'a Pointer,
}

/// The method an operation offered under several methods is sent with: the
/// first of the profile's preference, else the first offered.
fn preferred<'m, T>(members: &'m [(&'m str, T)], preference: &[String]) -> usize {
    preference
        .iter()
        .find_map(|wanted| {
            members
                .iter()
                .position(|(method, _)| method.eq_ignore_ascii_case(wanted))
        })
        .unwrap_or(0)
}

impl<'s> Lowerer<'s, '_> {
    pub(in crate::lower) fn operations(&mut self, resources: &mut ResourceBuilder) {
        let spec = self.spec;
        let profile = self.profile;
        let mut const_scope = Scope::default();
        for (path, item) in spec.paths.iter() {
            let path_pointer = Pointer::root().join("paths").join(path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { reference } => {
                    self.diags
                        .warning(
                            &path_pointer,
                            format!("the path is skipped: a path item $ref (`{reference}`) is not supported"),
                        )
                        .help("inline the path item");
                    self.skipped_operations += 1;
                    continue;
                }
            };
            // With aliases, methods of one path that share a name are one
            // operation; otherwise each method is its own.
            let mut by_name: MethodsByOperation = IndexMap::new();
            for (method, operation) in item.iter() {
                let (group, name) = self.operation_names.get(profile, path, method, operation);
                // The resource tree is built and walked recursively, a level per segment.
                if group.len() > MAX_DEPTH {
                    self.diags
                        .error(path_pointer.join(method), format!("the operation is nested {} resources deep; at most {MAX_DEPTH} are supported", group.len()))
                        .help("use fewer path segments, or a shorter SDK group name");
                    continue;
                }
                let distinct = match profile.methods {
                    Methods::Aliases { .. } => "",
                    Methods::Each {} => method,
                };
                by_name
                    .entry((group, name, distinct))
                    .or_default()
                    .push((method, operation));
            }
            for ((group, method_name, _), members) in by_name {
                let sent = match &profile.methods {
                    Methods::Aliases { preference, .. } => preferred(&members, preference),
                    Methods::Each {} => 0,
                };
                let (http_method, operation) = members[sent];
                let (body_method, body_operation) = members
                    .iter()
                    .find(|(method, _)| *method == "post")
                    .or_else(|| members.iter().find(|(_, op)| op.request_body.is_some()))
                    .copied()
                    .unwrap_or(members[sent]);
                let pointer = path_pointer.join(http_method);
                let site = OperationSite {
                    path,
                    path_parameters: &item.parameters,
                    http_method,
                    operation,
                    body_operation,
                    body_method,
                    group: &group,
                    method_name: &method_name,
                    pointer: &pointer,
                };
                match self.operation(site, &mut const_scope) {
                    Some(operation) => resources.groups.entry(group).or_default().push(operation),
                    None => self.skipped_operations += 1,
                }
            }
        }
    }

    /// One operation, lowered in steps over its site: where its parameters
    /// travel, its parameter struct, its arguments and setters, its response,
    /// pagination, errors, docs and security (each step in `operation_steps`).
    pub(in crate::lower) fn operation(
        &mut self,
        site: OperationSite<'_, 's>,
        const_scope: &mut Scope,
    ) -> Option<Operation> {
        let OperationSite {
            path,
            http_method,
            operation,
            body_operation,
            body_method,
            group,
            method_name,
            pointer,
            ..
        } = site;
        let display_name = group
            .iter()
            .chain(std::iter::once(&method_name.to_owned()))
            .cloned()
            .collect::<Vec<_>>()
            .join(".");
        let wire_parameters = self.wire_parameters(&site, &display_name)?;
        let body_pointer = Pointer::root().join("paths").join(path).join(body_method);
        let plan = self.body_plan(body_operation, &body_pointer, &display_name)?;
        let placement = self.body_placement(plan, http_method);

        // Names are claimed only for operations that are generated. Builders, handles and
        // models share one scope: `resources` imports every model by name.
        let mut full_name = group.to_vec();
        full_name.push(method_name.to_owned());
        let (builder_name, _) = self
            .type_scope
            .claim(names::type_name(&full_name.join("_")));
        let (const_name, _) = const_scope.claim(names::const_name(&full_name.join("_")));
        let body = self.parameter_struct(placement.params_in, &builder_name, &display_name);
        let (struct_def, encodings) = self.body_struct(&placement, &builder_name, &display_name);

        // Setters live beside the builder's own methods; parameters outside the
        // struct are builder fields named as their setters.
        let mut setter_scope = Scope::with_reserved(names::RESERVED_METHOD_NAMES);
        let mut params = self.wire_params(
            wire_parameters,
            &placement,
            &struct_def,
            &builder_name,
            &mut setter_scope,
        );
        let mut body_variants = Vec::new();
        if let Some(whole) = &placement.whole_body {
            let (param, required, variants) =
                self.whole_body_param(whole, &builder_name, placement.content_type.as_deref());
            params.push((param, required));
            body_variants = variants;
        }
        params.extend(struct_params(&struct_def, &mut setter_scope));
        let (required, optional): (Vec<_>, Vec<_>) =
            params.into_iter().partition(|(_, required)| *required);
        let required: Vec<Param> = required.into_iter().map(|(param, _)| param).collect();
        let optional: Vec<Param> = optional.into_iter().map(|(param, _)| param).collect();
        let body_fills_default = !optional.is_empty() || struct_def.additional.is_some();
        if let Some((id, _)) = &body {
            self.types[id.index()].kind = TypeKind::Struct(struct_def);
        }

        let response = self.response(operation, &builder_name, &display_name, pointer);
        let pagination = self.pagination(operation, pointer, (&required, &optional), &response);
        let accept = super::responses::accept(self.spec, operation);
        let errors = self.error_statuses(operation, &builder_name, pointer);
        let http_method = http_method.to_ascii_uppercase();
        let (docs, undocumented) = self.operation_docs(operation, &http_method, path);
        let requirements = security::security(
            operation,
            self.spec,
            self.profile,
            pointer,
            &display_name,
            self.diags,
        );
        Some(Operation {
            method_name: names::snake_name(method_name),
            display_name,
            builder_name,
            const_name,
            path: path.to_owned(),
            docs,
            body_type: body.as_ref().map(|(id, _)| *id),
            body_type_name: body.map(|(_, name)| name),
            required,
            optional,
            response,
            deprecated: deprecation(self.profile, operation.deprecated, &operation.extensions),
            undocumented,
            http_method,
            params_in: placement.params_in,
            body_encodings: encodings,
            content_type: placement.content_type,
            accept,
            action_poll: None,
            errors,
            pagination,
            body_fills_default,
            body_variants,
            example: Example::default(),
            security: security::schemes(operation, self.spec),
            requirements,
        })
    }

    /// How a list pages: by the first of the profile's strategies whose
    /// cursor parameter the operation takes (a string, in its parameter
    /// struct or its query) and whose fields its success response has.
    pub(in crate::lower) fn pagination(
        &mut self,
        operation: &'s openapiv3::Operation,
        pointer: &Pointer,
        params: (&[Param], &[Param]),
        response: &ResponseShape,
    ) -> Option<Pagination> {
        let profile = self.profile;
        profile.pagination.iter().find_map(|strategy| {
            let (cursor, cursor_setter) = cursor_field(params, strategy.cursor_parameter())?;
            let reader = match strategy {
                ProfilePagination::CursorObject {
                    object,
                    next_cursor,
                    has_next_page,
                    ..
                } => {
                    // Seam's cursor is a body field; its object sits beside the items.
                    if !matches!(cursor, CursorField::Body { .. }) {
                        return None;
                    }
                    self.has_cursor_object(
                        operation,
                        pointer,
                        object,
                        &[next_cursor, has_next_page],
                    )?;
                    PageReader::Keyed
                }
                ProfilePagination::HasMore {
                    items,
                    has_more,
                    item_id,
                    ..
                } => {
                    let fields = self.body_fields(response)?;
                    let item = list_item(fields, items)?;
                    has_field(fields, has_more, |ty| *ty == TypeRef::Bool)?;
                    PageReader::LastItem {
                        items: items.clone(),
                        more: has_more.clone(),
                        item_id: item_id.clone(),
                        item,
                    }
                }
                ProfilePagination::NextCursor {
                    items,
                    next_cursor,
                    has_more,
                    ..
                } => {
                    let fields = self.body_fields(response)?;
                    let item = list_item(fields, items)?;
                    has_field(fields, next_cursor, |ty| *ty == TypeRef::String)?;
                    if let Some(has_more) = has_more {
                        has_field(fields, has_more, |ty| *ty == TypeRef::Bool)?;
                    }
                    PageReader::NextCursor {
                        items: items.clone(),
                        next_cursor: next_cursor.clone(),
                        more: has_more.clone(),
                        item,
                    }
                }
            };
            Some(Pagination {
                cursor,
                cursor_setter,
                reader,
            })
        })
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
    (required, optional): (&[Param], &[Param]),
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

/// The item type of the list field `wire_name` of a response.
fn list_item(fields: &[Field], wire_name: &str) -> Option<TypeRef> {
    let field = fields.iter().find(|f| f.wire_name == wire_name)?;
    match &field.ty {
        TypeRef::List(item) if !field.nullable => Some((**item).clone()),
        _ => None,
    }
}

/// `Some` when the response has the field `wire_name` of a type `fits` accepts.
fn has_field(fields: &[Field], wire_name: &str, fits: impl Fn(&TypeRef) -> bool) -> Option<()> {
    fields
        .iter()
        .any(|f| f.wire_name == wire_name && fits(&f.ty))
        .then_some(())
}

#[cfg(test)]
mod tests {
    use crate::model::{Api, CursorField, PageReader};
    use crate::profile::Choice;

    const PROFILE: &str = r#"
extends = "generic"

[[pagination]]
strategy = "next_cursor"
items = "data"
next_cursor = "next_page"
cursor_parameter = "page"
has_more = "has_more"

[[pagination]]
strategy = "has_more"
items = "data"
has_more = "has_more"
cursor_parameter = "starting_after"
item_id = "id"

[[pagination]]
strategy = "next_cursor"
items = "items"
next_cursor = "next_cursor"
cursor_parameter = "cursor"
"#;

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: Pages, version: "1"}
paths:
  /pets:
    get:
      operationId: pets/list
      parameters:
        - {name: starting_after, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/PetList"}}}}
  /pets/search:
    get:
      operationId: pets/search
      parameters:
        - {name: query, in: query, required: true, schema: {type: string}}
        - {name: page, in: query, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [data, has_more]
                properties:
                  data: {type: array, items: {$ref: "#/components/schemas/Pet"}}
                  has_more: {type: boolean}
                  next_page: {type: string, nullable: true}
  /toys/list:
    post:
      operationId: toys/list
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                cursor: {type: string}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {type: array, items: {type: string}}
                  next_cursor: {type: string, nullable: true}
  # Each below lacks one thing a strategy needs.
  /cats:
    get:
      operationId: cats/list
      description: No cursor parameter.
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/PetList"}}}}
  /dogs:
    get:
      operationId: dogs/list
      description: No has-more flag.
      parameters:
        - {name: starting_after, in: query, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {$ref: "#/components/schemas/Pet"}}
  /birds:
    get:
      operationId: birds/list
      description: A cursor that is not a string.
      parameters:
        - {name: starting_after, in: query, schema: {type: integer}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/PetList"}}}}
  /fish:
    get:
      operationId: fish/list
      description: Items that are not a list.
      parameters:
        - {name: starting_after, in: query, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {$ref: "#/components/schemas/Pet"}
                  has_more: {type: boolean}
  /owners/{starting_after}:
    get:
      operationId: owners/list
      description: The cursor is a path parameter.
      parameters:
        - {name: starting_after, in: path, required: true, schema: {type: string}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/PetList"}}}}
components:
  schemas:
    Pet:
      type: object
      required: [id]
      properties:
        id: {type: string}
    PetList:
      type: object
      required: [data, has_more]
      properties:
        data: {type: array, items: {$ref: "#/components/schemas/Pet"}}
        has_more: {type: boolean}
"##;

    fn api(profile: &str) -> Api {
        // From text, not a file: tests run in parallel, each with its profile.
        let options = crate::Options {
            profile: Choice::from_text("pages.profile.toml", profile),
            ..Default::default()
        };
        let (api, _) = crate::model_bytes(SPEC.as_bytes(), "yaml", &options).unwrap();
        api
    }

    /// Each operation's display name, and how it pages (if it does).
    fn paging(api: &Api) -> Vec<(String, Option<String>)> {
        (api.root.all_operations())
            .map(|op| {
                let how = op.paged_list().map(|list| {
                    let cursor = match &list.cursor {
                        CursorField::Body { field, .. } => format!("body.{field}"),
                        CursorField::Builder { field, .. } => format!("builder.{field}"),
                    };
                    let reader = match &list.reader {
                        PageReader::Keyed => "keyed".to_owned(),
                        PageReader::LastItem {
                            items,
                            more,
                            item_id,
                            ..
                        } => {
                            format!("last {items} {more} {item_id}")
                        }
                        PageReader::NextCursor {
                            items,
                            next_cursor,
                            more,
                            ..
                        } => {
                            format!("next {items} {next_cursor} {more:?}")
                        }
                    };
                    format!("{cursor} {reader} {}", list.item_type)
                });
                (op.display_name.clone(), how)
            })
            .collect()
    }

    #[test]
    fn the_first_strategy_whose_fields_an_operation_has_applies() {
        let paging = paging(&api(PROFILE));
        let of = |name: &str| {
            let found = paging.iter().find(|(n, _)| n == name);
            found
                .unwrap_or_else(|| panic!("{name} in {paging:?}"))
                .1
                .clone()
        };
        assert_eq!(
            of("pets.list").as_deref(),
            Some("builder.starting_after last data has_more id Pet")
        );
        assert_eq!(
            of("pets.search").as_deref(),
            Some("builder.page next data next_page Some(\"has_more\") Pet")
        );
        assert_eq!(
            of("toys.list").as_deref(),
            Some("body.cursor next items next_cursor None String")
        );
        for name in [
            "cats.list",
            "dogs.list",
            "birds.list",
            "fish.list",
            "owners.list",
        ] {
            assert_eq!(of(name), None, "{name} pages");
        }
    }

    #[test]
    fn without_strategies_nothing_pages() {
        let none = paging(&api("extends = \"generic\"\n"));
        assert!(none.iter().all(|(_, how)| how.is_none()), "{none:?}");
        // A strategy whose has-more flag the search lacks does not apply to it.
        let none = paging(&api(
            "[[pagination]]\nstrategy = \"next_cursor\"\nitems = \"data\"\nnext_cursor = \"next_page\"\ncursor_parameter = \"page\"\nhas_more = \"more\"\n",
        ));
        assert!(none.iter().all(|(_, how)| how.is_none()), "{none:?}");
    }
}
