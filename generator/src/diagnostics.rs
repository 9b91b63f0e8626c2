//! Diagnostics: every problem found in a spec, with its severity, the JSON pointer
//! where it stands, the operation it concerns, and what to do about it.
//!
//! Stages push into a [`Diagnostics`] collection instead of failing on the first
//! problem, so a user sees everything wrong with a spec in one run.

use std::fmt;

/// How bad a problem is: errors stop generation, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// One problem, located in the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// JSON pointer into the spec, e.g. `#/paths/~1acs~1credentials~1create/post`.
    pub pointer: String,
    /// The operation concerned, when there is one (`acs.credentials.create`).
    pub operation: Option<String>,
    pub message: String,
    /// What the user can do about it.
    pub help: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        writeln!(f, "{level}: {}", self.message)?;
        write!(f, "  --> {}", self.pointer)?;
        if let Some(operation) = &self.operation {
            write!(f, " (operation `{operation}`)")?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// The problems found so far, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn error(
        &mut self,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.push(Severity::Error, pointer.into(), message.into())
    }

    pub fn warning(
        &mut self,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.push(Severity::Warning, pointer.into(), message.into())
    }

    /// Adds a problem; one already reported at the same place is not repeated (a
    /// schema reached twice reports once).
    fn push(&mut self, severity: Severity, pointer: String, message: String) -> &mut Diagnostic {
        let position = self
            .items
            .iter()
            .position(|d| d.severity == severity && d.pointer == pointer && d.message == message);
        let index = match position {
            Some(index) => index,
            None => {
                self.items.push(Diagnostic {
                    severity,
                    pointer,
                    operation: None,
                    message,
                    help: None,
                });
                self.items.len() - 1
            }
        };
        &mut self.items[index]
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }
}

impl Diagnostic {
    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    pub fn operation(&mut self, operation: impl Into<String>) -> &mut Self {
        self.operation = Some(operation.into());
        self
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.items {
            writeln!(f, "{diagnostic}\n")?;
        }
        let errors = self
            .items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let warnings = self.items.len() - errors;
        write!(f, "{errors} error(s), {warnings} warning(s)")
    }
}

/// Escapes one segment of a JSON pointer (RFC 6901): `~` as `~0`, `/` as `~1`.
pub fn escape_pointer_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Builds `#/a/b` pointers one segment at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pointer(String);

impl Pointer {
    pub fn root() -> Self {
        Pointer("#".to_owned())
    }

    pub fn join(&self, segment: impl AsRef<str>) -> Self {
        Pointer(format!(
            "{}/{}",
            self.0,
            escape_pointer_segment(segment.as_ref())
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Pointer> for String {
    fn from(pointer: Pointer) -> String {
        pointer.0
    }
}

impl From<&Pointer> for String {
    fn from(pointer: &Pointer) -> String {
        pointer.0.clone()
    }
}
