//! Operation names: the resource path (the accessors from the client) and the
//! method name of every operation, from the profile's grouping extensions or
//! its naming strategy, decided once per document ([`OperationNames`]) so that
//! lowering an operation and naming a schema inside it agree.

use crate::diagnostics::{Diagnostics, Pointer};
use crate::names;
use crate::profile::{Methods, Naming, Profile, Verbs};
use openapiv3::{OpenAPI, ReferenceOr};
use std::collections::{BTreeSet, HashMap};

/// Every operation's resource path and method name, by path and method (as
/// the spec writes them).
#[derive(Default)]
pub(in crate::lower) struct OperationNames {
    names: HashMap<(String, String), (Vec<String>, String)>,
}

impl OperationNames {
    /// Names every operation of `spec`. Under `resource_verb`, a name that is
    /// taken is resolved from the operation's own path and method, with a
    /// warning at the operation (which of two is renamed never depends on
    /// their order): an action or part whose word is also a resource (`GET
    /// /invoices/upcoming` beside `/invoices/upcoming/lines`) is read as that
    /// resource (`invoices.upcoming.retrieve`, or `balance.history.list` where
    /// `GET /balance/history/{id}` is its `retrieve`); operations still named alike,
    /// or named as a resource or as a method the client and its handles define
    /// (`send`), each fall back to their method and whole path
    /// (`post_invoices_invoice_send`).
    pub(in crate::lower) fn new(
        spec: &OpenAPI,
        profile: &Profile,
        diags: &mut Diagnostics,
    ) -> Self {
        let mut out = OperationNames::default();
        // The operations named by the strategy (not an extension), which may
        // be renamed, in document order.
        let mut by_strategy = Vec::new();
        for (path, item) in spec.paths.iter() {
            let ReferenceOr::Item(item) = item else {
                continue;
            };
            for (method, operation) in item.iter() {
                let (names, strategy_named) = named(profile, path, method, operation);
                let key = (path.clone(), method.to_owned());
                if strategy_named {
                    by_strategy.push(key.clone());
                }
                out.names.insert(key, names);
            }
        }
        let Naming::ResourceVerb {
            strip_prefix,
            collection,
            item,
            ..
        } = &profile.naming
        else {
            return out;
        };
        let pointer = |(path, method): &(String, String)| {
            Pointer::root().join("paths").join(path).join(method)
        };
        let help = match profile.extensions.method_name.first() {
            Some(extension) => format!("name the operation with {extension}"),
            None => "give the operation a distinct path".to_owned(),
        };
        // An action or part that is also a resource is that resource.
        let resources = out.resources();
        let taken: BTreeSet<Vec<String>> = out.names.values().map(spelled).collect();
        let mut renamed = Vec::new();
        for key in &by_strategy {
            let Some(names) = out.names.get(key) else {
                continue;
            };
            let full = spelled(names);
            if !resources.contains(&full) {
                continue;
            }
            let (path, method) = key;
            let segments = stripped(path, strip_prefix);
            let Some(last) = segments.last().filter(|s| !is_parameter(s)) else {
                continue;
            };
            let (mut group, _) = names.clone();
            if group.last() != Some(&(*last).to_owned()) {
                group.push((*last).to_owned());
            }
            // A singleton's verb, or the collection's where an item has it
            // (`GET /balance/history` beside `GET /balance/history/{id}`).
            let as_item = (group.clone(), item.of(method).unwrap_or(method).to_owned());
            let reread = match taken.contains(&spelled(&as_item)) {
                true => (group, collection.of(method).unwrap_or(method).to_owned()),
                false => as_item,
            };
            diags
                .warning(
                    pointer(key),
                    format!(
                        "`{}` is also a resource: this operation is `{}` on it",
                        full.join("."),
                        spelled(&reread).join(".")
                    ),
                )
                .help(help.clone());
            renamed.push((key.clone(), reread));
        }
        for (key, names) in renamed {
            out.names.insert(key, names);
        }
        // Names still taken fall back, every operation involved.
        let resources = out.resources();
        let mut holders: HashMap<Vec<String>, Vec<&(String, String)>> = HashMap::new();
        for (key, names) in &out.names {
            holders.entry(spelled(names)).or_default().push(key);
        }
        let aliases = matches!(profile.methods, Methods::Aliases { .. });
        let client_methods = [names::CLIENT_METHOD_NAMES, &profile.client_method_names()].concat();
        let mut fallbacks = Vec::new();
        for key in &by_strategy {
            let Some(names) = out.names.get(key) else {
                continue;
            };
            let full = spelled(names);
            let others: Vec<&(String, String)> = holders
                .get(&full)
                .into_iter()
                .flatten()
                .copied()
                // Methods of one path with one name are one operation when they alias.
                .filter(|other| *other != key && !(aliases && other.0 == key.0))
                .collect();
            let method_name = full.last().map(String::as_str).unwrap_or_default();
            let reserved = names::RESERVED_METHOD_NAMES.contains(&method_name)
                || (full.len() == 1 && client_methods.contains(&method_name));
            let why = match others.iter().min() {
                Some((other_path, other_method)) => format!(
                    "`{}` is also the name of `{} {other_path}`",
                    full.join("."),
                    other_method.to_ascii_uppercase()
                ),
                None if resources.contains(&full) => {
                    format!("`{}` is also a resource's name", full.join("."))
                }
                None if reserved => format!("`{method_name}` is a method the client defines"),
                None => continue,
            };
            let (path, method) = key;
            let fallback = method_and_path(method, path, strip_prefix);
            diags
                .warning(
                    pointer(key),
                    format!("{why}: this operation is named `{fallback}` instead"),
                )
                .help(help.clone());
            fallbacks.push((key.clone(), fallback));
        }
        for (key, fallback) in fallbacks {
            if let Some((_, name)) = out.names.get_mut(&key) {
                *name = fallback;
            }
        }
        out
    }

