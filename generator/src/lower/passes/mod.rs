//! Whole-model passes, run by [`lower`](super::lower) once every operation is
//! lowered, in the order written there: each takes the model as it stands and
//! settles one more fact about it.

use super::*;

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

pub(in crate::lower) use action_attempts::*;
pub(in crate::lower) use boxing::*;
pub(in crate::lower) use client_kinds::*;
pub(in crate::lower) use command_line::*;
pub(in crate::lower) use examples::*;
pub(in crate::lower) use features::*;
pub(in crate::lower) use field_reprs::*;
pub(in crate::lower) use prune::*;
pub(in crate::lower) use request_types::*;
pub(in crate::lower) use sensitive::*;
pub(in crate::lower) use union_fields::*;
