//! Rendering: the model to the text of every file of the generated crate.
//!
//! Each construct (struct, enum, tagged union, untagged union, resource handle, request
//! builder) has its own askama template in `templates/`; this module feeds them model
//! values and concatenates their output into files: the crate root, clients and
//! conventions, models and resources here; the package files (`Cargo.toml`,
//! `README.md`, the example) in `package`; the command line in `cli`; the runtime,
//! static Rust files from `templates/runtime/` copied as they are, in `runtime_files`.

use crate::model::{
    Api, BodyEncoding, CursorField, ExampleArg, FieldDecode, FieldRepr, Operation, PageReader,
    ParamLocation, ParamsIn, QueryStyle, RawKind, Resource, SerdeArg, StatusBody, TypeDef,
    TypeKind,
};
use crate::names::rust_string_literal;
use crate::profile::{
    Credential, Errors, Idempotency, Pagination, Placement, Profile, WebhookScheme,
};
use askama::Template;
use runtime_files::{runtime_for_crate, EVENTS_RUNTIME, RUNTIME_FILES, WEBHOOK_RUNTIME};

mod cli;
mod package;
mod runtime_files;

/// One file of the generated crate, before formatting.
#[derive(Debug, Clone)]
pub struct RenderedFile {
    /// Path relative to the crate root, with `/` separators.
    pub path: String,
    pub contents: String,
    /// Written by hand and copied as it is (the runtime): the formatter only adds
    /// the generated-file header, keeping its comments and layout.
    pub verbatim: bool,
}

/// Options for the crate manifest that do not come from the spec.
#[derive(Debug, Clone)]
pub struct CrateInfo {
    pub crate_version: String,
}

pub use cli::CLI_DIR;
pub use package::RUST_VERSION;
pub use runtime_files::is_runtime_file;

#[derive(Template)]
#[template(path = "struct.rs.j2", escape = "none")]
struct StructTemplate<'a> {
    def: &'a TypeDef,
    s: &'a crate::model::StructDef,
}

#[derive(Template)]
#[template(path = "enum.rs.j2", escape = "none")]
struct EnumTemplate<'a> {
    def: &'a TypeDef,
    e: &'a crate::model::EnumDef,
    catch_all_doc: String,
}

#[derive(Template)]
#[template(path = "tagged_union.rs.j2", escape = "none")]
struct TaggedUnionTemplate<'a> {
    def: &'a TypeDef,
    u: &'a crate::model::UnionDef,
    tag_doc: String,
}

#[derive(Template)]
#[template(path = "untagged.rs.j2", escape = "none")]
struct UntaggedTemplate<'a> {
    def: &'a TypeDef,
    u: &'a crate::model::UntaggedDef,
}

#[derive(Template)]
#[template(path = "alias.rs.j2", escape = "none")]
struct AliasTemplate<'a> {
    a: &'a crate::model::TypeAlias,
}

#[derive(Template)]
#[template(path = "error_body.rs.j2", escape = "none")]
struct ErrorBodyTemplate<'a> {
    enum_name: &'a str,
    variants: &'a [String],
}

#[derive(Template)]
#[template(path = "resource.rs.j2", escape = "none")]
struct ResourceTemplate<'a> {
    r: &'a Resource,
    is_root: bool,
    /// The main client's own handle, which the blocking client has too.
    blocking_root: bool,
    /// How a handle reaches the client: the root is the client itself.
    client_ref: &'static str,
    /// For the doc examples: how the crate is named in code (`seam`, `seam_full`),
    /// and the profile's client type and variable (`Seam`, `seam`).
    crate_ident: &'a str,
    profile: &'a Profile,
    /// The client the handle belongs to, which doc examples call.
    example_client: &'a str,
}

#[derive(Template)]
#[template(path = "operation.rs.j2", escape = "none")]
struct OperationTemplate<'a> {
    op: &'a Operation,
    client_name: &'a str,
    builder_doc: String,
    /// Its calls carry an idempotency key: the builder takes the caller's.
    keyed: bool,
}

#[derive(Template)]
#[template(path = "module.rs.j2", escape = "none")]
struct ModuleTemplate<'a> {
    docs: &'a [&'a str],
    imports: &'a [&'a str],
    /// Modules below this one, each compiled with some features.
    modules: Vec<Submodule<'a>>,
    items: Vec<String>,
}

