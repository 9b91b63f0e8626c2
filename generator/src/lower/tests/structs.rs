//! The rules of `lower/structs.rs`: properties gathered through `allOf` (all
//! parts' required) and undiscriminated `oneOf`s (only what every variant
//! requires), a property given several times merged into one type, each
//! field's required/nullable flags, docs and sensitivity, and
//! `additionalProperties`.

use super::*;
use crate::model::TypeRef;

#[test]
fn all_of_parts_merge_into_one_struct_requiring_what_any_part_requires() {
    let api = lower(
        r##"
openapi: 3.0.3
info: {title: AllOf, version: "1"}
paths: {}
components:
  schemas:
    Pet:
      type: object
      required: [id]
      properties:
        id: {type: string}
        name: {type: string}
    Dog:
      allOf:
        - $ref: "#/components/schemas/Pet"
        - type: object
          required: [barks]
          properties:
            barks: {type: boolean}
"##,
    );
    let dog = struct_def(&api, "Dog");
    assert_eq!(field_names(dog), ["id", "name", "barks"]);
    let required: Vec<bool> = dog.fields.iter().map(|f| f.required).collect();
    assert_eq!(required, [true, false, true]);
    assert_eq!(dog.required_order, ["id", "barks"]);
}

#[test]
fn merged_one_of_variants_require_only_what_every_variant_requires_and_merge_their_tags() {
    let api = lower(
        r##"
openapi: 3.0.3
info: {title: OneOf, version: "1"}
paths: {}
components:
  schemas:
    Contact:
      oneOf:
        - type: object
          required: [kind, address]
          properties:
            kind: {type: string, enum: [email]}
            address: {type: string}
        - type: object
          required: [kind, number]
          properties:
            kind: {type: string, enum: [phone]}
            number: {type: string}
"##,
    );
    let contact = struct_def(&api, "Contact");
    assert_eq!(field_names(contact), ["kind", "address", "number"]);
    assert!(field(contact, "kind").required);
    assert!(!field(contact, "address").required);
    assert!(!field(contact, "number").required);
    // A tag that differs per variant becomes one enum of every value.
    let kind = type_name(&field(contact, "kind").ty);
    let TypeKind::Enum(def) = &type_def(&api, &kind).kind else {
        panic!("{kind} is no enum");
    };
    let wires: Vec<&str> = def.variants.iter().map(|v| v.wire.as_str()).collect();
    assert_eq!(wires, ["email", "phone"]);
}

#[test]
fn a_property_the_merged_variants_type_differently_is_json_or_a_string() {
    let api = lower(
        r##"
openapi: 3.0.3
info: {title: Disagree, version: "1"}
paths: {}
components:
  schemas:
    Reading:
      anyOf:
        - type: object
          properties:
            value: {type: integer}
            unit: {type: string, enum: [celsius]}
            same: {type: boolean}
        - type: object
          properties:
            value: {type: boolean, nullable: true}
            unit: {type: string}
            same: {type: boolean}
"##,
    );
    let reading = struct_def(&api, "Reading");
    assert_eq!(field(reading, "value").ty, TypeRef::Json);
    // Nullable in one variant is nullable in the merge.
    assert!(field(reading, "value").nullable);
    // Strings of which some are enums are strings: an enum would refuse the rest.
    assert_eq!(field(reading, "unit").ty, TypeRef::String);
    assert_eq!(field(reading, "same").ty, TypeRef::Bool);
}

#[test]
fn required_and_nullable_are_each_fields_own_and_arguments_follow_the_required_list() {
    let api = lower(
        r##"
openapi: 3.0.3
info: {title: Flags, version: "1"}
paths: {}
components:
  schemas:
    Window:
      type: object
      required: [starts_at, ends_at, note]
      properties:
        ends_at: {type: string}
        note: {type: string, nullable: true}
        starts_at: {type: string}
        comment: {type: string, nullable: true}
        size: {type: integer}
"##,
    );
    let window = struct_def(&api, "Window");
    let flags: Vec<(&str, bool, bool)> = (window.fields.iter())
        .map(|f| (f.wire_name.as_str(), f.required, f.nullable))
        .collect();
    assert_eq!(
        flags,
        [
            ("ends_at", true, false),
            ("note", true, true),
            ("starts_at", true, false),
            ("comment", false, true),
            ("size", false, false),
        ]
    );
    // Fields keep the properties' order; the required ones, the list's.
    assert_eq!(window.required_order, ["starts_at", "ends_at", "note"]);
}

