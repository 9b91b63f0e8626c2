//! Schemas to type references: scalars, arrays, maps, inline enums and inline
//! objects (shared as `shared` decides).

use crate::diagnostics::Pointer;
use crate::lower::hints::{HintStep, NameHint};
use crate::lower::{shared, Lowered, Lowerer, MAX_DEPTH};
use crate::model::{Docs, EnumDef, EnumVariant, TypeKind, TypeRef};
use crate::names;
use crate::names::Scope;
use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use std::borrow::Borrow;
use std::collections::BTreeSet;

/// Values of a string enum, without nulls and duplicates, in spec order.
pub(in crate::lower) fn string_enum_values(schema: &Schema) -> Option<Vec<String>> {
    let raw: Vec<String> = match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => s.enumeration.iter().flatten().cloned().collect(),
        SchemaKind::Any(any)
            if any.properties.is_empty() && any.one_of.is_empty() && any.all_of.is_empty() =>
        {
            any.enumeration
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        }
        _ => Vec::new(),
    };
    let mut seen = BTreeSet::new();
    let values: Vec<String> = raw.into_iter().filter(|v| seen.insert(v.clone())).collect();
    (!values.is_empty()).then_some(values)
}

pub(in crate::lower) fn is_object_like(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => true,
        SchemaKind::Any(any) => !any.properties.is_empty() || any.typ.as_deref() == Some("object"),
        _ => false,
    }
}

