//! The client handle and its builder, whose names, docs and credential setters
//! come from the rendered `conventions.rs`: choosing and checking credentials,
//! reading the API's environment variables, and the connection, timeout, retry
//! and size settings that the transport uses.
//!
//! Everything a caller passes is checked here, before any request: tokens and
//! context values must be visible ASCII (they travel in headers), the endpoint
//! an http(s) URL without whitespace, credentials, query or fragment, and every
//! limit above zero.

use std::fmt;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};

use crate::auth::{Auth, Mode, Resolved};
use crate::conventions::{self, Client, ClientBuilder};
use crate::error::Error;
use crate::hooks::Hook;
use crate::redact::url_for_display;

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_MAX_RETRIES: u32 = 2;
const DEFAULT_RETRY_BASE_DELAY: Duration = Duration::from_millis(100);
const DEFAULT_RETRY_MAX_DELAY: Duration = Duration::from_secs(30);
const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;
const DEFAULT_MAX_PAGES: u32 = 10_000;
const DEFAULT_MAX_EMPTY_PAGES: u32 = 10;

/// One kind of credentials the API accepts, as `conventions::CREDENTIALS` lists them.
pub(crate) struct Credential {
    /// How messages name it ("an API key").
    pub(crate) noun: &'static str,
    /// Where it is given (".api_key(..)").
    pub(crate) setter: &'static str,
    pub(crate) env_var: Option<&'static str>,
    /// The variable of its second part (an OAuth 2 client secret; `env_var`
    /// holds the client id).
    pub(crate) secret_env_var: Option<&'static str>,
    /// How every such token starts, when the API says.
    pub(crate) prefix: Option<&'static str>,
    pub(crate) placement: Placement,
    /// Also sent, as it is, in this header.
    pub(crate) also_header: Option<&'static str>,
    /// Requests with it carry the context header (`conventions::CONTEXT`).
    pub(crate) needs_context: bool,
}

