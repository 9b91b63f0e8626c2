//! Paginated list operations: one [`Page`] of results, and the streams that
//! follow the next-page cursor from page to page (`pages`) or yield the items
//! one by one across pages (`items`). Where a page's items and its next
//! cursor are is the API's convention, given per operation as a [`Paging`]:
//! the items under the response key with a pagination object beside them
//! (`conventions::PAGINATION`), a has-more flag and the last item's id, or a
//! next-page cursor beside the items.
//!
//! The next page is the same request with its cursor parameter (a field of
//! the parameter struct, or of the request builder for a query parameter) set
//! to the previous page's next cursor, until the response says no page
//! follows. The walk is bounded, so that no server can keep a stream busy
//! forever: it ends with [`Error::Pagination`] when a cursor comes back a
//! second time, when a page says more follow but gives no cursor, after the
//! client's `max_pages` pages, and after `max_empty_pages` empty pages in a
//! row that each promised more. The streams also end after any other error.

use std::collections::HashSet;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::value::RawValue;

use crate::conventions::Client;
use crate::conventions::PAGINATION;
use crate::error::{Error, PaginationProblem};
use crate::request::Request;
use crate::transport::{Envelope, Operation, RequestOptions, Success};

/// One page of a list operation's results.
///
/// Iterating a `Page` yields its items.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// The cursor that fetches the next page, if there is one.
    pub next_page_cursor: Option<String>,
    /// Whether more items follow this page.
    pub has_next_page: bool,
}

impl<T> Page<T> {
    /// A page with nothing after it.
    fn last(items: Vec<T>) -> Self {
        Page {
            items,
            next_page_cursor: None,
            has_next_page: false,
        }
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// Where a list's success body keeps its pagination: an object beside the
/// items, with the next page's cursor and whether one follows.
pub(crate) struct Fields {
    pub(crate) object: &'static str,
    pub(crate) next_cursor: &'static str,
    pub(crate) has_next_page: &'static str,
}

/// Where one operation's page keeps its items and the way to the next page
/// (each name a field of the success body).
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
}

/// A response key alone: the items under it, the cursor in the envelope's
/// pagination object.
impl From<&'static str> for Paging {
    fn from(response_key: &'static str) -> Self {
        Paging::Keyed(response_key)
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
        let response = self.send(op, request, options).await?;
        let mut envelope = response.envelope(op)?;
        match paging.into() {
            Paging::Keyed(response_key) => keyed_page(&response, op, envelope, response_key),
            Paging::LastItem {
                items,
                more,
                item_id,
            } => {
                let raw_items = envelope.get(items).copied();
                let list: Option<Vec<T>> = response.take_field(op, &mut envelope, None, items)?;
                let has_next_page = response.take_field(op, &mut envelope, None, more)?;
                let next_page_cursor = match raw_items {
                    Some(raw) if has_next_page => last_item_id(&response, op, raw, items, item_id)?,
                    _ => None,
                };
                Ok(Page {
                    items: list.unwrap_or_default(),
                    next_page_cursor,
                    has_next_page,
                })
            }
            Paging::NextCursor {
                items,
                next_cursor,
                more,
            } => {
                let list: Option<Vec<T>> = response.take_field(op, &mut envelope, None, items)?;
                let cursor: Option<String> =
                    response.take_field(op, &mut envelope, None, next_cursor)?;
                // An empty cursor fetches the first page again: it is no cursor.
                let cursor = cursor.filter(|c| !c.is_empty());
                let has_next_page = match more {
                    Some(more) => response.take_field(op, &mut envelope, None, more)?,
                    None => cursor.is_some(),
                };
                Ok(Page {
                    items: list.unwrap_or_default(),
                    next_page_cursor: cursor,
                    has_next_page,
                })
            }
        }
    }
}

