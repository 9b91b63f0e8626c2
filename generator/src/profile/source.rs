//! Where a generation's profile comes from, and how a profile file becomes a
//! [`Profile`]: a built-in by name, or a TOML file a user wrote. A file starts
//! from the profile its `extends` names (`generic` when it names none) and
//! overrides what it declares: tables merge key by key, anything else (a
//! string, a list) replaces; a table with a `strategy` key replaces the whole
//! strategy, since another strategy has other settings. Every key is checked:
//! an unknown key or strategy is refused, naming the file and the key.

use std::path::Path;

use super::{generic, Pagination, Profile};
use crate::diagnostics::Diagnostics;

/// A built-in profile's name and text, from `generator/profiles/<name>.toml`.
macro_rules! builtin {
    ($name:literal) => {
        (
            $name,
            include_str!(concat!("../../profiles/", $name, ".toml")),
        )
    };
}

/// The profiles shipped with the generator, as the files a user would write.
/// `generic` is not among them: it is derived from the spec itself.
const BUILT_IN: &[(&str, &str)] = &[builtin!("seam"), builtin!("stripe"), builtin!("github")];

/// How many `extends` a profile may chain (a loop is refused, not followed).
const MAX_EXTENDS: usize = 8;

/// Which profile a generation uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// How messages name it: a built-in's name, or a file's path.
    origin: String,
    /// The profile file's text; `None` for the generic profile.
    text: Option<String>,
}

impl Choice {
    /// The profile derived from the spec alone.
    pub fn generic() -> Choice {
        Choice {
            origin: generic::NAME.to_owned(),
            text: None,
        }
    }

    /// The built-in profile called `name`.
    pub fn by_name(name: &str) -> Option<Choice> {
        if name == generic::NAME {
            return Some(Choice::generic());
        }
        let (_, text) = BUILT_IN.iter().find(|(known, _)| *known == name)?;
        Some(Choice {
            origin: format!("the built-in profile `{name}`"),
            text: Some((*text).to_owned()),
        })
    }

