//! What a command prints on standard output: the returned value as JSON,
//! pretty or on one line (`--compact`), its fields in the order the API sent
//! them; a listing's items, with a note on standard error when more pages
//! follow; a body that is not JSON as it is (a stream of events: `events`).

use std::io::Write;
use std::process::ExitCode;

use serde_json::value::RawValue;

use crate::api::{Page, Pages};
use crate::app::{Failure, EXIT_OTHER};

/// JSON as the API sent it.
pub(crate) type Json = Box<RawValue>;

/// A command's result.
pub(crate) enum Output {
    Json(Json),
    /// One page of a listing, and the flag that asks for the next.
    Page(Page<Json>, &'static str),
    /// Every item of a listing, or those fetched before the error that ended it.
    Items(Vec<Json>, Option<crate::api::Error>),
    Bytes(Vec<u8>),
    Text(String),
    Nothing,
}

impl Output {
    /// A value the client decoded, as JSON.
    pub(crate) fn typed<T: serde::Serialize>(value: &T) -> Result<Output, Failure> {
        serde_json::value::to_raw_value(value)
            .map(Output::Json)
            .map_err(|e| Failure::Other(format!("cannot print the response as JSON: {e}")))
    }

    /// Every item of every page; a listing cut short (by the client's page
    /// limit, a failed page) keeps what it fetched, and its error.
    pub(crate) async fn all(mut pages: Pages<Json>) -> Result<Output, Failure> {
        let mut items = Vec::new();
        while let Some(page) = pages.next_page().await {
            match page {
                Ok(page) => items.extend(page.items),
                // Nothing fetched: the plain error.
                Err(error) if items.is_empty() => return Err(Failure::Api(error)),
                Err(error) => return Ok(Output::Items(items, Some(error))),
            }
        }
        Ok(Output::Items(items, None))
    }

    /// Prints it; a closed standard output (`| head`) is not an error.
    pub(crate) fn print(self, compact: bool) -> ExitCode {
        let mut stdout = std::io::stdout().lock();
        let mut cut_short = None;
        let written = match self {
            Output::Json(json) => write_json(&mut stdout, json.get(), compact),
            Output::Page(page, cursor_flag) => {
                if let (true, Some(cursor)) = (page.has_next_page, &page.next_page_cursor) {
                    eprintln!("note: more items follow: add --all for every page, or --{cursor_flag} {cursor} for the next");
                }
                write_json(&mut stdout, &list(&page.items), compact)
            }
            Output::Items(items, error) => {
                cut_short = error;
                write_json(&mut stdout, &list(&items), compact)
            }
            Output::Bytes(bytes) => stdout.write_all(&bytes),
            Output::Text(text) => stdout.write_all(text.as_bytes()),
            Output::Nothing => Ok(()),
        };
        let written = written.and_then(|()| stdout.flush());
        if let Some(error) = cut_short {
            eprintln!("note: the listing stopped early; the items above are those fetched before:");
            return crate::app::report(&Failure::Api(error));
        }
        match written {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: cannot write the output: {e}");
                ExitCode::from(EXIT_OTHER)
            }
        }
    }
}

/// A JSON array of the items, each as sent.
fn list(items: &[Json]) -> String {
    let texts: Vec<&str> = items.iter().map(|item| item.get()).collect();
    format!("[{}]", texts.join(","))
}

/// Re-indents JSON text without reordering it.
fn write_json(out: &mut impl Write, json: &str, compact: bool) -> std::io::Result<()> {
    let mut input = serde_json::Deserializer::from_str(json);
    let transcoded = if compact {
        serde_transcode::transcode(&mut input, &mut serde_json::Serializer::new(&mut *out))
    } else {
        serde_transcode::transcode(&mut input, &mut serde_json::Serializer::pretty(&mut *out))
    };
    // A write error keeps its kind, so that a closed pipe stays one.
    transcoded.map_err(|e| match e.io_error_kind() {
        Some(kind) => std::io::Error::from(kind),
        None => std::io::Error::other(e),
    })?;
    out.write_all(b"\n")
}
