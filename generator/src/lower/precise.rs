//! One name, one type: a property or parameter name that the document types
//! precisely somewhere (a `format: date-time` string, an `integer`) is typed so
//! wherever the document leaves it a plain string or a `number`, when the
//! profile says the API keeps its names consistent (Seam's `starts_at` is a
//! date-time in requests and a bare string in responses; its `limit` is an
//! integer in some lists and a float in others).

use crate::diagnostics::Pointer;
use crate::lower::{inside, MAX_DEPTH};
use crate::model::TypeRef;
use openapiv3::{
    OpenAPI, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};
use std::borrow::Borrow;
use std::collections::HashSet;

#[derive(Default)]
pub(in crate::lower) struct PreciseNames {
    date_time: HashSet<String>,
    integer: HashSet<String>,
}

impl PreciseNames {
    /// The names typed precisely anywhere in the document: component schemas,
    /// parameters, request bodies and responses.
    pub(in crate::lower) fn survey(spec: &OpenAPI) -> Self {
        let mut names = PreciseNames::default();
        for schema in spec.components.iter().flat_map(|c| c.schemas.values()) {
            names.schema(schema_item(schema), None, 0);
        }
        for (_, item) in spec.paths.iter() {
            let ReferenceOr::Item(item) = item else {
                continue;
            };
            for (_, operation) in item.iter() {
                for parameter in operation.parameters.iter().chain(&item.parameters) {
                    if let ReferenceOr::Item(parameter) = parameter {
                        let data = parameter.parameter_data_ref();
                        if let openapiv3::ParameterSchemaOrContent::Schema(schema) = &data.format {
                            names.schema(schema_item(schema), Some(&data.name), 0);
                        }
                    }
                }
                let bodies = operation.request_body.iter().filter_map(|b| b.as_item());
                let responses = operation.responses.responses.values();
                let contents = bodies
                    .map(|b| &b.content)
                    .chain(responses.filter_map(|r| r.as_item()).map(|r| &r.content));
                for media in contents.flat_map(|c| c.values()) {
                    names.schema(media.schema.as_ref().and_then(schema_item), None, 0);
                }
            }
        }
        names
    }

    fn schema(&mut self, schema: Option<&Schema>, name: Option<&str>, depth: usize) {
        let Some(schema) = schema.filter(|_| depth <= MAX_DEPTH) else {
            return;
        };
        if let Some(name) = name {
            match &schema.schema_kind {
                SchemaKind::Type(Type::String(s))
                    if matches!(
                        s.format,
                        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime)
                    ) =>
                {
                    self.date_time.insert(name.to_owned());
                }
                SchemaKind::Type(Type::Integer(_)) => {
                    self.integer.insert(name.to_owned());
                }
                _ => {}
            }
        }
        for (property, value) in inside::properties(schema).into_iter().flatten() {
            self.schema(schema_item(value), Some(property), depth + 1);
        }
        if let Some(items) = inside::items(schema) {
            self.schema(schema_item(items), name, depth + 1);
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            for part in inside::parts(schema, key).into_iter().flatten() {
                self.schema(schema_item(part), name, depth + 1);
            }
        }
    }

    /// The type `name` gets where its own schema lowered to `ty`: a date-time
    /// for a plain string (no format, no pattern), and in what a request sends
    /// (a parameter, a request body) an integer for a `number` with no
    /// fractional default, when the document types the name so elsewhere. A
    /// response's number stays one: a fraction the server sends must decode.
    pub(in crate::lower) fn retype(
        &self,
        name: &str,
        schema: Option<&Schema>,
        pointer: &Pointer,
        ty: TypeRef,
    ) -> TypeRef {
        let sent = ["/parameters/", "/requestBody/"]
            .iter()
            .any(|part| pointer.as_str().contains(part));
        let Some(schema) = schema else {
            return ty;
        };
        match (&schema.schema_kind, ty) {
            (SchemaKind::Type(Type::String(s)), TypeRef::String)
                if s.format == VariantOrUnknownOrEmpty::Empty
                    && s.pattern.is_none()
                    && self.date_time.contains(name) =>
            {
                TypeRef::DateTime
            }
            (SchemaKind::Type(Type::Number(_)), TypeRef::Number)
                if sent
                    && self.integer.contains(name)
                    && schema
                        .schema_data
                        .default
                        .as_ref()
                        .is_none_or(|d| d.is_i64() || d.is_u64()) =>
            {
                TypeRef::Integer
            }
            (_, ty) => ty,
        }
    }
}

fn schema_item<S: Borrow<Schema>>(schema: &ReferenceOr<S>) -> Option<&Schema> {
    match schema {
        ReferenceOr::Item(item) => Some(item.borrow()),
        ReferenceOr::Reference { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Api, TypeKind};
    use crate::profile::Choice;

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: Times, version: "1"}
paths:
  /things/create:
    post:
      operationId: things/create
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [starts_at]
              properties:
                starts_at: {type: string, format: date-time}
                page_size: {type: integer}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/thing"}
  /things/list:
    post:
      operationId: things/list
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                page_size: {type: number, default: 500}
                ratio: {type: number, default: 0.5}
      responses:
        "200": {description: ok}
components:
  schemas:
    thing:
      type: object
      required: [starts_at, starts_daily_at, code]
      properties:
        starts_at: {type: string}
        starts_daily_at: {type: string}
        code: {type: string, pattern: "^[0-9]+$"}
        page_size: {type: number}
"##;

    fn field_types(choice: Choice, type_name: &str) -> Vec<(String, String)> {
        let options = crate::Options {
            profile: choice,
            ..Default::default()
        };
        let (api, _) = crate::model_bytes(SPEC.as_bytes(), "yaml", &options).unwrap();
        fields(&api, type_name)
    }

    fn fields(api: &Api, type_name: &str) -> Vec<(String, String)> {
        let def = api.types.iter().find(|t| t.name == type_name).unwrap();
        let TypeKind::Struct(s) = &def.kind else {
            panic!("{type_name} is a struct");
        };
        (s.fields.iter())
            .map(|f| (f.wire_name.clone(), crate::rust_text::type_ref(&f.ty)))
            .collect()
    }

    #[test]
    fn a_name_typed_precisely_somewhere_is_typed_so_everywhere() {
        let thing = field_types(Choice::by_name("seam").unwrap(), "Thing");
        let date_time = "chrono::DateTime<chrono::Utc>".to_owned();
        assert!(thing.contains(&("starts_at".to_owned(), date_time)));
        // Never a date-time anywhere, or with a pattern of its own: left alone.
        assert!(thing.contains(&("starts_daily_at".to_owned(), "String".to_owned())));
        assert!(thing.contains(&("code".to_owned(), "String".to_owned())));
        // A response's number stays one, whatever a request calls an integer.
        assert!(thing.contains(&("page_size".to_owned(), "f64".to_owned())));
        let list = field_types(Choice::by_name("seam").unwrap(), "ThingsListRequest");
        assert!(list.contains(&("page_size".to_owned(), "i64".to_owned())));
        // A fractional default says the number is not a count.
        assert!(list.contains(&("ratio".to_owned(), "f64".to_owned())));
    }

    #[test]
    fn the_generic_profile_keeps_each_schema_as_it_is() {
        let thing = field_types(Choice::generic(), "Thing");
        assert!(thing.contains(&("starts_at".to_owned(), "String".to_owned())));
    }
}
