//! Following `$ref`s: component names from pointers, chains of references to a
//! component or a schema inside one, and the schema a reference or inline schema
//! stands for.

use super::inside::{walk, Node};
use super::*;
use crate::fragment::local_segments;

/// What a schema `$ref` leads to, at the end of its chain.
pub(in crate::lower) struct Target<'s> {
    pub(in crate::lower) schema: &'s Schema,
    /// Where the schema stands in the document.
    pub(in crate::lower) pointer: Pointer,
    pub(in crate::lower) place: Place,
}

/// Whether a `$ref` names a whole component or a schema inside one.
pub(in crate::lower) enum Place {
    Component(String),
    /// The path from the component to the schema (`["properties", "y"]`).
    Inside {
        component: String,
        path: Vec<String>,
    },
}

impl<'s> Lowerer<'s, '_> {
    /// Where a `$ref` points under `#/components/{section}/`: the component's name
    /// and the path inside it (none: the component itself), its fragment decoded
    /// (`%7Bid%7D` is `{id}`, `a~1b` is `a/b`); or an error at `pointer`.
    pub(in crate::lower) fn component_path(
        &mut self,
        reference: &str,
        pointer: &Pointer,
        section: &str,
    ) -> Option<(String, Vec<String>)> {
        match local_segments(reference).as_deref() {
            Ok([components, kind, name, path @ ..])
                if components == "components" && kind == section =>
            {
                Some((name.clone(), path.to_vec()))
            }
            _ => {
                self.diags
                    .error(pointer, format!("unsupported $ref `{reference}`: expected a reference into `#/components/{section}/`"))
                    .help("only local references to components are supported; inline the schema or move it under components");
                None
            }
        }
    }

    /// The component a `$ref` names as a whole, or an error at `pointer`.
    pub(in crate::lower) fn component_name(
        &mut self,
        reference: &str,
        pointer: &Pointer,
        section: &str,
    ) -> Option<String> {
        let (name, path) = self.component_path(reference, pointer, section)?;
        if !path.is_empty() {
            self.diags
                .error(pointer, format!("unsupported $ref `{reference}`: it points inside a component of `#/components/{section}/`"))
                .help("refer to the whole component");
            return None;
        }
        Some(name)
    }

    /// Follows a `$ref` (through chains of refs) to the schema it names, a whole
    /// component or a schema inside one (`#/components/schemas/X/properties/y`).
    pub(in crate::lower) fn follow(
        &mut self,
        reference: &str,
        pointer: &Pointer,
    ) -> Option<Target<'s>> {
        let spec = self.spec;
        let mut reference = reference.to_owned();
        let mut at = pointer.clone();
        for _ in 0..MAX_DEPTH {
            let (name, path) = self.component_path(&reference, &at, "schemas")?;
            let Some(root) = spec.components.as_ref().and_then(|c| c.schemas.get(&name)) else {
                self.diags
                    .error(
                        &at,
                        format!("$ref `{reference}` points nowhere: there is no schema `{name}`"),
                    )
                    .help("add the schema under #/components/schemas or fix the reference");
                return None;
            };
            let (node, here) = match walk(Node::of(root), schema_pointer(&name), &path) {
                Ok(found) => found,
                Err(missing) => {
                    self.diags
                        .error(
                            &at,
                            format!("$ref `{reference}` points to no schema: there is none at {missing}"),
                        )
                        .help("point at a schema: a component, or inside one properties/<name>, items, additionalProperties, allOf/<i>, oneOf/<i>, anyOf/<i> or not");
                    return None;
                }
            };
            match node {
                Node::Schema(schema) => {
                    let place = if path.is_empty() {
                        Place::Component(name)
                    } else {
                        Place::Inside {
                            component: name,
                            path,
                        }
                    };
                    return Some(Target {
                        schema,
                        pointer: here,
                        place,
                    });
                }
                Node::Ref(next) => {
                    reference = next.to_owned();
                    at = here;
                }
            }
        }
        self.diags
            .error(pointer, "a chain of $refs loops or is too long")
            .help("make the reference chain end in a schema");
        None
    }

    /// The schema a schema-or-reference stands for (boxed or not, as openapiv3 has
    /// both), with the pointer where it stands.
    pub(in crate::lower) fn resolve<'r, S: Borrow<Schema>>(
        &mut self,
        schema: &'r ReferenceOr<S>,
        pointer: &Pointer,
    ) -> Option<(&'r Schema, Pointer)>
    where
        's: 'r,
    {
        match schema {
            ReferenceOr::Item(item) => Some((item.borrow(), pointer.clone())),
            ReferenceOr::Reference { reference } => self
                .follow(reference, pointer)
                .map(|target| (target.schema, target.pointer)),
        }
    }

    // ---- components ----------------------------------------------------------------

    /// The type a `$ref` stands for: its component's, or for a schema inside a
    /// component, the type that schema gets where it stands.
    pub(in crate::lower) fn reference(&mut self, reference: &str, pointer: &Pointer) -> Lowered {
        let Some(target) = self.follow(reference, pointer) else {
            return Lowered {
                ty: TypeRef::Json,
                nullable: false,
            };
        };
        match target.place {
            Place::Component(name) => Lowered {
                ty: self.component(&name, &target.pointer),
                nullable: target.schema.schema_data.nullable,
            },
            Place::Inside { component, path } => {
                self.inside(target.schema, &component, &path, &target.pointer)
            }
        }
    }
}
