//! The intermediate model: what the templates see instead of OpenAPI.
//!
//! Every identifier here is final (settled by `names` while the model is built), every
//! description is already split into sanitized doc lines, and every collection keeps the
//! spec's own order. Templates read these types and call their methods; they never see
//! `openapiv3` types.

/// A type's place in [`Api::types`]: a type of its own, so that it is never
/// confused with another index or count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(usize);

impl TypeId {
    pub fn new(index: usize) -> Self {
        TypeId(index)
    }

    /// The position in [`Api::types`].
    pub fn index(self) -> usize {
        self.0
    }
}

pub mod cli;
mod features;
mod http;
mod operation;
mod readme;
mod types;
pub use features::*;
pub use http::*;
pub use operation::*;
pub use readme::FirstCall;
pub use types::*;

/// The whole client: its resource tree and its named types.
#[derive(Debug, Clone)]
pub struct Api {
    pub crate_name: String,
    pub title: String,
    pub docs: Docs,
    pub root: Resource,
    pub types: Vec<TypeDef>,
    /// Wire names of fields that hold secrets (see `sensitive`), sorted: the
    /// runtime hides their values in the text errors quote.
    pub sensitive_fields: Vec<String>,
    /// The conventions it was generated with: the runtime's side of them is
    /// rendered into `conventions.rs`.
    pub profile: crate::profile::Profile,
    /// Operations of the document left out, each with a warning saying why.
    pub skipped_operations: usize,
    /// The types of typed error bodies, by name: the variants of `ErrorBody`.
    pub error_bodies: Vec<String>,
    /// The model (in `models`) a verified webhook decodes into, when the
    /// profile verifies webhooks and the spec has their schema.
    pub webhook_event: Option<String>,
    /// The client for credentials used without the context header, when the
    /// profile has one and the spec has operations it may call.
    pub without_context: Option<ScopedClient>,
    /// Exchanging the profile's key for session credentials, when the spec
    /// has the operation.
    pub key_exchange: Option<KeyExchangeCall>,
    /// The credentials a running client may replace.
    pub credential_updates: Vec<CredentialUpdateCall>,
    /// Other names of shared types: each place that uses a type defined
    /// elsewhere keeps the name it would have had, so that a type named after
    /// another definition later breaks nobody who used this one.
    pub aliases: Vec<TypeAlias>,
    /// The command line of the `cli` feature's binary.
    pub cli: cli::Cli,
    /// One cargo feature per top-level resource, in the resources' order.
    pub features: Vec<ResourceFeature>,
}

/// `pub type {name} = {target};`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeAlias {
    pub name: String,
    pub target: String,
    /// Compiled with its target.
    pub gate: Gate,
    /// Set for the old name of a renamed type, kept for one version.
    pub deprecated: Option<Deprecation>,
}

/// Since when an old name is deprecated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deprecation {
    /// The crate version that deprecated it.
    pub since: String,
}

/// A client that offers some of the operations (see `profile::WithoutContext`).
#[derive(Debug, Clone)]
pub struct ScopedClient {
    pub client_name: String,
    /// The main builder's method that builds it.
    pub build_method: String,
    pub docs: Docs,
    /// Its handles, each named after it; the root is the client itself.
    pub root: Resource,
    /// The profile's credentials it takes, by index.
    pub credentials: Vec<usize>,
}

/// An operation as a client reaches it: `accessors` from the client, then `method`.
#[derive(Debug, Clone)]
pub struct Call {
    pub accessors: Vec<String>,
    pub method: String,
}

/// How the client exchanges a key for a session (see `profile::KeyExchange`).
#[derive(Debug, Clone)]
pub struct KeyExchangeCall {
    /// The header the key travels in, from its security scheme.
    pub header: String,
    pub call: Call,
    /// The parameter that names the user: the method's only argument when
    /// required, else a setter.
    pub user_setter: String,
    pub user_required: bool,
    /// The answer's field holding the token.
    pub token_field: String,
    /// The credential the token is, by its index in the profile.
    pub credential: usize,
}

/// A credential a running client may replace (see `profile::CredentialUpdate`).
#[derive(Debug, Clone)]
pub struct CredentialUpdateCall {
    /// The credential, by its index in the profile (which names the method).
    pub credential: usize,
    /// The call that checks the new credential first, if the spec has it.
    pub check: Option<Call>,
}

