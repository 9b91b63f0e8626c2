//! Loading: bytes on disk to a checked `openapiv3::OpenAPI`.
//!
//! The text is parsed as JSON or YAML (by extension, else by content) into a JSON value
//! first, so that the OpenAPI version can be checked before the typed parse, so that
//! what the 3.0 model cannot hold can be rewritten first (an OpenAPI 3.1 document,
//! `$ref` callbacks: see the submodules), and so that typed-parse failures can be
//! reported with a JSON pointer.

mod at;
mod callbacks;
pub(crate) mod encodings;
mod openapi31;
mod schema31;

use crate::diagnostics::{escape_pointer_segment, Diagnostics};
use std::path::Path;

/// A parsed spec with the raw JSON it came from (used to resolve pointers in messages).
pub struct LoadedSpec {
    pub openapi: openapiv3::OpenAPI,
}

/// Reads and parses the spec at `path`; every problem goes into `diags`.
pub fn load_file(path: &Path, diags: &mut Diagnostics) -> Option<LoadedSpec> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => {
            diags
                .error("#", format!("cannot read {}: {err}", path.display()))
                .help("pass an existing OpenAPI file with --spec");
            return None;
        }
    };
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    load_bytes(&bytes, extension, diags)
}

/// Parses spec text; `extension` (`json`, `yaml`, `yml`, or anything else) picks the
/// parser, and without one the first non-blank character decides.
pub fn load_bytes(bytes: &[u8], extension: &str, diags: &mut Diagnostics) -> Option<LoadedSpec> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        diags
            .error("#", "the spec is not UTF-8 text")
            .help("save the file as UTF-8 JSON or YAML");
        return None;
    };
    let is_json = match extension.to_ascii_lowercase().as_str() {
        "json" => true,
        "yaml" | "yml" => false,
        _ => text.trim_start().starts_with('{'),
    };
    let mut value = if is_json {
        parse_json(text, diags)?
    } else {
        parse_yaml(text, diags)?
    };
    let version = check_version(&value, diags)?;
    // 3.1 first: the path items it copies in may hold `$ref` callbacks too.
    if version == Version::V3_1 {
        openapi31::downgrade(&mut value, diags);
    }
    callbacks::drop_referenced_callbacks(&mut value, diags);
    encodings::settle_encodings(&mut value);
    crate::validate::validate(&value, diags);
    if diags.has_errors() {
        return None;
    }
    // Parse fast first; only a failure is parsed again, tracking the path for the message.
    if let Ok(openapi) = <openapiv3::OpenAPI as serde::Deserialize>::deserialize(&value) {
        return Some(LoadedSpec { openapi });
    }
    match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&value) {
        Ok(openapi) => Some(LoadedSpec { openapi }),
        Err(err) => {
            // The path stops where serde buffers (untagged, flattened); narrowed from there.
            let message = err.inner().to_string();
            let pointer = crate::narrow::narrow(&value, &pointer_from_path(err.path()), &message);
            diags
                .error(pointer, format!("not a valid OpenAPI {} document: {}", version.name(), err.inner()))
                .help(format!("fix the value at this location so that it matches the OpenAPI {} specification", version.name()));
            None
        }
    }
}

fn parse_json(text: &str, diags: &mut Diagnostics) -> Option<serde_json::Value> {
    match serde_json::from_str(text) {
        Ok(value) => Some(value),
        Err(err) => {
            diags
                .error(
                    "#",
                    format!(
                        "not valid JSON at line {}, column {}: {err}",
                        err.line(),
                        err.column()
                    ),
                )
                .help("fix the syntax error, or give the file a .yaml extension if it is YAML");
            None
        }
    }
}

fn parse_yaml(text: &str, diags: &mut Diagnostics) -> Option<serde_json::Value> {
    match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Ok(value) => yaml_to_json(value, "#", diags),
        Err(err) => {
            let location = err
                .location()
                .map(|l| format!(" at line {}, column {}", l.line(), l.column()))
                .unwrap_or_default();
            diags
                .error("#", format!("not valid YAML or JSON{location}: {err}"))
                .help("fix the syntax error; the spec must be an OpenAPI 3.0 document in YAML or JSON");
            None
        }
    }
}

