//! Whole-model passes, run by [`lower`](super::lower) once every operation is
//! lowered, in the order written there: each takes the model as it stands and
//! settles one more fact about it.

mod action_attempts;
mod boxing;
mod client_kinds;
mod command_line;
mod examples;
mod features;
mod field_reprs;
mod prune;
mod request_types;
mod sensitive;
#[cfg(test)]
mod test_support;
mod union_fields;

pub(in crate::lower) use action_attempts::mark_action_operations;
pub(in crate::lower) use boxing::box_recursive_fields;
pub(in crate::lower) use client_kinds::{credential_updates, key_exchange, without_context_client};
pub(in crate::lower) use command_line::command_line;
pub(in crate::lower) use examples::fill_examples;
pub(in crate::lower) use features::{resource_features, OtherUses};
pub(in crate::lower) use field_reprs::settle_field_reprs;
pub(in crate::lower) use prune::prune_unreachable;
pub(in crate::lower) use request_types::mark_request_types;
pub(in crate::lower) use sensitive::sensitive_fields;
pub(in crate::lower) use union_fields::shared_union_fields;
