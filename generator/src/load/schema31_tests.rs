//! Unit tests of the 3.1 schema mapping: each rewrite, and what is dropped or
//! refused with its pointer.

use super::map_schema;
use crate::diagnostics::{Diagnostics, Severity};
use crate::load::at::At;
use serde_json::{json, Value};

/// The schema mapped at `#/s`, with the diagnostics as `(severity, pointer)`.
fn mapped(mut schema: Value) -> (Value, Vec<(Severity, String)>) {
    let mut diags = Diagnostics::default();
    let root = At::root();
    map_schema(&mut schema, &root.key("s"), &mut diags);
    let found = diags
        .iter()
        .map(|d| (d.severity, d.pointer.clone()))
        .collect();
    (schema, found)
}

fn clean(schema: Value) -> Value {
    let (schema, diags) = mapped(schema);
    assert!(diags.is_empty(), "unexpected diagnostics: {diags:?}");
    schema
}

#[test]
fn a_type_with_null_is_nullable() {
    assert_eq!(
        clean(json!({"type": ["string", "null"], "format": "date-time"})),
        json!({"type": "string", "format": "date-time", "nullable": true})
    );
    assert_eq!(
        clean(json!({"type": ["integer"]})),
        json!({"type": "integer"})
    );
    assert_eq!(clean(json!({"type": "null"})), json!({"nullable": true}));
    assert_eq!(clean(json!({"type": ["null"]})), json!({"nullable": true}));
}

#[test]
fn several_types_are_an_any_of_with_each_types_keywords() {
    let schema = clean(json!({
        "description": "d",
        "type": ["null", "integer", "string", "array"],
        "minimum": 1,
        "maxLength": 5,
        "format": "int64",
        "items": {"type": ["string", "null"]},
        "enum": [1, "a", null]
    }));
    assert_eq!(
        schema,
        json!({
            "description": "d",
            "nullable": true,
            "anyOf": [
                {"type": "integer", "minimum": 1, "format": "int64", "enum": [1]},
                {"type": "string", "maxLength": 5, "enum": ["a"]},
                {"type": "array", "items": {"type": "string", "nullable": true}}
            ]
        })
    );
    // Beside a union whose members name the types, the list only adds `null`.
    assert_eq!(
        clean(json!({"type": ["null", "integer", "string"],
                     "oneOf": [{"type": "integer"}, {"type": "string", "format": "date-time"}]})),
        json!({"nullable": true,
               "oneOf": [{"type": "integer"}, {"type": "string", "format": "date-time"}]})
    );
    assert_eq!(
        clean(json!({"type": ["string", "number", "integer"],
                     "anyOf": [{"type": "number"}, {"$ref": "#/components/schemas/S"}]})),
        json!({"anyOf": [{"type": "number"}, {"$ref": "#/components/schemas/S"}]})
    );
    let (_, diags) = mapped(json!({"type": ["integer", "string"], "anyOf": [{"minimum": 1}]}));
    assert_eq!(diags, [(Severity::Warning, "#/s/type".to_owned())]);
    // Every integer is a number, so the pair is one type.
    assert_eq!(
        clean(json!({"type": ["integer", "number"]})),
        json!({"type": "number"})
    );
}

#[test]
fn a_null_union_member_makes_a_nullable_reference() {
    assert_eq!(
        clean(json!({"oneOf": [{"$ref": "#/components/schemas/X"}, {"type": "null"}]})),
        json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/X"}]})
    );
    assert_eq!(
        clean(
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null", "description": "none"}]})
        ),
        json!({"anyOf": [{"type": "string"}, {"type": "integer"}], "nullable": true})
    );
    // A member with more than annotations is not just `null`: it stays a member.
    assert_eq!(
        clean(json!({"oneOf": [{"type": "null", "properties": {}}, {"type": "string"}]})),
        json!({"oneOf": [{"properties": {}, "nullable": true}, {"type": "string"}]})
    );
}

#[test]
fn const_examples_and_exclusive_bounds_take_their_3_0_forms() {
    assert_eq!(clean(json!({"const": "on"})), json!({"enum": ["on"]}));
    assert_eq!(clean(json!({"const": null})), json!({"nullable": true}));
    assert_eq!(
        clean(json!({"examples": ["a", "b"]})),
        json!({"example": "a"})
    );
    assert_eq!(
        clean(json!({"exclusiveMinimum": 0, "exclusiveMaximum": 10, "maximum": 5})),
        json!({"maximum": 5, "minimum": 0, "exclusiveMinimum": true})
    );
    // A boolean exclusive bound is already 3.0.
    let old = json!({"minimum": 0, "exclusiveMinimum": true});
    assert_eq!(clean(old.clone()), old);
}

