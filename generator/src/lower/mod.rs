//! Lowering: a parsed OpenAPI document to the [`model`](crate::model).
//!
//! This is where OpenAPI's many ways of saying one thing are settled: `$ref`s are
//! resolved, `allOf` and undiscriminated object `oneOf`s are merged into structs, inline
//! schemas get stable names from where they stand, identical inline types are generated
//! once, and alias methods of one path (GET, PATCH, DELETE beside POST) fold into one
//! operation. Every name is claimed from a `names::Scope` the moment it is made.
//!
//! The work is split by what it lowers: `refs` (following `$ref`s), `locate` (what a
//! local pointer names), `inside` (schemas inside a component or an operation, named
//! by a `$ref`), `components` (named types), `schemas`,
//! `unions`, `structs`, `parameters`, `bodies` (request bodies by media type),
//! `encodings` (a form's or multipart body's fields),
//! `responses` (by status, typed errors), `naming` (operations' names), `operations`,
//! `pagination` (which strategy a list pages by; `declared_pagination` reads one
//! from the document's extensions),
//! `resources` (the tree),
//! `hints` (names of inline types). Once every operation is lowered, [`lower`] runs the
//! whole-model `passes`, one a file, in the order written there.

use crate::diagnostics::{Diagnostics, Pointer};
use crate::model::*;
use crate::names::{self, Scope};
use crate::profile::{Pagination as ProfilePagination, Profile};
use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, OpenAPI, ReferenceOr, Schema};
use std::collections::{BTreeSet, HashMap};

mod bodies;
mod components;
mod declared_pagination;
mod encodings;
mod hints;
mod inside;
mod locate;
mod naming;
mod operation_steps;
mod operations;
mod pagination;
mod parameters;
mod passes;
mod precise;
mod refs;
mod resources;
mod responses;
mod schemas;
mod security;
mod shared;
mod structs;
#[cfg(test)]
mod tests;
mod unions;

use locate::Found;
use passes::{
    box_recursive_fields, command_line, credential_updates, fill_examples, key_exchange,
    mark_action_operations, mark_request_types, prune_unreachable, resource_features,
    sensitive_fields, settle_field_reprs, shared_union_fields, without_context_client, OtherUses,
};
use precise::PreciseNames;
use schemas::string_enum_values;
use shared::{settle_aliases, SharedTypes};

/// How deep `$ref` chains and schema nesting may go before we call the spec broken.
const MAX_DEPTH: usize = 64;

/// How many object schemas one lowering may gather (`collect_object` calls) before the
/// spec is called too complex: an `allOf` that includes a schema twice, directly or
/// through a cycle of `$ref`s, doubles the work at every level of `MAX_DEPTH`. Seam's
/// full API needs about 1,100.
const MAX_COLLECTED: usize = 100_000;

/// Options that shape the generated crate but do not come from the spec.
#[derive(Debug, Clone)]
pub struct LowerOptions {
    pub crate_name: String,
    /// Whose conventions the spec follows, already resolved for it.
    pub profile: Profile,
}

