//! Paths to operations: the methods of a path folded into one operation, its
//! parameters (the request body is `bodies`', the responses `responses`',
//! pagination `pagination`'s) and security schemes (names are `naming`'s).

use crate::diagnostics::Pointer;
use crate::lower::operation_steps::struct_params;
use crate::lower::security;
use crate::lower::structs::deprecation;
use crate::lower::{Lowerer, MethodsByOperation, ResourceBuilder, MAX_DEPTH};
use crate::model::{Example, Operation, Param, TypeKind};
use crate::names;
use crate::names::Scope;
use crate::profile::Methods;
use indexmap::IndexMap;
use openapiv3::ReferenceOr;

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
                    Methods::Each { .. } => method,
                };
                by_name
                    .entry((group, name, distinct))
                    .or_default()
                    .push((method, operation));
            }
            for ((group, method_name, _), members) in by_name {
                let sent = match &profile.methods {
                    Methods::Aliases { preference, .. } => preferred(&members, preference),
                    Methods::Each { .. } => 0,
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
}
