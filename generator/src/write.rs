//! Writing: the formatted files into the output folder, all or nothing, or (with
//! `--check`) a comparison that names every stale, missing or extra file.
//!
//! A write builds the whole crate in a sibling temporary folder and swaps it in, so a
//! failed run never leaves a half-written output folder. Build products that live in an
//! output folder (`target/`, `Cargo.lock`) are carried over, never compared.

use crate::render::RenderedFile;
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// Entries of an output folder that are not generated and survive regeneration.
const KEPT: &[&str] = &["target", "Cargo.lock"];

/// How the output folder differs from what would be generated.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Staleness {
    /// Files whose contents differ, with a short unified diff each.
    pub changed: Vec<(String, String)>,
    pub missing: Vec<String>,
    pub extra: Vec<String>,
}

impl Staleness {
    pub fn is_clean(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }
}

impl std::fmt::Display for Staleness {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (path, diff) in &self.changed {
            writeln!(f, "stale: {path}\n{diff}")?;
        }
        for path in &self.missing {
            writeln!(f, "missing: {path}")?;
        }
        for path in &self.extra {
            writeln!(f, "extra: {path} (not generated; it would be removed)")?;
        }
        Ok(())
    }
}

/// Compares `files` with what is in `out_dir`.
pub fn check(out_dir: &Path, files: &[RenderedFile]) -> io::Result<Staleness> {
    let existing = read_tree(out_dir)?;
    let mut staleness = Staleness::default();
    for file in files {
        match existing.get(&file.path) {
            None => staleness.missing.push(file.path.clone()),
            Some(current) if current != file.contents.as_bytes() => {
                let current = String::from_utf8_lossy(current);
                staleness.changed.push((
                    file.path.clone(),
                    short_diff(&current, &file.contents, &file.path),
                ));
            }
            Some(_) => {}
        }
    }
    for path in existing.keys() {
        if !files.iter().any(|f| &f.path == path) {
            staleness.extra.push(path.clone());
        }
    }
    Ok(staleness)
}

/// Whether `out_dir` holds exactly `files`, byte for byte (no diff is made:
/// a folder of another API's files would make one take minutes).
pub fn up_to_date(out_dir: &Path, files: &[RenderedFile]) -> io::Result<bool> {
    let existing = read_tree(out_dir)?;
    let same = existing.len() == files.len()
        && (files.iter())
            .all(|f| existing.get(&f.path).map(Vec::as_slice) == Some(f.contents.as_bytes()));
    Ok(same)
}

/// Writes `files` as the whole content of `out_dir`; does nothing when it is up to date.
/// Returns how many files were written (0 when nothing changed).
pub fn write(out_dir: &Path, files: &[RenderedFile]) -> io::Result<usize> {
    if out_dir.exists() && up_to_date(out_dir, files)? {
        return Ok(0);
    }
    let parent = out_dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let name = out_dir
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("generated");
    let staging = parent.join(format!(".{name}.codegen-new-{}", std::process::id()));
    let backup = parent.join(format!(".{name}.codegen-old-{}", std::process::id()));
    let result = (|| {
        if staging.exists() {
            std::fs::remove_dir_all(&staging)?;
        }
        for file in files {
            let path = staging.join(&file.path);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::write(&path, &file.contents)?;
        }
        if out_dir.exists() {
            for kept in KEPT {
                let from = out_dir.join(kept);
                if from.exists() {
                    std::fs::rename(&from, staging.join(kept))?;
                }
            }
            std::fs::rename(out_dir, &backup)?;
        }
        std::fs::rename(&staging, out_dir)?;
        if backup.exists() {
            std::fs::remove_dir_all(&backup)?;
        }
        Ok(files.len())
    })();
    if result.is_err() {
        // Put the old folder back if the swap got that far, and the build products
        // that were moved into staging back into it.
        if backup.exists() && !out_dir.exists() {
            let _ = std::fs::rename(&backup, out_dir);
        }
        for kept in KEPT {
            let moved = staging.join(kept);
            if moved.exists() && !out_dir.join(kept).exists() {
                let _ = std::fs::rename(&moved, out_dir.join(kept));
            }
        }
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

/// Every file below `root` (none if it does not exist), by `/`-separated relative path.
fn read_tree(root: &Path) -> io::Result<BTreeMap<String, Vec<u8>>> {
    let mut out = BTreeMap::new();
    if !root.exists() {
        return Ok(out);
    }
    let mut stack: Vec<PathBuf> = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let path = entry.path();
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let relative = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            if KEPT.contains(&relative.as_str()) {
                continue;
            }
            if entry.file_type()?.is_dir() {
                stack.push(path);
            } else {
                out.insert(relative, std::fs::read(&path)?);
            }
        }
    }
    Ok(out)
}

