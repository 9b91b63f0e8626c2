//! Small models for the passes' unit tests.

use crate::model::*;

/// A struct type named `name` with these fields.
pub(super) fn struct_type(name: &str, fields: Vec<Field>) -> TypeDef {
    TypeDef {
        name: name.to_owned(),
        docs: Docs::default(),
        kind: TypeKind::Struct(StructDef {
            fields,
            additional: None,
            additional_name: "additional_properties".to_owned(),
            required_order: Vec::new(),
        }),
        in_request: false,
        filled_by_builder: false,
        gate: Gate::default(),
    }
}

/// A field of type `ty`, required or not, nullable or not.
pub(super) fn field(name: &str, ty: TypeRef, required: bool, nullable: bool) -> Field {
    Field {
        default: None,
        rust_name: name.to_owned(),
        wire_name: name.to_owned(),
        ty,
        required,
        nullable,
        docs: Docs::default(),
        deprecated: None,
        undocumented: None,
        sensitive: false,
        repr: FieldRepr::Plain,
    }
}

/// A reference to type `id`.
pub(super) fn named(id: usize, name: &str) -> TypeRef {
    TypeRef::Named {
        id: TypeId::new(id),
        name: name.to_owned(),
    }
}

/// The fields of `def`; none for a type that is not a struct.
pub(super) fn fields(def: &TypeDef) -> &[Field] {
    match &def.kind {
        TypeKind::Struct(s) => &s.fields,
        _ => &[],
    }
}
