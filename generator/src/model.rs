//! The intermediate model: what the templates see instead of OpenAPI.
//!
//! Every identifier here is final (settled by `names` while the model is built), every
//! description is already split into sanitized doc lines, and every collection keeps the
//! spec's own order. Templates read these types and call their methods; they never see
//! `openapiv3` types.

/// A type's place in [`Api::types`]: a type of its own, so that it is never
/// confused with another index or count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(usize);

impl TypeId {
    pub fn new(index: usize) -> Self {
        TypeId(index)
    }

    /// The position in [`Api::types`].
    pub fn index(self) -> usize {
        self.0
    }
}

pub mod cli;
mod features;
mod http;
mod readme;
pub use features::*;
pub use http::*;
pub use readme::FirstCall;

/// The whole client: its resource tree and its named types.
#[derive(Debug, Clone)]
pub struct Api {
    pub crate_name: String,
    pub title: String,
    pub docs: Docs,
    pub root: Resource,
    pub types: Vec<TypeDef>,
    /// Wire names of fields that hold secrets (see `sensitive`), sorted: the
    /// runtime hides their values in the text errors quote.
    pub sensitive_fields: Vec<String>,
    /// The conventions it was generated with: the runtime's side of them is
    /// rendered into `conventions.rs`.
    pub profile: crate::profile::Profile,
    /// Operations of the document left out, each with a warning saying why.
    pub skipped_operations: usize,
    /// The types of typed error bodies, by name: the variants of `ErrorBody`.
    pub error_bodies: Vec<String>,
    /// The model (in `models`) a verified webhook decodes into, when the
    /// profile verifies webhooks and the spec has their schema.
    pub webhook_event: Option<String>,
    /// The client for credentials used without the context header, when the
    /// profile has one and the spec has operations it may call.
    pub without_context: Option<ScopedClient>,
    /// Exchanging the profile's key for session credentials, when the spec
    /// has the operation.
    pub key_exchange: Option<KeyExchangeCall>,
    /// The credentials a running client may replace.
    pub credential_updates: Vec<CredentialUpdateCall>,
    /// Other names of shared types: each place that uses a type defined
    /// elsewhere keeps the name it would have had, so that a type named after
    /// another definition later breaks nobody who used this one.
    pub aliases: Vec<TypeAlias>,
    /// The command line of the `cli` feature's binary.
    pub cli: cli::Cli,
    /// One cargo feature per top-level resource, in the resources' order.
    pub features: Vec<ResourceFeature>,
}

/// `pub type {name} = {target};`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeAlias {
    pub name: String,
    pub target: String,
    /// Compiled with its target.
    pub gate: Gate,
    /// Set for the old name of a renamed type, kept for one version.
    pub deprecated: Option<Deprecation>,
}

/// Since when an old name is deprecated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deprecation {
    /// The crate version that deprecated it.
    pub since: String,
}

/// A client that offers some of the operations (see `profile::WithoutContext`).
#[derive(Debug, Clone)]
pub struct ScopedClient {
    pub client_name: String,
    /// The main builder's method that builds it.
    pub build_method: String,
    pub docs: Docs,
    /// Its handles, each named after it; the root is the client itself.
    pub root: Resource,
    /// The profile's credentials it takes, by index.
    pub credentials: Vec<usize>,
}

/// An operation as a client reaches it: `accessors` from the client, then `method`.
#[derive(Debug, Clone)]
pub struct Call {
    pub accessors: Vec<String>,
    pub method: String,
}

/// How the client exchanges a key for a session (see `profile::KeyExchange`).
#[derive(Debug, Clone)]
pub struct KeyExchangeCall {
    /// The header the key travels in, from its security scheme.
    pub header: String,
    pub call: Call,
    /// The parameter that names the user: the method's only argument when
    /// required, else a setter.
    pub user_setter: String,
    pub user_required: bool,
    /// The answer's field holding the token.
    pub token_field: String,
    /// The credential the token is, by its index in the profile.
    pub credential: usize,
}

/// A credential a running client may replace (see `profile::CredentialUpdate`).
#[derive(Debug, Clone)]
pub struct CredentialUpdateCall {
    /// The credential, by its index in the profile (which names the method).
    pub credential: usize,
    /// The call that checks the new credential first, if the spec has it.
    pub check: Option<Call>,
}

