//! An `application/x-www-form-urlencoded` body: the parameter struct's fields
//! written each in its style, as the document's `encoding` entry for it says
//! (OpenAPI's default, `form` exploded, for a field without one).
//!
//! - `form`, exploded: a list as repeated keys, an object's properties as keys
//!   of their own (`a=1&a=2`, `k=v`); not exploded: `a=1,2`, `a=k,v,k2,v2`.
//! - `spaceDelimited` and `pipeDelimited`: a list's items (an object's keys and
//!   values) joined by a space or `|`.
//! - `deepObject`: nested objects and lists to any depth, with brackets and
//!   list indices (`address[line1]=x`, `items[0][price]=p`, `expand[0]=a`);
//!   null is an empty value, an empty list or object sends nothing.
//!
//! Names and values are percent-encoded as RFC 3986 says for anything but its
//! unreserved characters (letters, digits, `-`, `_`, `.`, `~`): a space is
//! `%20`, never `+`, which OpenAPI's `allowReserved: false` reads as a
//! reserved character (Prism refuses it) and which servers that do not follow
//! HTML forms read as a plus. The brackets a `deepObject` key is built with
//! are written as they are: brackets kept, list indices, JavaScript's
//! `encodeURIComponent` with `!'()*` escaped too, which is byte for byte what
//! the form-encoding vendor SDKs send (the wire tests compare one). A value the field's style
//! cannot carry (an object inside a `form` list) is refused, never written
//! another way.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;
use serde_json::Value;

use crate::request::{QueryStyle, Request};

/// How deep a `deepObject` field may nest before it is refused.
const MAX_DEPTH: usize = 32;

/// How one field of a form or multipart body is written: the document's
/// `encoding` entry for it, with OpenAPI's defaults filled in.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldEncoding {
    /// The field's wire name.
    pub name: &'static str,
    /// Its style in a form body.
    pub style: QueryStyle,
    /// A multipart part's `Content-Type`, when the document declares one.
    pub content_type: Option<&'static str>,
    /// A multipart part's fixed headers (lowercase names).
    pub headers: &'static [(&'static str, &'static str)],
}

/// The style of the field named `name`: its entry's, else `form` exploded.
pub(crate) fn encoding_of(
    fields: &'static [FieldEncoding],
    name: &str,
) -> Option<&'static FieldEncoding> {
    fields.iter().find(|field| field.name == name)
}

/// Form pairs, their names and values already escaped.
struct Pairs(Vec<String>);

impl Pairs {
    fn push(&mut self, key: &str, value: &str) {
        self.0.push(format!("{key}={}", escape(value)));
    }
}

/// What is escaped in a form's names and values: all but RFC 3986's unreserved characters.
const ESCAPED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

fn escape(text: &str) -> String {
    utf8_percent_encode(text, ESCAPED).to_string()
}

impl Request {
    /// Writes the parameter struct as form pairs, each field in its style.
    pub(crate) fn form_body<T: Serialize + ?Sized>(
        &mut self,
        params: &T,
        fields: &'static [FieldEncoding],
    ) {
        let Some(values) = self.object_fields(params) else {
            return;
        };
        let mut pairs = Pairs(Vec::new());
        for (name, value) in &values {
            let style =
                encoding_of(fields, name).map_or(QueryStyle::Form { explode: true }, |f| f.style);
            if let Err(problem) = write_field(&mut pairs, name, value, style) {
                return self.refuse_field(name, problem);
            }
        }
        self.body = Some(pairs.0.join("&").into_bytes());
    }
}

fn write_field(
    pairs: &mut Pairs,
    name: &str,
    value: &Value,
    style: QueryStyle,
) -> Result<(), String> {
    let key = escape(name);
    let separator = match style {
        QueryStyle::DeepObject => return deep(pairs, &key, value, 0),
        // An absent value: nothing is sent.
        _ if value.is_null() => return Ok(()),
        QueryStyle::Form { explode: true } => return exploded(pairs, &key, value),
        QueryStyle::Form { explode: false } => ",",
        QueryStyle::SpaceDelimited => " ",
        QueryStyle::PipeDelimited => "|",
    };
    let texts = match value {
        Value::Array(items) => items
            .iter()
            .map(|v| scalar(v, style))
            .collect::<Result<_, _>>()?,
        Value::Object(map) => {
            let mut texts = Vec::with_capacity(map.len() * 2);
            for (k, v) in sorted(map) {
                texts.push(k.clone());
                texts.push(scalar(v, style)?);
            }
            texts
        }
        scalar_value => vec![scalar(scalar_value, style)?],
    };
    pairs.push(&key, &texts.join(separator));
    Ok(())
}

