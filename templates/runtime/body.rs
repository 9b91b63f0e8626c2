//! Request bodies other than a JSON parameter struct or a form (see `form`):
//! the struct as `multipart/form-data` parts (binary fields as file parts),
//! and a body passed whole (JSON of a union or list, or bytes and text sent as
//! they are).
//!
//! A multipart body is kept as parts and turned into reqwest's form at each
//! attempt, so that the request stays cloneable; its fields are written as
//! OpenAPI's defaults say: scalars as text, objects and lists of objects as
//! JSON, a list of scalars as one part per item, each with the `Content-Type`
//! and fixed headers its `encoding` entry declares. Fields go in the order of
//! their names (files last).

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;
use serde_json::Value;

use crate::form::{encoding_of, FieldEncoding};
use crate::request::{Problem, Request};
use crate::transport::Operation;

/// A file sent as a part of a multipart body: its bytes, and the file name
/// and media type the part declares (by default the field's name and the
/// type the document gives the field, else `application/octet-stream`).
///
/// Bytes convert into it, so `Vec<u8>` and `&[u8]` arguments work as they are:
///
/// ```
/// # use api::FilePart;
/// let photo = FilePart::from(vec![0x89, b'P', b'N', b'G'])
///     .file_name("photo.png")
///     .content_type("image/png");
/// # let _ = photo;
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct FilePart {
    bytes: Vec<u8>,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// The file name the part declares (a server may keep it).
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The part's media type, instead of the one the document declares.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file's bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

// The bytes may be large or private: only their length is shown.
impl std::fmt::Debug for FilePart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilePart")
            .field("bytes", &self.bytes.len())
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl From<Vec<u8>> for FilePart {
    fn from(bytes: Vec<u8>) -> Self {
        FilePart {
            bytes,
            ..FilePart::default()
        }
    }
}

impl From<&[u8]> for FilePart {
    fn from(bytes: &[u8]) -> Self {
        FilePart::from(bytes.to_vec())
    }
}

impl<const N: usize> From<&[u8; N]> for FilePart {
    fn from(bytes: &[u8; N]) -> Self {
        FilePart::from(bytes.to_vec())
    }
}

impl From<FilePart> for Vec<u8> {
    fn from(file: FilePart) -> Self {
        file.bytes
    }
}

/// One part of a multipart body.
#[derive(Debug, Clone)]
pub(crate) struct Part {
    name: String,
    value: PartValue,
    /// The media type sent; `None` for text.
    content_type: Option<String>,
    file_name: Option<String>,
    headers: &'static [(&'static str, &'static str)],
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
        let base = || {
            let part = match &self.value {
                PartValue::Text(text) | PartValue::Json(text) => {
                    reqwest::multipart::Part::text(text.clone())
                }
                PartValue::File(bytes) => reqwest::multipart::Part::bytes(bytes.clone()),
            };
            match &self.file_name {
                Some(file_name) => part.file_name(file_name.clone()),
                None => part,
            }
        };
        let mut part = match &self.content_type {
            // Checked when the part was added (a media type reqwest cannot
            // parse is refused there), so the part always keeps its type.
            Some(content_type) => base().mime_str(content_type).unwrap_or_else(|_| base()),
            None => base(),
        };
        let mut headers = HeaderMap::new();
        for (name, value) in self.headers {
            // Checked by the generator: header names and values it can send.
            if let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) {
                headers.append(name, value);
            }
        }
        if !headers.is_empty() {
            part = part.headers(headers);
        }
        (self.name.clone(), part)
    }
}

/// Whether reqwest can send `text` as a part's media type.
fn is_media_type(text: &str) -> bool {
    reqwest::multipart::Part::text("").mime_str(text).is_ok()
}

impl Request {
    /// Writes the parameter struct's fields as multipart parts (files are
    /// added by [`file_part`](Self::file_part)).
    pub(crate) fn multipart_body<T: Serialize + ?Sized>(
        &mut self,
        params: &T,
        encodings: &'static [FieldEncoding],
    ) {
        let Some(fields) = self.object_fields(params) else {
            return;
        };
        for (name, value) in fields {
            let encoding = encoding_of(encodings, &name);
            let declared = encoding.and_then(|e| e.content_type);
            match value {
                Value::Null => {}
                Value::Array(items) if items.iter().all(is_scalar) => {
                    for item in &items {
                        if let Ok(text) = scalar_text(item) {
                            self.push_part(&name, PartValue::Text(text), declared, encoding);
                        }
                    }
                }
                Value::Array(_) | Value::Object(_) => {
                    let json = value.to_string();
                    let content_type = declared.unwrap_or("application/json");
                    self.push_part(&name, PartValue::Json(json), Some(content_type), encoding);
                }
                scalar => {
                    if let Ok(text) = scalar_text(&scalar) {
                        self.push_part(&name, PartValue::Text(text), declared, encoding);
                    }
                }
            }
        }
        self.multipart.get_or_insert_with(Vec::new);
    }

