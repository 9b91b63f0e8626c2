//! Reading one page of a list: where its items are and how the next page is
//! asked for, as the API's convention says (a [`Paging`] per operation), and
//! moving a request on to the next page when the pager, not the builder,
//! holds the cursor (a page number, an offset, the next page's URL).
//!
//! The conventions: a cursor in a pagination object beside items under the
//! response key (`conventions::PAGINATION`); a has-more flag and the last
//! item's id; a next-page cursor beside the items; an offset that moves on by
//! each page's count; numbered pages; the next page's URL in an RFC 8288
//! `Link` header or in the body. A next page's URL is followed only under
//! the client's endpoint, so that no server can send the client's
//! credentials elsewhere.

use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::conventions::{Client, PAGINATION};
use crate::error::{Error, PaginationProblem};
use crate::pagination::{ItemError, Page};
use crate::request::Request;
use crate::transport::{Envelope, Operation, RequestOptions, Success};

/// Where a list's success body keeps its pagination: an object beside the
/// items, with the next page's cursor and whether one follows.
pub(crate) struct Fields {
    pub(crate) object: &'static str,
    pub(crate) next_cursor: &'static str,
    pub(crate) has_next_page: &'static str,
}

/// Where one operation's page keeps its items and the way to the next page
/// (each name a field of the success body, or a query parameter's wire name).
/// `items: None` means the body is the list.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Paging {
    /// The items under the response key; the next cursor and whether one
    /// follows in the pagination object beside them ([`Fields`]).
    Keyed(&'static str),
    /// The items in `items`; more follow while `more` is true, and the next
    /// page starts after the last item, whose `item_id` is the cursor.
    LastItem {
        items: &'static str,
        more: &'static str,
        item_id: &'static str,
    },
    /// The items in `items` and the next page's cursor in `next_cursor`;
    /// more follow while `more` is true or, without it, while there is a cursor.
    NextCursor {
        items: &'static str,
        next_cursor: &'static str,
        more: Option<&'static str>,
    },
    /// The query parameter `parameter` is the count of items before the page
    /// (0 when not sent); more follow while `more` is true or, without it,
    /// while a page is not empty and not shorter than the `limit` sent.
    Offset {
        items: Option<&'static str>,
        parameter: &'static str,
        limit: Option<&'static str>,
        more: Option<&'static str>,
    },
    /// The query parameter `parameter` is the page's number (`first` when not
    /// sent); more follow up to the `total_pages` the response gives, while
    /// `more` is true or, without either, while a page is not empty and not
    /// shorter than the `limit` sent.
    PageNumber {
        items: Option<&'static str>,
        parameter: &'static str,
        first: u64,
        limit: Option<&'static str>,
        total_pages: Option<&'static str>,
        more: Option<&'static str>,
    },
    /// The next page's URL is the `rel="next"` link of the response header `header`.
    LinkHeader {
        items: Option<&'static str>,
        header: &'static str,
    },
    /// The next page's URL is the body's field `next_url`.
    NextUrl {
        items: &'static str,
        next_url: &'static str,
    },
}

/// A response key alone: the items under it, the cursor in the envelope's
/// pagination object.
impl From<&'static str> for Paging {
    fn from(response_key: &'static str) -> Self {
        Paging::Keyed(response_key)
    }
}

impl Paging {
    /// Whether the pager moves the request itself on (a query parameter it
    /// rewrites, or the next page's URL) rather than a field the builder sets.
    pub(crate) fn moves_request(self) -> bool {
        matches!(
            self,
            Paging::Offset { .. }
                | Paging::PageNumber { .. }
                | Paging::LinkHeader { .. }
                | Paging::NextUrl { .. }
        )
    }

