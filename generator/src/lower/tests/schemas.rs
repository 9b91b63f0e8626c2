//! The rules of `lower/schemas.rs`: scalars and their formats to Rust types,
//! arrays and maps, inline string enums (and `oneOf`s of them) to enums,
//! inline objects named from where they stand, `allOf` of one `$ref`, `not`.

use super::*;
use crate::model::TypeRef;

#[test]
fn scalars_and_their_formats_become_rust_types() {
    let api = lower(
        r##"
openapi: 3.0.3
info: {title: Scalars, version: "1"}
paths: {}
components:
  schemas:
    Sample:
      type: object
      properties:
        text: {type: string}
        when: {type: string, format: date-time}
        day: {type: string, format: date}
        untyped_when: {format: date-time}
        ratio: {type: number, format: float}
        count: {type: integer, format: int64}
        flag: {type: boolean}
        anything: {}
"##,
    );
    let sample = struct_def(&api, "Sample");
    let ty = |wire: &str| field(sample, wire).ty.clone();
    assert_eq!(ty("text"), TypeRef::String);
    assert_eq!(ty("when"), TypeRef::DateTime);
    // Only `date-time` has a type of its own; other formats are strings.
    assert_eq!(ty("day"), TypeRef::String);
    // A format without a type says nothing of the value.
    assert_eq!(ty("untyped_when"), TypeRef::Json);
    assert_eq!(ty("ratio"), TypeRef::Number);
    assert_eq!(ty("count"), TypeRef::Integer);
    assert_eq!(ty("flag"), TypeRef::Bool);
    assert_eq!(ty("anything"), TypeRef::Json);
}

#[test]
fn arrays_are_lists_and_objects_without_properties_are_maps() {
    let api = lower(
        r##"
openapi: 3.0.3
info: {title: Collections, version: "1"}
paths: {}
components:
  schemas:
    Bag:
      type: object
      properties:
        names: {type: array, items: {type: string}}
        grid: {type: array, items: {type: array, items: {type: integer}}}
        labels: {type: object, additionalProperties: {type: string}}
        free: {type: object}
        open: {type: object, additionalProperties: true}
"##,
    );
    let bag = struct_def(&api, "Bag");
    let ty = |wire: &str| field(bag, wire).ty.clone();
    let list = |t: TypeRef| TypeRef::List(Box::new(t));
    let map = |t: TypeRef| TypeRef::Map(Box::new(t));
    assert_eq!(ty("names"), list(TypeRef::String));
    assert_eq!(ty("grid"), list(list(TypeRef::Integer)));
    assert_eq!(ty("labels"), map(TypeRef::String));
    // Without a value schema, the values are any JSON.
    assert_eq!(ty("free"), map(TypeRef::Json));
    assert_eq!(ty("open"), map(TypeRef::Json));
}

#[test]
fn an_inline_string_enum_becomes_an_enum_named_after_its_place_with_an_unknown_catch_all() {
    let api = lower(
        r##"
openapi: 3.0.3
info: {title: Enums, version: "1"}
paths: {}
components:
  schemas:
    Pet:
      type: object
      properties:
        status:
          type: string
          enum: [available, on-hold, available, unknown]
          default: on-hold
"##,
    );
    let status = &field(struct_def(&api, "Pet"), "status").ty;
    assert_eq!(type_name(status), "PetStatus");
    let TypeKind::Enum(def) = &type_def(&api, "PetStatus").kind else {
        panic!("PetStatus is no enum");
    };
    let variants: Vec<(&str, &str)> = (def.variants.iter())
        .map(|v| (v.name.as_str(), v.wire.as_str()))
        .collect();
    // Duplicates are dropped; the catch-all took `Unknown` first, so the
    // value `unknown` is numbered rather than renaming the catch-all.
    assert_eq!(
        variants,
        [
            ("Available", "available"),
            ("OnHold", "on-hold"),
            ("Unknown2", "unknown")
        ]
    );
    assert_eq!(def.catch_all, "Unknown");
    assert_eq!(def.default.as_deref(), Some("on-hold"));
    assert_eq!(
        type_def(&api, "PetStatus").docs.lines,
        ["Values of `status`."]
    );
}

