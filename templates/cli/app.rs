//! The command line's runtime: the command tree (from `commands`) as clap
//! commands, parsing, finding the operation asked for, running it (its runner
//! builds the client from the options and the environment, and calls it), and
//! what the process says and exits with. Exit status: 0 success, 1 anything
//! else, 2 a usage error (flags, credentials), 3 an error answered by the API,
//! 4 no usable answer (connection, timeout, a response that cannot be read).

use std::future::Future;
use std::pin::Pin;
use std::process::ExitCode;

use clap::{Arg, ArgAction, ArgMatches, Command};
use clap_complete::Shell;

use crate::flags::{Args, Flag};
use crate::output::Output;

/// Exit statuses.
pub(crate) const EXIT_OTHER: u8 = 1;
pub(crate) const EXIT_USAGE: u8 = 2;
pub(crate) const EXIT_API: u8 = 3;
pub(crate) const EXIT_TRANSPORT: u8 = 4;

/// The switch that follows every page of a listing.
pub(crate) const ALL_PAGES: &str = "all";
/// The switch that returns an action's attempt without waiting for it.
pub(crate) const NO_WAIT: &str = "no-wait";
const COMPACT: &str = "compact";
/// The heading of the options that shape what is printed.
const OUTPUT: &str = "Output";
const COMPLETIONS: &str = "completions";

/// A resource: its operations and the resources under it.
pub(crate) struct Group {
    pub(crate) name: &'static str,
    pub(crate) alias: Option<&'static str>,
    pub(crate) about: &'static str,
    pub(crate) groups: &'static [Group],
    pub(crate) operations: &'static [Operation],
}

/// An operation's command.
pub(crate) struct Operation {
    pub(crate) name: &'static str,
    pub(crate) alias: Option<&'static str>,
    pub(crate) about: &'static str,
    pub(crate) long_about: &'static str,
    /// The operation's dotted name (`acs.credentials.create`), for messages.
    pub(crate) display_name: &'static str,
    pub(crate) deprecated: bool,
    pub(crate) flags: &'static [Flag],
    /// A listing: `--all` follows every page.
    pub(crate) paged: bool,
    /// It starts an action: `--no-wait` returns the attempt at once.
    pub(crate) action: bool,
    pub(crate) run: Runner,
}

/// Builds the client and calls an operation with the parsed flags.
pub(crate) type Runner = fn(Connection, Args) -> Running;
pub(crate) type Running = Pin<Box<dyn Future<Output = Result<Output, Failure>>>>;

/// Why a command failed.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The flags were wrong in a way only known once they were decoded.
    Usage(String),
    Api(crate::api::Error),
    /// Anything else, such as a response that cannot be printed.
    Other(String),
}

impl From<crate::api::Error> for Failure {
    fn from(error: crate::api::Error) -> Self {
        Failure::Api(error)
    }
}

/// How to reach the API: the client's builder, with the options given (the
/// environment is read when it builds).
pub(crate) struct Connection {
    pub(crate) builder: crate::ClientBuilder,
    /// The context some credentials need was given, as an option or in the
    /// environment: a command never falls back to the client without one.
    pub(crate) context_given: bool,
}

/// What the generated `main` gives the runtime.
pub(crate) struct App {
    pub(crate) name: &'static str,
    pub(crate) about: &'static str,
    pub(crate) after_help: &'static str,
    pub(crate) root: &'static Group,
    /// The options that set credentials and the endpoint.
    pub(crate) client_options: fn() -> Vec<Arg>,
    /// The connection those options and the environment describe.
    pub(crate) client: fn(&ArgMatches) -> Connection,
}

impl App {
    /// The whole command tree.
    pub(crate) fn command(&self) -> Command {
        let mut command = Command::new(self.name)
            .version(env!("CARGO_PKG_VERSION"))
            .about(self.about)
            .after_help(self.after_help)
            .subcommand_required(true)
            .arg_required_else_help(true)
            .disable_help_subcommand(true)
            .arg(
                Arg::new(COMPACT)
                    .long(COMPACT)
                    .global(true)
                    .action(ArgAction::SetTrue)
                    .help("Print JSON on one line")
                    .help_heading(OUTPUT),
            )
            .args((self.client_options)())
            .subcommand(
                Command::new(COMPLETIONS)
                    .about("Print a shell completion script (bash, zsh or fish)")
                    .arg(
                        Arg::new("shell")
                            .required(true)
                            .value_parser(clap::value_parser!(Shell)),
                    ),
            );
        command = add_group(command, self.root);
        command
    }

