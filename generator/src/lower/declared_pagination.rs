//! Pagination a document declares on an operation, in the extensions of the
//! SDK generators documents are most often written for, read as one of the
//! profile's strategies (so that it is matched and generated as a profile's
//! would be):
//!
//! - Speakeasy's `x-speakeasy-pagination`: `type` (`offsetLimit`, `cursor`,
//!   `url`), `inputs` (each a `name`, where it is `in` and its `type`:
//!   `offset`, `page`, `limit`, `cursor`) and `outputs` (`results`,
//!   `numPages`, `nextCursor`, `nextUrl`, as `$.field` paths).
//! - Fern's `x-fern-pagination`: `cursor` and `next_cursor`; `offset` with
//!   an optional `step` (without one the offset is a page number) and
//!   `has-next-page`; or `next_uri` / `next_path`; and `results`. Each as
//!   `$request.name` or `$response.name`.
//!
//! Only top-level fields and parameters are read: a path into a nested object
//! is refused with a message, and the operation then does not page.

use serde::Deserialize;
use serde_json::Value;

use crate::profile::Pagination;

/// The strategy `value` (the extension `extension` of an operation) declares.
pub(super) fn strategy(extension: &str, value: &Value) -> Result<Pagination, String> {
    let problem = |message: String| format!("`{extension}`: {message}");
    if value.get("type").is_some() || value.get("inputs").is_some() {
        let declared: Speakeasy = serde_json::from_value(value.clone())
            .map_err(|e| problem(format!("not Speakeasy's pagination: {e}")))?;
        declared.strategy().map_err(problem)
    } else {
        let declared: Fern = serde_json::from_value(value.clone())
            .map_err(|e| problem(format!("not Fern's pagination: {e}")))?;
        declared.strategy().map_err(problem)
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Speakeasy {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    inputs: Vec<SpeakeasyInput>,
    #[serde(default)]
    outputs: SpeakeasyOutputs,
}

#[derive(Deserialize)]
struct SpeakeasyInput {
    name: String,
    #[serde(rename = "in")]
    location: String,
    #[serde(rename = "type")]
    kind: String,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct SpeakeasyOutputs {
    results: Option<String>,
    num_pages: Option<String>,
    next_cursor: Option<String>,
    next_url: Option<String>,
}

impl Speakeasy {
    /// The input of type `kind`, if declared; an input in the request body is
    /// read only for a cursor (offsets and pages travel in the query).
    fn input(&self, kind: &str) -> Result<Option<String>, String> {
        let Some(input) = self.inputs.iter().find(|i| i.kind == kind) else {
            return Ok(None);
        };
        match input.location.as_str() {
            "parameters" => Ok(Some(input.name.clone())),
            "requestBody" if kind == "cursor" => Ok(Some(input.name.clone())),
            other => Err(format!("a `{kind}` input `in: {other}` is not supported")),
        }
    }

    fn strategy(&self) -> Result<Pagination, String> {
        let outputs = &self.outputs;
        let items = outputs.results.as_deref().map(response_field).transpose()?;
        match self.kind.as_str() {
            "offsetLimit" => {
                let limit_parameter = self.input("limit")?;
                if let Some(offset_parameter) = self.input("offset")? {
                    return Ok(Pagination::Offset {
                        offset_parameter,
                        items: items.flatten(),
                        limit_parameter,
                        has_more: None,
                    });
                }
                let page_parameter = self
                    .input("page")?
                    .ok_or("`offsetLimit` needs an `offset` or a `page` input")?;
                let total_pages = outputs.num_pages.as_deref().map(response_field);
                Ok(Pagination::PageNumber {
                    page_parameter,
                    first_page: 1,
                    items: items.flatten(),
                    limit_parameter,
                    total_pages: total_pages.transpose()?.flatten(),
                    has_more: None,
                })
            }
            "cursor" => {
                let cursor_parameter = self
                    .input("cursor")?
                    .ok_or("`cursor` needs a `cursor` input")?;
                let next_cursor = outputs
                    .next_cursor
                    .as_deref()
                    .ok_or("`cursor` needs a `nextCursor` output")?;
                Ok(Pagination::NextCursor {
                    items: named(items, "results")?,
                    next_cursor: named(Some(response_field(next_cursor)?), "nextCursor")?,
                    cursor_parameter,
                    has_more: None,
                })
            }
            "url" => {
                let next_url = outputs
                    .next_url
                    .as_deref()
                    .ok_or("`url` needs a `nextUrl` output")?;
                Ok(Pagination::NextUrl {
                    items: named(items, "results")?,
                    next_url: named(Some(response_field(next_url)?), "nextUrl")?,
                })
            }
            other => Err(format!("pagination `type: {other}` is not supported")),
        }
    }
}

/// A top-level field from a JSONPath (`$.data`), or `None` for the body
/// itself (`$`).
fn response_field(path: &str) -> Result<Option<String>, String> {
    top_level(path, "$", "a response field")
}

/// `path` (`<root>.name`) as `name`; `None` for the root itself.
fn top_level(path: &str, root: &str, what: &str) -> Result<Option<String>, String> {
    let path = path.trim();
    if path == root {
        return Ok(None);
    }
    match path
        .strip_prefix(root)
        .and_then(|rest| rest.strip_prefix('.'))
    {
        Some(name) if is_plain_name(name) => Ok(Some(name.to_owned())),
        _ => Err(format!(
            "`{path}` is not {what} at the top level (`{root}.name`)"
        )),
    }
}

/// A field name, not a path into one (`data.items`, `data[-1].id`).
fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && !name.contains(['.', '[', ']', '*', '$'])
}

/// A field the strategy needs inside an object (not the body itself).
fn named(field: Option<Option<String>>, what: &str) -> Result<String, String> {
    match field {
        Some(Some(name)) => Ok(name),
        Some(None) => Err(format!("`{what}` must be a field of the response, not `$`")),
        None => Err(format!("the `{what}` output is needed")),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Fern {
    cursor: Option<String>,
    // Fern writes these in snake case, `has-next-page` in kebab case.
    #[serde(rename = "next_cursor")]
    next_cursor: Option<String>,
    offset: Option<String>,
    step: Option<String>,
    has_next_page: Option<String>,
    #[serde(rename = "next_uri")]
    next_uri: Option<String>,
    #[serde(rename = "next_path")]
    next_path: Option<String>,
    results: Option<String>,
}

impl Fern {
    fn strategy(&self) -> Result<Pagination, String> {
        let request = |path: &str| {
            top_level(path, "$request", "a request parameter")?
                .ok_or_else(|| format!("`{path}` names no parameter"))
        };
        let response = |path: &str| top_level(path, "$response", "a response field");
        let items = self.results.as_deref().map(response).transpose()?;
        let has_more = self
            .has_next_page
            .as_deref()
            .map(response)
            .transpose()?
            .flatten();
        if let Some(cursor) = &self.cursor {
            let next = self
                .next_cursor
                .as_deref()
                .ok_or("`cursor` needs `next_cursor`")?;
            return Ok(Pagination::NextCursor {
                items: named(items, "results")?,
                next_cursor: named(Some(response(next)?), "next_cursor")?,
                cursor_parameter: request(cursor)?,
                has_more,
            });
        }
        if let Some(offset) = &self.offset {
            let parameter = request(offset)?;
            // Without a step, Fern moves the offset on by one: a page number.
            return Ok(match &self.step {
                Some(step) => Pagination::Offset {
                    offset_parameter: parameter,
                    items: items.flatten(),
                    limit_parameter: Some(request(step)?),
                    has_more,
                },
                None => Pagination::PageNumber {
                    page_parameter: parameter,
                    first_page: 1,
                    items: items.flatten(),
                    limit_parameter: None,
                    total_pages: None,
                    has_more,
                },
            });
        }
        if let Some(next) = self.next_uri.as_ref().or(self.next_path.as_ref()) {
            return Ok(Pagination::NextUrl {
                items: named(items, "results")?,
                next_url: named(Some(response(next)?), "next_uri")?,
            });
        }
        Err("neither `cursor`, `offset`, `next_uri` nor `next_path` is declared".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(extension: &str, value: Value) -> Result<Pagination, String> {
        strategy(extension, &value)
    }

    #[test]
    fn speakeasy_offsets_pages_cursors_and_urls() {
        let offset = read(
            "x-speakeasy-pagination",
            json!({"type": "offsetLimit",
                   "inputs": [{"name": "skip", "in": "parameters", "type": "offset"},
                              {"name": "take", "in": "parameters", "type": "limit"}],
                   "outputs": {"results": "$"}}),
        );
        assert_eq!(
            offset,
            Ok(Pagination::Offset {
                offset_parameter: "skip".into(),
                items: None,
                limit_parameter: Some("take".into()),
                has_more: None,
            })
        );
        let pages = read(
            "x-speakeasy-pagination",
            json!({"type": "offsetLimit",
                   "inputs": [{"name": "page", "in": "parameters", "type": "page"}],
                   "outputs": {"results": "$.data", "numPages": "$.pages"}}),
        );
        assert_eq!(
            pages,
            Ok(Pagination::PageNumber {
                page_parameter: "page".into(),
                first_page: 1,
                items: Some("data".into()),
                limit_parameter: None,
                total_pages: Some("pages".into()),
                has_more: None,
            })
        );
        let cursor = read(
            "x-speakeasy-pagination",
            json!({"type": "cursor",
                   "inputs": [{"name": "after", "in": "requestBody", "type": "cursor"}],
                   "outputs": {"results": "$.items", "nextCursor": "$.next"}}),
        );
        assert_eq!(
            cursor,
            Ok(Pagination::NextCursor {
                items: "items".into(),
                next_cursor: "next".into(),
                cursor_parameter: "after".into(),
                has_more: None,
            })
        );
        let url = read(
            "x-speakeasy-pagination",
            json!({"type": "url", "outputs": {"results": "$.results", "nextUrl": "$.next"}}),
        );
        assert_eq!(
            url,
            Ok(Pagination::NextUrl {
                items: "results".into(),
                next_url: "next".into()
            })
        );
    }

    #[test]
    fn fern_cursors_offsets_steps_and_uris() {
        let cursor = read(
            "x-fern-pagination",
            json!({"cursor": "$request.starting_after", "next_cursor": "$response.next",
                   "results": "$response.data", "has-next-page": "$response.has_more"}),
        );
        assert_eq!(
            cursor,
            Ok(Pagination::NextCursor {
                items: "data".into(),
                next_cursor: "next".into(),
                cursor_parameter: "starting_after".into(),
                has_more: Some("has_more".into()),
            })
        );
        let pages = read(
            "x-fern-pagination",
            json!({"offset": "$request.page_number", "results": "$response.results"}),
        );
        assert!(
            matches!(pages, Ok(Pagination::PageNumber { first_page: 1, .. })),
            "{pages:?}"
        );
        let offsets = read(
            "x-fern-pagination",
            json!({"offset": "$request.offset", "step": "$request.limit", "results": "$response.results"}),
        );
        assert!(
            matches!(
                offsets,
                Ok(Pagination::Offset {
                    limit_parameter: Some(_),
                    ..
                })
            ),
            "{offsets:?}"
        );
        let uri = read(
            "x-fern-pagination",
            json!({"next_uri": "$response.next", "results": "$response.results"}),
        );
        assert!(matches!(uri, Ok(Pagination::NextUrl { .. })), "{uri:?}");
    }

    #[test]
    fn what_cannot_be_followed_is_refused_with_a_reason() {
        let nested = read(
            "x-fern-pagination",
            json!({"cursor": "$request.cursor", "next_cursor": "$response.meta.next", "results": "$response.data"}),
        );
        assert!(
            nested
                .as_ref()
                .is_err_and(|e| e.contains("`$response.meta.next`")),
            "{nested:?}"
        );
        let last_id = read(
            "x-speakeasy-pagination",
            json!({"type": "cursor", "inputs": [{"name": "after", "in": "parameters", "type": "cursor"}],
                   "outputs": {"results": "$.data", "nextCursor": "$.data[-1].id"}}),
        );
        assert!(last_id.is_err(), "{last_id:?}");
        let unknown = read("x-speakeasy-pagination", json!({"type": "graphql"}));
        assert!(
            unknown.as_ref().is_err_and(|e| e.contains("graphql")),
            "{unknown:?}"
        );
        let empty = read("x-fern-pagination", json!({"results": "$response.data"}));
        assert!(empty.is_err());
        let not_an_object = read("x-fern-pagination", json!("yes"));
        assert!(not_an_object
            .as_ref()
            .is_err_and(|e| e.starts_with("`x-fern-pagination`")));
    }
}