#[test]
fn additional_properties_with_a_schema_are_a_typed_map_and_true_or_empty_are_none() {
    let api = lower(
        r##"
openapi: 3.0.3
info: {title: Extra, version: "1"}
paths: {}
components:
  schemas:
    Typed:
      type: object
      properties:
        additional_properties: {type: string}
      additionalProperties: {type: integer}
    Open:
      type: object
      properties: {id: {type: string}}
      additionalProperties: true
    Empty:
      type: object
      properties: {id: {type: string}}
      additionalProperties: {}
    Closed:
      type: object
      properties: {id: {type: string}}
      additionalProperties: false
"##,
    );
    let typed = struct_def(&api, "Typed");
    assert_eq!(typed.additional, Some(TypeRef::Integer));
    // The map is a field too: a property that takes its name pushes it on.
    assert_eq!(typed.additional_name, "additional_properties_2");
    for name in ["Open", "Empty", "Closed"] {
        assert_eq!(struct_def(&api, name).additional, None, "{name}");
        assert_eq!(
            struct_def(&api, name).additional_name,
            "additional_properties"
        );
    }
}

#[test]
fn a_fields_docs_flags_and_secrecy_come_from_its_property() {
    let api = lower(
        r##"
openapi: 3.0.3
info: {title: Docs, version: "1"}
paths: {}
components:
  schemas:
    Secret:
      type: string
      format: password
      description: A shared secret.
    Login:
      type: object
      properties:
        user: {type: string, description: Who logs in., default: admin}
        old_field: {type: string, deprecated: true}
        passphrase: {$ref: "#/components/schemas/Secret"}
        token: {type: string}
        plain: {type: string}
"##,
    );
    let login = struct_def(&api, "Login");
    let user = field(login, "user");
    assert_eq!(
        user.docs.lines,
        ["Who logs in.", "", "Defaults to `\"admin\"`."]
    );
    assert_eq!(user.default.as_deref(), Some("\"admin\""));
    assert_eq!(field(login, "old_field").deprecated.as_deref(), Some(""));
    // A `$ref`'s docs and format are the referenced schema's.
    let passphrase = field(login, "passphrase");
    assert_eq!(passphrase.docs.lines, ["A shared secret."]);
    assert!(passphrase.sensitive, "format: password");
    assert!(field(login, "token").sensitive, "a name the profile lists");
    let plain = field(login, "plain");
    assert!(!plain.sensitive);
    assert_eq!(plain.docs.lines, ["The `plain` property."]);
}

#[test]
fn properties_whose_rust_names_collide_are_numbered_with_a_warning() {
    let (api, diags) = lower_with(
        r##"
openapi: 3.0.3
info: {title: Names, version: "1"}
paths: {}
components:
  schemas:
    Pair:
      type: object
      properties:
        fooBar: {type: string}
        foo_bar: {type: string}
        type: {type: string}
"##,
        GENERIC,
    );
    let pair = struct_def(&api, "Pair");
    let names: Vec<(&str, &str)> = (pair.fields.iter())
        .map(|f| (f.wire_name.as_str(), f.rust_name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("fooBar", "foo_bar"),
            ("foo_bar", "foo_bar_2"),
            ("type", "type_")
        ]
    );
    let warnings = warnings(&diags);
    assert!(
        warnings.iter().any(|w| w.starts_with(
            "#/components/schemas/Pair/properties/foo_bar: property `foo_bar` is named `foo_bar_2`"
        )),
        "{warnings:?}"
    );
}