/// A unified diff cut to a few dozen lines: enough to see what changed.
fn short_diff(old: &str, new: &str, path: &str) -> String {
    const MAX_LINES: usize = 40;
    // Bounded: two unrelated files of 100k lines would otherwise take minutes;
    // past the deadline the diff is coarser, never wrong.
    let diff = similar::TextDiff::configure()
        .timeout(std::time::Duration::from_millis(500))
        .diff_lines(old, new);
    let text = diff
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string();
    let total = text.lines().count();
    let mut shown: String = text
        .lines()
        .take(MAX_LINES)
        .map(|l| format!("    {l}\n"))
        .collect();
    if total > MAX_LINES {
        shown.push_str(&format!("    ... {} more diff lines\n", total - MAX_LINES));
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> RenderedFile {
        RenderedFile {
            path: path.to_owned(),
            contents: contents.to_owned(),
            verbatim: false,
        }
    }

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("seam-codegen-write-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn up_to_date_means_the_same_files_byte_for_byte() {
        let out = scratch("up-to-date");
        let files = [
            file("Cargo.toml", "[package]"),
            file("src/lib.rs", "// lib"),
        ];
        write(&out, &files).unwrap();
        std::fs::write(out.join("Cargo.lock"), "lock").unwrap();
        assert!(
            up_to_date(&out, &files).unwrap(),
            "build products are not the crate's"
        );
        let changed = [
            file("Cargo.toml", "[package]"),
            file("src/lib.rs", "// lib!"),
        ];
        assert!(!up_to_date(&out, &changed).unwrap());
        assert!(!up_to_date(&out, &files[..1]).unwrap(), "an extra file");
        let more = [files[0].clone(), files[1].clone(), file("src/x.rs", "")];
        assert!(!up_to_date(&out, &more).unwrap(), "a missing file");
        std::fs::remove_dir_all(&out).unwrap();
    }

    #[test]
    fn write_replaces_everything_but_keeps_build_products() {
        let out = scratch("replace");
        std::fs::create_dir_all(out.join("src")).unwrap();
        std::fs::create_dir_all(out.join("target/debug")).unwrap();
        std::fs::write(out.join("src/old.rs"), "old").unwrap();
        std::fs::write(out.join("Cargo.lock"), "lock").unwrap();
        std::fs::write(out.join("target/debug/artifact"), "bin").unwrap();

        let files = [
            file("Cargo.toml", "[package]"),
            file("src/lib.rs", "// lib"),
        ];
        assert_eq!(write(&out, &files).unwrap(), 2);
        assert!(
            !out.join("src/old.rs").exists(),
            "a file the generator no longer writes is removed"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("src/lib.rs")).unwrap(),
            "// lib"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("Cargo.lock")).unwrap(),
            "lock"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("target/debug/artifact")).unwrap(),
            "bin"
        );
        assert!(check(&out, &files).unwrap().is_clean());
        assert_eq!(
            write(&out, &files).unwrap(),
            0,
            "an up-to-date folder is not rewritten"
        );
        let leftovers: Vec<_> = std::fs::read_dir(out.parent().unwrap())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| {
                e.file_name().to_string_lossy().contains("codegen-new")
                    || e.file_name().to_string_lossy().contains("codegen-old")
            })
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .contains(&std::process::id().to_string())
            })
            .collect();
        assert!(leftovers.is_empty(), "no staging folder is left behind");
        std::fs::remove_dir_all(&out).unwrap();
    }

    #[test]
    fn check_names_changed_missing_and_extra_files() {
        let out = scratch("check");
        std::fs::create_dir_all(out.join("src")).unwrap();
        std::fs::write(out.join("src/lib.rs"), "pub fn a() {}\n").unwrap();
        std::fs::write(out.join("src/extra.rs"), "").unwrap();
        let files = [
            file("src/lib.rs", "pub fn b() {}\n"),
            file("Cargo.toml", ""),
        ];
        let staleness = check(&out, &files).unwrap();
        assert_eq!(staleness.changed.len(), 1);
        assert_eq!(staleness.changed[0].0, "src/lib.rs");
        assert!(
            staleness.changed[0].1.contains("-pub fn a() {}")
                && staleness.changed[0].1.contains("+pub fn b() {}")
        );
        assert_eq!(staleness.missing, ["Cargo.toml"]);
        assert_eq!(staleness.extra, ["src/extra.rs"]);
        let report = staleness.to_string();
        assert!(
            report.contains("stale: src/lib.rs")
                && report.contains("missing: Cargo.toml")
                && report.contains("extra: src/extra.rs")
        );
        std::fs::remove_dir_all(&out).unwrap();
    }
}
