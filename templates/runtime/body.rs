//! Request bodies other than a JSON parameter struct: the struct as a form
//! (`application/x-www-form-urlencoded`) or as `multipart/form-data` parts
//! (binary fields as file parts), and a body passed whole (JSON of a union
//! or list, or bytes and text sent as they are).
//!
//! A multipart body is kept as parts and turned into reqwest's form at each
//! attempt, so that the request stays cloneable; its fields are written as
//! OpenAPI's defaults say: scalars as text, objects and lists of objects as
//! JSON, a list of scalars as one part per item. Fields go in the order of
//! their names (files last).

use serde::Serialize;
use serde_json::Value;

use crate::request::{Problem, Request};

/// One part of a multipart body.
#[derive(Debug, Clone)]
pub(crate) struct Part {
    name: String,
    value: PartValue,
}

#[derive(Debug, Clone)]
enum PartValue {
    Text(String),
    Json(String),
    File(Vec<u8>),
}

impl Part {
    /// The part as reqwest sends it.
    pub(crate) fn to_reqwest(&self) -> (String, reqwest::multipart::Part) {
        let part = match &self.value {
            PartValue::Text(text) => reqwest::multipart::Part::text(text.clone()),
            PartValue::Json(json) => reqwest::multipart::Part::text(json.clone())
                .mime_str("application/json")
                .expect("a valid media type"),
            // Servers tell a file from a field by its file name; the field's own
            // name is the only one known.
            PartValue::File(bytes) => reqwest::multipart::Part::bytes(bytes.clone())
                .file_name(self.name.clone())
                .mime_str("application/octet-stream")
                .expect("a valid media type"),
        };
        (self.name.clone(), part)
    }
}

impl Request {
    /// Writes the parameter struct as form pairs: a list as repeated keys, an
    /// object's properties as keys of their own (`form`, exploded).
    pub(crate) fn form_body<T: Serialize + ?Sized>(&mut self, params: &T) {
        let Some(fields) = self.object_fields(params) else {
            return;
        };
        let mut form = form_urlencoded::Serializer::new(String::new());
        for (name, value) in &fields {
            let written = match value {
                Value::Null => Ok(()),
                Value::Array(items) => items
                    .iter()
                    .try_for_each(|item| scalar_text(item).map(|t| pair(&mut form, name, &t))),
                Value::Object(map) => map
                    .iter()
                    .try_for_each(|(k, v)| scalar_text(v).map(|t| pair(&mut form, k, &t))),
                scalar => scalar_text(scalar).map(|t| pair(&mut form, name, &t)),
            };
            if let Err(problem) = written {
                return self.refuse_field(name, problem);
            }
        }
        self.body = Some(form.finish().into_bytes());
    }

    /// Writes the parameter struct's fields as multipart parts (files are
    /// added by [`file_part`](Self::file_part)).
    pub(crate) fn multipart_body<T: Serialize + ?Sized>(&mut self, params: &T) {
        let Some(fields) = self.object_fields(params) else {
            return;
        };
        for (name, value) in fields {
            match value {
                Value::Null => {}
                Value::Array(items) if items.iter().all(is_scalar) => {
                    for item in &items {
                        if let Ok(text) = scalar_text(item) {
                            self.push_part(&name, PartValue::Text(text));
                        }
                    }
                }
                Value::Array(_) | Value::Object(_) => {
                    let json = value.to_string();
                    self.push_part(&name, PartValue::Json(json));
                }
                scalar => {
                    if let Ok(text) = scalar_text(&scalar) {
                        self.push_part(&name, PartValue::Text(text));
                    }
                }
            }
        }
        self.multipart.get_or_insert_with(Vec::new);
    }

    /// Adds a file part.
    pub(crate) fn file_part(&mut self, name: &str, bytes: &[u8]) {
        self.push_part(name, PartValue::File(bytes.to_vec()));
    }

