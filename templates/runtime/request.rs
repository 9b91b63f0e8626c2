//! A request as it goes on the wire, filled in by a generated builder from its
//! arguments: the path with its parameters, the query string, the operation's
//! own headers and the body.
//!
//! Values are written as OpenAPI's styles say (`simple` in paths and headers;
//! `form`, `spaceDelimited`, `pipeDelimited` and `deepObject` in the query),
//! and an operation's parameter object travels either as a JSON body or, for
//! an API whose SDKs do so, in the query string: keys sorted, nested objects
//! as `a.b` keys, arrays as repeated keys, null as an empty value, empty
//! strings left out (`conventions::QUERY_SUFFIX` is appended).
//!
//! Nothing a caller passes can change the path's shape or add a header: a path
//! value is percent-encoded whole (an empty, `.` or `..` value is refused), and
//! a header value with a line break is refused.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{HeaderName, HeaderValue};
use serde::Serialize;
use serde_json::Value;

use crate::conventions::QUERY_SUFFIX;
use crate::redact::is_sensitive;
use crate::transport::Operation;

/// What a path value keeps unescaped: RFC 3986's unreserved characters.
const PATH_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// How deep a parameter object may nest before it is refused.
const MAX_DEPTH: usize = 32;

/// Where an operation's parameter struct travels.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Params {
    /// As the JSON body.
    Json,
    /// In the query string (see the module documentation).
    Query,
    /// As an `application/x-www-form-urlencoded` body, with the fields whose
    /// `encoding` is not the default.
    Form(&'static [crate::form::FieldEncoding]),
    /// The same form's pairs, in the query string (for a method whose body
    /// the API's SDKs send there).
    FormQuery(&'static [crate::form::FieldEncoding]),
    /// As a `multipart/form-data` body, with the fields whose `encoding`
    /// declares a media type or headers.
    Multipart(&'static [crate::form::FieldEncoding]),
    /// The operation has no parameter struct.
    Nothing,
}

/// How a query parameter is written (OpenAPI's `style` and `explode`).
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `form`: `a=1&a=2` exploded, `a=1,2` otherwise.
    Form { explode: bool },
    /// `spaceDelimited`: `a=1%202`.
    SpaceDelimited,
    /// `pipeDelimited`: `a=1|2`.
    PipeDelimited,
    /// `deepObject`: `a[key]=value`, lists by index (`a[0]=value`).
    DeepObject,
}

/// A request being assembled; the first problem met is kept and refused at send.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    /// The body, if the operation sends one (of the operation's content type).
    pub(crate) body: Option<Vec<u8>>,
    /// A multipart body's parts, sent instead of `body`.
    pub(crate) multipart: Option<Vec<crate::body::Part>>,
    /// Secret values this request carries, hidden from error text.
    pub(crate) secrets: Vec<String>,
    /// Whether the path or query string holds a secret: errors then leave the URL out.
    pub(crate) secret_in_url: bool,
    /// Whether a success is a stream of events, its body read after the call.
    pub(crate) stream: bool,
    pub(crate) problem: Option<Problem>,
}

/// Why a request cannot be sent.
#[derive(Debug)]
pub(crate) enum Problem {
    /// An argument the API cannot take (the message names it).
    Invalid(String),
    /// An argument serde cannot write as JSON.
    Encode(serde_json::Error),
}

impl Clone for Problem {
    fn clone(&self) -> Self {
        match self {
            Problem::Invalid(message) => Problem::Invalid(message.clone()),
            // serde_json's error is not `Clone`; an encoding error carries
            // nothing but its message, so a copy made from that is the same.
            Problem::Encode(error) => {
                Problem::Encode(<serde_json::Error as serde::ser::Error>::custom(error))
            }
        }
    }
}

