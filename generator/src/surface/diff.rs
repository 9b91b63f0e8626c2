//! What changed between two surfaces, each change classified by the generated
//! crate's semver policy (README, "Reviewing changes"):
//!
//! - enums and unions are `#[non_exhaustive]` with an unreadable-by-value unknown
//!   variant, so a new value or variant is **minor**;
//! - structs are `#[non_exhaustive]` (request types are built with `with_`
//!   setters), so a new field is **minor**, unless callers must now set it;
//! - a new operation, optional parameter or type is **minor**;
//! - anything removed, renamed or retyped, and any new required argument, is
//!   **major**; so is what still compiles but means something else: required
//!   arguments of the same types reordered or renamed in place, a documented
//!   default that changes value;
//! - the runtime's public items ([`runtime`](super::runtime)) follow the same
//!   rules: an addition is minor unless callers can build or match its parent
//!   exhaustively;
//! - a change only on the wire (another HTTP method or path for the same call) or
//!   only in the generated text (docs) is a **patch**.

use super::{FieldSurface, OperationSurface, Surface, TypeSurface};
use std::collections::{BTreeMap, BTreeSet};

mod text;

/// How far a change reaches, in the order of severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Patch,
    Minor,
    Major,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Patch => "patch",
            Level::Minor => "minor",
            Level::Major => "major",
        }
    }

    pub fn parse(text: &str) -> Option<Level> {
        [Level::Patch, Level::Minor, Level::Major]
            .into_iter()
            .find(|l| l.as_str() == text)
    }
}

/// What a change is about, for the summary's rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    Resource,
    Operation,
    Parameter,
    Type,
    Field,
    Variant,
    /// Documented defaults: what leaving an argument out means.
    Default,
    /// The runtime's items (client, errors, pages), shared by every crate.
    Runtime,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    Added,
    Removed,
    Changed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub level: Level,
    pub subject: Subject,
    pub action: Action,
    /// One line, naming the Rust items in backticks.
    pub text: String,
}

/// Every change between two surfaces, and whether the generated text differs
/// at all (a patch when nothing else did).
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub changes: Vec<Change>,
    pub text_changed: bool,
}

impl Report {
    pub fn new(old: &Surface, new: &Surface, text_changed: bool) -> Report {
        let aliases = (new.types.iter())
            .filter_map(|(name, ty)| match ty {
                TypeSurface::Alias { target, .. } => Some((name.clone(), target.clone())),
                _ => None,
            })
            .collect();
        let mut diff = Differ {
            aliases,
            changes: Vec::new(),
        };
        diff.operations(&old.operations, &new.operations);
        diff.handles(&old.handles, &new.handles);
        diff.types(&old.types, &new.types);
        diff.runtime(&old.runtime, &new.runtime);
        let mut changes = diff.changes;
        changes.sort_by(|a, b| b.level.cmp(&a.level).then_with(|| a.text.cmp(&b.text)));
        Report {
            changes,
            text_changed,
        }
    }

    /// The version bump the changes require; none when nothing changed.
    pub fn bump(&self) -> Option<Level> {
        let most = self.changes.iter().map(|c| c.level).max();
        most.or(self.text_changed.then_some(Level::Patch))
    }

    /// Whether the change reaches `threshold` (`api-diff --fail-on`).
    pub fn reaches(&self, threshold: Level) -> bool {
        self.bump().is_some_and(|bump| bump >= threshold)
    }
}

/// `an enum`, `a struct`.
fn with_article(kind: &str) -> String {
    let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {kind}")
}

struct Differ {
    changes: Vec<Change>,
    /// The new surface's aliases: a name that now is another name of a type
    /// means that type, in old types as in new ones.
    aliases: BTreeMap<String, String>,
}

/// What a name means in `types`: the type itself, or the one an alias names.
fn resolve<'a>(types: &'a BTreeMap<String, TypeSurface>, name: &str) -> Option<&'a TypeSurface> {
    match types.get(name)? {
        TypeSurface::Alias { target, .. } => types.get(target),
        ty => Some(ty),
    }
}

impl Differ {
    fn push(&mut self, level: Level, subject: Subject, action: Action, text: String) {
        self.changes.push(Change {
            level,
            subject,
            action,
            text,
        });
    }

    fn operations(
        &mut self,
        old: &BTreeMap<String, OperationSurface>,
        new: &BTreeMap<String, OperationSurface>,
    ) {
        for (call, op) in new {
            let Some(before) = old.get(call) else {
                let text = format!("operation `{call}` added ({})", op.http);
                self.push(Level::Minor, Subject::Operation, Action::Added, text);
                continue;
            };
            self.operation(call, before, op);
        }
        for (call, op) in old {
            if !new.contains_key(call) {
                let text = format!(
                    "operation `{call}` removed ({}; builder `{}`)",
                    op.http, op.builder
                );
                self.push(Level::Major, Subject::Operation, Action::Removed, text);
            }
        }
    }

