//! Lowering: a parsed OpenAPI document to the [`model`](crate::model).
//!
//! This is where OpenAPI's many ways of saying one thing are settled: `$ref`s are
//! resolved, `allOf` and undiscriminated object `oneOf`s are merged into structs, inline
//! schemas get stable names from where they stand, identical inline types are generated
//! once, and alias methods of one path (GET, PATCH, DELETE beside POST) fold into one
//! operation. Every name is claimed from a `names::Scope` the moment it is made.

use crate::diagnostics::{Diagnostics, Pointer};
use crate::model::*;
use crate::names::{self, Scope};
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, OpenAPI, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use std::borrow::Borrow;
use std::collections::{BTreeSet, HashMap};

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
}

/// Builds the model; problems go into `diags` and lowering carries on where it can.
pub fn lower(spec: &OpenAPI, options: &LowerOptions, diags: &mut Diagnostics) -> Api {
    let mut lowerer = Lowerer {
        spec,
        diags,
        types: Vec::new(),
        type_scope: Scope::with_reserved(&[]),
        components: HashMap::new(),
        components_in_progress: BTreeSet::new(),
        enums_by_values: HashMap::new(),
        types_by_schema: HashMap::new(),
        depth: 0,
        collected: 0,
    };
    if let Some(components) = &spec.components {
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
    let mut types = prune_unreachable(types, &mut root, kept_components);
    fill_examples(
        &mut root,
        &types,
        &names::crate_ident(&options.crate_name),
        "",
    );
    mark_request_types(&mut types, &root);
    settle_field_reprs(&mut types);
    box_recursive_fields(&mut types);

    let info = &spec.info;
    let mut doc_text = info.title.clone();
    if let Some(description) = &info.description {
        doc_text.push_str("\n\n");
        doc_text.push_str(description);
    }
    let sensitive_fields = sensitive_fields(&types);
    Api {
        crate_name: options.crate_name.clone(),
        title: info.title.clone(),
        docs: Docs {
            lines: names::doc_lines(&doc_text),
        },
        root,
        types,
        sensitive_fields,
    }
}

/// The listed sensitive names plus every field the spec marks `format: password`, sorted.
fn sensitive_fields(types: &[TypeDef]) -> Vec<String> {
    let mut names: BTreeSet<String> = crate::sensitive::SENSITIVE_FIELD_NAMES
        .iter()
        .map(|name| (*name).to_owned())
        .collect();
    for def in types {
        if let TypeKind::Struct(s) = &def.kind {
            names.extend(
                s.fields
                    .iter()
                    .filter(|f| f.sensitive)
                    .map(|f| f.wire_name.clone()),
            );
        }
    }
    names.into_iter().collect()
}

/// A schema after lowering, with what its field needs to know about it.
struct Lowered {
    ty: TypeRef,
    nullable: bool,
}

/// Names an inline type may take: the short one is tried first for enums (`AccessMethod`),
/// the qualified one (`AcsCredentialsCreateVisionlineMetadata`) for everything else.
///
/// Computed only when asked for: every property gets a hint, few become a type,
/// and case conversion was most of lowering's time.
#[derive(Clone)]
struct NameHint {
    /// The enclosing type's name, for the qualified name (none: `name` is exact).
    parent: Option<String>,
    name: String,
    /// Applied in order to both names: the hint of an array's items or a map's values.
    steps: Vec<HintStep>,
}

#[derive(Clone, Copy)]
enum HintStep {
    /// `Things` -> `Thing`.
    Item,
    /// `Labels` -> `LabelsValue`.
    Value,
}

impl NameHint {
    fn new(parent: &str, property: &str) -> Self {
        NameHint {
            parent: Some(parent.to_owned()),
            name: property.to_owned(),
            steps: Vec::new(),
        }
    }

    fn exact(name: &str) -> Self {
        NameHint {
            parent: None,
            name: name.to_owned(),
            steps: Vec::new(),
        }
    }

    /// The same hint, one step further down.
    fn then(&self, step: HintStep) -> Self {
        let mut hint = self.clone();
        hint.steps.push(step);
        hint
    }

    fn short(&self) -> String {
        self.apply_steps(names::type_name(&self.name))
    }

    fn qualified(&self) -> String {
        let base = match &self.parent {
            Some(parent) => names::type_name(&format!("{parent}_{}", self.name)),
            None => names::type_name(&self.name),
        };
        self.apply_steps(base)
    }

    fn apply_steps(&self, mut name: String) -> String {
        for step in &self.steps {
            name = match step {
                HintStep::Item => names::type_name(&names::singular(
                    &heck::ToSnakeCase::to_snake_case(name.as_str()),
                )),
                HintStep::Value => format!("{name}Value"),
            };
        }
        name
    }
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
type MethodsByOperation<'s> =
    IndexMap<(Vec<String>, String), Vec<(&'s str, &'s openapiv3::Operation)>>;

/// The properties an object-like schema contributes (after merging `allOf`/`oneOf`).
#[derive(Default)]
struct ObjectParts<'s> {
    /// Every schema given for a property, in order (several when variants are merged).
    properties: IndexMap<String, Vec<PropertySource<'s>>>,
    required: BTreeSet<String>,
    additional: Option<(&'s AdditionalProperties, Pointer)>,
}

struct Lowerer<'s, 'd> {
    spec: &'s OpenAPI,
    diags: &'d mut Diagnostics,
    types: Vec<TypeDef>,
    type_scope: Scope,
    /// Component schemas already lowered; lookups only, never iterated into output.
    components: HashMap<String, TypeRef>,
    components_in_progress: BTreeSet<String>,
    /// Inline string enums by their values, so identical enums are generated once.
    enums_by_values: HashMap<Vec<String>, TypeRef>,
    /// Inline object and union types by their schema's JSON, generated once.
    types_by_schema: HashMap<String, TypeRef>,
    depth: usize,
    /// `collect_object` calls so far, bounded by `MAX_COLLECTED`.
    collected: usize,
}

impl<'s> Lowerer<'s, '_> {
    // ---- references ----------------------------------------------------------------

    /// The component name a `$ref` names (its pointer segment unescaped: `a~1b` is
    /// `a/b`), or an error at `pointer`.
    fn component_name(
        &mut self,
        reference: &str,
        pointer: &Pointer,
        section: &str,
    ) -> Option<String> {
        let prefix = format!("#/components/{section}/");
        match reference.strip_prefix(&prefix) {
            Some(name) => Some(name.replace("~1", "/").replace("~0", "~")),
            None => {
                self.diags
                    .error(pointer, format!("unsupported $ref `{reference}`: expected a reference into `{prefix}`"))
                    .help("only local references to components are supported; inline the schema or move it under components");
                None
            }
        }
    }

    /// Follows a `$ref` (through chains of refs) to the component schema it names:
    /// the schema, its component name, and the pointer where it stands.
    fn follow(
        &mut self,
        reference: &str,
        pointer: &Pointer,
    ) -> Option<(&'s Schema, String, Pointer)> {
        let spec = self.spec;
        let mut reference = reference.to_owned();
        let mut at = pointer.clone();
        for _ in 0..MAX_DEPTH {
            let name = self.component_name(&reference, &at, "schemas")?;
            let Some(target) = spec.components.as_ref().and_then(|c| c.schemas.get(&name)) else {
                self.diags
                    .error(
                        &at,
                        format!("$ref `{reference}` points nowhere: there is no schema `{name}`"),
                    )
                    .help("add the schema under #/components/schemas or fix the reference");
                return None;
            };
            at = schema_pointer(&name);
            match target {
                ReferenceOr::Item(item) => return Some((item, name, at)),
                ReferenceOr::Reference { reference: next } => reference = next.clone(),
            }
        }
        self.diags
            .error(pointer, "a chain of $refs loops or is too long")
            .help("make the reference chain end in a schema");
        None
    }

    /// The schema a schema-or-reference stands for, with the pointer where it stands.
    /// The schema a schema-or-reference stands for (boxed or not, as openapiv3 has
    /// both), with the pointer where it stands.
    fn resolve<'r, S: Borrow<Schema>>(
        &mut self,
        schema: &'r ReferenceOr<S>,
        pointer: &Pointer,
    ) -> Option<(&'r Schema, Pointer)>
    where
        's: 'r,
    {
        match schema {
            ReferenceOr::Item(item) => Some((item.borrow(), pointer.clone())),
            ReferenceOr::Reference { reference } => {
                self.follow(reference, pointer).map(|(s, _, at)| (s, at))
            }
        }
    }

    // ---- components ----------------------------------------------------------------

    /// The type a component schema lowers to, lowering it on first use.
    fn component(&mut self, name: &str, pointer: &Pointer) -> TypeRef {
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
        if !self.components_in_progress.insert(name.to_owned()) {
            // A component that contains itself without passing through an object.
            self.diags
                .error(
                    pointer,
                    format!("schema `{name}` refers to itself without an object in between"),
                )
                .help("a recursive schema must recurse through an object property");
            return TypeRef::Json;
        }
        let hint = NameHint::exact(name);
        self.depth += 1;
        let ty = match schema {
            ReferenceOr::Reference { reference } => match self.follow(reference, pointer) {
                Some((_, target, at)) => self.component(&target, &at),
                None => TypeRef::Json,
            },
            ReferenceOr::Item(item) => {
                if self.is_named_kind(item, pointer) {
                    // Reserve the slot first so recursive references find it.
                    let (type_name, changed) = self.type_scope.claim(names::type_name(name));
                    if changed {
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
                    if let TypeKind::Enum(def) = &self.types[id].kind {
                        let values = def.variants.iter().map(|v| v.wire.clone()).collect();
                        self.enums_by_values
                            .entry(values)
                            .or_insert_with(|| ty.clone());
                    }
                    ty
                } else {
                    self.schema(item, &hint, pointer).ty
                }
            }
        };
        self.depth -= 1;
        self.components_in_progress.remove(name);
        self.components.insert(name.to_owned(), ty.clone());
        ty
    }

    /// Whether a schema becomes a named type (struct, enum or union) rather than a
    /// primitive, list, map or JSON value.
    fn is_named_kind(&mut self, schema: &Schema, pointer: &Pointer) -> bool {
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

    fn reserve(&mut self, name: &str, schema: &Schema) -> TypeId {
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
        if let Some(message) = deprecation(data.deprecated, &data.extensions) {
            docs = docs.with_paragraph(names::doc_lines(&format!("Deprecated. {message}")));
        }
        self.types.push(TypeDef {
            name: name.to_owned(),
            docs,
            kind: TypeKind::Struct(StructDef::default()),
            in_request: false,
        });
        self.types.len() - 1
    }

    /// Lowers the body of a named type into its reserved slot.
    fn fill(&mut self, id: TypeId, schema: &Schema, pointer: &Pointer) {
        let type_name = self.types[id].name.clone();
        let kind = self.named_kind(schema, &type_name, pointer);
        self.types[id].kind = kind;
    }

    fn named_kind(&mut self, schema: &Schema, type_name: &str, pointer: &Pointer) -> TypeKind {
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

    /// The values of a `oneOf`/`anyOf` whose variants are all string enums, merged in order.
    fn one_of_enum_values(&mut self, schema: &Schema, pointer: &Pointer) -> Option<Vec<String>> {
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
    fn schema(&mut self, schema: &Schema, hint: &NameHint, pointer: &Pointer) -> Lowered {
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
    fn schema_ref<S: Borrow<Schema>>(
        &mut self,
        schema: &ReferenceOr<S>,
        hint: &NameHint,
        pointer: &Pointer,
    ) -> Lowered {
        match schema {
            ReferenceOr::Item(item) => self.schema(item.borrow(), hint, pointer),
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
        }
    }

    fn reference(&mut self, reference: &str, pointer: &Pointer) -> Lowered {
        match self.follow(reference, pointer) {
            Some((schema, name, at)) => Lowered {
                ty: self.component(&name, &at),
                nullable: schema.schema_data.nullable,
            },
            None => Lowered {
                ty: TypeRef::Json,
                nullable: false,
            },
        }
    }

    fn schema_type(&mut self, schema: &Schema, hint: &NameHint, pointer: &Pointer) -> TypeRef {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                if string_enum_values(schema).is_some() {
                    return self.inline_enum(schema, hint, pointer);
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
            SchemaKind::AllOf { .. } | SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                self.inline_named(schema, hint, pointer)
            }
            SchemaKind::Not { .. } => {
                self.diags
                    .warning(pointer, "`not` schemas cannot be expressed in Rust types; the value is kept as JSON")
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

    fn array(
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

    fn map(
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

    /// An inline string enum, shared with any other enum of the same values.
    fn inline_enum(&mut self, schema: &Schema, hint: &NameHint, pointer: &Pointer) -> TypeRef {
        let values = string_enum_values(schema).unwrap_or_default();
        if let Some(existing) = self.enums_by_values.get(&values) {
            return existing.clone();
        }
        let short = hint.short();
        let name = if self.type_scope.contains(&short) {
            hint.qualified()
        } else {
            short.clone()
        };
        let (name, _) = self.type_scope.claim(name);
        let id = self.reserve(&name, schema);
        // An inline enum's description is its property's; the type gets its own line.
        self.types[id].docs = Docs {
            lines: vec![format!(
                "Values of `{}`.",
                heck::ToSnakeCase::to_snake_case(short.as_str())
            )],
        };
        let def = self.enum_def(&values, &schema.schema_data.default, pointer);
        self.types[id].kind = TypeKind::Enum(def);
        let ty = TypeRef::Named { id, name };
        self.enums_by_values.insert(values, ty.clone());
        ty
    }

    /// An inline object or union, shared with any identical schema lowered before.
    fn inline_named(&mut self, schema: &Schema, hint: &NameHint, pointer: &Pointer) -> TypeRef {
        let key = serde_json::to_string(schema).unwrap_or_default();
        if let Some(existing) = self.types_by_schema.get(&key) {
            return existing.clone();
        }
        let (name, _) = self.type_scope.claim(hint.qualified());
        let id = self.reserve(&name, schema);
        let ty = TypeRef::Named {
            id,
            name: name.clone(),
        };
        self.types_by_schema.insert(key, ty.clone());
        self.fill(id, schema, pointer);
        ty
    }

    fn enum_def(
        &mut self,
        values: &[String],
        default: &Option<serde_json::Value>,
        pointer: &Pointer,
    ) -> EnumDef {
        let mut scope = Scope::default();
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
        let (catch_all, _) = scope.claim("Unknown".to_owned());
        EnumDef {
            variants,
            catch_all,
            default: default.as_ref().and_then(|d| d.as_str()).map(str::to_owned),
        }
    }

    // ---- unions and objects --------------------------------------------------------

    /// A discriminated `oneOf` becomes a tagged union; others return `None` here.
    fn union_kind(
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
        if let Some(discriminator) = &schema.schema_data.discriminator {
            if all_objects {
                if let Some(def) =
                    self.tagged_union(&discriminator.property_name, &resolved, type_name)
                {
                    return Some(TypeKind::TaggedUnion(def));
                }
            }
            self.diags
                .warning(pointer, format!("discriminator `{}` is not a single-value string enum in every variant; the variants are merged", discriminator.property_name))
                .help("give each variant's discriminator property a one-value `enum`");
        }
        if all_objects {
            return None; // merged by collect_object
        }
        Some(TypeKind::Untagged(self.untagged(&resolved, type_name)))
    }

    fn tagged_union(
        &mut self,
        tag: &str,
        variants: &[(&ReferenceOr<Schema>, &Schema, Pointer)],
        type_name: &str,
    ) -> Option<UnionDef> {
        let mut scope = Scope::default();
        let mut out = Vec::new();
        let mut seen_tags = BTreeSet::new();
        for (_, variant, at) in variants {
            let mut parts = ObjectParts::default();
            self.collect_object(variant, at, &mut parts);
            let (tag_schema, tag_at) = parts.properties.get(tag)?.first()?.clone();
            let (tag_schema, _) = self.resolve(tag_schema, &tag_at)?;
            let values = string_enum_values(tag_schema)?;
            let [tag_value] = values.as_slice() else {
                return None;
            };
            if !seen_tags.insert(tag_value.clone()) {
                self.diags.warning(
                    at,
                    format!(
                        "discriminator value `{tag_value}` appears in two variants; the first wins"
                    ),
                );
                continue;
            }
            parts.properties.shift_remove(tag);
            parts.required.remove(tag);
            let (variant_name, _) = scope.claim(names::variant_name(tag_value));
            // A variant's payload is the variant without its tag, so even a component
            // variant gets its own struct, named after the union; identical ones are shared.
            let key = format!(
                "{}#{tag}",
                serde_json::to_string(variant).unwrap_or_default()
            );
            let ty = match self.types_by_schema.get(&key) {
                Some(existing) => existing.clone(),
                None => {
                    let (name, _) = self.type_scope.claim(format!("{type_name}{variant_name}"));
                    let id = self.reserve(&name, variant);
                    let def = self.struct_def(parts, &name);
                    self.types[id].kind = TypeKind::Struct(def);
                    let ty = TypeRef::Named { id, name };
                    self.types_by_schema.insert(key, ty.clone());
                    ty
                }
            };
            let mut docs = Docs {
                lines: names::doc_lines(
                    variant
                        .schema_data
                        .description
                        .as_deref()
                        .unwrap_or_default(),
                ),
            };
            if docs.is_empty() {
                docs.lines = names::doc_lines(&format!("`{tag}` is `{tag_value}`."));
            }
            out.push(UnionVariant {
                name: variant_name,
                tag_value: tag_value.clone(),
                ty,
                docs,
            });
        }
        let (catch_all, _) = scope.claim("Unknown".to_owned());
        Some(UnionDef {
            tag: tag.to_owned(),
            variants: out,
            catch_all,
        })
    }

    fn untagged(
        &mut self,
        variants: &[(&ReferenceOr<Schema>, &Schema, Pointer)],
        type_name: &str,
    ) -> UntaggedDef {
        let mut scope = Scope::default();
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
        let (catch_all, _) = scope.claim("Other".to_owned());
        UntaggedDef {
            variants: out,
            catch_all,
        }
    }

    /// Gathers the properties of an object-like schema: its own, every `allOf` part's
    /// (required: the union), and every `oneOf`/`anyOf` variant's (required: only what
    /// all variants require).
    fn collect_object<'r>(
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

    fn collect_all_of<'r>(
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

    fn collect_one_of<'r>(
        &mut self,
        variants: &'r [ReferenceOr<Schema>],
        pointer: &Pointer,
        parts: &mut ObjectParts<'r>,
    ) where
        's: 'r,
    {
        let mut common_required: Option<BTreeSet<String>> = None;
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

    /// Lowers a property given by one or more schemas (merged `oneOf` variants): identical
    /// schemas lower once, string enums merge their values (a tag that differs per variant
    /// becomes one enum of all tags), and anything else that disagrees is kept as JSON.
    fn merged_property(
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
            return self.schema(&merged, hint, &at);
        }
        let mut lowered = Vec::new();
        for (schema, at) in &unique {
            lowered.push(self.schema_ref(schema, hint, at));
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
    fn struct_def(&mut self, parts: ObjectParts<'_>, type_name: &str) -> StructDef {
        let mut scope = Scope::with_reserved(&[]);
        let mut fields = Vec::new();
        for (wire_name, sources) in &parts.properties {
            let hint = NameHint::new(type_name, wire_name);
            let (property, at) = &sources[0];
            let lowered = self.merged_property(sources, &hint);
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
                sensitive: data.password || crate::sensitive::is_sensitive_name(wire_name),
                repr: FieldRepr::Plain,
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
        }
    }
}

/// A property's own documentation and flags, which live on the referenced schema when
/// the property is a `$ref`.
struct PropertyData {
    docs: Docs,
    deprecated: Option<String>,
    undocumented: Option<String>,
    /// The schema says `format: password`.
    password: bool,
}

fn property_data(
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
        };
    };
    let mut lines = names::doc_lines(data.description.as_deref().unwrap_or_default());
    if let Some(default) = &data.default {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(names::doc_lines(&format!("Defaults to `{default}`.")));
    }
    let undocumented = extension_message(&data.extensions, "x-undocumented");
    let deprecated = deprecation(data.deprecated, &data.extensions);
    let mut docs = Docs { lines };
    if let Some(message) = &deprecated {
        docs = docs.with_paragraph(names::doc_lines(&format!("Deprecated. {message}")));
    }
    if let Some(message) = &undocumented {
        docs = docs.with_paragraph(names::doc_lines(&format!(
            "Undocumented by Seam. {message}"
        )));
    }
    PropertyData {
        docs,
        deprecated,
        undocumented,
        password,
    }
}

/// Whether a schema is a string in `format: password`.
fn is_password(schema: &Schema) -> bool {
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

fn add_properties<'r>(
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

/// Values of a string enum, without nulls and duplicates, in spec order.
fn string_enum_values(schema: &Schema) -> Option<Vec<String>> {
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

fn is_object_like(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => true,
        SchemaKind::Any(any) => !any.properties.is_empty() || any.typ.as_deref() == Some("object"),
        _ => false,
    }
}

/// `x-deprecated` (a message) or `deprecated: true`, as the message to show.
fn deprecation(
    deprecated: bool,
    extensions: &IndexMap<String, serde_json::Value>,
) -> Option<String> {
    extension_message(extensions, "x-deprecated").or_else(|| deprecated.then(String::new))
}

/// An extension that is either `true` or a message; `false` and null mean absent.
fn extension_message(
    extensions: &IndexMap<String, serde_json::Value>,
    key: &str,
) -> Option<String> {
    match extensions.get(key)? {
        serde_json::Value::Bool(true) => Some(String::new()),
        serde_json::Value::String(message) => Some(message.clone()),
        _ => None,
    }
}

// ---- operations --------------------------------------------------------------------

/// Collects operations into the resource tree as they are lowered.
#[derive(Default)]
struct ResourceBuilder {
    /// Operations by resource path, in first-seen order.
    groups: IndexMap<Vec<String>, Vec<Operation>>,
}

impl ResourceBuilder {
    fn finish(self, lowerer: &mut Lowerer<'_, '_>) -> Resource {
        let handle_scope = &mut lowerer.type_scope;
        let mut root = Resource {
            accessor: String::new(),
            type_name: "Seam".to_owned(),
            path: Vec::new(),
            docs: Docs::default(),
            children: Vec::new(),
            operations: Vec::new(),
            undocumented: false,
        };
        for (path, operations) in self.groups {
            let node = ensure_child(&mut root, &path, handle_scope);
            node.operations.extend(operations);
        }
        settle_method_names(&mut root, lowerer.diags);
        mark_undocumented(&mut root);
        root
    }
}

fn ensure_child<'a>(
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
            let (type_name, _) = scope.claim(names::type_name(&child_path.join("_")));
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
            });
            node.children.len() - 1
        }
    };
    ensure_child(&mut node.children[index], rest, scope)
}

/// Makes method names unique per resource, beside the accessors of its children.
fn settle_method_names(node: &mut Resource, diags: &mut Diagnostics) {
    let mut scope = Scope::with_reserved(names::RESERVED_METHOD_NAMES);
    if node.path.is_empty() {
        scope = Scope::with_reserved(
            &[names::RESERVED_METHOD_NAMES, names::CLIENT_METHOD_NAMES].concat(),
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
                .warning(format!("#/paths/{}", crate::diagnostics::escape_pointer_segment(&operation.path)), format!("operation method `{}` is named `{name}`: the name is already used in this resource", operation.method_name))
                .operation(operation.display_name.clone())
                .help("give the operations distinct x-fern-sdk-method-name values");
        }
        operation.method_name = name;
    }
    for child in &mut node.children {
        settle_method_names(child, diags);
    }
}

fn mark_undocumented(node: &mut Resource) -> bool {
    let mut all = !node.operations.is_empty() || !node.children.is_empty();
    all &= node.operations.iter().all(|o| o.undocumented.is_some());
    for child in &mut node.children {
        all &= mark_undocumented(child);
    }
    node.undocumented = all && !node.path.is_empty();
    all
}

impl<'s> Lowerer<'s, '_> {
    fn operations(&mut self, resources: &mut ResourceBuilder) {
        let spec = self.spec;
        let mut const_scope = Scope::default();
        for (path, item) in spec.paths.iter() {
            let path_pointer = Pointer::root().join("paths").join(path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { reference } => {
                    self.diags
                        .error(
                            &path_pointer,
                            format!("path item $ref `{reference}` is not supported"),
                        )
                        .help("inline the path item");
                    continue;
                }
            };
            // Methods of one path that share a name are aliases of one operation.
            let mut by_name: MethodsByOperation = IndexMap::new();
            let mut methods: Vec<(&str, &openapiv3::Operation)> = item.iter().collect();
            methods.sort_by_key(|(method, _)| *method != "post");
            for (method, operation) in methods {
                let (group, name) = operation_names(path, method, operation);
                // The resource tree is built and walked recursively, a level per segment.
                if group.len() > MAX_DEPTH {
                    self.diags
                        .error(path_pointer.join(method), format!("the operation is nested {} resources deep; at most {MAX_DEPTH} are supported", group.len()))
                        .help("use fewer path segments, or a shorter x-fern-sdk-group-name");
                    continue;
                }
                by_name
                    .entry((group, name))
                    .or_default()
                    .push((method, operation));
            }
            for ((group, method_name), members) in by_name {
                let (http_method, primary) = members[0];
                let retry_safe = members
                    .iter()
                    .any(|(m, _)| matches!(*m, "get" | "put" | "delete" | "head" | "options"));
                let pointer = path_pointer.join(http_method);
                if let Some(operation) = self.operation(
                    path,
                    &item.parameters,
                    http_method,
                    primary,
                    &group,
                    &method_name,
                    retry_safe,
                    &pointer,
                    &mut const_scope,
                ) {
                    resources.groups.entry(group).or_default().push(operation);
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        path: &str,
        path_parameters: &[ReferenceOr<openapiv3::Parameter>],
        http_method: &str,
        operation: &openapiv3::Operation,
        group: &[String],
        method_name: &str,
        retry_safe: bool,
        pointer: &Pointer,
        const_scope: &mut Scope,
    ) -> Option<Operation> {
        let display_name = group
            .iter()
            .chain(std::iter::once(&method_name.to_owned()))
            .cloned()
            .collect::<Vec<_>>()
            .join(".");
        if http_method != "post" {
            self.diags
                .warning(pointer, format!("the operation is skipped: it is offered only as {}", http_method.to_ascii_uppercase()))
                .operation(display_name.clone())
                .help("only POST operations with JSON bodies are supported (Seam offers every operation as POST; other methods beside a POST are read as its aliases)");
            return None;
        }

        // Seam takes every parameter in the JSON body: an operation that needs a path,
        // query or header parameter cannot be called correctly, so it is left out.
        let path_pointer = Pointer::root().join("paths").join(path);
        let parameters = path_parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, path_pointer.join("parameters").join(i.to_string())))
            .chain(
                operation
                    .parameters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p, pointer.join("parameters").join(i.to_string()))),
            );
        let mut skipped = false;
        for (parameter, at) in parameters {
            let parameter = match parameter {
                ReferenceOr::Item(p) => p,
                ReferenceOr::Reference { reference } => {
                    let name = self.component_name(reference, &at, "parameters");
                    match name.and_then(|n| self.spec.components.as_ref()?.parameters.get(&n)) {
                        Some(ReferenceOr::Item(p)) => p,
                        _ => {
                            self.diags
                                .error(&at, format!("$ref `{reference}` points nowhere"))
                                .operation(display_name.clone());
                            continue;
                        }
                    }
                }
            };
            let location = match parameter {
                openapiv3::Parameter::Path { .. } => "path",
                openapiv3::Parameter::Query { .. } => "query",
                openapiv3::Parameter::Header { .. } => "header",
                openapiv3::Parameter::Cookie { .. } => "cookie",
            };
            let data = parameter.parameter_data_ref();
            if location == "path" || data.required {
                skipped = true;
                self.diags
                    .warning(&at, format!("the operation is skipped: it needs the {location} parameter `{}`", data.name))
                    .operation(display_name.clone())
                    .help("only JSON body parameters are supported (Seam's API takes every parameter in the body)");
            } else {
                self.diags
                    .warning(&at, format!("the optional {location} parameter `{}` is never sent", data.name))
                    .operation(display_name.clone())
                    .help("only JSON body parameters are supported (Seam's API takes every parameter in the body)");
            }
        }
        if skipped {
            return None;
        }

        // Request body.
        let body_schema = match &operation.request_body {
            None => None,
            Some(body) => {
                let body = match body {
                    ReferenceOr::Item(body) => Some(body),
                    ReferenceOr::Reference { reference } => {
                        let at = pointer.join("requestBody");
                        let name = self.component_name(reference, &at, "requestBodies");
                        let found = name
                            .and_then(|n| self.spec.components.as_ref()?.request_bodies.get(&n));
                        match found {
                            Some(ReferenceOr::Item(body)) => Some(body),
                            _ => {
                                self.diags
                                    .error(&at, format!("$ref `{reference}` points nowhere"))
                                    .operation(display_name.clone());
                                None
                            }
                        }
                    }
                };
                match body {
                    None => None,
                    Some(body) => match json_media(&body.content) {
                        Some((media_type, media)) => media.schema.as_ref().map(|s| {
                            (
                                s,
                                pointer
                                    .join("requestBody")
                                    .join("content")
                                    .join(media_type)
                                    .join("schema"),
                            )
                        }),
                        None => {
                            let types: Vec<&str> =
                                body.content.keys().map(String::as_str).collect();
                            self.diags
                                .warning(pointer.join("requestBody"), format!("request content type {} is not supported; the operation is skipped", types.join(", ")))
                                .operation(display_name.clone())
                                .help("only application/json request bodies are supported");
                            return None;
                        }
                    },
                }
            }
        };

        // Names are claimed only for operations that are generated. Builders, handles and
        // models share one scope: `resources` imports every model by name.
        let mut full_name = group.to_vec();
        full_name.push(method_name.to_owned());
        let (builder_name, _) = self
            .type_scope
            .claim(names::type_name(&full_name.join("_")));
        let (const_name, _) = const_scope.claim(names::const_name(&full_name.join("_")));
        let (body_name, _) = self
            .type_scope
            .claim(names::type_name(&format!("{builder_name}_request")));
        let body_id = self.types.len();
        self.types.push(TypeDef {
            name: body_name.clone(),
            docs: Docs {
                lines: names::doc_lines(&format!("The JSON body of `{display_name}`.")),
            },
            kind: TypeKind::Struct(StructDef::default()),
            in_request: true,
        });
        let mut struct_def = StructDef::default();
        if let Some((schema, at)) = body_schema {
            if let Some((resolved, resolved_at)) = self.resolve(schema, &at) {
                let mut parts = ObjectParts::default();
                self.collect_object(resolved, &resolved_at, &mut parts);
                struct_def = self.struct_def(parts, &builder_name);
            }
        }
        // Setters live beside the builder's own methods.
        let mut setter_scope = Scope::with_reserved(names::RESERVED_METHOD_NAMES);
        let mut required = Vec::new();
        let mut optional = Vec::new();
        for field in &struct_def.fields {
            let (setter_name, _) = setter_scope.claim(field.rust_name.clone());
            let double_option = !field.required && field.nullable;
            let (null_setter, _) = if double_option {
                setter_scope.claim(format!("{}_null", field.rust_name))
            } else {
                (String::new(), false)
            };
            let param = Param {
                field_name: field.rust_name.clone(),
                setter_name,
                wire_name: field.wire_name.clone(),
                ty: field.ty.clone(),
                docs: field.docs.clone(),
                nullable: field.nullable,
                deprecated: field.deprecated.clone(),
                undocumented: field.undocumented.clone(),
                double_option,
                null_setter,
            };
            if field.required {
                required.push(param)
            } else {
                optional.push(param)
            }
        }
        let pagination = self.pagination(operation, pointer, &struct_def);
        let body_fills_default = !optional.is_empty() || struct_def.additional.is_some();
        self.types[body_id].kind = TypeKind::Struct(struct_def);

        let response = self.response(operation, &builder_name, &display_name, pointer);

        let mut doc_text = String::new();
        if let Some(title) = operation.extensions.get("x-title").and_then(|t| t.as_str()) {
            doc_text.push_str(title);
            doc_text.push_str("\n\n");
        }
        doc_text.push_str(
            operation
                .description
                .as_deref()
                .or(operation.summary.as_deref())
                .unwrap_or_default(),
        );
        let mut docs = Docs {
            lines: names::doc_lines(&doc_text),
        };
        docs = docs.with_paragraph(names::doc_lines(&format!("`POST {path}`")));
        let undocumented = extension_message(&operation.extensions, "x-undocumented")
            .or_else(|| extension_message(&operation.extensions, "x-draft"));
        if let Some(message) = &undocumented {
            let mut note =
                "Undocumented by Seam; available with the `undocumented` feature.".to_owned();
            if !message.is_empty() {
                note.push(' ');
                note.push_str(message);
            }
            docs = docs.with_paragraph(names::doc_lines(&note));
        }
        Some(Operation {
            method_name: names::snake_name(method_name),
            display_name,
            builder_name,
            const_name,
            path: path.to_owned(),
            docs,
            body_type: Some(body_id),
            body_type_name: Some(body_name),
            required,
            optional,
            response,
            deprecated: deprecation(operation.deprecated, &operation.extensions),
            undocumented,
            retry_safe,
            pagination,
            body_fills_default,
            example: Vec::new(),
        })
    }

    /// A list is paginated when its response has `pagination` and its body `page_cursor`.
    fn pagination(
        &mut self,
        operation: &openapiv3::Operation,
        pointer: &Pointer,
        body: &StructDef,
    ) -> Option<Pagination> {
        let cursor = body
            .fields
            .iter()
            .find(|f| f.wire_name == "page_cursor" && f.ty == TypeRef::String)?;
        let (schema, at) = self.success_schema(operation, pointer)?;
        let (schema, at) = self.resolve(schema, &at)?;
        let mut parts = ObjectParts::default();
        self.collect_object(schema, &at, &mut parts);
        let (pagination, pagination_at) = parts.properties.get("pagination")?.first()?.clone();
        let (pagination, pagination_at) = self.resolve(pagination, &pagination_at)?;
        let mut pagination_parts = ObjectParts::default();
        self.collect_object(pagination, &pagination_at, &mut pagination_parts);
        let has_fields = ["next_page_cursor", "has_next_page"]
            .iter()
            .all(|f| pagination_parts.properties.contains_key(*f));
        // The expression that stores a cursor in the body field, by its representation.
        let cursor_value = match (cursor.required, cursor.nullable) {
            (true, false) => "cursor",
            (false, true) => "Some(Some(cursor))",
            _ => "Some(cursor)",
        };
        has_fields.then(|| Pagination {
            cursor_field: cursor.rust_name.clone(),
            cursor_value: cursor_value.to_owned(),
        })
    }

    fn success_schema<'r>(
        &mut self,
        operation: &'r openapiv3::Operation,
        pointer: &Pointer,
    ) -> Option<(&'r ReferenceOr<Schema>, Pointer)>
    where
        's: 'r,
    {
        use openapiv3::StatusCode;
        let (status, response) = operation.responses.responses.iter().find(|(status, _)| {
            matches!(status, StatusCode::Code(200..=299) | StatusCode::Range(2))
        })?;
        let at = pointer.join("responses").join(status.to_string());
        let response = match response {
            ReferenceOr::Item(response) => response,
            ReferenceOr::Reference { reference } => {
                let name = self.component_name(reference, &at, "responses")?;
                match self.spec.components.as_ref()?.responses.get(&name) {
                    Some(ReferenceOr::Item(response)) => response,
                    _ => {
                        self.diags
                            .error(&at, format!("$ref `{reference}` points nowhere"));
                        return None;
                    }
                }
            }
        };
        let (media_type, media) = json_media(&response.content)?;
        let schema = media.schema.as_ref()?;
        Some((schema, at.join("content").join(media_type).join("schema")))
    }

    fn response(
        &mut self,
        operation: &openapiv3::Operation,
        builder_name: &str,
        display_name: &str,
        pointer: &Pointer,
    ) -> ResponseShape {
        let key = match operation.extensions.get("x-response-key") {
            Some(serde_json::Value::Null) => return ResponseShape::Void,
            Some(serde_json::Value::String(key)) => Some(key.clone()),
            _ => None,
        };
        let Some((schema, at)) = self.success_schema(operation, pointer) else {
            if let Some(key) = key {
                self.diags
                    .error(pointer.join("responses"), format!("`x-response-key` is `{key}` but there is no JSON success response"))
                    .operation(display_name.to_owned())
                    .help("add a 200 response with an application/json schema, or set x-response-key to null");
            }
            return ResponseShape::Void;
        };
        let Some((schema, at)) = self.resolve(schema, &at) else {
            return ResponseShape::Void;
        };
        let mut parts = ObjectParts::default();
        self.collect_object(schema, &at, &mut parts);
        let key = match key {
            Some(key) => key,
            None => {
                let candidates: Vec<&String> = parts
                    .properties
                    .keys()
                    .filter(|k| !matches!(k.as_str(), "ok" | "pagination"))
                    .collect();
                match candidates.as_slice() {
                    [] => return ResponseShape::Void,
                    [only] => (*only).clone(),
                    many => {
                        self.diags
                            .warning(&at, format!("the response has several properties ({}) and no `x-response-key`; the method returns nothing", many.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")))
                            .operation(display_name.to_owned())
                            .help("set x-response-key to the property the method should return");
                        return ResponseShape::Void;
                    }
                }
            }
        };
        let Some((property, property_at)) =
            parts.properties.get(&key).and_then(|s| s.first()).cloned()
        else {
            self.diags
                .error(
                    &at,
                    format!(
                        "`x-response-key` is `{key}` but the success response has no such property"
                    ),
                )
                .operation(display_name.to_owned())
                .help("make x-response-key name a property of the 200 response");
            return ResponseShape::Void;
        };
        let hint = NameHint::new(builder_name, &key);
        let lowered = self.schema_ref(property, &hint, &property_at);
        let optional = lowered.nullable || !parts.required.contains(&key);
        ResponseShape::Keyed {
            key,
            ty: lowered.ty,
            optional,
        }
    }
}

/// The resource path and method name of an operation: Seam's `x-fern-sdk-*`
/// extensions when present, else the path (`/acs/credentials/create` is `create` on
/// `acs.credentials`), else the operation id.
fn operation_names(
    path: &str,
    http_method: &str,
    operation: &openapiv3::Operation,
) -> (Vec<String>, String) {
    let segments: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
        .collect();
    let group = match operation.extensions.get("x-fern-sdk-group-name") {
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str())
            .map(str::to_owned)
            .collect(),
        Some(serde_json::Value::String(single)) => vec![single.clone()],
        _ => segments
            .iter()
            .take(segments.len().saturating_sub(1))
            .map(|s| (*s).to_owned())
            .collect(),
    };
    let name = operation
        .extensions
        .get("x-fern-sdk-method-name")
        .and_then(|v| v.as_str())
        .map(str::to_owned)
        .or_else(|| segments.last().map(|s| (*s).to_owned()))
        .or_else(|| operation.operation_id.clone())
        .unwrap_or_else(|| http_method.to_owned());
    (group, name)
}

/// The JSON media type of a content map (`application/json` or any `+json`).
fn json_media(
    content: &IndexMap<String, openapiv3::MediaType>,
) -> Option<(&str, &openapiv3::MediaType)> {
    content
        .iter()
        .find(|(media_type, _)| {
            let essence = media_type
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            essence == "application/json" || essence.ends_with("+json")
        })
        .map(|(media_type, media)| (media_type.as_str(), media))
}

// ---- whole-model passes ------------------------------------------------------------

/// Writes each operation's doc example: the call with placeholder arguments.
fn fill_examples(node: &mut Resource, types: &[TypeDef], crate_ident: &str, chain: &str) {
    for operation in &mut node.operations {
        let args: Vec<String> = operation
            .required
            .iter()
            .map(|p| example_value(&p.ty, &p.wire_name, types, crate_ident))
            .collect();
        let call = format!("seam{chain}.{}({})", operation.method_name, args.join(", "));
        let binding = match &operation.response {
            ResponseShape::Void => format!("{call}.await?;"),
            ResponseShape::Keyed { key, .. } => {
                let name = names::snake_name(key);
                format!("let {name} = {call}.await?;\n# let _ = {name};")
            }
        };
        let mut lines = vec![
            String::new(),
            "# Example".to_owned(),
            "```no_run".to_owned(),
            format!("# async fn example(seam: {crate_ident}::Seam) -> Result<(), {crate_ident}::Error> {{"),
        ];
        lines.extend(binding.lines().map(str::to_owned));
        lines.extend(["# Ok(())".to_owned(), "# }".to_owned(), "```".to_owned()]);
        operation.example = lines;
    }
    for child in &mut node.children {
        let chain = format!("{chain}.{}()", child.accessor);
        fill_examples(child, types, crate_ident, &chain);
    }
}

/// A placeholder argument of type `ty` for examples.
fn example_value(ty: &TypeRef, wire_name: &str, types: &[TypeDef], crate_ident: &str) -> String {
    match ty {
        TypeRef::String => names::rust_string_literal(wire_name),
        TypeRef::Bool => "true".to_owned(),
        TypeRef::Integer => "1".to_owned(),
        TypeRef::Number => "1.0".to_owned(),
        TypeRef::DateTime => "\"2024-03-01T10:40:00Z\".parse().unwrap()".to_owned(),
        TypeRef::Json => "serde_json::Value::Null".to_owned(),
        TypeRef::List(item) if **item == TypeRef::String => {
            format!("[{}]", names::rust_string_literal(wire_name))
        }
        TypeRef::Named { id, name } => match &types[*id].kind {
            TypeKind::Enum(def) => match def.variants.first() {
                Some(variant) => format!("{crate_ident}::models::{name}::{}", variant.name),
                None => "Default::default()".to_owned(),
            },
            _ => "Default::default()".to_owned(),
        },
        TypeRef::List(_) => "Vec::new()".to_owned(),
        TypeRef::Map(_) | TypeRef::Boxed(_) => "Default::default()".to_owned(),
    }
}

/// Drops types nothing uses (made while trying a shape that was then given up, such
/// as variants of a union that fell back to JSON), keeping every component and every
/// type an operation reaches, and renumbers the rest in their original order.
fn prune_unreachable(
    types: Vec<TypeDef>,
    root: &mut Resource,
    components: Vec<TypeId>,
) -> Vec<TypeDef> {
    let mut reachable = vec![false; types.len()];
    let mut stack = components;
    for operation in root.all_operations() {
        stack.extend(operation.body_type);
        if let ResponseShape::Keyed { ty, .. } = &operation.response {
            stack.extend(referenced_by(ty));
        }
        for param in operation.required.iter().chain(&operation.optional) {
            stack.extend(referenced_by(&param.ty));
        }
    }
    while let Some(id) = stack.pop() {
        if !std::mem::replace(&mut reachable[id], true) {
            stack.extend(referenced_types(&types[id].kind));
        }
    }
    let mut new_ids = vec![None; types.len()];
    let mut kept = Vec::new();
    for (id, def) in types.into_iter().enumerate() {
        if reachable[id] {
            new_ids[id] = Some(kept.len());
            kept.push(def);
        }
    }
    let renumber = |ty: &mut TypeRef| renumber_type(ty, &new_ids);
    for def in &mut kept {
        match &mut def.kind {
            TypeKind::Struct(s) => {
                s.fields.iter_mut().for_each(|f| renumber(&mut f.ty));
                s.additional.iter_mut().for_each(renumber);
            }
            TypeKind::TaggedUnion(u) => u.variants.iter_mut().for_each(|v| renumber(&mut v.ty)),
            TypeKind::Untagged(u) => u.variants.iter_mut().for_each(|v| renumber(&mut v.ty)),
            TypeKind::Enum(_) => {}
        }
    }
    renumber_resource(root, &new_ids);
    kept
}

fn renumber_resource(node: &mut Resource, new_ids: &[Option<TypeId>]) {
    for operation in &mut node.operations {
        operation.body_type = operation.body_type.and_then(|id| new_ids[id]);
        if let ResponseShape::Keyed { ty, .. } = &mut operation.response {
            renumber_type(ty, new_ids);
        }
        for param in operation
            .required
            .iter_mut()
            .chain(operation.optional.iter_mut())
        {
            renumber_type(&mut param.ty, new_ids);
        }
    }
    for child in &mut node.children {
        renumber_resource(child, new_ids);
    }
}

/// Points a type reference at its type's new index (every referenced type is kept).
fn renumber_type(ty: &mut TypeRef, new_ids: &[Option<TypeId>]) {
    match ty {
        TypeRef::Named { id, .. } => *id = new_ids[*id].unwrap_or(*id),
        TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Boxed(inner) => {
            renumber_type(inner, new_ids)
        }
        _ => {}
    }
}

/// Named types one type reference mentions.
fn referenced_by(ty: &TypeRef) -> Vec<TypeId> {
    match ty {
        TypeRef::Named { id, .. } => vec![*id],
        TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Boxed(inner) => referenced_by(inner),
        _ => Vec::new(),
    }
}

/// Marks every type reachable from a request body.
fn mark_request_types(types: &mut [TypeDef], root: &Resource) {
    let mut stack: Vec<TypeId> = root.all_operations().filter_map(|o| o.body_type).collect();
    while let Some(id) = stack.pop() {
        if types[id].in_request && !root.all_operations().any(|o| o.body_type == Some(id)) {
            continue;
        }
        types[id].in_request = true;
        for child in referenced_types(&types[id].kind) {
            if !types[child].in_request {
                stack.push(child);
            }
        }
    }
}

/// Named types a type refers to, directly or through lists, maps and boxes.
fn referenced_types(kind: &TypeKind) -> Vec<TypeId> {
    match kind {
        TypeKind::Struct(def) => def
            .fields
            .iter()
            .map(|f| &f.ty)
            .chain(&def.additional)
            .flat_map(referenced_by)
            .collect(),
        TypeKind::TaggedUnion(def) => def
            .variants
            .iter()
            .flat_map(|v| referenced_by(&v.ty))
            .collect(),
        TypeKind::Untagged(def) => def
            .variants
            .iter()
            .flat_map(|v| referenced_by(&v.ty))
            .collect(),
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// Chooses each field's representation from required/nullable and where the type is used.
fn settle_field_reprs(types: &mut [TypeDef]) {
    for def in types.iter_mut() {
        let in_request = def.in_request;
        if let TypeKind::Struct(s) = &mut def.kind {
            for field in &mut s.fields {
                field.repr = match (field.required, field.nullable) {
                    (true, false) => FieldRepr::Plain,
                    (true, true) => FieldRepr::Nullable,
                    (false, false) => FieldRepr::Optional,
                    (false, true) if in_request => FieldRepr::OptionalNullable,
                    (false, true) => FieldRepr::Optional,
                };
            }
        }
    }
}

/// Boxes every field that closes a cycle of direct (unboxed, not in a list or map)
/// containment, so recursive types have a size.
fn box_recursive_fields(types: &mut [TypeDef]) {
    let edges: Vec<Vec<TypeId>> = types.iter().map(|t| direct_children(&t.kind)).collect();
    let component = strongly_connected(&edges);
    for id in 0..types.len() {
        let box_if = |ty: &mut TypeRef| {
            if let TypeRef::Named { id: target, .. } = ty {
                if component[*target] == component[id] {
                    *ty = TypeRef::Boxed(Box::new(ty.clone()));
                }
            }
        };
        match &mut types[id].kind {
            TypeKind::Struct(def) => def.fields.iter_mut().for_each(|f| box_if(&mut f.ty)),
            TypeKind::TaggedUnion(def) => def.variants.iter_mut().for_each(|v| box_if(&mut v.ty)),
            TypeKind::Untagged(def) => def.variants.iter_mut().for_each(|v| box_if(&mut v.ty)),
            TypeKind::Enum(_) => {}
        }
    }
}

fn direct_children(kind: &TypeKind) -> Vec<TypeId> {
    let direct = |ty: &TypeRef| match ty {
        TypeRef::Named { id, .. } => Some(*id),
        _ => None,
    };
    match kind {
        TypeKind::Struct(def) => def.fields.iter().filter_map(|f| direct(&f.ty)).collect(),
        TypeKind::TaggedUnion(def) => def.variants.iter().filter_map(|v| direct(&v.ty)).collect(),
        TypeKind::Untagged(def) => def.variants.iter().filter_map(|v| direct(&v.ty)).collect(),
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// Tarjan's algorithm, iterative; returns a component number per node. A node alone in
/// its component without a self-edge gets a number no other node shares, so "same
/// component" means "on a cycle together".
fn strongly_connected(edges: &[Vec<TypeId>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![usize::MAX; n];
    let mut next_index = 0;
    let mut next_component = 0;
    for start in 0..n {
        if index[start] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[node] == usize::MAX {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = edges[node].get(*edge) {
                *edge += 1;
                if index[next] == usize::MAX {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                let mut members = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    members.push(member);
                    if member == node {
                        break;
                    }
                }
                let cyclic = members.len() > 1 || edges[node].contains(&node);
                for member in members {
                    component[member] = if cyclic { next_component } else { n + member };
                }
                next_component += 1;
            }
        }
    }
    component
}