    /// Every name [`by_name`](Self::by_name) accepts.
    pub fn names() -> Vec<&'static str> {
        let built_in = BUILT_IN.iter().map(|(name, _)| *name);
        std::iter::once(generic::NAME).chain(built_in).collect()
    }

    /// A profile file (TOML) a user wrote.
    pub fn file(path: &Path) -> Result<Choice, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the profile {}: {e}", path.display()))?;
        Ok(Choice {
            origin: path.display().to_string(),
            text: Some(text),
        })
    }

    /// A profile file's text, which messages call `origin`.
    pub fn from_text(origin: &str, text: &str) -> Choice {
        Choice {
            origin: origin.to_owned(),
            text: Some(text.to_owned()),
        }
    }

    /// What `--profile` names: a built-in, or a path to a profile file.
    pub fn from_argument(argument: &str) -> Result<Choice, String> {
        if let Some(choice) = Choice::by_name(argument) {
            return Ok(choice);
        }
        let path = Path::new(argument);
        if path.extension().is_some() || argument.contains(['/', '\\']) {
            return Choice::file(path);
        }
        Err(format!(
            "unknown profile `{argument}`: use one of {}, or the path of a profile file",
            Choice::names().join(", ")
        ))
    }

    /// The profile beside `spec`: `<stem>.profile.toml`, else `<stem>.profile`,
    /// which holds either a built-in's name or a whole profile; else the
    /// generic one.
    pub fn for_spec(spec: &Path) -> Result<Choice, String> {
        let toml = spec.with_extension("profile.toml");
        if toml.is_file() {
            return Choice::file(&toml);
        }
        let beside = spec.with_extension("profile");
        let text = match std::fs::read_to_string(&beside) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Choice::generic()),
            Err(e) => return Err(format!("cannot read {}: {e}", beside.display())),
        };
        let name = text.trim();
        let one_word = !name.is_empty() && !name.contains(['=', '[', '\n', '#']);
        if one_word {
            return Choice::by_name(name).ok_or_else(|| {
                format!(
                    "{}: unknown profile `{name}`: use one of {}",
                    beside.display(),
                    Choice::names().join(", ")
                )
            });
        }
        Ok(Choice {
            origin: beside.display().to_string(),
            text: Some(text),
        })
    }

    /// The profile for `spec`; warnings (a security scheme the client cannot
    /// use, say) go into `diags`. Fails with every problem of the profile file
    /// located by file and key.
    pub fn resolve(
        &self,
        spec: &openapiv3::OpenAPI,
        diags: &mut Diagnostics,
    ) -> Result<Profile, String> {
        // The chain of files, the one chosen first, each extending the next.
        let mut layers = Vec::new();
        let mut next = Some(self.clone());
        while let Some(choice) = next.take() {
            let Some(text) = &choice.text else { break };
            if layers.len() == MAX_EXTENDS {
                return Err(format!(
                    "{}: more than {MAX_EXTENDS} profiles extend one another",
                    self.origin
                ));
            }
            let mut table: toml::Table = toml::from_str(text)
                .map_err(|e| format!("{}: not a profile file: {e}", choice.origin))?;
            let base = match table.remove("extends") {
                None => Choice::generic(),
                Some(toml::Value::String(name)) => Choice::by_name(&name).ok_or_else(|| {
                    format!(
                        "{}: `extends`: unknown profile `{name}`: use one of {}",
                        choice.origin,
                        Choice::names().join(", ")
                    )
                })?,
                Some(other) => {
                    return Err(format!(
                        "{}: `extends`: expected the name of a profile, found {}",
                        choice.origin,
                        other.type_str()
                    ))
                }
            };
            layers.push((choice.origin.clone(), table));
            next = Some(base);
        }
        // The generic profile's warnings are about its credentials: they
        // matter only where a profile keeps them.
        let mut generic_diags = Diagnostics::default();
        let generic = generic::profile(spec, &mut generic_diags);
        let mut profile = generic.clone();
        // Each layer is applied to what it extends, and checked as a whole.
        for (origin, table) in layers.into_iter().rev() {
            let mut merged = serde_json::to_value(&profile)
                .map_err(|e| format!("{origin}: internal error: {e}"))?;
            let overlay = serde_json::to_value(&table)
                .map_err(|e| format!("{origin}: not a profile file: {e}"))?;
            merge(&mut merged, overlay);
            profile = serde_path_to_error::deserialize(merged).map_err(|e| {
                let at = e.path().to_string();
                format!("{origin}: `{at}`: {}", e.into_inner())
            })?;
        }
        let cursor_objects = (profile.pagination.iter())
            .filter(|strategy| matches!(strategy, Pagination::CursorObject { .. }))
            .count();
        if cursor_objects > 1 {
            return Err(format!(
                "{}: `pagination`: at most one `cursor_object` strategy, whose object is part of the success envelope",
                self.origin
            ));
        }
        check_idempotency(&profile.idempotency).map_err(|e| format!("{}: {e}", self.origin))?;
        if profile.credentials == generic.credentials {
            diags.extend(generic_diags);
        }
        if let Some(problem) = (profile.webhooks.as_ref()).and_then(|w| w.scheme.problem()) {
            return Err(format!("{}: `webhooks.scheme`: {problem}", self.origin));
        }
        profile.client_builder_name = format!("{}Builder", profile.client_name);
        if profile.default_endpoint.is_none() {
            profile.default_endpoint = generic::server_endpoint(spec);
        }
        for value in profile.headers.values_mut() {
            *value = value.replace("{api_version}", &spec.info.version);
        }
        Ok(profile)
    }
}

/// The idempotency header and the should-retry header are header names, and
/// the methods are methods, so that the runtime can send and read them as they are.
fn check_idempotency(idempotency: &super::Idempotency) -> Result<(), String> {
    let super::Idempotency::Header {
        header,
        methods,
        should_retry_header,
    } = idempotency
    else {
        return Ok(());
    };
    for (key, name) in [
        ("header", Some(header)),
        ("should_retry_header", should_retry_header.as_ref()),
    ] {
        if let Some(name) = name.filter(|name| !crate::names::is_http_token(name)) {
            return Err(format!(
                "`idempotency.{key}`: `{name}` is not a header name"
            ));
        }
    }
    if methods.is_empty() {
        return Err("`idempotency.methods`: name at least one method".to_owned());
    }
    match methods.iter().find(|m| !crate::names::is_http_token(m)) {
        Some(method) => Err(format!("`idempotency.methods`: `{method}` is not a method")),
        None => Ok(()),
    }
}

