//! Pass: the command line (`model::cli`), from the finished model. Its tree is
//! the client's resource tree; its flags are the operations' parameters, named
//! as on the wire. Names the binary's own options take are given way to: a
//! parameter's alias is dropped, and a parameter named like an option gets a
//! `_param` suffix, with a warning.

use super::*;
use crate::model::cli::*;
use std::collections::BTreeSet;

/// The binary's own subcommand beside the resources.
const COMPLETIONS: &str = "completions";

/// Options every operation's command has (besides the credentials'); `--version` is
/// the root's alone.
const GLOBAL_OPTIONS: &[&str] = &["help", "compact", "endpoint"];

/// The options of a listing and of an operation that starts an action.
pub(in crate::lower) const ALL_PAGES: &str = "all";
pub(in crate::lower) const NO_WAIT: &str = "no-wait";

/// Builds the command line of a crate named `crate_name`.
pub(in crate::lower) fn command_line(
    root: &Resource,
    types: &[TypeDef],
    profile: &Profile,
    without_context: Option<&ScopedClient>,
    crate_name: &str,
    diags: &mut Diagnostics,
) -> Cli {
    let auth = auth_options(profile);
    let context = (profile.context.as_ref()).map(|context| AuthOption {
        long: context.setter.replace('_', "-"),
        setter: context.setter.clone(),
        help: context.doc.clone(),
        env_var: context.env_var.clone(),
        basic: false,
    });
    let mut reserved: BTreeSet<String> = GLOBAL_OPTIONS.iter().map(|s| s.to_string()).collect();
    reserved.extend(
        auth.iter()
            .chain(&context)
            .map(|option| option.long.clone()),
    );
    let scoped_operations: BTreeSet<String> = (without_context.into_iter())
        .flat_map(|scoped| scoped.root.all_operations().map(|o| o.display_name.clone()))
        .collect();
    let mut builder = Builder {
        types,
        reserved,
        scoped_operations,
        diags,
    };
    let mut root_group = builder.group(root, &[]);
    root_group.const_name = "ROOT".to_owned();
    // The root's own subcommand is the binary's.
    let mut names = Taken::default();
    names.take(COMPLETIONS);
    for group in &mut root_group.groups {
        names.settle(&mut group.name, &mut group.alias);
    }
    for command in &mut root_group.commands {
        names.settle(&mut command.name, &mut command.alias);
    }
    Cli {
        bin_name: crate_name.to_owned(),
        api_name: profile.api_name.clone(),
        auth,
        context,
        endpoint_var: format!("{}_ENDPOINT", profile.env_prefix),
        without_context_build: without_context.map(|scoped| scoped.build_method.clone()),
        root: root_group,
    }
}

/// One option per kind of credentials.
fn auth_options(profile: &Profile) -> Vec<AuthOption> {
    (profile.credentials.iter())
        .map(|c| AuthOption {
            long: c.setter.replace('_', "-"),
            setter: c.setter.clone(),
            help: c.doc.clone(),
            env_var: c.env_var.clone(),
            basic: c.placement == crate::profile::Placement::Basic,
        })
        .collect()
}

/// Names given out in one command, each with its aliases.
#[derive(Default)]
struct Taken(BTreeSet<String>);

impl Taken {
    fn take(&mut self, name: &str) -> bool {
        self.0.insert(name.to_owned())
    }

    /// Keeps `name` if free, else its alias, else a numbered name; keeps the
    /// alias only if it is free too.
    fn settle(&mut self, name: &mut String, alias: &mut Option<String>) {
        if !self.take(name) {
            match alias.take() {
                Some(other) if self.take(&other) => *name = other,
                _ => {
                    let base = name.clone();
                    *name = (2..)
                        .map(|n| format!("{base}-{n}"))
                        .find(|candidate| self.take(candidate))
                        .expect("some numbered name is free");
                }
            }
        }
        if alias.as_ref().is_some_and(|a| !self.take(a)) {
            *alias = None;
        }
    }
}

struct Builder<'a> {
    types: &'a [TypeDef],
    /// The options every command has.
    reserved: BTreeSet<String>,
    /// The operations the client without the context offers, by dotted name.
    scoped_operations: BTreeSet<String>,
    diags: &'a mut Diagnostics,
}

