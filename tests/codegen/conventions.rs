//! The API's conventions live in `generator/src/profile.rs`: no other generator
//! code spells Seam's name, extensions, envelope or pagination fields.
//!
//! Checked on the string literals of non-test code (comments may name Seam). The
//! runtime in `templates/runtime/` still carries Seam's side of the conventions
//! (endpoint, token kinds, environment variables, error envelope): moving it
//! behind the profile is the next step, and this test will grow to cover it.

use crate::support::root;

/// Text that means one API's conventions, anywhere in a literal.
const CONTAINED: &[&str] = &[
    "seam",
    "x-response-key",
    "x-fern",
    "x-undocumented",
    "x-draft",
    "x-title",
    "x-deprecated",
    "page_cursor",
    "has_next_page",
];

/// Literals that are a convention when they are the whole literal.
const WHOLE: &[&str] = &["ok", "pagination"];

#[test]
fn conventions_are_spelled_only_in_the_profile() {
    let mut found = Vec::new();
    let mut files = 0;
    for path in rust_files(&root().join("generator/src")) {
        if path.ends_with("profile.rs") {
            continue;
        }
        files += 1;
        let text = std::fs::read_to_string(&path).expect("readable source");
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (number, line) in code.lines().enumerate() {
            let code = match line.trim_start() {
                l if l.starts_with("//") => continue,
                _ => line.split(" // ").next().unwrap_or_default(),
            };
            for literal in string_literals(code) {
                let lower = literal.to_lowercase();
                if CONTAINED.iter().any(|t| lower.contains(t)) || WHOLE.contains(&literal.as_str())
                {
                    let shown = path
                        .strip_prefix(root())
                        .unwrap_or(&path)
                        .display()
                        .to_string();
                    found.push(format!("{shown}:{}: \"{literal}\"", number + 1));
                }
            }
        }
    }
    assert!(
        files > 10,
        "generator/src has {files} files besides the profile"
    );
    assert!(
        found.is_empty(),
        "move these to generator/src/profile.rs:\n{}",
        found.join("\n")
    );
}

fn rust_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable folder") {
        let path = entry.expect("readable entry").path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The contents of the `"..."` literals on one line (escapes kept as written).
fn string_literals(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut literal = String::new();
        let mut escaped = false;
        for c in chars.by_ref() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => break,
                c => {
                    escaped = false;
                    literal.push(c);
                }
            }
        }
        out.push(literal);
    }
    out
}
