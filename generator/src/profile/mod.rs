//! The conventions of the API being generated, declared in one place: which
//! extensions carry titles, response keys, SDK grouping, and the undocumented,
//! draft and deprecated flags; which envelope wraps a response and an error; how
//! a list paginates; how errors read and which calls carry an idempotency
//! key; what the client is called, where it connects, how it
//! authenticates and which headers it sends; which fields hold secrets; how
//! actions are waited on and webhooks verified; and the other kinds of client
//! (without the context header, from an exchanged key, with a replaceable token).
//!
//! A profile is data: a TOML file a user writes (`source` reads it), which
//! starts from a built-in one (`extends`) and overrides what it declares. The
//! built-ins are files too (`generator/profiles/`), except [`generic`]'s, which
//! is derived from the spec's own `info`, `servers` and `securitySchemes`.
//! Where APIs differ in kind (how operations are named, how methods alias, how
//! lists page), the profile names a strategy (`strategy = "..."`) with its
//! settings. Lowering, naming and rendering read their conventions from the
//! profile, and the runtime gets its side (endpoint, credentials, headers,
//! envelopes) through the rendered `conventions.rs`; no Rust file of the
//! generator or its templates spells one API's conventions.

mod calls;
pub mod generic;
mod pagination;
mod source;
mod webhooks;

pub use calls::{Errors, Idempotency};
pub use pagination::Pagination;
pub use source::Choice;
pub use webhooks::{WebhookScheme, Webhooks};

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// The `[package]` metadata of the generated crate's `Cargo.toml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Package {
    /// An SPDX license expression.
    pub license: String,
    #[serde(default)]
    pub repository: Option<String>,
    #[serde(default)]
    pub documentation: Option<String>,
    #[serde(default)]
    pub homepage: Option<String>,
    /// At most five, as crates.io takes.
    pub keywords: Vec<String>,
    /// crates.io category slugs.
    pub categories: Vec<String>,
    /// `false` writes `publish = false`, so that `cargo publish` refuses it.
    pub publish: bool,
}

impl Default for Package {
    /// What `profiles/generic.toml` declares, should it ever fail to read.
    fn default() -> Self {
        Package {
            license: "MIT".to_owned(),
            repository: None,
            documentation: None,
            homepage: None,
            keywords: Vec::new(),
            categories: Vec::new(),
            publish: true,
        }
    }
}

