//! The rules of `lower/unions.rs`: a discriminated `oneOf` becomes a tagged
//! union (its variants named by their one-value tag enums, each payload a
//! struct of its own without the tag), an undiscriminated `oneOf` of objects
//! is left to be merged into a struct, and any other union is untagged.

use super::*;
use crate::model::{TypeRef, UnionDef, UntaggedDef};

fn tagged<'a>(api: &'a Api, name: &str) -> &'a UnionDef {
    match &type_def(api, name).kind {
        TypeKind::TaggedUnion(def) => def,
        other => panic!("`{name}` is no tagged union: {other:?}"),
    }
}

fn untagged<'a>(api: &'a Api, name: &str) -> &'a UntaggedDef {
    match &type_def(api, name).kind {
        TypeKind::Untagged(def) => def,
        other => panic!("`{name}` is no untagged union: {other:?}"),
    }
}

const PETS: &str = r##"
openapi: 3.0.3
info: {title: Pets, version: "1"}
paths: {}
components:
  schemas:
    Cat:
      type: object
      description: A cat.
      required: [pet_type, name]
      properties:
        pet_type: {type: string, enum: [cat]}
        name: {type: string}
        lives: {type: integer}
    Dog:
      type: object
      required: [pet_type, name]
      properties:
        pet_type: {type: string, enum: [dog]}
        name: {type: string}
    Pet:
      oneOf:
        - $ref: "#/components/schemas/Cat"
        - $ref: "#/components/schemas/Dog"
      discriminator:
        propertyName: pet_type
        mapping:
          cat: "#/components/schemas/Cat"
          dog: "#/components/schemas/Dog"
"##;

#[test]
fn a_discriminated_one_of_becomes_a_tagged_union_named_by_its_tag_values() {
    let api = lower(PETS);
    let pet = tagged(&api, "Pet");
    assert_eq!(pet.tag, "pet_type");
    assert_eq!(pet.catch_all, "Unknown");
    let variants: Vec<(&str, &str, String)> = (pet.variants.iter())
        .map(|v| (v.name.as_str(), v.tag_value.as_str(), type_name(&v.ty)))
        .collect();
    assert_eq!(
        variants,
        [
            ("Cat", "cat", "PetCat".to_owned()),
            ("Dog", "dog", "PetDog".to_owned())
        ]
    );
    // A variant's docs are its schema's, else what its tag is.
    assert_eq!(pet.variants[0].docs.lines, ["A cat."]);
    assert_eq!(pet.variants[1].docs.lines, ["`pet_type` is `dog`."]);
}

#[test]
fn a_tagged_variants_payload_is_a_struct_of_its_own_without_the_tag() {
    let api = lower(PETS);
    let cat = struct_def(&api, "PetCat");
    assert_eq!(field_names(cat), ["name", "lives"]);
    assert_eq!(cat.required_order, ["name"]);
    // The component variant keeps its own struct, tag and all.
    assert_eq!(
        field_names(struct_def(&api, "Cat")),
        ["pet_type", "name", "lives"]
    );
    // Fields every variant has alike are offered on the union.
    let shared: Vec<&str> = (tagged(&api, "Pet").shared_fields.iter())
        .map(|f| f.wire_name.as_str())
        .collect();
    assert_eq!(shared, ["name"]);
}

#[test]
fn a_tag_value_in_two_variants_keeps_the_first_with_a_warning() {
    let (api, diags) = lower_with(
        r##"
openapi: 3.0.3
info: {title: Twice, version: "1"}
paths: {}
components:
  schemas:
    Event:
      discriminator: {propertyName: type}
      oneOf:
        - type: object
          properties:
            type: {type: string, enum: [created]}
            id: {type: string}
        - type: object
          properties:
            type: {type: string, enum: [created]}
            at: {type: string}
"##,
        GENERIC,
    );
    let event = tagged(&api, "Event");
    assert_eq!(event.variants.len(), 1);
    assert_eq!(field_names(struct_def(&api, "EventCreated")), ["id"]);
    let warnings = warnings(&diags);
    assert!(
        warnings.iter().any(|w| w
            == "#/components/schemas/Event/oneOf/1: discriminator value `created` appears in two variants; the first wins"),
        "{warnings:?}"
    );
}