#[test]
fn enum_values_whose_rust_names_collide_are_numbered_with_a_warning() {
    let (api, diags) = lower_with(
        r##"
openapi: 3.0.3
info: {title: Enums, version: "1"}
paths: {}
components:
  schemas:
    Mode:
      type: string
      enum: [read-only, read_only]
"##,
        GENERIC,
    );
    let TypeKind::Enum(def) = &type_def(&api, "Mode").kind else {
        panic!("Mode is no enum");
    };
    let names: Vec<&str> = def.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["ReadOnly", "ReadOnly2"]);
    let warnings = warnings(&diags);
    assert!(
        warnings.iter().any(|w| w.starts_with(
            "#/components/schemas/Mode/enum: enum value `read_only` is named `ReadOnly2`"
        )),
        "{warnings:?}"
    );
}

#[test]
fn a_one_of_of_string_enums_is_one_enum_of_all_their_values_in_order() {
    let api = lower(
        r##"
openapi: 3.0.3
info: {title: Enums, version: "1"}
paths: {}
components:
  schemas:
    Color:
      oneOf:
        - {type: string, enum: [red, green]}
        - {type: string, enum: [green, blue]}
"##,
    );
    let TypeKind::Enum(def) = &type_def(&api, "Color").kind else {
        panic!("a oneOf of enums is an enum, not a union");
    };
    let wires: Vec<&str> = def.variants.iter().map(|v| v.wire.as_str()).collect();
    assert_eq!(wires, ["red", "green", "blue"]);
}

#[test]
fn an_inline_object_is_named_after_its_parent_and_property_the_parent_said_once() {
    let api = lower(
        r##"
openapi: 3.0.3
info: {title: Inline, version: "1"}
paths: {}
components:
  schemas:
    Device:
      type: object
      properties:
        device_info:
          type: object
          properties: {model: {type: string}}
        settings:
          type: object
          properties: {volume: {type: integer}}
        tags:
          type: array
          items:
            type: object
            properties: {label: {type: string}}
        extras:
          type: object
          additionalProperties:
            type: object
            properties: {note: {type: string}}
"##,
    );
    let device = struct_def(&api, "Device");
    let ty = |wire: &str| type_name(&field(device, wire).ty);
    // `device_info` starts with the parent's words: not `DeviceDeviceInfo`.
    assert_eq!(ty("device_info"), "DeviceInfo");
    assert_eq!(ty("settings"), "DeviceSettings");
    // An array's items take the singular, a map's values a `Value` suffix.
    assert_eq!(ty("tags"), "[DeviceTag]");
    assert_eq!(ty("extras"), "{DeviceExtrasValue}");
    assert_eq!(field_names(struct_def(&api, "DeviceTag")), ["label"]);
}

#[test]
fn an_all_of_of_one_ref_is_that_type_and_may_add_nullable() {
    let api = lower(
        r##"
openapi: 3.0.3
info: {title: Refs, version: "1"}
paths: {}
components:
  schemas:
    Owner:
      type: object
      properties: {name: {type: string}}
    Pet:
      type: object
      properties:
        owner:
          nullable: true
          description: Who owns it.
          allOf: [{$ref: "#/components/schemas/Owner"}]
        keeper:
          allOf: [{$ref: "#/components/schemas/Owner"}]
"##,
    );
    let pet = struct_def(&api, "Pet");
    assert_eq!(type_name(&field(pet, "owner").ty), "Owner");
    assert!(field(pet, "owner").nullable);
    assert_eq!(field(pet, "owner").docs.lines, ["Who owns it."]);
    assert_eq!(type_name(&field(pet, "keeper").ty), "Owner");
    assert!(!field(pet, "keeper").nullable);
    // No wrapper type is made for either.
    assert!(!has_type(&api, "PetOwner") && !has_type(&api, "PetKeeper"));
}

#[test]
fn a_not_schema_is_kept_as_json_with_a_warning() {
    let (api, diags) = lower_with(
        r##"
openapi: 3.0.3
info: {title: Not, version: "1"}
paths: {}
components:
  schemas:
    Filter:
      type: object
      properties:
        other_than:
          not: {type: string}
"##,
        GENERIC,
    );
    assert_eq!(
        field(struct_def(&api, "Filter"), "other_than").ty,
        TypeRef::Json
    );
    let warnings = warnings(&diags);
    assert!(
        warnings.iter().any(|w| w.starts_with(
            "#/components/schemas/Filter/properties/other_than/not: `not` schemas cannot"
        )),
        "{warnings:?}"
    );
}