impl Api {
    /// A client must be built with credentials: the API has some, and every
    /// operation states requirements that each name one. An operation the
    /// document states nothing for does not count: most such documents forgot.
    pub fn credentials_required(&self) -> bool {
        !self.profile.credentials.is_empty()
            && self.root.all_operations().all(|operation| {
                operation
                    .requirements
                    .as_ref()
                    .is_none_or(|s| s.alternatives.iter().all(|a| !a.is_empty()))
            })
    }

    /// The profile's action attempts, when some operation starts an action.
    pub fn action_attempts(&self) -> Option<&crate::profile::ActionAttempts> {
        let used = self.root.all_operations().any(|o| o.action_poll.is_some());
        self.profile.action_attempts.as_ref().filter(|_| used)
    }

    /// The features that gate types: the resource features, and `webhooks`
    /// where some type only the webhook verifier (or some resources) decodes.
    pub fn gate_features(&self) -> Vec<&str> {
        let mut features: Vec<&str> = self.features.iter().map(|f| f.name.as_str()).collect();
        let webhooks = crate::names::WEBHOOKS_FEATURE;
        let gated_by_webhooks = (self.types.iter())
            .any(|t| matches!(&t.gate, Gate::Any(f) if f.iter().any(|f| f == webhooks)));
        if gated_by_webhooks {
            features.push(webhooks);
        }
        features
    }

    /// The resource feature a call needs: its top-level resource's.
    pub fn call_feature(&self, call: &Call) -> Option<&str> {
        let first = call.accessors.first()?;
        (self.root.children.iter())
            .find(|c| &c.accessor == first)
            .and_then(|c| c.feature.as_deref())
    }

    /// The crate's name as Rust code writes it (`seam_full`).
    pub fn crate_ident(&self) -> String {
        crate::names::crate_ident(&self.crate_name)
    }
}

/// Doc comment lines, sanitized so rustdoc reads them as prose (see `names::doc_lines`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Docs {
    pub lines: Vec<String>,
}

impl Docs {
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// A copy with more lines after a blank separator line.
    pub fn with_paragraph(&self, lines: impl IntoIterator<Item = String>) -> Docs {
        let mut docs = self.clone();
        let extra: Vec<String> = lines.into_iter().collect();
        if !extra.is_empty() {
            if !docs.lines.is_empty() {
                docs.lines.push(String::new());
            }
            docs.lines.extend(extra);
        }
        docs
    }
}

/// A node of the resource tree: `acs` > `credentials` > `unmanaged`.
#[derive(Debug, Clone)]
pub struct Resource {
    /// Accessor method on the parent (`credentials`); empty for the root.
    pub accessor: String,
    /// Handle type (`AcsCredentials`); `Seam` itself for the root.
    pub type_name: String,
    /// Segments from the root, as written in the spec (`["acs", "credentials"]`).
    pub path: Vec<String>,
    pub docs: Docs,
    pub children: Vec<Resource>,
    pub operations: Vec<Operation>,
    /// True when every operation below is undocumented: the accessor is feature-gated too.
    pub undocumented: bool,
    /// The cargo feature of a top-level resource (its module's name too).
    pub feature: Option<String>,
}

impl Resource {
    /// This resource and every one below it, depth first, in spec order.
    pub fn walk(&self) -> Vec<&Resource> {
        let mut out = vec![self];
        for child in &self.children {
            out.extend(child.walk());
        }
        out
    }

    /// The accessors and methods that exist only with the `undocumented`
    /// feature, in order (the handle's docs list them).
    pub fn gated_names(&self) -> Vec<&str> {
        let children = self
            .children
            .iter()
            .filter(|c| c.undocumented)
            .map(|c| c.accessor.as_str());
        let operations = self
            .operations
            .iter()
            .filter(|o| o.undocumented.is_some())
            .map(|o| o.method_name.as_str());
        children.chain(operations).collect()
    }

    /// The operations of this resource and all below it.
    pub fn all_operations(&self) -> impl Iterator<Item = &Operation> {
        self.walk().into_iter().flat_map(|r| r.operations.iter())
    }
}

