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
use crate::redact::Redactor;

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
    /// Authentication, context and SDK headers sent with every request. Token
    /// values are marked sensitive so that `HeaderMap`'s own `Debug` hides them.
    pub(crate) headers: HeaderMap,
    /// A credential sent as a query parameter of every request.
    pub(crate) query_auth: Option<(&'static str, String)>,
    /// A user name and password for `Authorization: Basic`.
    pub(crate) basic_auth: Option<(String, String)>,
    /// Hides the credential wherever a server echoes it into an error.
    pub(crate) redactor: Redactor,
    /// The kind of credentials (its index in `conventions::CREDENTIALS`).
    pub(crate) kind: Option<usize>,
}

/// A client's credentials before the SDK headers join them, with what `Debug`
/// shows of them.
pub(crate) struct Resolved {
    pub(crate) auth: Auth,
    /// The kind of credentials in prose, which `Debug` shows instead of a token.
    pub(crate) noun: Option<&'static str>,
    pub(crate) context: Option<String>,
}

impl Settings {
    /// The credentials a client of `mode` sends, checked.
    pub(crate) fn resolve_auth(&self, mode: Mode) -> Result<Resolved, Error> {
        // The kind (none for a key), the secret (none when the API needs no
        // credentials), and how `Debug` names them.
        let (kind, secret, noun) = match &mode {
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
                (None, Some(Secret::Token(value.clone())), Some(key.noun))
            }
            Mode::Main | Mode::WithoutContext { .. } => match self.resolve_credentials(&mode)? {
                Some((index, secret)) => {
                    let noun = conventions::CREDENTIALS[index].noun;
                    (Some(index), Some(secret), Some(noun))
                }
                None => (None, None, None),
            },
        };
        let context = self.resolve_context(&mode, kind)?;
        let mut auth = Auth {
            headers: HeaderMap::new(),
            query_auth: None,
            basic_auth: None,
            redactor: Redactor::default(),
            kind,
        };
        match (&mode, kind, secret) {
            (Mode::Key(key, _), _, Some(secret)) => {
                auth.set_token(&Placement::Header(key.header), None, secret)?
            }
            (_, Some(index), Some(secret)) => {
                let credential = &conventions::CREDENTIALS[index];
                auth.set_token(&credential.placement, credential.also_header, secret)?;
            }
            _ => {}
        }
        if let (Some(value), Some(header)) = (&context, &conventions::CONTEXT) {
            let value = HeaderValue::from_str(value).map_err(|_| {
                invalid(format!(
                    "{} contains characters that cannot be sent in an HTTP header",
                    header.noun
                ))
            })?;
            auth.headers
                .insert(HeaderName::from_static(header.header), value);
        }
        Ok(Resolved {
            auth,
            noun,
            context,
        })
    }

    /// Picks the one credential to use (explicit first, then the environment)
    /// among the kinds `mode` takes, and checks it; `None` when the API needs none.
    fn resolve_credentials(&self, mode: &Mode) -> Result<Option<(usize, Secret)>, Error> {
        let kinds = conventions::CREDENTIALS;
        let allowed = |index: usize| match mode {
            Mode::WithoutContext { kinds, .. } => kinds.contains(&index),
            _ => true,
        };
        let (index, secret) = match self.credentials.as_slice() {
            [(index, secret)] if allowed(*index) => (*index, secret.clone()),
            [(index, _)] => {
                let Mode::WithoutContext { client, .. } = mode else {
                    unreachable!("only a client without context refuses a kind")
                };
                return Err(invalid(format!(
                    "{client} cannot use {}: {}",
                    kinds[*index].noun,
                    ways_to_authenticate(mode)
                )));
            }
            [] if kinds.is_empty() => return Ok(None),
            [] => self.credentials_from_env(mode, allowed)?,
            [(first, _), (second, _), ..] => {
                return Err(invalid(format!(
                    "both {} ({}) and {} ({}) were given: pass only one kind of credentials",
                    kinds[*first].noun,
                    kinds[*first].given_with(),
                    kinds[*second].noun,
                    kinds[*second].given_with()
                )))
            }
        };
        let kind = &kinds[index];
        match &secret {
            Secret::Token(token) => {
                check_token(kind.noun, token)?;
                kind.check_prefix(index, token)?;
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
            }
        }
        Ok(Some((index, secret)))
    }

    fn credentials_from_env(
        &self,
        mode: &Mode,
        allowed: impl Fn(usize) -> bool,
    ) -> Result<(usize, Secret), Error> {
        let found: Vec<(usize, &'static str, String)> = conventions::CREDENTIALS
            .iter()
            .enumerate()
            .filter(|(index, _)| allowed(*index))
            .filter_map(|(index, kind)| {
                let var = kind.env_var?;
                Some((index, var, self.env.get(var)?))
            })
            .collect();
        match found.as_slice() {
            [(index, _, token)] => Ok((*index, Secret::Token(token.clone()))),
            [(_, first, _), (_, second, _), ..] => Err(invalid(format!(
                "both {first} and {second} are set: unset one, or pass the credentials to use \
                 explicitly"
            ))),
            [] => Err(invalid(format!(
                "no credentials: {}",
                ways_to_authenticate(mode)
            ))),
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
    /// Sends `secret` as `placement` says (and also in `also_header`).
    fn set_token(
        &mut self,
        placement: &Placement,
        also_header: Option<&'static str>,
        secret: Secret,
    ) -> Result<(), Error> {
        let token = match secret {
            Secret::Basic { username, password } => {
                self.redactor = Redactor::new(vec![password.clone()]);
                self.basic_auth = Some((username, password));
                return Ok(());
            }
            Secret::Token(token) => token,
        };
        match placement {
            // A basic scheme's setter always gives `Secret::Basic`.
            Placement::Bearer | Placement::Basic => {
                self.headers.insert(
                    reqwest::header::AUTHORIZATION,
                    sensitive_header(&format!("Bearer {token}"))?,
                );
            }
            Placement::Header(name) => {
                self.headers
                    .insert(HeaderName::from_static(name), sensitive_header(&token)?);
            }
            Placement::Query(name) => self.query_auth = Some((*name, token.clone())),
        }
        if let Some(name) = also_header {
            self.headers
                .insert(HeaderName::from_static(name), sensitive_header(&token)?);
        }
        self.redactor = Redactor::new(vec![token]);
        Ok(())
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
        if current.kind != Some(index) {
            return Err(invalid(format!(
                "this client was not built with {}, so it has none to replace",
                kind.noun
            )));
        }
        check_token(kind.noun, &token)?;
        kind.check_prefix(index, &token)?;
        let mut auth = Auth {
            headers: current.headers.clone(),
            query_auth: None,
            basic_auth: None,
            redactor: Redactor::default(),
            kind: Some(index),
        };
        auth.set_token(&kind.placement, kind.also_header, Secret::Token(token))?;
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
        match self.env_var {
            Some(var) => format!("{} or {var}", self.setter),
            None => self.setter.to_owned(),
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