    /// Moves `request` on to the page `cursor` names: a number for the query
    /// parameter, or a URL under `endpoint` whose path and query replace the
    /// request's.
    pub(crate) fn advance(
        self,
        request: &mut Request,
        cursor: &str,
        endpoint: &str,
    ) -> Result<(), PaginationProblem> {
        match self {
            Paging::Offset { parameter, .. } | Paging::PageNumber { parameter, .. } => {
                request.query.retain(|(name, _)| name != parameter);
                request
                    .query
                    .push((parameter.to_owned(), cursor.to_owned()));
                Ok(())
            }
            Paging::LinkHeader { .. } | Paging::NextUrl { .. } => {
                let (path, query) = under_endpoint(cursor, endpoint).ok_or_else(|| {
                    PaginationProblem::UnfollowableUrl {
                        url: without_query(cursor),
                    }
                })?;
                request.path = path;
                request.query = query;
                Ok(())
            }
            Paging::Keyed(_) | Paging::LastItem { .. } | Paging::NextCursor { .. } => Ok(()),
        }
    }
}

impl Client {
    /// Fetches one page and reads it as `paging` says. With the items under a
    /// response key, a response without the pagination object is a single,
    /// last page; in one, the has-next-page flag is required, as is a
    /// has-more flag the operation declares: guessing it would end a listing
    /// silently.
    pub(crate) async fn call_page<T>(
        &self,
        op: &'static Operation,
        request: Request,
        options: &RequestOptions,
        paging: impl Into<Paging>,
    ) -> Result<Page<T>, Error>
    where
        T: DeserializeOwned,
    {
        let paging = paging.into();
        let here = format!("{}{}", self.inner.endpoint, request.path);
        let sent = |name: Option<&str>| name.and_then(|name| query_number(&request, name));
        let (offset, limit) = match paging {
            Paging::Offset {
                parameter, limit, ..
            } => (sent(Some(parameter)).unwrap_or(0), sent(limit)),
            Paging::PageNumber {
                parameter,
                first,
                limit,
                ..
            } => (sent(Some(parameter)).unwrap_or(first), sent(limit)),
            _ => (0, None),
        };
        let response = self.send(op, request, options).await?;
        if let Paging::Keyed(response_key) = paging {
            return keyed_page(&response, op, response_key);
        }
        let items_field = match paging {
            Paging::LastItem { items, .. }
            | Paging::NextCursor { items, .. }
            | Paging::NextUrl { items, .. } => Some(items),
            Paging::Offset { items, .. }
            | Paging::PageNumber { items, .. }
            | Paging::LinkHeader { items, .. } => items,
            Paging::Keyed(_) => None,
        };
        let Some(items) = items_field else {
            // The body is the list: nothing else to read from it.
            let json = response.json_bytes(op)?;
            let (list, errors) = decode_items(&response, op, json, None)?;
            let count = list.len() + errors.len();
            let (next_page_cursor, has_next_page) = match paging {
                Paging::LinkHeader { header, .. } => link_next(&response, header, &here),
                _ => numbered_next(offset, count, limit, None, paging),
            };
            return Ok(Page {
                items: list,
                errors,
                next_page_cursor,
                has_next_page,
            });
        };
        let mut envelope = response.envelope(op)?;
        let raw_items = envelope.get(items).copied();
        let (list, errors) = take_items(&response, op, &mut envelope, items)?;
        let count = list.len() + errors.len();
        let (next_page_cursor, has_next_page) = match paging {
            Paging::LastItem { more, item_id, .. } => {
                let more: bool = response.take_field(op, &mut envelope, None, more)?;
                let cursor = match raw_items {
                    Some(raw) if more => last_item_id(&response, op, raw, items, item_id)?,
                    _ => None,
                };
                (cursor, more)
            }
            Paging::NextCursor {
                next_cursor, more, ..
            } => {
                let cursor: Option<String> =
                    response.take_field(op, &mut envelope, None, next_cursor)?;
                // An empty cursor fetches the first page again: it is no cursor.
                let cursor = cursor.filter(|c| !c.is_empty());
                let more = match more {
                    Some(more) => response.take_field(op, &mut envelope, None, more)?,
                    None => cursor.is_some(),
                };
                (cursor, more)
            }
            Paging::NextUrl { next_url, .. } => {
                let url: Option<String> = response.take_field(op, &mut envelope, None, next_url)?;
                let url = url.filter(|u| !u.is_empty()).map(|u| resolve(&here, &u));
                let more = url.is_some();
                (url, more)
            }
            Paging::LinkHeader { header, .. } => link_next(&response, header, &here),
            Paging::Offset { more, .. } => {
                let more: Option<bool> = match more {
                    Some(more) => Some(response.take_field(op, &mut envelope, None, more)?),
                    None => None,
                };
                numbered_next(offset, count, limit, more, paging)
            }
            Paging::PageNumber {
                total_pages,
                first,
                more,
                ..
            } => {
                let more: Option<bool> = match more {
                    Some(more) => Some(response.take_field(op, &mut envelope, None, more)?),
                    None => None,
                };
                let within_total = match total_pages {
                    Some(total) => {
                        let total: Option<u64> =
                            response.take_field(op, &mut envelope, None, total)?;
                        // Pages so far, counting this one, against the total.
                        let seen = offset.saturating_sub(first).saturating_add(1);
                        total.map(|total| seen < total)
                    }
                    None => None,
                };
                let more = match (more, within_total) {
                    (Some(more), Some(within)) => Some(more && within),
                    (more, within) => more.or(within),
                };
                numbered_next(offset, count, limit, more, paging)
            }
            Paging::Keyed(_) => (None, false),
        };
        Ok(Page {
            items: list,
            errors,
            next_page_cursor,
            has_next_page,
        })
    }
}

