//! An operation's security requirements, as the credentials the client can
//! meet them with: each alternative the document lists becomes the profile's
//! credentials that meet every scheme it names (none for an empty one, which
//! means "no credentials"), so the runtime sends exactly what the operation
//! asks for. Alternatives no credential of the profile can meet are dropped,
//! and named in the prose the runtime's error gives.

use crate::diagnostics::{Diagnostics, Pointer};
use crate::model::Security;
use crate::profile::Profile;
use openapiv3::{OpenAPI, SecurityRequirement};

/// The requirements that apply to `operation` (its own, else the document's).
fn requirements<'s>(
    operation: &'s openapiv3::Operation,
    spec: &'s OpenAPI,
) -> Option<&'s Vec<SecurityRequirement>> {
    operation.security.as_ref().or(spec.security.as_ref())
}

/// The security schemes any of an operation's requirements names, in order.
pub(in crate::lower) fn schemes(operation: &openapiv3::Operation, spec: &OpenAPI) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for name in requirements(operation, spec)
        .into_iter()
        .flatten()
        .flat_map(|r| r.keys())
    {
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    names
}

/// What `operation` (at `pointer`) accepts; `None` when the document states
/// no requirement for it, so any credentials the client holds are sent. An
/// operation none of whose alternatives the profile's credentials can meet is
/// reported: the client refuses to send it.
pub(in crate::lower) fn security(
    operation: &openapiv3::Operation,
    spec: &OpenAPI,
    profile: &Profile,
    pointer: &Pointer,
    display_name: &str,
    diags: &mut Diagnostics,
) -> Option<Security> {
    let requirements = requirements(operation, spec)?;
    if requirements.is_empty() {
        // `security: []`: the operation is public.
        return Some(Security {
            alternatives: vec![Vec::new()],
            accepts: "no credentials".to_owned(),
        });
    }
    let mut alternatives: Vec<Vec<usize>> = Vec::new();
    let mut described: Vec<String> = Vec::new();
    for requirement in requirements {
        let ways = met_by(requirement, profile);
        if ways.is_empty() {
            described.push(describe(requirement, None, profile));
        }
        for credentials in ways {
            described.push(describe(requirement, Some(&credentials), profile));
            if !alternatives.contains(&credentials) {
                alternatives.push(credentials);
            }
        }
    }
    if alternatives.is_empty() {
        let at = match operation.security {
            Some(_) => pointer.join("security"),
            None => Pointer::root().join("security"),
        };
        diags
            .warning(
                &at,
                "no credentials of the client meet any of the operation's security requirements: \
                 it is generated, but fails before sending",
            )
            .operation(display_name.to_owned())
            .help("declare how the client authenticates with these schemes in the profile");
    }
    Some(Security {
        alternatives,
        accepts: join_alternatives(&described),
    })
}

/// The most ways of meeting one requirement that are kept: each scheme met by
/// several kinds of credentials multiplies them.
const MAX_WAYS: usize = 16;

/// Every set of credentials (indices in the profile's list) that together meet
/// every scheme `requirement` names, the preferred first; none when some
/// scheme is met by no credential. A scheme several kinds meet (an OAuth 2
/// scheme: a token given, or client credentials) gives a way for each. Within
/// a way, the schemes fewest credentials meet choose first (a PAT's own scheme
/// before the workspace header that two kinds send), and a scheme a chosen
/// credential already meets adds none.
fn met_by(requirement: &SecurityRequirement, profile: &Profile) -> Vec<Vec<usize>> {
    let meeting = |scheme: &str| -> Vec<usize> {
        (profile.credentials.iter().enumerate())
            .filter(|(_, c)| c.schemes.iter().any(|s| s == scheme))
            .map(|(i, _)| i)
            .collect()
    };
    let mut schemes: Vec<(&String, Vec<usize>)> =
        requirement.keys().map(|s| (s, meeting(s))).collect();
    // A stable sort keeps the document's order among equals.
    schemes.sort_by_key(|(_, credentials)| credentials.len());
    let mut ways: Vec<Vec<usize>> = vec![Vec::new()];
    for (_, credentials) in schemes {
        if credentials.is_empty() {
            return Vec::new();
        }
        let mut next = Vec::new();
        for way in ways {
            if credentials.iter().any(|c| way.contains(c)) {
                next.push(way);
                continue;
            }
            for &credential in &credentials {
                let mut longer = way.clone();
                longer.push(credential);
                next.push(longer);
            }
        }
        next.truncate(MAX_WAYS);
        ways = next;
    }
    ways
}

/// One alternative in prose: the credentials that meet it, or its schemes
/// when the client has none for them.
fn describe(requirement: &SecurityRequirement, met: Option<&[usize]>, profile: &Profile) -> String {
    match met {
        Some([]) => "no credentials".to_owned(),
        Some(indices) => indices
            .iter()
            .map(|&i| {
                let credential = &profile.credentials[i];
                format!("{} ({})", credential.noun, credential.given_with())
            })
            .collect::<Vec<_>>()
            .join(" and "),
        None => {
            let schemes: Vec<String> = requirement.keys().map(|k| format!("`{k}`")).collect();
            format!(
                "the {} security scheme{}, which this client cannot send",
                schemes.join(" and "),
                if schemes.len() == 1 { "" } else { "s" }
            )
        }
    }
}