impl Builder<'_> {
    fn group(&mut self, resource: &Resource, accessors: &[String]) -> CommandGroup {
        let (name, alias) = names::command_name(&resource.accessor);
        let mut names = Taken::default();
        let mut groups = Vec::new();
        for child in &resource.children {
            let mut path = accessors.to_vec();
            path.push(child.accessor.clone());
            let mut group = self.group(child, &path);
            names.settle(&mut group.name, &mut group.alias);
            groups.push(group);
        }
        let mut commands = Vec::new();
        for op in &resource.operations {
            let mut command = self.operation(op, accessors);
            names.settle(&mut command.name, &mut command.alias);
            commands.push(command);
        }
        let about = names::plain_lines(&resource.docs.lines)
            .into_iter()
            .next()
            .unwrap_or_default();
        CommandGroup {
            name,
            const_name: names::const_name(&resource.type_name),
            alias,
            about: about.replace('`', ""),
            groups,
            commands,
            undocumented: resource.undocumented,
        }
    }

    fn operation(&mut self, op: &Operation, accessors: &[String]) -> OperationCommand {
        let (name, alias) = names::command_name(&op.method_name);
        let output = output(op);
        let mut taken = Taken(self.reserved.clone());
        if matches!(output, CommandOutput::Paged { .. }) {
            taken.take(ALL_PAGES);
        }
        let action = op.action_poll.is_some();
        if action {
            taken.take(NO_WAIT);
        }
        let mut flags = Vec::new();
        let params =
            (op.required.iter().map(|p| (p, true))).chain(op.optional.iter().map(|p| (p, false)));
        for (param, required) in params {
            flags.push(self.flag(op, param, required, &mut taken));
        }
        let mut output = output;
        if let CommandOutput::Paged { cursor_flag } = &mut output {
            let params = op.required.iter().chain(&op.optional);
            if let Some(index) = params.clone().position(|p| p.field_name == *cursor_flag) {
                *cursor_flag = flags[index].long.clone();
            }
        }
        let mut long_about = op.docs.lines.clone();
        if let Some(note) = &op.deprecated {
            long_about.push(String::new());
            long_about.push(format!("Deprecated: {note}"));
        }
        let about = names::plain_lines(&op.docs.lines)
            .into_iter()
            .next()
            .unwrap_or_default();
        OperationCommand {
            name,
            alias,
            runner: format!("run_{}", op.const_name.to_ascii_lowercase()),
            const_name: format!("{}_COMMAND", op.const_name),
            display_name: op.display_name.clone(),
            about: match op.deprecated {
                Some(_) => format!("[deprecated] {about}"),
                None => about,
            },
            long_about: Docs {
                lines: names::plain_lines(&long_about),
            },
            deprecated: op.deprecated.is_some(),
            undocumented: op.undocumented.is_some(),
            accessors: accessors.to_vec(),
            method: op.method_name.clone(),
            arguments: (0..op.required.len()).collect(),
            flags,
            output,
            action,
            without_context: self.scoped_operations.contains(&op.display_name),
        }
    }

    fn flag(&mut self, op: &Operation, param: &Param, required: bool, taken: &mut Taken) -> Flag {
        let wire = &param.wire_name;
        let mut long = if names::is_flag_name(wire) {
            wire.clone()
        } else {
            param.setter_name.trim_start_matches("r#").to_owned()
        };
        if self.reserved.contains(&long) || [ALL_PAGES, NO_WAIT].contains(&long.as_str()) {
            let renamed = format!("{long}_param");
            let pointer = crate::diagnostics::Pointer::root()
                .join("paths")
                .join(&op.path);
            self.diags
                .warning(
                    pointer.as_str(),
                    format!("the command line's flag for parameter `{wire}` is `--{renamed}`: `--{long}` is the binary's own option"),
                )
                .operation(op.display_name.clone());
            long = renamed;
        }
        let mut alias = Some(long.replace('_', "-")).filter(|a| *a != long);
        taken.settle(&mut long, &mut alias);
        let ty = match &param.ty {
            TypeRef::Boxed(inner) => inner.as_ref(),
            ty => ty,
        };
        let mut long_help = param.docs.lines.clone();
        if let Some(note) = &param.deprecated {
            long_help.push(String::new());
            long_help.push(format!("Deprecated: {note}"));
        }
        let long_help = names::plain_lines(&long_help);
        let help = long_help.first().cloned().unwrap_or_default();
        Flag {
            long,
            alias,
            help: match param.deprecated {
                Some(_) => format!("[deprecated] {help}"),
                None => help,
            },
            long_help: Docs { lines: long_help },
            required,
            kind: self.kind(ty),
            rust_type: ty.rust(),
            setter: param.setter_name.clone(),
            deprecated: param.deprecated.is_some(),
            // A required parameter is the method's argument, feature or not.
            undocumented: param.undocumented.is_some() && !required,
        }
    }

    fn kind(&self, ty: &TypeRef) -> FlagKind {
        match ty {
            TypeRef::String => FlagKind::Text,
            TypeRef::Bool => FlagKind::Bool,
            TypeRef::Integer => FlagKind::Integer,
            TypeRef::Number => FlagKind::Number,
            TypeRef::DateTime => FlagKind::DateTime,
            TypeRef::Json => FlagKind::Json,
            TypeRef::Map(_) => FlagKind::Object(Vec::new()),
            TypeRef::Bytes => FlagKind::File,
            TypeRef::List(item) => FlagKind::List(Box::new(self.kind(item))),
            TypeRef::Boxed(inner) => self.kind(inner),
            TypeRef::Named { id, .. } => match &self.types[id.index()].kind {
                TypeKind::Enum(e) => {
                    FlagKind::Enum(e.variants.iter().map(|v| v.wire.clone()).collect())
                }
                TypeKind::Struct(s) if s.additional.is_none() => {
                    FlagKind::Object(s.fields.iter().map(|f| f.wire_name.clone()).collect())
                }
                TypeKind::Struct(_) | TypeKind::TaggedUnion(_) => FlagKind::Object(Vec::new()),
                TypeKind::Untagged(_) => FlagKind::Json,
            },
        }
    }
}