/// A module compiled only with every one of `requires`.
struct Submodule<'a> {
    name: &'a str,
    requires: Vec<&'a str>,
}

mod filters;

#[derive(Template)]
#[template(path = "clients.rs.j2", escape = "none")]
struct ClientsTemplate<'a> {
    api: &'a Api,
    profile: &'a Profile,
}

impl ClientsTemplate<'_> {
    fn credential(&self, index: &usize) -> &crate::profile::Credential {
        &self.profile.credentials[*index]
    }

    fn credential_noun(&self, index: &usize) -> &str {
        &self.credential(index).noun
    }

    /// "a personal access token or a console session token".
    fn credential_nouns(&self, indices: &[usize]) -> String {
        let nouns: Vec<&str> = indices.iter().map(|i| self.credential_noun(i)).collect();
        nouns.join(" or ")
    }

    fn first_credential(&self, indices: &[usize]) -> Option<&crate::profile::Credential> {
        indices.first().map(|i| self.credential(i))
    }

    fn context_noun(&self) -> &str {
        self.profile
            .context
            .as_ref()
            .map_or("a context value", |c| c.noun.as_str())
    }

    /// How a call reads in prose: `client_sessions().get()`.
    fn call_text(&self, call: &crate::model::Call) -> String {
        let accessors: String = call.accessors.iter().map(|a| format!("{a}().")).collect();
        format!("{accessors}{}()", call.method)
    }

    /// A made-up key for doc examples, starting as the profile's keys do.
    fn example_key(&self) -> String {
        let prefix = self
            .profile
            .key_exchange
            .as_ref()
            .and_then(|k| k.prefix.as_deref())
            .unwrap_or_default();
        format!("{prefix}1_example")
    }
}

#[derive(Template)]
#[template(path = "conventions.rs.j2", escape = "none")]
struct ConventionsTemplate<'a> {
    api: &'a Api,
    profile: &'a Profile,
}

/// Doc lines that mix the profile's names into prose.
impl ConventionsTemplate<'_> {
    /// One row of the builder's table of credentials.
    fn credential_row(&self, c: &Credential) -> String {
        let mut methods = format!("[`{0}`](Self::{0})", c.setter);
        let mut environment = c
            .env_var
            .as_deref()
            .map(|v| format!("`{v}`"))
            .unwrap_or_default();
        if let (false, Some(var)) = (environment.is_empty(), &c.secret_env_var) {
            environment.push_str(&format!(" + `{var}`"));
        }
        if let Some(context) = self.profile.context.as_ref().filter(|_| c.needs_context) {
            methods.push_str(&format!(" + [`{0}`](Self::{0})", context.setter));
            if let (false, Some(var)) = (environment.is_empty(), &context.env_var) {
                environment.push_str(&format!(" + `{var}`"));
            }
        }
        let prefix = c
            .prefix
            .as_deref()
            .map(|p| format!(" (`{p}...`)"))
            .unwrap_or_default();
        format!("| {}{prefix} | {methods} | {environment} |", c.noun)
    }

    /// The last of a header's names: the one errors and examples use.
    fn last<'n>(&self, names: &'n [String]) -> &'n str {
        names.last().map_or("", String::as_str)
    }

    /// Whether the scheme's webhooks carry a timestamp the verifier checks.
    fn webhooks_dated(&self, scheme: &WebhookScheme) -> bool {
        !matches!(scheme, WebhookScheme::BodyHmac { .. })
    }

    /// What `verify` checks, as its docs say it.
    fn webhook_checks(&self, scheme: &WebhookScheme) -> &'static str {
        if self.webhooks_dated(scheme) {
            "signature and timestamp"
        } else {
            "signature"
        }
    }

    /// The scheme's default tolerance; a scheme without timestamps has none.
    fn webhook_tolerance_seconds(&self, scheme: &WebhookScheme) -> u64 {
        match scheme {
            WebhookScheme::Standard {
                tolerance_seconds, ..
            }
            | WebhookScheme::TimestampedHmac {
                tolerance_seconds, ..
            } => *tolerance_seconds,
            WebhookScheme::BodyHmac { .. } => 0,
        }
    }
}

#[derive(Template)]
#[template(path = "lib.rs.j2", escape = "none")]
struct LibTemplate<'a> {
    api: &'a Api,
}

impl LibTemplate<'_> {
    fn undocumented_line(&self) -> String {
        format!(
            "Operations marked undocumented by {} need the `undocumented` cargo feature.",
            self.api.profile.api_name
        )
    }
}

