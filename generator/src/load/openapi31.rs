//! OpenAPI 3.1 documents mapped onto OpenAPI 3.0 at the JSON level, before the typed
//! parse into `openapiv3` (a 3.0 model): the top-level fields 3.0 lacks are dropped
//! or filled in, and every schema found in the document is handed to [`schema31`].
//!
//! [`schema31`]: super::schema31

use super::at::At;
use super::schema31::map_schema;
use crate::diagnostics::Diagnostics;
use serde_json::{Map, Value};

/// The schema dialect a 3.1 document uses when it names none.
const OAS_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// Rewrites a 3.1 `document` in place so that it reads as 3.0.
pub(super) fn downgrade(document: &mut Value, diags: &mut Diagnostics) {
    let Some(root) = document.as_object_mut() else {
        return;
    };
    let at = At::root();
    top_level(root, &at, diags);
    if let Some(paths) = root.get_mut("paths") {
        walk(paths, &at.key("paths"), diags);
    }
    if let Some(Value::Object(components)) = root.get_mut("components") {
        let components_at = at.key("components");
        for (section, entries) in components.iter_mut() {
            let section_at = components_at.key(section);
            match (section.as_str(), entries) {
                ("schemas", Value::Object(schemas)) => {
                    for (name, schema) in schemas.iter_mut() {
                        map_schema(schema, &section_at.key(name), diags);
                    }
                }
                // Examples hold values, not OpenAPI objects.
                ("examples", _) => {}
                (_, entries) => walk(entries, &section_at, diags),
            }
        }
    }
}

/// Fields of the 3.1 root and `info` that 3.0 lacks or requires.
fn top_level(root: &mut Map<String, Value>, at: &At, diags: &mut Diagnostics) {
    if let Some(dialect) = root.remove("jsonSchemaDialect") {
        if dialect.as_str() != Some(OAS_DIALECT) {
            diags
                .warning(
                    at.key("jsonSchemaDialect").pointer(),
                    format!("schema dialect {dialect} is read as the OpenAPI 3.1 default dialect"),
                )
                .help("remove `jsonSchemaDialect` if the schemas use plain OpenAPI 3.1 keywords");
        }
    }
    if let Some(webhooks) = root.remove("webhooks") {
        let count = webhooks.as_object().map_or(0, Map::len);
        if count > 0 {
            diags
                .warning(
                    at.key("webhooks").pointer(),
                    format!("{count} webhook(s) are not generated: a client sends requests, webhooks are requests it receives"),
                )
                .help("nothing to do; schemas the webhooks reference under #/components are still generated");
        }
    }
    // 3.1 makes `paths` optional (a document may hold only components or webhooks).
    root.entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(Value::Object(info)) = root.get_mut("info") {
        info.remove("summary");
        if let Some(Value::Object(license)) = info.get_mut("license") {
            license.remove("identifier");
        }
    }
    inline_path_item_refs(root, at, diags);
}

/// 3.1's `components.pathItems`: a path that references one gets a copy of it, as
/// openapiv3 has no such section (it ignores the section itself, and validation
/// still sees it, so a reference to a missing item is reported once, as any other).
fn inline_path_item_refs(root: &mut Map<String, Value>, at: &At, diags: &mut Diagnostics) {
    let items = match root.get("components") {
        Some(components) => components.get("pathItems").cloned(),
        None => None,
    };
    let (Some(items), Some(Value::Object(paths))) = (items, root.get_mut("paths")) else {
        return;
    };
    let paths_at = at.key("paths");
    for (path, item) in paths.iter_mut() {
        let Some(Value::String(reference)) = item.get("$ref") else {
            continue;
        };
        // Decoded as every other reference is (percent-encoding, then `~1`, `~0`).
        let name = match crate::fragment::local_segments(reference).as_deref() {
            Ok([components, path_items, name])
                if components == "components" && path_items == "pathItems" =>
            {
                name.clone()
            }
            _ => continue,
        };
        match items.get(&name) {
            Some(target) if target.get("$ref").is_some() => {
                diags
                    .error(
                        paths_at.key(path).key("$ref").pointer(),
                        format!("$ref `{reference}` names a path item that is itself a $ref"),
                    )
                    .help("make the path item under #/components/pathItems an inline one");
            }
            Some(target) => *item = target.clone(),
            None => {}
        }
    }
}