impl Request {
    pub(crate) fn new(op: &'static Operation) -> Self {
        Request {
            path: op.path.to_owned(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            multipart: None,
            secrets: Vec::new(),
            secret_in_url: false,
            stream: false,
            problem: None,
        }
    }

    fn refuse(&mut self, problem: String) {
        self.problem.get_or_insert(Problem::Invalid(problem));
    }

    fn encode_error(&mut self, error: serde_json::Error) {
        self.problem.get_or_insert(Problem::Encode(error));
    }

    /// Checks a value before it is written (finite numbers) and notes the
    /// secrets its sensitive fields hold; false after refusing it.
    fn inspected<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> bool {
        match crate::inspect::inspect(value) {
            Ok(inspected) => {
                self.secrets.extend(inspected.secrets);
                true
            }
            Err(problem) => {
                self.refuse(format!("`{name}`: {problem}"));
                false
            }
        }
    }

    /// A value as JSON, once inspected.
    pub(crate) fn checked_json<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Option<Value> {
        if !self.inspected(name, value) {
            return None;
        }
        serde_json::to_value(value)
            .map_err(|error| self.encode_error(error))
            .ok()
    }

    /// Notes a value's text as secret when its parameter's name says it is.
    fn note_secret(&mut self, name: &str, text: &str) -> bool {
        let secret = is_sensitive(name) && !text.is_empty();
        if secret {
            self.secrets.push(text.to_owned());
        }
        secret
    }

    /// A value as `simple` style text, or `None` after refusing it.
    fn simple_text(&mut self, name: &str, value: &Value, explode: bool) -> Option<String> {
        match simple(value, explode) {
            Ok(text) => {
                self.note_secret(name, &text);
                Some(text)
            }
            Err(problem) => {
                self.refuse(format!("the parameter `{name}` {problem}"));
                None
            }
        }
    }

    /// Fills `{name}` of the path with `value`, percent-encoded.
    pub(crate) fn path_param<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        explode: bool,
    ) {
        let Some(value) = self.checked_json(name, value) else {
            return;
        };
        let secrets_before = self.secrets.len();
        let Some(text) = self.simple_text(name, &value, explode) else {
            return;
        };
        self.secret_in_url |= self.secrets.len() > secrets_before;
        if text.is_empty() || text == "." || text == ".." {
            return self.refuse(format!(
                "the path parameter `{name}` cannot be empty, `.` or `..`"
            ));
        }
        let encoded = utf8_percent_encode(&text, PATH_VALUE).to_string();
        self.path = self.path.replacen(&format!("{{{name}}}"), &encoded, 1);
    }

    /// Adds a header parameter; `None` (null) sends nothing.
    pub(crate) fn header_param<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        explode: bool,
    ) {
        let Some(value) = self.checked_json(name, value) else {
            return;
        };
        if value.is_null() {
            return;
        }
        let Some(text) = self.simple_text(name, &value, explode) else {
            return;
        };
        let header = HeaderName::from_bytes(name.as_bytes());
        let value = HeaderValue::from_str(&text);
        match (header, value) {
            (Ok(header), Ok(mut value)) => {
                value.set_sensitive(is_sensitive(name));
                self.headers.push((header, value));
            }
            _ => self.refuse(format!(
                "the header parameter `{name}` holds a character a header cannot carry"
            )),
        }
    }

    /// Adds a query parameter in its style; `None` (null) sends nothing.
    pub(crate) fn query_param<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        style: QueryStyle,
    ) {
        let secrets_before = self.secrets.len();
        let Some(value) = self.checked_json(name, value) else {
            return;
        };
        let mut pairs = Vec::new();
        let written = match (&value, style) {
            (Value::Null, _) => Ok(()),
            (Value::Array(items), QueryStyle::Form { explode: true }) => items
                .iter()
                .try_for_each(|item| scalar(item).map(|t| pairs.push((name.to_owned(), t)))),
            (Value::Object(map), QueryStyle::Form { explode: true }) => map
                .iter()
                .try_for_each(|(k, v)| scalar(v).map(|t| pairs.push((k.clone(), t)))),
            (Value::Object(_) | Value::Array(_), QueryStyle::DeepObject) => {
                deep_object(name, &value, &mut pairs, 0)
            }
            (Value::Array(items), QueryStyle::SpaceDelimited) => {
                joined(items, " ").map(|t| pairs.push((name.to_owned(), t)))
            }
            (Value::Array(items), QueryStyle::PipeDelimited) => {
                joined(items, "|").map(|t| pairs.push((name.to_owned(), t)))
            }
            (value, _) => simple(value, false).map(|t| pairs.push((name.to_owned(), t))),
        };
        if let Err(problem) = written {
            return self.refuse(format!("the query parameter `{name}` {problem}"));
        }
        // Sensitive properties were noted by inspection; a sensitive name
        // makes every value secret.
        for (_, text) in &pairs {
            self.note_secret(name, text);
        }
        self.secret_in_url |= self.secrets.len() > secrets_before;
        self.query.extend(pairs);
    }

    /// Adds the operation's parameter struct where the operation sends it.
    pub(crate) fn params<T: Serialize + ?Sized>(&mut self, op: &'static Operation, params: &T) {
        match op.params {
            Params::Nothing => {}
            // Straight from the struct, so that fields keep their order.
            Params::Json => {
                if self.inspected("the parameters", params) {
                    match serde_json::to_vec(params) {
                        Ok(body) => self.body = Some(body),
                        Err(error) => self.encode_error(error),
                    }
                }
            }
            Params::Form(fields) => self.form_body(params, fields),
            Params::FormQuery(fields) => {
                let secrets_before = self.secrets.len();
                self.form_body(params, fields);
                self.secret_in_url |= self.secrets.len() > secrets_before;
                if let Some(form) = self.body.take() {
                    // The form's own escaping, undone: the query string is escaped once, when sent.
                    self.query
                        .extend(form_urlencoded::parse(&form).into_owned());
                }
            }
            Params::Multipart(fields) => self.multipart_body(params, fields),
            Params::Query => {
                let secrets_before = self.secrets.len();
                let Some(value) = self.checked_json("the parameters", params) else {
                    return;
                };
                self.secret_in_url |= self.secrets.len() > secrets_before;
                let Value::Object(value) = value else {
                    return self.refuse("the parameters are not an object".to_owned());
                };
                let mut pairs = Vec::new();
                if let Err(problem) = dotted(&mut Vec::new(), &value, &mut pairs) {
                    return self.refuse(problem);
                }
                self.query.extend(pairs);
                // Sorted by key; a stable sort keeps an array's items in order.
                self.query.sort_by(|(a, _), (b, _)| a.cmp(b));
                if let (Some((key, value)), false) = (QUERY_SUFFIX, self.query.is_empty()) {
                    self.query.push((key.to_owned(), value.to_owned()));
                }
            }
        }
    }
}

