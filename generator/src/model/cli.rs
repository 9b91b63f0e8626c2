//! The command line's view of the API: what the `cli` feature's binary offers.
//! One subcommand per resource and operation (`seam acs credentials create`),
//! one flag per parameter, named as the API names it (`--acs_user_id`). Built
//! from the finished model (`lower::passes::command_line`); every name here is
//! final.

use super::{Docs, StatusEnum, TypeRef};

/// The binary: its name, its options and its command tree.
#[derive(Debug, Clone)]
pub struct Cli {
    /// The binary's name: the crate's (`seam`).
    pub bin_name: String,
    /// The API's name, for `--help`.
    pub api_name: String,
    /// How to authenticate: one option per kind of credentials, each read
    /// from its variable when not given.
    pub auth: Vec<AuthOption>,
    /// The option giving the context some credentials need (Seam's workspace).
    pub context: Option<AuthOption>,
    /// The variable naming the endpoint (`SEAM_ENDPOINT`).
    pub endpoint_var: String,
    /// The resources under the root and the root's own operations.
    pub root: CommandGroup,
}

/// A global option that sets one of the client builder's credentials.
#[derive(Debug, Clone)]
pub struct AuthOption {
    /// `--api-key`; without another spelling, which an operation's flag may have.
    pub long: String,
    /// The client builder's method.
    pub setter: String,
    pub help: String,
    pub env_var: Option<String>,
    /// The variable of its second part, read beside `env_var` (a client secret).
    pub secret_env_var: Option<String>,
    /// What the option's one value holds.
    pub value: OptionValue,
}

/// What a credential option's value holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionValue {
    /// One value, as it is.
    Single,
    /// A user name and a password, given as `user:password`.
    UserPassword,
    /// An OAuth 2 client id and secret, given as `id:secret`.
    ClientIdSecret,
}

/// A resource: a subcommand holding subcommands.
#[derive(Debug, Clone)]
pub struct CommandGroup {
    /// `access-codes`; empty for the root.
    pub name: String,
    /// The const that describes it in the binary, unique there.
    pub const_name: String,
    /// The name as the API's path writes it (`access_codes`), when it differs.
    pub alias: Option<String>,
    pub about: String,
    pub groups: Vec<CommandGroup>,
    pub commands: Vec<OperationCommand>,
    /// Everything under it is undocumented: it exists only with that feature.
    pub undocumented: bool,
}

/// An operation: a subcommand that calls it.
#[derive(Debug, Clone)]
pub struct OperationCommand {
    /// `unlock-door`.
    pub name: String,
    /// `unlock_door`, when it differs.
    pub alias: Option<String>,
    /// The function that runs it, and the const that describes it, unique in the binary.
    pub runner: String,
    pub const_name: String,
    /// The operation's dotted name (`acs.credentials.create`), for messages.
    pub display_name: String,
    /// The first line of its docs, for the list of subcommands.
    pub about: String,
    /// Everything `--help` says about it.
    pub long_about: Docs,
    pub deprecated: bool,
    pub undocumented: bool,
    /// The client's accessors to its resource, then its method.
    pub accessors: Vec<String>,
    pub method: String,
    /// The required flags first, in the method's argument order, then the
    /// optional ones.
    pub flags: Vec<Flag>,
    pub output: CommandOutput,
    /// It starts an action: `--no-wait` returns the attempt at once.
    pub action: bool,
    /// The client without the context offers it too: the builder's method
    /// that builds that client (`build_without_workspace`). Commands use it
    /// when the main client cannot be built (a token without a workspace).
    pub without_context: Option<String>,
}

/// One parameter as a flag.
#[derive(Debug, Clone)]
pub struct Flag {
    /// The parameter's name on the wire (`acs_user_id`), unless that is not a
    /// usable flag or is taken.
    pub long: String,
    /// Its spelling with `-` (`acs-user-id`), when it differs and is free.
    pub alias: Option<String>,
    pub help: String,
    pub long_help: Docs,
    pub required: bool,
    pub kind: FlagKind,
    /// The type its value is decoded into.
    pub value_type: TypeRef,
    /// The builder's setter, for an optional flag.
    pub setter: String,
    pub undocumented: bool,
}

/// What a flag's value is, and so how it is checked and written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlagKind {
    Text,
    /// `true` or `false` (the flag alone means `true`).
    Bool,
    Integer,
    Number,
    /// An RFC 3339 date and time.
    DateTime,
    /// One of these values.
    Enum(Vec<String>),
    /// A JSON object; with the fields it may have, when they are known.
    Object(Vec<String>),
    /// Any JSON (a union of shapes, anything); text that is not JSON is a string.
    Json,
    /// A request body that is a union: JSON that must be one of these variants.
    Union(Vec<crate::model::BodyVariant>),
    /// The bytes of a file, by its path (`-`: standard input).
    File,
    /// A list: a JSON array, `[a,b]`, or the flag repeated.
    List(Box<FlagKind>),
}

/// What a command prints.
#[derive(Debug, Clone)]
pub enum CommandOutput {
    /// The returned value, as JSON.
    Json,
    /// A list in pages: the first page, or every page with `--all`; the
    /// flag that passes the next page's cursor.
    Paged {
        cursor_flag: String,
    },
    /// Nothing: the operation returns nothing.
    Nothing,
    /// The body as it is.
    Bytes,
    Text,
    /// A stream of events: one JSON line per event, as each arrives.
    Events,
    /// A value that depends on the status: the client's enum of statuses,
    /// each variant's body printed as it is (JSON, bytes, text, nothing).
    ByStatus(StatusEnum),
}

impl Cli {
    /// The options that set up the client: credentials, then the context.
    pub fn client_options(&self) -> Vec<&AuthOption> {
        self.auth.iter().chain(&self.context).collect()
    }

    /// Every group, the root first, depth first.
    pub fn groups(&self) -> Vec<&CommandGroup> {
        fn walk<'a>(group: &'a CommandGroup, out: &mut Vec<&'a CommandGroup>) {
            out.push(group);
            for child in &group.groups {
                walk(child, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.root, &mut out);
        out
    }
}

impl OperationCommand {
    /// The flags set through the builder's setters, not the method's arguments.
    pub fn optional_flags(&self) -> impl Iterator<Item = &Flag> {
        self.flags.iter().filter(|flag| !flag.required)
    }

    /// Whether its runner reads any flag.
    pub fn reads_flags(&self) -> bool {
        !self.flags.is_empty() || self.action || self.output.is_paged()
    }

    /// The method's arguments, in order.
    pub fn argument_flags(&self) -> impl Iterator<Item = &Flag> {
        self.flags.iter().filter(|flag| flag.required)
    }
}

impl CommandOutput {
    /// Whether it prints a listing's pages.
    pub fn is_paged(&self) -> bool {
        matches!(self, CommandOutput::Paged { .. })
    }
}
