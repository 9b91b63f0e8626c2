//! A structured description of an OpenAPI document (operations, request bodies,
//! responses, component schemas with every construct the generator lowers), serialized
//! to JSON: unlike raw bytes, this gets past the parser and into lowering, rendering
//! and formatting. Names come mostly from a list of strings that are hard to turn into
//! Rust (keywords, digits, unicode, quotes, comment markers, names generated code uses).
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use seam_codegen::render::{self, CrateInfo, RenderedFile};
use seam_codegen::{format, generate_bytes, model_bytes, Error, Options};
use serde_json::{json, Map, Value};
use std::sync::OnceLock;

fuzz_target!(|doc: Doc| {
    let value = doc.to_json();
    let bytes = serde_json::to_vec(&value).expect("a JSON value serializes");
    // `SEAM_FUZZ_DUMP=1 cargo fuzz run structured <input>` prints the spec (for
    // crashes that kill the process before the panic message, like stack overflows).
    if std::env::var_os("SEAM_FUZZ_DUMP").is_some() {
        eprintln!("{}", serde_json::to_string_pretty(&value).unwrap_or_default());
    }
    if let Err(message) = check(&bytes) {
        panic!(
            "{message}\nspec: {}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
    }
});

/// What `generate_bytes` does (load, validate, lower, render, format), except that files
/// byte-identical to those of a minimal spec (the static runtime modules) are not
/// formatted again: they are ~57 KB of Rust that `syn` would re-parse on every input,
/// which is >85% of the time per execution. The baseline itself goes through the real
/// `generate_bytes` once.
fn check(bytes: &[u8]) -> Result<(), String> {
    // Seam's profile: it exercises the most conventions.
    let options = Options {
        profile: seam_codegen::profile::Choice::by_name("seam").expect("a built-in profile"),
        ..Options::default()
    };
    let stats = std::env::var_os("SEAM_FUZZ_STATS").is_some();
    let api = match model_bytes(bytes, "json", &options) {
        Ok((api, warnings)) => {
            if stats {
                for warning in warnings.iter() {
                    let text = warning.to_string();
                    eprintln!("WARNING {}", text.lines().next().unwrap_or_default());
                }
            }
            api
        }
        Err(Error::Spec(diags)) => {
            if stats {
                let first = diags.iter().find(|d| d.to_string().starts_with("error"));
                let first = first.map(|d| d.to_string()).unwrap_or_default();
                eprintln!("OUTCOME spec {}", first.lines().next().unwrap_or_default());
            }
            return Ok(());
        }
        Err(other) => return Err(format!("{other:?}")),
    };
    let info = CrateInfo {
        crate_version: options.crate_version.clone(),
    };
    let rendered = render::render(&api, &info).map_err(|e| format!("Render: {e:?}"))?;
    let baseline = baseline();
    let changed: Vec<RenderedFile> = rendered
        .into_iter()
        .filter(|file| {
            !baseline
                .iter()
                .any(|b| b.path == file.path && b.contents == file.contents)
        })
        .collect();
    format::format(changed).map_err(|e| format!("Format: {e:?}"))?;
    if stats {
        eprintln!("OUTCOME ok types={} operations={}", api.types.len(), api.root.all_operations().count());
    }
    Ok(())
}

/// The rendered (unformatted) files of a minimal spec, checked once with `generate_bytes`.
fn baseline() -> &'static [RenderedFile] {
    static BASELINE: OnceLock<Vec<RenderedFile>> = OnceLock::new();
    BASELINE.get_or_init(|| {
        let spec = br#"{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{}}"#;
        // Seam's profile: it exercises the most conventions.
    let options = Options {
        profile: seam_codegen::profile::Choice::by_name("seam").expect("a built-in profile"),
        ..Options::default()
    };
        generate_bytes(spec, "json", &options).expect("the minimal spec generates");
        let (api, _) = model_bytes(spec, "json", &options).expect("the minimal spec lowers");
        let info = CrateInfo {
            crate_version: options.crate_version.clone(),
        };
        render::render(&api, &info).expect("the minimal spec renders")
    })
}

