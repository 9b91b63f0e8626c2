//! Pass: the wire names of every secret-bearing field, for the runtime.

use crate::model::{TypeDef, TypeKind};
use crate::profile::Profile;
use std::collections::BTreeSet;

/// The listed sensitive names plus every field the spec marks `format: password`, sorted.
pub(in crate::lower) fn sensitive_fields(types: &[TypeDef], profile: &Profile) -> Vec<String> {
    let mut names: BTreeSet<String> = profile.sensitive_fields.iter().cloned().collect();
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