/// The list under `key` (absent or null: empty), each item decoded on its
/// own, so that one that does not decode leaves the others.
fn take_items<T: DeserializeOwned>(
    response: &Success,
    op: &'static Operation,
    envelope: &mut Envelope<'_>,
    key: &str,
) -> Result<(Vec<T>, Vec<ItemError>), Error> {
    match envelope.remove(key) {
        Some(raw) => decode_items(response, op, raw.get().as_bytes(), Some(key)),
        None => Ok((Vec::new(), Vec::new())),
    }
}

/// The most of an undecodable item's JSON an [`ItemError`] keeps.
const ITEM_CHARS: usize = 4096;

/// `json`, a list (or null), at `path` (`None`: the whole body): the items
/// that decode as `T`, and an [`ItemError`] for each one that does not. Not
/// a list at all is an error for the whole page.
fn decode_items<T: DeserializeOwned>(
    response: &Success,
    op: &'static Operation,
    json: &[u8],
    path: Option<&str>,
) -> Result<(Vec<T>, Vec<ItemError>), Error> {
    let raw: Option<Vec<Box<RawValue>>> = response.decode(op, json, path)?;
    let (mut items, mut errors) = (Vec::new(), Vec::new());
    for (index, item) in raw.unwrap_or_default().into_iter().enumerate() {
        let at = format!("{}[{index}]", path.unwrap_or("$"));
        match crate::codec::decode_json(item.get().as_bytes(), Some(&at)) {
            Ok(value) => items.push(value),
            Err(failure) => errors.push(ItemError {
                index,
                path: failure.path,
                message: response.quote(failure.message.as_bytes(), ITEM_CHARS),
                raw: response.quote(item.get().as_bytes(), ITEM_CHARS),
            }),
        }
    }
    Ok((items, errors))
}

/// The next offset or page number after a page of `count` items at
/// `position`, and whether it is worth asking for: as `more` says, else
/// while the page is neither empty nor shorter than the limit sent.
fn numbered_next(
    position: u64,
    count: usize,
    limit: Option<u64>,
    more: Option<bool>,
    paging: Paging,
) -> (Option<String>, bool) {
    let count = u64::try_from(count).unwrap_or(u64::MAX);
    let more = more.unwrap_or(count > 0 && limit.is_none_or(|limit| count >= limit));
    let step = match paging {
        Paging::PageNumber { .. } => 1,
        _ => count,
    };
    let next = position.checked_add(step).filter(|_| more);
    (next.map(|n| n.to_string()), more)
}

/// The query parameter `name` as the request sends it, if it is a whole number.
fn query_number(request: &Request, name: &str) -> Option<u64> {
    let (_, value) = request.query.iter().find(|(key, _)| key == name)?;
    value.parse().ok()
}

