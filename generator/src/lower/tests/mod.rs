//! Unit tests of the lowering rules, a file for each module whose rules they
//! pin: `operations` (paths and methods to operations), `schemas` (schemas to
//! type references), `structs` (objects to structs), `unions` (`oneOf`/`anyOf`)
//! and `responses` (what a method returns, typed errors). Each test lowers a
//! small inline document through the public pipeline (`crate::model_bytes`)
//! and asserts facts of the model, so that a changed rule fails a test named
//! after it rather than showing as a diff in a whole-crate snapshot.

mod operations;
mod responses;
mod schemas;
mod structs;
mod unions;

use crate::diagnostics::Diagnostics;
use crate::model::{Api, Field, Operation, Param, StructDef, TypeDef, TypeKind, TypeRef};
use crate::profile::Choice;

/// The generic profile, which a test uses unless it needs another.
const GENERIC: &str = "extends = \"generic\"\n";

/// The model of `yaml` under the generic profile.
fn lower(yaml: &str) -> Api {
    lower_with(yaml, GENERIC).0
}

/// The model of `yaml` under `profile` (a profile file's text), with the
/// warnings lowering gave; panics when the document does not lower.
fn lower_with(yaml: &str, profile: &str) -> (Api, Diagnostics) {
    // From text, not a file: tests run in parallel, each with its profile.
    let options = crate::Options {
        profile: Choice::from_text("tests.profile.toml", profile),
        ..Default::default()
    };
    match crate::model_bytes(yaml.as_bytes(), "yaml", &options) {
        Ok(lowered) => lowered,
        Err(error) => panic!("the document does not lower:\n{error}"),
    }
}

/// The errors that stop `yaml` from lowering under `profile`, each as
/// `pointer: message`; panics when it lowers.
fn lowering_errors(yaml: &str, profile: &str) -> Vec<String> {
    let options = crate::Options {
        profile: Choice::from_text("tests.profile.toml", profile),
        ..Default::default()
    };
    match crate::model_bytes(yaml.as_bytes(), "yaml", &options) {
        Ok(_) => panic!("the document lowers"),
        Err(crate::Error::Spec(diags)) => (diags.iter())
            .filter(|d| d.severity == crate::diagnostics::Severity::Error)
            .map(|d| format!("{}: {}", d.pointer, d.message))
            .collect(),
        Err(other) => panic!("not a problem of the document: {other}"),
    }
}

/// Every warning, as `pointer: message`.
fn warnings(diags: &Diagnostics) -> Vec<String> {
    (diags.warnings())
        .map(|d| format!("{}: {}", d.pointer, d.message))
        .collect()
}

/// The named type called `name`.
fn type_def<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    let names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    (api.types.iter())
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no type `{name}` in {names:?}"))
}

/// Whether the model has a type called `name`.
fn has_type(api: &Api, name: &str) -> bool {
    api.types.iter().any(|t| t.name == name)
}

/// The struct called `name`.
fn struct_def<'a>(api: &'a Api, name: &str) -> &'a StructDef {
    match &type_def(api, name).kind {
        TypeKind::Struct(def) => def,
        other => panic!("`{name}` is no struct: {other:?}"),
    }
}

/// The field of `def` whose wire name is `wire`.
fn field<'a>(def: &'a StructDef, wire: &str) -> &'a Field {
    let names: Vec<&str> = def.fields.iter().map(|f| f.wire_name.as_str()).collect();
    (def.fields.iter())
        .find(|f| f.wire_name == wire)
        .unwrap_or_else(|| panic!("no field `{wire}` in {names:?}"))
}

/// The wire names of the fields of `def`, in order.
fn field_names(def: &StructDef) -> Vec<&str> {
    def.fields.iter().map(|f| f.wire_name.as_str()).collect()
}

/// The wire names of `params`, in order.
fn wire_names(params: &[Param]) -> Vec<&str> {
    params.iter().map(|p| p.wire_name.as_str()).collect()
}

/// The operation whose display name is `display_name` (`pets.list`).
fn operation<'a>(api: &'a Api, display_name: &str) -> &'a Operation {
    let names: Vec<&str> = (api.root.all_operations())
        .map(|o| o.display_name.as_str())
        .collect();
    (api.root.all_operations())
        .find(|o| o.display_name == display_name)
        .unwrap_or_else(|| panic!("no operation `{display_name}` in {names:?}"))
}

/// A type reference in short: a named type's name (`Pet`), a list or map
/// of one (`[Pet]`, `{Pet}`), or a scalar's variant (`String`, `Json`).
fn type_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named { name, .. } => name.clone(),
        TypeRef::List(item) => format!("[{}]", type_name(item)),
        TypeRef::Map(value) => format!("{{{}}}", type_name(value)),
        TypeRef::Boxed(inner) => type_name(inner),
        other => format!("{other:?}"),
    }
}
