//! Operation callbacks given as a `$ref` (`callbacks: {onEvent: {$ref: ...}}`):
//! valid OpenAPI, but openapiv3's typed model has no reference there and would
//! refuse the whole document. Callbacks are not generated, so such an entry is
//! dropped from the raw document with a warning naming its operation.

use super::at::At;
use crate::diagnostics::Diagnostics;
use serde_json::Value;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Removes every `$ref` callback of every operation under `#/paths`.
pub(super) fn drop_referenced_callbacks(document: &mut Value, diags: &mut Diagnostics) {
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    let root = At::root();
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
            let Some(callbacks) = operation
                .get_mut("callbacks")
                .and_then(Value::as_object_mut)
            else {
                continue;
            };
            let method_at = path_at.key(method);
            let callbacks_at = method_at.key("callbacks");
            callbacks.retain(|event, callback| {
                let is_ref = callback.as_object().is_some_and(|c| c.contains_key("$ref"));
                if is_ref {
                    diags
                        .warning(
                            callbacks_at.key(event).pointer(),
                            format!("callback `{event}` is a $ref and is dropped: callbacks are not generated"),
                        )
                        .operation(name.clone())
                        .help("nothing to do for the client; inline the callback if other tools need it");
                }
                !is_ref
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn referenced_callbacks_are_dropped_and_named() {
        let mut document = json!({"paths": {"/hooks": {"post": {
            "operationId": "createHook",
            "callbacks": {
                "onEvent": {"$ref": "#/components/callbacks/Event"},
                "inline": {"{$request.body#/url}": {"post": {"responses": {}}}}
            }
        }}}});
        let mut diags = Diagnostics::default();
        drop_referenced_callbacks(&mut document, &mut diags);
        let callbacks = &document["paths"]["/hooks"]["post"]["callbacks"];
        assert!(callbacks.get("onEvent").is_none());
        assert!(callbacks.get("inline").is_some());
        let warning = diags.iter().next().expect("a warning");
        assert_eq!(warning.pointer, "#/paths/~1hooks/post/callbacks/onEvent");
        assert_eq!(warning.operation.as_deref(), Some("createHook"));
        assert_eq!(diags.len(), 1);
    }
}
