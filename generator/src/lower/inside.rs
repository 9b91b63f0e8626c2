//! Schemas inside components or operations, named by a `$ref` such as
//! `#/components/schemas/X/properties/y`: the path walked through a schema's parts,
//! and the type such a schema gets, which is the type it gets where it stands.

use crate::diagnostics::Pointer;
use crate::lower::hints::{HintStep, NameHint};
use crate::lower::{schema_pointer, Lowered, Lowerer};
use crate::model::TypeRef;
use crate::names;
use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};
use std::borrow::Borrow;

/// A schema or a `$ref` found while walking into a schema.
#[derive(Clone, Copy)]
pub(in crate::lower) enum Node<'s> {
    Schema(&'s Schema),
    Ref(&'s str),
}

impl<'s> Node<'s> {
    pub(in crate::lower) fn of<S: Borrow<Schema>>(schema: &'s ReferenceOr<S>) -> Self {
        match schema {
            ReferenceOr::Item(item) => Node::Schema(item.borrow()),
            ReferenceOr::Reference { reference } => Node::Ref(reference),
        }
    }
}

/// Walks `path` down from `node` (which stands at `pointer`): the node at its end and
/// where that stands, or the first pointer on the way that is not a schema. Like a
/// JSON pointer, the walk does not pass through a `$ref`; one at the end is for the
/// caller to follow.
pub(in crate::lower) fn walk<'s>(
    mut node: Node<'s>,
    mut pointer: Pointer,
    path: &[String],
) -> Result<(Node<'s>, Pointer), Pointer> {
    let mut segments = path.iter();
    while let Some(key) = segments.next() {
        pointer = pointer.join(key);
        let Node::Schema(schema) = node else {
            return Err(pointer);
        };
        node = match step(schema, key, &mut segments, &mut pointer) {
            Some(node) => node,
            None => return Err(pointer),
        };
    }
    Ok((node, pointer))
}

/// One step into `schema` by `key` (and the segment after it, for a property or a
/// list's part), moving `pointer` along.
fn step<'s>(
    schema: &'s Schema,
    key: &str,
    segments: &mut std::slice::Iter<'_, String>,
    pointer: &mut Pointer,
) -> Option<Node<'s>> {
    Some(match key {
        "properties" => {
            let name = segments.next()?;
            *pointer = pointer.join(name);
            Node::of(properties(schema)?.get(name)?)
        }
        "allOf" | "oneOf" | "anyOf" => {
            let index = segments.next()?;
            *pointer = pointer.join(index);
            Node::of(parts(schema, key)?.get(index.parse::<usize>().ok()?)?)
        }
        "items" => Node::of(items(schema)?),
        "additionalProperties" => match additional(schema)? {
            AdditionalProperties::Schema(value) => Node::of(value.as_ref()),
            AdditionalProperties::Any(_) => return None,
        },
        "not" => match &schema.schema_kind {
            SchemaKind::Not { not } => Node::of(not.as_ref()),
            SchemaKind::Any(any) => Node::of(any.not.as_deref()?),
            _ => return None,
        },
        _ => return None,
    })
}

pub(in crate::lower) fn properties(
    schema: &Schema,
) -> Option<&IndexMap<String, ReferenceOr<Box<Schema>>>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => Some(&object.properties),
        SchemaKind::Any(any) => Some(&any.properties),
        _ => None,
    }
}

pub(in crate::lower) fn parts<'s>(
    schema: &'s Schema,
    key: &str,
) -> Option<&'s Vec<ReferenceOr<Schema>>> {
    match (&schema.schema_kind, key) {
        (SchemaKind::AllOf { all_of }, "allOf") => Some(all_of),
        (SchemaKind::OneOf { one_of }, "oneOf") => Some(one_of),
        (SchemaKind::AnyOf { any_of }, "anyOf") => Some(any_of),
        (SchemaKind::Any(any), "allOf") => Some(&any.all_of),
        (SchemaKind::Any(any), "oneOf") => Some(&any.one_of),
        (SchemaKind::Any(any), "anyOf") => Some(&any.any_of),
        _ => None,
    }
}

