//! Pass: the kinds of client beyond the main one, from the profile and the
//! operations the spec has for them. A client without the context header
//! offers the operations whose security allows it; a key exchange needs its
//! operation and a token in the answer; a credential update is checked by an
//! operation when the spec has one. Whatever the spec lacks is left out.

use crate::lower::resources::mark_undocumented;
use crate::model::{
    Call, CredentialUpdateCall, Docs, KeyExchangeCall, Operation, Param, Resource, ResponseShape,
    ScopedClient, TypeDef, TypeKind, TypeRef,
};
use crate::names;
use crate::names::Scope;
use crate::profile::Profile;
use openapiv3::{OpenAPI, ReferenceOr};

/// The client for credentials used without the context header: the tree of
/// the operations it may call, its handles named after it (`<Client><Handle>`).
pub(in crate::lower) fn without_context_client(
    root: &Resource,
    profile: &Profile,
    scope: &mut Scope,
) -> Option<ScopedClient> {
    let declared = profile.without_context.as_ref()?;
    let allowed = |operation: &Operation| {
        operation
            .security
            .iter()
            .any(|scheme| declared.security_schemes.contains(scheme))
    };
    let mut tree = keep_operations(root, &allowed)?;
    rename_handles(&mut tree, &declared.client_name, scope);
    mark_undocumented(&mut tree);
    let credentials = declared
        .credentials
        .iter()
        .filter_map(|setter| profile.credentials.iter().position(|c| c.setter == *setter))
        .collect();
    Some(ScopedClient {
        client_name: declared.client_name.clone(),
        build_method: declared.build_method.clone(),
        docs: Docs {
            lines: names::doc_lines(&declared.doc),
        },
        root: tree,
        credentials,
    })
}

/// `node` with only the operations `keep` accepts, and only the handles that
/// lead to one; `None` when none is left.
fn keep_operations(node: &Resource, keep: &dyn Fn(&Operation) -> bool) -> Option<Resource> {
    let operations: Vec<Operation> = node
        .operations
        .iter()
        .filter(|o| keep(o))
        .cloned()
        .collect();
    let children: Vec<Resource> = node
        .children
        .iter()
        .filter_map(|child| keep_operations(child, keep))
        .collect();
    if operations.is_empty() && children.is_empty() {
        return None;
    }
    Some(Resource {
        operations,
        children,
        ..node.clone()
    })
}

fn rename_handles(node: &mut Resource, client_name: &str, scope: &mut Scope) {
    node.type_name = if node.path.is_empty() {
        client_name.to_owned()
    } else {
        let name = names::type_name(&format!("{client_name}_{}", node.type_name));
        scope.claim(name).0
    };
    for child in &mut node.children {
        rename_handles(child, client_name, scope);
    }
}

/// The key exchange, when the spec has its operation: the key's scheme is an
/// `apiKey` header that the operation accepts, the user is its one required
/// parameter or an optional one, and its answer holds the token as a string.
pub(in crate::lower) fn key_exchange(
    root: &Resource,
    types: &[TypeDef],
    profile: &Profile,
    spec: &OpenAPI,
) -> Option<KeyExchangeCall> {
    let declared = profile.key_exchange.as_ref()?;
    let operation = root
        .all_operations()
        .find(|o| o.path == declared.operation_path)?;
    if !operation.security.contains(&declared.security_scheme) {
        return None;
    }
    let header = match spec
        .components
        .as_ref()?
        .security_schemes
        .get(&declared.security_scheme)?
    {
        // The runtime sends it as a static header name: it must be a valid one.
        ReferenceOr::Item(openapiv3::SecurityScheme::APIKey {
            location: openapiv3::APIKeyLocation::Header,
            name,
            ..
        }) if names::is_http_token(name) => name.to_ascii_lowercase(),
        _ => return None,
    };
    let is_user = |p: &&Param| p.wire_name == declared.user_parameter && p.ty == TypeRef::String;
    let (user, user_required) = match operation.required.as_slice() {
        [] => (operation.optional.iter().find(is_user)?, false),
        [only] if is_user(&only) => (only, true),
        _ => return None,
    };
    let ResponseShape::Keyed {
        ty: TypeRef::Named { name, .. },
        optional: false,
        ..
    } = &operation.response
    else {
        return None;
    };
    let TypeKind::Struct(answer) = &types.iter().find(|t| t.name == *name)?.kind else {
        return None;
    };
    let token = answer.fields.iter().find(|f| {
        f.wire_name == declared.token_field && f.ty == TypeRef::String && f.required && !f.nullable
    })?;
    let credential = profile
        .credentials
        .iter()
        .position(|c| c.setter == declared.credential)?;
    Some(KeyExchangeCall {
        header,
        call: call_of(operation),
        user_setter: user.setter_name.clone(),
        user_required,
        token_field: token.rust_name.clone(),
        credential,
    })
}

/// The credentials a running client may replace, each checked by its
/// operation when the spec has it and it takes no required parameter.
pub(in crate::lower) fn credential_updates(
    root: &Resource,
    profile: &Profile,
) -> Vec<CredentialUpdateCall> {
    let mut updates = Vec::new();
    for (index, credential) in profile.credentials.iter().enumerate() {
        let Some(update) = &credential.update else {
            continue;
        };
        let check = root
            .all_operations()
            .find(|o| o.path == update.check_path && o.required.is_empty())
            .map(call_of);
        updates.push(CredentialUpdateCall {
            credential: index,
            check,
        });
    }
    updates
}

fn call_of(operation: &Operation) -> Call {
    Call {
        accessors: operation.example.accessors.clone(),
        method: operation.method_name.clone(),
    }
}