/// Where a credential travels.
pub(crate) enum Placement {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// A header of its own.
    Header(&'static str),
    /// A query parameter of every request.
    Query(&'static str),
    /// `Authorization: Basic`, from a user name and a password.
    Basic,
    /// `Authorization: Bearer` with a token the client fetches itself with a
    /// client id and secret (OAuth 2 client credentials; see `oauth`).
    ClientCredentials {
        /// Absolute, or relative to the endpoint.
        token_url: &'static str,
        refresh_url: Option<&'static str>,
        /// Separated by spaces; empty for the server's default.
        scopes: &'static str,
    },
}

/// A value some credentials are sent with, in a header of its own (the account
/// or project to act in).
pub(crate) struct ContextHeader {
    pub(crate) noun: &'static str,
    pub(crate) setter: &'static str,
    /// What `Debug` calls it.
    pub(crate) field: &'static str,
    pub(crate) header: &'static str,
    pub(crate) env_var: Option<&'static str>,
}

/// A token prefix that marks credentials this client cannot use.
pub(crate) struct RefusedPrefix {
    pub(crate) prefix: &'static str,
    /// What such a token is and what to use instead.
    pub(crate) message: &'static str,
}

/// A credential's value as given.
#[derive(Clone)]
pub(crate) enum Secret {
    Token(String),
    Basic { username: String, password: String },
    Client { id: String, secret: String },
}

/// The shared, immutable state behind every clone of a client.
pub(crate) struct ClientInner {
    pub(crate) http: reqwest::Client,
    /// The endpoint without a trailing slash; operation paths start with one.
    pub(crate) endpoint: String,
    pub(crate) timeout: Duration,
    pub(crate) max_retries: u32,
    pub(crate) retry_base_delay: Duration,
    pub(crate) retry_max_delay: Duration,
    pub(crate) max_response_bytes: u64,
    pub(crate) max_pages: u32,
    pub(crate) max_empty_pages: u32,
    /// Whether and how operations that start an action wait for its outcome.
    pub(crate) action_wait: crate::action::ActionWait,
    /// The caller's hooks, in the order they were added.
    pub(crate) hooks: Vec<Arc<dyn Hook>>,
    /// The kinds of credentials, which `Debug` shows instead of the tokens.
    auth_nouns: Vec<&'static str>,
    context: Option<String>,
    /// What a blocking client's calls run on, set once it is built (and shut
    /// down with the last clone).
    #[cfg(feature = "blocking")]
    pub(crate) runtime: std::sync::OnceLock<crate::blocking::Runtime>,
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the environment variables the builder reads
    /// (credentials and endpoint); the same as `builder().build()`.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), api::Error> {
    /// let client = api::Client::from_env()?;
    /// # let _ = client;
    /// # Ok(())
    /// # }
    /// ```
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::default().build()
    }
}

impl Client {
    /// A client like this one, sharing its connection pool and settings, that
    /// sends `auth`: to try credentials before this client adopts them.
    pub(crate) fn with_auth(&self, auth: Arc<Auth>) -> Client {
        Client {
            inner: self.inner.clone(),
            auth: Arc::new(RwLock::new(auth)),
        }
    }
}

/// The kinds of credentials a client holds, as `Debug` names them.
fn described_auth(nouns: &[&'static str]) -> String {
    match nouns {
        [] => "none".to_owned(),
        nouns => nouns.join(" and "),
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        let mut out = f.debug_struct(conventions::CLIENT_NAME);
        out.field("endpoint", &inner.endpoint)
            .field("auth", &described_auth(&inner.auth_nouns));
        if let Some(context) = &conventions::CONTEXT {
            out.field(context.field, &inner.context);
        }
        out.field("timeout", &inner.timeout)
            .field("max_retries", &inner.max_retries)
            .field("max_response_bytes", &inner.max_response_bytes)
            .finish_non_exhaustive()
    }
}

/// Changes the `reqwest` client builder before the client builds it.
type ConfigureHttp = dyn Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync;

/// Looks up one environment variable by name.
type EnvLookup = dyn Fn(&str) -> Option<String> + Send + Sync;

/// Where the builder reads the environment variables it was not given explicitly.
#[derive(Clone, Default)]
pub(crate) enum EnvSource {
    #[default]
    Process,
    Custom(Arc<EnvLookup>),
    Disabled,
}

impl EnvSource {
    /// The variable's value; an empty value counts as unset.
    pub(crate) fn get(&self, name: &str) -> Option<String> {
        let value = match self {
            EnvSource::Process => std::env::var(name).ok(),
            EnvSource::Custom(source) => source(name),
            EnvSource::Disabled => None,
        };
        value.filter(|v| !v.is_empty())
    }
}

/// What a builder has been told; the builder type itself is named for the API.
#[derive(Clone, Default)]
pub(crate) struct Settings {
    /// Credentials given explicitly, by their index in `conventions::CREDENTIALS`.
    pub(crate) credentials: Vec<(usize, Secret)>,
    pub(crate) context: Option<String>,
    endpoint: Option<String>,
    timeout: Option<Duration>,
    max_retries: Option<u32>,
    retry_base_delay: Option<Duration>,
    retry_max_delay: Option<Duration>,
    max_response_bytes: Option<u64>,
    max_pages: Option<u32>,
    max_empty_pages: Option<u32>,
    pub(crate) action_wait: crate::action::ActionWait,
    configure_http: Option<Arc<ConfigureHttp>>,
    hooks: Vec<Arc<dyn Hook>>,
    pub(crate) env: EnvSource,
}

impl<M> ClientBuilder<M> {
    /// Sets the credential `conventions::CREDENTIALS[index]` (its setter calls this).
    pub(crate) fn credential(mut self, index: usize, secret: Secret) -> Self {
        self.settings
            .credentials
            .retain(|(given, _)| *given != index);
        self.settings.credentials.push((index, secret));
        self
    }

    /// Sets the context header's value (its setter calls this).
    pub(crate) fn context(mut self, value: String) -> Self {
        self.settings.context = Some(value);
        self
    }

    /// The API's base URL, with or without a trailing slash (default: the
    /// endpoint environment variable, else the API's own server).
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.settings.endpoint = Some(endpoint.into());
        self
    }

    /// How long one attempt may take, from sending the request to reading the
    /// whole response (default 30 seconds). Each retry gets the full timeout
    /// again. [`RequestOptions::timeout`](crate::RequestOptions) overrides it
    /// for one call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.settings.timeout = Some(timeout);
        self
    }