/// One API operation: one Rust method and its request builder.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Method name on the resource handle (`create`).
    pub method_name: String,
    /// Dotted name for errors and logs (`acs.credentials.create`).
    pub display_name: String,
    /// Request builder type (`AcsCredentialsCreate`).
    pub builder_name: String,
    /// Const holding the runtime's description of the operation.
    pub const_name: String,
    pub path: String,
    pub docs: Docs,
    /// Request body type, when the operation takes a body.
    pub body_type: Option<TypeId>,
    pub body_type_name: Option<String>,
    /// Parameters passed as arguments to the method.
    pub required: Vec<Param>,
    /// Parameters set through builder methods.
    pub optional: Vec<Param>,
    pub response: ResponseShape,
    pub deprecated: Option<String>,
    pub undocumented: Option<String>,
    /// The HTTP method sent, as `reqwest::Method` spells it (`GET`).
    pub http_method: String,
    /// Where the parameter struct (`body_type`) travels.
    pub params_in: ParamsIn,
    /// For a form or multipart body: its fields' encodings, in wire-name order.
    pub body_encodings: Vec<FieldEncoding>,
    /// The media type of the body sent (`application/json`), if one is sent.
    pub content_type: Option<String>,
    /// The `Accept` header sent: the media types of the success bodies the
    /// client reads (`application/json`), if any success has a body.
    pub accept: Option<String>,
    /// For an operation that answers an action attempt: the const of the
    /// operation that reads it again, which the client polls until it is done.
    pub action_poll: Option<ActionPoll>,
    /// Error statuses with a typed body, exact codes first, then ranges, then `default`.
    pub errors: Vec<ErrorStatus>,
    pub pagination: Option<Pagination>,
    /// The body has fields that no argument sets (optional ones, extra properties), so
    /// the builder fills them with `..Default::default()`.
    pub body_fills_default: bool,
    /// The variants of a JSON request body that is a `oneOf`/`anyOf`, which the
    /// command line checks a body against; empty for any other body.
    pub body_variants: Vec<BodyVariant>,
    /// What the method's compiled (`no_run`) doc example calls it with.
    pub example: Example,
    /// The security schemes any of its requirements names, in spec order
    /// (the document's own requirements when the operation has none).
    pub security: Vec<String>,
    /// The credentials it accepts; `None` when the document states no
    /// requirement for it (the client sends whatever it holds).
    pub requirements: Option<Security>,
}

/// The ways an operation may be authenticated, as the profile's credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Security {
    /// Each alternative the client can meet, in the document's order, as the
    /// credentials it needs together (indices in the profile's list); an
    /// empty one needs none. No alternative at all: the client cannot call it.
    pub alternatives: Vec<Vec<usize>>,
    /// Every alternative in prose, for the error of a client that meets none.
    pub accepts: String,
}

impl Operation {
    /// Safe to send twice, so that it may be retried: the method sent is GET,
    /// HEAD, OPTIONS, PUT or DELETE (RFC 9110's idempotent methods, less TRACE).
    pub fn retry_safe(&self) -> bool {
        matches!(
            self.http_method.as_str(),
            "GET" | "HEAD" | "OPTIONS" | "PUT" | "DELETE"
        )
    }

    /// Every parameter with whether it is required, required first.
    fn params(&self) -> impl Iterator<Item = (&Param, bool)> {
        let required = self.required.iter().map(|p| (p, true));
        let optional = self.optional.iter().map(|p| (p, false));
        required.chain(optional)
    }

    /// The parameters outside the struct (path, query, header), required first.
    pub fn wire_params(&self) -> impl Iterator<Item = (&Param, bool)> {
        self.params()
            .filter(|(p, _)| p.location != ParamLocation::Struct)
    }

    /// Whether the method and the builder's constructor take more arguments
    /// than clippy's `too_many_arguments` allows (a path with many parameters).
    pub fn many_arguments(&self) -> bool {
        self.required.len() + 1 > 7
    }

    /// Required fields of the parameter struct (method arguments).
    pub fn struct_required(&self) -> Vec<&Param> {
        self.required.iter().filter(|p| p.in_struct()).collect()
    }

    /// The request body's type name.
    pub fn body_name(&self) -> &str {
        self.body_type_name.as_deref().unwrap_or_default()
    }

    /// The Rust type `send()` resolves to.
    pub fn output_type(&self) -> String {
        match &self.response {
            ResponseShape::Void => "()".to_owned(),
            ResponseShape::Keyed {
                ty,
                optional: false,
                ..
            } => ty.rust(),
            ResponseShape::Keyed {
                ty, optional: true, ..
            } => format!("Option<{}>", ty.rust()),
            ResponseShape::Body {
                ty,
                nullable: false,
            } => ty.rust(),
            ResponseShape::Body { ty, nullable: true } => format!("Option<{}>", ty.rust()),
            ResponseShape::Raw(kind) => kind.rust().to_owned(),
            ResponseShape::ByStatus(status_enum) => status_enum.name.clone(),
        }
    }