/// One API's conventions. Its fields are the keys of a profile file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// The API's name in prose ("Undocumented by Seam").
    pub api_name: String,
    /// The crate's name unless `--crate-name` says otherwise.
    pub crate_name: String,
    /// The client type and its builder: reserved type names.
    pub client_name: String,
    /// Always the client's name and `Builder`.
    #[serde(skip)]
    pub client_builder_name: String,
    /// What doc examples call a client value.
    pub client_variable: String,
    /// Environment variables are this prefix, `_`, and a name (`SEAM_ENDPOINT`).
    pub env_prefix: String,
    /// Older names of the endpoint variable, still read (after the current
    /// one) with a deprecation warning.
    pub deprecated_endpoint_vars: Vec<String>,
    /// The endpoint a client uses unless told otherwise; `None` until resolved
    /// means "the spec's first server", and still `None` after that means the
    /// caller must always give one.
    pub default_endpoint: Option<String>,
    /// Headers every request carries; `{version}` in a value is the crate's
    /// version, `{api_version}` the document's `info.version`.
    pub headers: IndexMap<String, String>,
    pub user_agent: String,
    /// The response header that carries the server's id for a request.
    pub request_id_header: Option<String>,
    /// How an error response's body is read.
    pub errors: Errors,
    /// Which calls carry an idempotency key, which makes them safe to retry.
    pub idempotency: Idempotency,
    /// The ways a client can authenticate, in the order messages list them; the
    /// first is what `new(..)` takes. Empty: the API needs no credentials.
    pub credentials: Vec<Credential>,
    /// A client may hold several kinds of credentials at once, and each
    /// operation sends the ones its security requirements ask for; `false`:
    /// exactly one kind per client (as Seam's SDKs insist).
    pub several_credentials: bool,
    /// A value some credentials must be sent with (Seam's workspace id).
    pub context: Option<ContextHeader>,
    /// Token prefixes that mean a credential the client must refuse.
    pub refused_prefixes: Vec<RefusedPrefix>,
    /// The success envelope; `None` means a method returns the whole body.
    pub envelope: Option<Envelope>,
    /// Where an operation's resource and method names come from.
    pub naming: Naming,
    /// Whether the methods of one path are operations of their own.
    pub methods: Methods,
    /// How a list asks for its next page: strategies tried in order, the first
    /// that fits an operation applies; empty: nothing pages.
    pub pagination: Vec<Pagination>,
    /// Operations that answer an asynchronous action's attempt, which the
    /// client waits on by default.
    pub action_attempts: Option<ActionAttempts>,
    pub extensions: Extensions,
    /// Field names (as on the wire) whose values are secrets; fields whose
    /// schema says `format: password` are secret as well.
    pub sensitive_fields: Vec<String>,
    /// How the API signs the webhooks it sends, if the crate should verify
    /// them; `None`: the crate has no webhook verifier.
    pub webhooks: Option<Webhooks>,
    /// A second client, for credentials that act without the context header.
    pub without_context: Option<WithoutContext>,
    /// A key that the client exchanges for a session's credentials.
    pub key_exchange: Option<KeyExchange>,
    /// The API means one thing by one property name, so a name the document
    /// types precisely somewhere (a date-time, an integer) is typed so where it
    /// is left a plain string or a number (`lower/precise.rs`).
    pub one_type_per_name: bool,
    /// A JSON request body that is a `oneOf`/`anyOf` of objects is the
    /// operation's parameter struct, its variants' properties merged (each
    /// optional), as the API's own SDKs take one parameter object whatever the
    /// variant (Seam's); otherwise it is one `body` argument of the union's type.
    pub merge_union_bodies: bool,
    /// The generated crate's Cargo metadata, for crates.io and docs.rs.
    pub package: Package,
}

/// A client for credentials used without the context header (Seam's personal
/// access token or console session without a workspace). It offers exactly
/// the operations whose security requirements name one of `security_schemes`;
/// a spec with none gets no such client.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WithoutContext {
    /// Its type: a reserved type name.
    pub client_name: String,
    /// The main builder's method that builds it (`build_without_workspace`).
    pub build_method: String,
    /// What it is for, the first lines of its docs.
    pub doc: String,
    /// The spec's security schemes that mean "without the context".
    pub security_schemes: Vec<String>,
    /// The credentials it takes, by setter.
    pub credentials: Vec<String>,
}

/// A key that authenticates nothing but one operation, which answers the
/// session credentials the client then uses (Seam's publishable key, which
/// gets or creates a client session for a user). Left out when the spec has
/// no such operation, or its answer has no such token.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyExchange {
    /// How messages name the key ("a publishable key").
    pub noun: String,
    pub prefix: Option<String>,
    /// The spec's security scheme of the key: an `apiKey` in a header.
    pub security_scheme: String,
    /// The operation it is exchanged through.
    pub operation_path: String,
    /// The parameter (wire name) that says whose session, and how messages name it.
    pub user_parameter: String,
    pub user_noun: String,
    /// The field of the answer that holds the token, and the credential (setter)
    /// it is.
    pub token_field: String,
    pub credential: String,
    /// The client's constructor and the builder method that exchange it.
    pub constructor: String,
    pub build_method: String,
}

/// Replacing a credential of a running client (Seam's client session token,
/// which expires): every clone sends the new one once `check_path`'s
/// operation, called with it, succeeds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CredentialUpdate {
    /// The client's method (`update_client_session_token`).
    pub method: String,
    /// An operation without required parameters that any such credential may
    /// call; without it in the spec, the method replaces without checking.
    pub check_path: String,
}