    /// How many times a retry-safe request is retried after a 429 or 5xx
    /// response, a connection failure or a timeout (default 2; 0 disables
    /// retries). Requests that are not safe to repeat, such as creating a
    /// resource, are never retried.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.settings.max_retries = Some(max_retries);
        self
    }

    /// The wait before the first retry (default 100 ms); it doubles for each
    /// further retry, and each wait is shortened by up to 25 % at random so that
    /// many clients do not retry in lockstep. A `Retry-After` header from the
    /// server takes precedence.
    pub fn retry_base_delay(mut self, delay: Duration) -> Self {
        self.settings.retry_base_delay = Some(delay);
        self
    }

    /// The longest wait between two attempts (default 30 seconds): it caps both
    /// the doubling delay and a server's `Retry-After`.
    pub fn retry_max_delay(mut self, delay: Duration) -> Self {
        self.settings.retry_max_delay = Some(delay);
        self
    }

    /// The largest successful response body the client reads, in bytes
    /// (default 64 MiB). A larger body fails with
    /// [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge) as soon as
    /// its `Content-Length` or its bytes show it, without being read whole.
    /// Error responses are always capped at 64 KiB.
    pub fn max_response_bytes(mut self, bytes: u64) -> Self {
        self.settings.max_response_bytes = Some(bytes);
        self
    }

    /// The most pages a listing's `pages()` or `items()` stream fetches
    /// (default 10,000) before it ends with
    /// [`Error::Pagination`](crate::Error::Pagination). Requests can override it.
    pub fn max_pages(mut self, pages: u32) -> Self {
        self.settings.max_pages = Some(pages);
        self
    }

    /// How many empty pages in a row, each saying more pages follow, a listing
    /// accepts (default 10) before it ends with
    /// [`Error::Pagination`](crate::Error::Pagination): a server that keeps
    /// promising cannot keep a stream busy forever.
    pub fn max_empty_pages(mut self, pages: u32) -> Self {
        self.settings.max_empty_pages = Some(pages);
        self
    }

    /// Adjusts the `reqwest` client this client builds (for proxies, custom
    /// root certificates, connection pool settings). The client still applies
    /// its own timeout to each attempt and sets its own headers, and it always
    /// turns redirects off after `configure` runs: following one could send
    /// credentials or a request body to another origin. (On wasm32, reqwest is
    /// `fetch`, which has few of these settings and follows redirects itself.)
    ///
    /// ```no_run
    /// # fn main() -> Result<(), api::Error> {
    /// let client = api::Client::builder()
    ///     .configure_http_client(|http| http.pool_max_idle_per_host(4))
    ///     .build()?;
    /// # let _ = client;
    /// # Ok(())
    /// # }
    /// ```
    pub fn configure_http_client<F>(mut self, configure: F) -> Self
    where
        F: Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync + 'static,
    {
        self.settings.configure_http = Some(Arc::new(configure));
        self
    }

    /// Runs `hook` around each attempt of every call: before the request is
    /// sent (to add a header or sign it) and after its outcome (to record
    /// metrics). Hooks run in the order they were added; see
    /// [`Hook`](crate::hooks::Hook).
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.settings.hooks.push(Arc::new(hook));
        self
    }

    /// Reads the API's environment variables from `source` instead of the
    /// process environment: `source(name)` returns the variable's value, or
    /// `None` when it is unset. Useful in tests and with configuration systems
    /// of your own.
    ///
    /// ```no_run
    /// use std::collections::HashMap;
    ///
    /// # fn main() -> Result<(), api::Error> {
    /// // Filled from your own configuration.
    /// let vars: HashMap<String, String> = HashMap::new();
    /// let client = api::Client::builder()
    ///     .env_source(move |name| vars.get(name).cloned())
    ///     .build()?;
    /// # let _ = client;
    /// # Ok(())
    /// # }
    /// ```
    pub fn env_source<F>(mut self, source: F) -> Self
    where
        F: Fn(&str) -> Option<String> + Send + Sync + 'static,
    {
        self.settings.env = EnvSource::Custom(Arc::new(source));
        self
    }

    /// Reads no environment variables: only the values given to this builder count.
    pub fn ignore_env(mut self) -> Self {
        self.settings.env = EnvSource::Disabled;
        self
    }
}

