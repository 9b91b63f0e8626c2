//! An operation's flags: how each is declared to clap, how its text is checked
//! as it is parsed (an enum's values, a date, a list's items), and how the
//! checked values become the typed arguments of the client's builder. Every
//! value is carried as JSON from the parser to `serde`, so a flag's type is
//! the builder's own.

use std::ffi::OsStr;
use std::io::Read;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, ArgMatches, Command};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::app::Failure;

/// One parameter of an operation, as a flag.
#[derive(Debug)]
pub(crate) struct Flag {
    /// The flag (`acs_user_id` for `--acs_user_id`), also its id in the matches.
    pub(crate) long: &'static str,
    /// Its other spelling (`acs-user-id`), accepted but not listed.
    pub(crate) alias: Option<&'static str>,
    pub(crate) help: &'static str,
    pub(crate) long_help: &'static str,
    pub(crate) required: bool,
    pub(crate) kind: Kind,
}

/// What a flag's value is.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Kind {
    Text,
    /// `true` or `false`; the flag alone is `true`.
    Bool,
    Integer,
    Number,
    /// An RFC 3339 date and time (`2024-03-01T10:40:00Z`).
    DateTime,
    /// One of these values.
    Enum(&'static [&'static str]),
    /// A JSON object, with these fields (when known: none listed is any).
    Object(&'static [&'static str]),
    /// Any JSON; text that is not JSON is taken as a string.
    Json,
    /// A file's contents, by its path (`-` for standard input).
    File,
    /// A list: `["a","b"]`, `[a,b]` (as a shell leaves `["a","b"]`), or the
    /// flag repeated, each time with an item or a list.
    List(&'static Kind),
    /// A request body that is a union: JSON that is one of these variants.
    Union(&'static [Variant]),
}

/// One variant of a union body: the JSON type it is (empty: any) and the
/// properties it must have, checked before the body is decoded.
#[derive(Debug)]
pub(crate) struct Variant {
    pub(crate) name: &'static str,
    pub(crate) json_type: &'static str,
    pub(crate) required: &'static [&'static str],
}

impl Variant {
    /// Whether `value` is of this variant's type and has its properties.
    fn admits(&self, value: &Value) -> bool {
        let typed = match self.json_type {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "number" => value.is_number(),
            "integer" => value.is_i64() || value.is_u64(),
            "boolean" => value.is_boolean(),
            _ => true,
        };
        typed && (self.required.iter()).all(|key| value.get(key).is_some_and(|v| !v.is_null()))
    }
}

impl Flag {
    /// The flag as clap declares it.
    pub(crate) fn arg(&self) -> Arg {
        let mut arg = Arg::new(self.long)
            .long(self.long)
            .required(self.required)
            .value_name(self.long.to_uppercase())
            .value_parser(Parser(self.kind));
        if let Some(alias) = self.alias {
            arg = arg.alias(alias);
        }
        if !self.help.is_empty() {
            arg = arg.help(self.help);
        }
        let how = match self.kind {
            Kind::List(_) => {
                "A list: as JSON ([\"a\",\"b\"]), as [a,b], or the flag repeated.".to_owned()
            }
            Kind::Object([]) => "A JSON object.".to_owned(),
            Kind::Object(fields) => format!("A JSON object with any of: {}.", fields.join(", ")),
            Kind::Json => "JSON; text that is not JSON is sent as a string.".to_owned(),
            Kind::Union(variants) => format!(
                "JSON, one of: {}.",
                (variants.iter().map(|v| v.name))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            Kind::File => {
                "The path of a file whose contents are sent (- for standard input).".to_owned()
            }
            _ => String::new(),
        };
        let long_help = match (self.long_help, how.as_str()) {
            (text, "") => text.to_owned(),
            ("", how) => how.to_owned(),
            (text, how) => format!("{text}\n\n{how}"),
        };
        if !long_help.is_empty() {
            arg = arg.long_help(long_help);
        }
        match self.kind {
            Kind::Bool => arg
                .num_args(0..=1)
                .default_missing_value("true")
                .value_name("true|false"),
            Kind::List(_) => arg.action(ArgAction::Append),
            Kind::File => arg.value_name("PATH"),
            Kind::DateTime => arg.value_name("DATE_TIME"),
            // `--limit -5` is a value, not a flag.
            Kind::Integer | Kind::Number => arg.allow_negative_numbers(true),
            _ => arg,
        }
    }
}

/// Checks a flag's text and turns it into JSON (a list flag's into an array).
#[derive(Clone, Copy)]
struct Parser(Kind);

impl TypedValueParser for Parser {
    type Value = Value;

