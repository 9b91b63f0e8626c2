//! Which inline schemas become one type, decided so that no name depends on the
//! order in which schemas were met.
//!
//! An enum with the values of a component enum is that enum. Schemas inside
//! components that are identical and stand under the same property name
//! (`warnings` items of two resources) are one type, named from the first of them
//! in document order, which is found by surveying the components before anything
//! is lowered. Any other schema defined inside a component keeps a type of its
//! own, named from where it stands, so the same schema has the same name in any
//! document that holds its component.
//!
//! An operation's inline schema (a parameter, a body property) identical to one a
//! component defines uses that type, and an operation's enum whose values a
//! component's enum of the same name includes uses that enum, so that a value
//! read from a resource can be passed back to the operations that take it, and a
//! value the resource gains later renames nothing. Within one operation, a
//! property and the items of its plural (`device_type`, `device_types`) share.
//! Everything else is a type of its own. A schema lowered twice where it stands
//! (a property merged into several structs by `allOf`) is one type.

use crate::diagnostics::Pointer;
use crate::lower::hints::NameHint;
use crate::lower::{inside, schema_pointer, string_enum_values, Lowerer};
use crate::model::{Gate, TypeAlias, TypeDef, TypeRef};
use crate::names;
use openapiv3::{
    AdditionalProperties, OpenAPI, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use std::collections::{BTreeSet, HashMap, HashSet};

/// A type defined inside a component, offered to operations with the same schema.
#[derive(Clone)]
struct Offer {
    /// The component's position in the document, then the pointer: document order.
    order: (usize, String),
    /// The name the defining property alone would give (`DeviceType`), to prefer the
    /// definition with the operation's own property name.
    short: String,
    ty: TypeRef,
}

#[derive(Default)]
pub(in crate::lower) struct SharedTypes {
    /// Component positions in the document, by name.
    component_order: HashMap<String, usize>,
    /// What each inline schema became, by the pointer where it stands.
    by_site: HashMap<String, TypeRef>,
    /// Named component enums by their values, the first in document order.
    component_enums: HashMap<Vec<String>, TypeRef>,
    /// Inline types defined inside components, by [`shape_key`].
    offers: HashMap<String, Vec<Offer>>,
    /// Enums defined in components (named ones and inline ones), with their values.
    enum_offers: Vec<(BTreeSet<String>, Offer)>,
    /// Inline types of one operation, by its pointer, [`shape_key`] and short
    /// name: its `device_type` and its `device_types` items are one enum.
    in_operation: HashMap<(String, String, String), TypeRef>,
    /// Sites inside components that are the type of an earlier site: the pointer
    /// of that site, as a `$ref`.
    same_as: HashMap<String, String>,
}

/// The component a pointer stands inside, if any (`#/components/schemas/<name>/...`).
pub(in crate::lower) fn component_of(pointer: &Pointer) -> Option<String> {
    let rest = pointer.as_str().strip_prefix("#/components/schemas/")?;
    let segment = rest.split('/').next()?;
    Some(segment.replace("~1", "/").replace("~0", "~"))
}

/// The operation a pointer stands inside, if any: `#/paths/<path>/<method>`.
fn operation_of(pointer: &Pointer) -> Option<&str> {
    let text = pointer.as_str();
    let rest = text.strip_prefix("#/paths/")?;
    let mut end = "#/paths/".len();
    for segment in rest.split('/').take(2) {
        end += segment.len() + 1;
    }
    text.get(..end.min(text.len()))
}

impl SharedTypes {
    pub(in crate::lower) fn new(spec: &OpenAPI) -> Self {
        let component_order = spec
            .components
            .iter()
            .flat_map(|c| c.schemas.keys())
            .enumerate()
            .map(|(i, name)| (name.clone(), i))
            .collect();
        let mut survey = Survey::default();
        for (name, schema) in spec.components.iter().flat_map(|c| &c.schemas) {
            if let ReferenceOr::Item(schema) = schema {
                survey.children(schema, &schema_pointer(name), "");
            }
        }
        SharedTypes {
            component_order,
            same_as: survey.same_as,
            ..SharedTypes::default()
        }
    }

    /// The type already lowered at this pointer.
    pub(in crate::lower) fn at_site(&self, pointer: &Pointer) -> Option<TypeRef> {
        self.by_site.get(pointer.as_str()).cloned()
    }

    /// The earlier site inside a component whose type this site takes, as a `$ref`.
    pub(in crate::lower) fn same_as(&self, pointer: &Pointer) -> Option<&str> {
        self.same_as.get(pointer.as_str()).map(String::as_str)
    }

    /// Records a named component enum; the first one with these values is kept.
    pub(in crate::lower) fn component_enum(
        &mut self,
        component: &str,
        values: Vec<String>,
        ty: &TypeRef,
    ) {
        let position = self
            .component_order
            .get(component)
            .copied()
            .unwrap_or(usize::MAX);
        let offer = Offer {
            order: (position, String::new()),
            short: names::type_name(component),
            ty: ty.clone(),
        };
        self.enum_offers
            .push((values.iter().cloned().collect(), offer));
        self.component_enums
            .entry(values)
            .or_insert_with(|| ty.clone());
    }

    /// The existing type an inline schema with this [`shape_key`] takes: for an
    /// enum, a component enum with its values (the first in document order); for
    /// an operation's schema, one defined in a component (one under the same
    /// property name first, then the first in document order), else an earlier
    /// one of the same operation under the same name. None when it is a type of
    /// its own.
    pub(in crate::lower) fn existing(
        &self,
        key: &str,
        enum_values: Option<&[String]>,
        hint: &NameHint,
        pointer: &Pointer,
    ) -> Option<TypeRef> {
        if let Some(ty) = enum_values.and_then(|v| self.component_enums.get(v)) {
            return Some(ty.clone());
        }
        if component_of(pointer).is_some() {
            return None;
        }
        if let Some(ty) = self.offers.get(key).and_then(|o| best_offer(o, hint)) {
            return Some(ty);
        }
        if let Some(ty) = enum_values.and_then(|values| self.wider_enum(values, hint)) {
            return Some(ty);
        }
        let operation = operation_of(pointer)?;
        let local = (operation.to_owned(), key.to_owned(), hint.short());
        self.in_operation.get(&local).cloned()
    }

    /// A component enum under the same name whose values include all of these
    /// (the first in document order): an operation that accepts some of a
    /// resource's values takes the resource's enum, so that a value the resource
    /// gains later changes nothing for the operation's callers.
    fn wider_enum(&self, values: &[String], hint: &NameHint) -> Option<TypeRef> {
        let short = hint.short();
        (self.enum_offers.iter())
            .filter(|(set, offer)| offer.short == short && values.iter().all(|v| set.contains(v)))
            .min_by(|(_, a), (_, b)| a.order.cmp(&b.order))
            .map(|(_, offer)| offer.ty.clone())
    }

    /// Records a new inline type lowered at `pointer`.
    pub(in crate::lower) fn add(
        &mut self,
        key: String,
        hint: &NameHint,
        pointer: &Pointer,
        ty: &TypeRef,
    ) {
        self.by_site.insert(pointer.as_str().to_owned(), ty.clone());
        if let Some(operation) = operation_of(pointer) {
            let local = (operation.to_owned(), key.clone(), hint.short());
            self.in_operation.entry(local).or_insert_with(|| ty.clone());
        }
        let Some(position) = component_of(pointer).and_then(|c| self.component_order.get(&c))
        else {
            return;
        };
        let offer = Offer {
            order: (*position, pointer.as_str().to_owned()),
            short: hint.short(),
            ty: ty.clone(),
        };
        if let Some(values) = key.strip_prefix("enum:") {
            let set = values.split('\u{0}').map(str::to_owned).collect();
            self.enum_offers.push((set, offer.clone()));
        }
        self.offers.entry(key).or_default().push(offer);
    }
}

/// The offer with the operation's own property name, else the first in document order.
fn best_offer(offers: &[Offer], hint: &NameHint) -> Option<TypeRef> {
    let short = hint.short();
    let first = |same_name: bool| {
        offers
            .iter()
            .filter(|o| !same_name || o.short == short)
            .min_by(|a, b| a.order.cmp(&b.order))
    };
    first(true).or_else(|| first(false)).map(|o| o.ty.clone())
}

/// A walk through every inline schema of the components, in document order.
#[derive(Default)]
struct Survey {
    /// The first site of each (schema, property path) seen, by that key.
    first: HashMap<(String, String), String>,
    same_as: HashMap<String, String>,
}

impl Survey {
    /// Visits the schemas inside `schema`; `place` names where they stand (the
    /// nearest property name, then the steps into items and values from it).
    fn children(&mut self, schema: &Schema, pointer: &Pointer, place: &str) {
        for (name, property) in inside::properties(schema).into_iter().flatten() {
            if let ReferenceOr::Item(property) = property {
                let at = pointer.join("properties").join(name);
                self.site(property, &at, name.clone());
            }
        }
        if let Some(ReferenceOr::Item(items)) = inside::items(schema) {
            self.site(items, &pointer.join("items"), format!("{place}/items"));
        }
        if let Some(AdditionalProperties::Schema(value)) = inside::additional(schema) {
            if let ReferenceOr::Item(value) = value.as_ref() {
                let at = pointer.join("additionalProperties");
                self.site(value, &at, format!("{place}/values"));
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            for (i, part) in inside::parts(schema, key).into_iter().flatten().enumerate() {
                if let ReferenceOr::Item(part) = part {
                    let at = pointer.join(key).join(i.to_string());
                    self.site(part, &at, format!("{place}/{key}"));
                }
            }
        }
    }

    fn site(&mut self, schema: &Schema, pointer: &Pointer, place: String) {
        if let Some(key) = shape_key(schema) {
            let at = pointer.as_str().replace('%', "%25");
            match self.first.entry((key, place.clone())) {
                std::collections::hash_map::Entry::Occupied(first) => {
                    self.same_as
                        .insert(pointer.as_str().to_owned(), first.get().clone());
                    // Its insides are the first site's: nothing more to survey.
                    return;
                }
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(at);
                }
            }
        }
        self.children(schema, pointer, &place);
    }
}

/// What makes two inline schemas one type: an enum's values; a `oneOf` of plain
/// scalars' Rust shape (`maxLength`, `nullable` and docs aside: one untagged
/// union of `String` and `bool`); an object's or a union's whole schema. None
/// for what lowers to no type of its own.
pub(in crate::lower) fn shape_key(schema: &Schema) -> Option<String> {
    if let Some(values) = string_enum_values(schema) {
        return Some(enum_key(&values));
    }
    if let Some(scalars) = scalar_union(schema) {
        return Some(format!("scalars:{}", scalars.join(",")));
    }
    let named = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => !object.properties.is_empty(),
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::AllOf { .. } => true,
        SchemaKind::Any(any) => {
            !any.properties.is_empty() || !any.one_of.is_empty() || !any.any_of.is_empty()
        }
        _ => false,
    };
    named.then(|| {
        format!(
            "schema:{}",
            serde_json::to_string(schema).unwrap_or_default()
        )
    })
}