/// `overlay` applied to `base`: objects merge key by key, except that one
/// naming a strategy replaces the strategy; anything else replaces.
fn merge(base: &mut serde_json::Value, overlay: serde_json::Value) {
    match (base, overlay) {
        (serde_json::Value::Object(base), serde_json::Value::Object(overlay))
            if !overlay.contains_key("strategy") =>
        {
            for (key, value) in overlay {
                match base.get_mut(&key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        base.insert(key, value);
                    }
                }
            }
        }
        (base, overlay) => *base = overlay,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> openapiv3::OpenAPI {
        serde_yaml::from_str(
            "openapi: 3.0.0\ninfo: {title: Pet Store, version: '2024-01-01'}\npaths: {}\n",
        )
        .unwrap()
    }

    fn resolve(text: &str) -> Result<Profile, String> {
        let choice = Choice {
            origin: "pets.profile.toml".to_owned(),
            text: Some(text.to_owned()),
        };
        choice.resolve(&spec(), &mut Diagnostics::default())
    }

    #[test]
    fn a_file_overrides_what_it_declares_and_keeps_the_rest() {
        let profile =
            resolve("client_name = \"Pets\"\n[headers]\nPets-Version = \"{api_version}\"\n")
                .unwrap();
        assert_eq!(profile.client_name, "Pets");
        assert_eq!(profile.client_builder_name, "PetsBuilder");
        assert_eq!(profile.crate_name, "pet-store");
        assert_eq!(profile.headers["Pets-Version"], "2024-01-01");
    }

    #[test]
    fn an_unknown_key_is_refused_with_its_place() {
        let error = resolve(
            "[[pagination]]\nstrategy = \"next_cursor\"\nitems = \"data\"\nnext_cursor = \"next\"\ncursor_parameter = \"page\"\nlimit = 3\n",
        )
        .unwrap_err();
        assert!(
            error.starts_with("pets.profile.toml: `pagination[0]`"),
            "{error}"
        );
        assert!(error.contains("unknown field `limit`"), "{error}");
        let error = resolve("clientname = \"Pets\"\n").unwrap_err();
        assert!(error.contains("unknown field `clientname`"), "{error}");
    }

    #[test]
    fn an_unknown_strategy_is_refused_naming_the_known_ones() {
        let error = resolve("[naming]\nstrategy = \"guess\"\n").unwrap_err();
        assert!(error.contains("`naming.strategy`"), "{error}");
        assert!(error.contains("unknown variant `guess`"), "{error}");
        assert!(error.contains("operation_id"), "{error}");
    }

    #[test]
    fn a_strategy_table_replaces_the_one_it_extends() {
        let profile = resolve(
            "extends = \"generic\"\n[methods]\nstrategy = \"aliases\"\npreference = [\"POST\"]\nquery_methods = []\n",
        )
        .unwrap();
        assert!(matches!(
            profile.methods,
            super::super::Methods::Aliases { .. }
        ));
    }

    #[test]
    fn a_webhook_scheme_is_a_strategy_with_its_own_settings() {
        let webhooks =
            "[webhooks]\nevent_schema = \"event\"\nexample_secret = \"s\"\n[webhooks.scheme]\n";
        let profile = resolve(&format!(
            "{webhooks}strategy = \"body_hmac\"\nheader = \"X-Signature\"\nprefix = \"sha256=\"\n"
        ))
        .unwrap();
        let scheme = profile.webhooks.unwrap().scheme;
        assert_eq!(scheme.header_names(), ["X-Signature"]);
        let error = resolve(&format!(
            "{webhooks}strategy = \"body_hmac\"\nheader = \"X-Signature\"\nprefix = \"\"\ntolerance_seconds = 3\n"
        ))
        .unwrap_err();
        assert!(
            error.contains("unknown field `tolerance_seconds`"),
            "{error}"
        );
        let error = resolve(&format!(
            "{webhooks}strategy = \"timestamped_hmac\"\nheader = \" \"\ntimestamp_key = \"t\"\nsignature_key = \"v1\"\ntolerance_seconds = 300\n"
        ))
        .unwrap_err();
        assert!(
            error.contains("`webhooks.scheme`: a header name is empty"),
            "{error}"
        );
        let error = resolve(&format!(
            "{webhooks}strategy = \"standard\"\nid_headers = []\ntimestamp_headers = [\"t\"]\nsignature_headers = [\"s\"]\nsecret_prefix = \"\"\ntolerance_seconds = 300\n"
        ))
        .unwrap_err();
        assert!(error.contains("every header needs a name"), "{error}");
        let error =
            resolve("[webhooks]\nevent_schema = \"event\"\nexample_secret = \"s\"\n").unwrap_err();
        assert!(error.contains("missing field `scheme`"), "{error}");
    }

    #[test]
    fn pagination_is_a_list_of_strategies_in_order() {
        let profile = resolve(
            "[[pagination]]\nstrategy = \"next_cursor\"\nitems = \"data\"\nnext_cursor = \"next\"\ncursor_parameter = \"page\"\n\n[[pagination]]\nstrategy = \"has_more\"\nitems = \"data\"\nhas_more = \"more\"\ncursor_parameter = \"after\"\nitem_id = \"id\"\n",
        )
        .unwrap();
        let kinds: Vec<bool> = (profile.pagination.iter())
            .map(|s| matches!(s, Pagination::NextCursor { .. }))
            .collect();
        assert_eq!(kinds, [true, false]);
        // Defaults: the first page is 1, the link header `Link`.
        let defaults = resolve(
            "[[pagination]]\nstrategy = \"page_number\"\npage_parameter = \"page\"\n\n[[pagination]]\nstrategy = \"link_header\"\n",
        )
        .unwrap();
        assert!(matches!(
            &defaults.pagination[..],
            [
                Pagination::PageNumber { first_page: 1, items: None, .. },
                Pagination::LinkHeader { header, items: None },
            ] if header == "Link"
        ));
        // The generic profile pages nothing.
        assert!(resolve("").unwrap().pagination.is_empty());
        // A single table is not the list a profile declares.
        let error = resolve("[pagination]\nstrategy = \"next_cursor\"\n").unwrap_err();
        assert!(error.contains("`pagination`"), "{error}");
    }

    #[test]
    fn one_cursor_object_at_most() {
        let one = "[[pagination]]\nstrategy = \"cursor_object\"\ncursor_parameter = \"c\"\nobject = \"p\"\nnext_cursor = \"n\"\nhas_next_page = \"h\"\n";
        resolve(one).unwrap();
        let error = resolve(&format!("{one}\n{one}")).unwrap_err();
        assert!(error.contains("at most one `cursor_object`"), "{error}");
    }

    #[test]
    fn idempotency_and_errors_are_strategies_with_checked_settings() {
        let profile = resolve(
            "[idempotency]\nstrategy = \"header\"\nheader = \"Idempotency-Key\"\nmethods = [\"POST\"]\n[errors]\nstrategy = \"problem_details\"\n",
        )
        .unwrap();
        assert!(profile.idempotency.keys("post"));
        assert!(!profile.idempotency.keys("GET"));
        assert_eq!(profile.errors, super::super::Errors::ProblemDetails {});
        assert!(!resolve("").unwrap().idempotency.keys("POST"));
        let error = resolve(
            "[idempotency]\nstrategy = \"header\"\nheader = \"Idempotency Key\"\nmethods = [\"POST\"]\n",
        )
        .unwrap_err();
        assert!(error.contains("`idempotency.header`"), "{error}");
        let error = resolve("[idempotency]\nstrategy = \"header\"\nheader = \"K\"\nmethods = []\n")
            .unwrap_err();
        assert!(error.contains("`idempotency.methods`"), "{error}");
        let error =
            resolve("[errors]\nstrategy = \"problem_details\"\nfield = \"e\"\n").unwrap_err();
        assert!(error.contains("unknown field `field`"), "{error}");
    }

    #[test]
    fn extends_names_a_known_profile() {
        let error = resolve("extends = \"nobody\"\n").unwrap_err();
        assert!(error.contains("unknown profile `nobody`"), "{error}");
        for name in Choice::names() {
            let choice = Choice::by_name(name).unwrap();
            choice
                .resolve(&spec(), &mut Diagnostics::default())
                .unwrap();
        }
    }
}
