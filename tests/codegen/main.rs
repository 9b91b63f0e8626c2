//! Tests of the generator itself: snapshots of what it writes for small fixture specs
//! (one per construct) and its diagnostics for broken ones, the checked-in generated/
//! crate being up to date, the spec passing a standard OpenAPI validator, and the
//! API's conventions staying in the profile.

mod api_diff;
mod conventions;
mod determinism;
mod diagnostics;
mod items;
mod profiles;
mod publish;
mod refs;
mod regressions;
mod snapshots;
mod spec;
mod support;
mod up_to_date;
