//! The command line's names: subcommands and their aliases, flags and options, and
//! the consts and functions that describe and run each command.

/// A command-line name for a Rust identifier (a resource's accessor, an
/// operation's method): words joined by `-` (`unlock-door`), with the
/// identifier's own spelling (`unlock_door`) as an alias when it differs.
pub fn command_name(ident: &str) -> (String, Option<String>) {
    let plain = ident.trim_start_matches("r#").trim_end_matches('_');
    let name = plain.replace('_', "-");
    let alias = (name != plain).then(|| plain.to_owned());
    (name, alias)
}

/// The const describing the command line's root command.
pub const ROOT_COMMAND_CONST: &str = "ROOT";

/// The command line's option for a client builder's setter (`api_key` →
/// `--api-key`).
pub fn option_name(setter: &str) -> String {
    setter.trim_start_matches("r#").replace('_', "-")
}

/// A parameter's flag: its wire name when that is a usable flag
/// (`--acs_user_id`), else its setter's name.
pub fn flag_name(wire: &str, setter: &str) -> String {
    if is_flag_name(wire) {
        wire.to_owned()
    } else {
        setter.trim_start_matches("r#").to_owned()
    }
}

/// A flag's other spelling, with `-` for `_` (`--acs-user-id`), when it differs.
pub fn flag_alias(long: &str) -> Option<String> {
    Some(long.replace('_', "-")).filter(|alias| alias != long)
}

/// The flag of a parameter named like one of the binary's own options.
pub fn renamed_flag(long: &str) -> String {
    format!("{long}_param")
}

/// The function that runs an operation's command, from the operation's const name.
pub fn command_runner(operation_const: &str) -> String {
    format!("run_{}", operation_const.to_ascii_lowercase())
}

/// The const describing an operation's command, from the operation's const name.
pub fn command_const(operation_const: &str) -> String {
    format!("{operation_const}_COMMAND")
}

/// Whether a parameter's wire name can be a flag as it is (`--acs_user_id`):
/// ASCII letters, digits, `_`, `-` and `.`, starting with a letter or digit.
pub fn is_flag_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::Scope;

    #[test]
    fn command_line_names() {
        assert_eq!(
            command_name("unlock_door"),
            ("unlock-door".into(), Some("unlock_door".into()))
        );
        assert_eq!(command_name("acs"), ("acs".into(), None));
        assert_eq!(command_name("type_"), ("type".into(), None));
        assert_eq!(command_name("r#match"), ("match".into(), None));
        assert!(is_flag_name("acs_user_id"));
        assert!(is_flag_name("X-GitHub-Api-Version"));
        assert!(is_flag_name("filter.name"));
        assert!(!is_flag_name("-x"));
        assert!(!is_flag_name("a b"));
        assert!(!is_flag_name("ids[]"));
    }

    #[test]
    fn flags_and_their_other_spelling() {
        assert_eq!(flag_name("acs_user_id", "acs_user_id"), "acs_user_id");
        assert_eq!(flag_name("ids[]", "ids"), "ids");
        assert_eq!(flag_name("type", "r#type"), "type");
        assert_eq!(flag_alias("acs_user_id").as_deref(), Some("acs-user-id"));
        assert_eq!(flag_alias("limit"), None);
        assert_eq!(option_name("api_key"), "api-key");
        assert_eq!(renamed_flag("all"), "all_param");
    }

    #[test]
    fn a_command_line_name_taken_falls_back_to_its_alias_then_a_number() {
        let mut scope = Scope::with_reserved(&["completions", "all"]);
        let (mut name, mut alias) = ("unlock-door".to_owned(), Some("unlock_door".to_owned()));
        scope.claim_with_alias(&mut name, &mut alias);
        assert_eq!(
            (name.as_str(), alias.as_deref()),
            ("unlock-door", Some("unlock_door"))
        );
        // Both spellings taken: a numbered name, no alias.
        let (mut name, mut alias) = ("unlock-door".to_owned(), Some("unlock_door".to_owned()));
        scope.claim_with_alias(&mut name, &mut alias);
        assert_eq!((name.as_str(), alias), ("unlock-door-2", None));
        // The name reserved, the alias free: the alias is the name.
        let (mut name, mut alias) = ("all".to_owned(), Some("all_".to_owned()));
        scope.claim_with_alias(&mut name, &mut alias);
        assert_eq!((name.as_str(), alias), ("all_", None));
        assert!(!scope.claim_exact("completions"));
    }
}
