//! One OpenAPI 3.1 schema (JSON Schema 2020-12) rewritten in place as the OpenAPI
//! 3.0 schema the typed model and the lowering understand: `type` lists become
//! `nullable` or `anyOf`, `null` members of unions become `nullable`, `const`,
//! `examples`, numeric exclusive bounds and content keywords take their 3.0 forms,
//! and a `$ref` with siblings becomes `allOf: [$ref]` beside them (the 3.0 idiom the
//! lowering reads as "this reference, documented or nullable here"). What 3.0 cannot
//! say is dropped with a warning, or refused with an error, at the keyword's pointer.

use super::at::At;
use crate::diagnostics::Diagnostics;
use serde_json::{Map, Value};

/// Keywords that only document a schema: a `{type: 'null'}` union member carrying
/// them is still just `null`.
const ANNOTATIONS: [&str; 11] = [
    "title",
    "description",
    "deprecated",
    "readOnly",
    "writeOnly",
    "default",
    "example",
    "examples",
    "externalDocs",
    "$comment",
    "xml",
];

/// JSON Schema keywords with no 3.0 counterpart, dropped with a warning saying what
/// the generated type no longer checks.
const DROPPED: [(&str, &str); 14] = [
    (
        "prefixItems",
        "the array's items are typed by `items` alone (JSON values without it)",
    ),
    (
        "if",
        "the conditional is not applied; the schema's own keywords still type the value",
    ),
    (
        "then",
        "the conditional is not applied; the schema's own keywords still type the value",
    ),
    (
        "else",
        "the conditional is not applied; the schema's own keywords still type the value",
    ),
    (
        "dependentSchemas",
        "properties that depend on others are not checked",
    ),
    (
        "dependentRequired",
        "properties required by others are not checked",
    ),
    (
        "unevaluatedProperties",
        "properties not named by the schema are not restricted",
    ),
    (
        "unevaluatedItems",
        "array items are not restricted beyond `items`",
    ),
    ("contains", "the array is not checked for a matching item"),
    (
        "minContains",
        "the array is not checked for a matching item",
    ),
    (
        "maxContains",
        "the array is not checked for a matching item",
    ),
    ("propertyNames", "property names are not checked"),
    ("contentSchema", "the encoded content is kept as a string"),
    (
        "$anchor",
        "the schema can only be referenced by its JSON pointer",
    ),
];

/// JSON Schema keywords without meaning for a client, dropped silently.
const IGNORED: [&str; 5] = [
    "$schema",
    "$id",
    "$comment",
    "$vocabulary",
    "$dynamicAnchor",
];

/// Which JSON type each type-specific keyword belongs to, for splitting a `type`
/// list into one `anyOf` member per type.
const TYPE_KEYWORDS: [(&str, &[&str]); 5] = [
    ("string", &["minLength", "maxLength", "pattern"]),
    (
        "number",
        &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
    ),
    (
        "integer",
        &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
    ),
    (
        "object",
        &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
            "discriminator",
        ],
    ),
    ("array", &["items", "minItems", "maxItems", "uniqueItems"]),
];

/// Rewrites the schema `value` (found at `at`) and every schema inside it.
pub(super) fn map_schema(value: &mut Value, at: &At, diags: &mut Diagnostics) {
    let map = match value {
        // Boolean schemas: `true` allows anything, `false` nothing.
        Value::Bool(true) => {
            *value = Value::Object(Map::new());
            return;
        }
        Value::Bool(false) => {
            *value = serde_json::json!({"not": {}});
            return;
        }
        Value::Object(map) => map,
        // Not a schema: the typed parse reports it with its pointer.
        _ => return,
    };
    if map.contains_key("$ref") {
        map_reference(map, at, diags);
    } else {
        map_object(map, at, diags);
    }
}

