//! Types in the model: how a field refers to a type ([`TypeRef`]), and each
//! named type's definition: structs and their fields, string enums, tagged
//! and untagged unions.

use super::{Docs, Gate, TypeId};

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

    pub fn named_id(&self) -> Option<TypeId> {
        match self {
            TypeRef::Named { id, .. } => Some(*id),
            TypeRef::Boxed(inner) => inner.named_id(),
            _ => None,
        }
    }

    /// The named type it mentions, directly or through lists, maps and boxes.
    pub fn named_ids(&self) -> Vec<TypeId> {
        match self {
            TypeRef::Named { id, .. } => vec![*id],
            TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Boxed(inner) => inner.named_ids(),
            _ => Vec::new(),
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

impl TypeKind {
    /// Every type reference the definition holds: its fields' and extra
    /// properties', or its variants'. The one list of them.
    pub fn type_refs(&self) -> Vec<&TypeRef> {
        match self {
            TypeKind::Struct(def) => (def.fields.iter().map(|f| &f.ty))
                .chain(&def.additional)
                .collect(),
            TypeKind::TaggedUnion(def) => def.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Untagged(def) => def.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Enum(_) => Vec::new(),
        }
    }

    /// [`TypeKind::type_refs`], to change them.
    pub fn type_refs_mut(&mut self) -> Vec<&mut TypeRef> {
        match self {
            TypeKind::Struct(def) => (def.fields.iter_mut().map(|f| &mut f.ty))
                .chain(&mut def.additional)
                .collect(),
            TypeKind::TaggedUnion(def) => def.variants.iter_mut().map(|v| &mut v.ty).collect(),
            TypeKind::Untagged(def) => def.variants.iter_mut().map(|v| &mut v.ty).collect(),
            TypeKind::Enum(_) => Vec::new(),
        }
    }
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

    /// Whether the setter wraps its value in `Some` (the field may be absent).
    pub fn setter_wraps(&self) -> bool {
        matches!(self.repr, FieldRepr::Optional | FieldRepr::OptionalNullable)
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
