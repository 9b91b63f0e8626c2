//! Following `$ref`s: component names from pointers, chains of references, and
//! the schema a reference or inline schema stands for.

use super::*;
use crate::fragment::local_segments;

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
            Ok([components, kind, name, path @ ..]) if components == "components" && kind == section => {
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

    /// Follows a `$ref` (through chains of refs) to the component schema it names:
    /// the schema, its component name, and the pointer where it stands.
    pub(in crate::lower) fn follow(
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
            ReferenceOr::Reference { reference } => {
                self.follow(reference, pointer).map(|(s, _, at)| (s, at))
            }
        }
    }

    // ---- components ----------------------------------------------------------------

    pub(in crate::lower) fn reference(&mut self, reference: &str, pointer: &Pointer) -> Lowered {
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
}