/// Strings that are awkward as Rust identifiers, literals or doc comments.
const TRICKY: &[&str] = &[
    "", " ", "_", "__", "-", ".", "type", "self", "Self", "super", "crate", "fn", "async",
    "await", "gen", "try", "union", "dyn", "macro_rules", "r#type", "static", "0", "1", "2",
    "123abc", "9", "a-b", "a.b", "a b", "a/b", "a~b", "a~1b", "~0", "*/", "/*", "//", "///",
    "\"", "'", "\\", "\\\"", "\\u{0}", "\n", "\r\n", "\t", "\u{0}", "\u{7f}", "é", "日本語",
    "🦀", "\u{202e}", "\u{feff}", "\u{2028}", "İ", "ß", "ǅ", "ﬁ", "ok", "pagination",
    "page_cursor", "next_page_cursor", "has_next_page", "additional_properties", "Unknown",
    "Unknown2", "unknown", "Other", "Empty", "Value", "value", "Json", "List", "Map", "body",
    "send", "new", "client", "options", "items", "pages", "timeout", "max_retries",
    "into_future", "Default", "Option", "Some", "None", "Box", "Vec", "String", "StringType",
    "Seam", "Error", "Result", "Page", "RequestOptions", "Operation", "models", "resources",
    "serde", "std", "core", "Foo", "Foo2", "foo", "foo_2", "FooBar", "foo_bar", "fooBar",
    "FOO_BAR", "foo__bar", "Variant0", "x-undocumented", "$ref", "#", "{id}", "{", "}", "```",
    "~~~", "[link]", "<b>", "&amp;", "http://x", "https://example.com/a.b", "#[doc]", "#!",
    "acs", "credentials", "create", "list", "get", "post", "Request", "FooRequest", "Item",
    "entries", "addresses", "status", "s", "ies",
];

#[derive(Debug, Clone)]
struct Name(String);

impl<'a> Arbitrary<'a> for Name {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Name(match u.int_in_range(0..=9u8)? {
            0..=6 => (*u.choose(TRICKY)?).to_owned(),
            7 | 8 => {
                let n = u.int_in_range(2..=3usize)?;
                let mut s = String::new();
                for i in 0..n {
                    if i > 0 {
                        s.push_str(u.choose(&["_", "-", " ", ".", "", "/"])?);
                    }
                    s.push_str(u.choose(TRICKY)?);
                }
                s
            }
            _ => String::arbitrary(u)?,
        }))
    }
}

#[derive(Debug)]
struct Doc {
    title: Name,
    description: Option<Name>,
    version: Option<Name>,
    server: Option<Name>,
    schemas: Vec<(Name, Schema)>,
    request_bodies: Vec<(Name, Schema)>,
    responses: Vec<(Name, Response)>,
    paths: Vec<PathItem>,
}

/// Counts first, then each item from its own equal share of the input: derived
/// `Arbitrary` would let the first (recursive) schema take every byte, leaving no paths.
impl<'a> Arbitrary<'a> for Doc {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let title = Name::arbitrary(u)?;
        let description = Option::<Name>::arbitrary(u)?;
        let version = Option::<Name>::arbitrary(u)?;
        let server = Option::<Name>::arbitrary(u)?;
        let counts = [
            u.int_in_range(0..=8usize)?,
            u.int_in_range(0..=2usize)?,
            u.int_in_range(0..=2usize)?,
            u.int_in_range(1..=6usize)?,
        ];
        let share = u.len() / counts.iter().sum::<usize>();
        fn items<'a, T: Arbitrary<'a>>(
            u: &mut Unstructured<'a>,
            count: usize,
            share: usize,
        ) -> arbitrary::Result<Vec<T>> {
            (0..count)
                .map(|_| {
                    let bytes = u.bytes(share.min(u.len()))?;
                    T::arbitrary_take_rest(Unstructured::new(bytes))
                })
                .collect()
        }
        Ok(Doc {
            title,
            description,
            version,
            server,
            schemas: items(u, counts[0], share)?,
            request_bodies: items(u, counts[1], share)?,
            responses: items(u, counts[2], share)?,
            paths: items(u, counts[3], share)?,
        })
    }
}