/// One kind of credentials and how it travels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credential {
    /// The builder method that sets it (`api_key`).
    pub setter: String,
    /// How messages name it ("an API key").
    pub noun: String,
    /// The setter's doc line.
    pub doc: String,
    /// The environment variable it is read from, if any (full name).
    #[serde(default)]
    pub env_var: Option<String>,
    /// For a client id and secret: the variable the secret is read from
    /// (`env_var` holds the id's).
    #[serde(default)]
    pub secret_env_var: Option<String>,
    /// How every such token starts, if the API says.
    #[serde(default)]
    pub prefix: Option<String>,
    /// Made-up arguments for its setter in doc examples (a token; a user
    /// name and a password).
    #[serde(default)]
    pub example: Vec<String>,
    pub placement: Placement,
    /// Also sent in this header, as it is.
    #[serde(default)]
    pub also_header: Option<String>,
    /// Requests with it must carry the profile's context header.
    #[serde(default)]
    pub needs_context: bool,
    /// A running client may replace it.
    #[serde(default)]
    pub update: Option<CredentialUpdate>,
    /// The document's security schemes it meets (with its context header or
    /// second header, where it has them): an operation's requirement is met
    /// when every scheme it names is met by a credential the client holds.
    #[serde(default)]
    pub schemes: Vec<String>,
}

impl Credential {
    /// Where it is given, as messages say it: its setter and its variable.
    pub fn given_with(&self) -> String {
        match &self.env_var {
            Some(var) => format!(".{}(..) or {var}", self.setter),
            None => format!(".{}(..)", self.setter),
        }
    }
}

/// Where a credential goes on each request: `"bearer"`, `"basic"`,
/// `{ header = "name" }`, `{ query = "name" }` or `{ client_credentials = {
/// token_url = "...", scopes = [...] } }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// A header of its own, as it is.
    Header(String),
    /// A query parameter.
    Query(String),
    /// `Authorization: Basic`, from a user name and a password.
    Basic,
    /// OAuth 2 client credentials: a client id and secret, exchanged at the
    /// token URL for bearer tokens the client keeps and renews itself.
    ClientCredentials(ClientCredentials),
}

/// Where and for what an OAuth 2 client's tokens are fetched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientCredentials {
    /// Absolute, or relative to the client's endpoint.
    pub token_url: String,
    /// Where refresh tokens are spent, when not at the token URL.
    #[serde(default)]
    pub refresh_url: Option<String>,
    /// The scopes asked for; none for the server's default.
    #[serde(default)]
    pub scopes: Vec<String>,
}

/// A header some credentials need beside them (Seam's `seam-workspace`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextHeader {
    /// The builder method (`workspace_id`).
    pub setter: String,
    /// How messages name it ("a workspace id").
    pub noun: String,
    pub doc: String,
    pub header: String,
    #[serde(default)]
    pub env_var: Option<String>,
}

/// A prefix that marks a token of a kind the client cannot use.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefusedPrefix {
    pub prefix: String,
    /// What such a token is, and what to use instead.
    pub message: String,
}

/// A success body wrapped in an envelope: `{"ok": true, "<key>": value}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    /// The field that must be `true`.
    pub success_field: String,
    /// The extension naming the key a method returns; `null` means nothing.
    pub response_key_extension: String,
}

/// Where an operation's resource (the accessors from the client) and method
/// name come from, unless the profile's grouping extensions say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "strategy", rename_all = "snake_case", deny_unknown_fields)]
pub enum Naming {
    /// The operation id (`repos/get` is `get` on `repos`, `listPets` is
    /// `list_pets` on the client); without one, the path and method (`GET
    /// /pets/{id}` is `get_by_id` on `pets`).
    OperationId {},
    /// The path's segments: `/acs/credentials/create` is `create` on
    /// `acs.credentials` (an RPC-style API whose last segment is a verb).
    PathSegments {},
    /// Resource and verb from the path and the method, for a REST API: the
    /// path's words are the resource (`/customers/{customer}/tax_ids` is
    /// `customers.tax_ids`), and the method a verb, by whether the path ends
    /// at the collection or at an item (`lower/naming.rs` has the rules).
    ResourceVerb {
        /// Leading segments that are no resource (`/v1`): the first of these
        /// the path starts with is dropped.
        #[serde(default)]
        strip_prefix: Vec<String>,
        /// The verbs of a path ending at a collection (`/customers`).
        // Boxed: the other strategies are small.
        #[serde(default = "Verbs::collection")]
        collection: Box<Verbs>,
        /// The verbs of a path ending at an item (`/customers/{customer}`) or
        /// at a singleton (`/account`).
        #[serde(default = "Verbs::item")]
        item: Box<Verbs>,
        /// Methods that read or remove a part of an item
        /// (`/customers/{customer}/cash_balance`), named by the item's verb and
        /// the part (`retrieve_cash_balance`); under any other method the
        /// word is an action on the item (`/payment_intents/{intent}/confirm`).
        #[serde(default = "Verbs::part_methods")]
        part_methods: Vec<String>,
    },
}