#[test]
fn content_keywords_are_formats() {
    assert_eq!(
        clean(json!({"type": "string", "contentEncoding": "base64"})),
        json!({"type": "string", "format": "byte"})
    );
    assert_eq!(
        clean(json!({"type": "string", "contentMediaType": "image/png"})),
        json!({"type": "string", "format": "binary"})
    );
    assert_eq!(
        clean(json!({"type": "string", "contentMediaType": "application/json"})),
        json!({"type": "string"})
    );
    let (_, diags) = mapped(json!({"type": "string", "contentEncoding": "quoted-printable"}));
    assert_eq!(
        diags,
        [(Severity::Warning, "#/s/contentEncoding".to_owned())]
    );
}

#[test]
fn a_reference_with_siblings_is_wrapped_in_all_of() {
    assert_eq!(
        clean(json!({"$ref": "#/components/schemas/X", "description": "why", "$comment": "c"})),
        json!({"description": "why", "allOf": [{"$ref": "#/components/schemas/X"}]})
    );
    assert_eq!(
        clean(json!({"$ref": "#/components/schemas/X", "$comment": "only a comment"})),
        json!({"$ref": "#/components/schemas/X"})
    );
    assert_eq!(
        clean(json!({"$ref": "#/a", "allOf": [{"$ref": "#/b"}]})),
        json!({"allOf": [{"$ref": "#/a"}, {"$ref": "#/b"}]})
    );
}

#[test]
fn boolean_schemas_and_nested_schemas_are_mapped() {
    assert_eq!(
        clean(json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://example.com/s",
            "type": "object",
            "properties": {"a": {"type": ["boolean", "null"]}, "b": true},
            "additionalProperties": {"const": 1},
            "allOf": [{"items": false}],
            "not": {"examples": [1]}
        })),
        json!({
            "type": "object",
            "properties": {"a": {"type": "boolean", "nullable": true}, "b": {}},
            "additionalProperties": {"enum": [1]},
            "allOf": [{"items": {"not": {}}}],
            "not": {"example": 1}
        })
    );
}

#[test]
fn pattern_properties_become_additional_properties_when_alone() {
    let (schema, diags) = mapped(json!({
        "type": "object",
        "patternProperties": {"^x-": {"type": ["string", "null"]}}
    }));
    assert_eq!(
        schema,
        json!({"type": "object", "additionalProperties": {"type": "string", "nullable": true}})
    );
    assert_eq!(
        diags,
        [(Severity::Warning, "#/s/patternProperties".to_owned())]
    );
    let (schema, diags) = mapped(json!({
        "patternProperties": {"^a": {}, "^b": {}},
        "additionalProperties": false
    }));
    assert_eq!(schema, json!({"additionalProperties": false}));
    assert_eq!(
        diags,
        [(Severity::Warning, "#/s/patternProperties".to_owned())]
    );
}

#[test]
fn what_3_0_cannot_say_is_dropped_or_refused_at_its_keyword() {
    let (schema, diags) = mapped(json!({
        "type": "array",
        "prefixItems": [{"type": "string"}],
        "if": {}, "then": {}, "else": {},
        "dependentSchemas": {},
        "unevaluatedProperties": false,
        "$defs": {"D": {}},
        "properties": {
            "d": {"$ref": "#/components/schemas/S/$defs/D"},
            "e": {"$dynamicRef": "#node"}
        }
    }));
    assert_eq!(
        diags,
        [
            (Severity::Warning, "#/s/$defs".to_owned()),
            (Severity::Error, "#/s/properties/d/$ref".to_owned()),
            (Severity::Error, "#/s/properties/e/$dynamicRef".to_owned()),
            (Severity::Warning, "#/s/prefixItems".to_owned()),
            (Severity::Warning, "#/s/if".to_owned()),
            (Severity::Warning, "#/s/then".to_owned()),
            (Severity::Warning, "#/s/else".to_owned()),
            (Severity::Warning, "#/s/dependentSchemas".to_owned()),
            (Severity::Warning, "#/s/unevaluatedProperties".to_owned()),
        ]
    );
    for dropped in [
        "prefixItems",
        "if",
        "dependentSchemas",
        "unevaluatedProperties",
    ] {
        assert!(schema.get(dropped).is_none(), "{dropped} kept");
    }
}