impl ClientBuilder {
    /// Checks the configuration and creates the client.
    ///
    /// Fails with [`Error::InvalidOptions`] when credentials are missing (and
    /// the API needs them), when several kinds are given, when a token's prefix
    /// shows it is of another kind or it holds characters a header cannot
    /// carry, when a context value (an account, say) is missing, empty or not
    /// allowed, when the endpoint is missing or not a plain `http(s)` URL, or
    /// when a timeout or limit is zero.
    pub fn build(self) -> Result<Client, Error> {
        self.build_as(Mode::Main)
    }

    /// Builds a client that authenticates as `mode` says.
    pub(crate) fn build_as(self, mode: Mode) -> Result<Client, Error> {
        let settings = self.settings;
        let Resolved {
            mut auth,
            nouns: auth_nouns,
            context,
        } = settings.resolve_auth(mode)?;
        let timeout = settings.timeout.unwrap_or(DEFAULT_TIMEOUT);
        if timeout.is_zero() {
            return Err(invalid("the timeout must be longer than zero"));
        }
        let max_response_bytes = positive(
            settings.max_response_bytes,
            DEFAULT_MAX_RESPONSE_BYTES,
            "max_response_bytes",
        )?;
        let max_pages = positive(settings.max_pages, DEFAULT_MAX_PAGES, "max_pages")?;
        let action_wait = settings.action_wait;
        let max_empty_pages = positive(
            settings.max_empty_pages,
            DEFAULT_MAX_EMPTY_PAGES,
            "max_empty_pages",
        )?;

        let endpoint = settings
            .endpoint
            .clone()
            .or_else(|| settings.env.get(conventions::ENDPOINT_VAR))
            .or_else(|| settings.deprecated_endpoint())
            .or_else(|| conventions::DEFAULT_ENDPOINT.map(str::to_owned))
            .ok_or_else(|| {
                invalid(format!(
                    "no endpoint: call .endpoint(..) or set {}",
                    conventions::ENDPOINT_VAR
                ))
            })?;
        let endpoint = check_endpoint(endpoint)?;

        for (name, value) in conventions::SDK_HEADERS {
            auth.headers.insert(
                HeaderName::from_static(name),
                HeaderValue::from_static(value),
            );
        }
        auth.headers.insert(
            reqwest::header::USER_AGENT,
            HeaderValue::from_static(conventions::USER_AGENT),
        );

        let mut http = reqwest::Client::builder();
        if let Some(configure) = &settings.configure_http {
            http = configure(http);
        }
        // `fetch` follows redirects itself (reqwest on wasm has no policy to set).
        #[cfg(not(target_arch = "wasm32"))]
        let http = http.redirect(reqwest::redirect::Policy::none());
        let http = http
            .build()
            .map_err(|e| invalid(format!("could not create the HTTP client: {e}")))?;

        Ok(Client {
            inner: Arc::new(ClientInner {
                http,
                endpoint,
                timeout,
                max_retries: settings.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
                retry_base_delay: settings
                    .retry_base_delay
                    .unwrap_or(DEFAULT_RETRY_BASE_DELAY),
                retry_max_delay: settings.retry_max_delay.unwrap_or(DEFAULT_RETRY_MAX_DELAY),
                max_response_bytes,
                max_pages,
                max_empty_pages,
                action_wait,
                hooks: settings.hooks.clone(),
                auth_nouns,
                context,
                #[cfg(feature = "blocking")]
                runtime: std::sync::OnceLock::new(),
            }),
            auth: Arc::new(RwLock::new(Arc::new(auth))),
        })
    }
}

