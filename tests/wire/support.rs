//! Shared fixtures: clients pointed at a mock server, API-shaped response
//! bodies, a uniform way to call any of the 11 operations, and the checks of
//! what a request looked like on the wire (with the mock-server helpers of
//! tests/common/mock_seam.rs, re-exported).

use std::time::Duration;

use seam::models::AcsCredentialAccessMethod;
use seam::{Error, Seam, SeamBuilder};
use serde_json::{json, Value};
use wiremock::{MockServer, Request};

pub use crate::mock_seam::*;
pub use crate::seam_values::*;

pub const CST: &str = "seam_cst1_SECRETSECRET";
pub const CONSOLE_JWT: &str = "eyJhbGciOiJIUzI1NiJ9.SECRETSECRET.sig";
/// Every token the wire tests use, for redaction checks.
pub const TOKENS: [&str; 4] = [API_KEY, PAT, CST, CONSOLE_JWT];

pub const IDENTITY_ID: &str = "44444444-4444-4444-4444-444444444444";

/// The generated crate's version, as it sends it in `seam-sdk-version`.
pub fn sdk_version() -> &'static str {
    include_str!("../../generated/Cargo.toml")
        .lines()
        .find_map(|line| line.strip_prefix("version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .expect("generated/Cargo.toml has a version")
}

/// Parses an RFC 3339 date-time.
pub fn at(value: &str) -> chrono::DateTime<chrono::Utc> {
    value.parse().expect("a valid date-time")
}

/// A builder pointed at `server`, isolated from the process environment, with
/// retry delays short enough for tests.
pub fn builder(server: &MockServer) -> SeamBuilder {
    isolated(Seam::builder(), &server.uri())
}

/// `builder` (of either client) pointed at `endpoint`, isolated from the
/// process environment, with retry delays short enough for tests.
fn isolated<M>(builder: SeamBuilder<M>, endpoint: &str) -> SeamBuilder<M> {
    builder
        .ignore_env()
        .endpoint(endpoint)
        .retry_base_delay(Duration::from_millis(1))
}

/// An API-key client for `server`.
pub fn client(server: &MockServer) -> Seam {
    Auth::ApiKey.client(server)
}

/// The kinds of credentials, with the headers each must produce.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    ApiKey,
    PersonalAccessToken,
    ConsoleSessionToken,
    ClientSessionToken,
}

impl Auth {
    pub fn token(self) -> &'static str {
        match self {
            Auth::ApiKey => API_KEY,
            Auth::PersonalAccessToken => PAT,
            Auth::ConsoleSessionToken => CONSOLE_JWT,
            Auth::ClientSessionToken => CST,
        }
    }

    /// A client for `server` using this kind of credentials.
    pub fn client(self, server: &MockServer) -> Seam {
        self.give(builder(server)).build().expect("valid options")
    }

    /// `builder` (of either client) with these credentials.
    fn give<M>(self, builder: SeamBuilder<M>) -> SeamBuilder<M> {
        match self {
            Auth::ApiKey => builder.api_key(API_KEY),
            Auth::PersonalAccessToken => builder
                .personal_access_token(PAT)
                .workspace_id(WORKSPACE_ID),
            Auth::ConsoleSessionToken => builder
                .console_session_token(CONSOLE_JWT)
                .workspace_id(WORKSPACE_ID),
            Auth::ClientSessionToken => builder.client_session_token(CST),
        }
    }
}

/// Checks everything about one request: the method Seam's SDKs use for the
/// operation at `path`, the exact path, the SDK, content and authentication
/// headers for `auth` (and the absence of the others), and the exact
/// parameters (the JSON body, or for GET and DELETE the query string).
pub fn assert_request(request: &Request, path: &str, auth: Auth, body: Value) {
    let op = Op::ALL
        .into_iter()
        .find(|op| op.path() == path)
        .expect("a path of spec/");
    assert_eq!(request.method.as_str(), op.method(), "method of {path}");
    assert_eq!(request.url.path(), path);
    if op.params_in_query() {
        assert_eq!(
            request.url.query().map(str::to_owned),
            seam_query(&body),
            "query of {path}"
        );
        assert!(request.body.is_empty(), "{path} sends no body");
        assert_eq!(header(request, "content-type"), None);
    } else {
        assert_eq!(request.url.query(), None, "query of {path}");
        assert_eq!(header(request, "content-type"), Some("application/json"));
        let sent: Value = serde_json::from_slice(&request.body).expect("a JSON body");
        assert_eq!(sent, body, "body of {path}");
    }
    let bearer = format!("Bearer {}", auth.token());
    assert_eq!(header(request, "authorization"), Some(bearer.as_str()));
    assert_eq!(header(request, "seam-sdk-name"), Some("seamapi/rust"));
    assert_eq!(header(request, "seam-sdk-version"), Some(sdk_version()));
    let user_agent = format!("seamapi-rust/{}", sdk_version());
    assert_eq!(header(request, "user-agent"), Some(user_agent.as_str()));
    let workspace = match auth {
        Auth::PersonalAccessToken | Auth::ConsoleSessionToken => Some(WORKSPACE_ID),
        Auth::ApiKey | Auth::ClientSessionToken => None,
    };
    assert_eq!(header(request, "seam-workspace"), workspace, "{path}");
    let client_session = (auth == Auth::ClientSessionToken).then_some(CST);
    assert_eq!(header(request, "client-session-token"), client_session);
}

