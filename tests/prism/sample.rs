//! Values for a request, synthesized from the document's own schemas: an
//! enum's first value, a `const`, a default or an example that fits, a string
//! of the declared format, length and pattern (built from the pattern's
//! syntax tree and checked against it), numbers within their bounds, objects
//! with their required properties only or with all of them. What cannot be
//! met (a pattern this sampler cannot satisfy) is recorded, never guessed.

use regex_syntax::hir::{Class, Hir, HirKind};
use serde_json::{json, Map, Value};

/// A parsed document, read through `$ref`s (to anywhere in it: components,
/// `#/paths/...`).
pub struct Doc {
    pub root: Value,
}

/// How far `$ref`s are followed and objects nested before giving up.
const MAX_REFS: usize = 32;
const MAX_DEPTH: usize = 8;

impl Doc {
    /// `value` with its `$ref` chain followed; `None` for a `$ref` that leads
    /// nowhere or outside the document.
    pub fn resolve<'a>(&'a self, mut value: &'a Value) -> Option<&'a Value> {
        for _ in 0..MAX_REFS {
            let Some(target) = value.get("$ref").and_then(Value::as_str) else {
                return Some(value);
            };
            value = self.pointer(target)?;
        }
        None
    }

    /// The value a local reference (`#/components/schemas/A`) names.
    pub fn pointer(&self, reference: &str) -> Option<&Value> {
        let pointer = reference.strip_prefix('#')?;
        // References percent-encode what a URI fragment cannot hold.
        let decoded = percent_decode(pointer);
        self.root.pointer(&decoded)
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = (bytes[i] == b'%' && i + 2 < bytes.len())
            .then(|| std::str::from_utf8(&bytes[i + 1..i + 3]).ok())
            .flatten()
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Which optional parts a value gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Required properties only.
    Required,
    /// Every property a request may send (not `readOnly` ones).
    All,
}

/// Builds values; what it could not satisfy is in `problems`.
pub struct Sampler<'a> {
    pub doc: &'a Doc,
    pub mode: Mode,
    pub problems: Vec<String>,
}

impl<'a> Sampler<'a> {
    pub fn new(doc: &'a Doc, mode: Mode) -> Self {
        Sampler {
            doc,
            mode,
            problems: Vec::new(),
        }
    }

    /// `schema` with its `$ref` followed and its `allOf` merged into one.
    pub fn merged(&mut self, schema: &Value) -> Value {
        let Some(schema) = self.doc.resolve(schema) else {
            return json!({});
        };
        match schema.get("allOf").and_then(Value::as_array) {
            Some(all_of) => self.merge_all_of(schema, all_of),
            None => schema.clone(),
        }
    }

    /// A value of `schema`.
    pub fn sample(&mut self, schema: &Value) -> Value {
        self.value(schema, 0)
    }