pub(in crate::lower) fn enum_key(values: &[String]) -> String {
    format!("enum:{}", values.join("\u{0}"))
}

/// The scalar types of a `oneOf`/`anyOf` made only of inline scalar schemas.
fn scalar_union(schema: &Schema) -> Option<Vec<&'static str>> {
    let variants = match &schema.schema_kind {
        SchemaKind::OneOf { one_of } => one_of,
        SchemaKind::AnyOf { any_of } => any_of,
        _ => return None,
    };
    let scalar = |variant: &ReferenceOr<Schema>| match variant {
        ReferenceOr::Item(item) => match &item.schema_kind {
            SchemaKind::Type(Type::String(s))
                if s.enumeration.is_empty()
                    && !matches!(
                        s.format,
                        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime)
                    ) =>
            {
                Some("string")
            }
            SchemaKind::Type(Type::Boolean(_)) => Some("boolean"),
            SchemaKind::Type(Type::Integer(_)) => Some("integer"),
            SchemaKind::Type(Type::Number(_)) => Some("number"),
            _ => None,
        },
        ReferenceOr::Reference { .. } => None,
    };
    let kinds: Option<Vec<&'static str>> = variants.iter().map(scalar).collect();
    kinds.filter(|k| !k.is_empty())
}

/// The aliases the places that use a type defined elsewhere get: in pointer
/// order, each takes the first of its wished names still free once every type
/// is named (an alias never takes a type's name), if its type survived pruning.
pub(in crate::lower) fn settle_aliases(
    lowerer: &mut Lowerer<'_, '_>,
    types: &[TypeDef],
) -> Vec<TypeAlias> {
    let mut wishes = std::mem::take(&mut lowerer.alias_wishes);
    wishes.sort_by(|a, b| a.0.cmp(&b.0));
    let kept: HashSet<&str> = types.iter().map(|t| t.name.as_str()).collect();
    let mut aliases = Vec::new();
    for (_, names, ty) in wishes {
        let TypeRef::Named { name: target, .. } = ty else {
            continue;
        };
        if !kept.contains(target.as_str()) {
            continue;
        }
        if let Some(free) = names.iter().find(|n| !lowerer.type_scope.contains(n)) {
            lowerer.type_scope.claim(free.clone());
            aliases.push(TypeAlias {
                name: free.clone(),
                target,
                gate: Gate::Always,
                deprecated: None,
            });
        }
    }
    aliases.sort_by(|a, b| a.name.cmp(&b.name));
    aliases
}