impl<'s> Lowerer<'s, '_> {
    /// The values of a `oneOf`/`anyOf` whose variants are all string enums, merged in order.
    pub(in crate::lower) fn one_of_enum_values(
        &mut self,
        schema: &Schema,
        pointer: &Pointer,
    ) -> Option<Vec<String>> {
        let (variants, key) = match &schema.schema_kind {
            SchemaKind::OneOf { one_of } => (one_of, "oneOf"),
            SchemaKind::AnyOf { any_of } => (any_of, "anyOf"),
            _ => return None,
        };
        let mut values = Vec::new();
        for (i, variant) in variants.iter().enumerate() {
            let (variant, _) = self.resolve(variant, &pointer.join(key).join(i.to_string()))?;
            for value in string_enum_values(variant)? {
                if !values.contains(&value) {
                    values.push(value);
                }
            }
        }
        (!values.is_empty()).then_some(values)
    }

    // ---- schemas -------------------------------------------------------------------

    /// Lowers any schema in place (a property, an item, a response key).
    pub(in crate::lower) fn schema(
        &mut self,
        schema: &Schema,
        hint: &NameHint,
        pointer: &Pointer,
    ) -> Lowered {
        let nullable = schema.schema_data.nullable;
        if self.depth > MAX_DEPTH {
            self.diags
                .error(pointer, "schemas are nested too deeply")
                .help("move nested schemas into components");
            return Lowered {
                ty: TypeRef::Json,
                nullable,
            };
        }
        self.depth += 1;
        let lowered = match &schema.schema_kind {
            // `allOf: [$ref]` is how a spec adds nullable or docs to a reference.
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                let mut lowered =
                    self.schema_ref(&all_of[0], hint, &pointer.join("allOf").join("0"));
                lowered.nullable |= nullable;
                lowered
            }
            _ => Lowered {
                ty: self.schema_type(schema, hint, pointer),
                nullable,
            },
        };
        self.depth -= 1;
        lowered
    }

    /// Lowers a schema or, for a `$ref`, the component it names.
    pub(in crate::lower) fn schema_ref<S: Borrow<Schema>>(
        &mut self,
        schema: &ReferenceOr<S>,
        hint: &NameHint,
        pointer: &Pointer,
    ) -> Lowered {
        match schema {
            ReferenceOr::Item(item) => {
                // A schema an operation defines may have been lowered already,
                // for a `$ref` to it from elsewhere: one type.
                if self.unsited == 0 && pointer.as_str().starts_with("#/paths/") {
                    if let Some(lowered) = self.lowered_at.get(pointer.as_str()) {
                        return lowered.clone();
                    }
                }
                let lowered = self.schema(item.borrow(), hint, pointer);
                // Kept for `$ref`s into this place; the first lowering is the type
                // (one that merges or compares places is no place's).
                if self.unsited == 0 {
                    self.lowered_at
                        .entry(pointer.as_str().to_owned())
                        .or_insert_with(|| lowered.clone());
                }
                lowered
            }
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
        }
    }

    pub(in crate::lower) fn schema_type(
        &mut self,
        schema: &Schema,
        hint: &NameHint,
        pointer: &Pointer,
    ) -> TypeRef {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                if let Some(values) = string_enum_values(schema) {
                    return self.inline_enum(values, schema, hint, pointer);
                }
                match &s.format {
                    VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
                    _ => TypeRef::String,
                }
            }
            SchemaKind::Type(Type::Number(_)) => TypeRef::Number,
            SchemaKind::Type(Type::Integer(_)) => TypeRef::Integer,
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(array)) => self.array(array.items.as_ref(), hint, pointer),
            SchemaKind::Type(Type::Object(object)) => {
                if object.properties.is_empty() {
                    self.map(object.additional_properties.as_ref(), hint, pointer)
                } else {
                    self.inline_named(schema, hint, pointer)
                }
            }
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                // A `oneOf` of string enums is one enum of all their values.
                match self.one_of_enum_values(schema, pointer) {
                    Some(values) => self.inline_enum(values, schema, hint, pointer),
                    None => self.inline_named(schema, hint, pointer),
                }
            }
            SchemaKind::AllOf { .. } => self.inline_named(schema, hint, pointer),
            SchemaKind::Not { .. } => {
                self.diags
                    .warning(pointer.join("not"), "`not` schemas cannot be expressed in Rust types; the value is kept as JSON")
                    .help("describe the allowed shape positively if a typed field is wanted");
                TypeRef::Json
            }
            SchemaKind::Any(any) => {
                if self.is_named_kind(schema, pointer) {
                    self.inline_named(schema, hint, pointer)
                } else if let Some(items) = &any.items {
                    self.array(Some(items), hint, pointer)
                } else if any.additional_properties.is_some()
                    || any.typ.as_deref() == Some("object")
                {
                    self.map(any.additional_properties.as_ref(), hint, pointer)
                } else {
                    match any.typ.as_deref() {
                        Some("string") if any.format.as_deref() == Some("date-time") => {
                            TypeRef::DateTime
                        }
                        Some("string") => TypeRef::String,
                        Some("number") => TypeRef::Number,
                        Some("integer") => TypeRef::Integer,
                        Some("boolean") => TypeRef::Bool,
                        _ => TypeRef::Json,
                    }
                }
            }
        }
    }

    pub(in crate::lower) fn array(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        hint: &NameHint,
        pointer: &Pointer,
    ) -> TypeRef {
        let Some(items) = items else {
            return TypeRef::List(Box::new(TypeRef::Json));
        };
        let item_hint = hint.then(HintStep::Item);
        let lowered = self.schema_ref(items, &item_hint, &pointer.join("items"));
        TypeRef::List(Box::new(lowered.ty))
    }

    pub(in crate::lower) fn map(
        &mut self,
        additional: Option<&AdditionalProperties>,
        hint: &NameHint,
        pointer: &Pointer,
    ) -> TypeRef {
        let value = match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let value_hint = hint.then(HintStep::Value);
                self.schema_ref(schema, &value_hint, &pointer.join("additionalProperties"))
                    .ty
            }
            _ => TypeRef::Json,
        };
        TypeRef::Map(Box::new(value))
    }

    /// An inline string enum: the type of an identical component enum where
    /// [`SharedTypes`] says so, else a type of its own named from where it stands.
    pub(in crate::lower) fn inline_enum(
        &mut self,
        values: Vec<String>,
        schema: &Schema,
        hint: &NameHint,
        pointer: &Pointer,
    ) -> TypeRef {
        if let Some(ty) = self.shared.at_site(pointer).filter(|_| self.unsited == 0) {
            return ty;
        }
        let key = shared::enum_key(&values);
        if let Some(ty) = self.shared.existing(&key, Some(&values), hint, pointer) {
            return self.used_here(ty, hint, pointer);
        }
        if let Some(first) =
            (self.shared.same_as(pointer).map(str::to_owned)).filter(|_| self.unsited == 0)
        {
            let ty = self.reference(&first, pointer).ty;
            return self.used_here(ty, hint, pointer);
        }
        let name = self.claim_inline_name(hint, pointer);
        let id = self.reserve(&name, schema);
        // An inline enum's description is its property's; the type gets its own line.
        self.types[id.index()].docs = Docs {
            lines: vec![format!(
                "Values of `{}`.",
                heck::ToSnakeCase::to_snake_case(hint.short().as_str())
            )],
        };
        let ty = TypeRef::Named { id, name };
        if self.unsited == 0 {
            self.shared.add(key, hint, pointer, &ty);
        }
        let def = self.enum_def(&values, &schema.schema_data.default, pointer);
        self.types[id.index()].kind = TypeKind::Enum(def);
        ty
    }

    /// An inline object or union: the type of an identical one defined in a
    /// component where [`SharedTypes`] says so, else a type of its own.
    pub(in crate::lower) fn inline_named(
        &mut self,
        schema: &Schema,
        hint: &NameHint,
        pointer: &Pointer,
    ) -> TypeRef {
        if let Some(ty) = self.shared.at_site(pointer).filter(|_| self.unsited == 0) {
            return ty;
        }
        if let Some(first) =
            (self.shared.same_as(pointer).map(str::to_owned)).filter(|_| self.unsited == 0)
        {
            let ty = self.reference(&first, pointer).ty;
            return self.used_here(ty, hint, pointer);
        }
        let key = shared::shape_key(schema)
            .unwrap_or_else(|| serde_json::to_string(schema).unwrap_or_default());
        if let Some(ty) = self.shared.existing(&key, None, hint, pointer) {
            return self.used_here(ty, hint, pointer);
        }
        let name = self.claim_inline_name(hint, pointer);
        let id = self.reserve(&name, schema);
        let ty = TypeRef::Named { id, name };
        // Recorded before it is filled, so a `$ref` back into it finds it.
        if self.unsited == 0 {
            self.shared.add(key, hint, pointer, &ty);
        }
        self.fill(id, schema, pointer);
        ty
    }

    /// A type defined elsewhere, used at `pointer`: the place wishes for the name
    /// it would have had as an alias (see `shared::settle_aliases`).
    fn used_here(&mut self, ty: TypeRef, hint: &NameHint, pointer: &Pointer) -> TypeRef {
        if self.unsited == 0 && self.shared.at_site(pointer).is_none() {
            let wished = [hint.qualified(), hint.unelided()];
            self.alias_wishes
                .push((pointer.as_str().to_owned(), wished, ty.clone()));
        }
        ty
    }

    /// An inline type's name: its parent's name and its own (`AcsCredentialErrors`),
    /// the parent said once (`Device` + `device_type` is `DeviceType`) unless that
    /// name is taken, then said whole. When both are taken (the `result` of two
    /// variants of one union), the name spells where the schema stands
    /// (`ActionAttemptOneOf10Result`), which no other schema shares, so that
    /// no name depends on which of them was met first.
    fn claim_inline_name(&mut self, hint: &NameHint, pointer: &Pointer) -> String {
        let candidates = [
            hint.qualified(),
            hint.unelided(),
            names::pointer_type_name(pointer, false),
            names::pointer_type_name(pointer, true),
        ];
        let name = candidates
            .iter()
            .find(|name| !self.type_scope.contains(name))
            .unwrap_or(&candidates[3]);
        self.type_scope.claim(name.clone()).0
    }

    pub(in crate::lower) fn enum_def(
        &mut self,
        values: &[String],
        default: &Option<serde_json::Value>,
        pointer: &Pointer,
    ) -> EnumDef {
        // The catch-all is claimed first: a value `unknown` added later must not
        // rename it.
        let mut scope = Scope::default();
        let (catch_all, _) = scope.claim("Unknown".to_owned());
        let mut variants = Vec::new();
        for value in values {
            let (name, changed) = scope.claim(names::variant_name(value));
            if changed {
                self.diags
                    .warning(pointer.join("enum"), format!("enum value `{value}` is named `{name}`: its Rust name collides with another value"))
                    .help("values that differ only in case or punctuation get numbered variant names");
            }
            let docs = Docs {
                lines: names::doc_lines(&format!("`{value}`")),
            };
            variants.push(EnumVariant {
                name,
                wire: value.clone(),
                docs,
            });
        }
        EnumDef {
            variants,
            catch_all,
            default: default.as_ref().and_then(|d| d.as_str()).map(str::to_owned),
        }
    }

    // ---- unions and objects --------------------------------------------------------
}
