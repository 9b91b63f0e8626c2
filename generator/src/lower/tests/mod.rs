//! Unit tests of the lowering rules, a file for each module whose rules they
//! pin: `operations` (paths and methods to operations), `schemas` (schemas to
//! type references), `structs` (objects to structs), `unions` (`oneOf`/`anyOf`)
//! `responses` (what a method returns, typed errors) and `pagination` (which
//! strategy a list pages by). Each test lowers a
//! small inline document through the public pipeline (`crate::model_bytes`)
//! and asserts facts of the model, so that a changed rule fails a test named
//! after it rather than showing as a diff in a whole-crate snapshot.

mod operations;
mod pagination;
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

/// Lowering `yaml` under `profile` (a profile file's text).
fn lowered(yaml: &str, profile: &str) -> Result<(Api, Diagnostics), crate::Error> {
    // From text, not a file: tests run in parallel, each with its profile.
    let options = crate::Options {
        profile: Choice::from_text("tests.profile.toml", profile),
        ..Default::default()
    };
    crate::model_bytes(yaml.as_bytes(), "yaml", &options)
}

/// The model of `yaml` under `profile`, with the warnings lowering gave;
/// fails the test when the document does not lower.
fn lower_with(yaml: &str, profile: &str) -> (Api, Diagnostics) {
    lowered(yaml, profile).unwrap_or_else(|error| panic!("the document does not lower:\n{error}"))
}

/// The errors that stop `yaml` from lowering under `profile`, each as
/// `pointer: message`; fails the test when the document lowers, or when what
/// refuses it is the test's profile rather than the document.
fn lowering_errors(yaml: &str, profile: &str) -> Vec<String> {
    let diags = match lowered(yaml, profile) {
        Err(crate::Error::Spec(diags)) => diags,
        Ok(_) => panic!("the document lowers; the test expects it refused"),
        Err(error) => panic!("the test's profile is refused, not the document: {error}"),
    };
    (diags.iter())
        .filter(|d| d.severity == crate::diagnostics::Severity::Error)
        .map(|d| format!("{}: {}", d.pointer, d.message))
        .collect()
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
