//! The steps [`Lowerer::operation`] lowers one operation in: where its
//! parameters travel (the profile's `methods` strategy decides for an
//! operation offered under several methods), the parameter struct and its
//! fields, the arguments and setters (path and query parameters, a whole body,
//! the struct's fields, required ones in the order the spec requires them),
//! and the docs. Each step is a rule with its own tests below.

use super::parameters::{location_word, WireParameter};
use crate::diagnostics::Pointer;
use crate::lower::bodies::BodyPlan;
use crate::lower::encodings::BodyEncodings;
use crate::lower::hints::NameHint;
use crate::lower::structs::{deprecation, extension_message};
use crate::lower::{Lowerer, ObjectParts};
use crate::model::{
    BodyEncoding, BodyVariant, Docs, Field, FieldEncoding, FieldRepr, Gate, Param, ParamLocation,
    ParamsIn, RawKind, StructDef, TypeDef, TypeId, TypeKind, TypeRef,
};
use crate::names;
use crate::names::Scope;
use crate::profile::{Methods, Profile};
use openapiv3::{ReferenceOr, Schema};

/// Where an operation's parameters travel, decided from its body plan and
/// the profile.
pub(in crate::lower) struct BodyPlacement<'s> {
    pub(in crate::lower) params_in: ParamsIn,
    /// The request's `Content-Type`, when it sends a body.
    pub(in crate::lower) content_type: Option<String>,
    /// The schema whose properties are the parameter struct's fields.
    pub(in crate::lower) struct_schema: Option<(&'s ReferenceOr<Schema>, Pointer)>,
    /// A body sent whole, as one argument.
    pub(in crate::lower) whole_body: Option<WholeBody<'s>>,
    /// A form's or multipart body's `encoding` entries.
    pub(in crate::lower) encodings: BodyEncodings<'s>,
}

/// A request body that is one argument: how it is written, its JSON schema,
/// whether it is required, and its description.
pub(in crate::lower) struct WholeBody<'s> {
    pub(in crate::lower) encoding: BodyEncoding,
    pub(in crate::lower) schema: Option<(&'s ReferenceOr<Schema>, Pointer)>,
    pub(in crate::lower) required: bool,
    pub(in crate::lower) description: Option<String>,
}

