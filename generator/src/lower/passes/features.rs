//! Pass: one cargo feature per top-level resource, and which of them each type
//! needs, so that a user who turns on one resource compiles only what it reaches.

use crate::lower::passes::request_types::referenced_types;
use crate::model::{Gate, Operation, Resource, ResourceFeature, TypeAlias, TypeDef, TypeId};
use std::collections::BTreeSet;

/// What outside the resources needs types.
pub(in crate::lower) struct OtherUses<'a> {
    /// The webhook event, which the built-in `webhooks` feature's verifier
    /// decodes (as the `events` resource may).
    pub webhook_event: Vec<TypeId>,
    pub aliases: &'a mut [TypeAlias],
}

/// Names each top-level resource's feature (also on the client without context),
/// points each action poll at its module, and gates every type and alias.
/// Returns the features, in the resources' order.
pub(in crate::lower) fn resource_features(
    root: &mut Resource,
    scoped: Option<&mut Resource>,
    types: &mut [TypeDef],
    uses: OtherUses<'_>,
) -> Vec<ResourceFeature> {
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for child in &mut root.children {
        let mut name = crate::names::resource_feature(&child.accessor);
        while taken.contains(&name) {
            name.push_str("_resource");
        }
        taken.insert(name.clone());
        child.feature = Some(name);
    }
    if let Some(scoped) = scoped {
        for child in &mut scoped.children {
            child.feature = (root.children.iter())
                .find(|c| c.path == child.path)
                .and_then(|c| c.feature.clone());
        }
    }
    let requires = settle_action_polls(root);
    let features: Vec<ResourceFeature> = (root.children.iter())
        .filter_map(|c| c.feature.clone())
        .zip(requires)
        .map(|(name, requires)| ResourceFeature { name, requires })
        .collect();

    // Types an operation at the root or an error body reaches are always
    // compiled: the client and the error enum name them whatever is on.
    let mut roots = Vec::new();
    for operation in &root.operations {
        roots.extend(operation.named_types());
    }
    for operation in root.all_operations() {
        roots.extend(operation.errors.iter().flat_map(|e| e.ty.named_ids()));
    }
    let mut gates: Vec<(String, Vec<bool>)> = (features.iter().zip(&root.children))
        .map(|(feature, child)| {
            let reached = reach(
                types,
                child
                    .all_operations()
                    .flat_map(Operation::named_types)
                    .collect(),
            );
            (feature.name.clone(), reached)
        })
        .collect();
    if !uses.webhook_event.is_empty() {
        let reached = reach(types, uses.webhook_event);
        gates.push((crate::names::WEBHOOKS_FEATURE.to_owned(), reached));
    }
    let needed_by = |index: usize| -> Vec<String> {
        (gates.iter())
            .filter(|(_, reached)| reached[index])
            .map(|(feature, _)| feature.clone())
            .collect()
    };
    // A type every resource needs is always compiled, and so is all it reaches.
    for index in 0..types.len() {
        if needed_by(index).len() == gates.len() {
            roots.push(TypeId::new(index));
        }
    }
    let always_compiled = reach(types, roots);
    for (index, def) in types.iter_mut().enumerate() {
        let needed = needed_by(index);
        def.gate = if always_compiled[index] {
            Gate::Always
        } else if needed.is_empty() {
            // A component no operation reaches may name any type: it is
            // compiled when every resource is.
            Gate::Unreached
        } else {
            Gate::Any(needed)
        };
    }
    for alias in uses.aliases.iter_mut() {
        alias.gate = (types.iter())
            .find(|t| t.name == alias.target)
            .map_or(Gate::Always, |t| t.gate.clone());
    }
    features
}

/// Points each operation's action poll at the module of the poll operation,
/// and returns, for each top-level resource, the other resources' features its
/// operations poll through.
fn settle_action_polls(root: &mut Resource) -> Vec<Vec<String>> {
    let mut poll_modules: Vec<(String, Option<String>)> = Vec::new();
    for operation in &root.operations {
        poll_modules.push((operation.const_name.clone(), None));
    }
    for child in &root.children {
        for operation in child.all_operations() {
            poll_modules.push((operation.const_name.clone(), child.feature.clone()));
        }
    }
    let module_of = |const_name: &str| {
        (poll_modules.iter())
            .find(|(name, _)| name == const_name)
            .and_then(|(_, module)| module.clone())
    };
    for operation in &mut root.operations {
        if let Some(poll) = &mut operation.action_poll {
            poll.module = module_of(&poll.const_name);
        }
    }
    let mut requires = Vec::new();
    for child in &mut root.children {
        let own = child.feature.clone();
        let mut needed: Vec<String> = Vec::new();
        point_polls(child, &module_of, &mut |module| {
            if Some(&module) != own.as_ref() && !needed.contains(&module) {
                needed.push(module);
            }
        });
        requires.push(needed);
    }
    requires
}

/// Sets the module of every action poll below `node`, telling `found` each one.
fn point_polls(
    node: &mut Resource,
    module_of: &impl Fn(&str) -> Option<String>,
    found: &mut impl FnMut(String),
) {
    for operation in &mut node.operations {
        if let Some(poll) = &mut operation.action_poll {
            poll.module = module_of(&poll.const_name);
            if let Some(module) = poll.module.clone() {
                found(module);
            }
        }
    }
    for child in &mut node.children {
        point_polls(child, module_of, found);
    }
}

/// Which types `roots` reach, by index.
fn reach(types: &[TypeDef], mut stack: Vec<TypeId>) -> Vec<bool> {
    let mut reached = vec![false; types.len()];
    while let Some(id) = stack.pop() {
        if !std::mem::replace(&mut reached[id.index()], true) {
            stack.extend(referenced_types(&types[id.index()].kind));
        }
    }
    reached
}
