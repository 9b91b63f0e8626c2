//! The rules of `lower/operations.rs`: the methods of a path folded into one
//! operation under the `aliases` strategy (sent with the preferred method,
//! its fields from the POST's body) or each their own; the names an
//! operation claims; its path, query and header parameters; and the paths
//! and operations that are left out.

use super::*;
use crate::model::{ParamLocation, ParamsIn, TypeRef};

const ALIASED: &str = r##"
openapi: 3.0.3
info: {title: Pets, version: "1"}
paths:
  /pets/update:
    post:
      operationId: pets/update
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties: {name: {type: string}}
      responses: {"204": {description: done}}
    patch:
      operationId: pets/update
      responses: {"204": {description: done}}
  /pets/move:
    put:
      operationId: pets/move
      responses: {"204": {description: done}}
    delete:
      operationId: pets/move
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties: {to: {type: string}}
      responses: {"204": {description: done}}
  /pets/ping:
    head:
      operationId: pets/ping
      responses: {"204": {description: done}}
    delete:
      operationId: pets/ping
      responses: {"204": {description: done}}
  /pets/{pet_id}:
    parameters:
      - {name: pet_id, in: path, required: true, schema: {type: string}}
    get:
      operationId: pets/get
      responses: {"204": {description: done}}
    delete:
      operationId: pets/remove
      responses: {"204": {description: done}}
"##;

const ALIASES: &str = r#"
[methods]
strategy = "aliases"
preference = ["PATCH", "PUT", "POST", "GET"]
query_methods = []
"#;

/// Each operation's display name and the method it is sent with, in order.
fn sent(api: &Api) -> Vec<String> {
    (api.root.all_operations())
        .map(|o| format!("{} {}", o.display_name, o.http_method))
        .collect()
}

#[test]
fn aliased_methods_of_one_name_fold_into_one_operation_sent_with_the_preferred_method() {
    let (api, _) = lower_with(ALIASED, ALIASES);
    assert_eq!(
        sent(&api),
        [
            "pets.update PATCH",
            "pets.move PUT",
            // Neither is preferred: the first in OpenAPI's order of methods
            // (get, put, post, delete, options, head, patch, trace), not
            // the document's.
            "pets.ping DELETE",
            // Methods of one path named apart stay apart.
            "pets.get GET",
            "pets.remove DELETE",
        ]
    );
}

#[test]
fn an_aliased_operation_takes_its_fields_from_the_post_else_from_the_method_with_a_body() {
    let (api, _) = lower_with(ALIASED, ALIASES);
    let update = operation(&api, "pets.update");
    // Sent with PATCH, which declares no body, but with the POST's fields.
    assert_eq!(update.params_in, ParamsIn::Json);
    assert_eq!(update.body_type_name.as_deref(), Some("PetsUpdateRequest"));
    assert_eq!(wire_names(&update.required), ["name"]);
    assert_eq!(update.required[0].location, ParamLocation::Struct);
    // No POST: the method that has a body gives it.
    let moved = operation(&api, "pets.move");
    assert_eq!(wire_names(&moved.optional), ["to"]);
    assert_eq!(moved.http_method, "PUT");
}

#[test]
fn without_aliases_each_method_is_an_operation_and_the_second_name_is_numbered() {
    let api = lower(ALIASED);
    let update: Vec<(&str, &str, &str, Option<&str>)> = (api.root.all_operations())
        .filter(|o| o.path == "/pets/update")
        .map(|o| {
            let body = o.body_type_name.as_deref();
            (
                o.http_method.as_str(),
                o.builder_name.as_str(),
                o.const_name.as_str(),
                body,
            )
        })
        .collect();
    assert_eq!(
        update,
        [
            (
                "POST",
                "PetsUpdate",
                "PETS_UPDATE",
                Some("PetsUpdateRequest")
            ),
            ("PATCH", "PetsUpdate2", "PETS_UPDATE_2", None),
        ]
    );
    // Their methods on the one handle are told apart too.
    let methods: Vec<&str> = (api.root.children[0].operations.iter())
        .filter(|o| o.path == "/pets/update")
        .map(|o| o.method_name.as_str())
        .collect();
    assert_eq!(methods, ["update", "update_2"]);
    assert_eq!(sent(&api).len(), 8);
}