    /// Adds a file part: its file name is the caller's, else the field's
    /// name; its media type the caller's, else the declared one, else
    /// `application/octet-stream`.
    pub(crate) fn file_part(&mut self, op: &'static Operation, name: &str, file: &FilePart) {
        let encodings = match op.params {
            crate::request::Params::Multipart(encodings) => encodings,
            _ => &[],
        };
        let encoding = encoding_of(encodings, name);
        let content_type = match &file.content_type {
            Some(given) if !is_media_type(given) => {
                return self.refuse_field(
                    name,
                    format!("has the media type `{given}`, which is not one"),
                );
            }
            Some(given) => given.as_str(),
            None => encoding
                .and_then(|e| e.content_type)
                .unwrap_or("application/octet-stream"),
        };
        let file_name = file.file_name.clone().unwrap_or_else(|| name.to_owned());
        // A line break would end the part's header: no file name can add one.
        if file_name.chars().any(char::is_control) {
            return self.refuse_field(name, "has a file name with a control character".to_owned());
        }
        self.push_part(
            name,
            PartValue::File(file.bytes.clone()),
            Some(content_type),
            encoding,
        );
        if let Some(part) = self.multipart.as_mut().and_then(|parts| parts.last_mut()) {
            part.file_name = Some(file_name);
        }
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

    fn push_part(
        &mut self,
        name: &str,
        value: PartValue,
        content_type: Option<&str>,
        encoding: Option<&'static FieldEncoding>,
    ) {
        self.multipart.get_or_insert_with(Vec::new).push(Part {
            name: name.to_owned(),
            value,
            content_type: content_type.map(str::to_owned),
            file_name: None,
            headers: encoding.map_or(&[], |e| e.headers),
        });
    }

    pub(crate) fn refuse_field(&mut self, name: &str, problem: String) {
        self.problem.get_or_insert(Problem::Invalid(format!(
            "the body field `{name}` {problem}"
        )));
    }

    /// The struct's top-level fields, in order, after the same checks as any
    /// other parameter (finite numbers, secrets noted).
    pub(crate) fn object_fields<T: Serialize + ?Sized>(
        &mut self,
        params: &T,
    ) -> Option<Vec<(String, Value)>> {
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
    use crate::request::{Params, QueryStyle};
    use serde_json::json;

    static OP: Operation = Operation {
        name: "test",
        method: reqwest::Method::POST,
        path: "/test",
        params: Params::Multipart(&[
            FieldEncoding {
                name: "meta",
                style: QueryStyle::Form { explode: true },
                content_type: Some("application/vnd.meta+json"),
                headers: &[("x-part", "1")],
            },
            FieldEncoding {
                name: "photo",
                style: QueryStyle::Form { explode: true },
                content_type: Some("image/png"),
                headers: &[],
            },
        ]),
        content_type: Some("multipart/form-data"),
        accept: None,
        retry_safe: false,
        errors: &[],
        security: None,
    };

    fn described(parts: &[Part]) -> Vec<String> {
        parts
            .iter()
            .map(|p| {
                let value = match &p.value {
                    PartValue::Text(t) => format!("text:{t}"),
                    PartValue::Json(j) => format!("json:{j}"),
                    PartValue::File(b) => format!("file:{}", b.len()),
                };
                format!(
                    "{}={value} type={:?} file={:?} headers={:?}",
                    p.name, p.content_type, p.file_name, p.headers
                )
            })
            .collect()
    }

    #[test]
    fn multipart_fields_are_text_json_or_one_part_per_item() {
        let mut request = Request::new(&OP);
        request.multipart_body(
            &json!({"name": "n", "tags": ["a", "b"], "meta": {"k": 1}, "obj": {"k": 2}}),
            &[],
        );
        request.file_part(&OP, "file", &FilePart::from(b"\x00\x01"));
        assert_eq!(
            described(&request.multipart.unwrap()),
            [
                "meta=json:{\"k\":1} type=Some(\"application/json\") file=None headers=[]",
                "name=text:n type=None file=None headers=[]",
                "obj=json:{\"k\":2} type=Some(\"application/json\") file=None headers=[]",
                "tags=text:a type=None file=None headers=[]",
                "tags=text:b type=None file=None headers=[]",
                "file=file:2 type=Some(\"application/octet-stream\") file=Some(\"file\") headers=[]",
            ]
        );
    }

    #[test]
    fn declared_content_types_and_headers_and_given_file_names() {
        let fields = match OP.params {
            Params::Multipart(fields) => fields,
            _ => unreachable!(),
        };
        let mut request = Request::new(&OP);
        request.multipart_body(&json!({"meta": {"k": 1}}), fields);
        request.file_part(&OP, "photo", &FilePart::from(vec![1, 2, 3]));
        let given = FilePart::from(&[1u8][..])
            .file_name("a.gif")
            .content_type("image/gif");
        request.file_part(&OP, "photo", &given);
        assert!(request.problem.is_none());
        assert_eq!(
            described(&request.multipart.unwrap()),
            [
                "meta=json:{\"k\":1} type=Some(\"application/vnd.meta+json\") file=None headers=[(\"x-part\", \"1\")]",
                "photo=file:3 type=Some(\"image/png\") file=Some(\"photo\") headers=[]",
                "photo=file:1 type=Some(\"image/gif\") file=Some(\"a.gif\") headers=[]",
            ]
        );
    }

    #[test]
    fn a_file_name_or_type_that_could_add_a_header_is_refused() {
        let mut request = Request::new(&OP);
        request.file_part(
            &OP,
            "photo",
            &FilePart::from(vec![1]).file_name("a\r\nx-evil: 1"),
        );
        assert!(
            matches!(&request.problem, Some(Problem::Invalid(m)) if m.contains("`photo`") && m.contains("control"))
        );
        let mut request = Request::new(&OP);
        request.file_part(
            &OP,
            "photo",
            &FilePart::from(vec![1]).content_type("image/png\r\nx: 1"),
        );
        assert!(matches!(&request.problem, Some(Problem::Invalid(m)) if m.contains("not one")));
    }

    #[test]
    fn a_file_part_shows_only_its_length() {
        let file = FilePart::from(b"secret".to_vec()).file_name("f");
        assert_eq!(
            format!("{file:?}"),
            "FilePart { bytes: 6, file_name: Some(\"f\"), content_type: None }"
        );
        assert_eq!(Vec::<u8>::from(file), b"secret");
    }
}