#[cfg(feature = "blocking")]
impl ClientBuilder<crate::mode::Blocking> {
    /// Checks the configuration and creates the blocking client, with the
    /// runtime it runs on (see [`blocking`](crate::blocking)). Fails as the
    /// async client's `build` does, or when the runtime cannot start.
    pub fn build(self) -> Result<crate::conventions::BlockingClient, Error> {
        let builder: ClientBuilder = ClientBuilder {
            settings: self.settings,
            mode_marker: std::marker::PhantomData,
        };
        let client = builder.build()?;
        let runtime = crate::blocking::Runtime::start().map_err(|e| {
            invalid(format!(
                "could not start the blocking client's runtime: {e}"
            ))
        })?;
        // A new client: nothing else has set its runtime.
        let _ = client.inner.runtime.set(runtime);
        Ok(crate::conventions::BlockingClient { client })
    }
}

impl Settings {
    /// The endpoint from an older name of the endpoint variable, with a
    /// warning that it is deprecated (as the API's other SDKs warn).
    fn deprecated_endpoint(&self) -> Option<String> {
        conventions::DEPRECATED_ENDPOINT_VARS
            .iter()
            .find_map(|name| {
                let value = self.env.get(name)?;
                crate::trace::deprecated_env_var(name, conventions::ENDPOINT_VAR);
                Some(value)
            })
    }
}

impl<M> fmt::Debug for ClientBuilder<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let settings = &self.settings;
        // Which kinds of credentials are set, never their values.
        let credentials: std::collections::BTreeMap<&str, &str> = settings
            .credentials
            .iter()
            .map(|(index, _)| (conventions::CREDENTIALS[*index].noun, "<redacted>"))
            .collect();
        let mut out = f.debug_struct(conventions::BUILDER_NAME);
        out.field("credentials", &credentials);
        if let Some(context) = &conventions::CONTEXT {
            out.field(context.field, &settings.context);
        }
        out.field(
            "endpoint",
            &settings.endpoint.as_deref().map(url_for_display),
        )
        .field("timeout", &settings.timeout)
        .field("max_retries", &settings.max_retries)
        .field("hooks", &settings.hooks.len())
        .finish_non_exhaustive()
    }
}

/// A limit that must be above zero: the given value, or the default.
fn positive<T: Default + PartialEq + Copy>(
    value: Option<T>,
    default: T,
    name: &str,
) -> Result<T, Error> {
    match value {
        Some(value) if value == T::default() => Err(invalid(format!("{name} must be at least 1"))),
        Some(value) => Ok(value),
        None => Ok(default),
    }
}

/// Whether a value can travel in a header as it is: visible ASCII, no spaces.
pub(crate) fn is_header_token(value: &str) -> bool {
    value.bytes().all(|b| b.is_ascii_graphic())
}

pub(crate) fn invalid(message: impl Into<String>) -> Error {
    Error::InvalidOptions {
        message: message.into(),
    }
}

/// Checks that the endpoint is an absolute http(s) URL with nothing a URL
/// parser would quietly rewrite (whitespace, control characters) and nothing
/// that does not belong in it (credentials, query, fragment), and drops
/// trailing slashes, so that joining it with an operation path (`/acs/...`)
/// gives one slash. Messages never show a password.
fn check_endpoint(endpoint: String) -> Result<String, Error> {
    let shown = url_for_display(&endpoint);
    if endpoint
        .chars()
        .any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(invalid(format!(
            "the endpoint {shown:?} contains whitespace or control characters"
        )));
    }
    let url = reqwest::Url::parse(&endpoint)
        .map_err(|e| invalid(format!("the endpoint {shown:?} is not a valid URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid(format!(
            "the endpoint {shown:?} must be an http or https URL"
        )));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(format!(
            "the endpoint {shown:?} must not contain a user name or password: the client \
             authenticates with its token (configure a proxy's credentials with \
             configure_http_client)"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid(format!(
            "the endpoint {shown:?} must not have a query or fragment"
        )));
    }
    Ok(endpoint.trim_end_matches('/').to_owned())
}
