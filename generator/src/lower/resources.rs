//! The resource tree: operations grouped by path segment, with settled method
//! names and undocumented subtrees.

use crate::diagnostics::{Diagnostics, Pointer};
use crate::lower::{Lowerer, ResourceBuilder};
use crate::model::{Docs, Resource};
use crate::names;
use crate::names::Scope;
use crate::profile::Profile;

impl ResourceBuilder {
    pub(in crate::lower) fn finish(self, lowerer: &mut Lowerer<'_, '_>) -> Resource {
        let handle_scope = &mut lowerer.type_scope;
        let mut root = Resource {
            accessor: String::new(),
            type_name: lowerer.profile.client_name.clone(),
            path: Vec::new(),
            docs: Docs::default(),
            children: Vec::new(),
            operations: Vec::new(),
            undocumented: false,
            feature: None,
        };
        for (path, operations) in self.groups {
            let node = ensure_child(&mut root, &path, handle_scope);
            node.operations.extend(operations);
        }
        settle_method_names(&mut root, lowerer.diags, lowerer.profile);
        mark_undocumented(&mut root);
        root
    }
}

pub(in crate::lower) fn ensure_child<'a>(
    node: &'a mut Resource,
    path: &[String],
    scope: &mut Scope,
) -> &'a mut Resource {
    let Some((first, rest)) = path.split_first() else {
        return node;
    };
    let position = node
        .children
        .iter()
        .position(|c| c.path.last() == Some(first));
    let index = match position {
        Some(index) => index,
        None => {
            let mut child_path = node.path.clone();
            child_path.push(first.clone());
            // A handle's name says what it is, so that no model type (`Devices`)
            // and not the client (`seam.seam()`) ever takes it first.
            let handle = format!("{}_resource", child_path.join("_"));
            let (type_name, _) = scope.claim(names::type_name(&handle));
            node.children.push(Resource {
                accessor: names::snake_name(first),
                type_name,
                docs: Docs {
                    lines: names::doc_lines(&format!(
                        "Operations under `/{}`.",
                        child_path.join("/")
                    )),
                },
                path: child_path,
                children: Vec::new(),
                operations: Vec::new(),
                undocumented: false,
                feature: None,
            });
            node.children.len() - 1
        }
    };
    ensure_child(&mut node.children[index], rest, scope)
}

/// Makes method names unique per resource, beside the accessors of its children.
pub(in crate::lower) fn settle_method_names(
    node: &mut Resource,
    diags: &mut Diagnostics,
    profile: &Profile,
) {
    let mut scope = Scope::with_reserved(names::RESERVED_METHOD_NAMES);
    if node.path.is_empty() {
        scope = Scope::with_reserved(
            &[
                names::RESERVED_METHOD_NAMES,
                names::CLIENT_METHOD_NAMES,
                &profile.client_method_names(),
            ]
            .concat(),
        );
    }
    for child in &mut node.children {
        let (accessor, _) = scope.claim(child.accessor.clone());
        child.accessor = accessor;
    }
    for operation in &mut node.operations {
        let (name, changed) = scope.claim(operation.method_name.clone());
        if changed {
            diags
                .warning(Pointer::root().join("paths").join(&operation.path).join(operation.http_method.to_ascii_lowercase()), format!("operation method `{}` is named `{name}`: the name is already used in this resource", operation.method_name))
                .operation(operation.display_name.clone())
                .help(match profile.extensions.method_name.first() {
                    Some(extension) => format!("give the operations distinct {extension} values"),
                    None => "give the operations distinct paths".to_owned(),
                });
        }
        operation.method_name = name;
    }
    for child in &mut node.children {
        settle_method_names(child, diags, profile);
    }
}

pub(in crate::lower) fn mark_undocumented(node: &mut Resource) -> bool {
    let mut all = !node.operations.is_empty() || !node.children.is_empty();
    all &= node.operations.iter().all(|o| o.undocumented.is_some());
    for child in &mut node.children {
        all &= mark_undocumented(child);
    }
    node.undocumented = all && !node.path.is_empty();
    all
}
