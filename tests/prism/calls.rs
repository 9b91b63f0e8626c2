//! Calling every operation of a document through its command line: the
//! command and its flags come from the generator's CLI model (`model::cli`),
//! each flag's value from the document's schema of the parameter it sets
//! (found by the model's wire name and location), credentials from the
//! profile's options and variables as the operation's security asks. Each
//! run is checked: Prism accepted every request (no violation of severity
//! error, no Prism error), and the command decoded the answer (exit 0 and
//! the body printed), or, asked for a declared error status, reported it as
//! the API's error (exit 3, the status printed, and the body decoded as the
//! type the operation declares for that status, where it declares one).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use seam_codegen::model::cli::{CommandGroup, CommandOutput, FlagKind, OperationCommand};
use seam_codegen::model::{Api, Operation, Param, ParamLocation};
use seam_codegen::profile::{Credential, Placement};
use serde_json::{json, Value};

use crate::sample::{Doc, Mode, Sampler};
use crate::server::{Exchange, Prism, Proxy};

/// How long one command may run.
const TIMEOUT: Duration = Duration::from_secs(60);
/// The credential every run gives (after the profile's token prefix).
const TOKEN: &str = "prism-test-token";

/// Which run of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RunKind {
    /// Required parameters only.
    Required,
    /// Every parameter.
    All,
    /// Required parameters, asking Prism for a declared error status.
    Error,
}

/// What a failed check was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Check {
    /// The operation has no command, or its flags do not match its parameters.
    Command,
    /// A value could not be built from the document (a pattern not met).
    Value,
    /// The command sent no request.
    Sent,
    /// Prism reported a request violation or refused the request.
    Accepted,
    /// The command did not print the decoded body (exit status, output).
    Decoded,
    /// The declared error status was not reported as the API's error.
    ErrorDecoded,
    /// Prism's answer breaks the document's own schema (its example, or
    /// what Prism generated from it): the document or Prism is at fault.
    Example,
    /// Prism crashed on the request (it is started again).
    PrismCrashed,
}

/// One failed check.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The operation's dotted name; empty for the whole document.
    pub operation: String,
    pub run: Option<RunKind>,
    pub check: Check,
    pub detail: String,
}

/// The counts the report prints for one document.
#[derive(Debug, Default)]
pub struct Tally {
    pub operations: usize,
    pub accepted: usize,
    pub decoded: usize,
    /// Operations that declare an error status, and those whose error was reported.
    pub with_errors: usize,
    pub errors_decoded: usize,
    /// Command lines run.
    pub runs: usize,
}

/// Everything needed to run one document's commands.
pub struct Calls<'a> {
    pub api: &'a Api,
    pub doc: &'a Doc,
    pub binary: &'a Path,
    pub proxy: &'a Proxy,
    /// Prism, started again when a request crashes it.
    pub prism: std::sync::Mutex<Prism>,
    pub prism_bin: &'a Path,
    pub document: &'a Path,
    /// Where flag files are written.
    pub files: PathBuf,
}

/// One command line, ready to run.
struct Line {
    args: Vec<String>,
    env: Vec<(String, String)>,
    /// Problems met while building it (values the sampler could not build).
    problems: Vec<String>,
}

/// What one run did.
struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
    exchanges: Vec<Exchange>,
}

