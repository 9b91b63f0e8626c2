//! Pass: drop the types no operation reaches, renumbering the rest.

use crate::lower::passes::request_types::referenced_types;
use crate::model::{Resource, TypeDef, TypeId, TypeRef};

/// Drops types nothing uses (made while trying a shape that was then given up, such
/// as variants of a union that fell back to JSON), keeping every component and every
/// type an operation reaches, and renumbers the rest in their original order.
pub(in crate::lower) fn prune_unreachable(
    types: Vec<TypeDef>,
    root: &mut Resource,
    components: Vec<TypeId>,
) -> Vec<TypeDef> {
    let mut reachable = vec![false; types.len()];
    let mut stack = components;
    for operation in root.all_operations() {
        stack.extend(operation.named_types());
    }
    while let Some(id) = stack.pop() {
        if !std::mem::replace(&mut reachable[id.index()], true) {
            stack.extend(referenced_types(&types[id.index()].kind));
        }
    }
    let mut new_ids = vec![None; types.len()];
    let mut kept = Vec::new();
    for (id, def) in types.into_iter().enumerate() {
        if reachable[id] {
            new_ids[id] = Some(TypeId::new(kept.len()));
            kept.push(def);
        }
    }
    let renumber = |ty: &mut TypeRef| renumber_type(ty, &new_ids);
    for def in &mut kept {
        def.kind.type_refs_mut().into_iter().for_each(renumber);
    }
    renumber_resource(root, &new_ids);
    kept
}

pub(in crate::lower) fn renumber_resource(node: &mut Resource, new_ids: &[Option<TypeId>]) {
    for operation in &mut node.operations {
        operation.body_type = operation.body_type.and_then(|id| new_ids[id.index()]);
        for ty in operation.type_refs_mut() {
            renumber_type(ty, new_ids);
        }
    }
    for child in &mut node.children {
        renumber_resource(child, new_ids);
    }
}

/// Points a type reference at its type's new index (every referenced type is kept).
pub(in crate::lower) fn renumber_type(ty: &mut TypeRef, new_ids: &[Option<TypeId>]) {
    match ty {
        TypeRef::Named { id, .. } => *id = new_ids[id.index()].unwrap_or(*id),
        TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Boxed(inner) => {
            renumber_type(inner, new_ids)
        }
        _ => {}
    }
}