/// Builds the model; problems go into `diags` and lowering carries on where it can.
pub fn lower(spec: &OpenAPI, options: LowerOptions, diags: &mut Diagnostics) -> Api {
    let profile = options.profile;
    let mut lowerer = Lowerer {
        spec,
        profile: &profile,
        diags,
        types: Vec::new(),
        // The client and its builder, named by the profile, are taken.
        type_scope: Scope::with_reserved(&profile.reserved_type_names()),
        components: HashMap::new(),
        components_in_progress: HashMap::new(),
        filling: 0,
        component_names: HashMap::new(),
        shared: SharedTypes::new(spec),
        alias_wishes: Vec::new(),
        unsited: 0,
        precise: if profile.one_type_per_name {
            PreciseNames::survey(spec)
        } else {
            PreciseNames::default()
        },
        variant_payloads: HashMap::new(),
        lowered_at: HashMap::new(),
        depth: 0,
        collected: 0,
        skipped_operations: 0,
        operation_names: naming::OperationNames::default(),
    };
    lowerer.operation_names = naming::OperationNames::new(spec, &profile, lowerer.diags);
    if let Some(components) = &spec.components {
        // Components take their names first, in document order, so that no inline
        // type met earlier can take one; enums are lowered first, so that an
        // inline enum of an earlier component finds a named enum declared after
        // it (see `shared`).
        for (name, schema) in &components.schemas {
            let pointer = schema_pointer(name);
            if let ReferenceOr::Item(item) = schema {
                if lowerer.is_named_kind(item, &pointer) {
                    let (type_name, _) = lowerer.type_scope.claim(names::type_name(name));
                    lowerer.component_names.insert(name.clone(), type_name);
                }
            }
        }
        for (name, schema) in &components.schemas {
            let pointer = schema_pointer(name);
            let is_enum = match schema {
                ReferenceOr::Item(item) => {
                    string_enum_values(item).is_some()
                        || lowerer.one_of_enum_values(item, &pointer).is_some()
                }
                ReferenceOr::Reference { .. } => false,
            };
            if is_enum {
                lowerer.component(name, &pointer);
            }
        }
        for name in components.schemas.keys() {
            lowerer.component(name, &schema_pointer(name));
        }
    }
    let mut resources = ResourceBuilder::default();
    lowerer.operations(&mut resources);
    let types = std::mem::take(&mut lowerer.types);
    let mut root = resources.finish(&mut lowerer);
    let kept_components: Vec<TypeId> = lowerer
        .components
        .values()
        .filter_map(TypeRef::named_id)
        .collect();
    // Component types survive pruning under their names.
    let component_type = |schema: &str| match lowerer.components.get(schema) {
        Some(TypeRef::Named { name, .. }) => Some(name.clone()),
        _ => None,
    };
    let webhook_event = (profile.webhooks.as_ref()).and_then(|w| component_type(&w.event_schema));
    let action_attempt = (profile.action_attempts.as_ref()).and_then(|a| component_type(&a.schema));
    let mut types = prune_unreachable(types, &mut root, kept_components);
    let aliases = settle_aliases(&mut lowerer, &types);
    fill_examples(&mut root, &types, &[]);
    mark_action_operations(&mut root, &profile, action_attempt.as_deref());
    let mut without_context = without_context_client(&root, &profile, &mut lowerer.type_scope);
    let key_exchange = key_exchange(&root, &types, &profile, spec);
    let credential_updates = credential_updates(&root, &profile);
    mark_request_types(&mut types, &root);
    settle_field_reprs(&mut types);
    box_recursive_fields(&mut types);
    shared_union_fields(&mut types);
    let webhook_event_ids: Vec<TypeId> = (types.iter().enumerate())
        .filter(|(_, t)| Some(&t.name) == webhook_event.as_ref())
        .map(|(index, _)| TypeId::new(index))
        .collect();
    let mut aliases = aliases;
    let features = resource_features(
        &mut root,
        without_context.as_mut().map(|c| &mut c.root),
        &mut types,
        OtherUses {
            webhook_event: webhook_event_ids,
            aliases: &mut aliases,
        },
    );
    let cli = command_line(
        &root,
        &types,
        &profile,
        without_context.as_ref(),
        &options.crate_name,
        lowerer.diags,
    );

    let info = &spec.info;
    let mut doc_text = info.title.clone();
    if let Some(description) = &info.description {
        doc_text.push_str("\n\n");
        doc_text.push_str(description);
    }
    let sensitive_fields = sensitive_fields(&types, &profile);
    let skipped_operations = lowerer.skipped_operations;
    let error_bodies: BTreeSet<String> = root
        .all_operations()
        .flat_map(|o| o.errors.iter().map(|e| crate::rust_text::type_ref(&e.ty)))
        .collect();
    Api {
        crate_name: options.crate_name,
        title: info.title.clone(),
        docs: Docs {
            lines: names::doc_lines(&doc_text),
        },
        root,
        types,
        sensitive_fields,
        profile,
        skipped_operations,
        error_bodies: error_bodies.into_iter().collect(),
        webhook_event,
        without_context,
        key_exchange,
        credential_updates,
        aliases,
        cli,
        features,
    }
}