    /// A Rust type as written, with every name that is now an alias replaced by
    /// the type it names.
    fn norm(&self, ty: &str) -> String {
        super::replace_names(ty, &self.aliases)
    }

    fn operation(&mut self, call: &str, old: &OperationSurface, new: &OperationSurface) {
        use Action::*;
        if old.http != new.http {
            let text = format!("`{call}` sends `{}` (was `{}`)", new.http, old.http);
            self.push(Level::Patch, Subject::Operation, Changed, text);
        }
        if old.builder != new.builder {
            let text = format!("`{call}` builds `{}` (was `{}`)", new.builder, old.builder);
            self.push(Level::Major, Subject::Operation, Changed, text);
        }
        if self.norm(&old.returns) != self.norm(&new.returns) {
            let text = format!("`{call}` returns `{}` (was `{}`)", new.returns, old.returns);
            self.push(Level::Major, Subject::Operation, Changed, text);
        }
        if new.deprecated && !old.deprecated {
            let text = format!("`{call}` deprecated");
            self.push(Level::Minor, Subject::Operation, Changed, text);
        }
        // Arguments are passed by position: callers' code still compiles when
        // same-typed arguments are renamed or reordered, but each value now
        // lands in another parameter, so that is a break even though rustc
        // says nothing.
        let arg_types = |args: &[(String, String)]| -> Vec<String> {
            args.iter().map(|(_, t)| self.norm(t)).collect()
        };
        let types_differ = arg_types(&old.arguments) != arg_types(&new.arguments);
        if !types_differ && old.arguments != new.arguments {
            let names = |args: &[(String, String)]| -> Vec<String> {
                args.iter().map(|(n, _)| n.clone()).collect()
            };
            let (new_names, old_names) = (names(&new.arguments), names(&old.arguments));
            let mut sorted = (new_names.clone(), old_names.clone());
            sorted.0.sort();
            sorted.1.sort();
            let what = match sorted.0 == sorted.1 {
                true => "reorders its arguments",
                false => "renames arguments in place",
            };
            let text = format!(
                "`{call}` {what}: `({})` (was `({})`); calls still compile but pass each value to another parameter",
                new_names.join(", "),
                old_names.join(", ")
            );
            self.push(Level::Major, Subject::Parameter, Changed, text);
        }
        if types_differ {
            let show = |args: &[(String, String)]| {
                let list: Vec<String> = args.iter().map(|(n, t)| format!("{n}: {t}")).collect();
                list.join(", ")
            };
            let added = new.arguments.len() > old.arguments.len()
                && new.arguments.starts_with(&old.arguments);
            let text = format!(
                "`{call}` takes `({})` (was `({})`)",
                show(&new.arguments),
                show(&old.arguments)
            );
            let action = if added { Added } else { Changed };
            self.push(Level::Major, Subject::Parameter, action, text);
        }
        let members = Members {
            owner: format!("`{call}`"),
            noun: "setter",
            subject: Subject::Parameter,
        };
        members.diff(self, &old.setters, &new.setters, |_| Level::Minor);
        self.defaults(&format!("`{call}`"), &old.defaults, &new.defaults);
    }

    /// A documented default that changes value changes what every call that
    /// leaves the argument out does, with no compile error: major. One that
    /// appears or goes away only changes what the docs promise: patch.
    fn defaults(
        &mut self,
        owner: &str,
        old: &BTreeMap<String, String>,
        new: &BTreeMap<String, String>,
    ) {
        for (name, value) in new {
            let (level, action, text) = match old.get(name) {
                Some(before) if before == value => continue,
                Some(before) => (
                    Level::Major,
                    Action::Changed,
                    format!("{owner}: `{name}` defaults to `{value}` (was `{before}`); calls that leave it out now mean something else"),
                ),
                None => (Level::Patch, Action::Added, format!("{owner}: `{name}` documents a default, `{value}`")),
            };
            self.push(level, Subject::Default, action, text);
        }
        for (name, before) in old {
            if !new.contains_key(name) {
                let text =
                    format!("{owner}: `{name}` no longer documents a default (was `{before}`)");
                self.push(Level::Patch, Subject::Default, Action::Removed, text);
            }
        }
    }