impl Calls<'_> {
    /// Runs every command, sequentially; the counts and the failures.
    pub async fn run_all(&self) -> (Tally, Vec<Failure>) {
        let mut tally = Tally::default();
        let mut failures = Vec::new();
        // An operation and its command share the client's accessors and method.
        let mut operations: BTreeMap<(Vec<String>, String), &Operation> = BTreeMap::new();
        operations_of(&self.api.root, &[], &mut operations);
        let commands = commands(&self.api.cli.root, &[]);
        for ((accessors, method), op) in &operations {
            if !commands
                .iter()
                .any(|(_, c)| &c.accessors == accessors && &c.method == method)
            {
                failures.push(Failure {
                    operation: op.display_name.clone(),
                    run: None,
                    check: Check::Command,
                    detail: "the command line has no command for it".into(),
                });
            }
        }
        for (path, command) in &commands {
            tally.operations += 1;
            let key = (command.accessors.clone(), command.method.clone());
            let Some(op) = operations.get(&key) else {
                failures.push(Failure {
                    operation: command.display_name.clone(),
                    run: None,
                    check: Check::Command,
                    detail: "no operation of the model has this command's name".into(),
                });
                continue;
            };
            let mut mine = Vec::new();
            self.operation(path, command, op, &mut tally, &mut mine)
                .await;
            let accepted = !mine.iter().any(|f: &Failure| {
                matches!(
                    f.check,
                    Check::Accepted | Check::Sent | Check::Command | Check::PrismCrashed
                ) && f.run != Some(RunKind::Error)
            });
            let decoded = !mine.iter().any(|f| {
                matches!(
                    f.check,
                    Check::Decoded
                        | Check::Sent
                        | Check::Command
                        | Check::Accepted
                        | Check::PrismCrashed
                ) && f.run != Some(RunKind::Error)
            });
            tally.accepted += usize::from(accepted);
            tally.decoded += usize::from(decoded);
            failures.extend(mine);
        }
        (tally, failures)
    }

    async fn operation(
        &self,
        path: &[String],
        command: &OperationCommand,
        op: &Operation,
        tally: &mut Tally,
        failures: &mut Vec<Failure>,
    ) {
        let fail = |run: Option<RunKind>, check: Check, detail: String| Failure {
            operation: op.display_name.clone(),
            run,
            check,
            detail,
        };
        let params: Vec<&Param> = op.required.iter().chain(&op.optional).collect();
        if params.len() != command.flags.len() {
            failures.push(fail(
                None,
                Check::Command,
                format!(
                    "{} flags for {} parameters",
                    command.flags.len(),
                    params.len()
                ),
            ));
            return;
        }
        let doc_op = self.doc_operation(op);
        let has_optional = command.flags.iter().any(|f| !f.required);
        let mut runs = vec![RunKind::Required];
        if has_optional {
            runs.push(RunKind::All);
        }
        let error_status = self.error_status(op, doc_op.as_ref());
        if let Some(status) = error_status {
            tally.with_errors += 1;
            runs.push(RunKind::Error);
            let _ = status;
        }
        for run in runs {
            let mode = if run == RunKind::All {
                Mode::All
            } else {
                Mode::Required
            };
            let line = self.line(path, command, op, &params, doc_op.as_ref(), mode, run);
            for problem in &line.problems {
                failures.push(fail(Some(run), Check::Value, problem.clone()));
            }
            let prefer = if run == RunKind::Error {
                error_status
            } else {
                None
            };
            self.proxy.prefer(prefer);
            let outcome = self.execute(&line).await;
            tally.runs += 1;
            self.proxy.prefer(None);
            let crashed = self.prism.lock().expect("prism").crashed();
            if let Some(why) = crashed {
                failures.push(fail(Some(run), Check::PrismCrashed, why));
                let restarted =
                    (self.prism.lock().expect("prism")).restart(self.prism_bin, self.document);
                if let Err(why) = restarted {
                    failures.push(fail(
                        Some(run),
                        Check::PrismCrashed,
                        format!("cannot start Prism again: {why}"),
                    ));
                    return;
                }
                continue;
            }
            let said = outcome.said();
            let examples: Vec<String> = (outcome.exchanges.iter())
                .flat_map(|e| e.response_errors())
                .collect();
            if !examples.is_empty() {
                let status = outcome
                    .exchanges
                    .last()
                    .map(|e| e.status)
                    .unwrap_or_default();
                failures.push(fail(
                    Some(run),
                    Check::Example,
                    format!("Prism's {status} answer: {}", examples.join("; ")),
                ));
            }
            if outcome.exchanges.is_empty() {
                failures.push(fail(
                    Some(run),
                    Check::Sent,
                    format!("exit {}; {said}", outcome.code),
                ));
                continue;
            }
            let violations: Vec<String> = (outcome.exchanges.iter())
                .flat_map(|e| {
                    let line = format!(
                        "{} {}, Content-Type: {}",
                        e.method,
                        e.target,
                        e.header("content-type").unwrap_or("(none)")
                    );
                    e.errors().into_iter().map(move |v| format!("[{line}] {v}"))
                })
                .collect();
            if !violations.is_empty() {
                failures.push(fail(Some(run), Check::Accepted, violations.join("\n")));
                continue;
            }
            match run {
                RunKind::Required | RunKind::All => {
                    if let Some(why) = undecoded(&command.output, &outcome) {
                        failures.push(fail(Some(run), Check::Decoded, why));
                    }
                }
                RunKind::Error => {
                    let status = error_status.unwrap_or_default();
                    let answered = outcome.exchanges.last().map(|e| e.status);
                    // A status the client decodes into a type prints it (an
                    // API with an error envelope of its own keeps `Error::Api`).
                    let typed = (op.errors.iter())
                        .find(|e| (e.low..=e.high).contains(&status))
                        .map(|e| format!("detail: {}(", seam_codegen::rust_text::type_ref(&e.ty)));
                    let reported = outcome.code == 3
                        && outcome.stderr.contains(&format!("status: {status}"))
                        && typed.is_none_or(|t| outcome.stderr.contains(&t));
                    if reported {
                        tally.errors_decoded += 1;
                    } else {
                        failures.push(fail(
                            Some(run),
                            Check::ErrorDecoded,
                            format!(
                                "asked for {status}, Prism answered {answered:?}; exit {}; {said}",
                                outcome.code
                            ),
                        ));
                    }
                }
            }
        }
    }

    /// The declared error status to ask for: the first exact 4xx or 5xx the
    /// client decodes into a type, else the first the document declares.
    fn error_status(&self, op: &Operation, doc_op: Option<&DocOperation>) -> Option<u16> {
        let typed = (op.errors.iter())
            .find(|e| e.low == e.high && (400..600).contains(&e.low))
            .map(|e| e.low);
        typed.or_else(|| {
            let responses = doc_op?.operation.get("responses")?.as_object()?;
            responses
                .keys()
                .filter_map(|k| k.parse::<u16>().ok())
                .find(|s| (400..600).contains(s))
        })
    }

    /// The command line for one run: the command's path, each flag with a
    /// value (required ones, or all), the credentials and the endpoint.
    #[allow(clippy::too_many_arguments)]
    fn line(
        &self,
        path: &[String],
        command: &OperationCommand,
        op: &Operation,
        params: &[&Param],
        doc_op: Option<&DocOperation>,
        mode: Mode,
        run: RunKind,
    ) -> Line {
        let mut sampler = Sampler::new(self.doc, mode);
        let mut args: Vec<String> = path.to_vec();
        args.push(command.name.clone());
        let mut problems = Vec::new();
        for (index, (flag, param)) in command.flags.iter().zip(params).enumerate() {
            if !flag.required && mode == Mode::Required {
                continue;
            }
            let schema = match self.param_schema(op, param, doc_op) {
                Some(schema) => schema,
                None => {
                    problems.push(format!(
                        "no schema in the document for parameter `{}` ({:?})",
                        param.wire_name, param.location
                    ));
                    json!({})
                }
            };
            let value = sampler.sample(&schema);
            let text = match &flag.kind {
                FlagKind::File => {
                    let file = self
                        .files
                        .join(format!("{}-{run:?}-{index}", command.runner));
                    let bytes = match &value {
                        Value::String(s) => s.clone().into_bytes(),
                        other => other.to_string().into_bytes(),
                    };
                    std::fs::write(&file, bytes).expect("a flag's file");
                    file.display().to_string()
                }
                kind => flag_text(kind, &value),
            };
            args.push(format!("--{}={text}", flag.long));
        }
        // Prism answers an action attempt with its example every time: the
        // attempt itself is what is checked, not a wait for it to finish.
        if command.action {
            args.push("--no-wait".to_owned());
        }
        problems.extend(
            sampler
                .problems
                .into_iter()
                .map(|p| format!("{p} (in the values of {})", op.display_name)),
        );
        let mut env = vec![(self.api.cli.endpoint_var.clone(), self.proxy.url())];
        match self.credentials(op) {
            Ok(given) => {
                // A credential that needs the context value (Seam's workspace)
                // gets one, unless the operation is one a client without it
                // serves (the command line then uses that client).
                let without_context = (self.api.profile.without_context.as_ref())
                    .is_some_and(|w| op.security.iter().any(|s| w.security_schemes.contains(s)));
                let context_var = (self.api.profile.context.as_ref())
                    .and_then(|c| c.env_var.clone())
                    .filter(|_| !without_context);
                if let Some(var) = context_var {
                    if given.iter().any(|(c, _)| c.needs_context) {
                        env.push((var, "prism_workspace".to_owned()));
                    }
                }
                for (credential, value) in given {
                    let option = (self.api.cli.auth.iter()).find(|o| o.setter == credential.setter);
                    match (&credential.env_var, option) {
                        (Some(var), _) => env.push((var.clone(), value)),
                        (None, Some(option)) => {
                            args.insert(0, format!("--{}={value}", option.long));
                        }
                        (None, None) => problems.push(format!(
                            "the command line has no option for credential `{}`",
                            credential.setter
                        )),
                    }
                }
            }
            Err(why) => problems.push(why),
        }
        Line {
            args,
            env,
            problems,
        }
    }

    /// The credentials the operation's security asks for, as the generator
    /// settled them (`Operation::requirements`, what the client itself sends):
    /// none when it is public, the first alternative otherwise; when the
    /// document declares no security at all, the profile's first credential.
    /// Prism judges whether they are what the document asks for.
    fn credentials(&self, op: &Operation) -> Result<Vec<(&Credential, String)>, String> {
        let credentials = &self.api.profile.credentials;
        let Some(security) = &op.requirements else {
            return Ok(credentials
                .first()
                .map(|c| (c, token(c)))
                .into_iter()
                .collect());
        };
        if security.alternatives.iter().any(Vec::is_empty) {
            return Ok(Vec::new());
        }
        match security.alternatives.first() {
            Some(alternative) => Ok(alternative
                .iter()
                .map(|&i| (&credentials[i], token(&credentials[i])))
                .collect()),
            None => Err(format!(
                "no security requirement the client supports: it accepts {}",
                security.accepts
            )),
        }
    }

    /// The operation as the document declares it: its method at its path,
    /// else (a profile that sends another method than declared) the first
    /// method at that path.
    fn doc_operation(&self, op: &Operation) -> Option<DocOperation> {
        let item_raw = self.doc.root.get("paths")?.get(&op.path)?;
        let item = self.doc.resolve(item_raw)?.clone();
        let method = op.http_method.to_ascii_lowercase();
        let operation = item.get(&method).cloned().or_else(|| {
            [
                "get", "put", "post", "delete", "options", "head", "patch", "trace",
            ]
            .iter()
            .find_map(|m| item.get(*m).cloned())
        })?;
        let operation = self.doc.resolve(&operation)?.clone();
        Some(DocOperation { item, operation })
    }

    /// The document's schema of the value a parameter carries.
    fn param_schema(
        &self,
        op: &Operation,
        param: &Param,
        doc_op: Option<&DocOperation>,
    ) -> Option<Value> {
        let doc_op = doc_op?;
        let location = match param.location {
            ParamLocation::Path { .. } => Some("path"),
            ParamLocation::Query(_) => Some("query"),
            ParamLocation::Header { .. } => Some("header"),
            ParamLocation::Struct | ParamLocation::Body(_) => None,
        };
        if let Some(location) = location {
            let declared = (doc_op.operation.get("parameters").and_then(Value::as_array))
                .into_iter()
                .flatten()
                .chain(
                    doc_op
                        .item
                        .get("parameters")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten(),
                );
            for parameter in declared {
                let parameter = self.doc.resolve(parameter)?;
                let same_name = if location == "header" {
                    parameter["name"]
                        .as_str()
                        .is_some_and(|n| n.eq_ignore_ascii_case(&param.wire_name))
                } else {
                    parameter["name"].as_str() == Some(param.wire_name.as_str())
                };
                if same_name && parameter["in"].as_str() == Some(location) {
                    return parameter.get("schema").cloned().or_else(|| {
                        let content = parameter.get("content")?.as_object()?;
                        content.values().next()?.get("schema").cloned()
                    });
                }
            }
            return None;
        }
        let whole = matches!(param.location, ParamLocation::Body(_));
        // The body of the method sent, else of another method at the path (a
        // profile may send GET with the query for a document's POST body).
        let bodies = std::iter::once(&doc_op.operation).chain(
            ["post", "put", "patch", "get", "delete"]
                .iter()
                .filter_map(|m| doc_op.item.get(*m)),
        );
        for operation in bodies {
            let Some(schema) = self.body_schema(op, operation) else {
                continue;
            };
            if whole {
                return Some(schema);
            }
            if let Some(property) = self.property(&schema, &param.wire_name) {
                return Some(property);
            }
        }
        // A parameter struct the profile sends in the query: the document's
        // query parameters.
        let declared = (doc_op.operation.get("parameters").and_then(Value::as_array))
            .into_iter()
            .flatten();
        declared
            .filter_map(|p| self.doc.resolve(p))
            .find(|p| p["name"].as_str() == Some(param.wire_name.as_str()))
            .and_then(|p| p.get("schema").cloned())
    }

    /// An operation object's request body schema, in the media type the
    /// client sends (else the first).
    fn body_schema(&self, op: &Operation, operation: &Value) -> Option<Value> {
        let operation = self.doc.resolve(operation)?;
        let body = self.doc.resolve(operation.get("requestBody")?)?;
        let content = body.get("content")?.as_object()?;
        let media = (op.content_type.as_deref())
            .and_then(|t| content.get(t))
            .or_else(|| content.values().next())?;
        media.get("schema").cloned()
    }

    /// A property's schema: of the object, its `allOf`, or one of its
    /// `oneOf`/`anyOf` members (which a client may offer as flags of one struct).
    fn property(&self, schema: &Value, name: &str) -> Option<Value> {
        let merged = Sampler::new(self.doc, Mode::All).merged(schema);
        if let Some(found) = merged.get("properties").and_then(|p| p.get(name)) {
            return Some(found.clone());
        }
        ["oneOf", "anyOf"]
            .iter()
            .filter_map(|k| merged.get(*k).and_then(Value::as_array))
            .flatten()
            .find_map(|member| self.property(member, name))
    }

    /// Runs a line under the time limit, with only the variables it gives.
    async fn execute(&self, line: &Line) -> Outcome {
        let mut command = tokio::process::Command::new(self.binary);
        command
            .args(&line.args)
            .env_clear()
            .envs(line.env.iter().map(|(k, v)| (k, v)))
            .stdin(std::process::Stdio::null())
            .kill_on_drop(true);
        let output = match tokio::time::timeout(TIMEOUT, command.output()).await {
            Ok(Ok(output)) => output,
            Ok(Err(e)) => panic!("{} could not be run: {e}", self.binary.display()),
            Err(_) => {
                return Outcome {
                    code: -1,
                    stdout: String::new(),
                    stderr: format!("killed after {TIMEOUT:?}"),
                    exchanges: self.proxy.take(),
                }
            }
        };
        Outcome {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            exchanges: self.proxy.take(),
        }
    }
}

