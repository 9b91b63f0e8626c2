//! The crate's package files: `Cargo.toml` (features, dependencies, the
//! metadata crates.io and docs.rs read, what made the crate), `README.md` and
//! the example program, `examples/quickstart.rs`.

use super::{filters, CrateInfo, RenderedFile};
use crate::model::Api;
use askama::Template;

#[derive(Template)]
#[template(path = "Cargo.toml.j2", escape = "none")]
struct CargoTemplate<'a> {
    crate_name: &'a str,
    crate_version: &'a str,
    title: String,
    /// The crate has a webhook verifier (the `webhooks` feature).
    webhooks: bool,
    /// Some operation returns a stream of server-sent events.
    events: bool,
    features: &'a [crate::model::ResourceFeature],
    /// The oldest Rust that builds the crate: the newest any dependency needs
    /// (tests/codegen/publish.rs checks it against the lockfile).
    rust_version: &'static str,
    license: String,
    /// `key = "value"` lines of the profile's package metadata, escaped.
    metadata: Vec<(&'static str, String)>,
    /// `keywords` and `categories` as TOML arrays.
    keywords: String,
    categories: String,
    publish: bool,
    /// The resource features the example calls.
    example_features: Vec<String>,
    generator: &'static str,
    runtime: String,
}

#[derive(Template)]
#[template(path = "README.md.j2", escape = "none")]
struct ReadmeTemplate<'a> {
    api: &'a Api,
    title: String,
    crate_version: &'a str,
    crate_ident: String,
    client: &'a str,
    first_calls: &'a [crate::model::FirstCall],
    /// A paged list with no required argument, for the pagination example.
    paged_call: Option<&'a crate::model::FirstCall>,
    webhooks: bool,
}

#[derive(Template)]
#[template(path = "example.rs.j2", escape = "none")]
struct ExampleTemplate<'a> {
    crate_ident: String,
    client: &'a str,
    first_calls: &'a [crate::model::FirstCall],
}

/// The generator that made a crate, as its `Cargo.toml` records it.
const GENERATOR: &str = concat!(env!("CARGO_PKG_NAME"), " ", env!("CARGO_PKG_VERSION"));

/// The oldest Rust the generated crates build with.
pub const RUST_VERSION: &str = "1.88";

/// A TOML array of basic strings.
fn toml_string_array(items: &[String]) -> String {
    let items: Vec<String> = (items.iter())
        .map(|item| format!("\"{}\"", toml_basic_string_contents(item)))
        .collect();
    format!("[{}]", items.join(", "))
}

/// `Cargo.toml`, `README.md` and `examples/quickstart.rs`.
pub(super) fn files(api: &Api, info: &CrateInfo) -> Result<Vec<RenderedFile>, askama::Error> {
    let first_calls = api.first_calls();
    let crate_ident = api.crate_name.replace('-', "_");
    Ok(vec![
        RenderedFile {
            path: "README.md".to_owned(),
            contents: ReadmeTemplate {
                api,
                title: match api.title.trim() {
                    "" => api.profile.api_name.clone(),
                    title => title.split_whitespace().collect::<Vec<_>>().join(" "),
                },
                crate_version: &info.crate_version,
                crate_ident: crate_ident.clone(),
                client: &api.profile.client_name,
                first_calls: &first_calls,
                paged_call: first_calls
                    .iter()
                    .find(|c| c.paged && c.arguments.is_empty()),
                webhooks: api.profile.webhooks.is_some(),
            }
            .render()?
                + "\n",
            verbatim: false,
        },
        RenderedFile {
            path: "examples/quickstart.rs".to_owned(),
            contents: ExampleTemplate {
                crate_ident: crate_ident.clone(),
                client: &api.profile.client_name,
                first_calls: &first_calls,
            }
            .render()?,
            verbatim: false,
        },
        RenderedFile {
            path: "Cargo.toml".to_owned(),
            contents: CargoTemplate {
                crate_name: &api.crate_name,
                crate_version: &info.crate_version,
                // An untitled API is described by the profile's name for it.
                title: toml_basic_string_contents(match api.title.trim() {
                    "" => &api.profile.api_name,
                    title => title,
                }),
                webhooks: api.profile.webhooks.is_some(),
                events: api.streams_events(),
                features: &api.features,
                rust_version: RUST_VERSION,
                license: toml_basic_string_contents(&api.profile.package.license),
                metadata: {
                    let package = &api.profile.package;
                    [
                        ("repository", &package.repository),
                        ("documentation", &package.documentation),
                        ("homepage", &package.homepage),
                    ]
                    .into_iter()
                    .filter_map(|(key, value)| Some((key, toml_basic_string_contents(value.as_deref()?))))
                    .collect()
                },
                keywords: toml_string_array(&api.profile.package.keywords),
                categories: toml_string_array(&api.profile.package.categories),
                publish: api.profile.package.publish,
                // One first call per top-level resource: each feature once.
                example_features: first_calls.iter().filter_map(|c| c.feature.clone()).collect(),
                generator: GENERATOR,
                runtime: super::runtime_files::fingerprint(),
            }
            .render()?
                // askama drops a template's last newline; a text file ends with one.
                + "\n",
            verbatim: false,
        },
    ])
}

/// Escapes text for the inside of a TOML basic string (`"..."`).
fn toml_basic_string_contents(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}
