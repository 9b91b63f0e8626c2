//! Typed-parse failures narrowed to the value at fault. serde loses the path inside
//! untagged enums (openapiv3's `ReferenceOr`), flattened structs (`Schema`) and
//! internally tagged enums (`Parameter`), so a bad `minLength` deep in a schema is
//! reported at its component. Here the value at that pointer is parsed again on its
//! own, as the type that gives the same error, and taken apart until the error is
//! pinned to one part: the part whose removal makes the error go away.

use crate::diagnostics::escape_pointer_segment;
use openapiv3::{
    Callback, Example, Header, Link, MediaType, OpenAPI, Operation, Parameter, PathItem, Paths,
    ReferenceOr, RequestBody, Response, Schema, SecurityScheme,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Parses a value as one OpenAPI type, keeping only the error text.
type Parser = fn(&Value) -> Result<(), String>;

fn parse<T: DeserializeOwned>(value: &Value) -> Result<(), String> {
    T::deserialize(value).map(drop).map_err(|e| e.to_string())
}

/// The types at which serde loses the path, most likely first.
const PARSERS: &[Parser] = &[
    parse::<ReferenceOr<Schema>>,
    parse::<ReferenceOr<Parameter>>,
    parse::<ReferenceOr<RequestBody>>,
    parse::<ReferenceOr<Response>>,
    parse::<ReferenceOr<Header>>,
    parse::<ReferenceOr<Example>>,
    parse::<ReferenceOr<SecurityScheme>>,
    parse::<ReferenceOr<Link>>,
    parse::<ReferenceOr<PathItem>>,
    parse::<Paths>,
    parse::<Callback>,
    parse::<MediaType>,
    parse::<Operation>,
    parse::<OpenAPI>,
];

/// How many parses one narrowing may spend (each of the value found at `pointer`).
const MAX_PARSES: usize = 2_000;

/// The pointer below `pointer` (a `#/…` pointer into `document`) of the part that
/// causes `message`; `pointer` itself when no part can be singled out.
pub fn narrow(document: &Value, pointer: &str, message: &str) -> String {
    let Some(value) = pointer.strip_prefix('#').and_then(|p| document.pointer(p)) else {
        return pointer.to_owned();
    };
    let Some(parser) = PARSERS
        .iter()
        .find(|parse| parse(value).err().as_deref() == Some(message))
    else {
        return pointer.to_owned();
    };
    let mut narrowed = pointer.to_owned();
    let mut path: Vec<Step> = Vec::new();
    let mut budget = MAX_PARSES;
    while let Some(step) = culprit(value, &path, *parser, message, &mut budget) {
        narrowed.push('/');
        narrowed.push_str(&match &step {
            Step::Key(key) => escape_pointer_segment(key),
            Step::Index(index) => index.to_string(),
        });
        path.push(step);
    }
    narrowed
}

/// One step down into a value.
#[derive(Clone)]
enum Step {
    Key(String),
    Index(usize),
}

fn at<'v>(value: &'v Value, path: &[Step]) -> Option<&'v Value> {
    path.iter().try_fold(value, |v, step| match step {
        Step::Key(key) => v.get(key),
        Step::Index(index) => v.get(index),
    })
}

fn at_mut<'v>(value: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    path.iter().try_fold(value, |v, step| match step {
        Step::Key(key) => v.get_mut(key),
        Step::Index(index) => v.get_mut(index),
    })
}

/// The child of the part at `path` that the error comes from: one whose removal
/// makes the error go away or turn into another one. Removing a required field
/// only says the field is missing, so such a child is taken only when no other is,
/// and an object or list is preferred to a scalar (removing `type` can turn a
/// schema into one that takes what a bad `enum` holds).
fn culprit(
    value: &Value,
    path: &[Step],
    parser: Parser,
    message: &str,
    budget: &mut usize,
) -> Option<Step> {
    let children: Vec<Step> = match at(value, path)? {
        Value::Object(map) => map.keys().cloned().map(Step::Key).collect(),
        Value::Array(items) => (0..items.len()).map(Step::Index).collect(),
        _ => return None,
    };
    let mut scalar = None;
    let mut missing = None;
    for child in children {
        if *budget == 0 {
            break;
        }
        *budget -= 1;
        let mut without = value.clone();
        let removed = match (at_mut(&mut without, path)?, &child) {
            (Value::Object(map), Step::Key(key)) => map.shift_remove(key),
            (Value::Array(items), Step::Index(index)) => Some(items.remove(*index)),
            _ => None,
        }?;
        match parser(&without) {
            Err(other) if other == message => {}
            Err(other) if matches!(&child, Step::Key(key) if other == format!("missing field `{key}`")) =>
            {
                missing.get_or_insert(child);
            }
            _ if removed.is_object() || removed.is_array() => return Some(child),
            _ => {
                scalar.get_or_insert(child);
            }
        }
    }
    scalar.or(missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pointer the typed parse of `yaml` reports, narrowed.
    fn narrowed(yaml: &str) -> String {
        let document: Value = serde_yaml::from_str(yaml).unwrap();
        let err = serde_path_to_error::deserialize::<_, OpenAPI>(&document).unwrap_err();
        let mut pointer = String::from("#");
        for segment in err.path().iter() {
            if let serde_path_to_error::Segment::Map { key } = segment {
                pointer.push('/');
                pointer.push_str(&escape_pointer_segment(key));
            }
        }
        narrow(&document, &pointer, &err.inner().to_string())
    }

    const HEAD: &str = "{openapi: 3.0.3, info: {title: t, version: '1'}, paths: {}, components: ";

    #[test]
    fn a_bad_keyword_deep_in_a_schema_is_pinned() {
        let yaml = format!("{HEAD}{{schemas: {{X: {{type: object, properties: {{ok: {{type: string}}, y: {{type: object, properties: {{z: {{type: string, minLength: many}}}}}}}}}}}}}}}}");
        assert_eq!(
            narrowed(&yaml),
            "#/components/schemas/X/properties/y/properties/z/minLength"
        );
    }

    #[test]
    fn a_bad_part_of_a_list_is_pinned() {
        let yaml = format!("{HEAD}{{schemas: {{X: {{allOf: [{{type: string}}, {{type: array, items: {{type: string, nullable: maybe}}}}]}}}}}}}}");
        assert_eq!(
            narrowed(&yaml),
            "#/components/schemas/X/allOf/1/items/nullable"
        );
    }

    #[test]
    fn a_bad_parameter_location_is_pinned() {
        let yaml = format!("{HEAD}{{parameters: {{P: {{name: p, in: nowhere}}}}}}}}");
        assert_eq!(narrowed(&yaml), "#/components/parameters/P/in");
    }
}
