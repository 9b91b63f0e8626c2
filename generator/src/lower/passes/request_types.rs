//! Pass: mark every type reachable from a request body or parameter.

use crate::model::{Resource, TypeDef, TypeId, TypeKind, TypeRef};

/// Marks every type reachable from a request body. Each type is visited once
/// (request bodies arrive marked already, so the mark cannot double as "visited").
pub(in crate::lower) fn mark_request_types(types: &mut [TypeDef], root: &Resource) {
    let mut visited = vec![false; types.len()];
    let mut stack: Vec<TypeId> = Vec::new();
    for operation in root.all_operations() {
        stack.extend(operation.body_type);
        // Path, query and header parameters are sent too.
        for (param, _) in operation.wire_params() {
            stack.extend(param.ty.named_ids());
        }
    }
    while let Some(id) = stack.pop() {
        if std::mem::replace(&mut visited[id.index()], true) {
            continue;
        }
        types[id.index()].in_request = true;
        stack.extend(
            referenced_types(&types[id.index()].kind)
                .into_iter()
                .filter(|child| !visited[child.index()]),
        );
    }
}

/// Named types a type refers to, directly or through lists, maps and boxes.
pub(in crate::lower) fn referenced_types(kind: &TypeKind) -> Vec<TypeId> {
    kind.type_refs()
        .into_iter()
        .flat_map(TypeRef::named_ids)
        .collect()
}
