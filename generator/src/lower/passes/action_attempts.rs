//! Pass: operations that answer the profile's action attempt wait for it,
//! reading it again through the poll operation.

use super::*;

/// Marks each operation whose response (under the profile's key) is the action
/// attempt component with the poll operation's const; none without a poll
/// operation in the document.
pub(in crate::lower) fn mark_action_operations(root: &mut Resource, profile: &Profile) {
    let Some(attempts) = &profile.action_attempts else {
        return;
    };
    let Some(poll) = root
        .all_operations()
        .find(|o| o.path == attempts.poll_path)
        .map(|o| o.const_name.clone())
    else {
        return;
    };
    mark(root, attempts, &poll);
}

fn mark(node: &mut Resource, attempts: &crate::profile::ActionAttempts, poll: &str) {
    for operation in &mut node.operations {
        let answers_attempt = matches!(
            &operation.response,
            ResponseShape::Keyed { key, ty: TypeRef::Named { .. }, optional: false }
                if *key == attempts.response_key
        );
        if answers_attempt {
            operation.action_poll = Some(poll.to_owned());
        }
    }
    for child in &mut node.children {
        mark(child, attempts, poll);
    }
}
