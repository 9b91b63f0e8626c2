//! Following `$ref`s: chains of references to a component, a schema inside one
//! or anything an operation defines (see `locate`), and the schema a reference or
//! inline schema stands for.

use super::inside::Node;
use super::locate::locate;
use crate::diagnostics::Pointer;
use crate::fragment::local_segments;
use crate::lower::locate::Found;
use crate::lower::{Lowered, Lowerer, MAX_DEPTH};
use crate::model::TypeRef;
use openapiv3::{ReferenceOr, Schema};
use std::borrow::Borrow;

/// What a schema `$ref` leads to, at the end of its chain.
pub(in crate::lower) struct Target<'s> {
    pub(in crate::lower) schema: &'s Schema,
    /// Where the schema stands in the document.
    pub(in crate::lower) pointer: Pointer,
    pub(in crate::lower) place: Place,
}

/// Whether a `$ref` names a whole component, a schema inside one, or a schema
/// an operation defines.
pub(in crate::lower) enum Place {
    Component(String),
    /// The path from the component to the schema (`["properties", "y"]`).
    Inside {
        component: String,
        path: Vec<String>,
    },
    /// Under `#/paths/`: the pointer's decoded segments.
    Operation(Vec<String>),
}

impl<'s> Lowerer<'s, '_> {
    /// What a local `$ref` names (one step: a `$ref` found there is for the
    /// caller), where that stands and the pointer's decoded segments; or an
    /// error at `pointer`.
    fn locate_ref(
        &mut self,
        reference: &str,
        pointer: &Pointer,
        operation: Option<&str>,
        kind: &str,
    ) -> Option<(Found<'s>, Pointer, Vec<String>)> {
        let Ok(segments) = local_segments(reference) else {
            let error = self
                .diags
                .error(
                    pointer,
                    format!("unsupported $ref `{reference}`: it is not a local JSON pointer"),
                )
                .help("refer to something in this document, as `#/components/schemas/Name`");
            if let Some(operation) = operation {
                error.operation(operation);
            }
            return None;
        };
        match locate(self.spec, &segments) {
            Ok((found, at)) => Some((found, at, segments)),
            Err(missing) => {
                let help = if kind == "schema" {
                    "point at a schema: a component, one an operation defines, or inside one properties/<name>, items, additionalProperties, allOf/<i>, oneOf/<i>, anyOf/<i> or not".to_owned()
                } else {
                    format!("point at a {kind}, in components or in an operation")
                };
                let error = self
                    .diags
                    .error(
                        pointer,
                        format!(
                            "$ref `{reference}` points to no {kind}: there is none at {missing}"
                        ),
                    )
                    .help(help);
                if let Some(operation) = operation {
                    error.operation(operation);
                }
                None
            }
        }
    }

    /// Follows a `$ref` (through chains of refs) to the parameter, response or
    /// request body (`kind`, which `pick` takes from what a pointer names) it
    /// names, with where that is defined and its pointer's segments; errors
    /// name `operation`.
    pub(in crate::lower) fn follow_item<T>(
        &mut self,
        reference: &str,
        pointer: &Pointer,
        operation: Option<&str>,
        kind: &str,
        pick: fn(Found<'s>) -> Option<&'s ReferenceOr<T>>,
    ) -> Option<(&'s T, Pointer, Vec<String>)> {
        let mut reference = reference.to_owned();
        let mut at = pointer.clone();
        for _ in 0..MAX_DEPTH {
            let (found, here, segments) = self.locate_ref(&reference, &at, operation, kind)?;
            match pick(found) {
                Some(ReferenceOr::Item(item)) => return Some((item, here, segments)),
                Some(ReferenceOr::Reference { reference: next }) => {
                    reference = next.clone();
                    at = here;
                }
                None => {
                    let error = self
                        .diags
                        .error(&at, format!("$ref `{reference}` points to no {kind}"))
                        .help(format!(
                            "point at a {kind}, in components or in an operation"
                        ));
                    if let Some(operation) = operation {
                        error.operation(operation);
                    }
                    return None;
                }
            }
        }
        let error = self
            .diags
            .error(pointer, "a chain of $refs loops or is too long")
            .help("make the reference chain end in what it names");
        if let Some(operation) = operation {
            error.operation(operation);
        }
        None
    }

    /// Follows a `$ref` (through chains of refs) to the schema it names: a whole
    /// component, a schema inside one (`#/components/schemas/X/properties/y`) or
    /// one an operation defines (`#/paths/~1x/get/responses/200/...`).
    pub(in crate::lower) fn follow(
        &mut self,
        reference: &str,
        pointer: &Pointer,
    ) -> Option<Target<'s>> {
        let mut reference = reference.to_owned();
        let mut at = pointer.clone();
        for _ in 0..MAX_DEPTH {
            let (found, here, segments) = self.locate_ref(&reference, &at, None, "schema")?;
            let Found::Schema(node) = found else {
                self.diags
                    .error(&at, format!("$ref `{reference}` points to no schema: {here} is not one"))
                    .help("point at a schema: a component, one inside it, or one an operation defines");
                return None;
            };
            match node {
                Node::Schema(schema) => {
                    let place = match segments.as_slice() {
                        [components, schemas, name]
                            if components == "components" && schemas == "schemas" =>
                        {
                            Place::Component(name.clone())
                        }
                        [components, schemas, name, path @ ..]
                            if components == "components" && schemas == "schemas" =>
                        {
                            Place::Inside {
                                component: name.clone(),
                                path: path.to_vec(),
                            }
                        }
                        _ => Place::Operation(segments),
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
            Place::Operation(segments) => {
                self.in_operation(target.schema, &segments, &target.pointer)
            }
        }
    }
}
