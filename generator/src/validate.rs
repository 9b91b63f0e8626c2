//! Validation of the raw document before it is modelled: every `$ref` anywhere in the
//! spec must be a local JSON pointer to something that exists, whether or not the
//! generator would ever reach it; enums that allow no value are flagged.

use crate::diagnostics::{escape_pointer_segment, Diagnostics};
use crate::fragment::{local_segments, FragmentError};

/// Checks every `$ref` in `document`; problems go into `diags`.
pub fn validate(document: &serde_json::Value, diags: &mut Diagnostics) {
    let mut stack: Vec<(String, &serde_json::Value)> = vec![("#".to_owned(), document)];
    while let Some((pointer, value)) = stack.pop() {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::String(reference)) = map.get("$ref") {
                    check_ref(document, reference, &pointer, diags);
                }
                if let Some(serde_json::Value::Array(values)) = map.get("enum") {
                    if values.iter().all(serde_json::Value::is_null) {
                        diags
                            .warning(format!("{pointer}/enum"), "this enum allows no value; the field is generated as its plain type")
                            .help("list the allowed values, or remove `enum`");
                    }
                }
                // Pushed in reverse so problems are reported in document order.
                for (key, child) in map.iter().rev() {
                    if key != "$ref" {
                        stack.push((format!("{pointer}/{}", escape_pointer_segment(key)), child));
                    }
                }
            }
            serde_json::Value::Array(items) => {
                for (i, child) in items.iter().enumerate().rev() {
                    stack.push((format!("{pointer}/{i}"), child));
                }
            }
            _ => {}
        }
    }
}

fn check_ref(
    document: &serde_json::Value,
    reference: &str,
    pointer: &str,
    diags: &mut Diagnostics,
) {
    let segments = match local_segments(reference) {
        Ok(segments) => segments,
        Err(FragmentError::External) => {
            diags
                .error(
                    pointer,
                    format!("$ref `{reference}` points outside this document"),
                )
                .help("external references are not supported; copy the schema under #/components");
            return;
        }
        Err(FragmentError::NotPointer) => {
            diags
                .error(pointer, format!("$ref `{reference}` is not a JSON pointer"))
                .help("write a local reference as `#/components/schemas/Name`, percent-encoding what a URI fragment cannot hold");
            return;
        }
    };
    // Re-escaped, as serde_json reads pointers in their RFC 6901 form.
    let target: String = segments
        .iter()
        .map(|s| format!("/{}", escape_pointer_segment(s)))
        .collect();
    if document.pointer(&target).is_none() {
        diags
            .error(pointer, format!("$ref `{reference}` points nowhere"))
            .help("add the referenced component or fix the reference");
    }
}