/// The items under `response_key` and the pagination object beside them.
fn keyed_page<T: DeserializeOwned>(
    response: &Success,
    op: &'static Operation,
    mut envelope: Envelope<'_>,
    response_key: &'static str,
) -> Result<Page<T>, Error> {
    let items = response.take_field(op, &mut envelope, None, response_key)?;
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
        items,
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

/// Every page of a listing, fetched one at a time as it is asked for: a
/// [`Stream`] of pages, or [`next_page`](Self::next_page) without importing
/// a stream trait. A named type, so that it can be kept in a struct.
#[must_use = "a listing fetches nothing until it is polled"]
pub struct Pages<T> {
    inner: Pin<Box<dyn Stream<Item = Result<Page<T>, Error>> + Send>>,
}

/// Every item of every page of a listing, in order (see [`Pages`]).
#[must_use = "a listing fetches nothing until it is polled"]
pub struct Items<T> {
    inner: Pin<Box<dyn Stream<Item = Result<T, Error>> + Send>>,
}

impl<T> Pages<T> {
    /// The next page, the error that ends the listing, or `None` once it is over.
    pub async fn next_page(&mut self) -> Option<Result<Page<T>, Error>> {
        std::future::poll_fn(|cx| self.inner.as_mut().poll_next(cx)).await
    }
}

impl<T> Items<T> {
    /// The next item, the error that ends the listing, or `None` once it is over.
    pub async fn next_item(&mut self) -> Option<Result<T, Error>> {
        std::future::poll_fn(|cx| self.inner.as_mut().poll_next(cx)).await
    }
}

impl<T> Stream for Pages<T> {
    type Item = Result<Page<T>, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T> Stream for Items<T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T> std::fmt::Debug for Pages<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages").finish_non_exhaustive()
    }
}

impl<T> std::fmt::Debug for Items<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Items").finish_non_exhaustive()
    }
}

/// A stream of pages of `op`: `base` (the path, query and header parameters)
/// with `body`, the parameter struct, whose cursor each page moves on.
pub(crate) fn pages<B, T>(
    client: Client,
    op: &'static Operation,
    options: RequestOptions,
    base: Request,
    body: B,
    paging: impl Into<Paging>,
    set_cursor: fn(&mut B, String),
) -> Pages<T>
where
    B: Serialize + Send + Sync + 'static,
    T: DeserializeOwned + Send + 'static,
{
    let state = WithBody {
        op,
        base,
        body,
        set_cursor,
    };
    let pager = Pager::new(
        client,
        op,
        options,
        state,
        WithBody::request,
        paging.into(),
        WithBody::set_cursor,
    );
    stream_pages(pager)
}

/// A stream of the items of every page of `op` (see [`pages`]).
pub(crate) fn items<B, T>(
    client: Client,
    op: &'static Operation,
    options: RequestOptions,
    base: Request,
    body: B,
    paging: impl Into<Paging>,
    set_cursor: fn(&mut B, String),
) -> Items<T>
where
    B: Serialize + Send + Sync + 'static,
    T: DeserializeOwned + Send + 'static,
{
    let state = WithBody {
        op,
        base,
        body,
        set_cursor,
    };
    let pager = Pager::new(
        client,
        op,
        options,
        state,
        WithBody::request,
        paging.into(),
        WithBody::set_cursor,
    );
    stream_items(pager)
}

/// A stream of pages of `op` whose cursor is a field of the request builder
/// itself (a query parameter): `request` builds each page's request from the
/// builder, whose cursor each page moves on.
pub(crate) fn builder_pages<S, T>(
    client: Client,
    op: &'static Operation,
    options: RequestOptions,
    builder: S,
    request: fn(&S) -> Request,
    paging: impl Into<Paging>,
    set_cursor: fn(&mut S, String),
) -> Pages<T>
where
    S: Send + Sync + 'static,
    T: DeserializeOwned + Send + 'static,
{
    stream_pages(Pager::new(
        client,
        op,
        options,
        builder,
        request,
        paging.into(),
        set_cursor,
    ))
}

/// A stream of the items of every page of `op` (see [`builder_pages`]).
pub(crate) fn builder_items<S, T>(
    client: Client,
    op: &'static Operation,
    options: RequestOptions,
    builder: S,
    request: fn(&S) -> Request,
    paging: impl Into<Paging>,
    set_cursor: fn(&mut S, String),
) -> Items<T>
where
    S: Send + Sync + 'static,
    T: DeserializeOwned + Send + 'static,
{
    stream_items(Pager::new(
        client,
        op,
        options,
        builder,
        request,
        paging.into(),
        set_cursor,
    ))
}

/// The request of a listing whose cursor is a field of its parameter struct:
/// the path, query and header parameters, and the struct.
struct WithBody<B> {
    op: &'static Operation,
    base: Request,
    body: B,
    set_cursor: fn(&mut B, String),
}

impl<B: Serialize> WithBody<B> {
    fn request(&self) -> Request {
        let mut request = self.base.clone();
        request.params(self.op, &self.body);
        request
    }

    fn set_cursor(&mut self, cursor: String) {
        (self.set_cursor)(&mut self.body, cursor)
    }
}

fn stream_pages<S, T>(pager: Pager<S>) -> Pages<T>
where
    S: Send + Sync + 'static,
    T: DeserializeOwned + Send + 'static,
{
    // Boxed so that the stream is `Unpin` and callers can use `.next()` directly.
    let inner = Box::pin(futures_util::stream::unfold(
        pager,
        |mut pager| async move {
            let page = pager.next_page().await?;
            Some((page, pager))
        },
    ));
    Pages { inner }
}

