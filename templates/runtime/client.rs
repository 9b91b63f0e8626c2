//! The client handle, [`Seam`], and its configuration, [`SeamBuilder`]: choosing
//! and checking credentials, reading the `SEAM_*` environment variables, and the
//! connection, timeout, retry and size settings that the transport uses.
//!
//! Everything a caller passes is checked here, before any request: tokens and
//! workspace ids must be visible ASCII (they travel in headers), the endpoint
//! an http(s) URL without whitespace, credentials, query or fragment, and every
//! limit above zero.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::error::Error;
use crate::redact::{url_for_display, Redactor};

/// The endpoint used when neither [`SeamBuilder::endpoint`] nor `SEAM_ENDPOINT` sets one.
const DEFAULT_ENDPOINT: &str = "https://connect.getseam.com";
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_MAX_RETRIES: u32 = 2;
const DEFAULT_RETRY_BASE_DELAY: Duration = Duration::from_millis(100);
const DEFAULT_RETRY_MAX_DELAY: Duration = Duration::from_secs(30);
const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;
const DEFAULT_MAX_PAGES: u32 = 10_000;
const DEFAULT_MAX_EMPTY_PAGES: u32 = 10;

/// A client for the Seam API.
///
/// Build one with [`Seam::builder`], [`Seam::new`] (an API key) or
/// [`Seam::from_env`] (the `SEAM_*` environment variables). A `Seam` is cheap to
/// clone and can be shared between tasks: clones share one connection pool and
/// one configuration.
///
/// Its `Debug` output names the kind of credentials but never shows a token.
///
/// # Examples
///
/// ```no_run
/// use std::time::Duration;
///
/// # fn main() -> Result<(), seam::Error> {
/// // Reads SEAM_API_KEY (or SEAM_PERSONAL_ACCESS_TOKEN and SEAM_WORKSPACE_ID).
/// let seam = seam::Seam::from_env()?;
///
/// // Or configure everything explicitly.
/// let seam = seam::Seam::builder()
///     .api_key("seam_test123_abc")
///     .timeout(Duration::from_secs(10))
///     .max_retries(3)
///     .build()?;
/// # let _ = seam;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Seam {
    pub(crate) inner: Arc<ClientInner>,
}

/// The shared, immutable state behind every clone of a [`Seam`].
pub(crate) struct ClientInner {
    pub(crate) http: reqwest::Client,
    /// The endpoint without a trailing slash; operation paths start with one.
    pub(crate) endpoint: String,
    /// Authentication and SDK headers sent with every request. Token values are
    /// marked sensitive so that `HeaderMap`'s own `Debug` hides them too.
    pub(crate) headers: HeaderMap,
    pub(crate) timeout: Duration,
    pub(crate) max_retries: u32,
    pub(crate) retry_base_delay: Duration,
    pub(crate) retry_max_delay: Duration,
    pub(crate) max_response_bytes: u64,
    pub(crate) max_pages: u32,
    pub(crate) max_empty_pages: u32,
    /// Hides the token wherever a server echoes it into an error.
    pub(crate) redactor: Redactor,
    auth: AuthKind,
    workspace_id: Option<String>,
}

impl Seam {
    /// Starts configuring a client.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), seam::Error> {
    /// let seam = seam::Seam::builder()
    ///     .personal_access_token("seam_at1_abc")
    ///     .workspace_id("00000000-0000-0000-0000-000000000000")
    ///     .build()?;
    /// # let _ = seam;
    /// # Ok(())
    /// # }
    /// ```
    pub fn builder() -> SeamBuilder {
        SeamBuilder::default()
    }

    /// A client authenticated with an API key (`seam_...`), with default settings.
    ///
    /// The endpoint still comes from `SEAM_ENDPOINT` when that is set.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), seam::Error> {
    /// let seam = seam::Seam::new("seam_test123_abc")?;
    /// # let _ = seam;
    /// # Ok(())
    /// # }
    /// ```
    pub fn new(api_key: impl Into<String>) -> Result<Seam, Error> {
        SeamBuilder::default().api_key(api_key).build()
    }

