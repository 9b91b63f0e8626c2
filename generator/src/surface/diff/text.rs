//! A change report as text: the verdict, a summary table by subject and
//! action, and the changes by level, as Markdown (`api-diff`'s output and a
//! pull request's comment) or a bounded summary (`cargo xtask codegen`).

use super::{Action, Change, Level, Report, Subject};
use std::collections::BTreeMap;
use std::fmt::Write as _;

impl Report {
    /// Counts by subject and action, for the summary table.
    fn counts(&self) -> BTreeMap<Subject, BTreeMap<Action, usize>> {
        let mut counts: BTreeMap<Subject, BTreeMap<Action, usize>> = BTreeMap::new();
        for change in &self.changes {
            *counts
                .entry(change.subject)
                .or_default()
                .entry(change.action)
                .or_default() += 1;
        }
        counts
    }

    fn verdict(&self) -> String {
        match self.bump() {
            None => "no changes".to_owned(),
            Some(Level::Major) => "**major** (breaks users' code)".to_owned(),
            Some(Level::Minor) => "**minor** (additions only)".to_owned(),
            Some(Level::Patch) => "**patch** (no change to the Rust API)".to_owned(),
        }
    }

    /// The report as Markdown, for a pull request or CHANGELOG.
    pub fn markdown(&self) -> String {
        let mut out = format!("## API changes: {}\n", self.verdict());
        if self.changes.is_empty() {
            if self.text_changed {
                out.push_str("\nOnly the generated text changed (docs, comments).\n");
            }
            return out;
        }
        out.push_str("\n| | added | removed | changed |\n|---|---:|---:|---:|\n");
        for (subject, actions) in self.counts() {
            let count = |a| actions.get(&a).copied().unwrap_or(0);
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                subject_plural(subject),
                count(Action::Added),
                count(Action::Removed),
                count(Action::Changed)
            );
        }
        for level in [Level::Major, Level::Minor, Level::Patch] {
            let lines: Vec<&Change> = self.changes.iter().filter(|c| c.level == level).collect();
            if lines.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n### {} ({})\n", level_title(level), lines.len());
            for change in lines {
                let _ = writeln!(out, "- {}", change.text);
            }
        }
        out
    }

    /// The report for a terminal: the verdict, the counts, and the breaking
    /// changes (at most `limit` lines of them).
    pub fn summary(&self, limit: usize) -> String {
        let verdict = self.verdict().replace("**", "");
        let mut out = format!("API change: {verdict}\n");
        for (subject, actions) in self.counts() {
            let parts: Vec<String> = actions
                .iter()
                .map(|(action, n)| format!("{n} {}", action_word(*action)))
                .collect();
            let _ = writeln!(out, "  {}: {}", subject_plural(subject), parts.join(", "));
        }
        let major: Vec<&Change> = (self.changes.iter())
            .filter(|c| c.level == Level::Major)
            .collect();
        for change in major.iter().take(limit) {
            let _ = writeln!(out, "  major: {}", change.text.replace('`', ""));
        }
        if major.len() > limit {
            let _ = writeln!(out, "  ... and {} more major changes", major.len() - limit);
        }
        out
    }
}

fn subject_plural(subject: Subject) -> &'static str {
    match subject {
        Subject::Resource => "resources",
        Subject::Operation => "operations",
        Subject::Parameter => "parameters",
        Subject::Type => "types",
        Subject::Field => "fields",
        Subject::Variant => "variants",
        Subject::Default => "defaults",
        Subject::Runtime => "runtime items",
    }
}

fn action_word(action: Action) -> &'static str {
    match action {
        Action::Added => "added",
        Action::Removed => "removed",
        Action::Changed => "changed",
    }
}

fn level_title(level: Level) -> &'static str {
    match level {
        Level::Major => "Major: breaks users' code",
        Level::Minor => "Minor: additions",
        Level::Patch => "Patch: wire and text only",
    }
}
