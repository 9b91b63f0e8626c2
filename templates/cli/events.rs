//! A stream of server-sent events on standard output: one line of JSON per
//! event (`event`, `id`, `data`), printed and flushed as each arrives, so that
//! a pipe reads them live. Only in command lines with such an operation.

use std::io::Write;

use crate::api::EventStream;
use crate::app::Failure;
use crate::output::Output;

/// Prints each event as it arrives; a stream that fails after some events
/// keeps them printed, then reports the error. A closed standard output
/// (`| head`) ends the stream without error.
pub(crate) async fn print<T: serde::Serialize>(
    mut stream: EventStream<T>,
) -> Result<Output, Failure> {
    let mut stdout = std::io::stdout();
    while let Some(event) = stream.next().await {
        let event = event.map_err(Failure::Api)?;
        let data = serde_json::to_value(&event.data)
            .map_err(|e| Failure::Other(format!("cannot print an event as JSON: {e}")))?;
        let line = serde_json::json!({"event": event.event, "id": event.id, "data": data});
        match writeln!(stdout, "{line}").and_then(|()| stdout.flush()) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => break,
            Err(e) => return Err(Failure::Other(format!("cannot write the output: {e}"))),
        }
    }
    Ok(Output::Nothing)
}