impl Outcome {
    /// What the command said, shortened for the report.
    fn said(&self) -> String {
        let clip = |text: &str| {
            let text = text.trim();
            let mut clipped: String = text.chars().take(600).collect();
            if clipped.len() < text.len() {
                clipped.push_str("...");
            }
            clipped
        };
        format!(
            "stderr: {} | stdout: {}",
            clip(&self.stderr),
            clip(&self.stdout)
        )
    }
}

/// Why a successful run's output is not the decoded body, if it is not.
fn undecoded(output: &CommandOutput, outcome: &Outcome) -> Option<String> {
    let last = outcome.exchanges.last();
    // What was asked for and what came back: the media type is often why.
    let answer = last.map(|e| {
        format!(
            "sent Accept: {}; Prism answered {} {}",
            e.header("accept").unwrap_or("(none)"),
            e.status,
            e.content_type
        )
    });
    let answer = answer.unwrap_or_default();
    if outcome.code != 0 {
        return Some(format!(
            "{answer}; exit {}; {}",
            outcome.code,
            outcome.said()
        ));
    }
    let json = matches!(output, CommandOutput::Json | CommandOutput::Paged { .. });
    if json && serde_json::from_str::<Value>(&outcome.stdout).is_err() {
        return Some(format!(
            "{answer}; exit 0 but stdout is not JSON; {}",
            outcome.said()
        ));
    }
    None
}