/// The verb for each HTTP method; a method without one is named by the method.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Verbs {
    pub get: Option<String>,
    pub put: Option<String>,
    pub post: Option<String>,
    pub delete: Option<String>,
    pub options: Option<String>,
    pub head: Option<String>,
    pub patch: Option<String>,
    pub trace: Option<String>,
}

impl Verbs {
    /// `list` and `create`, as most REST SDKs call them.
    pub fn collection() -> Box<Verbs> {
        Box::new(Verbs {
            get: Some("list".to_owned()),
            post: Some("create".to_owned()),
            ..Verbs::default()
        })
    }

    /// `retrieve`, `update` (POST, PATCH, PUT) and `delete`.
    pub fn item() -> Box<Verbs> {
        let update = Some("update".to_owned());
        Box::new(Verbs {
            get: Some("retrieve".to_owned()),
            post: update.clone(),
            patch: update.clone(),
            put: update,
            delete: Some("delete".to_owned()),
            ..Verbs::default()
        })
    }

    pub fn part_methods() -> Vec<String> {
        vec!["get".to_owned(), "delete".to_owned()]
    }

    /// The verb for `method` (any case), if one is set and not blank.
    pub fn of(&self, method: &str) -> Option<&str> {
        let verb = match method.to_ascii_lowercase().as_str() {
            "get" => &self.get,
            "put" => &self.put,
            "post" => &self.post,
            "delete" => &self.delete,
            "options" => &self.options,
            "head" => &self.head,
            "patch" => &self.patch,
            "trace" => &self.trace,
            _ => &None,
        };
        verb.as_deref().filter(|v| !v.trim().is_empty())
    }
}

/// Whether the methods of one path are operations of their own.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "strategy", rename_all = "snake_case", deny_unknown_fields)]
pub enum Methods {
    /// Each method of a path is an operation.
    Each {
        /// Methods whose declared form body (`application/x-www-form-urlencoded`)
        /// is sent in the query string instead, written as the form would be
        /// (Stripe's SDKs send a DELETE's parameters there).
        #[serde(default)]
        form_in_query: Vec<String>,
    },
    /// Methods of one path that share a name are one operation offered
    /// under several methods (Seam offers each under POST and often GET,
    /// DELETE, PATCH or PUT too), sent as the API's SDKs send it.
    Aliases {
        /// The method sent: the first of these the operation is offered under.
        preference: Vec<String>,
        /// Methods that send the parameter object in the query string (keys
        /// sorted, nested objects as `a.b` keys, arrays as repeated keys, null
        /// as an empty value) rather than as a JSON body.
        query_methods: Vec<String>,
        /// A pair appended to every non-empty parameter query (Seam's SDK adds
        /// `_strict=true`).
        #[serde(default)]
        query_suffix: Option<(String, String)>,
        /// An operation without a body still sends an empty JSON object (as
        /// Seam's SDKs send `{}` to a POST without parameters).
        #[serde(default)]
        empty_json_body: bool,
    },
}