    /// Runs the command line of this process.
    pub(crate) fn main(&self) -> ExitCode {
        let mut command = self.command();
        let matches = match command.try_get_matches_from_mut(std::env::args_os()) {
            Ok(matches) => matches,
            Err(error) => {
                let _ = error.print();
                return ExitCode::from(error.exit_code().clamp(0, 255) as u8);
            }
        };
        if let Some((COMPLETIONS, sub)) = matches.subcommand() {
            if let Some(shell) = sub.get_one::<Shell>("shell") {
                clap_complete::generate(*shell, &mut command, self.name, &mut std::io::stdout());
            }
            return ExitCode::SUCCESS;
        }
        let Some((operation, matches)) = find(self.root, &matches) else {
            // clap requires a subcommand at every level, so this is unreachable.
            eprintln!("error: no operation given; see --help");
            return ExitCode::from(EXIT_USAGE);
        };
        if operation.deprecated {
            eprintln!(
                "warning: {} is deprecated (see --help)",
                operation.display_name
            );
        }
        let compact = matches.get_flag(COMPACT);
        let connection = (self.client)(matches);
        let runtime = match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            Ok(runtime) => runtime,
            Err(error) => {
                eprintln!("error: cannot start the async runtime: {error}");
                return ExitCode::from(EXIT_OTHER);
            }
        };
        let args = Args::new(matches.clone(), operation.flags);
        let result = runtime.block_on((operation.run)(connection, args));
        match result {
            Ok(output) => output.print(compact),
            Err(failure) => report(&failure),
        }
    }
}

fn add_group(mut command: Command, group: &'static Group) -> Command {
    for child in group.groups {
        let mut sub = Command::new(child.name)
            .about(child.about)
            .subcommand_required(true)
            .arg_required_else_help(true);
        if let Some(alias) = child.alias {
            sub = sub.alias(alias);
        }
        command = command.subcommand(add_group(sub, child));
    }
    for operation in group.operations {
        command = command.subcommand(operation_command(operation));
    }
    command
}

fn operation_command(operation: &'static Operation) -> Command {
    let mut command = Command::new(operation.name)
        .about(operation.about)
        .long_about(operation.long_about)
        .args(operation.flags.iter().map(Flag::arg));
    if let Some(alias) = operation.alias {
        command = command.alias(alias);
    }
    if operation.paged {
        command = command.arg(
            Arg::new(ALL_PAGES)
                .long(ALL_PAGES)
                .action(ArgAction::SetTrue)
                .help("Follow every page and print all the items as one list")
                .help_heading(OUTPUT),
        );
    }
    if operation.action {
        command = command.arg(
            Arg::new(NO_WAIT)
                .long(NO_WAIT)
                .action(ArgAction::SetTrue)
                .help("Print the action attempt at once instead of waiting for it to finish")
                .help_heading(OUTPUT),
        );
    }
    command
}

/// The operation the matched subcommands lead to, with its own matches.
fn find<'m>(
    group: &'static Group,
    matches: &'m ArgMatches,
) -> Option<(&'static Operation, &'m ArgMatches)> {
    let (name, sub) = matches.subcommand()?;
    if let Some(child) = group.groups.iter().find(|g| g.name == name) {
        return find(child, sub);
    }
    let operation = group.operations.iter().find(|o| o.name == name)?;
    Some((operation, sub))
}

/// Says what failed on standard error and picks the exit status. Nothing said
/// holds a credential: the client's errors never quote one.
pub(crate) fn report(failure: &Failure) -> ExitCode {
    let error = match failure {
        Failure::Usage(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(EXIT_USAGE);
        }
        Failure::Other(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(EXIT_OTHER);
        }
        Failure::Api(error) => error,
    };
    eprintln!("error: {error}");
    if let Some(code) = error.code() {
        eprintln!("  code: {code}");
    }
    if let Some(status) = error.status() {
        eprintln!("  status: {status}");
    }
    if let Some(request_id) = error.request_id() {
        eprintln!("  request id: {request_id}");
    }
    // The body decoded as the type the operation declares for its status
    // (`Debug`, which hides secret fields).
    if let Some(detail) = error.detail() {
        eprintln!("  detail: {detail:?}");
    }
    use crate::api::Error;
    let status = match error {
        Error::Api { .. }
        | Error::ApiObject { .. }
        | Error::Problem { .. }
        | Error::Unauthorized { .. }
        | Error::InvalidInput { .. }
        | Error::Http { .. }
        | Error::ActionAttemptFailed { .. }
        | Error::ActionAttemptTimeout { .. }
        | Error::Token { .. } => EXIT_API,
        Error::Transport { .. }
        | Error::Timeout { .. }
        | Error::Redirect { .. }
        | Error::ResponseTooLarge { .. }
        | Error::Decode { .. }
        | Error::UnexpectedContentType { .. }
        | Error::Pagination { .. } => EXIT_TRANSPORT,
        Error::InvalidOptions { .. } | Error::MissingCredentials { .. } => EXIT_USAGE,
        _ => EXIT_OTHER,
    };
    ExitCode::from(status)
}
