//! The rules of `lower/responses.rs`: without an envelope, the success body
//! (one type when every success status has the same, else an enum by
//! status, exact codes before ranges), empty and non-JSON bodies, typed error
//! bodies in order; with the profile's envelope, the value under the
//! response key; and the `Accept` header.

use super::*;
use crate::model::{ErrorStatus, RawKind, ResponseShape, StatusBody, TypeRef};

/// An operation `things/<name>` answering `responses` (YAML, indented to sit
/// under `responses:`).
fn document(operations: &[(&str, &str)]) -> String {
    let mut yaml = String::from("openapi: 3.0.3\ninfo: {title: Things, version: \"1\"}\npaths:\n");
    for (name, responses) in operations {
        yaml.push_str(&format!(
            "  /things/{name}:\n    get:\n      operationId: things/{name}\n      responses:\n{responses}"
        ));
    }
    yaml.push_str(
        r##"components:
  schemas:
    Thing:
      type: object
      required: [id]
      properties: {id: {type: string}}
    Problem:
      type: object
      properties: {message: {type: string}}
"##,
    );
    yaml
}

#[test]
fn one_success_body_is_returned_whole_and_an_inline_one_is_named_after_the_operation() {
    let api = lower(&document(&[
        (
            "get",
            "        \"200\": {description: ok, content: {application/json: {schema: {$ref: \"#/components/schemas/Thing\"}}}}\n",
        ),
        (
            "stats",
            "        \"200\":\n          description: ok\n          content:\n            application/json:\n              schema: {type: object, nullable: true, properties: {total: {type: integer}}}\n",
        ),
    ]));
    let ResponseShape::Body { ty, nullable } = &operation(&api, "things.get").response else {
        panic!("things.get returns no body");
    };
    assert_eq!((type_name(ty), *nullable), ("Thing".to_owned(), false));
    let stats = operation(&api, "things.stats");
    let ResponseShape::Body { ty, nullable } = &stats.response else {
        panic!("things.stats returns no body");
    };
    assert_eq!(type_name(ty), "ThingsStatsResponse");
    assert!(*nullable, "a nullable body");
}

#[test]
fn successes_with_different_bodies_are_an_enum_by_status_exact_codes_before_ranges() {
    let api = lower(&document(&[(
        "sync",
        r##"        "2XX": {description: Some other success., content: {application/json: {schema: {type: object, properties: {note: {type: string}}}}}}
        "201": {description: Made., content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}}
        "202": {description: Queued., content: {application/json: {schema: {type: object, properties: {job: {type: string}}}}}}
        "204": {description: Nothing new.}
"##,
    )]));
    let sync = operation(&api, "things.sync");
    let ResponseShape::ByStatus(status_enum) = &sync.response else {
        panic!("things.sync returns no enum by status");
    };
    assert_eq!(status_enum.name, "ThingsSyncOutcome");
    let variants: Vec<(&str, u16, u16, String)> = (status_enum.variants.iter())
        .map(|v| {
            let body = match &v.body {
                StatusBody::Empty => "empty".to_owned(),
                StatusBody::Raw(kind) => format!("{kind:?}"),
                StatusBody::Json { ty, .. } => type_name(ty),
            };
            (v.name.as_str(), v.low, v.high, body)
        })
        .collect();
    // The first JSON body takes the name a single one would have had; later
    // ones add their status.
    assert_eq!(
        variants,
        [
            ("Created", 201, 201, "Thing".to_owned()),
            ("Accepted", 202, 202, "ThingsSyncResponse202".to_owned()),
            ("NoContent", 204, 204, "empty".to_owned()),
            ("Status2xx", 200, 299, "ThingsSyncResponse".to_owned()),
        ]
    );
    assert_eq!(status_enum.variants[0].docs.lines, ["Made."]);
}

