//! Pass: each operation's doc example, from its required parameters: the
//! facts only (accessors, placeholder arguments, the binding); the resource
//! template writes the code.

use crate::model::{
    Example, ExampleArg, RawKind, Resource, ResponseShape, TypeDef, TypeKind, TypeRef,
};
use crate::names;

/// Settles each operation's doc example.
pub(in crate::lower) fn fill_examples(
    node: &mut Resource,
    types: &[TypeDef],
    accessors: &[String],
) {
    for operation in &mut node.operations {
        operation.example = Example {
            accessors: accessors.to_vec(),
            args: operation
                .required
                .iter()
                .map(|p| example_arg(&p.ty, &p.wire_name, types))
                .collect(),
            binding: match &operation.response {
                ResponseShape::Void => None,
                ResponseShape::Keyed { key, .. } => Some(names::snake_name(key)),
                ResponseShape::Body { .. } | ResponseShape::ByStatus(_) => {
                    Some("response".to_owned())
                }
                ResponseShape::Raw(RawKind::Bytes) => Some("bytes".to_owned()),
                ResponseShape::Raw(RawKind::Text) => Some("text".to_owned()),
                ResponseShape::Events { .. } => Some("events".to_owned()),
            },
        };
    }
    for child in &mut node.children {
        let mut accessors = accessors.to_vec();
        accessors.push(child.accessor.clone());
        fill_examples(child, types, &accessors);
    }
}

/// A placeholder argument of type `ty` for examples.
pub(in crate::lower) fn example_arg(
    ty: &TypeRef,
    wire_name: &str,
    types: &[TypeDef],
) -> ExampleArg {
    match ty {
        TypeRef::String => ExampleArg::Str(wire_name.to_owned()),
        TypeRef::Bool => ExampleArg::Bool,
        TypeRef::Integer => ExampleArg::Integer,
        TypeRef::Number => ExampleArg::Number,
        TypeRef::DateTime => ExampleArg::DateTime,
        TypeRef::Json => ExampleArg::Json,
        TypeRef::List(item) if **item == TypeRef::String => {
            ExampleArg::StrList(wire_name.to_owned())
        }
        TypeRef::Named { id, name } => match &types[id.index()].kind {
            TypeKind::Enum(def) => match def.variants.first() {
                Some(variant) => ExampleArg::Variant {
                    enum_name: name.clone(),
                    variant: variant.name.clone(),
                },
                None => ExampleArg::Default,
            },
            _ => ExampleArg::Default,
        },
        TypeRef::List(_) => ExampleArg::EmptyList,
        TypeRef::Bytes => ExampleArg::EmptyList,
        TypeRef::File => ExampleArg::Bytes,
        TypeRef::Map(_) | TypeRef::Boxed(_) => ExampleArg::Default,
    }
}
