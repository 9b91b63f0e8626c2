//! The command line's files: its `main.rs` (clap's root command, credentials
//! and the endpoint from options or the environment), `commands.rs` (a
//! subcommand per resource and operation) and its hand-written runtime, under
//! [`CLI_DIR`].

use super::runtime_files::{CLI_EVENTS_RUNTIME, CLI_RUNTIME_FILES};
use super::{filters, RenderedFile};
use crate::model::cli::{AuthOption, Cli, CommandOutput, FlagKind, OptionValue};
use crate::model::Api;
use crate::model::{RawKind, StatusBody};
use crate::names::rust_string_literal;
use askama::Template;

/// Where the `cli` feature's binary lives in the crate.
pub const CLI_DIR: &str = "src/bin/cli";

/// A flag's kind as the command line's runtime writes it (`flags::Kind::Text`).
pub(super) fn flag_kind_text(kind: &FlagKind) -> String {
    match kind {
        FlagKind::Text => "flags::Kind::Text".to_owned(),
        FlagKind::Bool => "flags::Kind::Bool".to_owned(),
        FlagKind::Integer => "flags::Kind::Integer".to_owned(),
        FlagKind::Number => "flags::Kind::Number".to_owned(),
        FlagKind::DateTime => "flags::Kind::DateTime".to_owned(),
        FlagKind::Json => "flags::Kind::Json".to_owned(),
        FlagKind::File => "flags::Kind::File".to_owned(),
        FlagKind::Enum(values) => format!("flags::Kind::Enum(&[{}])", string_literals(values)),
        FlagKind::Object(fields) => {
            format!("flags::Kind::Object(&[{}])", string_literals(fields))
        }
        FlagKind::List(item) => format!("flags::Kind::List(&{})", flag_kind_text(item)),
        FlagKind::Union(variants) => {
            let variants: Vec<String> = (variants.iter())
                .map(|v| {
                    format!(
                        "flags::Variant {{ name: {}, json_type: {}, required: &[{}] }}",
                        rust_string_literal(&v.name),
                        rust_string_literal(&v.json_type),
                        string_literals(&v.required)
                    )
                })
                .collect();
            format!("flags::Kind::Union(&[{}])", variants.join(", "))
        }
    }
}

/// Rust string literals for `values`, comma-separated (`"a", "b"`).
pub(super) fn string_literals(values: &[String]) -> String {
    let literals: Vec<String> = values.iter().map(|v| rust_string_literal(v)).collect();
    literals.join(", ")
}

#[derive(Template)]
#[template(path = "cli_main.rs.j2", escape = "none")]
struct CliMainTemplate<'a> {
    cli: &'a Cli,
    crate_ident: &'a str,
    client_name: &'a str,
    builder_name: &'a str,
    /// Some command prints a stream of events (the `events` module).
    events: bool,
}

impl CliMainTemplate<'_> {
    fn about(&self) -> String {
        format!("Command line for the {} API", self.cli.api_name)
    }

    /// Where credentials come from, and what the exit statuses mean.
    fn after_help(&self) -> String {
        let vars: Vec<String> = (self.cli.client_options().into_iter())
            .filter_map(|option| {
                let var = option.env_var.as_ref()?;
                Some(match &option.secret_env_var {
                    Some(secret) => format!("{var} and {secret} (--{})", option.long),
                    None => format!("{var} (--{})", option.long),
                })
            })
            .collect();
        let mut text = String::new();
        if !vars.is_empty() {
            text.push_str(&format!(
                "Credentials not given as options are read from {}.\n",
                vars.join(", ")
            ));
        }
        text.push_str(&format!(
            "The endpoint is read from {} when --endpoint is not given.\n\n",
            self.cli.endpoint_var
        ));
        text.push_str(
            "Exit status: 0 success, 1 other failure, 2 usage error (flags, credentials), \
             3 error answered by the API, 4 no usable answer (connection, timeout, unreadable response).",
        );
        text
    }

    fn auth_help(&self, option: &AuthOption) -> String {
        match (&option.env_var, &option.secret_env_var) {
            (Some(var), Some(secret_var)) => format!("{} [env: {var}, {secret_var}]", option.help),
            (Some(var), None) => format!("{} [env: {var}]", option.help),
            (None, _) => option.help.clone(),
        }
    }

    fn endpoint_help(&self) -> String {
        format!("The API's URL [env: {}]", self.cli.endpoint_var)
    }
}

#[derive(Template)]
#[template(path = "cli_commands.rs.j2", escape = "none")]
struct CliCommandsTemplate<'a> {
    cli: &'a Cli,
}

/// The command line's generated files and its runtime.
pub(super) fn files(api: &Api) -> Result<Vec<RenderedFile>, askama::Error> {
    let crate_ident = api.crate_ident();
    let mut files = Vec::new();
    files.push(RenderedFile {
        path: format!("{CLI_DIR}/main.rs"),
        contents: CliMainTemplate {
            cli: &api.cli,
            crate_ident: &crate_ident,
            client_name: &api.profile.client_name,
            builder_name: &api.profile.client_builder_name,
            events: api.streams_events(),
        }
        .render()?,
        verbatim: false,
    });
    files.push(RenderedFile {
        path: format!("{CLI_DIR}/commands.rs"),
        contents: CliCommandsTemplate { cli: &api.cli }.render()?,
        verbatim: false,
    });
    for (name, contents) in CLI_RUNTIME_FILES {
        if *name == CLI_EVENTS_RUNTIME && !api.streams_events() {
            continue;
        }
        files.push(RenderedFile {
            path: format!("{CLI_DIR}/{name}"),
            contents: (*contents).to_owned(),
            verbatim: true,
        });
    }
    Ok(files)
}