    /// Every resource path with an operation or a resource beneath it, as Rust
    /// spells it.
    fn resources(&self) -> BTreeSet<Vec<String>> {
        let mut out = BTreeSet::new();
        for names in self.names.values() {
            let full = spelled(names);
            for depth in 1..full.len() {
                out.insert(full[..depth].to_vec());
            }
        }
        out
    }

    /// The names of the operation under `method` at `path`.
    pub(in crate::lower) fn get(
        &self,
        profile: &Profile,
        path: &str,
        method: &str,
        operation: &openapiv3::Operation,
    ) -> (Vec<String>, String) {
        match self.names.get(&(path.to_owned(), method.to_owned())) {
            Some(names) => names.clone(),
            None => named(profile, path, method, operation).0,
        }
    }
}

/// An operation's resource path and method name as Rust spells them, which
/// is where two would clash.
fn spelled((group, name): &(Vec<String>, String)) -> Vec<String> {
    let mut full: Vec<String> = group.iter().map(|g| names::snake_name(g)).collect();
    full.push(names::snake_name(name));
    full
}

/// The resource path and method name of an operation, and whether the method
/// name is the strategy's (rather than an extension's): the profile's grouping
/// extensions when present; else, by the profile's naming strategy,
/// - `path_segments`: the path (`/acs/credentials/create` is `create` on
///   `acs.credentials`);
/// - `operation_id`: the operation id (`repos/get` is `get` on `repos`,
///   `listPets` is `list_pets` on the client), else the path and method (`GET
///   /pets/{id}` is `get_by_id` on `pets`);
/// - `resource_verb`: see [`resource_verb`].
fn named(
    profile: &Profile,
    path: &str,
    http_method: &str,
    operation: &openapiv3::Operation,
) -> ((Vec<String>, String), bool) {
    let segments: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
        .collect();
    let owned = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let by_method_and_path = || {
        let mut name = http_method.to_owned();
        if let Some(last) = path.trim_end_matches('/').rsplit('/').next() {
            if let Some(parameter) = last.strip_prefix('{').and_then(|l| l.strip_suffix('}')) {
                name.push_str("_by_");
                name.push_str(parameter);
            }
        }
        (owned(&segments), name)
    };
    let (default_group, default_name) = match (&profile.naming, &operation.operation_id) {
        (Naming::PathSegments {}, _) => {
            let name = segments
                .last()
                .map(|s| (*s).to_owned())
                .or_else(|| operation.operation_id.clone())
                .unwrap_or_else(|| http_method.to_owned());
            (owned(&segments[..segments.len().saturating_sub(1)]), name)
        }
        (Naming::OperationId {}, Some(id)) if !id.trim_matches('/').is_empty() => {
            let parts: Vec<&str> = id.split('/').filter(|s| !s.is_empty()).collect();
            let (name, group) = parts.split_last().unwrap_or((&"", &[]));
            (owned(group), (*name).to_owned())
        }
        (Naming::OperationId {}, _) => by_method_and_path(),
        (
            Naming::ResourceVerb {
                strip_prefix,
                collection,
                item,
                part_methods,
            },
            _,
        ) => {
            let rules = ResourceVerbRules {
                strip_prefix,
                collection,
                item,
                part_methods,
            };
            resource_verb(&rules, path, http_method).unwrap_or_else(by_method_and_path)
        }
    };
    let group =
        match Profile::first_extension(&profile.extensions.group_name, &operation.extensions) {
            Some(serde_json::Value::Array(items)) => items
                .iter()
                .filter_map(|v| v.as_str())
                .map(str::to_owned)
                .collect(),
            // One name, its levels separated by dots (`customers.tax_ids`).
            Some(serde_json::Value::String(single)) => single
                .split('.')
                .filter(|s| !s.trim().is_empty())
                .map(str::to_owned)
                .collect(),
            _ => default_group,
        };
    let extension_name =
        Profile::first_extension(&profile.extensions.method_name, &operation.extensions)
            .and_then(|v| v.as_str())
            .map(str::to_owned);
    let strategy_named = extension_name.is_none();
    (
        (group, extension_name.unwrap_or(default_name)),
        strategy_named,
    )
}