    /// A client configured from the environment: `SEAM_API_KEY`, or
    /// `SEAM_PERSONAL_ACCESS_TOKEN` with `SEAM_WORKSPACE_ID`, and `SEAM_ENDPOINT`.
    ///
    /// The same as `Seam::builder().build()`.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), seam::Error> {
    /// let seam = seam::Seam::from_env()?;
    /// # let _ = seam;
    /// # Ok(())
    /// # }
    /// ```
    pub fn from_env() -> Result<Seam, Error> {
        SeamBuilder::default().build()
    }
}

impl fmt::Debug for Seam {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Seam")
            .field("endpoint", &inner.endpoint)
            .field("auth", &inner.auth)
            .field("workspace_id", &inner.workspace_id)
            .field("timeout", &inner.timeout)
            .field("max_retries", &inner.max_retries)
            .field("max_response_bytes", &inner.max_response_bytes)
            .finish_non_exhaustive()
    }
}

/// Which kind of credentials a client uses; what `Debug` shows instead of the token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AuthKind {
    ApiKey,
    PersonalAccessToken,
    ConsoleSessionToken,
    ClientSessionToken,
}

impl AuthKind {
    /// The kind of token, as a message names it.
    fn name(self) -> &'static str {
        match self {
            AuthKind::ApiKey => "an API key",
            AuthKind::PersonalAccessToken => "a personal access token",
            AuthKind::ConsoleSessionToken => "a console session token",
            AuthKind::ClientSessionToken => "a client session token",
        }
    }

    /// Where such a token is given.
    fn setter(self) -> &'static str {
        match self {
            AuthKind::ApiKey => ".api_key(..) or SEAM_API_KEY",
            AuthKind::PersonalAccessToken => {
                ".personal_access_token(..) or SEAM_PERSONAL_ACCESS_TOKEN"
            }
            AuthKind::ConsoleSessionToken => ".console_session_token(..)",
            AuthKind::ClientSessionToken => ".client_session_token(..)",
        }
    }

    /// How such a token starts.
    fn prefix(self) -> &'static str {
        match self {
            AuthKind::ApiKey => "seam_",
            AuthKind::PersonalAccessToken => "seam_at",
            AuthKind::ConsoleSessionToken => "ey",
            AuthKind::ClientSessionToken => "seam_cst",
        }
    }

    /// Whether requests made with this token must name a workspace.
    fn needs_workspace(self) -> bool {
        matches!(
            self,
            AuthKind::PersonalAccessToken | AuthKind::ConsoleSessionToken
        )
    }

    /// Refuses a token that, by its prefix, is of another kind (the longer
    /// `seam_` prefixes are tested first). Messages name kinds, never the token.
    fn check_prefix(self, token: &str) -> Result<(), Error> {
        if token.starts_with("seam_pk") {
            return Err(invalid(format!(
                "the value given as {} is a publishable key (it starts with seam_pk), which \
                 cannot authenticate this client: use an API key, or a client session token \
                 created with one",
                self.name()
            )));
        }
        let found = [
            AuthKind::ClientSessionToken,
            AuthKind::PersonalAccessToken,
            AuthKind::ConsoleSessionToken,
            AuthKind::ApiKey,
        ]
        .into_iter()
        .find(|kind| token.starts_with(kind.prefix()));
        match found {
            Some(kind) if kind == self => Ok(()),
            Some(kind) => Err(invalid(format!(
                "the value given as {} is {} (it starts with {}): pass it with {} instead",
                self.name(),
                kind.name(),
                kind.prefix(),
                kind.setter(),
            ))),
            None => Err(invalid(format!(
                "the value given as {} has an unknown format: expected it to start with {}",
                self.name(),
                self.prefix(),
            ))),
        }
    }
}

/// Changes the `reqwest` client builder before the Seam client builds it.
type ConfigureHttp = dyn Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync;

/// Looks up one environment variable by name.
type EnvLookup = dyn Fn(&str) -> Option<String> + Send + Sync;

/// Where the builder reads the `SEAM_*` variables it was not given explicitly.
#[derive(Clone, Default)]
enum EnvSource {
    #[default]
    Process,
    Custom(Arc<EnvLookup>),
    Disabled,
}

