//! How the model's facts are spelled in Rust: a type reference, a field's stored
//! type, what a method returns, what an argument accepts and the expression that
//! stores it, a status pattern.
//!
//! The model holds facts and no Rust syntax; this is the one place that spells
//! them, for the templates (through the filters in `render/filters.rs`) and for the
//! API surface, which records signatures as Rust. Identifiers themselves come from
//! [`names`](crate::names); this module only composes them.

use crate::model::{
    CursorField, Field, FieldRepr, Operation, Param, RawKind, ResponseShape, StatusBody,
    StatusVariant, TypeRef,
};

/// The Rust type as written inside `models` (other modules import `models::*`).
pub fn type_ref(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::Integer => "i64".to_owned(),
        TypeRef::Number => "f64".to_owned(),
        TypeRef::DateTime => "chrono::DateTime<chrono::Utc>".to_owned(),
        TypeRef::Json => "serde_json::Value".to_owned(),
        TypeRef::Bytes => "Vec<u8>".to_owned(),
        TypeRef::File => "crate::FilePart".to_owned(),
        TypeRef::Named { name, .. } => name.clone(),
        TypeRef::List(item) => format!("Vec<{}>", type_ref(item)),
        TypeRef::Map(value) => format!("std::collections::BTreeMap<String, {}>", type_ref(value)),
        TypeRef::Boxed(inner) => format!("Box<{}>", type_ref(inner)),
    }
}

/// The type of a body read or sent as it is.
pub fn raw_kind(kind: RawKind) -> &'static str {
    match kind {
        RawKind::Bytes => "Vec<u8>",
        RawKind::Text => "String",
    }
}

/// `inner` stored as `repr` says: `T`, `Option<T>` or `Option<Option<T>>`.
fn stored_type(inner: String, repr: FieldRepr) -> String {
    match repr {
        FieldRepr::Plain => inner,
        FieldRepr::Nullable | FieldRepr::Optional => format!("Option<{inner}>"),
        FieldRepr::OptionalNullable => format!("Option<Option<{inner}>>"),
    }
}

/// The expression that stores `value` in a field stored as `repr`: the one
/// spelling of it, for arguments, setters and page cursors alike.
pub fn store(repr: FieldRepr, value: &str) -> String {
    match repr {
        FieldRepr::Plain => value.to_owned(),
        FieldRepr::OptionalNullable => format!("Some(Some({value}))"),
        FieldRepr::Nullable | FieldRepr::Optional => format!("Some({value})"),
    }
}

/// A struct field's declared type.
pub fn field_type(field: &Field) -> String {
    stored_type(type_ref(&field.ty), field.repr)
}

/// What a request type's `with_` setter takes: the field's type without the
/// `Option` that only says "absent".
pub fn setter_type(field: &Field) -> String {
    let inner = type_ref(&field.ty);
    match field.repr {
        FieldRepr::Plain | FieldRepr::Optional => inner,
        FieldRepr::Nullable | FieldRepr::OptionalNullable => format!("Option<{inner}>"),
    }
}

/// The type `send()` resolves to.
pub fn output_type(op: &Operation) -> String {
    match &op.response {
        ResponseShape::Void => "()".to_owned(),
        ResponseShape::Keyed {
            ty,
            optional: false,
            ..
        }
        | ResponseShape::Body {
            ty,
            nullable: false,
        } => type_ref(ty),
        ResponseShape::Keyed { ty, .. } | ResponseShape::Body { ty, .. } => {
            format!("Option<{}>", type_ref(ty))
        }
        ResponseShape::Raw(kind) => raw_kind(*kind).to_owned(),
        ResponseShape::Events { data } => format!("crate::EventStream<{}>", type_ref(data)),
        ResponseShape::ByStatus(status_enum) => status_enum.name.clone(),
    }
}

/// The function that decodes each event's data: as it is for text, else as JSON.
pub fn event_decoder(data: &TypeRef) -> String {
    match data {
        TypeRef::String => "crate::events::text".to_owned(),
        other => format!("crate::events::json::<{}>", type_ref(other)),
    }
}

/// The payload type of a status variant; empty for one without a body.
pub fn payload(body: &StatusBody) -> String {
    match body {
        StatusBody::Empty => String::new(),
        StatusBody::Json {
            ty,
            nullable: false,
        } => type_ref(ty),
        StatusBody::Json { ty, nullable: true } => format!("Option<{}>", type_ref(ty)),
        StatusBody::Raw(kind) => raw_kind(*kind).to_owned(),
    }
}