    fn value(&mut self, schema: &Value, depth: usize) -> Value {
        let Some(schema) = self.doc.resolve(schema) else {
            self.problems
                .push(format!("unresolvable $ref {}", schema["$ref"]));
            return Value::Null;
        };
        if let Some(all_of) = schema.get("allOf").and_then(Value::as_array) {
            let merged = self.merge_all_of(schema, all_of);
            return self.value(&merged, depth);
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(first) = schema.get(key).and_then(Value::as_array).and_then(|m| {
                m.iter().find(|member| {
                    self.doc.resolve(member).and_then(|s| s.get("type")) != Some(&json!("null"))
                })
            }) {
                let mut value = self.value(first, depth);
                self.tag(schema, first, &mut value);
                return value;
            }
        }
        if let Some(value) = schema.get("const") {
            return value.clone();
        }
        if let Some(first) = schema
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|values| values.iter().find(|v| !v.is_null()))
        {
            return first.clone();
        }
        for key in ["default", "example"] {
            if let Some(given) = schema.get(key) {
                if self.fits(schema, given) {
                    return given.clone();
                }
            }
        }
        if let Some(given) = schema
            .get("examples")
            .and_then(Value::as_array)
            .and_then(|e| e.first())
        {
            if self.fits(schema, given) {
                return given.clone();
            }
        }
        match type_of(schema) {
            "object" => self.object(schema, depth),
            "array" => self.array(schema, depth),
            "integer" => integer(schema),
            "number" => number(schema),
            "boolean" => Value::Bool(true),
            "null" => Value::Null,
            _ => Value::String(self.string(schema)),
        }
    }

    /// The members of an `allOf` as one schema: their properties and
    /// required lists joined, the first type and format kept.
    fn merge_all_of(&mut self, schema: &Value, all_of: &[Value]) -> Value {
        let mut merged = Map::new();
        let mut properties = Map::new();
        let mut required: Vec<Value> = Vec::new();
        let mut parts: Vec<&Value> = vec![schema];
        parts.extend(all_of.iter().filter_map(|m| self.doc.resolve(m)));
        for part in parts {
            // A nested allOf is merged the same way.
            let part = match part.get("allOf").and_then(Value::as_array) {
                Some(inner) if !std::ptr::eq(part, schema) => self.merge_all_of(part, inner),
                _ => part.clone(),
            };
            for (key, value) in part.as_object().into_iter().flatten() {
                match key.as_str() {
                    "allOf" => {}
                    "properties" => {
                        for (name, property) in value.as_object().into_iter().flatten() {
                            properties.insert(name.clone(), property.clone());
                        }
                    }
                    "required" => required.extend(value.as_array().into_iter().flatten().cloned()),
                    _ => {
                        merged.entry(key.clone()).or_insert_with(|| value.clone());
                    }
                }
            }
        }
        if !properties.is_empty() {
            merged.insert("properties".into(), Value::Object(properties));
            merged.entry("type").or_insert(json!("object"));
        }
        if !required.is_empty() {
            merged.insert("required".into(), Value::Array(required));
        }
        Value::Object(merged)
    }

    /// A union member's discriminator property set to the value that picks it.
    fn tag(&self, union: &Value, member: &Value, value: &mut Value) {
        let Some(discriminator) = union.get("discriminator") else {
            return;
        };
        let Some(property) = discriminator.get("propertyName").and_then(Value::as_str) else {
            return;
        };
        let Some(reference) = member.get("$ref").and_then(Value::as_str) else {
            return;
        };
        let mapped =
            (discriminator.get("mapping").and_then(Value::as_object)).and_then(|mapping| {
                mapping
                    .iter()
                    .find(|(_, target)| target.as_str() == Some(reference))
                    .map(|(key, _)| key.clone())
            });
        let name =
            mapped.unwrap_or_else(|| reference.rsplit('/').next().unwrap_or_default().to_owned());
        if let Some(object) = value.as_object_mut() {
            // A property with an enum of its own already holds the right value.
            object.entry(property).or_insert(Value::String(name));
        }
    }

    fn object(&mut self, schema: &Value, depth: usize) -> Value {
        let mut object = Map::new();
        if depth > MAX_DEPTH {
            return Value::Object(object);
        }
        let required: Vec<&str> = (schema.get("required").and_then(Value::as_array))
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        for (name, property) in schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let is_required = required.contains(&name.as_str());
            let read_only = (self.doc.resolve(property))
                .and_then(|p| p.get("readOnly"))
                .and_then(Value::as_bool)
                == Some(true);
            // Past a few levels, only what is required: recursive schemas end.
            let wanted = is_required || (self.mode == Mode::All && depth < 3);
            if wanted && !read_only {
                let value = self.value(property, depth + 1);
                object.insert(name.clone(), value);
            }
        }
        Value::Object(object)
    }

    fn array(&mut self, schema: &Value, depth: usize) -> Value {
        let max = schema.get("maxItems").and_then(Value::as_u64);
        let min = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0);
        let items = schema.get("items").cloned().unwrap_or(json!({}));
        let item = self.value(&items, depth + 1);
        // Two items where allowed: a list then looks like one on the wire
        // (a form's repeated key, a delimited query value) and not a scalar.
        let enum_values: Vec<Value> = (self.doc.resolve(&items))
            .and_then(|i| i.get("enum"))
            .and_then(Value::as_array)
            .map(|v| v.iter().filter(|v| !v.is_null()).cloned().collect())
            .unwrap_or_default();
        let second = match &item {
            _ if enum_values.len() >= 2 => Some(enum_values[1].clone()),
            _ if !enum_values.is_empty() => None,
            // A string with a format or pattern stays as built.
            Value::String(_) if !self.plain_string(&items) => None,
            Value::String(s) => Some(Value::String(format!("{s}2"))),
            Value::Number(n)
                if n.is_i64()
                    && self
                        .doc
                        .resolve(&items)
                        .is_some_and(|i| i.get("maximum").is_none()) =>
            {
                Some(json!(n.as_i64().unwrap_or(0) + 1))
            }
            _ => None,
        };
        let unique = schema.get("uniqueItems").and_then(Value::as_bool) == Some(true);
        let mut values = vec![item.clone()];
        match second {
            Some(second) => values.push(second),
            None if !unique => values.push(item),
            None => {}
        }
        let count = (values.len() as u64)
            .max(min)
            .min(max.unwrap_or(u64::MAX))
            .min(8) as usize;
        while values.len() < count {
            values.push(values[values.len() - 1].clone());
        }
        values.truncate(count);
        Value::Array(values)
    }

    /// A string schema with no format, pattern or length bound.
    fn plain_string(&self, schema: &Value) -> bool {
        let Some(schema) = self.doc.resolve(schema) else {
            return false;
        };
        ["format", "pattern", "maxLength", "enum", "const"]
            .iter()
            .all(|k| schema.get(*k).is_none())
    }

    fn string(&mut self, schema: &Value) -> String {
        let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
        let by_format = match format {
            "date-time" => Some("2024-03-01T10:40:00Z"),
            "date" => Some("2024-03-01"),
            "time" => Some("10:40:00Z"),
            "uuid" => Some("3fa85f64-5717-4562-b3fc-2c963f66afa6"),
            "email" => Some("user@example.com"),
            "uri" | "url" | "uri-reference" | "iri" => Some("https://example.com/a"),
            "hostname" => Some("example.com"),
            "ipv4" => Some("192.0.2.1"),
            "ipv6" => Some("2001:db8::1"),
            "byte" => Some("aGVsbG8="),
            _ => None,
        };
        if let Some(text) = by_format {
            return text.to_owned();
        }
        let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
        let max = schema
            .get("maxLength")
            .and_then(Value::as_u64)
            .map(|m| m as usize);
        if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
            return match pattern_sample(pattern, min, max) {
                Ok(text) => text,
                Err(why) => {
                    self.problems
                        .push(format!("pattern {pattern:?} cannot be met: {why}"));
                    "sample".to_owned()
                }
            };
        }
        let mut text = "sample".to_owned();
        while text.len() < min {
            text.push('a');
        }
        if let Some(max) = max {
            text.truncate(max);
        }
        text
    }

    /// Whether a given default or example fits its schema's simple
    /// constraints: the type, a pattern, a format's shape.
    fn fits(&self, schema: &Value, given: &Value) -> bool {
        let kind = type_of(schema);
        let type_ok = match given {
            Value::String(text) => {
                kind == "string"
                    && (schema.get("pattern").and_then(Value::as_str))
                        .is_none_or(|p| regex::Regex::new(p).is_ok_and(|r| r.is_match(text)))
                    && format_fits(schema, text)
            }
            Value::Number(n) => (kind == "number") || (kind == "integer" && n.is_i64()),
            Value::Bool(_) => kind == "boolean",
            Value::Array(_) => kind == "array",
            Value::Object(_) => kind == "object",
            Value::Null => false,
        };
        type_ok
    }
}

