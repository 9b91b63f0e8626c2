//! What a generated crate's README and example show: one first call of each
//! top-level resource, picked from the model (the templates write it as Rust).

use super::{Api, Operation, Resource, ResponseShape};

/// A call to show for one resource: the accessors that reach it, the
/// operation's method and its required arguments (all strings, shown as
/// placeholders named after them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstCall {
    /// The resource's cargo feature, when the crate has one for it.
    pub feature: Option<String>,
    /// `["acs", "credentials"]` for `client.acs().credentials()`.
    pub accessors: Vec<String>,
    pub method: String,
    pub arguments: Vec<String>,
    /// It lists pages: `items()` streams every item.
    pub paged: bool,
}

impl Api {
    /// One call per top-level resource, in the document's order: its first
    /// documented operation (depth first) that takes no required argument,
    /// else the first whose required arguments are all strings; none for a
    /// resource without either.
    pub fn first_calls(&self) -> Vec<FirstCall> {
        let mut calls = Vec::new();
        for top in &self.root.children {
            let candidates: Vec<(Vec<String>, &Operation)> = walk(top, Vec::new());
            let pick = (candidates.iter())
                .find(|(_, op)| op.required.is_empty())
                .or_else(|| {
                    (candidates.iter()).find(|(_, op)| op.required.iter().all(|p| p.ty.is_string()))
                });
            if let Some((accessors, op)) = pick {
                calls.push(FirstCall {
                    feature: top.feature.clone(),
                    accessors: accessors.clone(),
                    method: op.method_name.clone(),
                    arguments: op.required.iter().map(|p| p.field_name.clone()).collect(),
                    paged: op.paged_list().is_some(),
                });
            }
        }
        calls
    }
}

/// The documented operations under `resource`, each with the accessors that
/// reach it, in depth-first order.
fn walk(resource: &Resource, mut path: Vec<String>) -> Vec<(Vec<String>, &Operation)> {
    if resource.undocumented {
        return Vec::new();
    }
    path.push(resource.accessor.clone());
    let mut out: Vec<(Vec<String>, &Operation)> = (resource.operations.iter())
        // What it returns is printed: an operation that returns nothing shows nothing.
        .filter(|op| op.undocumented.is_none() && op.deprecated.is_none())
        .filter(|op| !matches!(op.response, ResponseShape::Void))
        .map(|op| (path.clone(), op))
        .collect();
    for child in &resource.children {
        out.extend(walk(child, path.clone()));
    }
    out
}