    /// The kind of a body returned as it is (bytes or text), if it is.
    pub fn raw_response(&self) -> Option<RawKind> {
        match self.response {
            ResponseShape::Raw(kind) => Some(kind),
            _ => None,
        }
    }

    /// The enum returned when successes differ by status.
    pub fn status_enum(&self) -> Option<&StatusEnum> {
        match &self.response {
            ResponseShape::ByStatus(status_enum) => Some(status_enum),
            _ => None,
        }
    }

    /// The body fields sent as binary multipart parts, each with whether it is required.
    pub fn file_parts(&self) -> Vec<(&Param, bool)> {
        self.params()
            .filter(|(p, _)| p.in_struct() && p.ty == TypeRef::File)
            .collect()
    }

    /// Whether the method returns the whole success body.
    pub fn returns_body(&self) -> bool {
        matches!(self.response, ResponseShape::Body { .. })
    }

    /// The key the returned value sits under, or `None` for a void operation.
    pub fn response_key(&self) -> Option<&str> {
        match &self.response {
            ResponseShape::Keyed { key, .. } => Some(key),
            _ => None,
        }
    }

    /// What `pages()` and `items()` need: a paginated list whose items are
    /// always there (a list under the response key, never optional; or the
    /// whole body, never null, with the items in a field of it).
    pub fn paged_list(&self) -> Option<PagedList> {
        let pagination = self.pagination.as_ref()?;
        let item_type = match (&pagination.reader, &self.response) {
            (
                PageReader::Keyed,
                ResponseShape::Keyed {
                    ty: TypeRef::List(item),
                    optional: false,
                    ..
                },
            ) => item.rust(),
            (PageReader::Keyed, _) => return None,
            (
                reader,
                ResponseShape::Body {
                    nullable: false, ..
                },
            ) => reader.item()?.rust(),
            _ => return None,
        };
        Some(PagedList {
            item_type,
            key: self.response_key().unwrap_or_default().to_owned(),
            cursor_field: pagination.cursor.field().to_owned(),
            cursor_setter: pagination.cursor_setter.clone(),
            cursor: pagination.cursor.clone(),
            reader: pagination.reader.clone(),
        })
    }
}

/// The facts of an operation's doc example; `resource.rs.j2` writes the code.
#[derive(Debug, Clone, Default)]
pub struct Example {
    /// The accessors from the client to the method's resource (`["acs", "credentials"]`).
    pub accessors: Vec<String>,
    /// A placeholder for each required argument.
    pub args: Vec<ExampleArg>,
    /// The variable the returned value is bound to (`acs_credential`), if any.
    pub binding: Option<String>,
}

/// A placeholder argument of an example, by its type.
#[derive(Debug, Clone)]
pub enum ExampleArg {
    /// A string: the parameter's wire name.
    Str(String),
    /// A list of strings, with the wire name as its only item.
    StrList(String),
    Bool,
    Integer,
    Number,
    DateTime,
    Json,
    /// An enum's first variant.
    Variant {
        enum_name: String,
        variant: String,
    },
    EmptyList,
    /// An empty file's bytes.
    Bytes,
    /// `Default::default()` for anything else.
    Default,
}

/// A paginated list as the request builder's `pages()` and `items()` use it.
#[derive(Debug, Clone)]
pub struct PagedList {
    /// The item type (`AcsCredential` for `Vec<AcsCredential>`).
    pub item_type: String,
    /// The response key, for [`PageReader::Keyed`].
    pub key: String,
    /// The field that carries the cursor (of the parameter struct or of the
    /// builder), and its setter.
    pub cursor_field: String,
    pub cursor_setter: String,
    pub cursor: CursorField,
    pub reader: PageReader,
}

/// How a paginated list asks for its next page.
#[derive(Debug, Clone)]
pub struct Pagination {
    /// Where the next page's cursor goes.
    pub cursor: CursorField,
    /// The setter of that parameter, as the docs name it.
    pub cursor_setter: String,
    /// Where a page's items and the next page's cursor are.
    pub reader: PageReader,
}

/// The request field each page's cursor is stored in.
#[derive(Debug, Clone)]
pub enum CursorField {
    /// A field of the parameter struct (`page_cursor`), stored as `repr` says
    /// (`Option<Option<String>>` when optional and nullable).
    Body { field: String, repr: FieldRepr },
    /// A field of the builder itself (a query parameter): `String` when
    /// required, else `Option<String>`.
    Builder { field: String, required: bool },
    /// None: the pager moves the request itself on (an offset or page
    /// number in the query, or the next page's URL).
    Request,
}