/// A string's format, where a wrong example is easy to spot.
fn format_fits(schema: &Value, text: &str) -> bool {
    match schema.get("format").and_then(Value::as_str) {
        Some("date-time") => chrono::DateTime::parse_from_rfc3339(text).is_ok(),
        Some("date") => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok(),
        Some("uuid") => text.len() == 36 && text.chars().filter(|c| *c == '-').count() == 4,
        Some("email") => text.contains('@'),
        Some("uri") | Some("url") => text.contains(':'),
        _ => true,
    }
}

/// The schema's type: the declared one (the first that is not `null` in a
/// list), else what its keywords imply.
pub fn type_of(schema: &Value) -> &str {
    match schema.get("type") {
        Some(Value::String(t)) => t,
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null"),
        _ if schema.get("properties").is_some() => "object",
        _ if schema.get("additionalProperties").is_some() => "object",
        _ if schema.get("items").is_some() => "array",
        _ => "string",
    }
}

fn integer(schema: &Value) -> Value {
    let low = bound(schema, "minimum", "exclusiveMinimum", 1.0);
    let high = bound(schema, "maximum", "exclusiveMaximum", -1.0);
    let mut value = match (low, high) {
        (Some(low), _) => low.ceil() as i64,
        (None, Some(high)) if high < 1.0 => high.floor() as i64,
        _ => 1,
    };
    if let Some(step) = schema
        .get("multipleOf")
        .and_then(Value::as_i64)
        .filter(|s| *s > 0)
    {
        value = ((value + step - 1).div_euclid(step)) * step;
    }
    json!(value)
}

fn number(schema: &Value) -> Value {
    let low = bound(schema, "minimum", "exclusiveMinimum", 0.5);
    let high = bound(schema, "maximum", "exclusiveMaximum", -0.5);
    let value = match (low, high) {
        (Some(low), _) => low,
        (None, Some(high)) if high < 1.5 => high,
        _ => 1.5,
    };
    match schema
        .get("multipleOf")
        .and_then(Value::as_f64)
        .filter(|s| *s > 0.0)
    {
        Some(step) => json!((value / step).ceil() * step),
        None => json!(value),
    }
}

