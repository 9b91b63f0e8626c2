//! Objects to structs: gathering properties through `allOf` and merged `oneOf`s,
//! merging a property given several times, and each field's docs and flags.

use crate::diagnostics::Pointer;
use crate::lower::hints::NameHint;
use crate::lower::schemas::{is_object_like, string_enum_values};
use crate::lower::{
    schema_pointer, shared, Lowered, Lowerer, ObjectParts, PropertyData, MAX_COLLECTED, MAX_DEPTH,
};
use crate::model::{Docs, Field, FieldRepr, StructDef, TypeRef};
use crate::names;
use crate::names::Scope;
use crate::profile::Profile;
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use std::collections::BTreeSet;

pub(in crate::lower) fn property_data(
    lowerer: &mut Lowerer<'_, '_>,
    property: &ReferenceOr<Box<Schema>>,
    at: &Pointer,
) -> PropertyData {
    let data = match property {
        ReferenceOr::Item(item) => Some((item.schema_data.clone(), is_password(item))),
        ReferenceOr::Reference { .. } => lowerer
            .resolve(property, at)
            .map(|(s, _)| (s.schema_data.clone(), is_password(s))),
    };
    let Some((data, password)) = data else {
        return PropertyData {
            docs: Docs::default(),
            deprecated: None,
            undocumented: None,
            password: false,
            default: None,
        };
    };
    let mut lines = names::doc_lines(data.description.as_deref().unwrap_or_default());
    if let Some(default) = &data.default {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(names::doc_lines(&format!("Defaults to `{default}`.")));
    }
    let profile = lowerer.profile;
    let undocumented = extension_message(&data.extensions, &profile.extensions.undocumented);
    let deprecated = deprecation(profile, data.deprecated, &data.extensions);
    let mut docs = Docs { lines };
    if let Some(message) = &deprecated {
        docs = docs.with_paragraph(names::doc_lines(&format!("Deprecated. {message}")));
    }
    if let Some(message) = &undocumented {
        docs = docs.with_paragraph(names::doc_lines(&format!(
            "Undocumented by {}. {message}",
            profile.api_name
        )));
    }
    PropertyData {
        docs,
        deprecated,
        undocumented,
        password,
        default: data.default.as_ref().map(|value| value.to_string()),
    }
}

/// Whether a schema is a string in `format: password`.
pub(in crate::lower) fn is_password(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            matches!(
                s.format,
                VariantOrUnknownOrEmpty::Item(StringFormat::Password)
            )
        }
        SchemaKind::Any(any) => any.format.as_deref() == Some("password"),
        _ => false,
    }
}

pub(in crate::lower) fn add_properties<'r>(
    parts: &mut ObjectParts<'r>,
    properties: &'r IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &[String],
    pointer: &Pointer,
) {
    for (name, property) in properties {
        let at = pointer.join("properties").join(name);
        parts
            .properties
            .entry(name.clone())
            .or_default()
            .push((property, at));
    }
    parts.required.extend(required.iter().cloned());
}

/// The profile's deprecation extension (a message) or `deprecated: true`, as the
/// message to show.
pub(in crate::lower) fn deprecation(
    profile: &Profile,
    deprecated: bool,
    extensions: &IndexMap<String, serde_json::Value>,
) -> Option<String> {
    extension_message(extensions, &profile.extensions.deprecated)
        .or_else(|| deprecated.then(String::new))
}

/// An extension that is either `true` or a message; `false` and null mean absent.
pub(in crate::lower) fn extension_message(
    extensions: &IndexMap<String, serde_json::Value>,
    key: &Option<String>,
) -> Option<String> {
    match Profile::extension(key, extensions)? {
        serde_json::Value::Bool(true) => Some(String::new()),
        serde_json::Value::String(message) => Some(message.clone()),
        _ => None,
    }
}

// ---- operations --------------------------------------------------------------------