    /// The runtime's items: a removal or new signature breaks callers; an
    /// addition does not, unless it is a field or variant of an item they can
    /// build or match exhaustively.
    fn runtime(&mut self, old: &BTreeMap<String, String>, new: &BTreeMap<String, String>) {
        for (key, value) in new {
            match old.get(key) {
                None => {
                    let level = match super::runtime::addition_breaks(key, new) {
                        true => Level::Major,
                        false => Level::Minor,
                    };
                    let text = format!("runtime: `{key}` added (`{value}`)");
                    self.push(level, Subject::Runtime, Action::Added, text);
                }
                Some(before) if before != value => {
                    let text = format!("runtime: `{key}` is `{value}` (was `{before}`)");
                    self.push(Level::Major, Subject::Runtime, Action::Changed, text);
                }
                Some(_) => {}
            }
        }
        for (key, before) in old {
            if !new.contains_key(key) {
                let text = format!("runtime: `{key}` removed (was `{before}`)");
                self.push(Level::Major, Subject::Runtime, Action::Removed, text);
            }
        }
    }

    /// Resource handles, which callers may name (`let acs: AcsResource = seam.acs()`).
    fn handles(&mut self, old: &BTreeMap<String, String>, new: &BTreeMap<String, String>) {
        let members = Members {
            owner: "the client".to_owned(),
            noun: "resource",
            subject: Subject::Resource,
        };
        members.diff(self, old, new, |_| Level::Minor);
    }

    fn types(&mut self, old: &BTreeMap<String, TypeSurface>, new: &BTreeMap<String, TypeSurface>) {
        for (name, ty) in new {
            match old.get(name) {
                None => {
                    let text = format!("{} `{name}` added", ty.kind());
                    self.push(Level::Minor, Subject::Type, Action::Added, text);
                }
                Some(before)
                    if matches!(ty, TypeSurface::Alias { .. })
                        || matches!(before, TypeSurface::Alias { .. }) =>
                {
                    self.alias_changes(name, before, ty, resolve(old, name), resolve(new, name))
                }
                Some(before) => self.type_changes(name, before, ty),
            }
        }
        for (name, ty) in old {
            if !new.contains_key(name) {
                let text = format!("{} `{name}` removed", ty.kind());
                self.push(Level::Major, Subject::Type, Action::Removed, text);
            }
        }
    }

    /// A name that is an alias before or after: what it means is compared, and
    /// another name of the same type (or of one with only additions) is minor.
    fn alias_changes(
        &mut self,
        name: &str,
        before: &TypeSurface,
        after: &TypeSurface,
        old_meaning: Option<&TypeSurface>,
        new_meaning: Option<&TypeSurface>,
    ) {
        let describe = |ty: &TypeSurface| match ty {
            TypeSurface::Alias { target, .. } => format!("another name of `{target}`"),
            other => format!("{} of its own", with_article(other.kind())),
        };
        let (Some(old_meaning), Some(new_meaning)) = (old_meaning, new_meaning) else {
            let text = format!("`{name}` names a type that is gone");
            self.push(Level::Major, Subject::Type, Action::Changed, text);
            return;
        };
        let mut meaning = Differ {
            changes: Vec::new(),
            aliases: self.aliases.clone(),
        };
        meaning.type_changes(name, old_meaning, new_meaning);
        let worst = meaning.changes.iter().map(|c| c.level).max();
        let same_target = match (before, after) {
            (TypeSurface::Alias { target: a, .. }, TypeSurface::Alias { target: b, .. }) => {
                self.norm(a) == *b
            }
            _ => false,
        };
        if !same_target {
            let level = worst.filter(|l| *l == Level::Major).unwrap_or(Level::Minor);
            let text = format!(
                "`{name}` is now {} (was {})",
                describe(after),
                describe(before)
            );
            self.push(level, Subject::Type, Action::Changed, text);
        }
        // Another name of the same type: the type's own entry says what changed.
        if !same_target {
            self.changes.extend(meaning.changes);
        }
    }