/// The `resource_verb` strategy's settings.
pub(in crate::lower) struct ResourceVerbRules<'p> {
    pub(in crate::lower) strip_prefix: &'p [String],
    pub(in crate::lower) collection: &'p Verbs,
    pub(in crate::lower) item: &'p Verbs,
    pub(in crate::lower) part_methods: &'p [String],
}

/// The words of `path` after the first of `strip_prefix` it starts with
/// (whole segments: `/v1` strips `/v1/customers`, not `/v10/customers`).
fn stripped<'a>(path: &'a str, strip_prefix: &[String]) -> Vec<&'a str> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    for prefix in strip_prefix {
        let prefix: Vec<&str> = prefix.split('/').filter(|s| !s.is_empty()).collect();
        if !prefix.is_empty() && segments.starts_with(&prefix) {
            return segments[prefix.len()..].to_vec();
        }
    }
    segments
}

/// A path parameter's segment (`{customer}`, also `{id}.json`).
fn is_parameter(segment: &str) -> bool {
    segment.contains('{')
}

/// Whether a word names a collection: an English plural (`customers`,
/// `tax_ids`, `people`), which `status`, `address` and `analysis` are not.
fn is_plural(word: &str) -> bool {
    let word = word.to_ascii_lowercase();
    let irregular = ["people", "children"].iter().any(|p| word.ends_with(p));
    irregular
        || (word.ends_with('s')
            && !(word.ends_with("ss") || word.ends_with("us") || word.ends_with("is")))
}

/// `resource_verb`'s name of the operation under `method` at `path`; `None`
/// where the path has no word to name a resource after. After the prefix is
/// stripped, the path's words (its parameters left out) are the resource, and
/// - a path ending in a parameter is an item: the `item` verb
///   (`GET /customers/{customer}` is `customers.retrieve`);
/// - a path ending in a plural word is a collection: the `collection` verb
///   (`POST /customers/{customer}/tax_ids` is `customers.tax_ids.create`);
/// - a path of one singular word is a singleton, with the `item` verbs
///   (`GET /account` is `account.retrieve`);
/// - any other singular word ends the path in an action on the resource before
///   it (`POST /payment_intents/{intent}/confirm` is `payment_intents.confirm`,
///   `GET /customers/search` is `customers.search`), except that after an item
///   a `part_methods` method reads or removes a part of the item, named by the
///   item's verb and the word (`GET /customers/{customer}/cash_balance` is
///   `customers.retrieve_cash_balance`).
///
/// A method without a verb is named by itself (`PUT /customers` is `customers.put`).
/// The name depends on the operation's own path and method only.
pub(in crate::lower) fn resource_verb(
    rules: &ResourceVerbRules<'_>,
    path: &str,
    method: &str,
) -> Option<(Vec<String>, String)> {
    let segments = stripped(path, rules.strip_prefix);
    let words: Vec<String> = (segments.iter())
        .filter(|s| !is_parameter(s))
        .map(|s| (*s).to_owned())
        .collect();
    let verb = |verbs: &Verbs| verbs.of(method).unwrap_or(method).to_owned();
    let (last, before) = segments.split_last()?;
    if words.is_empty() {
        return None;
    }
    if is_parameter(last) {
        return Some((words, verb(rules.item)));
    }
    if is_plural(last) {
        return Some((words, verb(rules.collection)));
    }
    if words.len() == 1 {
        return Some((words, verb(rules.item)));
    }
    let resource = words[..words.len() - 1].to_vec();
    let after_item = before.last().is_some_and(|s| is_parameter(s));
    let part = rules
        .part_methods
        .iter()
        .any(|m| m.eq_ignore_ascii_case(method));
    if after_item && part {
        return Some((resource, format!("{}_{last}", verb(rules.item))));
    }
    Some((resource, (*last).to_owned()))
}

