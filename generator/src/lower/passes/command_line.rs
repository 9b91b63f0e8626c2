//! Pass: the command line (`model::cli`), from the finished model. Its tree is
//! the client's resource tree; its flags are the operations' parameters, named
//! as on the wire. Names the binary's own options take are given way to: a
//! parameter's alias is dropped, and a parameter named like an option gets a
//! `_param` suffix, with a warning.

use crate::diagnostics::Diagnostics;
use crate::model::cli::*;
use crate::model::{
    BodyEncoding, Docs, Operation, Param, ParamLocation, RawKind, Resource, ResponseShape,
    ScopedClient, TypeDef, TypeKind, TypeRef,
};
use crate::names;
use crate::profile::{Placement, Profile};
use std::collections::BTreeSet;

/// The binary's own subcommand beside the resources.
const COMPLETIONS: &str = "completions";

/// Options every operation's command has (besides the credentials'); `--version` is
/// the root's alone.
const GLOBAL_OPTIONS: &[&str] = &["help", "compact", "endpoint"];

/// The options of a listing and of an operation that starts an action.
const ALL_PAGES: &str = "all";
const NO_WAIT: &str = "no-wait";

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
        long: names::option_name(&context.setter),
        setter: context.setter.clone(),
        help: context.doc.clone(),
        env_var: context.env_var.clone(),
        secret_env_var: None,
        value: OptionValue::Single,
    });
    let mut reserved: BTreeSet<String> = (GLOBAL_OPTIONS.iter().chain(&[ALL_PAGES, NO_WAIT]))
        .map(|s| s.to_string())
        .collect();
    reserved.extend(
        auth.iter()
            .chain(&context)
            .map(|option| option.long.clone()),
    );
    let scoped_operations: BTreeSet<String> = (without_context.into_iter())
        .flat_map(|scoped| scoped.root.all_operations().map(|o| o.display_name.clone()))
        .collect();
    let scoped_build = without_context.map(|scoped| scoped.build_method.clone());
    let mut builder = Builder {
        types,
        reserved,
        scoped_operations,
        scoped_build,
        diags,
    };
    // The root's own subcommand is the binary's.
    let mut root_group = builder.group(root, &[], &[COMPLETIONS]);
    root_group.const_name = names::ROOT_COMMAND_CONST.to_owned();
    Cli {
        bin_name: crate_name.to_owned(),
        api_name: profile.api_name.clone(),
        auth,
        context,
        endpoint_var: profile.env_var("ENDPOINT"),
        root: root_group,
    }
}

/// One option per kind of credentials.
fn auth_options(profile: &Profile) -> Vec<AuthOption> {
    (profile.credentials.iter())
        .map(|c| AuthOption {
            long: names::option_name(&c.setter),
            setter: c.setter.clone(),
            help: c.doc.clone(),
            env_var: c.env_var.clone(),
            secret_env_var: c.secret_env_var.clone(),
            value: match c.placement {
                Placement::Basic => OptionValue::UserPassword,
                Placement::ClientCredentials(_) => OptionValue::ClientIdSecret,
                Placement::Bearer | Placement::Header(_) | Placement::Query(_) => {
                    OptionValue::Single
                }
            },
        })
        .collect()
}

/// The one-line summary and the whole help of something documented by
/// `lines`, marked when it is deprecated.
fn help_texts(lines: &[String], deprecated: Option<&String>) -> (String, Docs) {
    let mut long = lines.to_vec();
    if let Some(note) = deprecated {
        long.push(String::new());
        long.push(format!("Deprecated: {note}"));
    }
    let long = names::plain_lines(&long);
    let first = long.first().cloned().unwrap_or_default();
    let short = match deprecated {
        Some(_) => format!("[deprecated] {first}"),
        None => first,
    };
    (short, Docs { lines: long })
}

struct Builder<'a> {
    types: &'a [TypeDef],
    /// The options every command has, and those some have (`--all`,
    /// `--no-wait`): no parameter's flag is named like them.
    reserved: BTreeSet<String>,
    /// The operations the client without the context offers, by dotted name,
    /// and the builder's method that builds that client.
    scoped_operations: BTreeSet<String>,
    scoped_build: Option<String>,
    diags: &'a mut Diagnostics,
}