#[test]
fn names_come_from_the_operation_id_and_component_types_claim_theirs_first() {
    let api = lower(
        r##"
openapi: 3.0.3
info: {title: Names, version: "1"}
paths:
  /pets/{pet_id}/toys:
    parameters:
      - {name: pet_id, in: path, required: true, schema: {type: string}}
    get:
      operationId: pets/toys/list
      responses: {"204": {description: done}}
  /pets:
    get:
      operationId: listPets
      responses: {"204": {description: done}}
  /owners/{owner_id}:
    get:
      parameters:
        - {name: owner_id, in: path, required: true, schema: {type: string}}
      responses: {"204": {description: done}}
components:
  schemas:
    PetsToysList:
      type: object
      properties: {id: {type: string}}
"##,
    );
    let toys = operation(&api, "pets.toys.list");
    assert_eq!(toys.method_name, "list");
    assert_eq!(toys.const_name, "PETS_TOYS_LIST");
    // The component took `PetsToysList` before any operation was lowered.
    assert_eq!(toys.builder_name, "PetsToysList2");
    assert!(has_type(&api, "PetsToysList"));
    // The resource tree follows the groups: `pets` > `toys`.
    let pets = &api.root.children[0];
    assert_eq!(
        (pets.accessor.as_str(), pets.children[0].accessor.as_str()),
        ("pets", "toys")
    );
    assert_eq!(
        pets.children[0].operations[0].display_name,
        "pets.toys.list"
    );
    // An id without a group is a method of the client itself.
    let listed: Vec<&str> = api
        .root
        .operations
        .iter()
        .map(|o| o.method_name.as_str())
        .collect();
    assert_eq!(listed, ["list_pets"]);
    // Without an id: the method and the path's parameter, on the path's words.
    assert_eq!(
        operation(&api, "owners.get_by_owner_id").builder_name,
        "OwnersGetByOwnerId"
    );
}

#[test]
fn path_level_parameters_are_shared_and_an_operations_own_of_the_same_name_wins() {
    let (api, diags) = lower_with(
        r##"
openapi: 3.0.3
info: {title: Params, version: "1"}
paths:
  /pets/{pet_id}:
    parameters:
      - {name: pet_id, in: path, required: true, schema: {type: string}}
      - {name: verbose, in: query, description: Path-wide., schema: {type: boolean}}
    get:
      operationId: pets/get
      parameters:
        - {name: verbose, in: query, description: Its own., schema: {type: integer}}
        - {name: tags, in: query, style: pipeDelimited, schema: {type: array, items: {type: string}}}
        - {name: X-Trace-Id, in: header, required: true, schema: {type: string}}
        - {name: Accept, in: header, schema: {type: string}}
        - {name: session, in: cookie, schema: {type: string}}
        - {name: stray, in: path, required: true, schema: {type: string}}
      responses: {"204": {description: done}}
"##,
        GENERIC,
    );
    let get = operation(&api, "pets.get");
    let params = |list: &[crate::model::Param]| -> Vec<String> {
        (list.iter())
            .map(|p| format!("{} {:?}", p.setter_name, p.location))
            .collect()
    };
    assert_eq!(
        params(&get.required),
        [
            "pet_id Path { explode: false }",
            "x_trace_id Header { explode: false }",
        ]
    );
    // `Accept` is never a parameter, a cookie cannot be sent, and `stray`
    // is not in the path template: none is a setter.
    assert_eq!(
        params(&get.optional),
        [
            "verbose Query(Form { explode: true })",
            "tags Query(PipeDelimited)",
        ]
    );
    assert_eq!(get.optional[0].ty, TypeRef::Integer);
    assert_eq!(get.optional[0].docs.lines, ["Its own."]);
    assert_eq!(get.params_in, ParamsIn::Nothing);
    let warnings = warnings(&diags);
    let at = "#/paths/~1pets~1{pet_id}/get/parameters";
    for expected in [
        format!("{at}/4/in: the cookie parameter `session` is never sent"),
        format!("{at}/5: the path parameter is never sent"),
    ] {
        assert!(
            warnings.iter().any(|w| w.starts_with(&expected)),
            "{expected} in {warnings:?}"
        );
    }
}

#[test]
fn operations_that_cannot_be_sent_are_skipped_and_counted() {
    let (api, diags) = lower_with(
        r##"
openapi: 3.0.3
info: {title: Skips, version: "1"}
paths:
  /pets:
    get:
      operationId: pets/list
      responses: {"204": {description: done}}
  /animals:
    $ref: "#/paths/~1pets"
  /pets/{pet_id}:
    get:
      operationId: pets/get
      responses: {"204": {description: done}}
  /pets/search:
    get:
      operationId: pets/search
      parameters:
        - {name: session, in: cookie, required: true, schema: {type: string}}
      responses: {"204": {description: done}}
"##,
        GENERIC,
    );
    assert_eq!(sent(&api), ["pets.list GET"]);
    assert_eq!(api.skipped_operations, 3);
    let warnings = warnings(&diags);
    for expected in [
        "#/paths/~1animals: the path is skipped: a path item $ref",
        "#/paths/~1pets~1{pet_id}/get: the operation is skipped: its path names `{pet_id}`",
        "#/paths/~1pets~1search/get/parameters/0/in: the operation is skipped: it needs the cookie parameter `session`",
    ] {
        assert!(warnings.iter().any(|w| w.starts_with(expected)), "{expected} in {warnings:?}");
    }
}

#[test]
fn an_operation_nested_deeper_than_the_limit_is_an_error() {
    let group = vec!["level"; 65].join("/");
    let yaml = format!(
        "openapi: 3.0.3\ninfo: {{title: Deep, version: \"1\"}}\npaths:\n  /deep:\n    get:\n      operationId: {group}/get\n      responses: {{\"204\": {{description: done}}}}\n"
    );
    assert_eq!(
        lowering_errors(&yaml, GENERIC),
        ["#/paths/~1deep/get: the operation is nested 65 resources deep; at most 64 are supported"]
    );
}