#[cfg(test)]
mod tests {
    use crate::model::{Api, TypeKind};
    use crate::profile::Choice;

    fn model(spec: &str) -> Api {
        let options = crate::Options {
            profile: Choice::generic(),
            ..Default::default()
        };
        crate::model_bytes(spec.as_bytes(), "yaml", &options)
            .unwrap()
            .0
    }

    fn field_type(api: &Api, type_name: &str, field: &str) -> String {
        let def = api.types.iter().find(|t| t.name == type_name).unwrap();
        let TypeKind::Struct(s) = &def.kind else {
            panic!("{type_name} is a struct");
        };
        let field = s.fields.iter().find(|f| f.wire_name == field).unwrap();
        crate::rust_text::type_ref(&field.ty)
    }

    const MERGED: &str = r##"
openapi: 3.0.3
info: {title: Merged, version: "1"}
paths: {}
components:
  schemas:
    a:
      allOf:
        - $ref: "#/components/schemas/b"
        - type: object
          properties:
            extra: {type: string}
    b:
      type: object
      properties:
        mode: {type: string, enum: [on, off]}
"##;

    #[test]
    fn a_merged_property_is_named_where_it_is_defined() {
        // `a` is declared first and merges `b`'s `mode`: the enum is still `b`'s,
        // so renaming, moving or removing `a` renames nothing.
        let api = model(MERGED);
        assert_eq!(field_type(&api, "A", "mode"), "BMode");
        assert_eq!(field_type(&api, "B", "mode"), "BMode");
        let reordered = MERGED.replace("    a:\n", "    a_later:\n");
        let api = model(&reordered);
        assert_eq!(field_type(&api, "B", "mode"), "BMode");
    }

