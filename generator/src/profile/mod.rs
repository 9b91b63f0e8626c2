//! The conventions of the API being generated, declared in one place: which
//! extensions carry titles, response keys, SDK grouping, and the undocumented,
//! draft and deprecated flags; which envelope wraps a response and an error; how
//! a list paginates; what the client is called, where it connects, how it
//! authenticates and which headers it sends; which fields hold secrets; how
//! actions are waited on and webhooks verified; and the other kinds of client
//! (without the context header, from an exchanged key, with a replaceable token).
//!
//! A profile is data. Seam's is written out in [`seam`]; any other spec gets
//! [`generic`]'s, derived from its own `info`, `servers` and `securitySchemes`.
//! Lowering, naming and rendering read their conventions from the profile, and the
//! runtime gets its side (endpoint, credentials, headers, envelopes) through the
//! rendered `conventions.rs`; no other file of the generator or its templates
//! spells one API's conventions.

pub mod generic;
pub mod seam;

/// Which profile a generation uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Seam's conventions ([`seam::profile`]).
    Seam,
    /// Whatever the spec itself says ([`generic::profile`]).
    Generic,
}

impl Choice {
    /// The choice named `name` on a command line.
    pub fn by_name(name: &str) -> Option<Choice> {
        match name {
            seam::NAME => Some(Choice::Seam),
            generic::NAME => Some(Choice::Generic),
            _ => None,
        }
    }

    /// Every name [`by_name`](Self::by_name) accepts.
    pub const NAMES: &'static [&'static str] = &[seam::NAME, generic::NAME];

    /// The profile a spec declares in a file beside it with the extension
    /// `.profile` (one name); the generic one when there is no such file.
    pub fn for_spec(spec: &std::path::Path) -> Result<Choice, String> {
        let beside = spec.with_extension("profile");
        let name = match std::fs::read_to_string(&beside) {
            Ok(text) => text.trim().to_owned(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Choice::Generic),
            Err(e) => return Err(format!("cannot read {}: {e}", beside.display())),
        };
        Choice::by_name(&name).ok_or_else(|| {
            format!(
                "{}: unknown profile `{name}`: use one of {}",
                beside.display(),
                Choice::NAMES.join(", ")
            )
        })
    }

    /// The profile for `spec`; warnings (a security scheme the client cannot
    /// use, say) go into `diags`.
    pub fn resolve(
        self,
        spec: &openapiv3::OpenAPI,
        diags: &mut crate::diagnostics::Diagnostics,
    ) -> Profile {
        let mut profile = match self {
            Choice::Seam => seam::profile(),
            Choice::Generic => generic::profile(spec, diags),
        };
        if profile.default_endpoint.is_none() {
            profile.default_endpoint = generic::server_endpoint(spec);
        }
        profile
    }
}

/// One API's conventions.
#[derive(Debug, Clone)]
pub struct Profile {
    /// The API's name in prose ("Undocumented by Seam").
    pub api_name: String,
    /// The crate's name unless `--crate-name` says otherwise.
    pub crate_name: String,
    /// The client type and its builder: reserved type names.
    pub client_name: String,
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
    /// Headers every request carries; `{version}` in a value is the crate's version.
    pub sdk_headers: Vec<(String, String)>,
    pub user_agent: String,
    /// The response header that carries the server's id for a request.
    pub request_id_header: Option<String>,
    /// Error responses are `{"<field>": {"type", "message", ...}}`; `None` means
    /// an error body is quoted as it is.
    pub error_field: Option<String>,
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
    /// Methods of one path that share a name are one operation (Seam offers each
    /// under POST and often GET, DELETE, PATCH or PUT too). `None`: each method
    /// of a path is an operation of its own.
    pub aliases: Option<Aliases>,
    pub pagination: Option<Pagination>,
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
}

/// A client for credentials used without the context header (Seam's personal
/// access token or console session without a workspace). It offers exactly
/// the operations whose security requirements name one of `security_schemes`;
/// a spec with none gets no such client.
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialUpdate {
    /// The client's method (`update_client_session_token`).
    pub method: String,
    /// An operation without required parameters that any such credential may
    /// call; without it in the spec, the method replaces without checking.
    pub check_path: String,
}

/// Webhooks signed the Standard Webhooks way, as Svix signs them (headers
/// `webhook-id`, `webhook-timestamp`, `webhook-signature`; HMAC-SHA256 of
/// `{id}.{timestamp}.{payload}` keyed with a `whsec_` secret): the crate gets a
/// `WebhookVerifier` behind the `webhooks` cargo feature.
#[derive(Debug, Clone)]
pub struct Webhooks {
    /// The component schema of what every webhook carries: `verify` returns
    /// its model. A spec without that schema gets a `verify` that returns JSON
    /// (and `verify_as` for a type of the caller's choosing).
    pub event_schema: String,
    /// Where the API documents its webhooks, for the verifier's docs.
    pub docs_url: Option<String>,
    /// A made-up secret for doc examples (`whsec_` and base64).
    pub example_secret: String,
}

