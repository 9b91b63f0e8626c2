//! The credentials a client sends, and which ones it may: picking the one kind
//! of credentials from what the builder was given and the environment,
//! checking it, and turning it into headers or a query parameter. Besides the
//! main client, an API may have a client that acts without the context header
//! (taking only some kinds of credentials) and a key that is only exchanged
//! for other credentials; and a running client may have its token replaced.
//!
//! Messages name kinds of credentials and where they are given, never a value.

use std::sync::{Arc, PoisonError};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::client::{invalid, is_header_token, Credential, Placement, Secret, Settings};
use crate::conventions::{self, Client};
use crate::error::Error;
use crate::oauth::TokenSource;
use crate::redact::Redactor;
use crate::transport::Operation;

/// Which credentials a client being built accepts.
pub(crate) enum Mode {
    /// The main client: any kind, each with the context value it needs.
    Main,
    /// A client that never sends the context header, named `client` in
    /// messages, taking only these kinds (indices in `conventions::CREDENTIALS`).
    WithoutContext {
        client: &'static str,
        kinds: &'static [usize],
    },
    /// A client authenticated only by a key in a header of its own, which no
    /// builder setter takes: it serves to exchange the key for credentials.
    Key(&'static KeyAuth, String),
}

/// A key that authenticates nothing but its exchange for other credentials.
pub(crate) struct KeyAuth {
    /// How messages name it ("a publishable key").
    pub(crate) noun: &'static str,
    pub(crate) header: &'static str,
    pub(crate) prefix: Option<&'static str>,
}

/// What a client authenticates with, replaced as a whole when its token is.
pub(crate) struct Auth {
    /// Headers every request carries (the SDK's and the user agent).
    pub(crate) headers: HeaderMap,
    /// The credentials the client holds, each ready to send; an operation is
    /// sent with those its security requirements ask for.
    pub(crate) credentials: Vec<Held>,
    /// Hides every credential wherever a server echoes it into an error.
    pub(crate) redactor: Redactor,
}

/// One credential as it travels.
#[derive(Clone)]
pub(crate) struct Held {
    /// Its kind (its index in `conventions::CREDENTIALS`); `None` for a key
    /// that is only exchanged for other credentials.
    pub(crate) kind: Option<usize>,
    /// Its headers: the token, a second header with it, the context value it
    /// needs. Token values are marked sensitive so that `HeaderMap`'s own
    /// `Debug` hides them.
    pub(crate) headers: HeaderMap,
    /// Sent as a query parameter.
    pub(crate) query: Option<(&'static str, String)>,
    /// A user name and password for `Authorization: Basic`.
    pub(crate) basic: Option<(String, String)>,
    /// Where its bearer tokens come from, for OAuth 2 client credentials: the
    /// token is fetched for each attempt (and kept between them).
    pub(crate) oauth: Option<Arc<TokenSource>>,
    /// The values to hide from error text.
    secrets: Vec<String>,
}

/// A client's credentials before the SDK headers join them, with what `Debug`
/// shows of them.
pub(crate) struct Resolved {
    pub(crate) auth: Auth,
    /// The kinds of credentials in prose, which `Debug` shows instead of a token.
    pub(crate) nouns: Vec<&'static str>,
    pub(crate) context: Option<String>,
}

impl Settings {
    /// The credentials a client of `mode` sends, checked.
    pub(crate) fn resolve_auth(&self, mode: Mode) -> Result<Resolved, Error> {
        // Each credential with its kind (none for a key).
        let given: Vec<(Option<usize>, Secret)> = match &mode {
            Mode::Key(key, value) => {
                if let [(index, _), ..] = self.credentials.as_slice() {
                    let given = &conventions::CREDENTIALS[*index];
                    return Err(invalid(format!(
                        "both {} and {} ({}) were given: the client gets its credentials \
                         from the key, so pass only the key",
                        key.noun,
                        given.noun,
                        given.given_with()
                    )));
                }
                check_token(key.noun, value)?;
                check_key_prefix(key, value)?;
                vec![(None, Secret::Token(value.clone()))]
            }
            Mode::Main | Mode::WithoutContext { .. } => self
                .resolve_credentials(&mode)?
                .into_iter()
                .map(|(index, secret)| (Some(index), secret))
                .collect(),
        };
        let nouns = given
            .iter()
            .map(|(kind, _)| match (kind, &mode) {
                (Some(index), _) => conventions::CREDENTIALS[*index].noun,
                (None, Mode::Key(key, _)) => key.noun,
                (None, _) => "a key",
            })
            .collect();
        let needing_context = given
            .iter()
            .find_map(|(kind, _)| kind.filter(|i| conventions::CREDENTIALS[*i].needs_context));
        let first_kind = given.first().and_then(|(kind, _)| *kind);
        let context = self.resolve_context(&mode, needing_context.or(first_kind))?;
        let context_header = match (&context, &conventions::CONTEXT) {
            (Some(value), Some(header)) => Some((
                HeaderName::from_static(header.header),
                HeaderValue::from_str(value).map_err(|_| {
                    invalid(format!(
                        "{} contains characters that cannot be sent in an HTTP header",
                        header.noun
                    ))
                })?,
            )),
            _ => None,
        };
        let mut credentials = Vec::new();
        for (kind, secret) in given {
            let mut held = match (&mode, kind) {
                (Mode::Key(key, _), _) => {
                    Held::new(None, &Placement::Header(key.header), None, secret)?
                }
                (_, Some(index)) => {
                    let credential = &conventions::CREDENTIALS[index];
                    Held::new(kind, &credential.placement, credential.also_header, secret)?
                }
                (_, None) => continue,
            };
            let needs_context = kind.is_some_and(|i| conventions::CREDENTIALS[i].needs_context);
            if let (true, Some((name, value))) = (needs_context, &context_header) {
                held.headers.insert(name.clone(), value.clone());
            }
            credentials.push(held);
        }
        Ok(Resolved {
            auth: Auth::new(HeaderMap::new(), credentials),
            nouns,
            context,
        })
    }

