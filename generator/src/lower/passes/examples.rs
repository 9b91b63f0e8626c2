//! Pass: each operation's doc example, from its required parameters.

use super::*;

/// Writes each operation's doc example: the call with placeholder arguments.
pub(in crate::lower) fn fill_examples(
    node: &mut Resource,
    types: &[TypeDef],
    crate_ident: &str,
    chain: &str,
) {
    for operation in &mut node.operations {
        let args: Vec<String> = operation
            .required
            .iter()
            .map(|p| example_value(&p.ty, &p.wire_name, types, crate_ident))
            .collect();
        let call = format!(
            "{}{chain}.{}({})",
            SEAM.client_variable,
            operation.method_name,
            args.join(", ")
        );
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
            format!(
                "# async fn example({}: {crate_ident}::{}) -> Result<(), {crate_ident}::Error> {{",
                SEAM.client_variable, SEAM.client_name
            ),
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
pub(in crate::lower) fn example_value(
    ty: &TypeRef,
    wire_name: &str,
    types: &[TypeDef],
    crate_ident: &str,
) -> String {
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
        TypeRef::Named { id, name } => match &types[id.index()].kind {
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
