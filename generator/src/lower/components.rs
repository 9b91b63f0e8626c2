//! Named types: a component schema becomes one type, reserved before it is
//! filled so that recursion finds it.

use crate::diagnostics::Pointer;
use crate::lower::hints::NameHint;
use crate::lower::schemas::string_enum_values;
use crate::lower::structs::deprecation;
use crate::lower::{Lowerer, ObjectParts, MAX_DEPTH};
use crate::model::{Docs, Gate, StructDef, TypeDef, TypeId, TypeKind, TypeRef};
use crate::names;
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

impl<'s> Lowerer<'s, '_> {
    /// The type a component schema lowers to, lowering it on first use.
    pub(in crate::lower) fn component(&mut self, name: &str, pointer: &Pointer) -> TypeRef {
        if let Some(ty) = self.components.get(name) {
            return ty.clone();
        }
        let Some(schema) = self
            .spec
            .components
            .as_ref()
            .and_then(|c| c.schemas.get(name))
        else {
            self.diags
                .error(pointer, format!("there is no schema `{name}`"));
            return TypeRef::Json;
        };
        // A component lowered inside another (a property that is a `$ref`) is one more
        // level of recursion: a long chain of them would overflow the stack.
        if self.depth > MAX_DEPTH {
            self.diags
                .error(
                    pointer,
                    format!("schema `{name}` is nested too deeply in other schemas"),
                )
                .help("schemas may nest at most 64 levels deep, counting $refs to other schemas");
            return TypeRef::Json;
        }
        let reentered = match self.components_in_progress.get(name) {
            // A component that contains itself without passing through an object.
            Some(&filling) if filling == self.filling => {
                self.diags
                    .error(
                        pointer,
                        format!("schema `{name}` refers to itself without an object in between"),
                    )
                    .help("a recursive schema must recurse through an object property");
                return TypeRef::Json;
            }
            // Back through a named type (an array of `Node` inside `Node`): lowered
            // again, it stops at that type, now reserved, so the result does not
            // depend on which schema of the cycle was declared first.
            Some(_) => true,
            None => {
                self.components_in_progress
                    .insert(name.to_owned(), self.filling);
                false
            }
        };
        let hint = NameHint::exact(name);
        self.depth += 1;
        let ty = match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer).ty,
            ReferenceOr::Item(item) => {
                if self.is_named_kind(item, pointer) {
                    // Reserve the slot first so recursive references find it.
                    let wanted = names::type_name(name);
                    let type_name = match self.component_names.get(name) {
                        Some(claimed) => claimed.clone(),
                        None => self.type_scope.claim(wanted.clone()).0,
                    };
                    if type_name != wanted {
                        self.diags
                            .warning(pointer, format!("schema `{name}` is renamed `{type_name}`: its Rust name collides with another type"))
                            .help("rename one of the schemas to keep names stable");
                    }
                    let id = self.reserve(&type_name, item);
                    let ty = TypeRef::Named {
                        id,
                        name: type_name.clone(),
                    };
                    self.components.insert(name.to_owned(), ty.clone());
                    self.fill(id, item, pointer);
                    if let TypeKind::Enum(def) = &self.types[id.index()].kind {
                        let values = def.variants.iter().map(|v| v.wire.clone()).collect();
                        self.shared.component_enum(name, values, &ty);
                    }
                    ty
                } else {
                    self.schema(item, &hint, pointer).ty
                }
            }
        };
        self.depth -= 1;
        if !reentered {
            self.components_in_progress.remove(name);
            self.components.insert(name.to_owned(), ty.clone());
        }
        ty
    }

    /// Whether a schema becomes a named type (struct, enum or union) rather than a
    /// primitive, list, map or JSON value.
    pub(in crate::lower) fn is_named_kind(&mut self, schema: &Schema, pointer: &Pointer) -> bool {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => s.enumeration.iter().any(Option::is_some),
            SchemaKind::Type(Type::Object(o)) => !o.properties.is_empty(),
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => true,
            SchemaKind::AllOf { all_of } => {
                all_of.len() != 1 || {
                    // Bounded: a one-part allOf that reaches itself through $refs
                    // (`A: {allOf: [$ref: A]}`) would recurse until the stack overflows.
                    if self.depth > MAX_DEPTH {
                        return false;
                    }
                    self.depth += 1;
                    let named = match self.resolve(&all_of[0], pointer) {
                        Some((inner, at)) => self.is_named_kind(&inner.clone(), &at),
                        None => false,
                    };
                    self.depth -= 1;
                    named
                }
            }
            SchemaKind::Any(any) => {
                !any.properties.is_empty()
                    || !any.one_of.is_empty()
                    || !any.all_of.is_empty()
                    || !any.any_of.is_empty()
                    || any.enumeration.iter().any(|v| v.is_string())
            }
            _ => false,
        }
    }

    pub(in crate::lower) fn reserve(&mut self, name: &str, schema: &Schema) -> TypeId {
        let data = &schema.schema_data;
        let mut docs = Docs {
            lines: names::doc_lines(
                data.description
                    .as_deref()
                    .or(data.title.as_deref())
                    .unwrap_or_default(),
            ),
        };
        if docs.is_empty() {
            docs.lines.push(format!("The `{name}` object."));
        }
        if let Some(message) = deprecation(self.profile, data.deprecated, &data.extensions) {
            docs = docs.with_paragraph(names::doc_lines(&format!("Deprecated. {message}")));
        }
        self.types.push(TypeDef {
            name: name.to_owned(),
            docs,
            kind: TypeKind::Struct(StructDef::default()),
            in_request: false,
            filled_by_builder: false,
            gate: Gate::Always,
        });
        TypeId::new(self.types.len() - 1)
    }

    /// Lowers the body of a named type into its reserved slot.
    pub(in crate::lower) fn fill(&mut self, id: TypeId, schema: &Schema, pointer: &Pointer) {
        let type_name = self.types[id.index()].name.clone();
        self.filling += 1;
        let kind = self.named_kind(schema, &type_name, pointer);
        self.filling -= 1;
        self.types[id.index()].kind = kind;
    }

    pub(in crate::lower) fn named_kind(
        &mut self,
        schema: &Schema,
        type_name: &str,
        pointer: &Pointer,
    ) -> TypeKind {
        if let Some(values) = string_enum_values(schema) {
            return TypeKind::Enum(self.enum_def(&values, &schema.schema_data.default, pointer));
        }
        // A oneOf of string enums is one enum of all their values: as an untagged union,
        // the first variant's catch-all would take every value.
        if let Some(values) = self.one_of_enum_values(schema, pointer) {
            return TypeKind::Enum(self.enum_def(&values, &schema.schema_data.default, pointer));
        }
        if let Some(kind) = self.union_kind(schema, type_name, pointer) {
            return kind;
        }
        let mut parts = ObjectParts::default();
        self.collect_object(schema, pointer, &mut parts);
        TypeKind::Struct(self.struct_def(parts, type_name))
    }
}