/// A schema after lowering, with what its field needs to know about it.
#[derive(Clone)]
struct Lowered {
    ty: TypeRef,
    nullable: bool,
}

/// Where a component schema stands: `#/components/schemas/<name>`.
fn schema_pointer(name: &str) -> Pointer {
    Pointer::root()
        .join("components")
        .join("schemas")
        .join(name)
}

/// One schema given for a property, with where it stands.
type PropertySource<'s> = (&'s ReferenceOr<Box<Schema>>, Pointer);

/// The methods of one path, grouped by the operation they belong to.
/// The methods of one path, grouped by the operation they belong to (the
/// method is part of the key unless the profile folds aliases).
type MethodsByOperation<'s> =
    IndexMap<(Vec<String>, String, &'s str), Vec<(&'s str, &'s openapiv3::Operation)>>;

/// The properties an object-like schema contributes (after merging `allOf`/`oneOf`).
#[derive(Default)]
struct ObjectParts<'s> {
    /// Every schema given for a property, in order (several when variants are merged).
    properties: IndexMap<String, Vec<PropertySource<'s>>>,
    /// Required property names in the order the spec lists them.
    required: indexmap::IndexSet<String>,
    additional: Option<(&'s AdditionalProperties, Pointer)>,
}

struct Lowerer<'s, 'd> {
    spec: &'s OpenAPI,
    profile: &'d Profile,
    diags: &'d mut Diagnostics,
    types: Vec<TypeDef>,
    type_scope: Scope,
    /// Component schemas already lowered; lookups only, never iterated into output.
    components: HashMap<String, TypeRef>,
    /// Components being lowered, each with `filling` as it was when it began.
    components_in_progress: HashMap<String, usize>,
    /// Named types being filled: how many enclose the schema being lowered now.
    filling: usize,
    /// Names claimed for component schemas before anything was lowered.
    component_names: HashMap<String, String>,
    /// Which inline schemas are one type.
    shared: SharedTypes,
    /// Names typed precisely somewhere in the document.
    precise: PreciseNames,
    /// Lowering types that stand at no place of their own (see `unsited`).
    unsited: usize,
    /// Places that use a type defined elsewhere: the names they would have had
    /// (claimed once every type has its own), by pointer, and the type.
    alias_wishes: Vec<(String, [String; 2], TypeRef)>,
    /// A tagged union's variant payloads, by the union and the variant's schemas.
    variant_payloads: HashMap<String, TypeRef>,
    /// What each schema lowered in place became, by the pointer where it stands, so
    /// that a `$ref` into a component finds the same type.
    lowered_at: HashMap<String, Lowered>,
    depth: usize,
    /// `collect_object` calls so far, bounded by `MAX_COLLECTED`.
    collected: usize,
    /// Operations left out (each reported where it was left out).
    skipped_operations: usize,
    /// Every operation's resource path and method name.
    operation_names: naming::OperationNames,
}

/// A property's own documentation and flags, which live on the referenced schema when
/// the property is a `$ref`.
struct PropertyData {
    docs: Docs,
    deprecated: Option<String>,
    undocumented: Option<String>,
    /// The schema says `format: password`.
    password: bool,
    /// The schema's `default`, as JSON text.
    default: Option<String>,
}

/// Collects operations into the resource tree as they are lowered.
#[derive(Default)]
struct ResourceBuilder {
    /// Operations by resource path, in first-seen order.
    groups: IndexMap<Vec<String>, Vec<Operation>>,
}