/// The items under `response_key` and the pagination object beside them.
fn keyed_page<T: DeserializeOwned>(
    response: &Success,
    op: &'static Operation,
    response_key: &'static str,
) -> Result<Page<T>, Error> {
    let mut envelope = response.envelope(op)?;
    let items = take_items(response, op, &mut envelope, response_key)?;
    let Some(fields) = &PAGINATION else {
        return Ok(Page::last(items));
    };
    let raw = match envelope.get(fields.object) {
        Some(raw) if raw.get() != "null" => *raw,
        _ => return Ok(Page::last(items)),
    };
    let mut pagination: Envelope<'_> = serde_json::from_str(raw.get()).map_err(|e| {
        response.decode_error(
            op,
            fields.object.to_owned(),
            format!("the pagination object is not a JSON object: {e}"),
        )
    })?;
    let parent = Some(fields.object);
    Ok(Page {
        items: items.0,
        errors: items.1,
        next_page_cursor: response.take_field(op, &mut pagination, parent, fields.next_cursor)?,
        has_next_page: response.take_field(op, &mut pagination, parent, fields.has_next_page)?,
    })
}

/// The id of the last item of the list `raw` (the field `items`), read from
/// its JSON as sent, whatever type the items decode to. `None` when the list
/// is empty or its last item is not an object with that field; an id that
/// is not a string is an error.
fn last_item_id(
    response: &Success,
    op: &'static Operation,
    raw: &RawValue,
    items: &str,
    item_id: &str,
) -> Result<Option<String>, Error> {
    let Ok(list) = serde_json::from_str::<Vec<&RawValue>>(raw.get()) else {
        return Ok(None);
    };
    let Some((last, index)) = list.last().zip(list.len().checked_sub(1)) else {
        return Ok(None);
    };
    let Ok(mut item) = serde_json::from_str::<Envelope<'_>>(last.get()) else {
        return Ok(None);
    };
    let parent = format!("{items}[{index}]");
    response.take_field(op, &mut item, Some(&parent), item_id)
}

/// The `rel="next"` link of the response's `header`, resolved against the
/// request's URL `here`, and whether there is one.
fn link_next(response: &Success, header: &str, here: &str) -> (Option<String>, bool) {
    let next = (response.headers().get_all(header).iter())
        .filter_map(|value| value.to_str().ok())
        .find_map(next_link)
        .map(|url| resolve(here, url));
    let more = next.is_some();
    (next, more)
}

/// The target of the first link of relation `next` in an RFC 8288 `Link`
/// value: `<url>; rel="next", <url>; rel="last"`. A relation is one of a
/// space-separated list, compared without regard to case.
fn next_link(value: &str) -> Option<&str> {
    let mut rest = value;
    loop {
        let start = rest.find('<')?;
        let end = start + rest[start..].find('>')?;
        let target = &rest[start + 1..end];
        let (params, after) = split_link_params(&rest[end + 1..]);
        let is_next = params.split(';').any(|param| {
            let Some((name, value)) = param.split_once('=') else {
                return false;
            };
            name.trim().eq_ignore_ascii_case("rel")
                && (value.trim().trim_matches('"').split_ascii_whitespace())
                    .any(|rel| rel.eq_ignore_ascii_case("next"))
        });
        if is_next {
            return Some(target.trim());
        }
        rest = after;
    }
}

/// A link's parameters (up to the comma that ends it, outside quotes) and
/// what follows them.
fn split_link_params(text: &str) -> (&str, &str) {
    let mut quoted = false;
    for (index, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => return (&text[..index], &text[index + 1..]),
            _ => {}
        }
    }
    (text, "")
}

/// `url` resolved against `base` (as a browser would); as it is when either
/// is not a URL, for the pager to refuse.
fn resolve(base: &str, url: &str) -> String {
    match reqwest::Url::parse(base).and_then(|base| base.join(url)) {
        Ok(resolved) => resolved.into(),
        Err(_) => url.to_owned(),
    }
}

/// The path (after the endpoint's own) and query pairs of `url`, when it is
/// under `endpoint`: the same scheme, host and port, and a path below the
/// endpoint's.
fn under_endpoint(url: &str, endpoint: &str) -> Option<(String, Vec<(String, String)>)> {
    let url = reqwest::Url::parse(url).ok()?;
    let endpoint = reqwest::Url::parse(endpoint).ok()?;
    let same_origin = url.scheme() == endpoint.scheme()
        && url.host_str() == endpoint.host_str()
        && url.port_or_known_default() == endpoint.port_or_known_default();
    let base_path = endpoint.path().trim_end_matches('/');
    let path = url.path().strip_prefix(base_path)?;
    if !same_origin || !(path.is_empty() || path.starts_with('/')) || url.fragment().is_some() {
        return None;
    }
    let query = (url.query_pairs())
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    Some((path.to_owned(), query))
}