/// An `unmanaged_acs_credential`: the same shape, not managed by Seam.
pub fn unmanaged_credential(id: &str) -> Value {
    let mut value = credential(id);
    value["is_managed"] = json!(false);
    value["access_method"] = json!("card");
    value["card_number"] = json!("0042");
    value["display_name"] = json!("Front desk card");
    value
}

/// An `acs_entrance` as the API returns it.
pub fn entrance(id: &str) -> Value {
    json!({
        "acs_entrance_id": id,
        "acs_system_id": SYSTEM_ID,
        "connected_account_id": "11111111-1111-1111-1111-111111111111",
        "display_name": "Room 101",
        "created_at": "2024-04-12T03:56:22.396Z",
        "errors": [],
        "space_ids": ["66666666-6666-6666-6666-666666666666"],
        "can_unlock_with_card": true,
        "can_unlock_with_code": false,
        "visionline_metadata": {
            "door_category": "guest",
            "door_name": "Room 101",
            "profiles": [
                { "visionline_door_profile_id": "p1", "visionline_door_profile_type": "BLE" }
            ]
        }
    })
}

/// The UUID-shaped id of the `n`th fixture credential.
pub fn credential_id(n: u32) -> String {
    format!("99999999-9999-9999-9999-{n:012}")
}

/// A successful `/acs/credentials/get` body.
pub fn get_response(id: &str) -> Value {
    json!({ "acs_credential": credential(id), "ok": true })
}

/// Every operation of the generated client, called uniformly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Create,
    Assign,
    Unassign,
    Update,
    Delete,
    Get,
    List,
    ListAccessibleEntrances,
    CreateOfflineCode,
    UnmanagedGet,
    UnmanagedList,
}

impl Op {
    pub const ALL: [Op; 11] = [
        Op::Create,
        Op::Assign,
        Op::Unassign,
        Op::Update,
        Op::Delete,
        Op::Get,
        Op::List,
        Op::ListAccessibleEntrances,
        Op::CreateOfflineCode,
        Op::UnmanagedGet,
        Op::UnmanagedList,
    ];