/// `form`, exploded: a list as repeated keys, an object's properties as keys.
fn exploded(pairs: &mut Pairs, key: &str, value: &Value) -> Result<(), String> {
    let style = QueryStyle::Form { explode: true };
    match value {
        Value::Array(items) => {
            for item in items {
                pairs.push(key, &scalar(item, style)?);
            }
        }
        Value::Object(map) => {
            for (k, v) in sorted(map) {
                pairs.push(&escape(k), &scalar(v, style)?);
            }
        }
        scalar_value => pairs.push(key, &scalar(scalar_value, style)?),
    }
    Ok(())
}

/// `deepObject`: `key[name]` for an object's properties, `key[0]` for a
/// list's items, to any depth.
fn deep(pairs: &mut Pairs, key: &str, value: &Value, depth: usize) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err("nests too deep".to_owned());
    }
    match value {
        Value::Object(map) => {
            for (k, v) in sorted(map) {
                deep(pairs, &format!("{key}[{}]", escape(k)), v, depth + 1)?;
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                deep(pairs, &format!("{key}[{i}]"), item, depth + 1)?;
            }
        }
        scalar_value => pairs.push(key, &scalar(scalar_value, QueryStyle::DeepObject)?),
    }
    Ok(())
}

/// An object's properties by name: the same bytes whether or not another
/// crate turns on serde_json's `preserve_order`.
fn sorted(map: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut entries: Vec<_> = map.iter().collect();
    entries.sort_by_key(|(a, _)| *a);
    entries
}

