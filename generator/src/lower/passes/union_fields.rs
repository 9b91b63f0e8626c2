//! Pass: the fields every variant of a tagged union has (an event's `event_id`,
//! `created_at`, `workspace_id`), which the union offers as accessors so that
//! callers need not match a hundred variants to read them.

use crate::model::{Field, FieldRepr, TypeDef, TypeKind, TypeRef, UnionDef, UnionVariant};

/// Names a shared-field accessor must not take: the union's own method and the
/// trait methods an inherent method would shadow.
const TAKEN: &[&str] = &[
    "tag",
    "clone",
    "fmt",
    "default",
    "serialize",
    "deserialize",
    "eq",
    "ne",
];

pub(in crate::lower) fn shared_union_fields(types: &mut [TypeDef]) {
    for index in 0..types.len() {
        let TypeKind::TaggedUnion(def) = &types[index].kind else {
            continue;
        };
        let shared = shared_fields(def, types);
        if let TypeKind::TaggedUnion(def) = &mut types[index].kind {
            def.shared_fields = shared;
        }
    }
}

/// The fields, in the first variant's order, that every variant's payload has
/// under the same name with the same type and representation.
fn shared_fields(def: &UnionDef, types: &[TypeDef]) -> Vec<Field> {
    let payload = |variant: &UnionVariant| match variant.ty.named_id() {
        Some(id) => match &types[id.index()].kind {
            TypeKind::Struct(s) => Some(&s.fields),
            _ => None,
        },
        None => None,
    };
    let Some(payloads) = def.variants.iter().map(payload).collect::<Option<Vec<_>>>() else {
        return Vec::new();
    };
    let Some((first, rest)) = payloads.split_first() else {
        return Vec::new();
    };
    first
        .iter()
        .filter(|field| {
            !TAKEN.contains(&field.rust_name.as_str())
                && field.repr != FieldRepr::OptionalNullable
                && !matches!(field.ty, TypeRef::Boxed(_))
                && rest.iter().all(|fields| {
                    fields.iter().any(|other| {
                        other.rust_name == field.rust_name
                            && other.wire_name == field.wire_name
                            && other.ty == field.ty
                            && other.repr == field.repr
                    })
                })
        })
        .cloned()
        .collect()
}