/// What the command prints, from what the method returns.
fn output(op: &Operation) -> CommandOutput {
    if let Some(list) = op.paged_list() {
        // The cursor's parameter for now; `operation` makes it the flag.
        return CommandOutput::Paged {
            cursor_flag: list.cursor_field,
        };
    }
    match &op.response {
        ResponseShape::Void => CommandOutput::Nothing,
        ResponseShape::Keyed { .. } | ResponseShape::Body { .. } => CommandOutput::Json,
        ResponseShape::Raw(RawKind::Bytes) => CommandOutput::Bytes,
        ResponseShape::Raw(RawKind::Text) => CommandOutput::Text,
        ResponseShape::ByStatus(status_enum) => CommandOutput::ByStatus {
            enum_name: status_enum.name.clone(),
            variants: (status_enum.variants.iter())
                .map(|v| {
                    let print = match v.body {
                        StatusBody::Empty => StatusPrint::Nothing,
                        StatusBody::Json { .. } => StatusPrint::Json,
                        StatusBody::Raw(RawKind::Bytes) => StatusPrint::Bytes,
                        StatusBody::Raw(RawKind::Text) => StatusPrint::Text,
                    };
                    (v.name.clone(), print)
                })
                .collect(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The runtime declares the options this pass keeps parameters' flags
    /// clear of, under the same names: a new one must be reserved here too.
    #[test]
    fn reserved_names_are_the_runtime_s() {
        let runtime = include_str!("../../../../templates/cli/app.rs");
        for (constant, name) in [
            ("ALL_PAGES", ALL_PAGES),
            ("NO_WAIT", NO_WAIT),
            ("COMPLETIONS", COMPLETIONS),
            ("COMPACT", "compact"),
        ] {
            let declaration = format!("const {constant}: &str = \"{name}\";");
            assert!(
                runtime.contains(&declaration),
                "app.rs lacks `{declaration}`"
            );
        }
        let options = runtime.matches(".long(").count();
        // `--compact`, `--all` and `--no-wait`; the endpoint's and the
        // credentials' are generated (main.rs), `--help` is clap's.
        assert_eq!(
            options, 3,
            "app.rs declares an option this pass does not reserve"
        );
        assert!(GLOBAL_OPTIONS.contains(&"compact") && GLOBAL_OPTIONS.contains(&"endpoint"));
    }
}