/// Renders every file of the crate.
pub fn render(api: &Api, info: &CrateInfo) -> Result<Vec<RenderedFile>, askama::Error> {
    let mut files = package::files(api, info)?;
    files.extend([
        RenderedFile {
            path: "src/lib.rs".to_owned(),
            contents: LibTemplate { api }.render()?,
            verbatim: false,
        },
        RenderedFile {
            path: "src/clients.rs".to_owned(),
            contents: ClientsTemplate {
                api,
                profile: &api.profile,
            }
            .render()?,
            verbatim: false,
        },
        RenderedFile {
            path: "src/conventions.rs".to_owned(),
            contents: ConventionsTemplate {
                api,
                profile: &api.profile,
            }
            .render()?,
            verbatim: false,
        },
    ]);
    files.extend(render_models(api)?);
    files.extend(render_resources(api)?);
    files.extend(cli::files(api)?);
    let crate_ident = api.crate_ident();
    for (path, contents) in RUNTIME_FILES {
        if *path == WEBHOOK_RUNTIME && api.profile.webhooks.is_none() {
            continue;
        }
        if *path == EVENTS_RUNTIME && !api.streams_events() {
            continue;
        }
        files.push(RenderedFile {
            path: (*path).to_owned(),
            contents: runtime_for_crate(contents, &crate_ident, &api.profile.client_name),
            verbatim: true,
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// One type, through the template for its construct.
pub fn render_type(def: &TypeDef) -> Result<String, askama::Error> {
    match &def.kind {
        TypeKind::Struct(s) => StructTemplate { def, s }.render(),
        TypeKind::Enum(e) => EnumTemplate {
            def,
            e,
            catch_all_doc: rust_string_literal(&format!(
                " Values this client does not know yet decode into [`{}::{}`] and are sent back unchanged.",
                def.name, e.catch_all
            )),
        }
        .render(),
        TypeKind::TaggedUnion(u) => TaggedUnionTemplate {
            def,
            u,
            tag_doc: rust_string_literal(&format!(
                " Told apart by its `{}` property; variants this client does not know yet are kept as JSON.",
                crate::names::doc_lines(&u.tag).join(" ")
            )),
        }
        .render(),
        TypeKind::Untagged(u) => UntaggedTemplate { def, u }.render(),
    }
}

/// `src/models/mod.rs` (the types every feature or several need, each item
/// of the latter under a `cfg`), one module per resource feature with the types
/// only it needs, and one with the components no operation reaches.
fn render_models(api: &Api) -> Result<Vec<RenderedFile>, askama::Error> {
    use crate::model::Gate;
    let unreached = crate::names::UNREACHED_MODULE;
    fn module_of<'g>(gate: &'g Gate, unreached: &'static str) -> &'g str {
        match gate {
            Gate::Unreached => unreached,
            gate => gate.feature_module().unwrap_or_default(),
        }
    }
    let mut by_module: Vec<(&str, Vec<String>)> = vec![("", Vec::new())];
    by_module.extend(api.gate_features().into_iter().map(|f| (f, Vec::new())));
    by_module.push((unreached, Vec::new()));
    let mut place = |module: &str, item: String| {
        if let Some(slot) = by_module.iter_mut().find(|(m, _)| *m == module) {
            slot.1.push(item);
        }
    };
    for def in &api.types {
        place(module_of(&def.gate, unreached), render_type(def)?);
    }
    for alias in &api.aliases {
        place(
            module_of(&alias.gate, unreached),
            AliasTemplate { a: alias }.render()?,
        );
    }
    let mut shared = Vec::new();
    let mut files = Vec::new();
    let mut modules = Vec::new();
    for (module, items) in by_module {
        if module.is_empty() {
            shared = items;
            continue;
        }
        if items.is_empty() {
            continue;
        }
        let (docs, requires) = if module == unreached {
            let every = api.gate_features();
            (
                "The components no operation uses, with every resource feature.".to_owned(),
                every,
            )
        } else {
            (
                format!("The data types only the `{module}` feature needs."),
                vec![module],
            )
        };
        modules.push(Submodule {
            name: module,
            requires,
        });
        files.push(RenderedFile {
            path: format!("src/models/{module}.rs"),
            contents: ModuleTemplate {
                docs: &[&docs],
                imports: &["#[allow(unused_imports)]", "use super::*;"],
                modules: Vec::new(),
                items,
            }
            .render()?,
            verbatim: false,
        });
    }
    shared.push(
        ErrorBodyTemplate {
            enum_name: crate::names::ERROR_BODY_ENUM,
            variants: &api.error_bodies,
        }
        .render()?,
    );
    files.push(RenderedFile {
        path: "src/models/mod.rs".to_owned(),
        contents: ModuleTemplate {
            docs: &["The API's data types: resources, request bodies, enums and unions."],
            imports: &[],
            modules,
            items: shared,
        }
        .render()?,
        verbatim: false,
    });
    Ok(files)
}

/// `src/resources/mod.rs` (the client's own handle and operations) and one
/// module per resource feature with its handles, builders and operations.
fn render_resources(api: &Api) -> Result<Vec<RenderedFile>, askama::Error> {
    let crate_ident = api.crate_ident();
    let main = &api.profile.client_name;
    let handle = |r: &Resource, example_client: &str, scoped: bool| {
        let is_root = r.path.is_empty();
        ResourceTemplate {
            r,
            is_root,
            blocking_root: is_root && !scoped,
            // The other client's handles make the same builders; it holds the main client.
            client_ref: if is_root && !scoped {
                "self"
            } else {
                "self.client"
            },
            crate_ident: &crate_ident,
            profile: &api.profile,
            example_client,
        }
        .render()
    };
    let operations = |r: &Resource, items: &mut Vec<String>| {
        for op in &r.operations {
            items.push(
                OperationTemplate {
                    op,
                    client_name: main,
                    builder_doc: rust_string_literal(&format!(
                        " Request builder for [`{}::{}`].",
                        r.type_name, op.method_name
                    )),
                    keyed: api.profile.idempotency.keys(&op.http_method),
                }
                .render()?,
            );
        }
        Ok::<_, askama::Error>(())
    };
    let scoped = api.without_context.as_ref();
    let mut clients = main.clone();
    if let Some(scoped) = scoped {
        clients = format!("{clients}, {}", scoped.client_name);
    }
    let client_import = format!("use crate::{{Error, Page, RequestOptions, {clients}}};");
    let imports = [
        "#[allow(unused_imports)]",
        "use crate::models::*;",
        "#[allow(unused_imports)]",
        &client_import,
        "#[allow(unused_imports)]",
        "use crate::transport::Operation;",
    ];

    let mut files = Vec::new();
    let mut modules = Vec::new();
    for child in &api.root.children {
        let Some(feature) = &child.feature else {
            continue;
        };
        let mut items = Vec::new();
        for r in child.walk() {
            items.push(handle(r, main, false)?);
            operations(r, &mut items)?;
        }
        let scoped_child = scoped.and_then(|c| {
            let child = c.root.children.iter().find(|c| c.path == child.path)?;
            Some((child, &c.client_name))
        });
        if let Some((scoped_child, client_name)) = scoped_child {
            for r in scoped_child.walk() {
                items.push(handle(r, client_name, true)?);
            }
        }
        modules.push(Submodule {
            name: feature,
            requires: vec![feature],
        });
        let docs = format!("The `{feature}` feature's resource handles and request builders.");
        files.push(RenderedFile {
            path: format!("src/resources/{feature}.rs"),
            contents: ModuleTemplate {
                docs: &[&docs],
                imports: &imports,
                modules: Vec::new(),
                items,
            }
            .render()?,
            verbatim: false,
        });
    }
    // The client's own accessors and operations, and the other client's accessors.
    let mut items = vec![handle(&api.root, main, false)?];
    operations(&api.root, &mut items)?;
    if let Some(scoped) = scoped {
        items.push(handle(&scoped.root, &scoped.client_name, true)?);
    }
    // Every crate's module docs show one of its own calls: its first operation's.
    let docs = match api.root.all_operations().next() {
        Some(op) => format!(
            "Resource handles and request builders: `{}.{}{}(..)`.",
            api.profile.client_variable,
            op.example
                .accessors
                .iter()
                .map(|accessor| format!("{accessor}()."))
                .collect::<String>(),
            op.method_name
        ),
        None => "Resource handles and request builders.".to_owned(),
    };
    files.push(RenderedFile {
        path: "src/resources/mod.rs".to_owned(),
        contents: ModuleTemplate {
            docs: &[&docs],
            imports: &imports,
            modules,
            items,
        }
        .render()?,
        verbatim: false,
    });
    Ok(files)
}