impl Api {
    /// A client must be built with credentials: the API has some, and every
    /// operation states requirements that each name one. An operation the
    /// document states nothing for does not count: most such documents forgot.
    pub fn credentials_required(&self) -> bool {
        !self.profile.credentials.is_empty()
            && self.root.all_operations().all(|operation| {
                operation
                    .requirements
                    .as_ref()
                    .is_none_or(|s| s.alternatives.iter().all(|a| !a.is_empty()))
            })
    }

    /// Whether some operation returns a stream of server-sent events: the
    /// crate then has the `events` runtime and its parser.
    pub fn streams_events(&self) -> bool {
        self.root
            .all_operations()
            .any(|operation| operation.event_data().is_some())
    }

    /// The profile's action attempts, when some operation starts an action.
    pub fn action_attempts(&self) -> Option<&crate::profile::ActionAttempts> {
        let used = self.root.all_operations().any(|o| o.action_poll.is_some());
        self.profile.action_attempts.as_ref().filter(|_| used)
    }

    /// The features that gate types: the resource features, and `webhooks`
    /// where some type only the webhook verifier (or some resources) decodes.
    pub fn gate_features(&self) -> Vec<&str> {
        let mut features: Vec<&str> = self.features.iter().map(|f| f.name.as_str()).collect();
        let webhooks = crate::names::WEBHOOKS_FEATURE;
        let gated_by_webhooks = (self.types.iter())
            .any(|t| matches!(&t.gate, Gate::Any(f) if f.iter().any(|f| f == webhooks)));
        if gated_by_webhooks {
            features.push(webhooks);
        }
        features
    }

    /// The resource feature a call needs: its top-level resource's.
    pub fn call_feature(&self, call: &Call) -> Option<&str> {
        let first = call.accessors.first()?;
        (self.root.children.iter())
            .find(|c| &c.accessor == first)
            .and_then(|c| c.feature.as_deref())
    }

    /// The crate's name as Rust code writes it (`seam_full`).
    pub fn crate_ident(&self) -> String {
        crate::names::crate_ident(&self.crate_name)
    }
}

/// Doc comment lines, sanitized so rustdoc reads them as prose (see `names::doc_lines`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Docs {
    pub lines: Vec<String>,
}

impl Docs {
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// A copy with more lines after a blank separator line.
    pub fn with_paragraph(&self, lines: impl IntoIterator<Item = String>) -> Docs {
        let mut docs = self.clone();
        let extra: Vec<String> = lines.into_iter().collect();
        if !extra.is_empty() {
            if !docs.lines.is_empty() {
                docs.lines.push(String::new());
            }
            docs.lines.extend(extra);
        }
        docs
    }
}

/// A node of the resource tree: `acs` > `credentials` > `unmanaged`.
#[derive(Debug, Clone)]
pub struct Resource {
    /// Accessor method on the parent (`credentials`); empty for the root.
    pub accessor: String,
    /// Handle type (`AcsCredentials`); `Seam` itself for the root.
    pub type_name: String,
    /// Segments from the root, as written in the spec (`["acs", "credentials"]`).
    pub path: Vec<String>,
    pub docs: Docs,
    pub children: Vec<Resource>,
    pub operations: Vec<Operation>,
    /// True when every operation below is undocumented: the accessor is feature-gated too.
    pub undocumented: bool,
    /// The cargo feature of a top-level resource (its module's name too).
    pub feature: Option<String>,
}

impl Resource {
    /// This resource and every one below it, depth first, in spec order.
    pub fn walk(&self) -> Vec<&Resource> {
        let mut out = vec![self];
        for child in &self.children {
            out.extend(child.walk());
        }
        out
    }

    /// The accessors and methods that exist only with the `undocumented`
    /// feature, in order (the handle's docs list them).
    pub fn gated_names(&self) -> Vec<&str> {
        let children = self
            .children
            .iter()
            .filter(|c| c.undocumented)
            .map(|c| c.accessor.as_str());
        let operations = self
            .operations
            .iter()
            .filter(|o| o.undocumented.is_some())
            .map(|o| o.method_name.as_str());
        children.chain(operations).collect()
    }

    /// The operations of this resource and all below it.
    pub fn all_operations(&self) -> impl Iterator<Item = &Operation> {
        self.walk().into_iter().flat_map(|r| r.operations.iter())
    }
}
