//! OAuth 2 client credentials (RFC 6749, section 4.4): the client fetches an
//! access token from the scheme's token endpoint with the configured client id
//! and secret, keeps it, and fetches another shortly before it expires (with
//! the refresh token, when the endpoint gave one, else with the id and secret
//! again). Concurrent calls wait for one request instead of each making its
//! own; a call answered 401 forgets its token and is sent once more with a new
//! one (see `transport`).
//!
//! The client authenticates to the token endpoint with HTTP Basic (section
//! 2.3.1, which every server must accept). The endpoint's answer is read up to
//! [`TOKEN_BODY_LIMIT`] bytes, within the client's timeout. Neither the secret
//! nor a token is ever in an error or in `Debug` output.

use std::fmt;
use std::time::Duration;

use reqwest::header::{ACCEPT, CONTENT_TYPE};
use serde::Deserialize;
use serde_json::Value;

use crate::client::ClientInner;
use crate::error::Error;
use crate::platform::Instant;
use crate::redact::Redactor;

/// The most of a token endpoint's response that is read.
const TOKEN_BODY_LIMIT: usize = 64 * 1024;

/// How long before its expiry a token is replaced (at most a tenth of its
/// lifetime, for short-lived ones): a request must not leave with a token that
/// expires on the way.
const RENEW_AHEAD: Duration = Duration::from_secs(30);

/// Where and how one kind of client credentials gets its tokens.
pub(crate) struct TokenSource {
    /// Absolute, or relative to the client's endpoint.
    token_url: &'static str,
    /// Where refresh tokens are spent, when not at `token_url`.
    refresh_url: Option<&'static str>,
    /// The scopes asked for, separated by spaces; empty for the server's default.
    scopes: &'static str,
    client_id: String,
    client_secret: String,
    /// The token in use; the lock is held while a new one is fetched, so that
    /// concurrent calls wait for that one request.
    state: tokio::sync::Mutex<Option<Token>>,
}

/// An access token and when to replace it.
struct Token {
    access: String,
    refresh: Option<String>,
    /// `None` when the endpoint gave no lifetime: the token is kept until a
    /// request is refused with it.
    renew_at: Option<Instant>,
}

/// What is exchanged for a token.
enum Grant<'a> {
    ClientCredentials,
    Refresh(&'a str),
}

impl TokenSource {
    pub(crate) fn new(
        token_url: &'static str,
        refresh_url: Option<&'static str>,
        scopes: &'static str,
        client_id: String,
        client_secret: String,
    ) -> TokenSource {
        TokenSource {
            token_url,
            refresh_url,
            scopes,
            client_id,
            client_secret,
            state: tokio::sync::Mutex::new(None),
        }
    }

    /// The secret, for the client's redactor.
    pub(crate) fn secret(&self) -> &str {
        &self.client_secret
    }

    /// A token to send now: the one kept while it is fresh, else a new one.
    pub(crate) async fn token(
        &self,
        inner: &ClientInner,
        operation: &'static str,
        redactor: &Redactor,
    ) -> Result<String, Error> {
        let mut state = self.state.lock().await;
        if let Some(token) = state.as_ref() {
            if token.renew_at.is_none_or(|at| Instant::now() < at) {
                return Ok(token.access.clone());
            }
        }
        let refresh = state.as_ref().and_then(|token| token.refresh.clone());
        let fetched = match refresh {
            // A refresh token may be revoked or spent: the id and secret still work.
            Some(refresh) => match self
                .fetch(inner, operation, redactor, Grant::Refresh(&refresh))
                .await
            {
                Ok(token) => token,
                Err(_) => {
                    self.fetch(inner, operation, redactor, Grant::ClientCredentials)
                        .await?
                }
            },
            None => {
                self.fetch(inner, operation, redactor, Grant::ClientCredentials)
                    .await?
            }
        };
        let access = fetched.access.clone();
        *state = Some(fetched);
        Ok(access)
    }

