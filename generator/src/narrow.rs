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

/// How many parses one narrowing may spend.
const MAX_PARSES: usize = 20_000;

/// Past this many children, a part is not searched by removing each child in turn
/// (each removal parses a copy of the whole root, as `#/paths` of a large API is).
const MAX_REMOVALS: usize = 64;

/// The pointer below `pointer` (a `#/…` pointer into `document`) of the part that
/// causes `message`; `pointer` itself when no part can be singled out.
pub fn narrow(document: &Value, pointer: &str, message: &str) -> String {
    let Some(mut root) = pointer.strip_prefix('#').and_then(|p| document.pointer(p)) else {
        return pointer.to_owned();
    };
    let mut narrowed = pointer.to_owned();
    let mut parser: Option<Parser> = None;
    let mut path: Vec<Step> = Vec::new();
    let mut budget = MAX_PARSES;
    // Each part that gives the error alone becomes the root the trials copy, so
    // that they stay small far down a large document.
    while let Some(node) = at(root, &path) {
        budget = budget.saturating_sub(PARSERS.len());
        if let Some(own) = PARSERS
            .iter()
            .find(|parse| parse(node).err().as_deref() == Some(message))
        {
            root = node;
            path.clear();
            parser = Some(*own);
        }
        let Some(parser) = parser else { break };
        let Some(step) = culprit(root, &path, parser, message, &mut budget) else {
            break;
        };
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

/// `root` with the part at `path` replaced by `part`.
fn replaced(root: &Value, path: &[Step], part: Value) -> Value {
    let Some((last, parents)) = path.split_last() else {
        return part;
    };
    let mut copy = root.clone();
    let slot = parents.iter().try_fold(&mut copy, |v, step| match step {
        Step::Key(key) => v.get_mut(key),
        Step::Index(index) => v.get_mut(index),
    });
    let slot = slot.and_then(|v| match last {
        Step::Key(key) => v.get_mut(key),
        Step::Index(index) => v.get_mut(index),
    });
    if let Some(slot) = slot {
        *slot = part;
    }
    copy
}

/// The part `node` with only `child` kept, or with `child` removed.
fn with_child(node: &Value, child: &Step, keep: bool) -> Value {
    match (node, child) {
        (Value::Object(map), Step::Key(key)) => Value::Object(
            map.iter()
                .filter(|(k, _)| (*k == key) == keep)
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        (Value::Array(items), Step::Index(index)) => Value::Array(
            items
                .iter()
                .enumerate()
                .filter(|(i, _)| (i == index) == keep)
                .map(|(_, v)| v.clone())
                .collect(),
        ),
        _ => node.clone(),
    }
}

/// What removing a child does to the error.
#[derive(PartialEq)]
enum Removal {
    /// The same error: the child is not to blame.
    Same,
    /// Only that the child is missing: it is required, and may be to blame.
    Missing,
    /// Gone, or another error: the child is to blame.
    Changed,
}

fn removal(parsed: Result<(), String>, child: &Step, message: &str) -> Removal {
    match parsed {
        Err(other) if other == message => Removal::Same,
        Err(other) if matches!(child, Step::Key(key) if other == format!("missing field `{key}`")) => {
            Removal::Missing
        }
        _ => Removal::Changed,
    }
}

/// The child of the part at `path` that the error comes from. First a child that
/// gives the error alone and without which it goes away; then, in a part small
/// enough, any child without which it goes away, an object or list before a scalar
/// (removing `type` can let a schema take what a bad keyword holds), and last a
/// required child whose removal only says it is missing.
fn culprit(
    root: &Value,
    path: &[Step],
    parser: Parser,
    message: &str,
    budget: &mut usize,
) -> Option<Step> {
    let node = at(root, path)?;
    let children: Vec<Step> = match node {
        Value::Object(map) => map.keys().cloned().map(Step::Key).collect(),
        Value::Array(items) => (0..items.len()).map(Step::Index).collect(),
        _ => return None,
    };
    let mut try_parse = |part: Value| {
        *budget = budget.checked_sub(1)?;
        Some(parser(&replaced(root, path, part)))
    };
    for child in &children {
        if try_parse(with_child(node, child, true))?.err().as_deref() == Some(message)
            && removal(try_parse(with_child(node, child, false))?, child, message)
                == Removal::Changed
        {
            return Some(child.clone());
        }
    }
    if children.len() > MAX_REMOVALS {
        return None;
    }
    let (mut scalar, mut missing) = (None, None);
    for child in children {
        match removal(try_parse(with_child(node, &child, false))?, &child, message) {
            Removal::Same => {}
            Removal::Missing => {
                missing.get_or_insert(child);
            }
            Removal::Changed if node_is_container(node, &child) => return Some(child),
            Removal::Changed => {
                scalar.get_or_insert(child);
            }
        }
    }
    // A missing field is the fault of the part that lacks it, not of its children.
    scalar.or(missing.filter(|_| !message.starts_with("missing field")))
}

fn node_is_container(node: &Value, child: &Step) -> bool {
    let value = match child {
        Step::Key(key) => node.get(key),
        Step::Index(index) => node.get(index),
    };
    value.is_some_and(|v| v.is_object() || v.is_array())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
    fn the_last_of_many_paths_is_found() {
        // Each part that gives the error alone is parsed alone: no copy of all paths
        // per trial, and no running out of parses before the last path.
        let mut paths = serde_json::Map::new();
        for i in 0..3_000 {
            let maximum = if i == 2_999 { json!("lots") } else { json!(10) };
            let parameter = json!({"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": maximum}});
            let operation =
                json!({"parameters": [parameter], "responses": {"200": {"description": "OK"}}});
            paths.insert(format!("/things{i}"), json!({ "get": operation }));
        }
        let document =
            json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths});
        let message = "invalid type: string \"lots\", expected a JSON number";
        assert_eq!(
            narrow(&document, "#/paths", message),
            "#/paths/~1things2999/get/parameters/0/schema/maximum"
        );
    }

    #[test]
    fn a_missing_field_is_shown_at_the_part_that_lacks_it() {
        let yaml =
            format!("{HEAD}{{parameters: {{P: {{in: query, schema: {{type: string}}}}}}}}}}");
        assert_eq!(narrowed(&yaml), "#/components/parameters/P");
    }

    #[test]
    fn a_bad_parameter_location_is_pinned() {
        let yaml = format!("{HEAD}{{parameters: {{P: {{name: p, in: nowhere}}}}}}}}");
        assert_eq!(narrowed(&yaml), "#/components/parameters/P/in");
    }
}