#[test]
fn empty_successes_return_nothing_and_other_media_types_are_raw() {
    let api = lower(&document(&[
        ("ping", "        \"204\": {description: done}\n"),
        (
            "readme",
            "        \"200\": {description: ok, content: {text/markdown: {schema: {type: string}}}}\n",
        ),
        (
            "photo",
            "        \"200\": {description: ok, content: {image/png: {}}}\n",
        ),
        (
            "loose",
            "        \"200\": {description: ok, content: {application/json: {}}}\n",
        ),
        (
            "either",
            "        \"200\": {description: ok, content: {application/json: {schema: {$ref: \"#/components/schemas/Thing\"}}}}\n        \"204\": {description: none}\n",
        ),
    ]));
    let shape = |name: &str| operation(&api, name).response.clone();
    assert!(matches!(shape("things.ping"), ResponseShape::Void));
    assert!(matches!(
        shape("things.readme"),
        ResponseShape::Raw(RawKind::Text)
    ));
    assert!(matches!(
        shape("things.photo"),
        ResponseShape::Raw(RawKind::Bytes)
    ));
    // JSON without a schema is any JSON.
    assert!(matches!(
        shape("things.loose"),
        ResponseShape::Body {
            ty: TypeRef::Json,
            nullable: false
        }
    ));
    // A body or none: an enum, not an `Option`.
    let ResponseShape::ByStatus(either) = &operation(&api, "things.either").response else {
        panic!("things.either returns no enum by status");
    };
    let names: Vec<&str> = either.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["Ok", "NoContent"]);
    assert_eq!(operation(&api, "things.ping").accept, None);
    assert_eq!(
        operation(&api, "things.readme").accept.as_deref(),
        Some("text/markdown")
    );
}

#[test]
fn a_stream_of_events_is_typed_by_its_data_schema() {
    let api = lower(&document(&[
        (
            "watch",
            "        \"200\": {description: ok, content: {text/event-stream: {schema: {$ref: \"#/components/schemas/Thing\"}}}}\n",
        ),
        (
            "tail",
            "        \"200\": {description: ok, content: {text/event-stream: {schema: {type: string}}}}\n",
        ),
        (
            "raw",
            "        \"200\": {description: ok, content: {\"text/event-stream; charset=utf-8\": {}}}\n",
        ),
        (
            "mixed",
            "        \"200\": {description: ok, content: {text/event-stream: {schema: {type: string}}}}\n        \"204\": {description: none}\n",
        ),
    ]));
    let data = |name: &str| match &operation(&api, name).response {
        ResponseShape::Events { data } => Some(type_name(data)),
        _ => None,
    };
    assert_eq!(data("things.watch").as_deref(), Some("Thing"));
    assert_eq!(data("things.tail").as_deref(), Some("String"));
    // No schema: the text as it is, whatever the media type's parameters.
    assert_eq!(data("things.raw").as_deref(), Some("String"));
    assert_eq!(
        operation(&api, "things.watch").accept.as_deref(),
        Some("text/event-stream")
    );
    // Beside another success, a stream is text read whole.
    let ResponseShape::ByStatus(mixed) = &operation(&api, "things.mixed").response else {
        panic!("things.mixed returns no enum by status");
    };
    assert!(matches!(
        mixed.variants[0].body,
        StatusBody::Raw(RawKind::Text)
    ));
}

#[test]
fn error_bodies_of_named_types_are_typed_exact_codes_then_ranges_then_default() {
    let api = lower(&document(&[(
        "get",
        r##"        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}}
        default: {description: oops, content: {application/json: {schema: {$ref: "#/components/schemas/Problem"}}}}
        "4XX": {description: bad, content: {application/json: {schema: {$ref: "#/components/schemas/Problem"}}}}
        "404": {description: gone, content: {application/json: {schema: {type: object, properties: {missing: {type: string}}}}}}
        "409": {description: clash, content: {text/plain: {schema: {type: string}}}}
        "500": {description: down, content: {application/json: {schema: {type: string}}}}
"##,
    )]));
    let errors: Vec<(u16, u16, String)> = (operation(&api, "things.get").errors.iter())
        .map(|ErrorStatus { low, high, ty }| (*low, *high, type_name(ty)))
        .collect();
    // A text body, or a JSON one that is no named type, is quoted as text.
    assert_eq!(
        errors,
        [
            (404, 404, "ThingsGetError404".to_owned()),
            (400, 499, "Problem".to_owned()),
            (400, 599, "Problem".to_owned()),
        ]
    );
    assert_eq!(api.error_bodies, ["Problem", "ThingsGetError404"]);
}

