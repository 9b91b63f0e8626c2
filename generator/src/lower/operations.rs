//! Paths to operations: the methods of a path folded into one operation, its
//! parameters, response key, pagination and names.

use super::*;

/// The resource path and method name of an operation: the profile's grouping
/// extensions when present, else the path (`/acs/credentials/create` is `create` on
/// `acs.credentials`), else the operation id.
pub(in crate::lower) fn operation_names(
    profile: &Profile,
    path: &str,
    http_method: &str,
    operation: &openapiv3::Operation,
) -> (Vec<String>, String) {
    let segments: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
        .collect();
    let group = match Profile::extension(&profile.extensions.group_name, &operation.extensions) {
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str())
            .map(str::to_owned)
            .collect(),
        Some(serde_json::Value::String(single)) => vec![single.clone()],
        _ => segments
            .iter()
            .take(segments.len().saturating_sub(1))
            .map(|s| (*s).to_owned())
            .collect(),
    };
    let name = Profile::extension(&profile.extensions.method_name, &operation.extensions)
        .and_then(|v| v.as_str())
        .map(str::to_owned)
        .or_else(|| segments.last().map(|s| (*s).to_owned()))
        .or_else(|| operation.operation_id.clone())
        .unwrap_or_else(|| http_method.to_owned());
    (group, name)
}

/// The JSON media type of a content map (`application/json` or any `+json`).
pub(in crate::lower) fn json_media(
    content: &IndexMap<String, openapiv3::MediaType>,
) -> Option<(&str, &openapiv3::MediaType)> {
    content
        .iter()
        .find(|(media_type, _)| {
            let essence = media_type
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            essence == "application/json" || essence.ends_with("+json")
        })
        .map(|(media_type, media)| (media_type.as_str(), media))
}

// ---- whole-model passes ------------------------------------------------------------

/// Where an operation stands in the document and what the resource tree
/// decided about it: everything [`Lowerer::operation`] lowers it from.
pub(in crate::lower) struct OperationSite<'a> {
    pub(in crate::lower) path: &'a str,
    /// Parameters declared on the path item, shared by its methods.
    pub(in crate::lower) path_parameters: &'a [ReferenceOr<openapiv3::Parameter>],
    pub(in crate::lower) http_method: &'a str,
    pub(in crate::lower) operation: &'a openapiv3::Operation,
    /// The resource the operation belongs to (`["acs", "credentials"]`).
    pub(in crate::lower) group: &'a [String],
    pub(in crate::lower) method_name: &'a str,
    /// The path is also offered under a method that is safe to repeat.
    pub(in crate::lower) retry_safe: bool,
    pub(in crate::lower) pointer: &'a Pointer,
}