    /// Marks `used` as refused (a 401 answered it), unless another call has
    /// already replaced it: the next call fetches a new token.
    pub(crate) async fn refused(&self, used: &str) {
        let mut state = self.state.lock().await;
        if let Some(token) = state.as_mut().filter(|token| token.access == used) {
            token.renew_at = Some(Instant::now());
        }
    }

    /// Where a grant goes, and its form body.
    fn grant_request(&self, grant: &Grant<'_>) -> (&'static str, String) {
        let mut form = form_urlencoded::Serializer::new(String::new());
        let url = match grant {
            Grant::ClientCredentials => {
                form.append_pair("grant_type", "client_credentials");
                if !self.scopes.is_empty() {
                    form.append_pair("scope", self.scopes);
                }
                self.token_url
            }
            Grant::Refresh(refresh) => {
                form.append_pair("grant_type", "refresh_token");
                form.append_pair("refresh_token", refresh);
                self.refresh_url.unwrap_or(self.token_url)
            }
        };
        (url, form.finish())
    }

    /// One request to the token endpoint.
    async fn fetch(
        &self,
        inner: &ClientInner,
        operation: &'static str,
        redactor: &Redactor,
        grant: Grant<'_>,
    ) -> Result<Token, Error> {
        // Errors quote what the endpoint said, never the secret: the client's
        // redactor hides it, as it hides every credential the client holds.
        // (A refused refresh is never shown: the id and secret are tried next.)
        let failed = |status: Option<u16>, message: String| Error::Token {
            operation,
            status,
            message: redactor.text(&message),
        };
        let (url, body) = self.grant_request(&grant);
        let url = absolute(url, &inner.endpoint);
        // Section 2.3.1: the id and secret are form-encoded, then Basic-encoded.
        let encode =
            |text: &str| form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
        let request = inner
            .http
            .post(&url)
            .basic_auth(encode(&self.client_id), Some(encode(&self.client_secret)))
            .header(ACCEPT, "application/json")
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body);
        let exchange = async {
            let response = request.send().await.map_err(|e| {
                failed(
                    None,
                    format!(
                        "the token endpoint could not be reached: {}",
                        e.without_url()
                    ),
                )
            })?;
            let status = response.status();
            let mut body = Vec::new();
            let mut response = crate::platform::chunks(response);
            while let Some(chunk) = response.chunk().await.map_err(|e| {
                failed(
                    Some(status.as_u16()),
                    format!(
                        "the token endpoint's answer was cut off: {}",
                        e.without_url()
                    ),
                )
            })? {
                if body.len() + chunk.len() > TOKEN_BODY_LIMIT {
                    return Err(failed(
                        Some(status.as_u16()),
                        format!(
                            "the token endpoint's answer is larger than {TOKEN_BODY_LIMIT} bytes"
                        ),
                    ));
                }
                body.extend_from_slice(&chunk);
            }
            Ok((status, body))
        };
        let (status, body) = crate::platform::timeout(inner.timeout, exchange)
            .await
            .map_err(|_| {
                failed(
                    None,
                    format!(
                        "the token endpoint did not answer within {:?}",
                        inner.timeout
                    ),
                )
            })??;
        if !status.is_success() {
            // Section 5.2: `error`, and perhaps `error_description`.
            let said = match serde_json::from_slice::<TokenError>(&body) {
                Ok(TokenError {
                    error: Some(error),
                    error_description: Some(description),
                }) => format!(": {error}: {description}"),
                Ok(TokenError {
                    error: Some(error), ..
                }) => format!(": {error}"),
                _ => String::new(),
            };
            return Err(failed(
                Some(status.as_u16()),
                format!("the token endpoint answered {}{said}", status.as_u16()),
            ));
        }
        let Ok(answer) = serde_json::from_slice::<TokenAnswer>(&body) else {
            return Err(failed(
                Some(status.as_u16()),
                "the token endpoint's answer is not a JSON object".to_owned(),
            ));
        };
        parse_token(answer).map_err(|problem| failed(Some(status.as_u16()), problem.to_owned()))
    }
}

