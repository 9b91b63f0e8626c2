//! The filters templates reach Rust text through: string literals and doc
//! attributes, and every spelling of a model fact as Rust (types, stored values,
//! argument conversions), which `rust_text` owns.

use crate::model::{CursorField, Field, Operation, Param, StatusBody, StatusVariant, TypeRef};
use crate::rust_text;

/// A Rust string literal with exactly this text.
#[askama::filter_fn]
pub fn rust_str(value: impl std::fmt::Display, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(crate::names::rust_string_literal(&value.to_string()))
}

/// `Some("..")` for a value, `None` for none: an `Option<&'static str>`.
#[askama::filter_fn]
pub fn rust_opt_str(value: &Option<String>, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(match value {
        Some(value) => format!("Some({})", crate::names::rust_string_literal(value)),
        None => "None".to_owned(),
    })
}

/// Rust string literals for `values`, as a call's arguments (`"a", "b"`).
#[askama::filter_fn]
pub fn rust_args(values: &[String], _: &dyn askama::Values) -> askama::Result<String> {
    Ok(super::cli::string_literals(values))
}

/// A `&'static str` expression for `value`, with `{crate}` and `{version}` as
/// the generated crate's own name and version (`concat!` and `env!`).
#[askama::filter_fn]
pub fn versioned_str(
    value: impl std::fmt::Display,
    _: &dyn askama::Values,
) -> askama::Result<String> {
    let value = value.to_string();
    let mut parts = Vec::new();
    let mut rest = value.as_str();
    while let Some(start) = rest.find('{') {
        let (text, tail) = rest.split_at(start);
        if !text.is_empty() {
            parts.push(crate::names::rust_string_literal(text));
        }
        let (part, skip) = if tail.starts_with("{version}") {
            ("env!(\"CARGO_PKG_VERSION\")".to_owned(), "{version}".len())
        } else if tail.starts_with("{crate}") {
            ("env!(\"CARGO_PKG_NAME\")".to_owned(), "{crate}".len())
        } else {
            (crate::names::rust_string_literal("{"), 1)
        };
        parts.push(part);
        rest = &tail[skip..];
    }
    if !rest.is_empty() || parts.is_empty() {
        parts.push(crate::names::rust_string_literal(rest));
    }
    Ok(match parts.as_slice() {
        [one] => one.clone(),
        _ => format!("concat!({})", parts.join(", ")),
    })
}

/// A flag's kind as the command line's runtime writes it (`flags::Kind::Text`).
#[askama::filter_fn]
pub fn flag_kind(
    kind: &crate::model::cli::FlagKind,
    _: &dyn askama::Values,
) -> askama::Result<String> {
    Ok(super::cli::flag_kind_text(kind))
}

/// One doc line (already sanitized by `names::doc_lines`) as the literal of a
/// `#[doc = ...]` attribute, with the space a `///` comment would have.
#[askama::filter_fn]
pub fn doc_str(line: impl std::fmt::Display, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(crate::names::rust_string_literal(&format!(" {line}")))
}

/// A type reference as Rust (`Vec<AcsCredential>`).
#[askama::filter_fn]
pub fn rust_type(ty: &TypeRef, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(rust_text::type_ref(ty))
}

/// A struct field's declared type (`Option<String>`).
#[askama::filter_fn]
pub fn field_type(field: &Field, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(rust_text::field_type(field))
}

/// The type a request type's `with_` setter takes, inside `impl Into<..>`.
#[askama::filter_fn]
pub fn setter_type(field: &Field, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(rust_text::setter_type(field))
}

/// The type an operation's `send()` resolves to.
#[askama::filter_fn]
pub fn output_type(op: &Operation, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(rust_text::output_type(op))
}

/// The function decoding each event's data of an event stream.
#[askama::filter_fn]
pub fn event_decoder(data: &TypeRef, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(rust_text::event_decoder(data))
}

/// The payload type of a success status's variant.
#[askama::filter_fn]
pub fn payload(body: &StatusBody, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(rust_text::payload(body))
}

/// The pattern matching a success variant's statuses.
#[askama::filter_fn]
pub fn status_pattern(variant: &StatusVariant, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(rust_text::status_pattern(variant))
}

/// The type a method or setter accepts for a parameter.
#[askama::filter_fn]
pub fn arg_type(param: &Param, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(rust_text::arg_type(param))
}

/// The expression storing a parameter's argument in its field.
#[askama::filter_fn]
pub fn param_value(param: &Param, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(rust_text::param_value(param))
}

/// A parameter's initializer in a struct literal.
#[askama::filter_fn]
pub fn param_init(param: &Param, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(rust_text::param_init(param))
}

/// The expression storing a page's cursor in its field.
#[askama::filter_fn]
pub fn cursor_store(cursor: &CursorField, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(rust_text::cursor_store(cursor))
}