fn join_alternatives(described: &[String]) -> String {
    let mut unique: Vec<&str> = Vec::new();
    for text in described {
        if !unique.contains(&text.as_str()) {
            unique.push(text);
        }
    }
    match unique.as_slice() {
        [] => "no credentials".to_owned(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{}, or {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;

    fn spec(yaml: &str) -> OpenAPI {
        serde_yaml::from_str(yaml).expect("a valid document")
    }

    const DOC: &str = r#"
openapi: 3.0.3
info: {title: Shop, version: "1"}
security: [{key: []}]
paths:
  /public:
    get:
      security: []
      responses: {"200": {description: ok}}
  /optional:
    get:
      security: [{}, {key: []}]
      responses: {"200": {description: ok}}
  /either:
    get:
      security: [{basic: []}, {key: []}, {cookie: []}]
      responses: {"200": {description: ok}}
  /both:
    get:
      security: [{key: [], basic: []}]
      responses: {"200": {description: ok}}
  /inherited:
    get:
      responses: {"200": {description: ok}}
  /cookie:
    get:
      security: [{cookie: []}]
      responses: {"200": {description: ok}}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
    basic: {type: http, scheme: basic}
    cookie: {type: apiKey, in: cookie, name: session}
"#;

    /// The security of `path`'s GET, and the warnings its lowering gave.
    fn lowered(path: &str) -> (Option<Security>, Diagnostics) {
        let spec = spec(DOC);
        let mut diags = Diagnostics::default();
        let profile = crate::profile::Choice::generic()
            .resolve(&spec, &mut diags)
            .unwrap();
        let mut diags = Diagnostics::default();
        let openapiv3::ReferenceOr::Item(item) = &spec.paths.paths[path] else {
            unreachable!("inline path items")
        };
        let operation = item.get.as_ref().expect("a GET");
        let at = Pointer::root().join("paths").join(path).join("get");
        let security = security(operation, &spec, &profile, &at, "get", &mut diags);
        (security, diags)
    }

    #[test]
    fn an_empty_requirement_needs_no_credentials() {
        let (security, diags) = lowered("/public");
        assert!(diags.is_empty());
        let security = security.expect("declared");
        assert_eq!(security.alternatives, [Vec::<usize>::new()]);
        assert_eq!(security.accepts, "no credentials");

        let (security, _) = lowered("/optional");
        let security = security.expect("declared");
        assert_eq!(security.alternatives, [vec![], vec![0]]);
        assert_eq!(
            security.accepts,
            "no credentials, or the `key` API key (.key(..) or SHOP_KEY)"
        );
    }

    #[test]
    fn alternatives_keep_their_order_and_unmet_ones_are_named() {
        let (security, diags) = lowered("/either");
        assert!(diags.is_empty(), "one alternative can be met");
        let security = security.expect("declared");
        // `basic` is the second credential: the cookie scheme is not one.
        assert_eq!(security.alternatives, [vec![1], vec![0]]);
        assert!(security
            .accepts
            .ends_with(", or the `cookie` security scheme, which this client cannot send"));
    }

    #[test]
    fn a_requirement_of_two_schemes_needs_both_credentials() {
        let (security, _) = lowered("/both");
        assert_eq!(security.expect("declared").alternatives, [vec![0, 1]]);
    }

    #[test]
    fn a_scheme_two_credentials_meet_takes_the_one_already_chosen() {
        // Seam's shape: a token scheme, and a header scheme two kinds send.
        let spec = spec(DOC);
        let mut profile = crate::profile::Choice::generic()
            .resolve(&spec, &mut Diagnostics::default())
            .unwrap();
        profile.credentials[0].schemes = vec!["pat".to_owned(), "workspace".to_owned()];
        profile.credentials[1].schemes = vec!["console".to_owned(), "workspace".to_owned()];
        let requirement: SecurityRequirement =
            serde_yaml::from_str("{workspace: [], console: []}").expect("a requirement");
        assert_eq!(met_by(&requirement, &profile), [vec![1]]);
        let requirement: SecurityRequirement =
            serde_yaml::from_str("{pat: [], workspace: []}").expect("a requirement");
        assert_eq!(met_by(&requirement, &profile), [vec![0]]);
    }

    #[test]
    fn a_scheme_two_credentials_meet_alone_is_met_by_either() {
        // An OAuth 2 scheme: a token given, or client credentials.
        let spec = spec(DOC);
        let mut profile = crate::profile::Choice::generic()
            .resolve(&spec, &mut Diagnostics::default())
            .unwrap();
        profile.credentials[0].schemes = vec!["oauth".to_owned()];
        profile.credentials[1].schemes = vec!["oauth".to_owned()];
        let requirement: SecurityRequirement =
            serde_yaml::from_str("{oauth: [read]}").expect("a requirement");
        assert_eq!(met_by(&requirement, &profile), [vec![0], vec![1]]);
        let requirement: SecurityRequirement =
            serde_yaml::from_str("{oauth: [], nothing: []}").expect("a requirement");
        assert!(met_by(&requirement, &profile).is_empty());
    }

    #[test]
    fn the_documents_requirement_applies_where_the_operation_has_none() {
        let (security, _) = lowered("/inherited");
        assert_eq!(security.expect("inherited").alternatives, [vec![0]]);
    }

    #[test]
    fn an_operation_no_credential_can_meet_is_reported() {
        let (security, diags) = lowered("/cookie");
        assert!(security.expect("declared").alternatives.is_empty());
        let text = diags.to_string();
        assert!(text.contains("#/paths/~1cookie/get/security"), "{text}");
        assert!(text.contains("fails before sending"), "{text}");
    }
}