pub(in crate::lower) fn items(schema: &Schema) -> Option<&ReferenceOr<Box<Schema>>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Array(array)) => array.items.as_ref(),
        SchemaKind::Any(any) => any.items.as_ref(),
        _ => None,
    }
}

pub(in crate::lower) fn additional(schema: &Schema) -> Option<&AdditionalProperties> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => object.additional_properties.as_ref(),
        SchemaKind::Any(any) => any.additional_properties.as_ref(),
        _ => None,
    }
}

impl<'s> Lowerer<'s, '_> {
    /// The type of the schema at `path` inside `component` (standing at `pointer`):
    /// the one it got when its component was lowered, so that a `$ref` to it and the
    /// schema in place are one type, named from where it stands.
    pub(in crate::lower) fn inside(
        &mut self,
        schema: &'s Schema,
        component: &str,
        path: &[String],
        pointer: &Pointer,
    ) -> Lowered {
        // Lowering the component lowers the schema where it stands, unless the
        // component is being lowered right now (the reference is inside it).
        if !self.components_in_progress.contains_key(component) {
            self.component(component, &schema_pointer(component));
        }
        if let Some(lowered) = self.lowered_at.get(pointer.as_str()) {
            return lowered.clone();
        }
        // Not lowered yet (its component is in progress) or not lowered on its own
        // (an `allOf` part, merged into its struct): lowered here, named as in place.
        let hint = self.hint_inside(component, path);
        let lowered = self.schema(schema, &hint, pointer);
        self.lowered_at
            .insert(pointer.as_str().to_owned(), lowered.clone());
        lowered
    }

    /// The type of the schema an operation defines at `pointer` (`segments`
    /// decoded), reached by a `$ref`: the one it got in place if its operation
    /// came first, else lowered here with the name it gets in place (and taken
    /// there, see `schema_ref`).
    pub(in crate::lower) fn in_operation(
        &mut self,
        schema: &'s Schema,
        segments: &[String],
        pointer: &Pointer,
    ) -> Lowered {
        if let Some(lowered) = self.lowered_at.get(pointer.as_str()) {
            return lowered.clone();
        }
        let hint = super::locate::hint_in_operation(
            self.spec,
            self.profile,
            &self.operation_names,
            segments,
        )
        .unwrap_or_else(|| NameHint::exact(&names::pointer_type_name(pointer, false)));
        let lowered = self.schema(schema, &hint, pointer);
        self.lowered_at
            .insert(pointer.as_str().to_owned(), lowered.clone());
        lowered
    }

    /// The name hint a schema at `path` inside `component` gets where it stands
    /// (see [`hint_along`]).
    fn hint_inside(&self, component: &str, path: &[String]) -> NameHint {
        let base = match self.components.get(component) {
            Some(TypeRef::Named { name, .. }) => name.clone(),
            _ => names::type_name(component),
        };
        hint_along(NameHint::exact(&base), path)
    }
}

/// The name hint of the schema at `path` below one hinted `hint`: a
/// property's is qualified by the type holding it (`XY`), items and map values
/// take a step from their container's (as [`HintStep`] says), and an
/// `allOf`/`oneOf`/`anyOf` part is named after its list (`XAllOf1`), unless the
/// path goes on into it: a part's properties merge into the type holding the list.
pub(in crate::lower) fn hint_along(mut hint: NameHint, path: &[String]) -> NameHint {
    let mut segments = path.iter().peekable();
    while let Some(key) = segments.next() {
        hint = match key.as_str() {
            "properties" => match segments.next() {
                Some(name) => NameHint::new(&hint.qualified(), name),
                None => hint,
            },
            "allOf" | "oneOf" | "anyOf" => {
                let index = segments.next().map(String::as_str).unwrap_or_default();
                if segments.peek().is_some() {
                    hint
                } else {
                    NameHint::exact(&format!("{}_{key}_{index}", hint.qualified()))
                }
            }
            "items" => hint.then(HintStep::Item),
            "additionalProperties" => hint.then(HintStep::Value),
            _ => hint,
        };
    }
    hint
}
