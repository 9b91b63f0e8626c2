//! Paginated list operations: one [`Page`] of results, and the streams that
//! follow the next-page cursor from page to page (`pages`) or yield the items
//! one by one across pages (`items`). Where a page's items and its next
//! cursor are is the API's convention, given per operation as a [`Paging`]
//! (`paging.rs` reads a page).
//!
//! The next page is the same request with its cursor parameter (a field of
//! the parameter struct, or of the request builder for a query parameter) set
//! to the previous page's next cursor, or moved on by the pager itself (an
//! offset or page number in the query, or the next page's URL), until the
//! response says no page follows. The walk is bounded, so that no server can keep a stream busy
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

use crate::conventions::Client;
use crate::error::{Error, PaginationProblem};
use crate::paging::Paging;
use crate::request::Request;
use crate::transport::{Operation, RequestOptions};

/// One page of a list operation's results.
///
/// Iterating a `Page` yields its items. An item that does not decode (a field
/// the API left out, a value of another type) never costs the others: it is
/// in [`errors`](Page::errors) with its index and JSON, and the rest are in
/// [`items`](Page::items).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items on this page that decoded, in order.
    pub items: Vec<T>,
    /// The items on this page that did not decode, each with its index.
    pub errors: Vec<ItemError>,
    /// The cursor that fetches the next page, if there is one: as the API
    /// sent it, or for numbered pages the next offset or page number, or the
    /// next page's URL.
    pub next_page_cursor: Option<String>,
    /// Whether more items follow this page.
    pub has_next_page: bool,
}

impl<T> Page<T> {
    /// A page with nothing after it.
    pub(crate) fn last((items, errors): (Vec<T>, Vec<ItemError>)) -> Self {
        Page {
            items,
            errors,
            next_page_cursor: None,
            has_next_page: false,
        }
    }

    /// The page's items and errors in the order the API sent them: what
    /// [`Items`] yields.
    fn in_order(self, operation: &'static str) -> Vec<Result<T, Error>> {
        let mut errors = self.errors.into_iter().peekable();
        let mut items = self.items.into_iter();
        let mut out = Vec::with_capacity(items.len() + errors.len());
        loop {
            let index = out.len();
            match errors.next_if(|e| e.index == index) {
                Some(error) => out.push(Err(error.into_error(operation))),
                None => match items.next() {
                    Some(item) => out.push(Ok(item)),
                    None => break,
                },
            }
        }
        // Indexes past the end cannot happen; keep such errors all the same.
        out.extend(errors.map(|e| Err(e.into_error(operation))));
        out
    }
}

/// An item of a page that did not decode as the operation's item type.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ItemError {
    /// Its position in the page's list, from 0.
    pub index: usize,
    /// Where in the response decoding failed, such as `events[3].event_type`.
    pub path: String,
    /// What was wrong there.
    pub message: String,
    /// The item's JSON as sent, secrets redacted, cut to a few kilobytes: to
    /// read what the type cannot (`serde_json::from_str`).
    pub raw: String,
}

impl ItemError {
    /// The error the item stream yields in the item's place.
    fn into_error(self, operation: &'static str) -> Error {
        Error::Decode {
            operation,
            path: self.path,
            message: self.message,
            body_excerpt: self.raw,
        }
    }
}

impl std::fmt::Display for ItemError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "item {} does not decode at `{}`: {}",
            self.index, self.path, self.message
        )
    }
}

impl std::error::Error for ItemError {}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// Every page of a listing, fetched one at a time as it is asked for: a
/// [`Stream`] of pages, or [`next_page`](Self::next_page) without importing
/// a stream trait. A named type, so that it can be kept in a struct.
#[must_use = "a listing fetches nothing until it is polled"]
pub struct Pages<T> {
    inner: crate::platform::BoxStream<Result<Page<T>, Error>>,
}

/// Every item of every page of a listing, in order (see [`Pages`]).
#[must_use = "a listing fetches nothing until it is polled"]
pub struct Items<T> {
    inner: crate::platform::BoxStream<Result<T, Error>>,
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
                // An item that does not decode is an error in its place; the
                // stream goes on after it.
                if let Some(item) = buffered.next() {
                    return Some((item, (pager, buffered)));
                }
                let operation = pager.op.name;
                match pager.next_page::<T>().await? {
                    Ok(page) => buffered = page.in_order(operation).into_iter(),
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
    /// The cursor the next request is moved on to, for a strategy whose
    /// pager rather than builder holds it (see [`Paging::moves_request`]).
    cursor: Option<String>,
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
            cursor: None,
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
                let mut request = (self.request)(&self.state);
                if let Some(cursor) = &self.cursor {
                    let endpoint = &self.client.inner.endpoint;
                    if let Err(problem) = self.paging.advance(&mut request, cursor, endpoint) {
                        return Some(Err(Error::Pagination {
                            operation: self.op.name,
                            problem,
                        }));
                    }
                }
                let result = self
                    .client
                    .call_page(self.op, request, &self.options, self.paging)
                    .await;
                if let Ok(page) = &result {
                    self.next = self.after(
                        page.items.is_empty() && page.errors.is_empty(),
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
        if self.paging.moves_request() {
            self.cursor = Some(cursor.clone());
        } else {
            (self.set_cursor)(&mut self.state, cursor.clone());
        }
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
