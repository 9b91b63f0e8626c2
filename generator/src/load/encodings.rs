//! Request bodies' `encoding` entries, settled before the typed parse:
//! openapiv3 reads an absent `explode` as false and refuses the whole
//! document over a style it does not know. OpenAPI's default is written in
//! (`explode` is true for `form`, the default style, false for the others),
//! and a style a form cannot have (`matrix`, a typo) is removed with a
//! warning: the field is then written as `form`, the default.

use super::at::At;
use crate::diagnostics::Diagnostics;
use serde_json::{Map, Value};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

const STYLES: [&str; 4] = ["form", "spaceDelimited", "pipeDelimited", "deepObject"];

/// Settles every encoding entry of the operations' and the components' request bodies.
pub(super) fn settle_encodings(document: &mut Value, diags: &mut Diagnostics) {
    let root = At::root();
    if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
        let paths_at = root.key("paths");
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            let path_at = paths_at.key(path);
            for method in METHODS {
                let Some(operation) = item.get_mut(method).and_then(Value::as_object_mut) else {
                    continue;
                };
                let name = match operation.get("operationId").and_then(Value::as_str) {
                    Some(id) => id.to_owned(),
                    None => format!("{} {path}", method.to_ascii_uppercase()),
                };
                let method_at = path_at.key(method);
                if let Some(body) = operation.get_mut("requestBody") {
                    settle_body(body, &method_at.key("requestBody"), Some(&name), diags);
                }
            }
        }
    }
    let bodies = document
        .get_mut("components")
        .and_then(|c| c.get_mut("requestBodies"))
        .and_then(Value::as_object_mut);
    if let Some(bodies) = bodies {
        let components_at = root.key("components");
        let bodies_at = components_at.key("requestBodies");
        for (name, body) in bodies.iter_mut() {
            settle_body(body, &bodies_at.key(name), None, diags);
        }
    }
}

fn settle_body(body: &mut Value, at: &At<'_>, operation: Option<&str>, diags: &mut Diagnostics) {
    let Some(content) = body.get_mut("content").and_then(Value::as_object_mut) else {
        return;
    };
    let content_at = at.key("content");
    for (media_type, media) in content.iter_mut() {
        let media_at = content_at.key(media_type);
        let encodings = media.get_mut("encoding").and_then(Value::as_object_mut);
        let Some(encodings) = encodings else {
            continue;
        };
        let encodings_at = media_at.key("encoding");
        for (property, entry) in encodings.iter_mut() {
            if let Some(entry) = entry.as_object_mut() {
                settle_entry(
                    entry,
                    &encodings_at.key(property),
                    property,
                    operation,
                    diags,
                );
            }
        }
    }
}

fn settle_entry(
    entry: &mut Map<String, Value>,
    at: &At<'_>,
    property: &str,
    operation: Option<&str>,
    diags: &mut Diagnostics,
) {
    if let Some(Value::String(style)) = entry.get("style") {
        if !STYLES.contains(&style.as_str()) {
            let warning = diags
                .warning(
                    at.key("style").pointer(),
                    format!(
                        "the body field `{property}` has the style `{style}`, which a form body \
                         has not: it is written in the default style, `form`"
                    ),
                )
                .help("use `form`, `spaceDelimited`, `pipeDelimited` or `deepObject`");
            if let Some(operation) = operation {
                warning.operation(operation.to_owned());
            }
            entry.remove("style");
        }
    }
    if !entry.contains_key("explode") {
        let form = match entry.get("style") {
            None => true,
            Some(style) => style == "form",
        };
        entry.insert("explode".to_owned(), Value::Bool(form));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn explode_defaults_and_unknown_styles() {
        let mut document = json!({"paths": {"/a": {"post": {"operationId": "make", "requestBody": {"content": {
        "application/x-www-form-urlencoded": {"encoding": {
            "plain": {},
            "deep": {"style": "deepObject"},
            "joined": {"style": "form", "explode": false},
            "odd": {"style": "matrix"},
        }}}}}}}});
        let mut diags = Diagnostics::default();
        settle_encodings(&mut document, &mut diags);
        let encoding = &document["paths"]["/a"]["post"]["requestBody"]["content"]
            ["application/x-www-form-urlencoded"]["encoding"];
        assert_eq!(encoding["plain"], json!({"explode": true}));
        assert_eq!(
            encoding["deep"],
            json!({"style": "deepObject", "explode": false})
        );
        assert_eq!(
            encoding["joined"],
            json!({"style": "form", "explode": false})
        );
        assert_eq!(encoding["odd"], json!({"explode": true}));
        let warnings: Vec<_> = diags.warnings().collect();
        assert_eq!(warnings.len(), 1);
        let text = format!("{:?}", warnings[0]);
        assert!(text.contains("/paths/~1a/post/requestBody/content/application~1x-www-form-urlencoded/encoding/odd/style"), "{text}");
        assert!(text.contains("make") && text.contains("`matrix`"), "{text}");
    }
}