#[test]
fn a_discriminator_without_a_one_value_enum_in_every_variant_is_merged_with_a_warning() {
    // The mapping alone does not tell the variants apart: each variant's tag
    // property must be a one-value enum.
    let (api, diags) = lower_with(
        r##"
openapi: 3.0.3
info: {title: Mapped, version: "1"}
paths: {}
components:
  schemas:
    Circle:
      type: object
      properties:
        shape: {type: string}
        radius: {type: number}
    Square:
      type: object
      properties:
        shape: {type: string}
        side: {type: number}
    Shape:
      oneOf:
        - $ref: "#/components/schemas/Circle"
        - $ref: "#/components/schemas/Square"
      discriminator:
        propertyName: shape
        mapping:
          circle: "#/components/schemas/Circle"
          square: "#/components/schemas/Square"
"##,
        GENERIC,
    );
    assert_eq!(
        field_names(struct_def(&api, "Shape")),
        ["shape", "radius", "side"]
    );
    let warnings = warnings(&diags);
    assert!(
        warnings.iter().any(|w| w.starts_with(
            "#/components/schemas/Circle/properties/shape: discriminator `shape` is not a single-value string enum"
        )),
        "{warnings:?}"
    );
}

#[test]
fn an_undiscriminated_union_of_objects_is_a_struct_and_not_a_union() {
    let api = lower(
        r##"
openapi: 3.0.3
info: {title: Merged, version: "1"}
paths: {}
components:
  schemas:
    Lookup:
      anyOf:
        - type: object
          properties: {id: {type: string}}
        - type: object
          properties: {email: {type: string}}
"##,
    );
    assert_eq!(field_names(struct_def(&api, "Lookup")), ["id", "email"]);
}

#[test]
fn any_other_union_is_untagged_its_variants_named_by_type_with_an_other_catch_all() {
    let api = lower(
        r##"
openapi: 3.0.3
info: {title: Untagged, version: "1"}
paths: {}
components:
  schemas:
    Point:
      type: object
      properties: {x: {type: number}}
    Value:
      oneOf:
        - {type: string}
        - {type: integer}
        - $ref: "#/components/schemas/Point"
        - {type: array, items: {type: string}}
        - type: object
          properties: {raw: {type: string}}
"##,
    );
    let value = untagged(&api, "Value");
    assert_eq!(value.catch_all, "Other");
    let variants: Vec<(&str, String)> = (value.variants.iter())
        .map(|v| (v.name.as_str(), type_name(&v.ty)))
        .collect();
    // An inline variant is named after the union and its place, and its
    // variant after what follows the union's name.
    assert_eq!(
        variants,
        [
            ("String", "String".to_owned()),
            ("Integer", "Integer".to_owned()),
            ("Point", "Point".to_owned()),
            ("List", "[String]".to_owned()),
            ("Variant4", "ValueVariant4".to_owned()),
        ]
    );
    assert_eq!(value.variants[1].ty, TypeRef::Integer);
}

#[test]
fn a_discriminated_union_with_a_variant_that_is_no_object_is_untagged_with_a_warning() {
    let (api, diags) = lower_with(
        r##"
openapi: 3.0.3
info: {title: Mixed, version: "1"}
paths: {}
components:
  schemas:
    Answer:
      discriminator: {propertyName: kind}
      oneOf:
        - type: object
          properties:
            kind: {type: string, enum: [answered]}
        - {type: string}
"##,
        GENERIC,
    );
    let names: Vec<&str> = (untagged(&api, "Answer").variants.iter())
        .map(|v| v.name.as_str())
        .collect();
    assert_eq!(names, ["Variant0", "String"]);
    let warnings = warnings(&diags);
    assert!(
        warnings.iter().any(|w| w.starts_with(
            "#/components/schemas/Answer/oneOf/1: discriminator `kind` is not a single-value string enum"
        )),
        "{warnings:?}"
    );
}
