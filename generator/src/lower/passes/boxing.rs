//! Pass: box the fields that close a cycle, so recursive types have a size.

use crate::model::{TypeDef, TypeId, TypeKind, TypeRef};

/// Boxes every field that closes a cycle of direct (unboxed, not in a list or map)
/// containment, so recursive types have a size.
pub(in crate::lower) fn box_recursive_fields(types: &mut [TypeDef]) {
    // The graph works on plain indices.
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| {
            direct_children(&t.kind)
                .into_iter()
                .map(TypeId::index)
                .collect()
        })
        .collect();
    let component = strongly_connected(&edges);
    for id in 0..types.len() {
        let box_if = |ty: &mut TypeRef| {
            if let TypeRef::Named { id: target, .. } = ty {
                if component[target.index()] == component[id] {
                    *ty = TypeRef::Boxed(Box::new(ty.clone()));
                }
            }
        };
        match &mut types[id].kind {
            TypeKind::Struct(def) => def.fields.iter_mut().for_each(|f| box_if(&mut f.ty)),
            TypeKind::TaggedUnion(def) => def.variants.iter_mut().for_each(|v| box_if(&mut v.ty)),
            TypeKind::Untagged(def) => def.variants.iter_mut().for_each(|v| box_if(&mut v.ty)),
            TypeKind::Enum(_) => {}
        }
    }
}

pub(in crate::lower) fn direct_children(kind: &TypeKind) -> Vec<TypeId> {
    let direct = |ty: &TypeRef| match ty {
        TypeRef::Named { id, .. } => Some(*id),
        _ => None,
    };
    match kind {
        TypeKind::Struct(def) => def.fields.iter().filter_map(|f| direct(&f.ty)).collect(),
        TypeKind::TaggedUnion(def) => def.variants.iter().filter_map(|v| direct(&v.ty)).collect(),
        TypeKind::Untagged(def) => def.variants.iter().filter_map(|v| direct(&v.ty)).collect(),
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// Tarjan's algorithm, iterative; returns a component number per node. A node alone in
/// its component without a self-edge gets a number no other node shares, so "same
/// component" means "on a cycle together".
pub(in crate::lower) fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![usize::MAX; n];
    let mut next_index = 0;
    let mut next_component = 0;
    for start in 0..n {
        if index[start] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[node] == usize::MAX {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = edges[node].get(*edge) {
                *edge += 1;
                if index[next] == usize::MAX {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                let mut members = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    members.push(member);
                    if member == node {
                        break;
                    }
                }
                let cyclic = members.len() > 1 || edges[node].contains(&node);
                for member in members {
                    component[member] = if cyclic { next_component } else { n + member };
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn only_fields_closing_a_direct_cycle_are_boxed() {
        // 0 Node -> 0 (itself); 1 A -> 2 B -> 1 A; 3 Leaf -> 0 Node; 4 Tree -> [4] (a list).
        let mut types = vec![
            struct_type("Node", vec![field("next", named(0, "Node"), false, false)]),
            struct_type("A", vec![field("b", named(2, "B"), true, false)]),
            struct_type("B", vec![field("a", named(1, "A"), false, false)]),
            struct_type("Leaf", vec![field("node", named(0, "Node"), true, false)]),
            struct_type(
                "Tree",
                vec![field(
                    "children",
                    TypeRef::List(Box::new(named(4, "Tree"))),
                    true,
                    false,
                )],
            ),
        ];
        box_recursive_fields(&mut types);
        // Each type is still a struct with its one field, boxed or not.
        let boxed = |def: &TypeDef| matches!(fields(def), [f] if matches!(f.ty, TypeRef::Boxed(_)));
        let unboxed =
            |def: &TypeDef| matches!(fields(def), [f] if !matches!(f.ty, TypeRef::Boxed(_)));
        assert!(boxed(&types[0]), "a self-reference");
        assert!(boxed(&types[1]) && boxed(&types[2]), "a cycle of two");
        assert!(unboxed(&types[3]), "pointing into a cycle closes none");
        assert!(unboxed(&types[4]), "a Vec already gives the type a size");
    }

    #[test]
    fn strongly_connected_groups_cycles_and_nothing_else() {
        // 0 -> 1 -> 2 -> 0, 3 -> 0, 4 alone.
        let component = strongly_connected(&[vec![1], vec![2], vec![0], vec![0], vec![]]);
        assert_eq!(component[0], component[1]);
        assert_eq!(component[1], component[2]);
        assert_ne!(component[3], component[0]);
        assert_ne!(component[4], component[0]);
        assert_ne!(component[3], component[4]);
    }
}
