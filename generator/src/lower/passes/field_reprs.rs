//! Pass: each field's representation, from required x nullable and where its
//! type is used.

use crate::model::{FieldRepr, TypeDef, TypeKind};

/// Chooses each field's representation from required/nullable and where the type is used.
pub(in crate::lower) fn settle_field_reprs(types: &mut [TypeDef]) {
    for def in types.iter_mut() {
        let in_request = def.in_request;
        if let TypeKind::Struct(s) = &mut def.kind {
            for field in &mut s.fields {
                field.repr = FieldRepr::of(field.required, field.nullable, in_request);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::model::TypeRef;

    #[test]
    fn required_and_nullable_settle_the_representation() {
        let four = || {
            vec![
                field("a", TypeRef::String, true, false),
                field("b", TypeRef::String, true, true),
                field("c", TypeRef::String, false, false),
                field("d", TypeRef::String, false, true),
            ]
        };
        let mut request = struct_type("Request", four());
        request.in_request = true;
        let mut types = vec![struct_type("Response", four()), request];
        settle_field_reprs(&mut types);
        let reprs = |def: &TypeDef| fields(def).iter().map(|f| f.repr).collect::<Vec<_>>();
        use FieldRepr::*;
        // A response has no use for "absent" beside "null".
        assert_eq!(reprs(&types[0]), [Plain, Nullable, Optional, Optional]);
        // A request can leave a field out, set it, or send null.
        assert_eq!(
            reprs(&types[1]),
            [Plain, Nullable, Optional, OptionalNullable]
        );
    }
}