    /// Picks the credentials to use (explicit ones first, else the
    /// environment's) among the kinds `mode` takes, and checks them: one kind
    /// unless the API lets a client hold several; none when the API has
    /// operations that need none and none was given.
    fn resolve_credentials(&self, mode: &Mode) -> Result<Vec<(usize, Secret)>, Error> {
        let kinds = conventions::CREDENTIALS;
        let allowed = |index: usize| match mode {
            Mode::WithoutContext { kinds, .. } => kinds.contains(&index),
            _ => true,
        };
        if let Some((index, _)) = self.credentials.iter().find(|(i, _)| !allowed(*i)) {
            let Mode::WithoutContext { client, .. } = mode else {
                unreachable!("only a client without context refuses a kind")
            };
            return Err(invalid(format!(
                "{client} cannot use {}: {}",
                kinds[*index].noun,
                ways_to_authenticate(mode)
            )));
        }
        let chosen = match self.credentials.as_slice() {
            [] if kinds.is_empty() => return Ok(Vec::new()),
            [] => self.credentials_from_env(mode, allowed)?,
            [(first, _), (second, _), ..] if !conventions::SEVERAL_CREDENTIALS => {
                return Err(invalid(format!(
                    "both {} ({}) and {} ({}) were given: pass only one kind of credentials",
                    kinds[*first].noun,
                    kinds[*first].given_with(),
                    kinds[*second].noun,
                    kinds[*second].given_with()
                )))
            }
            given => given.to_vec(),
        };
        for (index, secret) in &chosen {
            check_secret(*index, secret)?;
        }
        Ok(chosen)
    }

