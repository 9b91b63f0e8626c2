//! `seam-codegen`: turns an OpenAPI 3.0 description (or a 3.1 one, which [`load`] maps
//! onto 3.0) into a Rust client crate, following one API's conventions (a [`profile`]).
//!
//! The pipeline runs one way: [`load`] (text to `openapiv3`, checked by [`validate`]), [`lower`] (to our
//! [`model`], with every name settled by [`names`]), [`render`] (askama templates),
//! [`format`] (syn + prettyplease), [`write`] (all or nothing, or `--check`). Beside
//! the crate goes its public [`surface`], which the next generation compares with.

pub mod diagnostics;
pub mod format;
pub mod fragment;
pub mod load;
pub mod lower;
pub mod model;
pub mod names;
pub mod narrow;
pub mod profile;
pub mod render;
pub mod rust_text;
pub mod surface;
pub mod validate;
pub mod write;

use diagnostics::Diagnostics;
use render::RenderedFile;
use std::path::Path;
use std::time::{Duration, Instant};

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// The crate's name; empty means the profile's.
    pub crate_name: String,
    pub crate_version: String,
    /// Whose conventions to follow (see [`profile`]).
    pub profile: profile::Choice,
    /// The surface of the crate this one replaces (its `api-surface.json`):
    /// a type renamed since keeps its old name as a deprecated alias.
    pub previous_surface: Option<surface::Surface>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            // The crate's name comes from the profile.
            crate_name: String::new(),
            crate_version: "0.1.0".to_owned(),
            profile: profile::Choice::generic(),
            previous_surface: None,
        }
    }
}

/// A generated crate, in memory.
#[derive(Debug)]
pub struct Generated {
    pub files: Vec<RenderedFile>,
    pub operations: usize,
    /// Operations of the document left out, each with a warning.
    pub skipped_operations: usize,
    /// Operations that page (`first_page`, `pages`, `items`).
    pub paged_operations: usize,
    pub types: usize,
    /// The crate's public API, also among `files` as `api-surface.json`.
    pub surface: surface::Surface,
    /// Warnings found along the way (generation succeeded regardless).
    pub warnings: Diagnostics,
    /// Time spent in each stage, in pipeline order.
    pub timings: Vec<(&'static str, Duration)>,
}

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec has problems; all of them are listed.
    #[error("{0}")]
    Spec(Diagnostics),
    #[error("invalid crate name `{0}`: use letters, digits, `-` and `_`, starting with a letter, and not a Rust keyword or a crate the client uses (std, serde, tokio...)")]
    CrateName(String),
    #[error("internal error while rendering templates: {0}")]
    Render(#[from] askama::Error),
    #[error(transparent)]
    Format(#[from] format::FormatError),
    /// The profile file cannot be read, or declares what no profile has.
    #[error("{0}")]
    Profile(String),
}

/// Generates the crate for the spec file at `spec_path`.
pub fn generate_file(spec_path: &Path, options: &Options) -> Result<Generated, Error> {
    let started = Instant::now();
    let mut diags = Diagnostics::default();
    let Some(spec) = load::load_file(spec_path, &mut diags) else {
        return Err(Error::Spec(diags));
    };
    generate_spec(&spec.openapi, options, diags, started.elapsed())
}

/// Generates the crate for spec text (`extension` picks JSON or YAML, see [`load::load_bytes`]).
pub fn generate_bytes(
    bytes: &[u8],
    extension: &str,
    options: &Options,
) -> Result<Generated, Error> {
    let started = Instant::now();
    let mut diags = Diagnostics::default();
    let Some(spec) = load::load_bytes(bytes, extension, &mut diags) else {
        return Err(Error::Spec(diags));
    };
    generate_spec(&spec.openapi, options, diags, started.elapsed())
}

/// Loads and lowers spec text into the model, without rendering: what the templates see.
pub fn model_bytes(
    bytes: &[u8],
    extension: &str,
    options: &Options,
) -> Result<(model::Api, Diagnostics), Error> {
    let mut diags = Diagnostics::default();
    let Some(spec) = load::load_bytes(bytes, extension, &mut diags) else {
        return Err(Error::Spec(diags));
    };
    let api = build_model(&spec.openapi, options, &mut diags)?;
    Ok((api, diags))
}

fn build_model(
    spec: &openapiv3::OpenAPI,
    options: &Options,
    diags: &mut Diagnostics,
) -> Result<model::Api, Error> {
    let profile = options
        .profile
        .resolve(spec, diags)
        .map_err(Error::Profile)?;
    let crate_name = match options.crate_name.as_str() {
        "" => profile.crate_name.clone(),
        name => name.to_owned(),
    };
    if !names::is_usable_crate_name(&crate_name) {
        return Err(Error::CrateName(crate_name));
    }
    let lower_options = lower::LowerOptions {
        crate_name,
        profile,
    };
    let api = lower::lower(spec, lower_options, diags);
    if diags.has_errors() {
        return Err(Error::Spec(std::mem::take(diags)));
    }
    Ok(api)
}

fn generate_spec(
    spec: &openapiv3::OpenAPI,
    options: &Options,
    mut diags: Diagnostics,
    load_time: Duration,
) -> Result<Generated, Error> {
    let mut timings = vec![("load", load_time)];
    let mut stage = Instant::now();
    let mut lap = |name: &'static str| {
        timings.push((name, stage.elapsed()));
        stage = Instant::now();
    };
    let mut api = build_model(spec, options, &mut diags)?;
    if let Some(previous) = &options.previous_surface {
        surface::renames::keep_renamed(&mut api, previous, &options.crate_version);
    }
    lap("model");
    let info = render::CrateInfo {
        crate_version: options.crate_version.clone(),
    };
    let rendered = render::render(&api, &info)?;
    lap("render");
    // The runtime's surface is read from files the formatter leaves as they
    // are: on a thread of its own, it takes no time while the largest file is
    // still being formatted.
    let runtime_inputs = surface::runtime::inputs(&rendered);
    let (files, runtime) = std::thread::scope(|scope| {
        let runtime = scope.spawn(|| surface::runtime::of(&runtime_inputs));
        let files = format::format(rendered);
        let runtime = runtime
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (files, runtime)
    });
    let mut files = files?;
    lap("format");
    let mut surface = surface::Surface::of(&api);
    surface.runtime = runtime;
    files.push(RenderedFile {
        path: surface::SURFACE_FILE.to_owned(),
        contents: surface.to_json(),
        verbatim: true,
    });
    lap("surface");
    Ok(Generated {
        files,
        operations: api.root.all_operations().count(),
        skipped_operations: api.skipped_operations,
        paged_operations: (api.root.all_operations())
            .filter(|op| op.paged_list().is_some())
            .count(),
        types: api.types.len(),
        surface,
        warnings: diags,
        timings,
    })
}

impl Generated {
    /// What changed from `old` to this crate: the surfaces compared, and whether
    /// any other file's text differs (a patch when nothing else did).
    pub fn change_since(&self, old: &Generated) -> surface::diff::Report {
        let text = |g: &Generated| -> Vec<(String, String)> {
            (g.files.iter())
                .filter(|f| f.path != surface::SURFACE_FILE)
                .map(|f| (f.path.clone(), f.contents.clone()))
                .collect()
        };
        surface::diff::Report::new(&old.surface, &self.surface, text(old) != text(self))
    }
}