#[derive(Arbitrary, Debug)]
struct PathItem {
    segments: Vec<Name>,
    /// Every path has a POST (the only method the generator turns into an operation);
    /// other methods beside it are its aliases, or replace it when they are POST.
    post: Op,
    aliases: Vec<(Method, Op)>,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Method {
    Post,
    Post2,
    Post3,
    Get,
    Put,
    Patch,
    Delete,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::Post | Method::Post2 | Method::Post3 => "post",
            Method::Get => "get",
            Method::Put => "put",
            Method::Patch => "patch",
            Method::Delete => "delete",
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Op {
    operation_id: Option<Name>,
    summary: Option<Name>,
    description: Option<Name>,
    title: Option<Name>,
    group: Option<Group>,
    method_name: Option<Name>,
    deprecated: bool,
    x_deprecated: Option<Flag>,
    undocumented: Option<Flag>,
    draft: Option<Flag>,
    parameters: Vec<Name>,
    body: Option<Body>,
    /// None: absent; Some(None): `null`; Some(Some(key)): that key.
    response_key: Option<Option<Name>>,
    responses: Vec<(Status, ResponseOrRef)>,
}

#[derive(Arbitrary, Debug)]
enum Group {
    One(Name),
    Many(Vec<Name>),
}

#[derive(Arbitrary, Debug)]
enum Flag {
    True,
    False,
    Null,
    Message(Name),
}

impl Flag {
    fn to_json(&self) -> Value {
        match self {
            Flag::True => Value::Bool(true),
            Flag::False => Value::Bool(false),
            Flag::Null => Value::Null,
            Flag::Message(m) => Value::String(m.0.clone()),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Body {
    Inline(ContentType, Option<Schema>),
    /// A `$ref` to `components/requestBodies`, by index (or dangling).
    Ref(Target),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum ContentType {
    Json,
    Json2,
    Json3,
    JsonCharset,
    ProblemJson,
    Text,
    Form,
}

impl ContentType {
    fn as_str(self) -> &'static str {
        match self {
            ContentType::Json | ContentType::Json2 | ContentType::Json3 => "application/json",
            ContentType::JsonCharset => "application/json; charset=utf-8",
            ContentType::ProblemJson => "application/problem+json",
            ContentType::Text => "text/plain",
            ContentType::Form => "application/x-www-form-urlencoded",
        }
    }
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Status {
    Ok,
    Ok2,
    Created,
    Range2,
    Default,
    BadRequest,
    Code(u16),
}

impl Status {
    fn key(self) -> String {
        match self {
            Status::Ok | Status::Ok2 => "200".into(),
            Status::Created => "201".into(),
            Status::Range2 => "2XX".into(),
            Status::Default => "default".into(),
            Status::BadRequest => "400".into(),
            Status::Code(c) => (c % 600).to_string(),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum ResponseOrRef {
    Item(Response),
    Item2(Response),
    Ref(Target),
}

#[derive(Arbitrary, Debug)]
struct Response {
    description: Name,
    content: Option<(ContentType, Option<Schema>)>,
    /// A Seam-style `{ ok, <key>: ..., pagination }` object.
    keyed: Option<Keyed>,
}

#[derive(Arbitrary, Debug)]
struct Keyed {
    key: Name,
    value: Schema,
    pagination: Option<Option<Schema>>,
}

/// Where a `$ref` points: a component by index (valid), a name (usually dangling), or
/// somewhere in the document that is not a component.
#[derive(Arbitrary, Debug)]
enum Target {
    Index(u8),
    Index2(u8),
    Index3(u8),
    Named(Name),
    Odd(OddRef),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum OddRef {
    Root,
    Components,
    Info,
    Paths,
    External,
    Empty,
    Schemas,
    SchemasSlash,
}

impl OddRef {
    fn as_str(self) -> &'static str {
        match self {
            OddRef::Root => "#",
            OddRef::Components => "#/components",
            OddRef::Info => "#/info",
            OddRef::Paths => "#/paths",
            OddRef::External => "other.yaml#/components/schemas/Foo",
            OddRef::Empty => "",
            OddRef::Schemas => "#/components/schemas",
            OddRef::SchemasSlash => "#/components/schemas/",
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Schema {
    kind: Kind,
    nullable: bool,
    deprecated: bool,
    x_deprecated: Option<Flag>,
    undocumented: Option<Flag>,
    description: Option<Name>,
    title: Option<Name>,
    default: Option<Json>,
}

#[derive(Arbitrary, Debug)]
enum Kind {
    Ref(Target),
    Ref2(Target),
    String { format: Option<StringFormat> },
    Enum { values: Vec<Option<Name>>, typed: bool },
    Integer,
    Number,
    Boolean,
    Array { items: Option<Box<Schema>> },
    Object {
        properties: Vec<(Name, Schema)>,
        required: Vec<Req>,
        additional: Option<Additional>,
    },
    Object2 {
        properties: Vec<(Name, Schema)>,
        required: Vec<Req>,
    },
    OneOf { variants: Vec<Schema>, discriminator: Option<Name> },
    /// A discriminated union built to be accepted: each variant an object whose tag
    /// property is a one-value string enum.
    Tagged { tag: Name, variants: Vec<TaggedVariant> },
    AllOf(Vec<Schema>),
    AnyOf(Vec<Schema>),
    Not(Box<Schema>),
    /// No `type`, or an odd one, with a mix of keywords (openapiv3's `Any`).
    Untyped {
        typ: Option<Name>,
        format: Option<Name>,
        properties: Vec<(Name, Schema)>,
        required: Vec<Req>,
        one_of: Vec<Schema>,
        all_of: Vec<Schema>,
        any_of: Vec<Schema>,
        items: Option<Box<Schema>>,
        additional: Option<Additional>,
        values: Vec<Json>,
    },
    Empty,
}

#[derive(Arbitrary, Debug)]
struct TaggedVariant {
    tag_value: Name,
    /// A second enum value (the generator must then fall back to merging).
    extra_value: Option<Name>,
    properties: Vec<(Name, Schema)>,
    /// Put the variant under components and refer to it.
    as_component: Option<Name>,
}

#[derive(Arbitrary, Debug)]
enum Req {
    /// The name of one of the properties, by index.
    Index(u8),
    Name(Name),
}

#[derive(Arbitrary, Debug)]
enum Additional {
    True,
    False,
    Schema(Box<Schema>),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum StringFormat {
    DateTime,
    Date,
    Uuid,
    Email,
    Binary,
}

#[derive(Arbitrary, Debug)]
enum Json {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Name),
    Array(Vec<Json>),
    Object(Vec<(Name, Json)>),
}

impl Json {
    fn to_json(&self) -> Value {
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Int(i) => json!(i),
            Json::Float(f) => serde_json::Number::from_f64(*f)
                .map(Value::Number)
                .unwrap_or(Value::Null),
            Json::Str(s) => Value::String(s.0.clone()),
            Json::Array(items) => Value::Array(items.iter().map(Json::to_json).collect()),
            Json::Object(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.0.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

/// Builds the JSON; extra component schemas (inline union variants moved into
/// components) are collected on the side.
struct Builder<'d> {
    schema_names: Vec<&'d str>,
    body_names: Vec<&'d str>,
    response_names: Vec<&'d str>,
    extra_schemas: Map<String, Value>,
}

/// A JSON pointer segment (RFC 6901).
fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

impl Builder<'_> {
    fn target(&self, target: &Target, section: &str, names: &[&str]) -> Value {
        let reference = match target {
            Target::Index(i) | Target::Index2(i) | Target::Index3(i) => {
                if names.is_empty() {
                    format!("#/components/{section}/Missing")
                } else {
                    format!(
                        "#/components/{section}/{}",
                        escape(names[*i as usize % names.len()])
                    )
                }
            }
            Target::Named(name) => format!("#/components/{section}/{}", escape(&name.0)),
            Target::Odd(odd) => odd.as_str().to_owned(),
        };
        json!({ "$ref": reference })
    }

    fn schema(&mut self, schema: &Schema) -> Value {
        let mut out = match &schema.kind {
            Kind::Ref(target) | Kind::Ref2(target) => {
                // A `$ref` ignores its siblings; keep it bare most of the time.
                let names = self.schema_names.clone();
                let value = self.target(target, "schemas", &names);
                if !schema.nullable {
                    return value;
                }
                value.as_object().cloned().unwrap_or_default()
            }
            Kind::String { format } => {
                let mut m = obj(json!({ "type": "string" }));
                if let Some(format) = format {
                    m.insert(
                        "format".into(),
                        json!(match format {
                            StringFormat::DateTime => "date-time",
                            StringFormat::Date => "date",
                            StringFormat::Uuid => "uuid",
                            StringFormat::Email => "email",
                            StringFormat::Binary => "binary",
                        }),
                    );
                }
                m
            }
            Kind::Enum { values, typed } => {
                let mut m = Map::new();
                if *typed {
                    m.insert("type".into(), json!("string"));
                }
                m.insert(
                    "enum".into(),
                    Value::Array(
                        values
                            .iter()
                            .map(|v| v.as_ref().map_or(Value::Null, |n| json!(n.0)))
                            .collect(),
                    ),
                );
                m
            }
            Kind::Integer => obj(json!({ "type": "integer" })),
            Kind::Number => obj(json!({ "type": "number" })),
            Kind::Boolean => obj(json!({ "type": "boolean" })),
            Kind::Array { items } => {
                let mut m = obj(json!({ "type": "array" }));
                if let Some(items) = items {
                    m.insert("items".into(), self.schema(items));
                }
                m
            }
            Kind::Object {
                properties,
                required,
                additional,
            } => {
                let mut m = obj(json!({ "type": "object" }));
                self.properties(&mut m, properties, required);
                if let Some(additional) = additional {
                    m.insert("additionalProperties".into(), self.additional(additional));
                }
                m
            }
            Kind::Object2 {
                properties,
                required,
            } => {
                let mut m = obj(json!({ "type": "object" }));
                self.properties(&mut m, properties, required);
                m
            }
            Kind::OneOf {
                variants,
                discriminator,
            } => {
                let mut m = Map::new();
                m.insert("oneOf".into(), self.list(variants));
                if let Some(d) = discriminator {
                    m.insert("discriminator".into(), json!({ "propertyName": d.0 }));
                }
                m
            }
            Kind::Tagged { tag, variants } => {
                let mut list = Vec::new();
                for variant in variants {
                    let mut values = vec![json!(variant.tag_value.0)];
                    if let Some(extra) = &variant.extra_value {
                        values.push(json!(extra.0));
                    }
                    let mut props = Map::new();
                    props.insert(tag.0.clone(), json!({ "type": "string", "enum": values }));
                    for (name, schema) in &variant.properties {
                        let value = self.schema(schema);
                        props.insert(name.0.clone(), value);
                    }
                    let body = json!({
                        "type": "object",
                        "required": [tag.0],
                        "properties": props,
                    });
                    match &variant.as_component {
                        Some(name) => {
                            self.extra_schemas.insert(name.0.clone(), body);
                            list.push(
                                json!({ "$ref": format!("#/components/schemas/{}", escape(&name.0)) }),
                            );
                        }
                        None => list.push(body),
                    }
                }
                obj(json!({
                    "oneOf": list,
                    "discriminator": { "propertyName": tag.0 },
                }))
            }
            Kind::AllOf(parts) => {
                let mut m = Map::new();
                m.insert("allOf".into(), self.list(parts));
                m
            }
            Kind::AnyOf(parts) => {
                let mut m = Map::new();
                m.insert("anyOf".into(), self.list(parts));
                m
            }
            Kind::Not(inner) => {
                let mut m = Map::new();
                m.insert("not".into(), self.schema(inner));
                m
            }
            Kind::Untyped {
                typ,
                format,
                properties,
                required,
                one_of,
                all_of,
                any_of,
                items,
                additional,
                values,
            } => {
                let mut m = Map::new();
                if let Some(typ) = typ {
                    m.insert("type".into(), json!(typ.0));
                }
                if let Some(format) = format {
                    m.insert("format".into(), json!(format.0));
                }
                if !properties.is_empty() || !required.is_empty() {
                    self.properties(&mut m, properties, required);
                }
                if !one_of.is_empty() {
                    m.insert("oneOf".into(), self.list(one_of));
                }
                if !all_of.is_empty() {
                    m.insert("allOf".into(), self.list(all_of));
                }
                if !any_of.is_empty() {
                    m.insert("anyOf".into(), self.list(any_of));
                }
                if let Some(items) = items {
                    m.insert("items".into(), self.schema(items));
                }
                if let Some(additional) = additional {
                    m.insert("additionalProperties".into(), self.additional(additional));
                }
                if !values.is_empty() {
                    m.insert(
                        "enum".into(),
                        Value::Array(values.iter().map(Json::to_json).collect()),
                    );
                }
                m
            }
            Kind::Empty => Map::new(),
        };
        if schema.nullable {
            out.insert("nullable".into(), json!(true));
        }
        if schema.deprecated {
            out.insert("deprecated".into(), json!(true));
        }
        if let Some(flag) = &schema.x_deprecated {
            out.insert("x-deprecated".into(), flag.to_json());
        }
        if let Some(flag) = &schema.undocumented {
            out.insert("x-undocumented".into(), flag.to_json());
        }
        if let Some(d) = &schema.description {
            out.insert("description".into(), json!(d.0));
        }
        if let Some(t) = &schema.title {
            out.insert("title".into(), json!(t.0));
        }
        if let Some(default) = &schema.default {
            out.insert("default".into(), default.to_json());
        }
        Value::Object(out)
    }

    fn list(&mut self, schemas: &[Schema]) -> Value {
        Value::Array(schemas.iter().map(|s| self.schema(s)).collect())
    }

    fn additional(&mut self, additional: &Additional) -> Value {
        match additional {
            Additional::True => json!(true),
            Additional::False => json!(false),
            Additional::Schema(s) => self.schema(s),
        }
    }

    fn properties(&mut self, m: &mut Map<String, Value>, properties: &[(Name, Schema)], required: &[Req]) {
        let mut props = Map::new();
        for (name, schema) in properties {
            let value = self.schema(schema);
            props.insert(name.0.clone(), value);
        }
        let required: Vec<Value> = required
            .iter()
            .filter_map(|r| match r {
                Req::Index(i) => (!properties.is_empty())
                    .then(|| json!(properties[*i as usize % properties.len()].0 .0)),
                Req::Name(n) => Some(json!(n.0)),
            })
            .collect();
        m.insert("properties".into(), Value::Object(props));
        if !required.is_empty() {
            m.insert("required".into(), Value::Array(required));
        }
    }

    fn content(&mut self, content_type: ContentType, schema: Option<Value>) -> Value {
        let mut media = Map::new();
        if let Some(schema) = schema {
            media.insert("schema".into(), schema);
        }
        let mut content = Map::new();
        content.insert(content_type.as_str().into(), Value::Object(media));
        Value::Object(content)
    }

    fn response(&mut self, response: &Response) -> Value {
        let mut m = obj(json!({ "description": response.description.0 }));
        if let Some(keyed) = &response.keyed {
            let mut props = Map::new();
            props.insert("ok".into(), json!({ "type": "boolean" }));
            let value = self.schema(&keyed.value);
            props.insert(keyed.key.0.clone(), value);
            let mut required = vec![json!("ok"), json!(keyed.key.0)];
            if let Some(pagination) = &keyed.pagination {
                let schema = match pagination {
                    Some(s) => self.schema(s),
                    None => json!({
                        "type": "object",
                        "properties": {
                            "next_page_cursor": { "type": "string", "nullable": true },
                            "has_next_page": { "type": "boolean" },
                            "prev_page_url": { "type": "string", "nullable": true },
                        },
                        "required": ["next_page_cursor", "has_next_page"],
                    }),
                };
                props.insert("pagination".into(), schema);
                required.push(json!("pagination"));
            }
            let schema = json!({ "type": "object", "properties": props, "required": required });
            m.insert("content".into(), self.content(ContentType::Json, Some(schema)));
        } else if let Some((content_type, schema)) = &response.content {
            let schema = schema.as_ref().map(|s| self.schema(s));
            m.insert("content".into(), self.content(*content_type, schema));
        }
        Value::Object(m)
    }

    fn operation(&mut self, op: &Op) -> Value {
        let mut m = Map::new();
        if let Some(id) = &op.operation_id {
            m.insert("operationId".into(), json!(id.0));
        }
        if let Some(s) = &op.summary {
            m.insert("summary".into(), json!(s.0));
        }
        if let Some(d) = &op.description {
            m.insert("description".into(), json!(d.0));
        }
        if let Some(t) = &op.title {
            m.insert("x-title".into(), json!(t.0));
        }
        match &op.group {
            Some(Group::One(g)) => {
                m.insert("x-fern-sdk-group-name".into(), json!(g.0));
            }
            Some(Group::Many(gs)) => {
                m.insert(
                    "x-fern-sdk-group-name".into(),
                    Value::Array(gs.iter().map(|g| json!(g.0)).collect()),
                );
            }
            None => {}
        }
        if let Some(n) = &op.method_name {
            m.insert("x-fern-sdk-method-name".into(), json!(n.0));
        }
        if op.deprecated {
            m.insert("deprecated".into(), json!(true));
        }
        if let Some(f) = &op.x_deprecated {
            m.insert("x-deprecated".into(), f.to_json());
        }
        if let Some(f) = &op.undocumented {
            m.insert("x-undocumented".into(), f.to_json());
        }
        if let Some(f) = &op.draft {
            m.insert("x-draft".into(), f.to_json());
        }
        if !op.parameters.is_empty() {
            m.insert(
                "parameters".into(),
                Value::Array(
                    op.parameters
                        .iter()
                        .map(|p| json!({ "name": p.0, "in": "query", "schema": { "type": "string" } }))
                        .collect(),
                ),
            );
        }
        match &op.body {
            Some(Body::Inline(content_type, schema)) => {
                let schema = schema.as_ref().map(|s| self.schema(s));
                let content = self.content(*content_type, schema);
                m.insert("requestBody".into(), json!({ "content": content }));
            }
            Some(Body::Ref(target)) => {
                let names = self.body_names.clone();
                m.insert(
                    "requestBody".into(),
                    self.target(target, "requestBodies", &names),
                );
            }
            None => {}
        }
        match &op.response_key {
            Some(Some(key)) => {
                m.insert("x-response-key".into(), json!(key.0));
            }
            Some(None) => {
                m.insert("x-response-key".into(), Value::Null);
            }
            None => {}
        }
        let mut responses = Map::new();
        for (status, response) in &op.responses {
            let value = match response {
                ResponseOrRef::Item(r) | ResponseOrRef::Item2(r) => self.response(r),
                ResponseOrRef::Ref(target) => {
                    let names = self.response_names.clone();
                    self.target(target, "responses", &names)
                }
            };
            responses.insert(status.key(), value);
        }
        if responses.is_empty() {
            responses.insert("200".into(), json!({ "description": "OK" }));
        }
        m.insert("responses".into(), Value::Object(responses));
        Value::Object(m)
    }
}

fn obj(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

impl Doc {
    fn to_json(&self) -> Value {
        let mut builder = Builder {
            schema_names: self.schemas.iter().map(|(n, _)| n.0.as_str()).collect(),
            body_names: self.request_bodies.iter().map(|(n, _)| n.0.as_str()).collect(),
            response_names: self.responses.iter().map(|(n, _)| n.0.as_str()).collect(),
            extra_schemas: Map::new(),
        };
        let mut info = obj(json!({
            "title": self.title.0,
            "version": self.version.as_ref().map_or("1.0.0", |v| v.0.as_str()),
        }));
        if let Some(d) = &self.description {
            info.insert("description".into(), json!(d.0));
        }
        let mut paths = Map::new();
        for item in &self.paths {
            let path = format!(
                "/{}",
                item.segments
                    .iter()
                    .map(|s| s.0.as_str())
                    .collect::<Vec<_>>()
                    .join("/")
            );
            let mut ops = Map::new();
            let post = builder.operation(&item.post);
            ops.insert("post".into(), post);
            for (method, op) in &item.aliases {
                let value = builder.operation(op);
                ops.insert(method.as_str().into(), value);
            }
            paths.insert(path, Value::Object(ops));
        }
        let mut schemas = Map::new();
        for (name, schema) in &self.schemas {
            let value = builder.schema(schema);
            schemas.insert(name.0.clone(), value);
        }
        let mut bodies = Map::new();
        for (name, schema) in &self.request_bodies {
            let value = builder.schema(schema);
            let content = builder.content(ContentType::Json, Some(value));
            bodies.insert(name.0.clone(), json!({ "content": content }));
        }
        let mut responses = Map::new();
        for (name, response) in &self.responses {
            let value = builder.response(response);
            responses.insert(name.0.clone(), value);
        }
        for (name, schema) in std::mem::take(&mut builder.extra_schemas) {
            schemas.entry(name).or_insert(schema);
        }
        let mut doc = obj(json!({
            "openapi": "3.0.3",
            "info": info,
            "paths": paths,
            "components": {
                "schemas": schemas,
                "requestBodies": bodies,
                "responses": responses,
            },
        }));
        if let Some(server) = &self.server {
            doc.insert("servers".into(), json!([{ "url": server.0 }]));
        }
        Value::Object(doc)
    }
}