impl<'s> Lowerer<'s, '_> {
    pub(in crate::lower) fn operations(&mut self, resources: &mut ResourceBuilder) {
        let spec = self.spec;
        let mut const_scope = Scope::default();
        for (path, item) in spec.paths.iter() {
            let path_pointer = Pointer::root().join("paths").join(path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { reference } => {
                    self.diags
                        .error(
                            &path_pointer,
                            format!("path item $ref `{reference}` is not supported"),
                        )
                        .help("inline the path item");
                    continue;
                }
            };
            // Methods of one path that share a name are aliases of one operation.
            let mut by_name: MethodsByOperation = IndexMap::new();
            let mut methods: Vec<(&str, &openapiv3::Operation)> = item.iter().collect();
            methods.sort_by_key(|(method, _)| *method != "post");
            for (method, operation) in methods {
                let (group, name) = operation_names(self.profile, path, method, operation);
                // The resource tree is built and walked recursively, a level per segment.
                if group.len() > MAX_DEPTH {
                    self.diags
                        .error(path_pointer.join(method), format!("the operation is nested {} resources deep; at most {MAX_DEPTH} are supported", group.len()))
                        .help("use fewer path segments, or a shorter SDK group name");
                    continue;
                }
                by_name
                    .entry((group, name))
                    .or_default()
                    .push((method, operation));
            }
            for ((group, method_name), members) in by_name {
                let (http_method, primary) = members[0];
                let retry_safe = members
                    .iter()
                    .any(|(m, _)| matches!(*m, "get" | "put" | "delete" | "head" | "options"));
                let pointer = path_pointer.join(http_method);
                let site = OperationSite {
                    path,
                    path_parameters: &item.parameters,
                    http_method,
                    operation: primary,
                    group: &group,
                    method_name: &method_name,
                    retry_safe,
                    pointer: &pointer,
                };
                if let Some(operation) = self.operation(site, &mut const_scope) {
                    resources.groups.entry(group).or_default().push(operation);
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(in crate::lower) fn operation(
        &mut self,
        site: OperationSite<'_>,
        const_scope: &mut Scope,
    ) -> Option<Operation> {
        let OperationSite {
            path,
            path_parameters,
            http_method,
            operation,
            group,
            method_name,
            retry_safe,
            pointer,
        } = site;
        let display_name = group
            .iter()
            .chain(std::iter::once(&method_name.to_owned()))
            .cloned()
            .collect::<Vec<_>>()
            .join(".");
        if http_method != "post" {
            self.diags
                .warning(pointer, format!("the operation is skipped: it is offered only as {}", http_method.to_ascii_uppercase()))
                .operation(display_name.clone())
                .help("only POST operations with JSON bodies are supported so far (other methods beside a POST are read as its aliases)");
            return None;
        }

        // Seam takes every parameter in the JSON body: an operation that needs a path,
        // query or header parameter cannot be called correctly, so it is left out.
        let path_pointer = Pointer::root().join("paths").join(path);
        let parameters = path_parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, path_pointer.join("parameters").join(i.to_string())))
            .chain(
                operation
                    .parameters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p, pointer.join("parameters").join(i.to_string()))),
            );
        let mut skipped = false;
        for (parameter, at) in parameters {
            let parameter = match parameter {
                ReferenceOr::Item(p) => p,
                ReferenceOr::Reference { reference } => {
                    let name = self.component_name(reference, &at, "parameters");
                    match name.and_then(|n| self.spec.components.as_ref()?.parameters.get(&n)) {
                        Some(ReferenceOr::Item(p)) => p,
                        _ => {
                            self.diags
                                .error(&at, format!("$ref `{reference}` points nowhere"))
                                .operation(display_name.clone());
                            continue;
                        }
                    }
                }
            };
            let location = match parameter {
                openapiv3::Parameter::Path { .. } => "path",
                openapiv3::Parameter::Query { .. } => "query",
                openapiv3::Parameter::Header { .. } => "header",
                openapiv3::Parameter::Cookie { .. } => "cookie",
            };
            let data = parameter.parameter_data_ref();
            if location == "path" || data.required {
                skipped = true;
                self.diags
                    .warning(
                        &at,
                        format!(
                            "the operation is skipped: it needs the {location} parameter `{}`",
                            data.name
                        ),
                    )
                    .operation(display_name.clone())
                    .help("only JSON body parameters are supported so far");
            } else {
                self.diags
                    .warning(
                        &at,
                        format!(
                            "the optional {location} parameter `{}` is never sent",
                            data.name
                        ),
                    )
                    .operation(display_name.clone())
                    .help("only JSON body parameters are supported so far");
            }
        }
        if skipped {
            return None;
        }

        // Request body.
        let body_schema = match &operation.request_body {
            None => None,
            Some(body) => {
                let body = match body {
                    ReferenceOr::Item(body) => Some(body),
                    ReferenceOr::Reference { reference } => {
                        let at = pointer.join("requestBody");
                        let name = self.component_name(reference, &at, "requestBodies");
                        let found = name
                            .and_then(|n| self.spec.components.as_ref()?.request_bodies.get(&n));
                        match found {
                            Some(ReferenceOr::Item(body)) => Some(body),
                            _ => {
                                self.diags
                                    .error(&at, format!("$ref `{reference}` points nowhere"))
                                    .operation(display_name.clone());
                                None
                            }
                        }
                    }
                };
                match body {
                    None => None,
                    Some(body) => match json_media(&body.content) {
                        Some((media_type, media)) => media.schema.as_ref().map(|s| {
                            (
                                s,
                                pointer
                                    .join("requestBody")
                                    .join("content")
                                    .join(media_type)
                                    .join("schema"),
                            )
                        }),
                        None => {
                            let types: Vec<&str> =
                                body.content.keys().map(String::as_str).collect();
                            self.diags
                                .warning(pointer.join("requestBody"), format!("request content type {} is not supported; the operation is skipped", types.join(", ")))
                                .operation(display_name.clone())
                                .help("only application/json request bodies are supported");
                            return None;
                        }
                    },
                }
            }
        };

        // Names are claimed only for operations that are generated. Builders, handles and
        // models share one scope: `resources` imports every model by name.
        let mut full_name = group.to_vec();
        full_name.push(method_name.to_owned());
        let (builder_name, _) = self
            .type_scope
            .claim(names::type_name(&full_name.join("_")));
        let (const_name, _) = const_scope.claim(names::const_name(&full_name.join("_")));
        let (body_name, _) = self
            .type_scope
            .claim(names::type_name(&format!("{builder_name}_request")));
        let body_id = TypeId::new(self.types.len());
        self.types.push(TypeDef {
            name: body_name.clone(),
            docs: Docs {
                lines: names::doc_lines(&format!("The JSON body of `{display_name}`.")),
            },
            kind: TypeKind::Struct(StructDef::default()),
            in_request: true,
        });
        let mut struct_def = StructDef::default();
        if let Some((schema, at)) = body_schema {
            if let Some((resolved, resolved_at)) = self.resolve(schema, &at) {
                let mut parts = ObjectParts::default();
                self.collect_object(resolved, &resolved_at, &mut parts);
                struct_def = self.struct_def(parts, &builder_name);
            }
        }
        // Setters live beside the builder's own methods.
        let mut setter_scope = Scope::with_reserved(names::RESERVED_METHOD_NAMES);
        let mut required = Vec::new();
        let mut optional = Vec::new();
        for field in &struct_def.fields {
            let (setter_name, _) = setter_scope.claim(field.rust_name.clone());
            let double_option =
                FieldRepr::of(field.required, field.nullable, true) == FieldRepr::OptionalNullable;
            let (null_setter, _) = if double_option {
                setter_scope.claim(format!("{}_null", field.rust_name))
            } else {
                (String::new(), false)
            };
            let param = Param {
                field_name: field.rust_name.clone(),
                setter_name,
                wire_name: field.wire_name.clone(),
                ty: field.ty.clone(),
                docs: field.docs.clone(),
                nullable: field.nullable,
                deprecated: field.deprecated.clone(),
                undocumented: field.undocumented.clone(),
                double_option,
                null_setter,
            };
            if field.required {
                required.push(param)
            } else {
                optional.push(param)
            }
        }
        let pagination = self.pagination(operation, pointer, &struct_def);
        let body_fills_default = !optional.is_empty() || struct_def.additional.is_some();
        self.types[body_id.index()].kind = TypeKind::Struct(struct_def);

        let response = self.response(operation, &builder_name, &display_name, pointer);

        let mut doc_text = String::new();
        if let Some(title) =
            Profile::extension(&self.profile.extensions.title, &operation.extensions)
                .and_then(|t| t.as_str())
        {
            doc_text.push_str(title);
            doc_text.push_str("\n\n");
        }
        doc_text.push_str(
            operation
                .description
                .as_deref()
                .or(operation.summary.as_deref())
                .unwrap_or_default(),
        );
        let mut docs = Docs {
            lines: names::doc_lines(&doc_text),
        };
        docs = docs.with_paragraph(names::doc_lines(&format!("`POST {path}`")));
        let extensions = &self.profile.extensions;
        let undocumented = extension_message(&operation.extensions, &extensions.undocumented)
            .or_else(|| extension_message(&operation.extensions, &extensions.draft));
        if let Some(message) = &undocumented {
            let mut note = format!(
                "Undocumented by {}; available with the `undocumented` feature.",
                self.profile.api_name
            );
            if !message.is_empty() {
                note.push(' ');
                note.push_str(message);
            }
            docs = docs.with_paragraph(names::doc_lines(&note));
        }
        Some(Operation {
            method_name: names::snake_name(method_name),
            display_name,
            builder_name,
            const_name,
            path: path.to_owned(),
            docs,
            body_type: Some(body_id),
            body_type_name: Some(body_name),
            required,
            optional,
            response,
            deprecated: deprecation(self.profile, operation.deprecated, &operation.extensions),
            undocumented,
            retry_safe,
            pagination,
            body_fills_default,
            example: Example::default(),
        })
    }

    /// A list is paginated when its response has `pagination` and its body `page_cursor`.
    pub(in crate::lower) fn pagination(
        &mut self,
        operation: &openapiv3::Operation,
        pointer: &Pointer,
        body: &StructDef,
    ) -> Option<Pagination> {
        let profile = self.profile;
        let convention = profile.pagination.as_ref()?;
        let cursor = body
            .fields
            .iter()
            .find(|f| f.wire_name == convention.cursor_parameter && f.ty == TypeRef::String)?;
        let (schema, at) = self.success_schema(operation, pointer)?;
        let (schema, at) = self.resolve(schema, &at)?;
        let mut parts = ObjectParts::default();
        self.collect_object(schema, &at, &mut parts);
        let (pagination, pagination_at) = parts.properties.get(&convention.field)?.first()?.clone();
        let (pagination, pagination_at) = self.resolve(pagination, &pagination_at)?;
        let mut pagination_parts = ObjectParts::default();
        self.collect_object(pagination, &pagination_at, &mut pagination_parts);
        let has_fields = [
            &convention.next_cursor_field,
            &convention.has_next_page_field,
        ]
        .iter()
        .all(|f| pagination_parts.properties.contains_key(*f));
        has_fields.then(|| Pagination {
            cursor_field: cursor.rust_name.clone(),
            // The cursor travels in the request body.
            cursor_repr: FieldRepr::of(cursor.required, cursor.nullable, true),
        })
    }

    pub(in crate::lower) fn success_schema<'r>(
        &mut self,
        operation: &'r openapiv3::Operation,
        pointer: &Pointer,
    ) -> Option<(&'r ReferenceOr<Schema>, Pointer)>
    where
        's: 'r,
    {
        use openapiv3::StatusCode;
        let (status, response) = operation.responses.responses.iter().find(|(status, _)| {
            matches!(status, StatusCode::Code(200..=299) | StatusCode::Range(2))
        })?;
        let at = pointer.join("responses").join(status.to_string());
        let response = match response {
            ReferenceOr::Item(response) => response,
            ReferenceOr::Reference { reference } => {
                let name = self.component_name(reference, &at, "responses")?;
                match self.spec.components.as_ref()?.responses.get(&name) {
                    Some(ReferenceOr::Item(response)) => response,
                    _ => {
                        self.diags
                            .error(&at, format!("$ref `{reference}` points nowhere"));
                        return None;
                    }
                }
            }
        };
        let (media_type, media) = json_media(&response.content)?;
        let schema = media.schema.as_ref()?;
        Some((schema, at.join("content").join(media_type).join("schema")))
    }

    /// Without an envelope, a method returns its JSON success body, whole.
    fn whole_body(
        &mut self,
        operation: &openapiv3::Operation,
        builder_name: &str,
        pointer: &Pointer,
    ) -> ResponseShape {
        let Some((schema, at)) = self.success_schema(operation, pointer) else {
            return ResponseShape::Void;
        };
        let hint = NameHint::new(builder_name, "response");
        let lowered = self.schema_ref(schema, &hint, &at);
        ResponseShape::Body {
            ty: lowered.ty,
            nullable: lowered.nullable,
        }
    }

    pub(in crate::lower) fn response(
        &mut self,
        operation: &openapiv3::Operation,
        builder_name: &str,
        display_name: &str,
        pointer: &Pointer,
    ) -> ResponseShape {
        let profile = self.profile;
        let Some(envelope) = &profile.envelope else {
            return self.whole_body(operation, builder_name, pointer);
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
                        pointer.join("responses"),
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
                    &at,
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