/// A `$ref`, alone or with siblings (3.1 allows them; 3.0 ignores them).
fn map_reference(map: &mut Map<String, Value>, at: &At, diags: &mut Diagnostics) {
    if let Some(Value::String(reference)) = map.get("$ref") {
        if reference.contains("/$defs/") {
            diags
                .error(
                    at.key("$ref").pointer(),
                    format!("$ref `{reference}` points into `$defs`, which is not generated"),
                )
                .help("move the schema under #/components/schemas and reference it there");
        }
    }
    if map.len() == 1 {
        return;
    }
    let reference = map.remove("$ref").unwrap_or(Value::Null);
    map_object(map, at, diags);
    if map.is_empty() {
        map.insert("$ref".to_owned(), reference);
        return;
    }
    // The siblings apply to the referenced schema too: it becomes one more `allOf` part.
    let mut only_ref = Map::new();
    only_ref.insert("$ref".to_owned(), reference);
    match map.get_mut("allOf") {
        Some(Value::Array(parts)) => parts.insert(0, Value::Object(only_ref)),
        _ => {
            map.insert(
                "allOf".to_owned(),
                Value::Array(vec![Value::Object(only_ref)]),
            );
        }
    }
}

/// A schema without `$ref`: its subschemas first, then its own keywords.
fn map_object(map: &mut Map<String, Value>, at: &At, diags: &mut Diagnostics) {
    for key in IGNORED {
        map.remove(key);
    }
    for key in ["$dynamicRef", "$recursiveRef"] {
        if map.contains_key(key) {
            diags
                .error(
                    at.key(key).pointer(),
                    format!("`{key}` cannot be resolved without a JSON Schema evaluator"),
                )
                .help("replace it with a `$ref` to a schema under #/components/schemas");
        }
    }
    if map.contains_key("$defs") {
        diags
            .warning(
                at.key("$defs").pointer(),
                "schemas under `$defs` are not generated",
            )
            .help("move them under #/components/schemas to generate them");
    }
    lift_null_members(map);
    map_subschemas(map, at, diags);
    map_const(map);
    map_examples(map);
    map_exclusive_bounds(map);
    map_content(map, at, diags);
    map_type_list(map, at, diags);
    map_pattern_properties(map, at, diags);
    for (keyword, consequence) in DROPPED {
        if map.remove(keyword).is_some() {
            diags
                .warning(
                    at.key(keyword).pointer(),
                    format!("`{keyword}` has no OpenAPI 3.0 counterpart and is dropped: {consequence}"),
                )
                .help("describe the value with OpenAPI 3.0 keywords if the generated type must check this");
        }
    }
}

/// Maps every schema nested in this one.
fn map_subschemas(map: &mut Map<String, Value>, at: &At, diags: &mut Diagnostics) {
    for (key, child) in map.iter_mut() {
        let child_at = at.key(key);
        match key.as_str() {
            "properties" | "patternProperties" => {
                if let Value::Object(properties) = child {
                    for (name, property) in properties.iter_mut() {
                        map_schema(property, &child_at.key(name), diags);
                    }
                }
            }
            "allOf" | "anyOf" | "oneOf" => {
                if let Value::Array(parts) = child {
                    for (i, part) in parts.iter_mut().enumerate() {
                        map_schema(part, &child_at.index(i), diags);
                    }
                }
            }
            // `additionalProperties: true/false` means the same in 3.0.
            "additionalProperties" if child.is_object() => map_schema(child, &child_at, diags),
            "items" | "not" => map_schema(child, &child_at, diags),
            _ => {}
        }
    }
}

/// Whether a union member only allows `null` (3.0 says that with `nullable`).
fn is_null_schema(value: &Value) -> bool {
    let Some(map) = value.as_object() else {
        return false;
    };
    let null_type = match map.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => !types.is_empty() && types.iter().all(|t| t == "null"),
        _ => false,
    };
    let null_const = map.get("const") == Some(&Value::Null);
    (null_type || null_const)
        && map
            .keys()
            .all(|k| k == "type" || k == "const" || ANNOTATIONS.contains(&k.as_str()))
}

/// `oneOf`/`anyOf` members that are `{type: 'null'}` become `nullable: true`; one
/// member left becomes `allOf: [member]`, so `[{$ref: X}, null]` is an `Option<X>`.
fn lift_null_members(map: &mut Map<String, Value>) {
    for key in ["oneOf", "anyOf"] {
        let Some(Value::Array(members)) = map.get_mut(key) else {
            continue;
        };
        let before = members.len();
        members.retain(|m| !is_null_schema(m));
        if members.len() == before {
            continue;
        }
        map.insert("nullable".to_owned(), Value::Bool(true));
        let Some(Value::Array(members)) = map.get(key) else {
            continue;
        };
        match members.len() {
            0 => {
                map.remove(key);
            }
            1 => {
                let Some(Value::Array(mut members)) = map.remove(key) else {
                    continue;
                };
                let member = members.remove(0);
                match map.get_mut("allOf") {
                    Some(Value::Array(parts)) => parts.push(member),
                    _ => {
                        map.insert("allOf".to_owned(), Value::Array(vec![member]));
                    }
                }
            }
            _ => {}
        }
    }
}