    fn type_changes(&mut self, name: &str, old: &TypeSurface, new: &TypeSurface) {
        let owner = format!("`{name}`");
        match (old, new) {
            (
                TypeSurface::Struct {
                    fields: old_fields,
                    request: old_request,
                },
                TypeSurface::Struct {
                    fields: new_fields,
                    request: new_request,
                },
            ) => {
                // A request type's field is also its `with_` setter's argument.
                let show = |f: &BTreeMap<String, FieldSurface>| -> BTreeMap<String, String> {
                    let shown = |f: &FieldSurface| match f.setter.as_str() {
                        "" => f.ty.clone(),
                        setter => format!("{}, with_ takes {setter}", f.ty),
                    };
                    f.iter().map(|(n, f)| (n.clone(), shown(f))).collect()
                };
                let members = Members {
                    owner: owner.clone(),
                    noun: "field",
                    subject: Subject::Field,
                };
                // A field callers must set is a break for those who build the type.
                let added_level = |field: &str| match new_fields.get(field) {
                    Some(f) if f.required && *new_request => Level::Major,
                    _ => Level::Minor,
                };
                members.diff(self, &show(old_fields), &show(new_fields), added_level);
                let defaults = |f: &BTreeMap<String, FieldSurface>| -> BTreeMap<String, String> {
                    (f.iter())
                        .filter_map(|(n, f)| Some((n.clone(), f.default.clone()?)))
                        .collect()
                };
                self.defaults(&owner, &defaults(old_fields), &defaults(new_fields));
                if old_request != new_request {
                    let (level, text) = if *new_request {
                        (Level::Minor, format!("{owner} gains `with_` setters"))
                    } else {
                        (Level::Major, format!("{owner} loses its `with_` setters"))
                    };
                    self.push(level, Subject::Type, Action::Changed, text);
                }
            }
            (
                TypeSurface::Enum { values: old_values },
                TypeSurface::Enum { values: new_values },
            ) => {
                // A value's variant renamed (`FooBar` to `FooBar2`) breaks a `match`.
                let set = |v: &BTreeMap<String, String>| -> BTreeMap<String, String> {
                    v.iter()
                        .map(|(wire, variant)| (format!("\"{wire}\""), variant.clone()))
                        .collect()
                };
                let members = Members {
                    owner,
                    noun: "value",
                    subject: Subject::Variant,
                };
                members.diff(self, &set(old_values), &set(new_values), |_| Level::Minor);
            }
            (
                TypeSurface::Union {
                    tag: old_tag,
                    variants: old_variants,
                    accessors: old_accessors,
                },
                TypeSurface::Union {
                    tag: new_tag,
                    variants: new_variants,
                    accessors: new_accessors,
                },
            ) => {
                if old_tag != new_tag {
                    let text = format!("{owner} is tagged by `{new_tag}` (was `{old_tag}`)");
                    self.push(Level::Major, Subject::Type, Action::Changed, text);
                }
                let members = Members {
                    owner: owner.clone(),
                    noun: "variant",
                    subject: Subject::Variant,
                };
                members.diff(self, old_variants, new_variants, |_| Level::Minor);
                // A variant without a field every other one has takes its accessor away.
                let members = Members {
                    owner,
                    noun: "accessor",
                    subject: Subject::Field,
                };
                members.diff(self, old_accessors, new_accessors, |_| Level::Minor);
            }
            (
                TypeSurface::Untagged {
                    variants: old_variants,
                },
                TypeSurface::Untagged {
                    variants: new_variants,
                },
            ) => {
                let old_set: BTreeSet<String> = old_variants.iter().map(|v| self.norm(v)).collect();
                let new_set: BTreeSet<String> = new_variants.iter().map(|v| self.norm(v)).collect();
                for added in new_set.difference(&old_set) {
                    let text = format!("{owner}: variant of type `{added}` added");
                    self.push(Level::Minor, Subject::Variant, Action::Added, text);
                }
                for removed in old_set.difference(&new_set) {
                    let text = format!("{owner}: variant of type `{removed}` removed");
                    self.push(Level::Major, Subject::Variant, Action::Removed, text);
                }
            }
            _ => {
                let text = format!(
                    "{owner} is now {} (was {})",
                    with_article(new.kind()),
                    with_article(old.kind())
                );
                self.push(Level::Major, Subject::Type, Action::Changed, text);
            }
        }
    }
}

/// Named members of one item (fields, setters, values): added, removed, retyped.
struct Members {
    owner: String,
    noun: &'static str,
    subject: Subject,
}

impl Members {
    fn diff(
        &self,
        differ: &mut Differ,
        old: &BTreeMap<String, String>,
        new: &BTreeMap<String, String>,
        added_level: impl Fn(&str) -> Level,
    ) {
        let Members {
            owner,
            noun,
            subject,
        } = self;
        let typed = |name: &str, ty: &str| match ty {
            "" => format!("`{name}`"),
            ty => format!("`{name}: {ty}`"),
        };
        for (name, ty) in new {
            match old.get(name) {
                None => {
                    let text = format!("{owner}: {noun} {} added", typed(name, ty));
                    differ.push(added_level(name), *subject, Action::Added, text);
                }
                Some(before) if differ.norm(before) != differ.norm(ty) => {
                    let text = format!("{owner}: {noun} `{name}` is `{ty}` (was `{before}`)");
                    differ.push(Level::Major, *subject, Action::Changed, text);
                }
                Some(_) => {}
            }
        }
        for (name, ty) in old {
            if !new.contains_key(name) {
                let text = format!("{owner}: {noun} {} removed", typed(name, ty));
                differ.push(Level::Major, *subject, Action::Removed, text);
            }
        }
    }
}
