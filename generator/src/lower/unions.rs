//! `oneOf`/`anyOf` unions: tagged by a discriminator, or untagged.

use crate::diagnostics::Pointer;
use crate::lower::hints::NameHint;
use crate::lower::schemas::is_object_like;
use crate::lower::{schema_pointer, string_enum_values, Lowerer, ObjectParts};
use crate::model::{Docs, TypeKind, TypeRef, UnionDef, UnionVariant, UntaggedDef, UntaggedVariant};
use crate::names;
use crate::names::Scope;
use openapiv3::{ReferenceOr, Schema, SchemaKind};

impl<'s> Lowerer<'s, '_> {
    /// A discriminated `oneOf` (or the profile's action attempt, told apart by
    /// its status) becomes a tagged union, any other union an untagged one;
    /// `None` when the schema is no union.
    pub(in crate::lower) fn union_kind(
        &mut self,
        schema: &Schema,
        type_name: &str,
        pointer: &Pointer,
    ) -> Option<TypeKind> {
        let (variants, key) = match &schema.schema_kind {
            SchemaKind::OneOf { one_of } => (one_of, "oneOf"),
            SchemaKind::AnyOf { any_of } => (any_of, "anyOf"),
            SchemaKind::Any(any) if !any.one_of.is_empty() && any.properties.is_empty() => {
                (&any.one_of, "oneOf")
            }
            _ => return None,
        };
        let mut resolved = Vec::new();
        for (i, variant) in variants.iter().enumerate() {
            let at = pointer.join(key).join(i.to_string());
            let (variant_schema, variant_at) = self.resolve(variant, &at)?;
            resolved.push((variant, variant_schema, variant_at));
        }
        let all_objects = resolved.iter().all(|(_, s, _)| is_object_like(s));
        // The profile's action attempt: one variant per status.
        let attempts = self.profile.action_attempts.as_ref();
        if let Some(attempts) = attempts.filter(|a| *pointer == schema_pointer(&a.schema)) {
            if all_objects {
                if let Ok(def) =
                    self.tagged_union(&attempts.status_field, &resolved, type_name, true)
                {
                    return Some(TypeKind::TaggedUnion(def));
                }
            }
            self.diags
                .warning(pointer, format!("the action attempt is not a union of objects with a one-value `{}` in each; it is not typed by status", attempts.status_field))
                .help("give each variant's status property a one-value `enum`");
        }
        if let Some(discriminator) = &schema.schema_data.discriminator {
            let tagged = match resolved.iter().find(|(_, s, _)| !is_object_like(s)) {
                Some((_, _, variant_at)) => Err(variant_at.clone()),
                None => {
                    self.tagged_union(&discriminator.property_name, &resolved, type_name, false)
                }
            };
            // Shown at the variant (or its tag property) that is not tagged.
            let at = match tagged {
                Ok(def) => return Some(TypeKind::TaggedUnion(def)),
                Err(at) => at,
            };
            self.diags
                .warning(&at, format!("discriminator `{}` is not a single-value string enum in every variant; the variants are merged", discriminator.property_name))
                .help("give each variant's discriminator property a one-value `enum`");
        }
        if all_objects {
            return None; // merged by collect_object
        }
        Some(TypeKind::Untagged(self.untagged(&resolved, type_name)))
    }

    /// A union told apart by `tag`, a one-value string enum in every variant.
    /// With `merge_repeated`, variants sharing a tag value are merged into one
    /// (the profile's action attempts: one per status, whatever the action);
    /// without it, the first wins. `Err` points where a variant lacks a one-value tag.
    pub(in crate::lower) fn tagged_union(
        &mut self,
        tag: &str,
        variants: &[(&ReferenceOr<Schema>, &Schema, Pointer)],
        type_name: &str,
        merge_repeated: bool,
    ) -> Result<UnionDef, Pointer> {
        // (tag value, the variants' schemas, their merged properties), in order.
        let mut groups: Vec<(String, Vec<&Schema>, ObjectParts<'_>)> = Vec::new();
        for (_, variant, at) in variants {
            let mut parts = ObjectParts::default();
            self.collect_object(variant, at, &mut parts);
            let Some((tag_schema, tag_at)) =
                parts.properties.get(tag).and_then(|s| s.first()).cloned()
            else {
                return Err(at.clone());
            };
            let values = self
                .resolve(tag_schema, &tag_at)
                .and_then(|(s, _)| string_enum_values(s));
            let Some([tag_value]) = values.as_deref() else {
                return Err(tag_at);
            };
            parts.properties.shift_remove(tag);
            parts.required.shift_remove(tag);
            match groups.iter_mut().find(|(value, ..)| value == tag_value) {
                None => groups.push((tag_value.clone(), vec![*variant], parts)),
                Some((_, schemas, group)) if merge_repeated => {
                    schemas.push(*variant);
                    group.required = group
                        .required
                        .intersection(&parts.required)
                        .cloned()
                        .collect();
                    for (name, sources) in parts.properties {
                        group.properties.entry(name).or_default().extend(sources);
                    }
                }
                Some(_) => {
                    self.diags.warning(
                        at,
                        format!(
                            "discriminator value `{tag_value}` appears in two variants; the first wins"
                        ),
                    );
                }
            }
        }
        // The catch-all first, so that no tag added later renames it.
        let mut scope = Scope::default();
        let (catch_all, _) = scope.claim("Unknown".to_owned());
        let mut out = Vec::new();
        for (tag_value, schemas, parts) in groups {
            let (variant_name, _) = scope.claim(names::variant_name(&tag_value));
            // A variant's payload is the variant without its tag, so even a component
            // variant gets its own struct, named after the union: shared by no other
            // union, so that none is named after another.
            let key = format!(
                "{type_name}#{}#{tag}",
                serde_json::to_string(&schemas).unwrap_or_default()
            );
            let ty = match self.variant_payloads.get(&key) {
                Some(existing) => existing.clone(),
                None => {
                    let (name, _) = self.type_scope.claim(format!("{type_name}{variant_name}"));
                    let id = self.reserve(&name, schemas[0]);
                    let def = self.struct_def(parts, &name);
                    self.types[id.index()].kind = TypeKind::Struct(def);
                    let ty = TypeRef::Named { id, name };
                    self.variant_payloads.insert(key, ty.clone());
                    ty
                }
            };
            let description = match schemas.as_slice() {
                [only] => only.schema_data.description.as_deref().unwrap_or_default(),
                _ => "",
            };
            let mut docs = Docs {
                lines: names::doc_lines(description),
            };
            if docs.is_empty() {
                docs.lines = names::doc_lines(&format!("`{tag}` is `{tag_value}`."));
            }
            out.push(UnionVariant {
                name: variant_name,
                tag_value,
                ty,
                docs,
            });
        }
        Ok(UnionDef {
            tag: tag.to_owned(),
            variants: out,
            catch_all,
            shared_fields: Vec::new(),
        })
    }

    pub(in crate::lower) fn untagged(
        &mut self,
        variants: &[(&ReferenceOr<Schema>, &Schema, Pointer)],
        type_name: &str,
    ) -> UntaggedDef {
        let mut scope = Scope::default();
        let (catch_all, _) = scope.claim("Other".to_owned());
        let mut out = Vec::new();
        for (i, (original, _, at)) in variants.iter().enumerate() {
            let hint = NameHint::exact(&format!("{type_name}_variant_{i}"));
            let lowered = self.schema_ref(original, &hint, at);
            let base = match &lowered.ty {
                TypeRef::String => "String".to_owned(),
                TypeRef::Bool => "Bool".to_owned(),
                TypeRef::Integer => "Integer".to_owned(),
                TypeRef::Number => "Number".to_owned(),
                TypeRef::DateTime => "DateTime".to_owned(),
                TypeRef::Json => "Json".to_owned(),
                TypeRef::Bytes => "Bytes".to_owned(),
                TypeRef::File => "File".to_owned(),
                TypeRef::Named { name, .. } => name
                    .strip_prefix(type_name)
                    .filter(|s| !s.is_empty())
                    .unwrap_or(name)
                    .to_owned(),
                TypeRef::List(_) => "List".to_owned(),
                TypeRef::Map(_) => "Map".to_owned(),
                TypeRef::Boxed(_) => "Boxed".to_owned(),
            };
            let (name, _) = scope.claim(names::variant_name(&base));
            out.push(UntaggedVariant {
                name,
                ty: lowered.ty,
            });
        }
        UntaggedDef {
            variants: out,
            catch_all,
        }
    }
}