impl EnvSource {
    /// The variable's value; an empty value counts as unset.
    fn get(&self, name: &str) -> Option<String> {
        let value = match self {
            EnvSource::Process => std::env::var(name).ok(),
            EnvSource::Custom(source) => source(name),
            EnvSource::Disabled => None,
        };
        value.filter(|v| !v.is_empty())
    }
}

/// Configures and builds a [`Seam`] client.
///
/// Give exactly one kind of credentials:
///
/// | credentials | builder methods | environment |
/// |---|---|---|
/// | API key (`seam_...`) | [`api_key`](Self::api_key) | `SEAM_API_KEY` |
/// | personal access token (`seam_at...`) | [`personal_access_token`](Self::personal_access_token) + [`workspace_id`](Self::workspace_id) | `SEAM_PERSONAL_ACCESS_TOKEN` + `SEAM_WORKSPACE_ID` |
/// | console session token (a JWT, `ey...`) | [`console_session_token`](Self::console_session_token) + [`workspace_id`](Self::workspace_id) | |
/// | client session token (`seam_cst...`) | [`client_session_token`](Self::client_session_token) | |
///
/// Anything not set explicitly is read from the environment (see
/// [`env_source`](Self::env_source) and [`ignore_env`](Self::ignore_env)): an
/// explicit value always wins, and an explicit token of any kind means the
/// environment's tokens are not read at all. [`build`](Self::build) checks each
/// token's prefix and refuses mismatched or missing credentials with
/// [`Error::InvalidOptions`] before any request is sent.
///
/// # Examples
///
/// ```no_run
/// use std::time::Duration;
///
/// # fn main() -> Result<(), seam::Error> {
/// let seam = seam::Seam::builder()
///     .api_key("seam_test123_abc")
///     .endpoint("https://connect.getseam.com")
///     .timeout(Duration::from_secs(10))
///     .max_retries(0)
///     .build()?;
/// # let _ = seam;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Default)]
pub struct SeamBuilder {
    api_key: Option<String>,
    personal_access_token: Option<String>,
    console_session_token: Option<String>,
    client_session_token: Option<String>,
    workspace_id: Option<String>,
    endpoint: Option<String>,
    timeout: Option<Duration>,
    max_retries: Option<u32>,
    retry_base_delay: Option<Duration>,
    retry_max_delay: Option<Duration>,
    max_response_bytes: Option<u64>,
    max_pages: Option<u32>,
    max_empty_pages: Option<u32>,
    configure_http: Option<Arc<ConfigureHttp>>,
    env: EnvSource,
}