impl<'s> Lowerer<'s, '_> {
    /// Where the parameters of an operation sent with `http_method` travel. An
    /// API whose SDKs send some methods' parameters in the query string (the
    /// `aliases` strategy's `query_methods`) sends the body operation's
    /// parameter object there; one whose SDKs send `{}` to an operation without
    /// parameters (`empty_json_body`) sends an empty JSON object.
    pub(in crate::lower) fn body_placement(
        &self,
        plan: BodyPlan<'s>,
        http_method: &str,
    ) -> BodyPlacement<'s> {
        let is = |methods: &[String]| methods.iter().any(|m| m.eq_ignore_ascii_case(http_method));
        let (query_method, empty_json_body, form_in_query) = match &self.profile.methods {
            Methods::Aliases {
                query_methods,
                empty_json_body,
                ..
            } => (is(query_methods), *empty_json_body, false),
            Methods::Each { form_in_query } => (false, false, is(form_in_query)),
        };
        let mut placement = BodyPlacement {
            params_in: ParamsIn::Nothing,
            content_type: None,
            struct_schema: None,
            whole_body: None,
            encodings: BodyEncodings {
                entries: None,
                params_in: ParamsIn::Nothing,
            },
        };
        match plan {
            _ if query_method => {
                placement.params_in = ParamsIn::Query;
                if let BodyPlan::Struct { schema, .. } = plan {
                    placement.struct_schema = schema;
                }
            }
            BodyPlan::Nothing if empty_json_body => {
                placement.params_in = ParamsIn::Json;
                placement.content_type = Some("application/json".to_owned());
            }
            BodyPlan::Nothing => {}
            BodyPlan::Struct {
                params_in,
                media_type,
                schema,
                encoding,
            } => {
                placement.params_in = params_in;
                placement.content_type = Some(media_type);
                if params_in == ParamsIn::Form && form_in_query {
                    placement.params_in = ParamsIn::FormQuery;
                    placement.content_type = None;
                }
                placement.struct_schema = schema;
                placement.encodings = BodyEncodings {
                    entries: encoding,
                    params_in,
                };
            }
            BodyPlan::Whole {
                encoding,
                media_type,
                schema,
                required,
                description,
            } => {
                placement.content_type = Some(media_type);
                placement.whole_body = Some(WholeBody {
                    encoding,
                    schema,
                    required,
                    description,
                });
            }
        }
        placement
    }

    /// The parameter struct's type, named after the builder, whenever the
    /// struct is sent, even empty (Seam's SDK sends `{}` to a POST without
    /// parameters); its fields are filled in once lowered.
    pub(in crate::lower) fn parameter_struct(
        &mut self,
        params_in: ParamsIn,
        builder_name: &str,
        display_name: &str,
    ) -> Option<(TypeId, String)> {
        if params_in == ParamsIn::Nothing {
            return None;
        }
        let (body_name, _) = self
            .type_scope
            .claim(names::type_name(&format!("{builder_name}_request")));
        let what = match params_in {
            ParamsIn::Query => "The parameters of `{}`, sent in the query string.",
            ParamsIn::Form => "The form body of `{}`.",
            ParamsIn::FormQuery => "The parameters of `{}`, sent in the query string as a form.",
            ParamsIn::Multipart => "The multipart body of `{}`.",
            _ => "The JSON body of `{}`.",
        };
        let id = TypeId::new(self.types.len());
        self.types.push(TypeDef {
            name: body_name.clone(),
            docs: Docs {
                lines: names::doc_lines(&what.replace("{}", display_name)),
            },
            kind: TypeKind::Struct(StructDef::default()),
            in_request: true,
            filled_by_builder: true,
            gate: Gate::Always,
        });
        Some((id, body_name))
    }

    /// The parameter struct's fields, from the body schema's properties, and
    /// how a form or multipart body writes them. A multipart part declared as
    /// binary is a file, whatever else its schema says.
    pub(in crate::lower) fn body_struct(
        &mut self,
        placement: &BodyPlacement<'s>,
        builder_name: &str,
        display_name: &str,
    ) -> (StructDef, Vec<FieldEncoding>) {
        let Some((schema, at)) = &placement.struct_schema else {
            return (StructDef::default(), Vec::new());
        };
        let Some((resolved, resolved_at)) = self.resolve(schema, at) else {
            return (StructDef::default(), Vec::new());
        };
        let mut parts = ObjectParts::default();
        self.collect_object(resolved, &resolved_at, &mut parts);
        let binary = match placement.params_in {
            ParamsIn::Multipart => self.binary_properties(&parts),
            _ => Vec::new(),
        };
        let encodings = self.field_encodings(&placement.encodings, &parts, display_name);
        let mut struct_def = self.struct_def(parts, builder_name);
        for field in &mut struct_def.fields {
            if binary.contains(&field.wire_name) {
                field.ty = TypeRef::File;
                field.nullable = false;
            }
        }
        (struct_def, encodings)
    }

    /// The path, query and header parameters, each with whether it is
    /// required (a path parameter always is). A query parameter that is also
    /// a field of a parameter struct sent in the query is that field (Seam's
    /// GET `/x/get?id=` declares the struct's own fields in its query).
    pub(in crate::lower) fn wire_params(
        &mut self,
        wire_parameters: Vec<WireParameter<'s>>,
        placement: &BodyPlacement<'s>,
        struct_def: &StructDef,
        builder_name: &str,
        setter_scope: &mut Scope,
    ) -> Vec<(Param, bool)> {
        let mut out = Vec::new();
        for wire in wire_parameters {
            let in_struct = (struct_def.fields.iter()).any(|f| f.wire_name == wire.data.name);
            if placement.params_in == ParamsIn::Query
                && matches!(wire.location, ParamLocation::Query(_))
                && in_struct
            {
                continue;
            }
            let openapiv3::ParameterSchemaOrContent::Schema(schema) = &wire.data.format else {
                continue;
            };
            let hint = NameHint::new(builder_name, &wire.data.name);
            let mut lowered = self.schema_ref(schema, &hint, &wire.pointer.join("schema"));
            lowered.ty =
                (self.precise).retype(&wire.data.name, schema.as_item(), &wire.pointer, lowered.ty);
            let (setter_name, _) = setter_scope.claim(names::snake_name(&wire.data.name));
            let default_docs = format!(
                "The `{}` {} parameter.",
                wire.data.name,
                location_word(wire.location)
            );
            let description = (wire.data.description.as_deref())
                .filter(|d| !d.trim().is_empty())
                .unwrap_or(&default_docs);
            let param = Param {
                field_name: setter_name.clone(),
                setter_name,
                wire_name: wire.data.name.clone(),
                ty: lowered.ty,
                docs: Docs {
                    lines: names::doc_lines(description),
                },
                nullable: false,
                deprecated: deprecation(
                    self.profile,
                    wire.data.deprecated.unwrap_or(false),
                    &wire.data.extensions,
                ),
                undocumented: extension_message(
                    &wire.data.extensions,
                    &self.profile.extensions.undocumented,
                ),
                null_setter: None,
                // Set once whether it is required is known, below.
                repr: FieldRepr::Plain,
                location: wire.location,
                default: (schema.as_item())
                    .and_then(|s| s.schema_data.default.as_ref())
                    .map(|value| value.to_string()),
            };
            let required =
                matches!(param.location, ParamLocation::Path { .. }) || wire.data.required;
            let repr = FieldRepr::of(required, false, true);
            out.push((Param { repr, ..param }, required));
        }
        out
    }

    /// The argument a whole body is (named `body`, which no other parameter
    /// may be), whether it is required, and for a union the variants the
    /// command line checks it against.
    pub(in crate::lower) fn whole_body_param(
        &mut self,
        whole: &WholeBody<'s>,
        builder_name: &str,
        content_type: Option<&str>,
    ) -> (Param, bool, Vec<BodyVariant>) {
        let mut variants = Vec::new();
        let (ty, nullable) = match (whole.encoding, &whole.schema) {
            (BodyEncoding::Json, Some((schema, at))) => {
                let hint = NameHint::new(builder_name, "body");
                let lowered = self.schema_ref(schema, &hint, at);
                variants = self.body_variants(schema, at);
                (lowered.ty, lowered.nullable)
            }
            (BodyEncoding::Raw(RawKind::Text), _) => (TypeRef::String, false),
            _ => (TypeRef::Bytes, false),
        };
        let default_docs = format!("The request body ({}).", content_type.unwrap_or_default());
        let description = (whole.description.as_deref())
            .filter(|d| !d.trim().is_empty())
            .unwrap_or(&default_docs);
        let param = Param {
            field_name: "body".to_owned(),
            setter_name: "body".to_owned(),
            wire_name: "body".to_owned(),
            ty,
            docs: Docs {
                lines: names::doc_lines(description),
            },
            nullable,
            deprecated: None,
            undocumented: None,
            null_setter: None,
            // A whole body has no null setter: `None` is its only absence,
            // and a required nullable one is `Some` of its value.
            repr: match (whole.required, nullable) {
                (true, false) => FieldRepr::Plain,
                (true, true) => FieldRepr::Nullable,
                (false, _) => FieldRepr::Optional,
            },
            location: ParamLocation::Body(whole.encoding),
            default: None,
        };
        (param, whole.required, variants)
    }

    /// An operation's docs: the profile's title extension, its description
    /// (else summary), its method and path, and a note when the API marks it
    /// undocumented or draft; with that mark's message.
    pub(in crate::lower) fn operation_docs(
        &self,
        operation: &openapiv3::Operation,
        http_method: &str,
        path: &str,
    ) -> (Docs, Option<String>) {
        let mut doc_text = String::new();
        if let Some(title) =
            Profile::extension(&self.profile.extensions.title, &operation.extensions)
                .and_then(|t| t.as_str())
        {
            doc_text.push_str(title);
            doc_text.push_str("\n\n");
        }
        doc_text.push_str(
            (operation.description.as_deref())
                .or(operation.summary.as_deref())
                .unwrap_or_default(),
        );
        let mut docs = Docs {
            lines: names::doc_lines(&doc_text),
        };
        docs = docs.with_paragraph(names::doc_lines(&format!("`{http_method} {path}`")));
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
        (docs, undocumented)
    }
}