    fn parse_ref(
        &self,
        cmd: &Command,
        arg: Option<&Arg>,
        value: &OsStr,
    ) -> Result<Value, clap::Error> {
        let flag = arg.map(ToString::to_string).unwrap_or_default();
        let Some(text) = value.to_str() else {
            return Err(clap::Error::new(ErrorKind::InvalidUtf8).with_cmd(cmd));
        };
        let parsed = match self.0 {
            Kind::List(item) => parse_list(*item, text),
            kind => parse(kind, text),
        };
        parsed.map_err(|problem| {
            let mut error = match problem {
                Problem::NotOneOf(values) => {
                    let mut error = clap::Error::new(ErrorKind::InvalidValue).with_cmd(cmd);
                    let values = values.iter().map(ToString::to_string).collect();
                    error.insert(ContextKind::ValidValue, ContextValue::Strings(values));
                    error
                }
                Problem::Invalid(reason) => clap::Error::raw(
                    ErrorKind::ValueValidation,
                    format!("invalid value '{text}' for '{flag}': {reason}\n"),
                )
                .with_cmd(cmd),
            };
            error.insert(ContextKind::InvalidArg, ContextValue::String(flag));
            error.insert(ContextKind::InvalidValue, ContextValue::String(text.into()));
            error
        })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        let values: &[&str] = match self.0 {
            Kind::Enum(values) => values,
            Kind::List(Kind::Enum(values)) => values,
            Kind::Bool => &["true", "false"],
            _ => return None,
        };
        Some(Box::new(values.iter().map(|v| PossibleValue::new(*v))))
    }
}

/// Why a flag's text was refused.
enum Problem {
    /// Not one of an enum's values.
    NotOneOf(&'static [&'static str]),
    Invalid(String),
}

/// One value of `kind`, from its text.
fn parse(kind: Kind, text: &str) -> Result<Value, Problem> {
    let invalid = |reason: &str| Problem::Invalid(reason.to_owned());
    match kind {
        Kind::Text | Kind::File => Ok(Value::String(text.to_owned())),
        Kind::Bool => match text {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(Problem::NotOneOf(&["true", "false"])),
        },
        Kind::Integer => text
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| invalid("expected a whole number")),
        Kind::Number => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| invalid("expected a number")),
        Kind::DateTime => match chrono::DateTime::parse_from_rfc3339(text) {
            Ok(_) => Ok(Value::String(text.to_owned())),
            Err(e) => Err(Problem::Invalid(format!(
                "expected an RFC 3339 date and time, such as 2024-03-01T10:40:00Z ({e})"
            ))),
        },
        Kind::Enum(values) if values.contains(&text) => Ok(Value::String(text.to_owned())),
        Kind::Enum(values) => Err(Problem::NotOneOf(values)),
        Kind::Object(_) => match serde_json::from_str(text) {
            Ok(value @ Value::Object(_)) => Ok(value),
            Ok(_) => Err(invalid("expected a JSON object ({...})")),
            Err(e) => Err(Problem::Invalid(format!("not valid JSON: {e}"))),
        },
        Kind::Json | Kind::Union(_) => match serde_json::from_str(text) {
            Ok(value) => Ok(value),
            // Text that is plainly meant as JSON must be JSON; other text is a string.
            Err(e) if text.trim_start().starts_with(['{', '[', '"']) => {
                Err(Problem::Invalid(format!("not valid JSON: {e}")))
            }
            Err(_) => Ok(Value::String(text.to_owned())),
        },
        Kind::List(item) => parse_list(*item, text),
    }
}

/// The items of one occurrence of a list flag, as an array.
fn parse_list(item: Kind, text: &str) -> Result<Value, Problem> {
    let trimmed = text.trim();
    let Some(inner) = trimmed
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
    else {
        return Ok(Value::Array(vec![parse(item, text)?]));
    };
    if let Ok(Value::Array(items)) = serde_json::from_str::<Value>(trimmed) {
        return items.into_iter().map(|value| check(item, value)).collect();
    }
    // `[a,b]`: what a shell leaves of `["a","b"]` once it has removed the quotes.
    if inner.trim().is_empty() {
        return Ok(Value::Array(Vec::new()));
    }
    inner
        .split(',')
        .map(|piece| {
            let piece = piece.trim();
            let unquoted = piece
                .strip_prefix('"')
                .and_then(|p| p.strip_suffix('"'))
                .unwrap_or(piece);
            parse(item, unquoted)
        })
        .collect()
}

/// An item of a JSON array, checked against the list's item kind.
fn check(kind: Kind, value: Value) -> Result<Value, Problem> {
    match (kind, value) {
        (Kind::Json | Kind::Union(_), value) => Ok(value),
        (Kind::Object(_), value @ Value::Object(_)) => Ok(value),
        (_, Value::String(text)) => parse(kind, &text),
        (Kind::Bool, value @ Value::Bool(_)) => Ok(value),
        (Kind::Integer, Value::Number(n)) if n.is_i64() => Ok(Value::Number(n)),
        (Kind::Number, value @ Value::Number(_)) => Ok(value),
        (Kind::List(item), Value::Array(items)) => {
            items.into_iter().map(|value| check(*item, value)).collect()
        }
        (_, value) => Err(Problem::Invalid(format!("unexpected item {value}"))),
    }
}