impl CursorField {
    /// The field the cursor is stored in; empty for [`CursorField::Request`].
    pub fn field(&self) -> &str {
        match self {
            CursorField::Body { field, .. } | CursorField::Builder { field, .. } => field,
            CursorField::Request => "",
        }
    }

    /// The expression that stores `value` (a `String`) in the field.
    pub fn store(&self, value: &str) -> String {
        match self {
            CursorField::Body {
                repr: FieldRepr::Plain,
                ..
            }
            | CursorField::Builder { required: true, .. } => value.to_owned(),
            CursorField::Body {
                repr: FieldRepr::OptionalNullable,
                ..
            } => format!("Some(Some({value}))"),
            _ => format!("Some({value})"),
        }
    }
}

/// Where a page's items and the way to the next page are in a success body
/// (the runtime's `pagination::Paging`; field names are wire names).
#[derive(Debug, Clone)]
pub enum PageReader {
    /// The items under the response key, the next cursor in the profile's
    /// pagination object beside them (the runtime's `conventions::PAGINATION`).
    Keyed,
    /// The items in `items`; more follow while `more` is true, from the
    /// last item's `item_id`.
    LastItem {
        items: String,
        more: String,
        item_id: String,
        item: TypeRef,
    },
    /// The items in `items`; the next page's cursor in `next_cursor`; more
    /// follow while `more` is true (without it, while there is a cursor).
    NextCursor {
        items: String,
        next_cursor: String,
        more: Option<String>,
        item: TypeRef,
    },
    /// The items in `items` (or the whole body); the next page at the offset
    /// after them, in the query parameter `parameter`; more follow while
    /// `more` is true or, without it, while a page is full.
    Offset {
        items: Option<String>,
        parameter: String,
        limit: Option<String>,
        more: Option<String>,
        item: TypeRef,
    },
    /// The items in `items` (or the whole body); the next page's number, from
    /// `first`, in the query parameter `parameter`; more follow up to
    /// `total_pages`, while `more` is true or, without either, while a page is full.
    PageNumber {
        items: Option<String>,
        parameter: String,
        first: u64,
        limit: Option<String>,
        total_pages: Option<String>,
        more: Option<String>,
        item: TypeRef,
    },
    /// The items in `items` (or the whole body); the next page's URL in the
    /// response header `header` (RFC 8288).
    LinkHeader {
        items: Option<String>,
        header: String,
        item: TypeRef,
    },
    /// The items in `items`; the next page's URL in the body's `next_url`.
    NextUrl {
        items: String,
        next_url: String,
        item: TypeRef,
    },
}

impl PageReader {
    /// The type of a page's items, for the readers of a whole body.
    pub fn item(&self) -> Option<&TypeRef> {
        match self {
            PageReader::Keyed => None,
            PageReader::LastItem { item, .. }
            | PageReader::NextCursor { item, .. }
            | PageReader::Offset { item, .. }
            | PageReader::PageNumber { item, .. }
            | PageReader::LinkHeader { item, .. }
            | PageReader::NextUrl { item, .. } => Some(item),
        }
    }
}

/// A request parameter, surfaced as a method argument or a builder setter.
/// One variant of a union request body, as far as the command line checks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyVariant {
    /// What a usage error calls it: its component's name, or its shape.
    pub name: String,
    /// The JSON type it must be (`object`, `array`, `string`, `number`,
    /// `integer`, `boolean`), empty for any.
    pub json_type: String,
    /// The properties an object must have.
    pub required: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Param {
    /// The field it sets: of the parameter struct, or for a path, query or
    /// header parameter of the builder itself (named as its setter).
    pub field_name: String,
    /// The argument or setter name (the field name unless that clashes with a builder method).
    pub setter_name: String,
    pub wire_name: String,
    pub ty: TypeRef,
    pub docs: Docs,
    pub nullable: bool,
    pub deprecated: Option<String>,
    pub undocumented: Option<String>,
    /// Optional and nullable: the builder also offers a setter that sends explicit null.
    pub double_option: bool,
    /// That setter's name (`<name>_null`); empty when there is none.
    pub null_setter: String,
    pub location: ParamLocation,
    /// The schema's `default` (JSON text), as on [`Field::default`].
    pub default: Option<String>,
}

