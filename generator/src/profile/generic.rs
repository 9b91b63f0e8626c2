//! The profile of a spec nobody wrote one for: the client is named after the
//! spec's title, connects to its first server, and authenticates the ways its
//! `securitySchemes` say (bearer tokens, API keys in a header or the query,
//! HTTP basic). Responses are returned whole; nothing paginates. The SDK
//! grouping extensions it reads are data (`generator/profiles/generic.toml`).

use super::*;
use crate::diagnostics::{Diagnostics, Pointer};
use crate::names::{self, Scope};
use heck::ToShoutySnakeCase;
use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityScheme};

/// What `--profile` calls it.
pub const NAME: &str = "generic";

/// Field names that hold secrets in most APIs.
const SENSITIVE_FIELDS: &[&str] = &[
    "access_token",
    "api_key",
    "client_secret",
    "password",
    "private_key",
    "refresh_token",
    "secret",
    "token",
];

/// The part of the generic profile no document gives, as data.
const DEFAULTS: &str = include_str!("../../profiles/generic.toml");

/// What `DEFAULTS` may declare.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Defaults {
    #[serde(default)]
    extensions: Extensions,
    #[serde(default)]
    package: Package,
}

/// `DEFAULTS` read; a unit test checks it reads, so the fallback (no
/// extensions) is never taken.
fn defaults() -> Defaults {
    toml::from_str(DEFAULTS).unwrap_or_default()
}

/// The profile `spec` describes, which every other extends.
pub fn profile(spec: &OpenAPI, diags: &mut Diagnostics) -> Profile {
    let title = spec.info.title.trim();
    let client_name = names::client_type_name(title);
    let env_prefix = match title.to_shouty_snake_case() {
        prefix if prefix.starts_with(|c: char| c.is_ascii_alphabetic()) => prefix
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect(),
        _ => "API".to_owned(),
    };
    let credentials = credentials(spec, &env_prefix, diags);
    Profile {
        api_name: if title.is_empty() {
            "the API".to_owned()
        } else {
            title.to_owned()
        },
        crate_name: names::crate_name(title),
        client_builder_name: format!("{client_name}Builder"),
        client_name,
        client_variable: "client".to_owned(),
        env_prefix,
        deprecated_endpoint_vars: Vec::new(),
        default_endpoint: None,
        headers: Default::default(),
        user_agent: "{crate}/{version}".to_owned(),
        request_id_header: None,
        errors: Errors::None {},
        idempotency: Idempotency::None {},
        credentials,
        several_credentials: true,
        context: None,
        refused_prefixes: Vec::new(),
        envelope: None,
        naming: Naming::OperationId {},
        methods: Methods::Each {
            form_in_query: Vec::new(),
        },
        pagination: Vec::new(),
        action_attempts: None,
        extensions: defaults().extensions,
        sensitive_fields: SENSITIVE_FIELDS.iter().map(|s| (*s).to_owned()).collect(),
        // Nothing in an OpenAPI document says how its webhooks are signed.
        webhooks: None,
        without_context: None,
        one_type_per_name: false,
        // A union body is one typed argument: nothing says its variants merge.
        merge_union_bodies: false,
        key_exchange: None,
        package: defaults().package,
    }
}