impl<'s> Lowerer<'s, '_> {
    /// Gathers the properties of an object-like schema: its own, every `allOf` part's
    /// (required: the union), and every `oneOf`/`anyOf` variant's (required: only what
    /// all variants require).
    pub(in crate::lower) fn collect_object<'r>(
        &mut self,
        schema: &'r Schema,
        pointer: &Pointer,
        parts: &mut ObjectParts<'r>,
    ) where
        's: 'r,
    {
        self.collected += 1;
        if self.collected > MAX_COLLECTED {
            if self.collected == MAX_COLLECTED + 1 {
                self.diags
                    .error(pointer, "allOf/oneOf/anyOf parts expand to too many schemas to merge")
                    .help("a schema probably includes itself (through $refs) in several allOf/oneOf/anyOf parts; break the cycle");
            }
            return;
        }
        if self.depth > MAX_DEPTH {
            self.diags.error(pointer, "allOf/oneOf nesting is too deep");
            return;
        }
        self.depth += 1;
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                add_properties(parts, &object.properties, &object.required, pointer);
                if let Some(additional) = &object.additional_properties {
                    parts
                        .additional
                        .get_or_insert((additional, pointer.join("additionalProperties")));
                }
            }
            SchemaKind::AllOf { all_of } => self.collect_all_of(all_of, pointer, parts),
            SchemaKind::OneOf { one_of } => {
                self.collect_one_of(one_of, &pointer.join("oneOf"), parts)
            }
            SchemaKind::AnyOf { any_of } => {
                self.collect_one_of(any_of, &pointer.join("anyOf"), parts)
            }
            SchemaKind::Any(any) => {
                add_properties(parts, &any.properties, &any.required, pointer);
                if let Some(additional) = &any.additional_properties {
                    parts
                        .additional
                        .get_or_insert((additional, pointer.join("additionalProperties")));
                }
                self.collect_all_of(&any.all_of, pointer, parts);
                if !any.one_of.is_empty() {
                    self.collect_one_of(&any.one_of, &pointer.join("oneOf"), parts);
                }
                if !any.any_of.is_empty() {
                    self.collect_one_of(&any.any_of, &pointer.join("anyOf"), parts);
                }
            }
            _ => {
                self.diags
                    .warning(
                        pointer,
                        "a non-object schema is combined with object schemas; it is ignored",
                    )
                    .help("allOf/oneOf parts of an object should be objects");
            }
        }
        self.depth -= 1;
    }

    pub(in crate::lower) fn collect_all_of<'r>(
        &mut self,
        all_of: &'r [ReferenceOr<Schema>],
        pointer: &Pointer,
        parts: &mut ObjectParts<'r>,
    ) where
        's: 'r,
    {
        for (i, part) in all_of.iter().enumerate() {
            let at = pointer.join("allOf").join(i.to_string());
            if let Some((part_schema, part_at)) = self.resolve(part, &at) {
                self.collect_object(part_schema, &part_at, parts);
            }
        }
    }

    pub(in crate::lower) fn collect_one_of<'r>(
        &mut self,
        variants: &'r [ReferenceOr<Schema>],
        pointer: &Pointer,
        parts: &mut ObjectParts<'r>,
    ) where
        's: 'r,
    {
        let mut common_required: Option<indexmap::IndexSet<String>> = None;
        for (i, variant) in variants.iter().enumerate() {
            let at = pointer.join(i.to_string());
            let Some((variant_schema, variant_at)) = self.resolve(variant, &at) else {
                continue;
            };
            let mut variant_parts = ObjectParts::default();
            self.collect_object(variant_schema, &variant_at, &mut variant_parts);
            common_required = Some(match common_required {
                None => variant_parts.required.clone(),
                Some(required) => required
                    .intersection(&variant_parts.required)
                    .cloned()
                    .collect(),
            });
            for (name, sources) in variant_parts.properties {
                parts.properties.entry(name).or_default().extend(sources);
            }
            if parts.additional.is_none() {
                parts.additional = variant_parts.additional;
            }
        }
        parts.required.extend(common_required.unwrap_or_default());
    }

    /// Lowers with `lower` types that stand at no place of their own (a merge
    /// of several places, or a lowering to compare them): none is recorded as
    /// the type of the place it was given, or offered for sharing.
    fn unsited<T>(&mut self, lower: impl FnOnce(&mut Self) -> T) -> T {
        self.unsited += 1;
        let result = lower(self);
        self.unsited -= 1;
        result
    }

    /// Lowers a property given by one or more schemas (merged `oneOf` variants): identical
    /// schemas lower once, string enums merge their values (a tag that differs per variant
    /// becomes one enum of all tags), strings of which some are enums are strings, objects
    /// merge into one struct, and anything else that disagrees is kept as JSON.
    pub(in crate::lower) fn merged_property(
        &mut self,
        sources: &[(&ReferenceOr<Box<Schema>>, Pointer)],
        hint: &NameHint,
    ) -> Lowered {
        let mut unique: Vec<&(&ReferenceOr<Box<Schema>>, Pointer)> = Vec::new();
        let mut seen = BTreeSet::new();
        for source in sources {
            if seen.insert(serde_json::to_string(source.0).unwrap_or_default()) {
                unique.push(source);
            }
        }
        if let [(only, at)] = unique.as_slice() {
            return self.schema_ref(only, hint, at);
        }
        let mut resolved = Vec::new();
        for (schema, at) in &unique {
            if let Some((schema, _)) = self.resolve(schema, at) {
                resolved.push(schema);
            }
        }
        let nullable = resolved.iter().any(|s| s.schema_data.nullable);
        let enum_values: Option<Vec<Vec<String>>> =
            resolved.iter().map(|s| string_enum_values(s)).collect();
        if let (Some(values), Some(first)) = (enum_values, resolved.first()) {
            let mut merged = (*first).clone();
            let mut seen = BTreeSet::new();
            let all: Vec<Option<String>> = values
                .into_iter()
                .flatten()
                .filter(|v| seen.insert(v.clone()))
                .map(Some)
                .collect();
            merged.schema_kind = SchemaKind::Type(Type::String(openapiv3::StringType {
                enumeration: all,
                ..Default::default()
            }));
            merged.schema_data.nullable = nullable;
            let at = unique[0].1.clone();
            return self.unsited(|this| this.schema(&merged, hint, &at));
        }
        // Strings, some of them enums: a string (an enum would refuse the others).
        if resolved.len() == unique.len()
            && resolved
                .iter()
                .all(|s| matches!(&s.schema_kind, SchemaKind::Type(Type::String(_))))
        {
            return Lowered {
                ty: TypeRef::String,
                nullable,
            };
        }
        // Objects that differ (in their docs, or in fields one of them lacks)
        // merge into one struct, as a `oneOf` of them would.
        let objects = resolved.len() == unique.len()
            && resolved.iter().all(|s| match &s.schema_kind {
                SchemaKind::Type(Type::Object(object)) => !object.properties.is_empty(),
                SchemaKind::OneOf { one_of: variants } | SchemaKind::AnyOf { any_of: variants } => {
                    variants.iter().all(|v| match v {
                        ReferenceOr::Item(item) => is_object_like(item),
                        ReferenceOr::Reference { .. } => false,
                    })
                }
                _ => false,
            });
        if objects {
            // A source that is itself a union of objects gives its variants.
            let mut one_of = Vec::new();
            for (schema, resolved) in unique.iter().map(|(s, _)| s).zip(&resolved) {
                match (&resolved.schema_kind, schema) {
                    (
                        SchemaKind::OneOf { one_of: variants }
                        | SchemaKind::AnyOf { any_of: variants },
                        _,
                    ) => one_of.extend(variants.iter().cloned()),
                    (_, ReferenceOr::Item(item)) => {
                        one_of.push(ReferenceOr::Item((**item).clone()))
                    }
                    (_, ReferenceOr::Reference { reference }) => {
                        one_of.push(ReferenceOr::Reference {
                            reference: reference.clone(),
                        })
                    }
                }
            }
            let merged = Schema {
                schema_data: openapiv3::SchemaData {
                    nullable,
                    description: resolved[0].schema_data.description.clone(),
                    ..Default::default()
                },
                schema_kind: SchemaKind::OneOf { one_of },
            };
            let ty = self.unsited(|this| this.inline_named(&merged, hint, &unique[0].1));
            return Lowered { ty, nullable };
        }
        // Lowered to compare: types made here are kept only if all agree.
        let mut lowered = Vec::new();
        for (schema, at) in &unique {
            lowered.push(self.unsited(|this| this.schema_ref(schema, hint, at)));
        }
        let first = lowered[0].ty.clone();
        let ty = if lowered.iter().all(|l| l.ty == first) {
            first
        } else {
            TypeRef::Json
        };
        Lowered {
            ty,
            nullable: nullable || lowered.iter().any(|l| l.nullable),
        }
    }

    /// Lowers gathered properties to struct fields, naming inline types after the struct.
    pub(in crate::lower) fn struct_def(
        &mut self,
        parts: ObjectParts<'_>,
        type_name: &str,
    ) -> StructDef {
        let mut scope = Scope::with_reserved(&[]);
        let mut fields = Vec::new();
        for (wire_name, sources) in &parts.properties {
            let hint = NameHint::new(type_name, wire_name);
            let (property, at) = &sources[0];
            // A property merged in from another component (`allOf: [$ref]`) is
            // lowered where it is defined first, so that it is named after its own
            // component, whichever of the two the document declares first.
            for (_, source_at) in sources {
                if let Some(owner) = shared::component_of(source_at) {
                    if !self.components_in_progress.contains_key(&owner) {
                        self.component(&owner, &schema_pointer(&owner));
                    }
                }
            }
            let mut lowered = self.merged_property(sources, &hint);
            let own = match property {
                ReferenceOr::Item(schema) => Some(schema.as_ref()),
                ReferenceOr::Reference { .. } => None,
            };
            lowered.ty = self.precise.retype(wire_name, own, at, lowered.ty);
            let (rust_name, changed) = scope.claim(names::snake_name(wire_name));
            if changed {
                self.diags
                    .warning(at, format!("property `{wire_name}` is named `{rust_name}`: its Rust name collides with another property of `{type_name}`"))
                    .help("properties that differ only in case or punctuation get numbered field names");
            }
            let mut data = property_data(self, property, at);
            if data.docs.is_empty() {
                data.docs = Docs {
                    lines: names::doc_lines(&format!("The `{wire_name}` property.")),
                };
            }
            fields.push(Field {
                rust_name,
                wire_name: wire_name.clone(),
                ty: lowered.ty,
                required: parts.required.contains(wire_name),
                nullable: lowered.nullable,
                docs: data.docs,
                deprecated: data.deprecated,
                undocumented: data.undocumented,
                sensitive: data.password || self.profile.is_sensitive_name(wire_name),
                repr: FieldRepr::Plain,
                default: data.default,
            });
        }
        let additional = parts
            .additional
            .and_then(|(additional, at)| match additional {
                AdditionalProperties::Any(false) => None,
                AdditionalProperties::Any(true) => None,
                AdditionalProperties::Schema(schema) => {
                    let hint = NameHint::exact(&format!("{type_name}_value"));
                    match self.schema_ref(schema, &hint, &at).ty {
                        // An empty schema (`{}`) only says extra properties are allowed.
                        TypeRef::Json => None,
                        ty => Some(ty),
                    }
                }
            });
        // The map of extra properties is a field too, so it takes a free name.
        let (additional_name, _) = scope.claim("additional_properties".to_owned());
        StructDef {
            fields,
            additional,
            additional_name,
            required_order: parts.required.iter().cloned().collect(),
        }
    }
}