impl Param {
    /// The argument type a method or setter accepts.
    pub fn arg_type(&self) -> String {
        match &self.ty {
            TypeRef::String => "impl Into<String>".to_owned(),
            TypeRef::Bytes => "impl Into<Vec<u8>>".to_owned(),
            TypeRef::File => "impl Into<crate::FilePart>".to_owned(),
            // Integers convert losslessly, so `.limit(10)` reads naturally.
            TypeRef::Number => "impl Into<f64>".to_owned(),
            TypeRef::List(item) if **item == TypeRef::String => {
                "impl IntoIterator<Item = impl Into<String>>".to_owned()
            }
            TypeRef::List(item) => format!("impl IntoIterator<Item = {}>", item.rust()),
            other => other.rust(),
        }
    }

    /// Expression converting the argument into the field's inner type.
    fn convert(&self) -> String {
        let name = &self.setter_name;
        match &self.ty {
            TypeRef::String | TypeRef::Number | TypeRef::Bytes | TypeRef::File => {
                format!("{name}.into()")
            }
            TypeRef::List(item) if **item == TypeRef::String => {
                format!("{name}.into_iter().map(Into::into).collect()")
            }
            TypeRef::List(_) => format!("{name}.into_iter().collect()"),
            TypeRef::Boxed(_) => format!("Box::new({name})"),
            _ => name.clone(),
        }
    }

    /// Whether the parameter is a field of the parameter struct.
    pub fn in_struct(&self) -> bool {
        self.location == ParamLocation::Struct
    }

    /// The builder field's type, for a parameter outside the struct.
    pub fn builder_field_type(&self, required: bool) -> String {
        if required {
            self.ty.rust()
        } else {
            format!("Option<{}>", self.ty.rust())
        }
    }

    /// Expression for the body field holding the converted argument.
    pub fn field_value(&self, required: bool) -> String {
        let value = self.convert();
        match (required, self.nullable, self.double_option) {
            (true, false, _) => value,
            (_, _, true) => format!("Some(Some({value}))"),
            _ => format!("Some({value})"),
        }
    }

    /// The field's initializer in a struct literal (shorthand when the names match).
    pub fn field_init(&self, required: bool) -> String {
        let value = self.field_value(required);
        if value == self.field_name {
            value
        } else {
            format!("{}: {value}", self.field_name)
        }
    }
}

/// How a field, a list item or a parameter refers to a type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    String,
    Bool,
    Integer,
    Number,
    DateTime,
    /// Anything JSON: schemas without a type.
    Json,
    /// Raw bytes: a binary request body.
    Bytes,
    /// A binary multipart field: the runtime's `FilePart` (bytes, file name,
    /// media type).
    File,
    Named {
        id: TypeId,
        name: String,
    },
    List(Box<TypeRef>),
    Map(Box<TypeRef>),
    /// A named type that contains itself; boxed to give it a size.
    Boxed(Box<TypeRef>),
}

impl TypeDef {
    /// Callers build it themselves, with `default()` and `with_` setters.
    pub fn built_by_callers(&self) -> bool {
        self.in_request && !self.filled_by_builder
    }
}

impl TypeRef {
    pub fn is_string(&self) -> bool {
        *self == TypeRef::String
    }

    /// The Rust type as written inside `models` (other modules import `models::*`).
    pub fn rust(&self) -> String {
        match self {
            TypeRef::String => "String".to_owned(),
            TypeRef::Bool => "bool".to_owned(),
            TypeRef::Integer => "i64".to_owned(),
            TypeRef::Number => "f64".to_owned(),
            TypeRef::DateTime => "chrono::DateTime<chrono::Utc>".to_owned(),
            TypeRef::Json => "serde_json::Value".to_owned(),
            TypeRef::Bytes => "Vec<u8>".to_owned(),
            TypeRef::File => "crate::FilePart".to_owned(),
            TypeRef::Named { name, .. } => name.clone(),
            TypeRef::List(item) => format!("Vec<{}>", item.rust()),
            TypeRef::Map(value) => format!("std::collections::BTreeMap<String, {}>", value.rust()),
            TypeRef::Boxed(inner) => format!("Box<{}>", inner.rust()),
        }
    }

    pub fn named_id(&self) -> Option<TypeId> {
        match self {
            TypeRef::Named { id, .. } => Some(*id),
            TypeRef::Boxed(inner) => inner.named_id(),
            _ => None,
        }
    }
}