/// `const: v` is `enum: [v]`; `const: null` only says the value is null.
fn map_const(map: &mut Map<String, Value>) {
    let Some(value) = map.remove("const") else {
        return;
    };
    if value.is_null() {
        map.insert("nullable".to_owned(), Value::Bool(true));
    } else if !map.contains_key("enum") {
        map.insert("enum".to_owned(), Value::Array(vec![value]));
    }
}

/// A schema's `examples` list: its first entry is the 3.0 `example`.
fn map_examples(map: &mut Map<String, Value>) {
    if let Some(Value::Array(mut examples)) = map.remove("examples") {
        if !map.contains_key("example") && !examples.is_empty() {
            map.insert("example".to_owned(), examples.swap_remove(0));
        }
    }
}

/// A numeric `exclusiveMinimum: n` is 3.0's `minimum: n, exclusiveMinimum: true`
/// (and likewise for the maximum); a stricter inclusive bound beside it wins.
fn map_exclusive_bounds(map: &mut Map<String, Value>) {
    for (exclusive, bound, stricter) in [
        ("exclusiveMinimum", "minimum", 1.0),
        ("exclusiveMaximum", "maximum", -1.0),
    ] {
        let Some(Value::Number(limit)) = map.get(exclusive).cloned() else {
            continue;
        };
        map.remove(exclusive);
        let limit_f = limit.as_f64().unwrap_or_default();
        let inclusive = map.get(bound).and_then(Value::as_f64);
        if inclusive.is_none_or(|b| (limit_f - b) * stricter >= 0.0) {
            map.insert(bound.to_owned(), Value::Number(limit));
            map.insert(exclusive.to_owned(), Value::Bool(true));
        }
    }
}

/// `contentEncoding: base64` is 3.0's `format: byte`; binary `contentMediaType`
/// content is `format: binary`.
fn map_content(map: &mut Map<String, Value>, at: &At, diags: &mut Diagnostics) {
    let encoding = map.remove("contentEncoding");
    let media_type = map.remove("contentMediaType");
    let format = match (&encoding, &media_type) {
        (Some(Value::String(e)), _) if e == "base64" || e == "base64url" => Some("byte"),
        (Some(other), _) => {
            diags
                .warning(
                    at.key("contentEncoding").pointer(),
                    format!("content encoding {other} has no OpenAPI 3.0 format; the value is a plain string"),
                )
                .help("use base64, which maps to `format: byte`");
            None
        }
        (None, Some(Value::String(m))) if !is_text_media_type(m) => Some("binary"),
        _ => None,
    };
    if let Some(format) = format {
        map.entry("format")
            .or_insert_with(|| Value::String(format.to_owned()));
    }
}

fn is_text_media_type(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    essence.starts_with("text/") || essence.ends_with("json") || essence.ends_with("xml")
}

/// A `type` list: `null` in it is `nullable`, one other type is that type, several
/// are an `anyOf` of one schema per type, each with its own keywords.
fn map_type_list(map: &mut Map<String, Value>, at: &At, diags: &mut Diagnostics) {
    let list = match map.get("type") {
        Some(Value::Array(list)) => list,
        // 3.0 has no `null` type: a value that is always null is a nullable anything.
        Some(Value::String(t)) if t == "null" => {
            map.remove("type");
            map.insert("nullable".to_owned(), Value::Bool(true));
            return;
        }
        _ => return,
    };
    // Anything but strings is left for the typed parse to report.
    let Some(list) = list
        .iter()
        .map(|t| t.as_str().map(str::to_owned))
        .collect::<Option<Vec<String>>>()
    else {
        return;
    };
    let mut types: Vec<String> = Vec::new();
    for t in list {
        if t == "null" {
            map.insert("nullable".to_owned(), Value::Bool(true));
        } else if !types.contains(&t) {
            types.push(t);
        }
    }
    let listed = types.clone();
    // Every integer is a number.
    if types.iter().any(|t| t == "number") {
        types.retain(|t| t != "integer");
    }
    match types.len() {
        0 => {
            map.remove("type");
        }
        1 => {
            map.insert("type".to_owned(), Value::String(types.remove(0)));
        }
        _ if map.contains_key("anyOf") || map.contains_key("oneOf") => {
            map.remove("type");
            // Members that each name one of the listed types already say it all.
            if !union_members_typed(map, &listed) {
                diags
                    .warning(
                        at.key("type").pointer(),
                        "a list of types beside `anyOf`/`oneOf` cannot be expressed in OpenAPI 3.0; the types are dropped",
                    )
                    .help("list the types as `anyOf` members instead");
            }
        }
        _ => {
            map.remove("type");
            let members = types.iter().map(|t| type_member(map, t)).collect();
            for (_, keywords) in TYPE_KEYWORDS {
                for keyword in keywords {
                    map.remove(*keyword);
                }
            }
            map.remove("format");
            map.remove("enum");
            map.insert("anyOf".to_owned(), Value::Array(members));
        }
    }
}

