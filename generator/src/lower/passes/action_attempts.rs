//! Pass: operations that answer the profile's action attempt wait for it,
//! reading it again through the poll operation.

use crate::model::{ActionPoll, Resource, ResponseShape, TypeRef};
use crate::profile::Profile;

/// Marks each operation whose response (under the profile's key) is the action
/// attempt component, named `attempt_type`, with the poll operation's const;
/// none without that component or a poll operation in the document.
pub(in crate::lower) fn mark_action_operations(
    root: &mut Resource,
    profile: &Profile,
    attempt_type: Option<&str>,
) {
    let (Some(attempts), Some(attempt_type)) = (&profile.action_attempts, attempt_type) else {
        return;
    };
    let Some(poll) = root
        .all_operations()
        .find(|o| o.path == attempts.poll_path)
        .map(|o| o.const_name.clone())
    else {
        return;
    };
    mark(root, attempts, attempt_type, &poll);
}

fn mark(
    node: &mut Resource,
    attempts: &crate::profile::ActionAttempts,
    attempt_type: &str,
    poll: &str,
) {
    for operation in &mut node.operations {
        let answers_attempt = matches!(
            &operation.response,
            ResponseShape::Keyed { key, ty: TypeRef::Named { name, .. }, optional: false }
                if *key == attempts.response_key && name == attempt_type
        );
        if answers_attempt {
            operation.action_poll = Some(ActionPoll {
                const_name: poll.to_owned(),
                // Settled with the resource features.
                module: None,
            });
        }
    }
    for child in &mut node.children {
        mark(child, attempts, attempt_type, poll);
    }
}