/// One kind of credentials and how it travels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    /// The builder method that sets it (`api_key`).
    pub setter: String,
    /// How messages name it ("an API key").
    pub noun: String,
    /// The setter's doc line.
    pub doc: String,
    /// The environment variable it is read from, if any (full name).
    pub env_var: Option<String>,
    /// How every such token starts, if the API says.
    pub prefix: Option<String>,
    /// Made-up arguments for its setter in doc examples (a token; a user
    /// name and a password).
    pub example: Vec<String>,
    pub placement: Placement,
    /// Also sent in this header, as it is.
    pub also_header: Option<String>,
    /// Requests with it must carry the profile's context header.
    pub needs_context: bool,
    /// A running client may replace it.
    pub update: Option<CredentialUpdate>,
    /// The document's security schemes it meets (with its context header or
    /// second header, where it has them): an operation's requirement is met
    /// when every scheme it names is met by a credential the client holds.
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

/// Where a credential goes on each request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// A header of its own, as it is.
    Header(String),
    /// A query parameter.
    Query(String),
    /// `Authorization: Basic`, from a user name and a password.
    Basic,
}

/// A header some credentials need beside them (Seam's `seam-workspace`).
#[derive(Debug, Clone)]
pub struct ContextHeader {
    /// The builder method (`workspace_id`).
    pub setter: String,
    /// How messages name it ("a workspace id").
    pub noun: String,
    pub doc: String,
    pub header: String,
    pub env_var: Option<String>,
}

/// A prefix that marks a token of a kind the client cannot use.
#[derive(Debug, Clone)]
pub struct RefusedPrefix {
    pub prefix: String,
    /// What such a token is, and what to use instead.
    pub message: String,
}

/// A success body wrapped in an envelope: `{"ok": true, "<key>": value}`.
#[derive(Debug, Clone)]
pub struct Envelope {
    /// The field that must be `true`.
    pub success_field: String,
    /// The extension naming the key a method returns; `null` means nothing.
    pub response_key_extension: String,
}

/// Cursor pagination: the request's cursor parameter, the response's pagination
/// object, and the fields of that object.
/// How one operation offered under several methods is sent.
#[derive(Debug, Clone)]
pub struct Aliases {
    /// The method sent: the first of these the operation is offered under.
    pub preference: Vec<String>,
    /// Methods that send the parameter object in the query string (keys sorted,
    /// nested objects as `a.b` keys, arrays as repeated keys, null as an empty
    /// value) rather than as a JSON body.
    pub query_methods: Vec<String>,
    /// A pair appended to every non-empty parameter query (Seam's SDK adds
    /// `_strict=true`).
    pub query_suffix: Option<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct Pagination {
    pub cursor_parameter: String,
    pub field: String,
    pub next_cursor_field: String,
    pub has_next_page_field: String,
}

/// An action the API performs in the background: an operation answers its
/// attempt (under `response_key`, of the `schema` component), and the client
/// reads it again through the operation at `poll_path` until its
/// `status_field` says it succeeded or failed.
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone, Default)]
pub struct Extensions {
    /// An operation's summary line.
    pub title: Option<String>,
    /// Flags that put an operation or a field behind the `undocumented` feature.
    pub undocumented: Option<String>,
    pub draft: Option<String>,
    /// A deprecation with a message (OpenAPI's own `deprecated` has none).
    pub deprecated: Option<String>,
    /// Where an SDK groups an operation and what it calls its method.
    pub group_name: Option<String>,
    pub method_name: Option<String>,
}

impl Profile {
    /// Fields of a success body that are never the returned value.
    pub fn envelope_fields(&self) -> Vec<&str> {
        let success = self.envelope.iter().map(|e| e.success_field.as_str());
        let pagination = self.pagination.iter().map(|p| p.field.as_str());
        success.chain(pagination).collect()
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

    /// The name of the environment variable `suffix` (`ENDPOINT`).
    pub fn env_var(&self, suffix: &str) -> String {
        format!("{}_{suffix}", self.env_prefix)
    }

    /// Type names the generated crate already uses for the client.
    /// The pair appended to a parameter object's query string, if any.
    pub fn query_suffix(&self) -> Option<(&str, &str)> {
        let (key, value) = self.aliases.as_ref()?.query_suffix.as_ref()?;
        Some((key, value))
    }

    pub fn reserved_type_names(&self) -> Vec<&str> {
        let mut names = vec![
            self.client_name.as_str(),
            &self.client_builder_name,
            crate::model::ERROR_BODY_ENUM,
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