/// The name an operation falls back to when its name is another's: its method
/// and every segment of its path (`post_customers_customer_tax_ids`).
fn method_and_path(method: &str, path: &str, strip_prefix: &[String]) -> String {
    let mut name = method.to_ascii_lowercase();
    for segment in stripped(path, strip_prefix) {
        name.push('_');
        name.extend(segment.chars().filter(|c| !matches!(c, '{' | '}')));
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use indexmap::IndexMap;

    /// `resource_verb` with Stripe-like settings, over a document of `paths`
    /// (each `METHOD /path`): every name, and the warnings.
    fn names_of(paths: &[&str]) -> (Vec<String>, Vec<String>) {
        let mut yaml = String::from("openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n");
        let mut by_path: IndexMap<&str, Vec<&str>> = IndexMap::new();
        for entry in paths {
            let (method, path) = entry.split_once(' ').unwrap();
            by_path.entry(path).or_default().push(method);
        }
        for (path, methods) in &by_path {
            yaml.push_str(&format!("  '{path}':\n"));
            for method in methods {
                yaml.push_str(&format!(
                    "    {}:\n      responses: {{'200': {{description: ok}}}}\n",
                    method.to_ascii_lowercase()
                ));
            }
        }
        let spec: OpenAPI = serde_yaml::from_str(&yaml).unwrap();
        let profile_text = "[naming]\nstrategy = \"resource_verb\"\nstrip_prefix = [\"/v1\"]\n";
        let mut diags = Diagnostics::default();
        let profile = crate::profile::Choice::from_text("test.profile.toml", profile_text)
            .resolve(&spec, &mut diags)
            .unwrap();
        let table = OperationNames::new(&spec, &profile, &mut diags);
        let mut out = Vec::new();
        for entry in paths {
            let (method, path) = entry.split_once(' ').unwrap();
            let method = method.to_ascii_lowercase();
            let (group, name) = &table.names[&(path.to_owned(), method)];
            out.push(format!("{}.{name}", group.join(".")));
        }
        let warnings = diags
            .warnings()
            .map(|w| format!("{}: {}", w.pointer, w.message))
            .collect();
        (out, warnings)
    }

    #[test]
    fn collections_and_items_take_their_verbs() {
        let (names, warnings) = names_of(&[
            "GET /v1/customers",
            "POST /v1/customers",
            "GET /v1/customers/{customer}",
            "POST /v1/customers/{customer}",
            "PATCH /v1/widgets/{widget}",
            "PUT /v1/gadgets/{gadget}",
            "DELETE /v1/customers/{customer}",
            "PUT /v1/customers",
        ]);
        assert_eq!(
            names,
            [
                "customers.list",
                "customers.create",
                "customers.retrieve",
                "customers.update",
                "widgets.update",
                "gadgets.update",
                "customers.delete",
                "customers.put",
            ]
        );
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn sub_resources_nest_under_their_item() {
        let (names, _) = names_of(&[
            "GET /v1/customers/{customer}/tax_ids",
            "POST /v1/customers/{customer}/tax_ids",
            "GET /v1/customers/{customer}/tax_ids/{id}",
            "DELETE /v1/customers/{customer}/tax_ids/{id}",
            "GET /v1/apps/secrets",
        ]);
        assert_eq!(
            names,
            [
                "customers.tax_ids.list",
                "customers.tax_ids.create",
                "customers.tax_ids.retrieve",
                "customers.tax_ids.delete",
                "apps.secrets.list",
            ]
        );
    }

    #[test]
    fn a_singular_word_is_an_action_or_a_part_of_the_item() {
        let (names, _) = names_of(&[
            "POST /v1/payment_intents/{intention}/confirm",
            "GET /v1/invoices/upcoming",
            "GET /v1/customers/{customer}/cash_balance",
            "DELETE /v1/customers/{customer}/discount",
            "GET /v1/account",
            "POST /v1/account",
            "GET /v1/customers/search",
        ]);
        assert_eq!(
            names,
            [
                "payment_intents.confirm",
                "invoices.upcoming",
                "customers.retrieve_cash_balance",
                "customers.delete_discount",
                "account.retrieve",
                "account.update",
                "customers.search",
            ]
        );
    }

    #[test]
    fn the_prefix_is_stripped_by_whole_segments() {
        let (names, _) = names_of(&[
            "GET /v1/charges",
            "GET /v10/charges",
            "GET /charges/{charge}",
        ]);
        assert_eq!(
            names,
            ["charges.list", "v10.charges.list", "charges.retrieve"]
        );
    }

    #[test]
    fn operations_of_one_name_both_fall_back_with_a_warning_each() {
        let (names, warnings) = names_of(&[
            "POST /v1/accounts/{account}/reject",
            "GET /v1/status",
            "POST /v1/accounts/reject",
        ]);
        assert_eq!(
            names,
            [
                "accounts.post_accounts_account_reject",
                "status.retrieve",
                "accounts.post_accounts_reject",
            ]
        );
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings[0].starts_with("#/paths/~1v1~1accounts~1{account}~1reject/post: `accounts.reject` is also the name of `POST /v1/accounts/reject`"),
            "{warnings:?}"
        );
        // Listed the other way round, the same names.
        let (reversed, _) = names_of(&[
            "POST /v1/accounts/reject",
            "POST /v1/accounts/{account}/reject",
        ]);
        assert_eq!(
            reversed,
            [
                "accounts.post_accounts_reject",
                "accounts.post_accounts_account_reject"
            ]
        );
    }

    #[test]
    fn an_action_that_is_also_a_resource_is_that_resource() {
        let (names, warnings) = names_of(&[
            "GET /v1/invoices/upcoming",
            "GET /v1/invoices/upcoming/lines",
            "POST /v1/customers/{customer}/cash_balance",
            "GET /v1/customers/{customer}/cash_balance/transactions",
            "GET /v1/balance/history",
            "GET /v1/balance/history/{id}",
        ]);
        assert_eq!(
            names,
            [
                "invoices.upcoming.retrieve",
                "invoices.upcoming.lines.list",
                "customers.cash_balance.update",
                "customers.cash_balance.transactions.list",
                "balance.history.list",
                "balance.history.retrieve",
            ]
        );
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(
            warnings[0].ends_with("`invoices.upcoming` is also a resource: this operation is `invoices.upcoming.retrieve` on it"),
            "{warnings:?}"
        );
    }

    #[test]
    fn a_name_the_client_defines_falls_back() {
        let (names, warnings) = names_of(&["POST /v1/invoices/{invoice}/send", "GET /v1/people"]);
        assert_eq!(
            names,
            ["invoices.post_invoices_invoice_send", "people.list"]
        );
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("`send` is a method the client defines"),
            "{warnings:?}"
        );
    }

    #[test]
    fn names_do_not_change_when_an_unrelated_path_is_added() {
        let paths = [
            "GET /v1/customers",
            "GET /v1/customers/{customer}/cash_balance",
            "POST /v1/payment_intents/{intent}/capture",
            "GET /v1/invoices/upcoming",
        ];
        let (before, _) = names_of(&paths);
        let mut more = vec!["GET /v1/refunds", "POST /v1/invoices/{invoice}/pay"];
        more.extend(paths);
        let (after, warnings) = names_of(&more);
        assert_eq!(after[2..], before[..]);
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn a_path_without_words_is_named_by_method_and_path() {
        let (names, _) = names_of(&["GET /v1", "DELETE /v1/{id}"]);
        assert_eq!(names, ["v1.get", "v1.delete_by_id"]);
    }

    #[test]
    fn verbs_and_part_methods_are_settings() {
        let rules = ResourceVerbRules {
            strip_prefix: &[],
            collection: &Verbs {
                get: Some("all".to_owned()),
                ..Verbs::default()
            },
            item: &Verbs {
                get: Some("get".to_owned()),
                delete: Some(" ".to_owned()),
                ..Verbs::default()
            },
            part_methods: &["GET".to_owned()],
        };
        let name = |method, path| resource_verb(&rules, path, method).unwrap().1;
        assert_eq!(name("get", "/pets"), "all");
        assert_eq!(name("post", "/pets"), "post");
        assert_eq!(name("get", "/pets/{id}"), "get");
        // A blank verb is no verb.
        assert_eq!(name("delete", "/pets/{id}"), "delete");
        assert_eq!(name("get", "/pets/{id}/owner"), "get_owner");
        assert_eq!(name("delete", "/pets/{id}/owner"), "owner");
    }
}