/// A token endpoint's answer (section 5.1), as sent.
#[derive(Deserialize)]
struct TokenAnswer {
    access_token: Option<String>,
    token_type: Option<String>,
    /// Seconds; some servers send it as a string.
    expires_in: Option<Value>,
    refresh_token: Option<String>,
}

/// A token endpoint's refusal (section 5.2).
#[derive(Deserialize)]
struct TokenError {
    error: Option<String>,
    error_description: Option<String>,
}

/// A token response, checked: a bearer token, with a lifetime in seconds.
fn parse_token(answer: TokenAnswer) -> Result<Token, &'static str> {
    let access = answer
        .access_token
        .filter(|token| !token.is_empty() && crate::client::is_header_token(token))
        .ok_or("the token endpoint's answer has no usable `access_token`")?;
    let token_type = answer.token_type.unwrap_or_default();
    if !token_type.eq_ignore_ascii_case("bearer") {
        return Err("the token endpoint gave a token that is not a bearer token");
    }
    let lifetime = match answer.expires_in {
        Some(Value::Number(seconds)) => seconds.as_u64(),
        Some(Value::String(seconds)) => seconds.parse().ok(),
        _ => None,
    };
    // A lifetime too long to count is none.
    let renew_at = lifetime.and_then(|seconds| {
        let lifetime = Duration::from_secs(seconds);
        Instant::now().checked_add(lifetime - RENEW_AHEAD.min(lifetime / 10))
    });
    Ok(Token {
        access,
        refresh: answer.refresh_token.filter(|token| !token.is_empty()),
        renew_at,
    })
}

/// `url` as it is when absolute, else under `endpoint`.
fn absolute(url: &str, endpoint: &str) -> String {
    if url.starts_with("https://") || url.starts_with("http://") {
        url.to_owned()
    } else {
        format!("{endpoint}/{}", url.trim_start_matches('/'))
    }
}

impl fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSource")
            .field("token_url", &self.token_url)
            .field("scopes", &self.scopes)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(json: Value) -> Result<Token, &'static str> {
        parse_token(serde_json::from_value(json).expect("an answer"))
    }

    #[test]
    fn a_bearer_token_with_its_lifetime_as_a_number_or_a_string() {
        for expires_in in [json!(3600), json!("3600")] {
            let token = parse(json!({
                "access_token": "tok", "token_type": "Bearer", "expires_in": expires_in
            }))
            .unwrap();
            let left = token.renew_at.unwrap() - Instant::now();
            assert!(left > Duration::from_secs(3500) && left <= Duration::from_secs(3570));
        }
    }

    #[test]
    fn a_short_lived_token_is_renewed_at_nine_tenths_of_its_life() {
        let token = parse(json!({
            "access_token": "tok", "token_type": "bearer", "expires_in": 10, "refresh_token": "r"
        }))
        .unwrap();
        let left = token.renew_at.unwrap() - Instant::now();
        assert!(left > Duration::from_secs(8) && left <= Duration::from_secs(9));
        assert_eq!(token.refresh.as_deref(), Some("r"));
    }

    #[test]
    fn a_token_without_lifetime_is_kept_until_refused() {
        let token = parse(json!({"access_token": "tok", "token_type": "Bearer"})).unwrap();
        assert!(token.renew_at.is_none());
        let forever =
            json!({"access_token": "tok", "token_type": "Bearer", "expires_in": u64::MAX});
        assert!(parse(forever).unwrap().renew_at.is_none());
    }

    #[test]
    fn other_token_types_and_unusable_tokens_are_refused() {
        assert!(parse(json!({"access_token": "tok", "token_type": "mac"})).is_err());
        assert!(parse(json!({"access_token": "", "token_type": "Bearer"})).is_err());
        assert!(parse(json!({"access_token": "a\nb", "token_type": "Bearer"})).is_err());
        assert!(parse(json!({"token_type": "Bearer"})).is_err());
    }

    #[test]
    fn a_relative_token_url_is_under_the_endpoint() {
        assert_eq!(
            absolute("/oauth/token", "http://h/v1"),
            "http://h/v1/oauth/token"
        );
        assert_eq!(absolute("https://auth/t", "http://h"), "https://auth/t");
    }
}