/// The first field of `given` (a dotted path) that decoding left out of
/// `kept`; a null is no loss.
fn dropped_field(given: &Value, kept: &Value, path: &str) -> Option<String> {
    let at = |key: &str| match path {
        "" => key.to_owned(),
        _ => format!("{path}.{key}"),
    };
    match (given, kept) {
        (Value::Object(given), Value::Object(kept)) => {
            given.iter().find_map(|(key, value)| match kept.get(key) {
                Some(inner) => dropped_field(value, inner, &at(key)),
                None if value.is_null() => None,
                None => Some(at(key)),
            })
        }
        (Value::Array(given), Value::Array(kept)) => (given.iter().zip(kept))
            .enumerate()
            .find_map(|(i, (value, inner))| dropped_field(value, inner, &at(&i.to_string()))),
        _ => None,
    }
}

/// The parsed flags of the command being run.
pub(crate) struct Args {
    matches: ArgMatches,
    flags: &'static [Flag],
}

impl Args {
    pub(crate) fn new(matches: ArgMatches, flags: &'static [Flag]) -> Self {
        Args { matches, flags }
    }

    /// Whether one of the binary's own switches (`--all`) is on.
    pub(crate) fn switch(&self, id: &str) -> bool {
        self.matches.get_flag(id)
    }

    /// A required flag's value, as the builder's argument type.
    pub(crate) fn required<T: DeserializeOwned + Serialize>(
        &self,
        long: &str,
    ) -> Result<T, Failure> {
        self.optional(long)?
            .ok_or_else(|| Failure::Usage(format!("--{long} is required")))
    }

    /// An optional flag's value, if given, as the builder's setter type. A
    /// field the type does not have is refused: decoding would drop it.
    pub(crate) fn optional<T: DeserializeOwned + Serialize>(
        &self,
        long: &str,
    ) -> Result<Option<T>, Failure> {
        let Some(value) = self.json(long) else {
            return Ok(None);
        };
        let variants = (self.flags.iter()).find_map(|f| match f.kind {
            Kind::Union(variants) if f.long == long => Some(variants),
            _ => None,
        });
        if let Some(variants) = variants.filter(|v| !v.iter().any(|v| v.admits(&value))) {
            let names: Vec<&str> = variants.iter().map(|v| v.name).collect();
            return Err(Failure::Usage(format!(
                "--{long}: the value is none of: {}",
                names.join("; ")
            )));
        }
        let typed: T = serde_path_to_error::deserialize(&value).map_err(|e| {
            match e.path().to_string().as_str() {
                "." => Failure::Usage(format!("--{long}: {}", e.inner())),
                path => Failure::Usage(format!("--{long}: at {path}: {}", e.inner())),
            }
        })?;
        let kept = serde_json::to_value(&typed).unwrap_or(Value::Null);
        if let Some(field) = dropped_field(&value, &kept, "") {
            return Err(Failure::Usage(format!("--{long}: unknown field {field}")));
        }
        Ok(Some(typed))
    }

    /// A file flag's contents, read from its path (`-`: standard input).
    pub(crate) fn file(&self, long: &str) -> Result<Option<crate::api::FilePart>, Failure> {
        let Some(Value::String(path)) = self.json(long) else {
            return Ok(None);
        };
        let mut bytes = Vec::new();
        let read = if path == "-" {
            std::io::stdin().read_to_end(&mut bytes).map(drop)
        } else {
            std::fs::read(&path).map(|contents| bytes = contents)
        };
        read.map_err(|e| Failure::Usage(format!("--{long}: cannot read {path}: {e}")))?;
        let file = crate::api::FilePart::from(bytes);
        // A file part is named after the file read (stdin has no name: the
        // field's own is sent); a raw body takes only the bytes.
        let name = std::path::Path::new(&path)
            .file_name()
            .filter(|_| path != "-")
            .map(|name| name.to_string_lossy().into_owned());
        Ok(Some(match name {
            Some(name) => file.file_name(name),
            None => file,
        }))
    }

    /// A required file flag's contents.
    pub(crate) fn required_file(&self, long: &str) -> Result<crate::api::FilePart, Failure> {
        self.file(long)?
            .ok_or_else(|| Failure::Usage(format!("--{long} is required")))
    }

    /// The flag's value as JSON: a list flag's occurrences joined into one array.
    fn json(&self, long: &str) -> Option<Value> {
        let mut values = self.matches.get_many::<Value>(long)?;
        let is_list =
            (self.flags.iter()).any(|f| f.long == long && matches!(f.kind, Kind::List(_)));
        if !is_list {
            return values.next_back().cloned();
        }
        let mut items = Vec::new();
        for value in values {
            match value {
                Value::Array(more) => items.extend(more.iter().cloned()),
                other => items.push(other.clone()),
            }
        }
        Some(Value::Array(items))
    }
}