fn scalar(value: &Value, style: QueryStyle) -> Result<String, String> {
    match value {
        Value::Null => Ok(String::new()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Number(n) => Ok(n.to_string()),
        Value::String(s) => Ok(s.clone()),
        Value::Array(_) | Value::Object(_) => Err(format!(
            "holds a nested list or object, which its `{}` style cannot carry",
            style_name(style)
        )),
    }
}

fn style_name(style: QueryStyle) -> &'static str {
    match style {
        QueryStyle::Form { .. } => "form",
        QueryStyle::SpaceDelimited => "spaceDelimited",
        QueryStyle::PipeDelimited => "pipeDelimited",
        QueryStyle::DeepObject => "deepObject",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::{Params, Problem};
    use crate::transport::Operation;
    use serde_json::json;

    fn form(value: Value, fields: &'static [FieldEncoding]) -> Result<String, String> {
        static OP: Operation = Operation {
            name: "test",
            method: reqwest::Method::POST,
            path: "/test",
            params: Params::Form(&[]),
            content_type: Some("application/x-www-form-urlencoded"),
            accept: None,
            retry_safe: false,
            errors: &[],
            security: None,
        };
        let mut request = Request::new(&OP);
        request.form_body(&value, fields);
        match request.problem {
            None => Ok(String::from_utf8(request.body.unwrap()).unwrap()),
            Some(Problem::Invalid(message)) => Err(message),
            Some(other) => Err(format!("{other:?}")),
        }
    }

    const fn field(name: &'static str, style: QueryStyle) -> FieldEncoding {
        FieldEncoding {
            name,
            style,
            content_type: None,
            headers: &[],
        }
    }

    #[test]
    fn form_exploded_repeats_list_keys_and_spreads_objects() {
        let body = form(
            json!({"a": "x y", "n": [1, 2], "o": {"k": true}, "z": null}),
            &[],
        );
        assert_eq!(body.unwrap(), "a=x%20y&n=1&n=2&k=true");
    }

    #[test]
    fn form_exploded_refuses_nested_values() {
        let body = form(json!({"a": [[1]]}), &[]);
        assert!(body
            .unwrap_err()
            .contains("`a` holds a nested list or object, which its `form` style"));
        let body = form(json!({"a": {"b": {"c": 1}}}), &[]);
        assert!(body.unwrap_err().contains("`a`"));
    }

    #[test]
    fn form_not_exploded_joins_with_commas() {
        static FIELDS: [FieldEncoding; 2] = [
            field("n", QueryStyle::Form { explode: false }),
            field("o", QueryStyle::Form { explode: false }),
        ];
        let body = form(
            json!({"n": [1, "a b"], "o": {"k2": "v,2", "k": 1}, "s": "x"}),
            &FIELDS,
        );
        // The commas that join are kept apart from a value's own (`%2C`).
        assert_eq!(body.unwrap(), "n=1%2Ca%20b&o=k%2C1%2Ck2%2Cv%2C2&s=x");
    }

    #[test]
    fn space_and_pipe_delimited_lists() {
        static FIELDS: [FieldEncoding; 3] = [
            field("p", QueryStyle::PipeDelimited),
            field("s", QueryStyle::SpaceDelimited),
            field("o", QueryStyle::PipeDelimited),
        ];
        let body = form(
            json!({"s": ["a", "b"], "p": [1, 2], "o": {"k": "v"}}),
            &FIELDS,
        );
        assert_eq!(body.unwrap(), "o=k%7Cv&p=1%7C2&s=a%20b");
        let body = form(json!({"s": [{"a": 1}]}), &FIELDS);
        assert!(body.unwrap_err().contains("`spaceDelimited` style"));
    }

    #[test]
    fn deep_object_nests_objects_and_lists_with_indices() {
        static FIELDS: [FieldEncoding; 4] = [
            field("address", QueryStyle::DeepObject),
            field("items", QueryStyle::DeepObject),
            field("expand", QueryStyle::DeepObject),
            field("metadata", QueryStyle::DeepObject),
        ];
        let body = form(
            json!({
                "address": {"line1": "1 Main St", "city": "Paris"},
                "items": [{"price": "p", "tax_rates": ["t1", "t2"]}, {"price": "q"}],
                "expand": ["a", "b"],
                "metadata": {"order id": "6", "gone": null, "empty": [], "none": {}},
            }),
            &FIELDS,
        );
        assert_eq!(
            body.unwrap(),
            "address[city]=Paris&address[line1]=1%20Main%20St\
             &expand[0]=a&expand[1]=b\
             &items[0][price]=p&items[0][tax_rates][0]=t1&items[0][tax_rates][1]=t2&items[1][price]=q\
             &metadata[gone]=&metadata[order%20id]=6"
        );
    }

    #[test]
    fn deep_object_escapes_names_but_not_its_own_brackets() {
        static FIELDS: [FieldEncoding; 1] = [field("a[b", QueryStyle::DeepObject)];
        let body = form(json!({"a[b": {"c]=&": "[x]"}}), &FIELDS);
        assert_eq!(body.unwrap(), "a%5Bb[c%5D%3D%26]=%5Bx%5D");
    }

    #[test]
    fn deep_object_has_a_depth_limit() {
        static FIELDS: [FieldEncoding; 1] = [field("a", QueryStyle::DeepObject)];
        let mut value = json!(1);
        for _ in 0..40 {
            value = json!([value]);
        }
        assert!(form(json!({ "a": value }), &FIELDS)
            .unwrap_err()
            .contains("nests too deep"));
    }

    /// What a form-encoding vendor's Node SDK (`stringifyRequestData`) sent
    /// for the same values: the same bytes while names and values need no
    /// escaping; with a space, the same pairs once decoded. (Its keys follow
    /// the object's own order; these were given to it sorted, as ours go.)
    #[test]
    fn deep_object_matches_a_vendor_sdk() {
        static FIELDS: [FieldEncoding; 4] = [
            field("address", QueryStyle::DeepObject),
            field("items", QueryStyle::DeepObject),
            field("expand", QueryStyle::DeepObject),
            field("metadata", QueryStyle::DeepObject),
        ];
        let theirs = "address[line1]=x&items[0][price]=p";
        let ours = form(
            json!({"address": {"line1": "x"}, "items": [{"price": "p"}]}),
            &FIELDS,
        );
        assert_eq!(ours.unwrap(), theirs);
        let theirs = "address[city]=Paris&address[line1]=1%20Main%20St&expand[0]=a&expand[1]=b\
            &items[0][price]=price_1&items[0][quantity]=2&items[0][tax_rates][0]=txr_1\
            &items[0][tax_rates][1]=txr_2&metadata[order_id]=6735";
        let ours = form(
            json!({
                "address": {"line1": "1 Main St", "city": "Paris"},
                "items": [{"price": "price_1", "quantity": 2, "tax_rates": ["txr_1", "txr_2"]}],
                "expand": ["a", "b"],
                "metadata": {"order_id": "6735"},
            }),
            &FIELDS,
        )
        .unwrap();
        assert_eq!(ours, theirs);
    }
}
