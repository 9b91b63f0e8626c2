//! The pagination strategies a profile chooses between (`[[pagination]]`),
//! each naming the wire fields and parameters it uses. The lowering matches
//! them against each operation (`lower/pagination.rs`); the runtime walks the
//! pages (`templates/runtime/pagination.rs`).

use serde::{Deserialize, Serialize};

/// How a list asks for its next page; each strategy names the wire fields it
/// uses. A profile lists strategies in the order they are tried: an operation
/// pages by the first whose fields it has (its response and its parameters).
/// Where a strategy takes `items`, leaving it out means the body is the list
/// or, for a body that is an object, its only list field.
// A strategy without settings would be an empty struct, so that a stray key
// beside `strategy` is refused as for any other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "strategy", rename_all = "snake_case", deny_unknown_fields)]
pub enum Pagination {
    /// The request's cursor parameter (a body field) is set to the next
    /// cursor from an object beside the items, until it says no page follows
    /// (Seam's `pagination: {next_page_cursor, has_next_page}`). The object is
    /// part of the success envelope, so a profile has at most one of these.
    CursorObject {
        cursor_parameter: String,
        object: String,
        next_cursor: String,
        has_next_page: String,
    },
    /// The response is an object with the items and a flag saying whether
    /// more follow; the next page is the same request with the cursor
    /// parameter set to the last item's id (Stripe's lists:
    /// `{"data": [..], "has_more": true}`, then `?starting_after=<last id>`).
    HasMore {
        /// The response's array of items.
        items: String,
        /// The response's boolean: more items follow this page.
        has_more: String,
        /// The parameter (query or body) that takes the last item's id.
        cursor_parameter: String,
        /// The field of an item that is its id.
        item_id: String,
        /// The parameter that pages backwards from an item's id (Stripe's
        /// `ending_before`); documentation only: pages are walked forwards.
        #[serde(default)]
        backward_parameter: Option<String>,
    },
    /// The response carries the next page's cursor beside the items; the next
    /// page is the same request with the cursor parameter set to it (Stripe's
    /// searches: `next_page`, sent back as `page`).
    NextCursor {
        /// The response's array of items.
        items: String,
        /// The response's field holding the next page's cursor (null or
        /// absent on the last page).
        next_cursor: String,
        /// The parameter (query or body) that takes it.
        cursor_parameter: String,
        /// The response's boolean saying whether more follow; without it, more
        /// follow while there is a cursor.
        #[serde(default)]
        has_more: Option<String>,
    },
    /// The next page starts after the items seen so far: the integer query
    /// parameter `offset_parameter` moves on by each page's count of items
    /// (`?offset=0`, `?offset=20`, ..). The listing ends at an empty page, at
    /// a page shorter than the limit sent, or when `has_more` says so.
    Offset {
        offset_parameter: String,
        /// The response's array of items; without it, the body is the array.
        #[serde(default)]
        items: Option<String>,
        /// The integer query parameter that caps a page's size.
        #[serde(default)]
        limit_parameter: Option<String>,
        /// The response's boolean saying whether more follow.
        #[serde(default)]
        has_more: Option<String>,
    },
    /// Pages are numbered: the integer query parameter `page_parameter` goes
    /// up by one from `first_page` (the page asked for, or the first when
    /// none is). The listing ends at an empty page, at a page shorter than the
    /// limit sent, after the response's count of pages, or when `has_more`
    /// says so.
    PageNumber {
        page_parameter: String,
        /// The number of the first page: 1 unless the API counts from 0.
        #[serde(default = "one")]
        first_page: u64,
        /// The response's array of items; without it, the body is the array.
        #[serde(default)]
        items: Option<String>,
        /// The integer query parameter that caps a page's size.
        #[serde(default)]
        limit_parameter: Option<String>,
        /// The response's integer count of pages.
        #[serde(default)]
        total_pages: Option<String>,
        /// The response's boolean saying whether more follow.
        #[serde(default)]
        has_more: Option<String>,
    },
    /// The next page's URL is the response header's link of relation `next`
    /// (RFC 8288: `Link: <https://..?page=2>; rel="next"`, as GitHub sends
    /// it). Applies to the operations whose success response declares the
    /// header. The URL must be under the client's endpoint: credentials go
    /// nowhere else.
    LinkHeader {
        /// The response's array of items; without it, the body is the array.
        #[serde(default)]
        items: Option<String>,
        #[serde(default = "link")]
        header: String,
    },
    /// The response carries the next page's URL (absolute, or relative to
    /// the request's) beside the items (`{"results": [..], "next": ".."}`),
    /// null or absent on the last page. As with `link_header`, the URL must
    /// be under the client's endpoint.
    NextUrl { items: String, next_url: String },
}

fn one() -> u64 {
    1
}

fn link() -> String {
    "Link".to_owned()
}

impl Pagination {
    /// The array of items, when it is a field of the response (rather than
    /// the response itself or, for `cursor_object`, under the response key).
    pub fn items(&self) -> Option<&str> {
        match self {
            Pagination::CursorObject { .. } => None,
            Pagination::HasMore { items, .. }
            | Pagination::NextCursor { items, .. }
            | Pagination::NextUrl { items, .. } => Some(items),
            Pagination::Offset { items, .. }
            | Pagination::PageNumber { items, .. }
            | Pagination::LinkHeader { items, .. } => items.as_deref(),
        }
    }
}