/// A named Rust type in `models`.
#[derive(Debug, Clone)]
pub struct TypeDef {
    pub name: String,
    pub docs: Docs,
    pub kind: TypeKind,
    /// Reachable from a request body: optional nullable fields keep "absent" apart from null.
    pub in_request: bool,
    /// An operation's parameter struct, which its request builder fills: callers
    /// build it through the builder, so it has no `with_` setters of its own.
    pub filled_by_builder: bool,
    /// The resource features it is compiled with.
    pub gate: Gate,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct(StructDef),
    Enum(EnumDef),
    TaggedUnion(UnionDef),
    Untagged(UntaggedDef),
}

#[derive(Debug, Clone, Default)]
pub struct StructDef {
    pub fields: Vec<Field>,
    /// Extra properties allowed by `additionalProperties`, kept in a flattened map.
    pub additional: Option<TypeRef>,
    /// The map field's name (`additional_properties` unless a property took it).
    pub additional_name: String,
    /// Required properties' wire names in the order the spec's `required` lists
    /// them, which is the order of a request's arguments (the properties may be
    /// sorted alphabetically: `starts_daily_at` still comes before `ends_daily_at`).
    pub required_order: Vec<String>,
}

impl StructDef {
    /// The chainable setter of one extra property (a request object's).
    pub fn additional_setter_name(&self) -> String {
        crate::names::with_setter_name(&self.additional_name)
    }

    /// Whether any field holds a secret, so `Debug` is written out to hide it.
    pub fn has_sensitive(&self) -> bool {
        self.fields.iter().any(|f| f.sensitive)
    }

    /// The fields that must be in the JSON object, with their places among all
    /// fields (which number the decoder's slots).
    pub fn required_fields(&self) -> Vec<(usize, &Field)> {
        (self.fields.iter().enumerate())
            .filter(|(_, f)| f.decode() == FieldDecode::Required)
            .collect()
    }

    /// Whether any field is read from the JSON object (not every one is skipped).
    pub fn reads_fields(&self) -> bool {
        (self.fields.iter()).any(|f| f.decode() != FieldDecode::Skipped)
    }
}

/// A struct field.
#[derive(Debug, Clone)]
pub struct Field {
    pub rust_name: String,
    pub wire_name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    pub docs: Docs,
    pub deprecated: Option<String>,
    pub undocumented: Option<String>,
    /// Holds a secret: `Debug` shows `<redacted>` instead of the value.
    pub sensitive: bool,
    /// How the field is stored; settled once `TypeDef::in_request` is known.
    pub repr: FieldRepr,
    /// The schema's `default` (JSON text): what the API assumes when the field
    /// is left out. A change to it changes what callers' code means.
    pub default: Option<String>,
}

/// How a field is stored and (de)serialized.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldRepr {
    /// Always present: `T`. A response that leaves it out fails to decode,
    /// except lists and maps, which decode as empty.
    Plain,
    /// Present but may be null: `Option<T>`, serialized as null.
    Nullable,
    /// May be absent: `Option<T>`, left out when `None`.
    Optional,
    /// May be absent or null: `Option<Option<T>>`.
    OptionalNullable,
}

impl FieldRepr {
    /// The one rule: how a field is stored, from whether it is required and
    /// nullable and whether its type is sent in a request (only a request keeps
    /// "absent" apart from `null`).
    pub fn of(required: bool, nullable: bool, in_request: bool) -> Self {
        match (required, nullable) {
            (true, false) => FieldRepr::Plain,
            (true, true) => FieldRepr::Nullable,
            (false, false) => FieldRepr::Optional,
            (false, true) if in_request => FieldRepr::OptionalNullable,
            (false, true) => FieldRepr::Optional,
        }
    }
}

impl Field {
    /// Whether serde needs a `rename` (the Rust name differs from the wire name).
    pub fn needs_rename(&self) -> bool {
        self.rust_name != self.wire_name
    }

    /// Stored as its type itself, not in an `Option`.
    pub fn is_plain(&self) -> bool {
        self.repr == FieldRepr::Plain
    }

    /// The chainable setter of a request type's field: `with_` and its name.
    pub fn with_setter_name(&self) -> String {
        crate::names::with_setter_name(&self.rust_name)
    }

    /// What that setter takes: the field's type without the `Option` that
    /// only says "absent".
    pub fn setter_type(&self) -> String {
        let inner = self.ty.rust();
        match self.repr {
            FieldRepr::Plain | FieldRepr::Optional => inner,
            FieldRepr::Nullable | FieldRepr::OptionalNullable => format!("Option<{inner}>"),
        }
    }