/// Whether every `anyOf`/`oneOf` member says its own type: a `$ref` (its schema
/// does) or a `type` from `types`. Then the list beside them only adds `null`.
fn union_members_typed(map: &Map<String, Value>, types: &[String]) -> bool {
    ["anyOf", "oneOf"]
        .iter()
        .filter_map(|key| map.get(*key).and_then(Value::as_array))
        .flatten()
        .all(|member| {
            member.get("$ref").is_some()
                || member
                    .get("type")
                    .and_then(Value::as_str)
                    .is_some_and(|t| types.iter().any(|listed| listed == t))
        })
}

/// The `anyOf` member for JSON type `typ`, with the keywords that apply to it.
fn type_member(map: &Map<String, Value>, typ: &str) -> Value {
    let mut member = Map::new();
    member.insert("type".to_owned(), Value::String(typ.to_owned()));
    let keywords = TYPE_KEYWORDS
        .iter()
        .find(|(t, _)| *t == typ)
        .map(|(_, k)| *k)
        .unwrap_or_default();
    for keyword in keywords {
        if let Some(value) = map.get(*keyword) {
            member.insert((*keyword).to_owned(), value.clone());
        }
    }
    if let Some(Value::String(format)) = map.get("format") {
        let numeric = matches!(format.as_str(), "int32" | "int64" | "float" | "double");
        if numeric == matches!(typ, "number" | "integer") {
            member.insert("format".to_owned(), Value::String(format.clone()));
        }
    }
    if let Some(Value::Array(values)) = map.get("enum") {
        let values: Vec<Value> = values
            .iter()
            .filter(|v| match typ {
                "string" => v.is_string(),
                "number" => v.is_number(),
                "integer" => v.is_i64() || v.is_u64(),
                "boolean" => v.is_boolean(),
                _ => false,
            })
            .cloned()
            .collect();
        if !values.is_empty() {
            member.insert("enum".to_owned(), Value::Array(values));
        }
    }
    Value::Object(member)
}

/// `patternProperties`: one pattern on an object without `additionalProperties`
/// types its extra properties as a map; anything else is dropped with a warning.
fn map_pattern_properties(map: &mut Map<String, Value>, at: &At, diags: &mut Diagnostics) {
    let Some(patterns) = map.remove("patternProperties") else {
        return;
    };
    let pointer = at.key("patternProperties").pointer();
    let single = patterns.as_object().filter(|p| p.len() == 1);
    let open = !matches!(map.get("additionalProperties"), Some(v) if v != &Value::Bool(true));
    match single {
        Some(single) if open => {
            let (pattern, schema) = single.iter().next().expect("one pattern");
            map.insert("additionalProperties".to_owned(), schema.clone());
            diags
                .warning(
                    pointer,
                    format!("`patternProperties` becomes `additionalProperties`: keys are not checked against `{pattern}`"),
                )
                .help("nothing to do unless clients must check the keys");
        }
        _ => {
            diags
                .warning(
                    pointer,
                    "`patternProperties` has no OpenAPI 3.0 counterpart and is dropped: properties matching the patterns are typed by `additionalProperties`",
                )
                .help("use `additionalProperties` with one schema for all extra properties");
        }
    }
}

#[cfg(test)]
#[path = "schema31_tests.rs"]
mod tests;
