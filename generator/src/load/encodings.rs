//! Request bodies' `encoding` entries, settled before the typed parse:
//! openapiv3 reads an absent `explode` as false and refuses the whole
//! document over a style it does not know. OpenAPI's default is written in
//! (`explode` is true for `form`, the default style, false for the others),
//! and a style a form cannot have (`matrix`, a typo) is moved to the
//! extension [`UNKNOWN_STYLE`], where lowering finds it and warns: the field
//! is then written as `form`, the default.

use serde_json::{Map, Value};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Where an entry's unknown `style` is kept (an extension, which openapiv3 keeps).
pub(crate) const UNKNOWN_STYLE: &str = "x-codegen-unknown-style";

const STYLES: [&str; 4] = ["form", "spaceDelimited", "pipeDelimited", "deepObject"];

/// Settles every encoding entry of the operations' and the components' request bodies.
pub(super) fn settle_encodings(document: &mut Value) {
    if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut().filter_map(Value::as_object_mut) {
            for method in METHODS {
                let body = item.get_mut(method).and_then(|o| o.get_mut("requestBody"));
                if let Some(body) = body {
                    settle_body(body);
                }
            }
        }
    }
    let bodies = document
        .get_mut("components")
        .and_then(|c| c.get_mut("requestBodies"))
        .and_then(Value::as_object_mut);
    for body in bodies.into_iter().flat_map(|b| b.values_mut()) {
        settle_body(body);
    }
}

fn settle_body(body: &mut Value) {
    let Some(content) = body.get_mut("content").and_then(Value::as_object_mut) else {
        return;
    };
    for media in content.values_mut() {
        let encodings = media.get_mut("encoding").and_then(Value::as_object_mut);
        for entry in encodings.into_iter().flat_map(|e| e.values_mut()) {
            if let Some(entry) = entry.as_object_mut() {
                settle_entry(entry);
            }
        }
    }
}

fn settle_entry(entry: &mut Map<String, Value>) {
    if let Some(Value::String(style)) = entry.get("style") {
        if !STYLES.contains(&style.as_str()) {
            // Kept aside for lowering, which warns naming the operation.
            let style = Value::String(style.clone());
            entry.remove("style");
            entry.insert(UNKNOWN_STYLE.to_owned(), style);
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
        settle_encodings(&mut document);
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
        assert_eq!(
            encoding["odd"],
            json!({UNKNOWN_STYLE: "matrix", "explode": true})
        );
    }
}
