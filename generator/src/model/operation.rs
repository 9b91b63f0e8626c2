//! Operations in the model: an operation's call (required arguments,
//! setters, body, responses, security), its examples, and how a list
//! operation pages.

use super::{
    ActionPoll, Docs, ErrorStatus, FieldEncoding, FieldRepr, ParamLocation, ParamsIn, RawKind,
    ResponseShape, StatusEnum, TypeId, TypeRef,
};

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
    /// Every type reference the operation holds: its parameters', what it
    /// returns, its typed errors'. The one list of them, which passes walk.
    pub fn type_refs(&self) -> Vec<&TypeRef> {
        let params = self.required.iter().chain(&self.optional).map(|p| &p.ty);
        (params.chain(self.response.returned_types()))
            .chain(self.errors.iter().map(|e| &e.ty))
            .collect()
    }

    /// [`Operation::type_refs`], to change them.
    pub fn type_refs_mut(&mut self) -> Vec<&mut TypeRef> {
        let params = (self.required.iter_mut().chain(self.optional.iter_mut())).map(|p| &mut p.ty);
        (params.chain(self.response.returned_types_mut()))
            .chain(self.errors.iter_mut().map(|e| &mut e.ty))
            .collect()
    }

    /// The named types it sends or reads: its body's and those its type
    /// references mention.
    pub fn named_types(&self) -> Vec<TypeId> {
        let mut ids: Vec<TypeId> = self.body_type.into_iter().collect();
        ids.extend(self.type_refs().into_iter().flat_map(TypeRef::named_ids));
        ids
    }
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

    /// The kind of a body returned as it is (bytes or text), if it is.
    pub fn raw_response(&self) -> Option<RawKind> {
        match self.response {
            ResponseShape::Raw(kind) => Some(kind),
            _ => None,
        }
    }

    /// The type of each event's data, for an operation that returns a stream
    /// of server-sent events.
    pub fn event_data(&self) -> Option<&TypeRef> {
        match &self.response {
            ResponseShape::Events { data } => Some(data),
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
        let item = match (&pagination.reader, &self.response) {
            (
                PageReader::Keyed,
                ResponseShape::Keyed {
                    ty: TypeRef::List(item),
                    optional: false,
                    ..
                },
            ) => item.as_ref().clone(),
            (PageReader::Keyed, _) => return None,
            (
                reader,
                ResponseShape::Body {
                    nullable: false, ..
                },
            ) => reader.item()?.clone(),
            _ => return None,
        };
        Some(PagedList {
            item,
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
    pub item: TypeRef,
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

    /// How the field holds the cursor.
    pub fn repr(&self) -> FieldRepr {
        match self {
            CursorField::Body { repr, .. } => *repr,
            CursorField::Builder { required: true, .. } => FieldRepr::Plain,
            CursorField::Builder { .. } | CursorField::Request => FieldRepr::Optional,
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

/// A request parameter, surfaced as a method argument or a builder setter.
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
    /// Optional and nullable: the name of the builder's setter that sends an
    /// explicit null (`<name>_null`).
    pub null_setter: Option<String>,
    /// How the builder stores it: `Plain` for a required argument, else in an
    /// `Option` (`Option<Option<T>>` where it has a null setter).
    pub repr: FieldRepr,
    pub location: ParamLocation,
    /// The schema's `default` (JSON text), as on [`Field::default`].
    pub default: Option<String>,
}

impl Param {
    /// Whether the parameter is a field of the parameter struct.
    pub fn in_struct(&self) -> bool {
        self.location == ParamLocation::Struct
    }
}