    /// The credentials set in the environment: every one found when the API
    /// lets a client hold several kinds, else exactly one.
    fn credentials_from_env(
        &self,
        mode: &Mode,
        allowed: impl Fn(usize) -> bool,
    ) -> Result<Vec<(usize, Secret)>, Error> {
        let mut found: Vec<(usize, &'static str, Secret)> = Vec::new();
        for (index, kind) in conventions::CREDENTIALS.iter().enumerate() {
            let Some(var) = kind.env_var.filter(|_| allowed(index)) else {
                continue;
            };
            let value = self.env.get(var);
            let secret = match kind.secret_env_var {
                // A client id and secret: both set, or neither.
                Some(secret_var) => match (value, self.env.get(secret_var)) {
                    (Some(id), Some(secret)) => Secret::Client { id, secret },
                    (None, None) => continue,
                    (Some(_), None) | (None, Some(_)) => {
                        return Err(invalid(format!(
                            "{} needs both {var} and {secret_var}; only one is set",
                            kind.noun
                        )))
                    }
                },
                None => match value {
                    Some(token) => Secret::Token(token),
                    None => continue,
                },
            };
            found.push((index, var, secret));
        }
        match found.as_slice() {
            [] if !conventions::CREDENTIALS_REQUIRED => Ok(Vec::new()),
            [] => Err(invalid(format!(
                "no credentials: {}",
                ways_to_authenticate(mode)
            ))),
            [(_, first, _), (_, second, _), ..] if !conventions::SEVERAL_CREDENTIALS => {
                Err(invalid(format!(
                    "both {first} and {second} are set: unset one, or pass the credentials to \
                     use explicitly"
                )))
            }
            found => Ok(found
                .iter()
                .map(|(index, _, secret)| (*index, secret.clone()))
                .collect()),
        }
    }

    /// The context value (an account id, say) the chosen kind of credentials
    /// needs, or `None` when it needs none.
    fn resolve_context(&self, mode: &Mode, kind: Option<usize>) -> Result<Option<String>, Error> {
        let Some(context) = &conventions::CONTEXT else {
            return Ok(None);
        };
        let kind = kind.map(|index| &conventions::CREDENTIALS[index]);
        let refuse = |what: &str| {
            invalid(format!(
                "{} cannot be used with {what}: remove {}",
                context.noun, context.setter
            ))
        };
        // An explicit value that would be silently ignored is an error. The
        // environment's is not, since it may be set for other tools.
        match mode {
            Mode::WithoutContext { client, .. } if self.context.is_some() => {
                return Err(refuse(&format!("{client}, which acts without one")))
            }
            Mode::Key(key, _) if self.context.is_some() => {
                return Err(refuse(&format!(
                    "{}, which already belongs to one",
                    key.noun
                )))
            }
            Mode::WithoutContext { .. } | Mode::Key(..) => return Ok(None),
            Mode::Main => {}
        }
        let Some(kind) = kind.filter(|kind| kind.needs_context) else {
            if self.context.is_some() {
                return Err(refuse(&format!(
                    "{}, which already belongs to one",
                    kind.map_or("these credentials", |kind| kind.noun)
                )));
            }
            return Ok(None);
        };
        let value = self
            .context
            .clone()
            .or_else(|| context.env_var.and_then(|var| self.env.get(var)))
            .ok_or_else(|| {
                invalid(format!(
                    "{} needs {}: call {}{}",
                    kind.noun,
                    context.noun,
                    context.setter,
                    context
                        .env_var
                        .map(|var| format!(" or set {var}"))
                        .unwrap_or_default()
                ))
            })?;
        if value.is_empty() {
            return Err(invalid(format!("{} is empty", context.noun)));
        }
        if !is_header_token(&value) {
            return Err(invalid(format!(
                "{} contains characters it cannot have (spaces, tabs, line breaks or non-ASCII)",
                context.noun
            )));
        }
        Ok(Some(value))
    }
}

impl Auth {
    /// `headers` for every request and the credentials held, with a redactor
    /// for all of them.
    pub(crate) fn new(headers: HeaderMap, credentials: Vec<Held>) -> Auth {
        let secrets = credentials
            .iter()
            .flat_map(|held| held.secrets.iter().cloned())
            .collect();
        Auth {
            headers,
            credentials,
            redactor: Redactor::new(secrets),
        }
    }