/// Walks OpenAPI objects (paths, parameters, responses...) and maps each `schema`.
fn walk(value: &mut Value, at: &At, diags: &mut Diagnostics) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                // Extensions and examples hold arbitrary values, not OpenAPI objects.
                if key.starts_with("x-") || key == "example" || key == "examples" {
                    continue;
                }
                let child_at = at.key(key);
                if key == "schema" {
                    map_schema(child, &child_at, diags);
                } else {
                    walk(child, &child_at, diags);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                walk(item, &at.index(i), diags);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn downgraded(mut document: Value) -> (Value, Diagnostics) {
        let mut diags = Diagnostics::default();
        downgrade(&mut document, &mut diags);
        (document, diags)
    }

    #[test]
    fn top_level_fields_3_0_lacks_are_dropped_and_paths_filled_in() {
        let (document, diags) = downgraded(json!({
            "openapi": "3.1.0",
            "jsonSchemaDialect": OAS_DIALECT,
            "info": {"title": "t", "version": "1", "summary": "s",
                     "license": {"name": "MIT", "identifier": "MIT"}},
            "webhooks": {"newPet": {"post": {"responses": {}}}}
        }));
        assert_eq!(
            document,
            json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1",
                   "license": {"name": "MIT"}}, "paths": {}})
        );
        let pointers: Vec<&str> = diags.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(pointers, ["#/webhooks"]);
    }

    #[test]
    fn another_dialect_is_warned_about() {
        let (_, diags) = downgraded(json!({"jsonSchemaDialect": "https://example.com/d"}));
        assert_eq!(diags.iter().next().unwrap().pointer, "#/jsonSchemaDialect");
    }

    #[test]
    fn schemas_are_found_in_parameters_bodies_headers_and_components() {
        let nullable = json!({"type": ["string", "null"]});
        let (document, _) = downgraded(json!({
            "paths": {"/p": {
                "parameters": [{"name": "a", "in": "query", "schema": nullable}],
                "get": {"responses": {"200": {
                    "description": "ok",
                    "headers": {"h": {"schema": nullable}},
                    "content": {"application/json": {
                        "schema": nullable,
                        "example": {"schema": {"type": ["string", "null"]}}
                    }}
                }}}
            }},
            "components": {
                "schemas": {"S": nullable},
                "parameters": {"P": {"name": "b", "in": "query", "schema": nullable}},
                "examples": {"E": {"value": {"schema": {"type": ["string", "null"]}}}}
            }
        }));
        let mapped = json!({"type": "string", "nullable": true});
        let get = &document["paths"]["/p"];
        assert_eq!(get["parameters"][0]["schema"], mapped);
        let response = &get["get"]["responses"]["200"];
        assert_eq!(response["headers"]["h"]["schema"], mapped);
        assert_eq!(response["content"]["application/json"]["schema"], mapped);
        assert_eq!(document["components"]["schemas"]["S"], mapped);
        assert_eq!(document["components"]["parameters"]["P"]["schema"], mapped);
        // Example values are data and stay as they were.
        assert_eq!(
            response["content"]["application/json"]["example"]["schema"]["type"],
            json!(["string", "null"])
        );
        assert_eq!(
            document["components"]["examples"]["E"]["value"]["schema"]["type"],
            json!(["string", "null"])
        );
    }

    #[test]
    fn path_item_refs_are_inlined() {
        let (document, diags) = downgraded(json!({
            "paths": {
                "/a": {"$ref": "#/components/pathItems/A"},
                "/b": {"$ref": "#/components/pathItems/Chain"},
                "/c": {"$ref": "#/components/pathItems/Missing"}
            },
            "components": {"pathItems": {
                "A": {"get": {"responses": {}}},
                "Chain": {"$ref": "#/components/pathItems/A"}
            }}
        }));
        assert_eq!(document["paths"]["/a"], json!({"get": {"responses": {}}}));
        // Left for validation, which reports a reference to nothing.
        assert_eq!(
            document["paths"]["/c"],
            json!({"$ref": "#/components/pathItems/Missing"})
        );
        let pointers: Vec<&str> = diags.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(pointers, ["#/paths/~1b/$ref"]);
    }
}