/// A scalar's text: strings as they are, numbers as JavaScript writes them,
/// null as nothing.
fn scalar(value: &Value) -> Result<String, String> {
    match value {
        Value::Null => Ok(String::new()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Number(n) => Ok(number(n)),
        Value::String(s) => Ok(s.clone()),
        Value::Array(_) | Value::Object(_) => {
            Err("holds a nested list or object, which cannot be written there".to_owned())
        }
    }
}

/// `simple` style: lists and objects as comma-separated items (`k,v` pairs, or
/// `k=v` exploded).
fn simple(value: &Value, explode: bool) -> Result<String, String> {
    match value {
        Value::Array(items) => joined(items, ","),
        Value::Object(map) => {
            let mut parts = Vec::with_capacity(map.len() * 2);
            for (key, item) in map {
                let text = scalar(item)?;
                if explode {
                    parts.push(format!("{key}={text}"));
                } else {
                    parts.push(key.clone());
                    parts.push(text);
                }
            }
            Ok(parts.join(","))
        }
        scalar_value => scalar(scalar_value),
    }
}

fn joined(items: &[Value], separator: &str) -> Result<String, String> {
    let texts: Result<Vec<String>, String> = items.iter().map(scalar).collect();
    Ok(texts?.join(separator))
}

fn deep_object(
    name: &str,
    value: &Value,
    pairs: &mut Vec<(String, String)>,
    depth: usize,
) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err("nests too deep".to_owned());
    }
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (key, item) in map {
                deep_object(&format!("{name}[{key}]"), item, pairs, depth + 1)?;
            }
        }
        // Lists by index, as the form writer (form.rs) sends them and the
        // APIs that use deepObject read them: `expand[0]=a&expand[1]=b`.
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                deep_object(&format!("{name}[{index}]"), item, pairs, depth + 1)?;
            }
        }
        other => pairs.push((name.to_owned(), scalar(other)?)),
    }
    Ok(())
}

/// A parameter object as `a.b` keys, the way some APIs' own SDKs write one: null is an
/// empty value, an empty string is left out, an empty list is one empty value.
fn dotted(
    path: &mut Vec<String>,
    map: &serde_json::Map<String, Value>,
    pairs: &mut Vec<(String, String)>,
) -> Result<(), String> {
    if path.len() > MAX_DEPTH {
        return Err(format!("the parameter `{}` nests too deep", path.join(".")));
    }
    for (key, value) in map {
        if key.contains('.') {
            return Err(format!(
                "the key `{key}` has a `.`, which a query string cannot tell apart from nesting"
            ));
        }
        path.push(key.clone());
        let name = path.join(".");
        match value {
            Value::Object(inner) => dotted(path, inner, pairs)?,
            Value::String(s) if s.is_empty() => {}
            Value::Array(items) if items.is_empty() => pairs.push((name, String::new())),
            Value::Array(items) => {
                for item in items {
                    match item {
                        Value::Null | Value::Array(_) | Value::Object(_) => {
                            return Err(format!("the list `{name}` holds a null, a list or an object, which a query string cannot carry"));
                        }
                        Value::String(s) if s.is_empty() => {
                            return Err(format!("the list `{name}` holds an empty string, which a query string cannot carry"));
                        }
                        item => pairs.push((name.clone(), scalar(item)?)),
                    }
                }
            }
            scalar_value => pairs.push((name, scalar(scalar_value)?)),
        }
        path.pop();
    }
    Ok(())
}