    /// The credentials `op` is sent with: those of the first alternative of
    /// its security requirements that the client holds, else none where it
    /// accepts no credentials; every one held where the document states no
    /// requirement. A client that meets none of them sends nothing.
    pub(crate) fn for_operation(&self, op: &Operation) -> Result<Vec<&Held>, Error> {
        let Some(security) = &op.security else {
            return Ok(self.credentials.iter().collect());
        };
        // A key's client exists to call the operation that exchanges it.
        if self.credentials.iter().any(|held| held.kind.is_none()) {
            return Ok(self.credentials.iter().collect());
        }
        let holds = |kind: &usize| self.credentials.iter().any(|h| h.kind == Some(*kind));
        let met = security
            .alternatives
            .iter()
            .find(|alternative| !alternative.is_empty() && alternative.iter().all(holds));
        if let Some(alternative) = met {
            return Ok(self
                .credentials
                .iter()
                .filter(|held| held.kind.is_some_and(|kind| alternative.contains(&kind)))
                .collect());
        }
        if security.alternatives.iter().any(|a| a.is_empty()) {
            return Ok(Vec::new());
        }
        Err(Error::MissingCredentials {
            operation: op.name,
            accepts: security.accepts,
        })
    }
}

impl Held {
    /// `secret` sent as `placement` says (and also in `also_header`).
    fn new(
        kind: Option<usize>,
        placement: &Placement,
        also_header: Option<&'static str>,
        secret: Secret,
    ) -> Result<Held, Error> {
        let mut held = Held {
            kind,
            headers: HeaderMap::new(),
            query: None,
            basic: None,
            oauth: None,
            secrets: Vec::new(),
        };
        let token = match secret {
            Secret::Basic { username, password } => {
                held.secrets = vec![password.clone()];
                held.basic = Some((username, password));
                return Ok(held);
            }
            Secret::Client { id, secret } => {
                // A client-credentials setter always gives `Secret::Client`.
                if let Placement::ClientCredentials {
                    token_url,
                    refresh_url,
                    scopes,
                } = placement
                {
                    let source = TokenSource::new(token_url, *refresh_url, scopes, id, secret);
                    held.secrets = vec![source.secret().to_owned()];
                    held.oauth = Some(Arc::new(source));
                }
                return Ok(held);
            }
            Secret::Token(token) => token,
        };
        match placement {
            // A basic scheme's setter always gives `Secret::Basic`, a
            // client-credentials one `Secret::Client`.
            Placement::Bearer | Placement::Basic | Placement::ClientCredentials { .. } => {
                held.headers.insert(
                    reqwest::header::AUTHORIZATION,
                    sensitive_header(&format!("Bearer {token}"))?,
                );
            }
            Placement::Header(name) => {
                held.headers
                    .insert(HeaderName::from_static(name), sensitive_header(&token)?);
            }
            Placement::Query(name) => held.query = Some((*name, token.clone())),
        }
        if let Some(name) = also_header {
            held.headers
                .insert(HeaderName::from_static(name), sensitive_header(&token)?);
        }
        held.secrets = vec![token];
        Ok(held)
    }
}

impl Client {
    /// The credentials requests are sent with now.
    pub(crate) fn auth(&self) -> Arc<Auth> {
        self.auth
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// This client's credentials now, and the same with its token, of kind
    /// `index`, replaced by `token`, which is checked as `build` checks it.
    pub(crate) fn replaced_auth(
        &self,
        index: usize,
        token: String,
    ) -> Result<(Arc<Auth>, Arc<Auth>), Error> {
        let kind = &conventions::CREDENTIALS[index];
        let current = self.auth();
        let Some(position) = current
            .credentials
            .iter()
            .position(|held| held.kind == Some(index))
        else {
            return Err(invalid(format!(
                "this client was not built with {}, so it has none to replace",
                kind.noun
            )));
        };
        check_token(kind.noun, &token)?;
        kind.check_prefix(index, &token)?;
        let mut replacement = Held::new(
            Some(index),
            &kind.placement,
            kind.also_header,
            Secret::Token(token),
        )?;
        // The context value it was sent with stays.
        let old = &current.credentials[position];
        for (name, value) in &old.headers {
            if !replacement.headers.contains_key(name) {
                replacement.headers.insert(name.clone(), value.clone());
            }
        }
        let credentials = current
            .credentials
            .iter()
            .enumerate()
            .map(|(i, held)| {
                if i == position {
                    replacement.clone()
                } else {
                    held.clone()
                }
            })
            .collect();
        let auth = Auth::new(current.headers.clone(), credentials);
        Ok((current, Arc::new(auth)))
    }

    /// Makes this client and every clone of it send `auth` from now on
    /// (requests already under way keep the credentials they started with),
    /// unless the credentials are no longer `base`: another replacement came
    /// first, and this one, made from older ones, must not undo it.
    pub(crate) fn adopt_auth(&self, base: &Arc<Auth>, auth: Arc<Auth>) -> Result<(), Error> {
        let mut current = self.auth.write().unwrap_or_else(PoisonError::into_inner);
        if !Arc::ptr_eq(&current, base) {
            return Err(invalid(
                "the credentials were replaced by another call meanwhile; this replacement \
                 was not made",
            ));
        }
        *current = auth;
        Ok(())
    }
}

impl Credential {
    /// Where such a token is given, with its environment variable.
    pub(crate) fn given_with(&self) -> String {
        match (self.env_var, self.secret_env_var) {
            (Some(var), Some(secret_var)) => format!("{} or {var} and {secret_var}", self.setter),
            (Some(var), None) => format!("{} or {var}", self.setter),
            (None, _) => self.setter.to_owned(),
        }
    }

