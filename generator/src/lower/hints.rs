//! Names an inline type may take, computed only when it becomes one.

use crate::names;

/// Names an inline type may take: the qualified one is its name
/// (`AcsCredentialsCreateVisionlineMetadata`); the short one only picks, among
/// identical types defined in components, the one an operation's property shares.
///
/// Computed only when asked for: every property gets a hint, few become a type,
/// and case conversion was most of lowering's time.
#[derive(Clone)]
pub(in crate::lower) struct NameHint {
    /// The enclosing type's name, for the qualified name (none: `name` is exact).
    parent: Option<String>,
    name: String,
    /// Applied in order to both names: the hint of an array's items or a map's values.
    steps: Vec<HintStep>,
}

#[derive(Clone, Copy)]
pub(in crate::lower) enum HintStep {
    /// `Things` -> `Thing`.
    Item,
    /// `Labels` -> `LabelsValue`.
    Value,
}

impl NameHint {
    pub(in crate::lower) fn new(parent: &str, property: &str) -> Self {
        NameHint {
            parent: Some(parent.to_owned()),
            name: property.to_owned(),
            steps: Vec::new(),
        }
    }

    pub(in crate::lower) fn exact(name: &str) -> Self {
        NameHint {
            parent: None,
            name: name.to_owned(),
            steps: Vec::new(),
        }
    }

    /// The same hint, one step further down.
    pub(in crate::lower) fn then(&self, step: HintStep) -> Self {
        let mut hint = self.clone();
        hint.steps.push(step);
        hint
    }

    pub(in crate::lower) fn short(&self) -> String {
        self.apply_steps(names::type_name(&self.name))
    }

    /// The parent's name and this one, the parent said once: `Device` and
    /// `device_type` give `DeviceType`, not `DeviceDeviceType`.
    pub(in crate::lower) fn qualified(&self) -> String {
        match &self.parent {
            Some(parent) => {
                let parent_words = heck::ToSnakeCase::to_snake_case(parent.as_str());
                let own_words = heck::ToSnakeCase::to_snake_case(self.name.as_str());
                match own_words.strip_prefix(&parent_words) {
                    Some(rest) if rest.starts_with('_') => {
                        self.apply_steps(names::type_name(&self.name))
                    }
                    _ => self.unelided(),
                }
            }
            None => self.apply_steps(names::type_name(&self.name)),
        }
    }

    /// The parent's name and this one, whole (`DeviceDeviceType`).
    pub(in crate::lower) fn unelided(&self) -> String {
        let base = match &self.parent {
            Some(parent) => names::type_name(&format!("{parent}_{}", self.name)),
            None => names::type_name(&self.name),
        };
        self.apply_steps(base)
    }

    pub(in crate::lower) fn apply_steps(&self, mut name: String) -> String {
        for step in &self.steps {
            name = match step {
                HintStep::Item => names::type_name(&names::singular(
                    &heck::ToSnakeCase::to_snake_case(name.as_str()),
                )),
                HintStep::Value => format!("{name}Value"),
            };
        }
        name
    }
}