    pub fn path(self) -> &'static str {
        match self {
            Op::Create => "/acs/credentials/create",
            Op::Assign => "/acs/credentials/assign",
            Op::Unassign => "/acs/credentials/unassign",
            Op::Update => "/acs/credentials/update",
            Op::Delete => "/acs/credentials/delete",
            Op::Get => "/acs/credentials/get",
            Op::List => "/acs/credentials/list",
            Op::ListAccessibleEntrances => "/acs/credentials/list_accessible_entrances",
            Op::CreateOfflineCode => "/acs/credentials/create_offline_code",
            Op::UnmanagedGet => "/acs/credentials/unmanaged/get",
            Op::UnmanagedList => "/acs/credentials/unmanaged/list",
        }
    }

    /// The dotted name errors use.
    pub fn name(self) -> &'static str {
        match self {
            Op::Create => "acs.credentials.create",
            Op::Assign => "acs.credentials.assign",
            Op::Unassign => "acs.credentials.unassign",
            Op::Update => "acs.credentials.update",
            Op::Delete => "acs.credentials.delete",
            Op::Get => "acs.credentials.get",
            Op::List => "acs.credentials.list",
            Op::ListAccessibleEntrances => "acs.credentials.list_accessible_entrances",
            Op::CreateOfflineCode => "acs.credentials.create_offline_code",
            Op::UnmanagedGet => "acs.credentials.unmanaged.get",
            Op::UnmanagedList => "acs.credentials.unmanaged.list",
        }
    }

    /// The method Seam's SDKs send it with.
    pub fn method(self) -> &'static str {
        match self {
            Op::Get
            | Op::List
            | Op::ListAccessibleEntrances
            | Op::UnmanagedGet
            | Op::UnmanagedList => "GET",
            Op::Delete => "DELETE",
            Op::Assign | Op::Unassign | Op::Update => "PATCH",
            Op::Create | Op::CreateOfflineCode => "POST",
        }
    }

    /// Whether its parameters travel in the query string.
    pub fn params_in_query(self) -> bool {
        matches!(self.method(), "GET" | "DELETE")
    }

    /// Whether repeating the request is harmless (its method is GET or
    /// DELETE), so that the client may retry it.
    pub fn retry_safe(self) -> bool {
        matches!(self.method(), "GET" | "DELETE")
    }

    /// The key the value is returned under, or `None` for operations that return nothing.
    pub fn response_key(self) -> Option<&'static str> {
        match self {
            Op::Create | Op::Get | Op::CreateOfflineCode | Op::UnmanagedGet => {
                Some("acs_credential")
            }
            Op::List | Op::UnmanagedList => Some("acs_credentials"),
            Op::ListAccessibleEntrances => Some("acs_entrances"),
            Op::Assign | Op::Unassign | Op::Update | Op::Delete => None,
        }
    }

    /// A successful response body, as the API sends it.
    pub fn ok_body(self) -> Value {
        match self {
            Op::Create
            | Op::Get
            | Op::CreateOfflineCode
            | Op::Assign
            | Op::Unassign
            | Op::Update => get_response(CREDENTIAL_ID),
            Op::Delete => json!({ "ok": true }),
            Op::List => json!({
                "acs_credentials": [credential(&credential_id(1)), credential(&credential_id(2))],
                "pagination": { "next_page_cursor": null, "has_next_page": false, "next_page_url": null },
                "ok": true
            }),
            Op::ListAccessibleEntrances => {
                json!({ "acs_entrances": [entrance(ENTRANCE_ID)], "ok": true })
            }
            Op::UnmanagedGet => {
                json!({ "acs_credential": unmanaged_credential(CREDENTIAL_ID), "ok": true })
            }
            Op::UnmanagedList => json!({
                "acs_credentials": [unmanaged_credential(CREDENTIAL_ID)],
                "ok": true
            }),
        }
    }

    /// Calls the operation with minimal arguments and the given per-request
    /// settings, through the async or the blocking client; the decoded value
    /// is dropped.
    pub async fn call(self, client: impl Into<AnyClient>, options: Opts) -> Result<(), Error> {
        match client.into() {
            AnyClient::Async(seam) => {
                macro_rules! send {
                    ($builder:expr) => {
                        with_opts!(options, $builder).send().await.map(drop)
                    };
                }
                let credentials = seam.acs().credentials();
                each_op!(self, credentials, send)
            }
            // On a thread of the blocking pool, as a program without a
            // runtime calls it: the blocking client must not run on a task.
            AnyClient::Blocking(seam) => {
                tokio::task::spawn_blocking(move || self.call_blocking(&seam, options))
                    .await
                    .expect("the blocking call did not panic")
            }
        }
    }

    /// [`call`](Self::call) through the blocking client, on this thread.
    pub fn call_blocking(self, seam: &seam::blocking::Seam, options: Opts) -> Result<(), Error> {
        macro_rules! send {
            ($builder:expr) => {
                with_opts!(options, $builder).send().map(drop)
            };
        }
        let credentials = seam.acs().credentials();
        each_op!(self, credentials, send)
    }
}

/// `$builder` (of either client) with the per-request settings of `$options`.
macro_rules! with_opts {
    ($options:expr, $builder:expr) => {{
        let mut builder = $builder;
        if let Some(timeout) = $options.timeout {
            builder = builder.timeout(timeout);
        }
        if let Some(max_retries) = $options.max_retries {
            builder = builder.max_retries(max_retries);
        }
        builder
    }};
}
use with_opts;

/// The one call of each operation `Op::call` makes: `$send!(builder)` sends
/// the builder of `$op` made from the credentials handle `$credentials`.
macro_rules! each_op {
    ($op:expr, $credentials:ident, $send:ident) => {
        match $op {
            Op::Create => $send!($credentials
                .create(AcsCredentialAccessMethod::Code)
                .acs_user_id(USER_ID)
                .code("1234")),
            Op::Assign => $send!($credentials.assign(CREDENTIAL_ID).acs_user_id(USER_ID)),
            Op::Unassign => $send!($credentials.unassign(CREDENTIAL_ID).acs_user_id(USER_ID)),
            Op::Update => $send!($credentials.update(CREDENTIAL_ID).code("5678")),
            Op::Delete => $send!($credentials.delete(CREDENTIAL_ID)),
            Op::Get => $send!($credentials.get(CREDENTIAL_ID)),
            Op::List => $send!($credentials.list()),
            Op::ListAccessibleEntrances => {
                $send!($credentials.list_accessible_entrances(CREDENTIAL_ID))
            }
            Op::CreateOfflineCode => {
                $send!($credentials.create_offline_code(USER_ID, ENTRANCE_ID))
            }
            Op::UnmanagedGet => $send!($credentials.unmanaged().get(CREDENTIAL_ID)),
            Op::UnmanagedList => $send!($credentials.unmanaged().list()),
        }
    };
}
use each_op;