/// A number as JavaScript's `String(n)` writes it: integers without a fraction,
/// exponents from 1e21 up and below 1e-6.
fn number(n: &serde_json::Number) -> String {
    if n.is_i64() || n.is_u64() {
        return n.to_string();
    }
    let Some(f) = n.as_f64() else {
        return n.to_string();
    };
    let magnitude = f.abs();
    if magnitude != 0.0 && !(1e-6..1e21).contains(&magnitude) {
        let text = format!("{f:e}");
        // Rust writes `1e21`, JavaScript `1e+21`.
        match text.split_once('e') {
            Some((mantissa, exponent)) if !exponent.starts_with('-') => {
                format!("{mantissa}e+{exponent}")
            }
            _ => text,
        }
    } else {
        // `Display` never uses an exponent and drops a zero fraction (`10`).
        format!("{f}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn numbers(value: Value) -> String {
        match value {
            Value::Number(n) => number(&n),
            _ => unreachable!(),
        }
    }

    #[test]
    fn numbers_are_written_as_javascript_does() {
        assert_eq!(numbers(json!(10)), "10");
        assert_eq!(numbers(json!(10.0)), "10");
        assert_eq!(numbers(json!(1.5)), "1.5");
        assert_eq!(numbers(json!(-0.25)), "-0.25");
        assert_eq!(numbers(json!(1e21)), "1e+21");
        assert_eq!(numbers(json!(1e-7)), "1e-7");
        assert_eq!(numbers(json!(123456789012.5)), "123456789012.5");
    }

    #[test]
    fn a_parameter_object_is_dotted_and_sorted() {
        let mut pairs = Vec::new();
        let value = json!({"b": [1, 2], "a": {"y": null, "x": true}, "c": "", "d": []});
        let Value::Object(map) = value else {
            unreachable!()
        };
        dotted(&mut Vec::new(), &map, &mut pairs).unwrap();
        pairs.sort_by(|(a, _), (b, _)| a.cmp(b));
        let text: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(text, ["a.x=true", "a.y=", "b=1", "b=2", "d="]);
    }

    #[test]
    fn a_copied_encoding_problem_stays_an_encoding_problem() {
        let error = <serde_json::Error as serde::ser::Error>::custom("key must be a string");
        let copy = Problem::Encode(error).clone();
        assert!(
            matches!(&copy, Problem::Encode(e) if e.to_string() == "key must be a string"),
            "{copy:?}"
        );
    }

    #[test]
    fn deep_object_query_writes_lists_by_index_at_any_depth() {
        let mut pairs = Vec::new();
        // Keys in sorted order: an object's keys are written in its map's
        // order, which serde_json's `preserve_order` feature decides.
        let value = json!({"gte": 1, "in": [{"k": true}], "none": null, "tags": ["a", "b"]});
        deep_object("created", &value, &mut pairs, 0).unwrap();
        let text: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(
            text,
            [
                "created[gte]=1",
                "created[in][0][k]=true",
                "created[tags][0]=a",
                "created[tags][1]=b",
            ]
        );
        let mut pairs = Vec::new();
        deep_object("expand", &json!(["customer", "items.data"]), &mut pairs, 0).unwrap();
        assert_eq!(
            pairs,
            [
                ("expand[0]".to_owned(), "customer".to_owned()),
                ("expand[1]".to_owned(), "items.data".to_owned()),
            ]
        );
        let mut deep = json!("x");
        for _ in 0..=MAX_DEPTH + 1 {
            deep = json!([deep]);
        }
        assert!(deep_object("a", &deep, &mut Vec::new(), 0).is_err());
    }

    #[test]
    fn simple_style_writes_lists_and_objects() {
        assert_eq!(simple(&json!(["a", "b"]), false).unwrap(), "a,b");
        assert_eq!(simple(&json!({"k": 1}), false).unwrap(), "k,1");
        assert_eq!(simple(&json!({"k": 1}), true).unwrap(), "k=1");
        assert!(simple(&json!([["nested"]]), false).is_err());
    }
}