    #[test]
    fn an_operation_enum_within_a_resource_enum_takes_it_and_keeps_its_name() {
        let spec = r##"
openapi: 3.0.3
info: {title: Locks, version: "1"}
paths:
  /locks:
    get:
      operationId: locks/list
      parameters:
        - {name: kind, in: query, schema: {type: string, enum: [lever]}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/lock"}
components:
  schemas:
    lock:
      type: object
      properties:
        kind: {type: string, enum: [deadbolt, lever]}
"##;
        let api = model(spec);
        let op = api.root.all_operations().next().unwrap();
        assert_eq!(crate::rust_text::type_ref(&op.optional[0].ty), "LockKind");
        let aliases: Vec<(&str, &str)> = (api.aliases.iter())
            .map(|a| (a.name.as_str(), a.target.as_str()))
            .collect();
        assert_eq!(aliases, [("LocksListKind", "LockKind")]);
    }

    #[test]
    fn a_value_named_unknown_leaves_the_catch_all_its_name() {
        let spec = r##"
openapi: 3.0.3
info: {title: Modes, version: "1"}
paths: {}
components:
  schemas:
    mode: {type: string, enum: [unknown, "on"]}
"##;
        let api = model(spec);
        let def = api.types.iter().find(|t| t.name == "Mode").unwrap();
        let TypeKind::Enum(e) = &def.kind else {
            panic!("Mode is an enum");
        };
        assert_eq!(e.catch_all, "Unknown");
        let variants: Vec<&str> = e.variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(variants, ["Unknown2", "On"]);
    }
}