/// A bound, moved inside by `step` when exclusive (3.0's boolean form or
/// 3.1's numeric one).
fn bound(schema: &Value, inclusive: &str, exclusive: &str, step: f64) -> Option<f64> {
    match schema.get(exclusive) {
        Some(Value::Number(n)) => n.as_f64().map(|n| n + step),
        Some(Value::Bool(true)) => schema
            .get(inclusive)
            .and_then(Value::as_f64)
            .map(|n| n + step),
        _ => schema.get(inclusive).and_then(Value::as_f64),
    }
}

/// A string matching `pattern` (as the `regex` crate reads it), within the
/// length bounds; an error saying why there is none.
pub fn pattern_sample(pattern: &str, min: usize, max: Option<usize>) -> Result<String, String> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .map_err(|e| {
            format!(
                "not a pattern this sampler reads ({})",
                first_line(&e.to_string())
            )
        })?;
    let mut text = String::new();
    generate(&hir, &mut text);
    // Unanchored patterns match inside longer text: pad to the minimum.
    let regex = regex::Regex::new(pattern).map_err(|e| first_line(&e.to_string()))?;
    let anchored_end = pattern.ends_with('$');
    if text.chars().count() < min {
        // Repeat what was built (a pattern like `^[a-z]+$` stays met).
        let unit = if text.is_empty() {
            "a".to_owned()
        } else {
            text.clone()
        };
        let grown = if anchored_end {
            let mut repeated = text.clone();
            while repeated.chars().count() < min {
                repeated.push_str(&unit);
            }
            repeated
        } else {
            format!("{text}{}", "a".repeat(min - text.chars().count()))
        };
        if regex.is_match(&grown) {
            text = grown;
        }
    }
    let length = text.chars().count();
    if !regex.is_match(&text) {
        return Err(format!("built {text:?}, which it does not match"));
    }
    if length < min || max.is_some_and(|max| length > max) {
        return Err(format!(
            "built {text:?}, outside the length bounds {min}..{}",
            max.map(|m| m.to_string()).unwrap_or_default()
        ));
    }
    Ok(text)
}

fn first_line(text: &str) -> String {
    text.lines().last().unwrap_or_default().trim().to_owned()
}

/// The shortest text the syntax tree allows, one repetition at least where
/// it repeats, the first branch of each alternation, a readable character
/// of each class.
fn generate(hir: &Hir, out: &mut String) {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => out.push_str(&String::from_utf8_lossy(&literal.0)),
        HirKind::Class(class) => out.push(class_char(class)),
        HirKind::Repetition(repetition) => {
            let times = repetition
                .min
                .max(1)
                .min(repetition.max.unwrap_or(u32::MAX));
            for _ in 0..times {
                generate(&repetition.sub, out);
            }
        }
        HirKind::Capture(capture) => generate(&capture.sub, out),
        HirKind::Concat(parts) => parts.iter().for_each(|part| generate(part, out)),
        HirKind::Alternation(branches) => {
            if let Some(first) = branches.first() {
                generate(first, out);
            }
        }
    }
}

/// A letter or digit of the class if it has one, else its first character.
fn class_char(class: &Class) -> char {
    let candidates = ('a'..='z')
        .chain('A'..='Z')
        .chain('0'..='9')
        .chain(['-', '_', '.']);
    match class {
        Class::Unicode(ranges) => candidates
            .clone()
            .find(|c| ranges.iter().any(|r| r.start() <= *c && *c <= r.end()))
            .or_else(|| ranges.iter().next().map(|r| r.start()))
            .unwrap_or('a'),
        Class::Bytes(ranges) => candidates
            .clone()
            .find(|c| {
                ranges
                    .iter()
                    .any(|r| r.start() as char <= *c && *c <= r.end() as char)
            })
            .or_else(|| ranges.iter().next().map(|r| r.start() as char))
            .unwrap_or('a'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_met() {
        for pattern in [
            "^[a-z]{3}-[0-9]{2,4}$",
            r"^\d+$",
            "^(foo|bar)[A-Z]?x*$",
            r"^[^\s]+@[^\s]+$",
            "ab",
        ] {
            let text = pattern_sample(pattern, 0, None).unwrap();
            assert!(
                regex::Regex::new(pattern).unwrap().is_match(&text),
                "{pattern} {text}"
            );
        }
        assert_eq!(pattern_sample("^[a-z]+$", 5, Some(8)).unwrap(), "aaaaa");
        assert!(pattern_sample("^(?=a)", 0, None).is_err());
    }
}