    /// Whether the setter wraps its value in `Some` (the field may be absent).
    pub fn setter_wraps(&self) -> bool {
        matches!(self.repr, FieldRepr::Optional | FieldRepr::OptionalNullable)
    }

    pub fn rust_type(&self) -> String {
        let inner = self.ty.rust();
        match self.repr {
            FieldRepr::Plain => inner,
            FieldRepr::Nullable | FieldRepr::Optional => format!("Option<{inner}>"),
            FieldRepr::OptionalNullable => format!("Option<Option<{inner}>>"),
        }
    }

    /// The arguments of the field's `#[serde(...)]` attribute for `Serialize`,
    /// in order; the struct template spells them. Decoding follows
    /// [`Field::decode`].
    pub fn serde_args(&self) -> Vec<SerdeArg> {
        // A file is a part of its own in a multipart body, never a JSON value.
        if self.ty == TypeRef::File {
            return vec![SerdeArg::Skip];
        }
        let mut args = Vec::new();
        if self.needs_rename() {
            args.push(SerdeArg::Rename(self.wire_name.clone()));
        }
        if matches!(self.repr, FieldRepr::Optional | FieldRepr::OptionalNullable) {
            args.push(SerdeArg::SkipIfNone);
        }
        args
    }

    /// How the field is read from an object.
    pub fn decode(&self) -> FieldDecode {
        if self.ty == TypeRef::File {
            return FieldDecode::Skipped;
        }
        match self.repr {
            // An absent list or map reads as empty; any other absent required
            // value is an error, never an invented value.
            FieldRepr::Plain if matches!(self.ty, TypeRef::List(_) | TypeRef::Map(_)) => {
                FieldDecode::OrDefault
            }
            FieldRepr::Plain => FieldDecode::Required,
            FieldRepr::Nullable | FieldRepr::Optional => FieldDecode::OrDefault,
            FieldRepr::OptionalNullable => FieldDecode::NullKept,
        }
    }
}

/// One argument of a field's `#[serde(...)]` attribute (for `Serialize`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SerdeArg {
    /// The wire name, which differs from the Rust name.
    Rename(String),
    /// `None` is left out when serializing.
    SkipIfNone,
    /// Not serialized: a file of a multipart body, sent as a part of its own.
    Skip,
}

/// How a struct's field is read from a JSON object (`templates/runtime/fields.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldDecode {
    /// Absent is "missing field".
    Required,
    /// Absent (and for an `Option`, `null`) is the type's default.
    OrDefault,
    /// `Option<Option<T>>`: absent is `None`, `null` is `Some(None)`.
    NullKept,
    /// Not in the JSON at all: always the default.
    Skipped,
}

/// A string enum with a catch-all variant that keeps unknown values.
#[derive(Debug, Clone)]
pub struct EnumDef {
    pub variants: Vec<EnumVariant>,
    /// Name of the catch-all variant holding unknown values (`Unknown`).
    pub catch_all: String,
    /// Documented default, if the spec gives one.
    pub default: Option<String>,
}

#[derive(Debug, Clone)]
pub struct EnumVariant {
    pub name: String,
    pub wire: String,
    pub docs: Docs,
}

impl EnumDef {
    /// The variant the spec names as the default, marked `#[default]` in the derive;
    /// without one, `Default` gives an empty unknown value.
    pub fn default_variant(&self) -> Option<&str> {
        let default = self.default.as_ref()?;
        self.variants
            .iter()
            .find(|v| &v.wire == default)
            .map(|v| v.name.as_str())
    }
}

/// A `oneOf` told apart by a discriminator property; unknown tags are kept as JSON.
#[derive(Debug, Clone)]
pub struct UnionDef {
    pub tag: String,
    pub variants: Vec<UnionVariant>,
    pub catch_all: String,
    /// Fields every variant has alike (an event's `event_id`), read through
    /// accessors on the union.
    pub shared_fields: Vec<Field>,
}

#[derive(Debug, Clone)]
pub struct UnionVariant {
    pub name: String,
    pub tag_value: String,
    /// The variant's payload: a struct without the tag field.
    pub ty: TypeRef,
    pub docs: Docs,
}

/// A `oneOf` without a discriminator over non-object variants: tried in order.
#[derive(Debug, Clone)]
pub struct UntaggedDef {
    pub variants: Vec<UntaggedVariant>,
    pub catch_all: String,
}

#[derive(Debug, Clone)]
pub struct UntaggedVariant {
    pub name: String,
    pub ty: TypeRef,
}