    /// Sends `value` as the whole JSON body.
    pub(crate) fn json_body<T: Serialize + ?Sized>(&mut self, value: &T) {
        if let Some(value) = self.checked_json("the body", value) {
            self.body = Some(value.to_string().into_bytes());
        }
    }

    /// Sends bytes or text as the whole body, as they are.
    pub(crate) fn raw_body(&mut self, body: impl AsRef<[u8]>) {
        self.body = Some(body.as_ref().to_vec());
    }

    fn push_part(&mut self, name: &str, value: PartValue) {
        self.multipart.get_or_insert_with(Vec::new).push(Part {
            name: name.to_owned(),
            value,
        });
    }

    fn refuse_field(&mut self, name: &str, problem: String) {
        self.problem.get_or_insert(Problem::Invalid(format!(
            "the body field `{name}` {problem}"
        )));
    }

    /// The struct's top-level fields, in order, after the same checks as any
    /// other parameter (finite numbers, secrets noted).
    fn object_fields<T: Serialize + ?Sized>(&mut self, params: &T) -> Option<Vec<(String, Value)>> {
        match self.checked_json("the parameters", params)? {
            Value::Object(fields) => {
                // Sorted here: a JSON object keeps its keys' order only with
                // serde_json's `preserve_order`, which another crate may turn on.
                let mut fields: Vec<(String, Value)> = fields.into_iter().collect();
                fields.sort_by(|(a, _), (b, _)| a.cmp(b));
                Some(fields)
            }
            _ => {
                self.problem.get_or_insert(Problem::Invalid(
                    "the parameters are not an object".to_owned(),
                ));
                None
            }
        }
    }
}

fn pair(form: &mut form_urlencoded::Serializer<'_, String>, name: &str, value: &str) {
    form.append_pair(name, value);
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

fn scalar_text(value: &Value) -> Result<String, String> {
    match value {
        Value::Null => Ok(String::new()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Number(n) => Ok(n.to_string()),
        Value::String(s) => Ok(s.clone()),
        Value::Array(_) | Value::Object(_) => {
            Err("holds a nested list or object, which a form cannot carry".to_owned())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::Params;
    use crate::transport::Operation;
    use serde_json::json;

    static OP: Operation = Operation {
        name: "test",
        method: reqwest::Method::POST,
        path: "/test",
        params: Params::Form,
        content_type: Some("application/x-www-form-urlencoded"),
        accept: None,
        retry_safe: false,
        errors: &[],
    };

    #[test]
    fn a_form_repeats_list_keys_and_spreads_objects() {
        let mut request = Request::new(&OP);
        request.form_body(&json!({"a": "x y", "n": [1, 2], "o": {"k": true}, "z": null}));
        assert!(request.problem.is_none());
        let body = String::from_utf8(request.body.unwrap()).unwrap();
        assert_eq!(body, "a=x+y&n=1&n=2&k=true");
    }

    #[test]
    fn a_form_refuses_nested_lists() {
        let mut request = Request::new(&OP);
        request.form_body(&json!({"a": [[1]]}));
        assert!(matches!(request.problem, Some(Problem::Invalid(m)) if m.contains("`a`")));
    }

    #[test]
    fn multipart_fields_are_text_json_or_one_part_per_item() {
        let mut request = Request::new(&OP);
        request.multipart_body(&json!({"name": "n", "tags": ["a", "b"], "meta": {"k": 1}}));
        request.file_part("file", b"\x00\x01");
        let parts: Vec<String> = request
            .multipart
            .unwrap()
            .iter()
            .map(|p| match &p.value {
                PartValue::Text(t) => format!("{}=text:{t}", p.name),
                PartValue::Json(j) => format!("{}=json:{j}", p.name),
                PartValue::File(b) => format!("{}=file:{}", p.name, b.len()),
            })
            .collect();
        assert_eq!(
            parts,
            [
                "meta=json:{\"k\":1}",
                "name=text:n",
                "tags=text:a",
                "tags=text:b",
                "file=file:2"
            ]
        );
    }
}
