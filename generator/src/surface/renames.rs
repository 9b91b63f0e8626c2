//! Renames that keep users' code compiling for one version: a type the
//! crate's previous surface had, gone now, whose exact shape a new name has,
//! stays as a `#[deprecated]` alias of the new name. The alias is carried from
//! generation to generation while the crate's version keeps the major version
//! (for 0.x: the minor) it was deprecated in, and dropped at the next.

use super::{Surface, TypeSurface};
use crate::model::{Api, Deprecation, TypeAlias};
use std::collections::BTreeMap;

/// Adds to `api` a deprecated alias for each type of `previous` that is now
/// only under another name, and keeps those `previous` deprecated while
/// `version` is semver-compatible with the version they were deprecated in.
pub fn keep_renamed(api: &mut Api, previous: &Surface, version: &str) {
    let current = Surface::of(api);
    // The types that are new in this generation, by their shape.
    let mut new_by_shape: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (name, ty) in &current.types {
        if !previous.types.contains_key(name) && !matches!(ty, TypeSurface::Alias { .. }) {
            let shape = serde_json::to_string(ty).unwrap_or_default();
            new_by_shape.entry(shape).or_default().push(name);
        }
    }
    let renamed = match_renames(previous, &current, &new_by_shape);
    let mut aliases = Vec::new();
    for (old_name, old_ty) in &previous.types {
        if current.types.contains_key(old_name) {
            continue;
        }
        let (target, since) = match old_ty {
            TypeSurface::Alias {
                target,
                deprecated_since: Some(since),
            } if compatible(since, version) && current.types.contains_key(target) => {
                (target.clone(), since.clone())
            }
            TypeSurface::Alias { .. } => continue,
            _ => match renamed.get(old_name) {
                Some(target) => (target.clone(), version.to_owned()),
                None => continue,
            },
        };
        let Some(gate) = (api.types.iter())
            .find(|def| def.name == target)
            .map(|def| def.gate.clone())
        else {
            continue;
        };
        aliases.push(TypeAlias {
            name: old_name.clone(),
            target,
            gate,
            deprecated: Some(Deprecation { since }),
        });
    }
    api.aliases.extend(aliases);
    api.aliases.sort_by(|a, b| a.name.cmp(&b.name));
}

/// Old type name to new, for each type of `previous` that is gone and whose
/// shape exactly one new type has, once the names of types already matched
/// are read as their new names: a renamed struct's fields name the renamed
/// types of its members, so renames are matched leaves first, to a fixpoint.
fn match_renames(
    previous: &Surface,
    current: &Surface,
    new_by_shape: &BTreeMap<String, Vec<&str>>,
) -> BTreeMap<String, String> {
    let gone: Vec<(&String, String)> = (previous.types.iter())
        .filter(|(name, ty)| {
            !current.types.contains_key(*name) && !matches!(ty, TypeSurface::Alias { .. })
        })
        .map(|(name, ty)| (name, serde_json::to_string(ty).unwrap_or_default()))
        .collect();
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    // Each round matches at least one more type, or stops.
    for _ in 0..=gone.len() {
        let before = renamed.len();
        for (name, shape) in &gone {
            if renamed.contains_key(*name) {
                continue;
            }
            let shape = super::replace_names(shape, &renamed);
            let candidates = new_by_shape
                .get(&shape)
                .map(Vec::as_slice)
                .unwrap_or_default();
            if let Some(target) = closest(name, candidates) {
                renamed.insert((*name).clone(), target.to_owned());
            }
        }
        if renamed.len() == before {
            break;
        }
    }
    renamed
}

/// The one candidate for `name`: the only one, or among several of the same
/// shape (`LockWarningOffline` and `LockWarningLowBattery` are both a
/// message) the one that ends with the longest part of `name`, if no other
/// ends with as long a part.
fn closest<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let shared = |candidate: &str| {
        (name.chars().rev())
            .zip(candidate.chars().rev())
            .take_while(|(a, b)| a == b)
            .count()
    };
    let best = candidates.iter().map(|c| shared(c)).max()?;
    let mut best_ones = candidates.iter().filter(|c| shared(c) == best);
    match (best_ones.next(), best_ones.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

/// Whether `version` is semver-compatible with `since`: the same major
/// version, or for 0.x the same minor.
fn compatible(since: &str, version: &str) -> bool {
    let key = |v: &str| -> Vec<u64> {
        let parts: Vec<u64> = v.split('.').map(|p| p.parse().unwrap_or(0)).collect();
        match parts.first() {
            Some(0) => parts.into_iter().take(2).collect(),
            _ => parts.into_iter().take(1).collect(),
        }
    };
    key(since) == key(version)
}

#[cfg(test)]
mod tests {
    use super::compatible;

    #[test]
    fn an_alias_lasts_while_the_version_is_compatible() {
        assert!(compatible("1.2.0", "1.9.3"));
        assert!(!compatible("1.2.0", "2.0.0"));
        assert!(compatible("0.3.0", "0.3.7"));
        assert!(!compatible("0.3.0", "0.4.0"));
    }
}