/// The parameter struct's fields as setters, each with whether it is
/// required; required ones come in the order the spec requires them, so that
/// they are the method's arguments in that order. An optional nullable field
/// also gets a setter that sends `null`.
pub(in crate::lower) fn struct_params(
    struct_def: &StructDef,
    setter_scope: &mut Scope,
) -> Vec<(Param, bool)> {
    let mut fields: Vec<&Field> = struct_def.fields.iter().collect();
    let position = |field: &&Field| {
        (struct_def.required_order.iter()).position(|wire| *wire == field.wire_name)
    };
    fields.sort_by_key(|field| position(field).unwrap_or(usize::MAX));
    let mut out = Vec::new();
    for field in fields {
        let (setter_name, _) = setter_scope.claim(field.rust_name.clone());
        let repr = FieldRepr::of(field.required, field.nullable, true);
        let null_setter = (repr == FieldRepr::OptionalNullable).then(|| {
            let name = format!("{}_null", field.rust_name.trim_end_matches('_'));
            setter_scope.claim(name).0
        });
        let param = Param {
            field_name: field.rust_name.clone(),
            setter_name,
            wire_name: field.wire_name.clone(),
            ty: field.ty.clone(),
            docs: field.docs.clone(),
            nullable: field.nullable,
            deprecated: field.deprecated.clone(),
            undocumented: field.undocumented.clone(),
            null_setter,
            repr,
            location: ParamLocation::Struct,
            default: field.default.clone(),
        };
        out.push((param, field.required));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::model::{Api, Operation, ParamLocation, ParamsIn};
    use crate::profile::Choice;

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: Steps, version: "1"}
paths:
  /things/{thing_id}:
    parameters:
      - {name: thing_id, in: path, required: true, schema: {type: string}}
    post:
      operationId: things/update
      summary: Updates a thing.
      x-beta: still changing
      parameters:
        - {name: dry_run, in: query, schema: {type: boolean}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [ends_at, starts_at]
              properties:
                starts_at: {type: string}
                ends_at: {type: string}
                note: {type: string, nullable: true}
      responses:
        "204": {description: done}
  /things/get:
    get:
      operationId: things/get
      parameters:
        - {name: thing_id, in: query, required: true, schema: {type: string}}
      responses:
        "204": {description: done}
    post:
      operationId: things/get
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [thing_id]
              properties:
                thing_id: {type: string}
      responses:
        "204": {description: done}
  /things/ping:
    post:
      operationId: things/ping
      responses:
        "204": {description: done}
  /things/{thing_id}/cancel:
    delete:
      operationId: things/cancel
      parameters:
        - {name: thing_id, in: path, required: true, schema: {type: string}}
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                prorate: {type: boolean}
      responses:
        "204": {description: done}
  /things/upload:
    post:
      operationId: things/upload
      requestBody:
        content:
          application/octet-stream:
            schema: {type: string, format: binary}
      responses:
        "204": {description: done}
"##;

    /// Seam's way of sending aliased methods, as a user's profile declares it.
    const ALIASES: &str = r#"
[methods]
strategy = "aliases"
preference = ["GET", "POST"]
query_methods = ["GET"]
empty_json_body = true

[extensions]
undocumented = "x-beta"
"#;

    fn api(profile: &str) -> Api {
        let options = crate::Options {
            profile: Choice::from_text("steps.profile.toml", profile),
            ..Default::default()
        };
        let (api, _) = crate::model_bytes(SPEC.as_bytes(), "yaml", &options).unwrap();
        api
    }

    fn operation<'a>(api: &'a Api, display_name: &str) -> &'a Operation {
        let mut all = api.root.all_operations();
        all.find(|op| op.display_name == display_name)
            .unwrap_or_else(|| panic!("no operation {display_name}"))
    }

    fn names(params: &[crate::model::Param]) -> Vec<&str> {
        params.iter().map(|p| p.wire_name.as_str()).collect()
    }

    #[test]
    fn required_arguments_are_the_path_then_the_body_in_the_order_the_spec_requires() {
        let api = api("");
        let update = operation(&api, "things.update");
        assert_eq!(
            names(&update.required),
            ["thing_id", "ends_at", "starts_at"]
        );
        assert!(matches!(
            update.required[0].location,
            ParamLocation::Path { .. }
        ));
        assert_eq!(names(&update.optional), ["dry_run", "note"]);
        // An optional nullable field also gets a setter that sends null.
        assert_eq!(update.optional[1].null_setter.as_deref(), Some("note_null"));
        assert_eq!(update.params_in, ParamsIn::Json);
        assert_eq!(update.content_type.as_deref(), Some("application/json"));
    }

    #[test]
    fn each_method_is_its_own_operation_without_a_body_unless_aliased() {
        let api = api("");
        let ping = operation(&api, "things.ping");
        assert_eq!(ping.params_in, ParamsIn::Nothing);
        assert_eq!(ping.content_type, None);
        assert!(ping.body_type.is_none());
        // Without `aliases`, a GET and a POST of one name are told apart by method.
        let gets = (api.root.all_operations())
            .filter(|op| op.path == "/things/get")
            .count();
        assert_eq!(gets, 2);
    }

    #[test]
    fn aliased_methods_send_the_parameter_object_in_the_query_and_an_empty_object_otherwise() {
        let api = api(ALIASES);
        let get = operation(&api, "things.get");
        assert_eq!(get.http_method, "GET");
        assert_eq!(get.params_in, ParamsIn::Query);
        // The query's own `thing_id` is the struct's field, not a second setter.
        assert_eq!(names(&get.required), ["thing_id"]);
        assert_eq!(get.required[0].location, ParamLocation::Struct);
        let ping = operation(&api, "things.ping");
        assert_eq!(ping.params_in, ParamsIn::Json);
        assert_eq!(ping.content_type.as_deref(), Some("application/json"));
        assert!(
            ping.body_type.is_some(),
            "`{{}}` is sent from an empty struct"
        );
    }

    #[test]
    fn a_form_body_goes_in_the_query_for_the_methods_the_profile_names() {
        let cancel = |profile: &str| {
            let api = api(profile);
            let op = operation(&api, "things.cancel");
            (op.params_in, op.content_type.clone())
        };
        let form = Some("application/x-www-form-urlencoded".to_owned());
        assert_eq!(cancel(""), (ParamsIn::Form, form));
        let in_query = "[methods]\nstrategy = \"each\"\nform_in_query = [\"delete\"]\n";
        assert_eq!(cancel(in_query), (ParamsIn::FormQuery, None));
    }

    #[test]
    fn a_raw_body_is_one_body_argument() {
        let api = api("");
        let upload = operation(&api, "things.upload");
        assert_eq!(upload.params_in, ParamsIn::Nothing);
        assert_eq!(names(&upload.optional), ["body"]);
        assert!(matches!(
            upload.optional[0].location,
            ParamLocation::Body(_)
        ));
        assert_eq!(upload.optional[0].ty, crate::model::TypeRef::Bytes);
        assert_eq!(
            upload.optional[0].docs.lines,
            ["The request body (application/octet-stream)."]
        );
    }

    #[test]
    fn docs_carry_the_summary_the_method_and_path_and_an_undocumented_note() {
        let plain = api("");
        let update = operation(&plain, "things.update");
        assert_eq!(update.docs.lines[0], "Updates a thing.");
        assert!(update
            .docs
            .lines
            .contains(&"`POST /things/{thing_id}`".to_owned()));
        assert_eq!(update.undocumented, None);
        let flagged = api(ALIASES);
        let update = operation(&flagged, "things.update");
        assert_eq!(update.undocumented.as_deref(), Some("still changing"));
        let last = update.docs.lines.last().unwrap();
        assert!(
            last.contains("available with the `undocumented` feature. still changing"),
            "{last}"
        );
    }
}