/// The pattern matching a variant's statuses (`404`, `400..=499`).
pub fn status_pattern(variant: &StatusVariant) -> String {
    if variant.low == variant.high {
        variant.low.to_string()
    } else {
        format!("{}..={}", variant.low, variant.high)
    }
}

/// The type a method or setter accepts for `param`.
pub fn arg_type(param: &Param) -> String {
    match &param.ty {
        // Integers convert losslessly, so `.limit(10)` reads naturally.
        TypeRef::String | TypeRef::Bytes | TypeRef::File | TypeRef::Number => {
            format!("impl Into<{}>", type_ref(&param.ty))
        }
        TypeRef::List(item) if item.is_string() => {
            "impl IntoIterator<Item = impl Into<String>>".to_owned()
        }
        TypeRef::List(item) => format!("impl IntoIterator<Item = {}>", type_ref(item)),
        other => type_ref(other),
    }
}

/// The expression converting the argument into the field's inner type, or
/// `None` when the argument is that type already.
fn conversion(param: &Param) -> Option<String> {
    let name = &param.setter_name;
    match &param.ty {
        TypeRef::String | TypeRef::Number | TypeRef::Bytes | TypeRef::File => {
            Some(format!("{name}.into()"))
        }
        TypeRef::List(item) if item.is_string() => {
            Some(format!("{name}.into_iter().map(Into::into).collect()"))
        }
        TypeRef::List(_) => Some(format!("{name}.into_iter().collect()")),
        TypeRef::Boxed(_) => Some(format!("Box::new({name})")),
        _ => None,
    }
}

/// The expression storing the argument in its field (converted, then stored as
/// the parameter's `repr` says).
pub fn param_value(param: &Param) -> String {
    let value = conversion(param).unwrap_or_else(|| param.setter_name.clone());
    store(param.repr, &value)
}

/// The parameter's initializer in a struct literal: the shorthand when the
/// argument is stored as it is under its own name.
pub fn param_init(param: &Param) -> String {
    let as_is = conversion(param).is_none() && param.repr == FieldRepr::Plain;
    if as_is && param.setter_name == param.field_name {
        param.field_name.clone()
    } else {
        format!("{}: {}", param.field_name, param_value(param))
    }
}

/// The expression storing a page's cursor (`cursor`, a `String`) in its field.
pub fn cursor_store(cursor: &CursorField) -> String {
    store(cursor.repr(), "cursor")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Docs, ParamLocation};

    fn param(name: &str, ty: TypeRef, repr: FieldRepr) -> Param {
        Param {
            field_name: name.to_owned(),
            setter_name: name.to_owned(),
            wire_name: name.to_owned(),
            ty,
            docs: Docs::default(),
            nullable: false,
            deprecated: None,
            undocumented: None,
            null_setter: None,
            repr,
            location: ParamLocation::Struct,
            default: None,
        }
    }

    #[test]
    fn an_argument_is_converted_then_stored_as_its_field() {
        let limit = param("limit", TypeRef::Integer, FieldRepr::Plain);
        assert_eq!(arg_type(&limit), "i64");
        assert_eq!(param_init(&limit), "limit");
        let name = param("name", TypeRef::String, FieldRepr::Plain);
        assert_eq!(arg_type(&name), "impl Into<String>");
        assert_eq!(param_init(&name), "name: name.into()");
        let ids = param(
            "ids",
            TypeRef::List(Box::new(TypeRef::String)),
            FieldRepr::Optional,
        );
        assert_eq!(
            arg_type(&ids),
            "impl IntoIterator<Item = impl Into<String>>"
        );
        assert_eq!(
            param_value(&ids),
            "Some(ids.into_iter().map(Into::into).collect())"
        );
        let note = param("note", TypeRef::String, FieldRepr::OptionalNullable);
        assert_eq!(param_value(&note), "Some(Some(note.into()))");
    }

    #[test]
    fn fields_are_stored_as_their_repr_says() {
        let ty = TypeRef::Integer;
        assert_eq!(stored_type(type_ref(&ty), FieldRepr::Plain), "i64");
        assert_eq!(
            stored_type(type_ref(&ty), FieldRepr::Nullable),
            "Option<i64>"
        );
        assert_eq!(
            stored_type(type_ref(&ty), FieldRepr::OptionalNullable),
            "Option<Option<i64>>"
        );
        assert_eq!(store(FieldRepr::Optional, "v"), "Some(v)");
        assert_eq!(
            type_ref(&TypeRef::Map(Box::new(TypeRef::List(Box::new(
                TypeRef::Bool
            ))))),
            "std::collections::BTreeMap<String, Vec<bool>>"
        );
    }
}