    /// Refuses a token that, by its prefix, is of another kind than this one,
    /// `conventions::CREDENTIALS[index]` (the longest matching prefix wins).
    /// Messages name kinds, never the token.
    fn check_prefix(&self, index: usize, token: &str) -> Result<(), Error> {
        if let Some(refused) = conventions::REFUSED_PREFIXES
            .iter()
            .find(|refused| token.starts_with(refused.prefix))
        {
            return Err(invalid(format!(
                "the value given as {} is {}",
                self.noun, refused.message
            )));
        }
        match (kind_by_prefix(token), self.prefix) {
            (Some((found, _)), _) if found == index => Ok(()),
            (Some((_, kind)), _) => Err(invalid(format!(
                "the value given as {} is {} (it starts with {}): pass it with {} instead",
                self.noun,
                kind.noun,
                kind.prefix.unwrap_or_default(),
                kind.given_with(),
            ))),
            (None, Some(prefix)) => Err(invalid(format!(
                "the value given as {} has an unknown format: expected it to start with {prefix}",
                self.noun,
            ))),
            (None, None) => Ok(()),
        }
    }
}

/// The kind of credentials a token is by its prefix (the longest matching
/// prefix wins), with its index in `conventions::CREDENTIALS`.
fn kind_by_prefix(token: &str) -> Option<(usize, &'static Credential)> {
    conventions::CREDENTIALS
        .iter()
        .enumerate()
        .filter(|(_, kind)| kind.prefix.is_some_and(|p| token.starts_with(p)))
        .max_by_key(|(_, kind)| kind.prefix.map_or(0, str::len))
}

/// Refuses a key that, by its prefix, is one of the client's credentials, or
/// does not start as such keys do.
fn check_key_prefix(key: &KeyAuth, value: &str) -> Result<(), Error> {
    let credential = kind_by_prefix(value).map(|(_, kind)| kind);
    let matches_key = key.prefix.is_some_and(|p| value.starts_with(p));
    let longer_credential = credential.filter(|kind| {
        let credential_len = kind.prefix.map_or(0, str::len);
        !matches_key || credential_len > key.prefix.map_or(0, str::len)
    });
    if let Some(kind) = longer_credential {
        return Err(invalid(format!(
            "the value given as {} is {} (it starts with {}): build the client with {} instead",
            key.noun,
            kind.noun,
            kind.prefix.unwrap_or_default(),
            kind.given_with()
        )));
    }
    match key.prefix {
        Some(prefix) if !matches_key => Err(invalid(format!(
            "the value given as {} has an unknown format: expected it to start with {prefix}",
            key.noun
        ))),
        _ => Ok(()),
    }
}

/// Refuses a credential of kind `index` that cannot be sent as given.
fn check_secret(index: usize, secret: &Secret) -> Result<(), Error> {
    let kind = &conventions::CREDENTIALS[index];
    match secret {
        Secret::Token(token) => {
            check_token(kind.noun, token)?;
            kind.check_prefix(index, token)
        }
        Secret::Basic { username, password } => {
            if username.is_empty() || username.contains(':') {
                return Err(invalid(format!(
                    "the user name of {} must be non-empty and cannot contain `:`",
                    kind.noun
                )));
            }
            if username
                .chars()
                .chain(password.chars())
                .any(char::is_control)
            {
                return Err(invalid(format!(
                    "{} contains control characters (a stray line break?)",
                    kind.noun
                )));
            }
            Ok(())
        }
        Secret::Client { id, secret } => {
            if id.is_empty() || secret.is_empty() {
                return Err(invalid(format!(
                    "the client id and secret of {} must both be non-empty",
                    kind.noun
                )));
            }
            if id.chars().chain(secret.chars()).any(char::is_control) {
                return Err(invalid(format!(
                    "{} contains control characters (a stray line break?)",
                    kind.noun
                )));
            }
            Ok(())
        }
    }
}

/// A token must be non-empty visible ASCII: it travels in a header.
fn check_token(noun: &str, token: &str) -> Result<(), Error> {
    if token.is_empty() {
        return Err(invalid(format!("{noun} was given but is empty")));
    }
    if !is_header_token(token) {
        return Err(invalid(format!(
            "{noun} contains characters a token cannot have (spaces, tabs, line breaks or \
             non-ASCII): check for a stray space or line break where it was copied"
        )));
    }
    Ok(())
}

/// What to call or set to give a client of `mode` credentials.
fn ways_to_authenticate(mode: &Mode) -> String {
    let context = match mode {
        Mode::Main => conventions::CONTEXT.as_ref(),
        _ => None,
    };
    let ways: Vec<String> = conventions::CREDENTIALS
        .iter()
        .enumerate()
        .filter(|(index, _)| match mode {
            Mode::WithoutContext { kinds, .. } => kinds.contains(index),
            _ => true,
        })
        .map(|(_, kind)| {
            let mut way = kind.setter.to_owned();
            let context = context.filter(|_| kind.needs_context);
            if let Some(context) = context {
                way.push_str(&format!(" with {}", context.setter));
            }
            if let Some(var) = kind.env_var {
                way.push_str(&format!(" (or set {var}"));
                if let Some(secret_var) = kind.secret_env_var {
                    way.push_str(&format!(" and {secret_var}"));
                }
                if let Some(context_var) = context.and_then(|c| c.env_var) {
                    way.push_str(&format!(" and {context_var}"));
                }
                way.push(')');
            }
            way
        })
        .collect();
    format!("call {}", ways.join(", or "))
}

/// A header value that `Debug` output of reqwest and `http` types hides.
fn sensitive_header(value: &str) -> Result<HeaderValue, Error> {
    let mut value = HeaderValue::from_str(value).map_err(|_| {
        invalid("the token contains characters that cannot be sent in an HTTP header")
    })?;
    value.set_sensitive(true);
    Ok(value)
}