impl Builder<'_> {
    /// A resource's group; `reserved`: subcommand names its children leave free.
    fn group(
        &mut self,
        resource: &Resource,
        accessors: &[String],
        reserved: &[&str],
    ) -> CommandGroup {
        let (name, alias) = names::command_name(&resource.accessor);
        let mut names = names::Scope::with_reserved(reserved);
        let mut groups = Vec::new();
        for child in &resource.children {
            let mut path = accessors.to_vec();
            path.push(child.accessor.clone());
            let mut group = self.group(child, &path, &[]);
            names.claim_with_alias(&mut group.name, &mut group.alias);
            groups.push(group);
        }
        let mut commands = Vec::new();
        for op in &resource.operations {
            let mut command = self.operation(op, accessors);
            names.claim_with_alias(&mut command.name, &mut command.alias);
            commands.push(command);
        }
        let (about, _) = help_texts(&resource.docs.lines, None);
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
        let mut taken = names::Scope::default();
        for option in &self.reserved {
            taken.claim_exact(option);
        }
        let params =
            (op.required.iter().map(|p| (p, true))).chain(op.optional.iter().map(|p| (p, false)));
        let flags: Vec<Flag> = params
            .map(|(param, required)| self.flag(op, param, required, &mut taken))
            .collect();
        let (about, long_about) = help_texts(&op.docs.lines, op.deprecated.as_ref());
        OperationCommand {
            name,
            alias,
            runner: names::command_runner(&op.const_name),
            const_name: names::command_const(&op.const_name),
            display_name: op.display_name.clone(),
            about,
            long_about,
            deprecated: op.deprecated.is_some(),
            undocumented: op.undocumented.is_some(),
            accessors: accessors.to_vec(),
            method: op.method_name.clone(),
            output: output(op, &flags),
            flags,
            action: op.action_poll.is_some(),
            without_context: (self.scoped_build.clone())
                .filter(|_| self.scoped_operations.contains(&op.display_name)),
        }
    }

    fn flag(
        &mut self,
        op: &Operation,
        param: &Param,
        required: bool,
        taken: &mut names::Scope,
    ) -> Flag {
        let wire = &param.wire_name;
        let mut long = names::flag_name(wire, &param.setter_name);
        if self.reserved.contains(&long) {
            let renamed = names::renamed_flag(&long);
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
        let mut alias = names::flag_alias(&long);
        taken.claim_with_alias(&mut long, &mut alias);
        let ty = match &param.ty {
            TypeRef::Boxed(inner) => inner.as_ref(),
            ty => ty,
        };
        let (help, long_help) = help_texts(&param.docs.lines, param.deprecated.as_ref());
        Flag {
            long,
            alias,
            help,
            long_help,
            required,
            // A union body is checked against its variants before it is decoded.
            kind: match param.location {
                ParamLocation::Body(BodyEncoding::Json) if !op.body_variants.is_empty() => {
                    FlagKind::Union(op.body_variants.clone())
                }
                _ => self.kind(ty),
            },
            value_type: ty.clone(),
            setter: param.setter_name.clone(),
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
            TypeRef::Bytes | TypeRef::File => FlagKind::File,
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

/// What the command prints, from what the method returns; `flags` are its
/// parameters' flags, in order.
fn output(op: &Operation, flags: &[Flag]) -> CommandOutput {
    let paged = op.paged_list().and_then(|list| {
        let params = op.required.iter().chain(&op.optional);
        let index = params
            .clone()
            .position(|p| p.field_name == list.cursor_field)?;
        Some(CommandOutput::Paged {
            cursor_flag: flags.get(index)?.long.clone(),
        })
    });
    if let Some(paged) = paged {
        return paged;
    }
    match &op.response {
        ResponseShape::Void => CommandOutput::Nothing,
        ResponseShape::Keyed { .. } | ResponseShape::Body { .. } => CommandOutput::Json,
        ResponseShape::Raw(RawKind::Bytes) => CommandOutput::Bytes,
        ResponseShape::Raw(RawKind::Text) => CommandOutput::Text,
        ResponseShape::Events { .. } => CommandOutput::Events,
        ResponseShape::ByStatus(status_enum) => CommandOutput::ByStatus(status_enum.clone()),
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