/// An operation's path item and operation object, `$ref`s followed.
struct DocOperation {
    item: Value,
    operation: Value,
}

/// Every operation of the client, by its accessors and method.
fn operations_of<'a>(
    resource: &'a seam_codegen::model::Resource,
    accessors: &[String],
    out: &mut BTreeMap<(Vec<String>, String), &'a Operation>,
) {
    for op in &resource.operations {
        out.insert((accessors.to_vec(), op.method_name.clone()), op);
    }
    for child in &resource.children {
        let mut path = accessors.to_vec();
        path.push(child.accessor.clone());
        operations_of(child, &path, out);
    }
}

/// Every operation's command with the groups leading to it.
fn commands<'a>(
    group: &'a CommandGroup,
    path: &[String],
) -> Vec<(Vec<String>, &'a OperationCommand)> {
    let mut out: Vec<(Vec<String>, &OperationCommand)> = (group.commands.iter())
        .map(|c| (path.to_vec(), c))
        .collect();
    for child in &group.groups {
        let mut child_path = path.to_vec();
        child_path.push(child.name.clone());
        out.extend(commands(child, &child_path));
    }
    out
}

/// The credential's value: the profile's token prefix, then a test token; a
/// user and password for basic auth.
fn token(credential: &Credential) -> String {
    match credential.placement {
        Placement::Basic => "prism-user:prism-password".to_owned(),
        _ => format!(
            "{}{TOKEN}",
            credential.prefix.as_deref().unwrap_or_default()
        ),
    }
}

/// A value as a flag's text: scalars as they are, JSON for the rest.
fn flag_text(kind: &FlagKind, value: &Value) -> String {
    match (kind, value) {
        (FlagKind::List(_), Value::Array(_)) => value.to_string(),
        (FlagKind::List(_), item) => Value::Array(vec![item.clone()]).to_string(),
        (FlagKind::Json | FlagKind::Object(_), _) => value.to_string(),
        (FlagKind::Enum(values), value)
            if !values.iter().any(|v| Some(v.as_str()) == value.as_str()) =>
        {
            values.first().cloned().unwrap_or_default()
        }
        (_, Value::String(text)) => text.clone(),
        (_, other) => other.to_string(),
    }
}