/// An action the API performs in the background: an operation answers its
/// attempt (under `response_key`, of the `schema` component), and the client
/// reads it again through the operation at `poll_path` until its
/// `status_field` says it succeeded or failed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionAttempts {
    pub schema: String,
    pub response_key: String,
    pub poll_path: String,
    pub id_field: String,
    pub status_field: String,
    pub pending: String,
    pub success: String,
    pub error: String,
    /// The field of a failed attempt holding its `type` and `message`.
    pub error_field: String,
    /// How long to wait for the outcome, and how often to ask, by default.
    pub timeout_ms: u64,
    pub poll_interval_ms: u64,
}

/// The extensions that carry meaning; `None` where the API has no such extension.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Extensions {
    /// An operation's summary line.
    pub title: Option<String>,
    /// Flags that put an operation or a field behind the `undocumented` feature.
    pub undocumented: Option<String>,
    pub draft: Option<String>,
    /// A deprecation with a message (OpenAPI's own `deprecated` has none).
    pub deprecated: Option<String>,
    /// Where an SDK groups an operation (a list of names, or one name with
    /// `.` between levels) and what it calls its method: the first of these
    /// extensions an operation has wins.
    pub group_name: Vec<String>,
    pub method_name: Vec<String>,
    /// Where an operation declares how it pages (Speakeasy's or Fern's
    /// format, told apart by their keys); the first it has wins over the
    /// profile's strategies.
    pub pagination: Vec<String>,
}

impl Profile {
    /// Fields of a success body that are never the returned value.
    pub fn envelope_fields(&self) -> Vec<&str> {
        let success = self.envelope.iter().map(|e| e.success_field.as_str());
        success.chain(self.cursor_object()).collect()
    }

    /// The `cursor_object` strategy (a profile has at most one), whose
    /// object sits in the success envelope beside the response key.
    pub fn cursor_object_strategy(&self) -> Option<&Pagination> {
        (self.pagination.iter())
            .find(|strategy| matches!(strategy, Pagination::CursorObject { .. }))
    }

    /// The pagination object of the `cursor_object` strategy.
    pub fn cursor_object(&self) -> Option<&str> {
        match self.cursor_object_strategy()? {
            Pagination::CursorObject { object, .. } => Some(object),
            _ => None,
        }
    }

    /// Whether a field of this wire name holds a secret by name alone.
    pub fn is_sensitive_name(&self, wire_name: &str) -> bool {
        self.sensitive_fields.iter().any(|name| name == wire_name)
    }

    /// The value of extension `name` (if the profile has it) in `extensions`.
    pub fn extension<'e>(
        name: &Option<String>,
        extensions: &'e indexmap::IndexMap<String, serde_json::Value>,
    ) -> Option<&'e serde_json::Value> {
        extensions.get(name.as_deref()?)
    }

    /// The value of the first of the extensions `names` found in `extensions`.
    pub fn first_extension<'e>(
        names: &[String],
        extensions: &'e indexmap::IndexMap<String, serde_json::Value>,
    ) -> Option<&'e serde_json::Value> {
        names.iter().find_map(|name| extensions.get(name))
    }

    /// The name of the environment variable `suffix` (`ENDPOINT`).
    pub fn env_var(&self, suffix: &str) -> String {
        format!("{}_{suffix}", self.env_prefix)
    }

    /// The pair appended to a parameter object's query string, if any.
    pub fn query_suffix(&self) -> Option<(&str, &str)> {
        match &self.methods {
            Methods::Aliases {
                query_suffix: Some((key, value)),
                ..
            } => Some((key, value)),
            _ => None,
        }
    }

    /// Type names the generated crate already uses for the client.
    pub fn reserved_type_names(&self) -> Vec<&str> {
        let mut names = vec![
            self.client_name.as_str(),
            &self.client_builder_name,
            crate::names::ERROR_BODY_ENUM,
        ];
        names.extend(self.without_context.iter().map(|w| w.client_name.as_str()));
        names
    }

    /// Methods the rendered conventions add to the client, which no resource
    /// accessor may take.
    pub fn client_method_names(&self) -> Vec<&str> {
        let constructors = self.key_exchange.iter().map(|k| k.constructor.as_str());
        let updates = self
            .credentials
            .iter()
            .filter_map(|c| c.update.as_ref().map(|u| u.method.as_str()));
        constructors.chain(updates).collect()
    }
}
