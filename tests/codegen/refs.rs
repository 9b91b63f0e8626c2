//! `$ref`s as real documents write them: percent-encoded fragments, references into
//! a schema's parts, and recursion in either declaration order. Each test generates a
//! fixture under tests/fixtures/regressions/ and checks the types it yields.

use crate::support::root;
use seam_codegen::model::{Api, TypeDef, TypeKind, TypeRef};
use seam_codegen::profile::Choice;
use seam_codegen::Options;

/// The model of a regression fixture, lowered with the generic profile.
fn model(fixture: &str) -> Api {
    let path = root().join("tests/fixtures/regressions").join(fixture);
    let bytes = std::fs::read(&path).expect("readable fixture");
    let options = Options {
        profile: Choice::generic(),
        ..Default::default()
    };
    match seam_codegen::model_bytes(&bytes, "yaml", &options) {
        Ok((api, _)) => api,
        Err(err) => panic!("{fixture} failed to generate:\n{err}"),
    }
}

fn find<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    let names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    api.types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no type `{name}` among {names:?}"))
}

/// The type of a struct's field, written as Rust would (`Vec<Node>`).
fn field_type(api: &Api, type_name: &str, field: &str) -> String {
    let TypeKind::Struct(def) = &find(api, type_name).kind else {
        panic!("`{type_name}` is not a struct");
    };
    let field = def
        .fields
        .iter()
        .find(|f| f.wire_name == field)
        .unwrap_or_else(|| panic!("`{type_name}` has no field `{field}`"));
    rust_type(&field.ty)
}

fn rust_type(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named { name, .. } => name.clone(),
        TypeRef::Boxed(inner) => format!("Box<{}>", rust_type(inner)),
        TypeRef::List(inner) => format!("Vec<{}>", rust_type(inner)),
        TypeRef::Map(inner) => format!("Map<{}>", rust_type(inner)),
        other => format!("{other:?}"),
    }
}

#[test]
fn percent_encoded_refs_name_their_components() {
    let api = model("percent_encoded_refs.yaml");
    assert_eq!(field_type(&api, "Foo", "spaced"), "WithSpace");
    assert_eq!(field_type(&api, "Foo", "escaped"), "ABC");
    assert_eq!(field_type(&api, "ABC", "count"), "Integer");
    // The parameter, request body and response were each a percent-encoded $ref.
    let operation = api
        .root
        .all_operations()
        .find(|o| o.path == "/things/{id}")
        .expect("the operation is generated");
    let params: Vec<&str> = operation
        .required
        .iter()
        .map(|p| p.wire_name.as_str())
        .collect();
    assert_eq!(params, ["id"]);
    assert_eq!(
        field_type(&api, "UpdateThingRequest", "spaced"),
        "WithSpace"
    );
    // The response component's inline body is named after the component.
    assert_eq!(field_type(&api, "ThingResponse", "thing"), "Foo");
}

/// The items of the generated models, each as its tokens, sorted: the code
/// without its order.
fn model_items(fixture: &str) -> Vec<String> {
    let path = root().join("tests/fixtures/regressions").join(fixture);
    let options = Options {
        profile: Choice::generic(),
        ..Default::default()
    };
    let generated = seam_codegen::generate_file(&path, &options)
        .unwrap_or_else(|err| panic!("{fixture} failed to generate:\n{err}"));
    let mut items: Vec<String> = Vec::new();
    for models in (generated.files.iter()).filter(|f| f.path.starts_with("src/models/")) {
        let file: syn::File = syn::parse_str(&models.contents).expect("models parse");
        items.extend(
            file.items
                .iter()
                .map(|item| quote::quote!(#item).to_string()),
        );
    }
    assert!(!items.is_empty(), "{fixture}: no models");
    items.sort();
    items
}

#[test]
fn recursion_does_not_depend_on_declaration_order() {
    let first = model_items("recursion_order_container_first.yaml");
    let last = model_items("recursion_order_container_last.yaml");
    assert_eq!(first, last);
    let api = model("recursion_order_container_first.yaml");
    assert_eq!(field_type(&api, "Tree", "nodes"), "Vec<Node>");
    assert_eq!(field_type(&api, "Forest", "roots"), "Vec<Node>");
    assert_eq!(field_type(&api, "Node", "children"), "Vec<Node>");
    assert_eq!(field_type(&api, "Node", "siblings"), "Vec<Node>");
    assert_eq!(field_type(&api, "Node", "parent"), "Box<Node>");
    assert_eq!(field_type(&api, "A", "bs"), "Vec<B>");
    assert_eq!(field_type(&api, "B", "a"), "A");
}

#[test]
fn refs_into_schemas_reuse_the_type_they_get_in_place() {
    let api = model("sub_schema_refs.yaml");
    // One type per schema, named from where it stands: no copy for the $refs.
    let mut names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "A",
            "LabelsValue",
            "Node",
            "NodeMeta",
            "ThingsGetPostResponse",
            "W",
            "WExtra",
            "X",
            "XAB",
            "XTag",
            "XY",
        ]
    );
    for (field, in_place) in [
        ("y", "XY"),
        ("tag", "XTag"),
        ("count", "Integer"),
        ("slashed", "XAB"),
        ("label", "LabelsValue"),
        ("first_part", "X"),
        ("extra", "WExtra"),
        ("chained", "XY"),
        ("meta", "NodeMeta"),
    ] {
        assert_eq!(field_type(&api, "A", field), in_place, "A.{field}");
    }
    assert_eq!(field_type(&api, "X", "y"), "XY");
    assert_eq!(field_type(&api, "X", "tags"), "Vec<XTag>");
    assert_eq!(field_type(&api, "W", "extra"), "WExtra");
    // A part of `Node` referred to from inside `Node`, before the part is lowered.
    assert_eq!(field_type(&api, "Node", "copy"), "NodeMeta");
    assert_eq!(field_type(&api, "Node", "meta"), "NodeMeta");
    assert_eq!(field_type(&api, "NodeMeta", "up"), "Box<NodeMeta>");
}

#[test]
fn looping_refs_into_schemas_are_refused_where_they_stand() {
    let path = root().join("tests/fixtures/regressions/sub_schema_ref_loops.yaml");
    let Err(seam_codegen::Error::Spec(diags)) =
        seam_codegen::generate_file(&path, &crate::support::seam_options())
    else {
        panic!("looping refs should be refused");
    };
    let errors: Vec<(&str, &str)> = diags
        .iter()
        .map(|d| (d.pointer.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(
        errors,
        [
            (
                "#/components/schemas/Self/properties/me",
                "a chain of $refs loops or is too long"
            ),
            (
                "#/components/schemas/Nested/properties/list",
                "schemas are nested too deeply"
            ),
            (
                "#/components/schemas/Items/items",
                "a chain of $refs loops or is too long"
            ),
        ]
    );
}
