//! Cargo features of a generated crate: one per top-level resource, and which of
//! them each type is compiled with (settled by `lower::passes::features`).

/// A top-level resource's cargo feature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceFeature {
    /// The feature's name, which is also its modules' (`acs`, `models/acs.rs`).
    pub name: String,
    /// Other resource features it turns on: one of its operations waits
    /// through an operation of theirs.
    pub requires: Vec<String>,
}

/// Which resource features a type (or alias) is compiled with.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Gate {
    /// Always: something outside the resources uses it (errors, webhooks, an
    /// operation at the root), every resource does, or none does.
    #[default]
    Always,
    /// With any of these features, in the crate's feature order: resource
    /// features, and `webhooks` for what the webhook verifier decodes.
    Any(Vec<String>),
    /// A component that no operation reaches (nor the runtime): with every
    /// resource feature, in a module of its own.
    Unreached,
}

impl Gate {
    /// The one feature whose module holds the type; none for the shared
    /// module (`models/mod.rs`) and the unreached types' module.
    pub fn feature_module(&self) -> Option<&str> {
        match self {
            Gate::Any(features) if features.len() == 1 => Some(&features[0]),
            _ => None,
        }
    }

    /// The features of the `#[cfg(any(..))]` on each of the type's items: a
    /// type in the shared module that not every feature needs.
    pub fn item_features(&self) -> &[String] {
        match self {
            Gate::Any(features) if features.len() > 1 => features,
            _ => &[],
        }
    }
}

/// Where an operation that answers an action attempt polls it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionPoll {
    /// The poll operation's const.
    pub const_name: String,
    /// The resource module it is defined in; none at the root.
    pub module: Option<String>,
}