/// A URL as an error may quote it: without its query, which may hold a token,
/// and at most 200 characters.
fn without_query(url: &str) -> String {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    url[..end].chars().take(200).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_link_is_found_among_others() {
        let github = r#"<https://api.example.com/repos?page=2>; rel="next", <https://api.example.com/repos?page=5>; rel="last""#;
        assert_eq!(
            next_link(github),
            Some("https://api.example.com/repos?page=2")
        );
        let last_first = r#"<https://e.com/a?page=1>; rel="prev first", <https://e.com/a?page=3>; title="a, b"; REL=NEXT"#;
        assert_eq!(next_link(last_first), Some("https://e.com/a?page=3"));
        assert_eq!(next_link(r#"<https://e.com/a?page=1>; rel="prev""#), None);
        assert_eq!(next_link(r#"<https://e.com/a>; rel="nextpage""#), None);
        assert_eq!(next_link("garbage"), None);
        assert_eq!(next_link("<unterminated; rel=next"), None);
    }

    #[test]
    fn a_next_url_is_followed_only_under_the_endpoint() {
        let endpoint = "https://api.example.com/v1";
        assert_eq!(
            under_endpoint("https://api.example.com/v1/pets?page=2&q=a+b", endpoint),
            Some((
                "/pets".to_owned(),
                vec![
                    ("page".to_owned(), "2".to_owned()),
                    ("q".to_owned(), "a b".to_owned())
                ]
            ))
        );
        assert!(under_endpoint("https://api.example.com:443/v1/pets", endpoint).is_some());
        for foreign in [
            "http://api.example.com/v1/pets",
            "https://evil.example/v1/pets",
            "https://api.example.com.evil.example/v1/pets",
            "https://api.example.com:8443/v1/pets",
            "https://api.example.com/v10/pets",
            "https://api.example.com/pets",
            "https://api.example.com/v1/pets#x",
            "not a url",
        ] {
            assert_eq!(under_endpoint(foreign, endpoint), None, "{foreign}");
        }
    }

    #[test]
    fn relative_urls_resolve_against_the_request() {
        let here = "https://api.example.com/v1/pets";
        assert_eq!(
            resolve(here, "?page=2"),
            "https://api.example.com/v1/pets?page=2"
        );
        assert_eq!(
            resolve(here, "/v1/pets?page=3"),
            "https://api.example.com/v1/pets?page=3"
        );
        assert_eq!(resolve("not a base", "?page=2"), "?page=2");
    }

    #[test]
    fn numbered_pages_end_at_an_empty_or_short_page() {
        let offset = Paging::Offset {
            items: None,
            parameter: "offset",
            limit: Some("limit"),
            more: None,
        };
        assert_eq!(
            numbered_next(40, 20, Some(20), None, offset),
            (Some("60".to_owned()), true)
        );
        assert_eq!(numbered_next(40, 19, Some(20), None, offset), (None, false));
        assert_eq!(numbered_next(40, 0, None, None, offset), (None, false));
        assert_eq!(
            numbered_next(0, 5, None, None, offset),
            (Some("5".to_owned()), true)
        );
        assert_eq!(
            numbered_next(0, 5, None, Some(false), offset),
            (None, false)
        );
        let pages = Paging::PageNumber {
            items: None,
            parameter: "page",
            first: 1,
            limit: None,
            total_pages: None,
            more: None,
        };
        assert_eq!(
            numbered_next(3, 30, None, None, pages),
            (Some("4".to_owned()), true)
        );
        assert_eq!(numbered_next(u64::MAX, 30, None, None, pages), (None, true));
    }

    #[test]
    fn an_error_quotes_no_query() {
        assert_eq!(
            without_query("https://evil.example/x?token=secret"),
            "https://evil.example/x"
        );
    }
}