/// A client of either kind, for the cases both must pass.
#[derive(Clone, Debug)]
pub enum AnyClient {
    Async(Seam),
    Blocking(seam::blocking::Seam),
}

impl From<&Seam> for AnyClient {
    fn from(seam: &Seam) -> Self {
        AnyClient::Async(seam.clone())
    }
}

impl From<&AnyClient> for AnyClient {
    fn from(client: &AnyClient) -> Self {
        client.clone()
    }
}

/// Which client a shared case runs through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    Async,
    Blocking,
}

/// Both: a case written once runs through each.
pub const FLAVORS: [Flavor; 2] = [Flavor::Async, Flavor::Blocking];

/// The client settings shared cases vary, beyond [`builder`]'s.
#[derive(Clone, Copy, Debug)]
pub struct Setup {
    pub auth: Auth,
    pub max_retries: Option<u32>,
    pub timeout: Option<Duration>,
    pub max_response_bytes: Option<u64>,
}

impl Default for Setup {
    fn default() -> Self {
        Setup {
            auth: Auth::ApiKey,
            max_retries: None,
            timeout: None,
            max_response_bytes: None,
        }
    }
}

impl Setup {
    /// `builder` (of either client) pointed at `endpoint` as [`builder`] and
    /// [`Auth::client`] set one up, with these settings.
    fn apply<M>(self, builder: SeamBuilder<M>, endpoint: &str) -> SeamBuilder<M> {
        let mut builder = self.auth.give(isolated(builder, endpoint));
        if let Some(max_retries) = self.max_retries {
            builder = builder.max_retries(max_retries);
        }
        if let Some(timeout) = self.timeout {
            builder = builder.timeout(timeout);
        }
        if let Some(bytes) = self.max_response_bytes {
            builder = builder.max_response_bytes(bytes);
        }
        builder
    }
}

impl Flavor {
    /// A client of this flavor for `server`, set up as `setup` says.
    pub fn client(self, server: &MockServer, setup: Setup) -> AnyClient {
        self.client_at(&server.uri(), setup)
    }

    /// A client of this flavor for the API at `endpoint`.
    pub fn client_at(self, endpoint: &str, setup: Setup) -> AnyClient {
        match self {
            Flavor::Async => {
                let seam = setup.apply(Seam::builder(), endpoint).build();
                AnyClient::Async(seam.expect("valid options"))
            }
            Flavor::Blocking => {
                let seam = setup
                    .apply(seam::blocking::Seam::builder(), endpoint)
                    .build();
                AnyClient::Blocking(seam.expect("valid options"))
            }
        }
    }
}

/// Per-request settings for [`Op::call`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Opts {
    pub timeout: Option<Duration>,
    pub max_retries: Option<u32>,
}

impl Opts {
    pub fn max_retries(max_retries: u32) -> Self {
        Opts {
            max_retries: Some(max_retries),
            ..Opts::default()
        }
    }

    pub fn timeout(timeout: Duration) -> Self {
        Opts {
            timeout: Some(timeout),
            ..Opts::default()
        }
    }
}

/// Fails if `text` shows any test token.
pub fn assert_no_token(text: &str) {
    for token in TOKENS {
        assert!(!text.contains(token), "token leaked: {text}");
    }
}

/// Fails if the error's Display, Debug or source chain shows any test token.
pub fn assert_error_has_no_token(err: &Error) {
    let mut shown = format!("{err} {err:?} {err:#?}");
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        shown.push_str(&format!(" {cause} {cause:?}"));
        source = cause.source();
    }
    assert_no_token(&shown);
}

/// A client of the generic fixture API (tests/generic-client) for `server`,
/// with a bearer token and retries that do not wait.
pub fn pet_store(server: &MockServer) -> generic_client::PetStore {
    generic_client::PetStore::builder()
        .ignore_env()
        .endpoint(server.uri())
        .token("pet-token")
        .retry_base_delay(Duration::from_millis(1))
        .build()
        .unwrap()
}