fn stream_items<S, T>(pager: Pager<S>) -> Items<T>
where
    S: Send + Sync + 'static,
    T: DeserializeOwned + Send + 'static,
{
    let state = (pager, Vec::new().into_iter());
    let inner = Box::pin(futures_util::stream::unfold(
        state,
        |(mut pager, mut buffered)| async move {
            loop {
                if let Some(item) = buffered.next() {
                    return Some((Ok(item), (pager, buffered)));
                }
                match pager.next_page::<T>().await? {
                    Ok(page) => buffered = page.items.into_iter(),
                    Err(e) => return Some((Err(e), (pager, buffered))),
                }
            }
        },
    ));
    Items { inner }
}

/// What a [`Pager`] does when asked for the next page.
enum Next {
    Fetch,
    /// The listing cannot go on: the stream's last item is this error.
    Stop(PaginationProblem),
    /// The request's options are wrong: the stream's only item is this error.
    Refuse(String),
    Done,
}

/// The request being paged through (`state`, which builds it and takes each
/// cursor), the cursors followed so far and the counts that bound the walk.
struct Pager<S> {
    client: Client,
    op: &'static Operation,
    options: RequestOptions,
    state: S,
    request: fn(&S) -> Request,
    paging: Paging,
    set_cursor: fn(&mut S, String),
    /// Hashes of the cursors followed: a server's cursors may be long, and a
    /// listing may follow thousands.
    seen: HashSet<u64>,
    next: Next,
    max_pages: u32,
    max_empty_pages: u32,
    pages: u32,
    empty_pages_in_a_row: u32,
}

impl<S: Sync> Pager<S> {
    fn new(
        client: Client,
        op: &'static Operation,
        options: RequestOptions,
        state: S,
        request: fn(&S) -> Request,
        paging: Paging,
        set_cursor: fn(&mut S, String),
    ) -> Self {
        let max_pages = options.max_pages.unwrap_or(client.inner.max_pages);
        let max_empty_pages = client.inner.max_empty_pages;
        let next = if max_pages == 0 {
            Next::Refuse(format!("{}: max_pages must be at least 1", op.name))
        } else {
            Next::Fetch
        };
        Pager {
            client,
            op,
            options,
            state,
            request,
            paging,
            set_cursor,
            seen: HashSet::new(),
            next,
            max_pages,
            max_empty_pages,
            pages: 0,
            empty_pages_in_a_row: 0,
        }
    }

    /// The next page, the error that ends the listing, or `None` once it is over.
    async fn next_page<T: DeserializeOwned>(&mut self) -> Option<Result<Page<T>, Error>> {
        match std::mem::replace(&mut self.next, Next::Done) {
            Next::Done => None,
            Next::Refuse(message) => Some(Err(Error::InvalidOptions { message })),
            Next::Stop(problem) => Some(Err(Error::Pagination {
                operation: self.op.name,
                problem,
            })),
            Next::Fetch => {
                let request = (self.request)(&self.state);
                let result = self
                    .client
                    .call_page(self.op, request, &self.options, self.paging)
                    .await;
                if let Ok(page) = &result {
                    self.next = self.after(
                        page.items.is_empty(),
                        page.has_next_page,
                        &page.next_page_cursor,
                    );
                }
                Some(result)
            }
        }
    }

    /// What follows a page with these properties.
    fn after(&mut self, empty: bool, has_next_page: bool, cursor: &Option<String>) -> Next {
        self.pages += 1;
        if !has_next_page {
            return Next::Done;
        }
        self.empty_pages_in_a_row = if empty {
            self.empty_pages_in_a_row + 1
        } else {
            0
        };
        let Some(cursor) = cursor else {
            return Next::Stop(PaginationProblem::MissingCursor);
        };
        if !self.seen.insert(hash(cursor)) {
            return Next::Stop(PaginationProblem::RepeatedCursor {
                cursor: cursor.chars().take(100).collect(),
            });
        }
        if self.empty_pages_in_a_row >= self.max_empty_pages {
            return Next::Stop(PaginationProblem::TooManyEmptyPages {
                limit: self.max_empty_pages,
            });
        }
        if self.pages >= self.max_pages {
            return Next::Stop(PaginationProblem::TooManyPages {
                limit: self.max_pages,
            });
        }
        (self.set_cursor)(&mut self.state, cursor.clone());
        Next::Fetch
    }
}

/// A cursor's hash, to recognise it again without keeping it.
fn hash(cursor: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    cursor.hash(&mut hasher);
    hasher.finish()
}