/// One credential per security scheme the client can use, in the spec's order.
fn credentials(spec: &OpenAPI, env_prefix: &str, diags: &mut Diagnostics) -> Vec<Credential> {
    let Some(components) = &spec.components else {
        return Vec::new();
    };
    let mut setters = Scope::with_reserved(names::BUILDER_METHOD_NAMES);
    let mut out = Vec::new();
    for (key, scheme) in &components.security_schemes {
        let at = Pointer::root()
            .join("components")
            .join("securitySchemes")
            .join(key);
        let ReferenceOr::Item(scheme) = scheme else {
            diags.warning(
                &at,
                "a `$ref` security scheme is not followed; the client cannot use it",
            );
            continue;
        };
        let (placement, noun) = match scheme {
            SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => {
                (Placement::Bearer, format!("the `{key}` bearer token"))
            }
            SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => (
                Placement::Basic,
                format!("the `{key}` user name and password"),
            ),
            // OAuth 2 and OpenID Connect end in a bearer token: the caller gets it.
            SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. } => {
                (Placement::Bearer, format!("the `{key}` access token"))
            }
            SecurityScheme::APIKey {
                location: APIKeyLocation::Header,
                name,
                ..
            // Lowercase: header names are case-insensitive, and HTTP/2 sends them so.
            } if crate::names::is_http_token(name) => (
                Placement::Header(name.to_ascii_lowercase()),
                format!("the `{key}` API key"),
            ),
            SecurityScheme::APIKey {
                location: APIKeyLocation::Query,
                name,
                ..
            } if !name.is_empty() => (
                Placement::Query(name.clone()),
                format!("the `{key}` API key"),
            ),
            SecurityScheme::APIKey {
                location: APIKeyLocation::Cookie,
                ..
            } => {
                diags
                    .warning(at.join("in"), "an API key in a cookie is not supported; the client cannot use this scheme")
                    .help("configure the cookie yourself with configure_http_client");
                continue;
            }
            _ => {
                // The field that rules the scheme out: its HTTP scheme, or its key's name.
                let field = match scheme {
                    SecurityScheme::HTTP { .. } => "scheme",
                    SecurityScheme::APIKey { .. } => "name",
                    _ => "type",
                };
                diags.warning(at.join(field), "this security scheme is not supported (bearer, basic, OAuth 2, OpenID Connect and API keys in a header or the query are); the client cannot use it");
                continue;
            }
        };
        let (setter, _) = setters.claim(names::snake_name(key));
        let basic = placement == Placement::Basic;
        let client_credentials = match scheme {
            SecurityScheme::OAuth2 { flows, .. } => flows.client_credentials.as_ref(),
            _ => None,
        };
        out.push(Credential {
            doc: format!("Authenticates with {noun} (the `{key}` security scheme)."),
            env_var: (!basic).then(|| format!("{env_prefix}_{}", setter.to_shouty_snake_case())),
            setter,
            noun,
            prefix: None,
            example: if basic {
                vec!["user".to_owned(), "password".to_owned()]
            } else {
                vec!["token".to_owned()]
            },
            placement,
            also_header: None,
            needs_context: false,
            secret_env_var: None,
            update: None,
            schemes: vec![key.clone()],
        });
        // Besides a token fetched by the caller: the client fetches its own.
        if let Some(flow) = client_credentials {
            out.push(client_credentials_credential(
                spec,
                key,
                flow,
                env_prefix,
                &mut setters,
            ));
        }
    }
    out
}

/// The credential of an OAuth 2 scheme's client-credentials flow: a client id and
/// secret, exchanged at the flow's token URL for tokens with the scopes the
/// document's operations ask of the scheme (in the flow's order).
fn client_credentials_credential(
    spec: &OpenAPI,
    key: &str,
    flow: &openapiv3::ClientCredentialsOAuth2Flow,
    env_prefix: &str,
    setters: &mut Scope,
) -> Credential {
    let (setter, _) = setters.claim(format!("{}_client_credentials", names::snake_name(key)));
    let used = required_scopes(spec, key);
    let scopes = (flow.scopes.keys())
        .filter(|scope| used.contains(scope.as_str()))
        .cloned()
        .collect();
    let var = format!(
        "{env_prefix}_{}",
        names::snake_name(key).to_shouty_snake_case()
    );
    let noun = format!("the `{key}` OAuth 2 client id and secret");
    Credential {
        doc: format!(
            "Authenticates with {noun} (the `{key}` security scheme's client credentials): \
             the client fetches its access tokens itself, and renews them."
        ),
        env_var: Some(format!("{var}_CLIENT_ID")),
        secret_env_var: Some(format!("{var}_CLIENT_SECRET")),
        setter,
        noun,
        prefix: None,
        example: vec!["client-id".to_owned(), "client-secret".to_owned()],
        placement: Placement::ClientCredentials(ClientCredentials {
            token_url: flow.token_url.clone(),
            refresh_url: flow.refresh_url.clone(),
            scopes,
        }),
        also_header: None,
        needs_context: false,
        update: None,
        schemes: vec![key.to_owned()],
    }
}

/// Every scope the document's security requirements (its own and its
/// operations') ask of the scheme `key`.
fn required_scopes<'a>(spec: &'a OpenAPI, key: &str) -> std::collections::BTreeSet<&'a str> {
    let operations = spec
        .paths
        .paths
        .values()
        .filter_map(|item| item.as_item())
        .flat_map(|item| item.iter().map(|(_, operation)| operation));
    let requirements = (spec.security.iter().flatten())
        .chain(operations.flat_map(|operation| operation.security.iter().flatten()));
    requirements
        .filter_map(|requirement| requirement.get(key))
        .flatten()
        .map(String::as_str)
        .collect()
}

/// The spec's first server as an absolute http(s) URL, its variables set to their
/// defaults; `None` when there is none or it is relative.
pub fn server_endpoint(spec: &OpenAPI) -> Option<String> {
    let server = spec.servers.first()?;
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    let absolute = url.starts_with("https://") || url.starts_with("http://");
    let plain = !url.contains(['{', '}', '?', '#', '@'])
        && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    (absolute && plain).then(|| url.trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_file_reads() {
        let defaults: Defaults = toml::from_str(DEFAULTS).unwrap();
        assert_eq!(defaults.extensions.group_name.len(), 2);
        assert_eq!(defaults.extensions.method_name.len(), 2);
    }
}