impl SeamBuilder {
    /// Authenticates with an API key (`seam_...`), which belongs to one workspace.
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(api_key.into());
        self
    }

    /// Authenticates with a personal access token (`seam_at...`); also set
    /// [`workspace_id`](Self::workspace_id) (or `SEAM_WORKSPACE_ID`).
    pub fn personal_access_token(mut self, token: impl Into<String>) -> Self {
        self.personal_access_token = Some(token.into());
        self
    }

    /// Authenticates with a Seam Console session token (a JWT, `ey...`); also set
    /// [`workspace_id`](Self::workspace_id) (or `SEAM_WORKSPACE_ID`).
    pub fn console_session_token(mut self, token: impl Into<String>) -> Self {
        self.console_session_token = Some(token.into());
        self
    }

    /// Authenticates with a client session token (`seam_cst...`), as issued to
    /// an end user's device.
    pub fn client_session_token(mut self, token: impl Into<String>) -> Self {
        self.client_session_token = Some(token.into());
        self
    }

    /// The workspace to act in, required with a personal access token or a
    /// console session token (sent as the `seam-workspace` header).
    pub fn workspace_id(mut self, workspace_id: impl Into<String>) -> Self {
        self.workspace_id = Some(workspace_id.into());
        self
    }

    /// The API's base URL, with or without a trailing slash
    /// (default: `SEAM_ENDPOINT`, else `https://connect.getseam.com`).
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// How long one attempt may take, from sending the request to reading the
    /// whole response (default 30 seconds). Each retry gets the full timeout
    /// again. [`RequestOptions::timeout`](crate::RequestOptions) overrides it
    /// for one call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How many times a retry-safe request is retried after a 429 or 5xx
    /// response, a connection failure or a timeout (default 2; 0 disables
    /// retries). Requests that are not safe to repeat, such as creating a
    /// credential, are never retried.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// The wait before the first retry (default 100 ms); it doubles for each
    /// further retry, and each wait is shortened by up to 25 % at random so that
    /// many clients do not retry in lockstep. A `Retry-After` header from the
    /// server takes precedence.
    pub fn retry_base_delay(mut self, delay: Duration) -> Self {
        self.retry_base_delay = Some(delay);
        self
    }

    /// The longest wait between two attempts (default 30 seconds): it caps both
    /// the doubling delay and a server's `Retry-After`.
    pub fn retry_max_delay(mut self, delay: Duration) -> Self {
        self.retry_max_delay = Some(delay);
        self
    }

    /// The largest successful response body the client reads, in bytes
    /// (default 64 MiB). A larger body fails with
    /// [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge) as soon as
    /// its `Content-Length` or its bytes show it, without being read whole.
    /// Error responses are always capped at 64 KiB.
    pub fn max_response_bytes(mut self, bytes: u64) -> Self {
        self.max_response_bytes = Some(bytes);
        self
    }

    /// The most pages a listing's `pages()` or `items()` stream fetches
    /// (default 10,000) before it ends with
    /// [`Error::Pagination`](crate::Error::Pagination). Requests can override it.
    pub fn max_pages(mut self, pages: u32) -> Self {
        self.max_pages = Some(pages);
        self
    }

    /// How many empty pages in a row, each saying more pages follow, a listing
    /// accepts (default 10) before it ends with
    /// [`Error::Pagination`](crate::Error::Pagination): a server that keeps
    /// promising cannot keep a stream busy forever.
    pub fn max_empty_pages(mut self, pages: u32) -> Self {
        self.max_empty_pages = Some(pages);
        self
    }

    /// Adjusts the `reqwest` client this client builds (for proxies, custom
    /// root certificates, connection pool settings). The Seam client still
    /// applies its own timeout to each attempt and sets its own headers, and it
    /// always turns redirects off after `configure` runs: following one could
    /// send credentials or a request body to another origin.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), seam::Error> {
    /// let seam = seam::Seam::builder()
    ///     .api_key("seam_test123_abc")
    ///     .configure_http_client(|http| http.pool_max_idle_per_host(4))
    ///     .build()?;
    /// # let _ = seam;
    /// # Ok(())
    /// # }
    /// ```
    pub fn configure_http_client<F>(mut self, configure: F) -> Self
    where
        F: Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync + 'static,
    {
        self.configure_http = Some(Arc::new(configure));
        self
    }

    /// Reads the `SEAM_*` variables from `source` instead of the process
    /// environment: `source(name)` returns the variable's value, or `None` when
    /// it is unset. Useful in tests and with configuration systems of your own.
    ///
    /// ```no_run
    /// use std::collections::HashMap;
    ///
    /// # fn main() -> Result<(), seam::Error> {
    /// let vars = HashMap::from([("SEAM_API_KEY".to_owned(), "seam_test123_abc".to_owned())]);
    /// let seam = seam::Seam::builder()
    ///     .env_source(move |name| vars.get(name).cloned())
    ///     .build()?;
    /// # let _ = seam;
    /// # Ok(())
    /// # }
    /// ```
    pub fn env_source<F>(mut self, source: F) -> Self
    where
        F: Fn(&str) -> Option<String> + Send + Sync + 'static,
    {
        self.env = EnvSource::Custom(Arc::new(source));
        self
    }

    /// Reads no environment variables: only the values given to this builder count.
    pub fn ignore_env(mut self) -> Self {
        self.env = EnvSource::Disabled;
        self
    }

    /// Checks the configuration and creates the client.
    ///
    /// Fails with [`Error::InvalidOptions`] when no credentials are given, when
    /// several kinds are given, when a token's prefix shows it is of another
    /// kind or it holds characters a header cannot carry, when a workspace id
    /// is missing, empty or not allowed, when the endpoint is not a plain
    /// `http(s)` URL, or when a timeout or limit is zero.
    pub fn build(self) -> Result<Seam, Error> {
        let (auth, token, workspace_id) = self.resolve_credentials()?;
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        if timeout.is_zero() {
            return Err(invalid("the timeout must be longer than zero"));
        }
        let max_response_bytes = positive(
            self.max_response_bytes,
            DEFAULT_MAX_RESPONSE_BYTES,
            "max_response_bytes",
        )?;
        let max_pages = positive(self.max_pages, DEFAULT_MAX_PAGES, "max_pages")?;
        let max_empty_pages = positive(
            self.max_empty_pages,
            DEFAULT_MAX_EMPTY_PAGES,
            "max_empty_pages",
        )?;

        let endpoint = self
            .endpoint
            .or_else(|| self.env.get("SEAM_ENDPOINT"))
            .unwrap_or_else(|| DEFAULT_ENDPOINT.to_owned());
        let endpoint = check_endpoint(endpoint)?;

        let mut headers = HeaderMap::new();
        headers.insert(
            reqwest::header::AUTHORIZATION,
            sensitive_header(&format!("Bearer {token}"))?,
        );
        if auth == AuthKind::ClientSessionToken {
            headers.insert(
                HeaderName::from_static("client-session-token"),
                sensitive_header(&token)?,
            );
        }
        if let Some(workspace_id) = &workspace_id {
            let value = HeaderValue::from_str(workspace_id).map_err(|_| {
                invalid(
                    "the workspace id contains characters that cannot be sent in an HTTP header",
                )
            })?;
            headers.insert(HeaderName::from_static("seam-workspace"), value);
        }
        headers.insert(
            HeaderName::from_static("seam-sdk-name"),
            HeaderValue::from_static("seamapi/rust"),
        );
        headers.insert(
            HeaderName::from_static("seam-sdk-version"),
            HeaderValue::from_static(env!("CARGO_PKG_VERSION")),
        );
        headers.insert(
            reqwest::header::USER_AGENT,
            HeaderValue::from_static(concat!("seamapi-rust/", env!("CARGO_PKG_VERSION"))),
        );
        headers.insert(
            reqwest::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );

        let mut http = reqwest::Client::builder();
        if let Some(configure) = &self.configure_http {
            http = configure(http);
        }
        let http = http
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| invalid(format!("could not create the HTTP client: {e}")))?;

        Ok(Seam {
            inner: Arc::new(ClientInner {
                http,
                endpoint,
                headers,
                timeout,
                max_retries: self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
                retry_base_delay: self.retry_base_delay.unwrap_or(DEFAULT_RETRY_BASE_DELAY),
                retry_max_delay: self.retry_max_delay.unwrap_or(DEFAULT_RETRY_MAX_DELAY),
                max_response_bytes,
                max_pages,
                max_empty_pages,
                redactor: Redactor::new(vec![token]),
                auth,
                workspace_id,
            }),
        })
    }

    /// Picks the one token to use (explicit first, then the environment), checks
    /// its prefix and finds its workspace id.
    fn resolve_credentials(&self) -> Result<(AuthKind, String, Option<String>), Error> {
        let explicit: Vec<(AuthKind, &String)> = [
            (AuthKind::ApiKey, &self.api_key),
            (AuthKind::PersonalAccessToken, &self.personal_access_token),
            (AuthKind::ConsoleSessionToken, &self.console_session_token),
            (AuthKind::ClientSessionToken, &self.client_session_token),
        ]
        .into_iter()
        .filter_map(|(kind, token)| token.as_ref().map(|t| (kind, t)))
        .collect();

        let (auth, token) = match explicit.as_slice() {
            [(kind, token)] => (*kind, (*token).clone()),
            [] => self.credentials_from_env()?,
            [(first, _), (second, _), ..] => {
                return Err(invalid(format!(
                    "both {} ({}) and {} ({}) were given: pass only one kind of credentials",
                    first.name(),
                    first.setter(),
                    second.name(),
                    second.setter()
                )))
            }
        };
        if token.is_empty() {
            return Err(invalid(format!("{} was given but is empty", auth.name())));
        }
        if !is_header_token(&token) {
            return Err(invalid(format!(
                "{} contains characters a token cannot have (spaces, tabs, line breaks or \
                 non-ASCII): check for a stray space or line break where it was copied",
                auth.name()
            )));
        }
        auth.check_prefix(&token)?;

        let workspace_id = if auth.needs_workspace() {
            let workspace_id = self
                .workspace_id
                .clone()
                .or_else(|| self.env.get("SEAM_WORKSPACE_ID"))
                .ok_or_else(|| {
                    invalid(format!(
                        "{} needs a workspace id: call .workspace_id(..) or set SEAM_WORKSPACE_ID",
                        auth.name()
                    ))
                })?;
            if workspace_id.is_empty() {
                return Err(invalid(
                    "the workspace id is empty: pass the id of the workspace to act in",
                ));
            }
            if !is_header_token(&workspace_id) {
                return Err(invalid(
                    "the workspace id contains characters a workspace id cannot have (spaces, \
                     tabs, line breaks or non-ASCII)",
                ));
            }
            Some(workspace_id)
        } else if self.workspace_id.is_some() {
            // An explicit workspace id would be silently ignored: these tokens
            // already belong to one workspace. SEAM_WORKSPACE_ID is not an error
            // here, since it may be set for other tools.
            return Err(invalid(format!(
                "a workspace id cannot be used with {}, which already belongs to one workspace: \
                 remove .workspace_id(..)",
                auth.name()
            )));
        } else {
            None
        };
        Ok((auth, token, workspace_id))
    }

    fn credentials_from_env(&self) -> Result<(AuthKind, String), Error> {
        match (
            self.env.get("SEAM_API_KEY"),
            self.env.get("SEAM_PERSONAL_ACCESS_TOKEN"),
        ) {
            (Some(api_key), None) => Ok((AuthKind::ApiKey, api_key)),
            (None, Some(token)) => Ok((AuthKind::PersonalAccessToken, token)),
            (Some(_), Some(_)) => Err(invalid(
                "both SEAM_API_KEY and SEAM_PERSONAL_ACCESS_TOKEN are set: unset one, or pass \
                 the credentials to use explicitly",
            )),
            (None, None) => Err(invalid(
                "no credentials: call .api_key(..) (or set SEAM_API_KEY), or \
                 .personal_access_token(..) with .workspace_id(..) (or set \
                 SEAM_PERSONAL_ACCESS_TOKEN and SEAM_WORKSPACE_ID), or \
                 .console_session_token(..) with .workspace_id(..), or .client_session_token(..)",
            )),
        }
    }
}