#[test]
fn a_response_component_names_the_inline_body_it_holds() {
    let yaml = document(&[(
        "page",
        "        \"200\": {$ref: \"#/components/responses/ThingPage\"}\n",
    )])
    .replace(
        "components:\n",
        r##"components:
  responses:
    ThingPage:
      description: A page of things.
      content:
        application/json:
          schema:
            type: object
            properties:
              items: {type: array, items: {$ref: "#/components/schemas/Thing"}}
"##,
    );
    let api = lower(&yaml);
    let ResponseShape::Body { ty, .. } = &operation(&api, "things.page").response else {
        panic!("things.page returns no body");
    };
    assert_eq!(type_name(ty), "ThingPage");
    assert_eq!(field_names(struct_def(&api, "ThingPage")), ["items"]);
}

const ENVELOPE: &str = r#"
[envelope]
success_field = "ok"
response_key_extension = "x-response-key"
"#;

/// The success body of every operation of the envelope test: the envelope's
/// `ok` beside two properties.
const ENVELOPED_BODY: &str = r##"
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [ok, thing]
                properties:
                  ok: {type: boolean}
                  thing: {$ref: "#/components/schemas/Thing"}
                  note: {type: string, nullable: true}
"##;

#[test]
fn with_an_envelope_the_method_returns_the_value_under_the_response_key() {
    let mut yaml = String::from("openapi: 3.0.3\ninfo: {title: Things, version: \"1\"}\npaths:\n");
    for (name, key) in [
        ("get", "thing"),
        ("note", "note"),
        ("quiet", "null"),
        ("guess", ""),
    ] {
        yaml.push_str(&format!(
            "  /things/{name}:\n    get:\n      operationId: things/{name}\n"
        ));
        if !key.is_empty() {
            yaml.push_str(&format!("      x-response-key: {key}\n"));
        }
        yaml.push_str("      responses:");
        yaml.push_str(ENVELOPED_BODY);
    }
    yaml.push_str(
        "components:\n  schemas:\n    Thing: {type: object, properties: {id: {type: string}}}\n",
    );
    let (api, diags) = lower_with(&yaml, ENVELOPE);
    let keyed = |name: &str| match &operation(&api, name).response {
        ResponseShape::Keyed { key, ty, optional } => Some((key.clone(), type_name(ty), *optional)),
        _ => None,
    };
    assert_eq!(
        keyed("things.get"),
        Some(("thing".to_owned(), "Thing".to_owned(), false))
    );
    // Nullable, or not required: the method returns an `Option`.
    assert_eq!(
        keyed("things.note"),
        Some(("note".to_owned(), "String".to_owned(), true))
    );
    // A null key: nothing is returned.
    assert!(matches!(
        operation(&api, "things.quiet").response,
        ResponseShape::Void
    ));
    // Without the extension, a body of several properties (besides the
    // envelope's own) returns nothing, with a warning.
    assert!(matches!(
        operation(&api, "things.guess").response,
        ResponseShape::Void
    ));
    let warnings = warnings(&diags);
    assert!(
        (warnings.iter()).any(|w| w.contains("the response has several properties (thing, note)")),
        "{warnings:?}"
    );
}

#[test]
fn a_response_key_the_success_body_lacks_is_an_error() {
    let yaml = document(&[(
        "get",
        "        \"200\": {description: ok, content: {application/json: {schema: {$ref: \"#/components/schemas/Thing\"}}}}\n",
    )])
    .replace(
        "operationId: things/get\n",
        "operationId: things/get\n      x-response-key: thing\n",
    );
    let errors = lowering_errors(&yaml, ENVELOPE);
    assert_eq!(
        errors,
        ["#/paths/~1things~1get/get/x-response-key: `x-response-key` is `thing` but the success response has no such property"]
    );
}
