//! The generated command line (`generated/`'s `cli` feature, the `seam`
//! binary), run as a user runs it: through `sh`, against mock Seam APIs on
//! 127.0.0.1. The seed page's own command, usage errors, what is printed and
//! the exit statuses, credentials, `--help` and shell completions; and a
//! generic API's file flag (tests/generic-client's binary).

mod events;
mod files;
mod generic_pages;
mod help;
mod oauth;
mod requests;
mod responses;
mod support;
mod union_body;

#[path = "../common/cli_run.rs"]
mod cli_run;
#[path = "../common/mock_seam.rs"]
mod mock_seam;
#[path = "../common/seam_values.rs"]
mod seam_values;