/// Converts YAML to JSON, turning scalar keys (such as `200:`) into strings.
fn yaml_to_json(
    value: serde_yaml::Value,
    pointer: &str,
    diags: &mut Diagnostics,
) -> Option<serde_json::Value> {
    use serde_yaml::Value as Y;
    Some(match value {
        Y::Null => serde_json::Value::Null,
        Y::Bool(b) => serde_json::Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into()
            } else if let Some(u) = n.as_u64() {
                u.into()
            } else {
                // NaN and infinities have no JSON form.
                match n.as_f64().and_then(serde_json::Number::from_f64) {
                    Some(number) => serde_json::Value::Number(number),
                    None => {
                        diags.error(
                            pointer,
                            format!("the number `{n}` cannot be represented in JSON"),
                        );
                        return None;
                    }
                }
            }
        }
        Y::String(s) => serde_json::Value::String(s),
        Y::Sequence(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                out.push(yaml_to_json(item, &format!("{pointer}/{i}"), diags)?);
            }
            serde_json::Value::Array(out)
        }
        Y::Mapping(map) => {
            let mut out = serde_json::Map::with_capacity(map.len());
            for (key, item) in map {
                let key = match key {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    other => {
                        diags.error(
                            pointer,
                            format!("a mapping key must be a string, found {other:?}"),
                        );
                        return None;
                    }
                };
                let child = format!("{pointer}/{}", escape_pointer_segment(&key));
                out.insert(key, yaml_to_json(item, &child, diags)?);
            }
            serde_json::Value::Object(out)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value, pointer, diags)?,
    })
}

/// The OpenAPI versions read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    V3_0,
    /// Mapped onto 3.0 before the typed parse.
    V3_1,
}

impl Version {
    fn name(self) -> &'static str {
        match self {
            Version::V3_0 => "3.0",
            Version::V3_1 => "3.1",
        }
    }
}

/// Refuses documents that are not OpenAPI 3.0 or 3.1, naming the version found.
fn check_version(value: &serde_json::Value, diags: &mut Diagnostics) -> Option<Version> {
    let Some(object) = value.as_object() else {
        diags
            .error("#", "the spec is not an object")
            .help("an OpenAPI document is a JSON or YAML object with an `openapi` field");
        return None;
    };
    if let Some(swagger) = object.get("swagger") {
        diags
            .error(
                "#/swagger",
                format!(
                    "this is a Swagger {} document; only OpenAPI 3.0 and 3.1 are supported",
                    display_scalar(swagger)
                ),
            )
            .help("convert it to OpenAPI 3.0 first (for example with swagger2openapi)");
        return None;
    }
    match object.get("openapi") {
        Some(serde_json::Value::String(version)) if version.starts_with("3.0") => {
            Some(Version::V3_0)
        }
        Some(serde_json::Value::String(version)) if version.starts_with("3.1") => {
            Some(Version::V3_1)
        }
        Some(version) => {
            diags
                .error(
                    "#/openapi",
                    format!(
                        "OpenAPI {} is not supported; only OpenAPI 3.0.x and 3.1.x are",
                        display_scalar(version)
                    ),
                )
                .help("describe the API as OpenAPI 3.0.x or 3.1.x");
            None
        }
        None => {
            diags
                .error("#", "the document has no `openapi` version field")
                .help("add `openapi: 3.0.3` at the top level");
            None
        }
    }
}

fn display_scalar(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn pointer_from_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::from("#");
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Map { key } => pointer.push_str(&format!("/{}", escape_pointer_segment(key))),
            Segment::Enum { variant } => {
                pointer.push_str(&format!("/{}", escape_pointer_segment(variant)))
            }
            Segment::Unknown => {}
        }
    }
    pointer
}