impl fmt::Debug for SeamBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        /// Shows whether a token is set, never its value.
        fn redacted(token: &Option<String>) -> Option<&'static str> {
            token.as_ref().map(|_| "<redacted>")
        }
        f.debug_struct("SeamBuilder")
            .field("api_key", &redacted(&self.api_key))
            .field(
                "personal_access_token",
                &redacted(&self.personal_access_token),
            )
            .field(
                "console_session_token",
                &redacted(&self.console_session_token),
            )
            .field(
                "client_session_token",
                &redacted(&self.client_session_token),
            )
            .field("workspace_id", &self.workspace_id)
            .field("endpoint", &self.endpoint.as_deref().map(url_for_display))
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
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
fn is_header_token(value: &str) -> bool {
    value.bytes().all(|b| b.is_ascii_graphic())
}

fn invalid(message: impl Into<String>) -> Error {
    Error::InvalidOptions {
        message: message.into(),
    }
}

/// A header value that `Debug` output of reqwest and `http` types hides.
fn sensitive_header(value: &str) -> Result<HeaderValue, Error> {
    let mut value = HeaderValue::from_str(value).map_err(|_| {
        invalid("the token contains characters that cannot be sent in an HTTP header")
    })?;
    value.set_sensitive(true);
    Ok(value)
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
