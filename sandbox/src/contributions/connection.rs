//! graphql-ruby's connections as GitLab serves them: `edges { cursor node }`, `nodes`, `pageInfo`, and the
//! four arguments `after`/`before`/`first`/`last` (at most 100 items a page, GitLab's `max_page_size`).

use async_graphql::{Error, Result, SimpleObject};

/// GitLab's `default_max_page_size`.
pub const MAX_PAGE_SIZE: usize = 100;

#[derive(SimpleObject, Clone)]
pub struct PageInfo {
    pub has_next_page: bool,
    pub has_previous_page: bool,
    pub start_cursor: Option<String>,
    pub end_cursor: Option<String>,
}

/// A connection and its edge type for one node type (graphql-ruby names them `<Node>Connection`, `<Node>Edge`).
macro_rules! connection_types {
    ($conn:ident, $edge:ident, $node:ty) => {
        #[derive(async_graphql::SimpleObject, Clone)]
        pub struct $edge {
            pub cursor: String,
            pub node: Option<$node>,
        }

        #[derive(async_graphql::SimpleObject, Clone)]
        pub struct $conn {
            pub edges: Option<Vec<Option<$edge>>>,
            pub nodes: Option<Vec<Option<$node>>>,
            pub page_info: $crate::contributions::connection::PageInfo,
        }

        impl $conn {
            pub fn new(page: $crate::contributions::connection::Page<$node>) -> Self {
                let edges = page.items.iter().map(|(c, n)| Some($edge { cursor: c.clone(), node: Some(n.clone()) }));
                $conn {
                    edges: Some(edges.collect()),
                    nodes: Some(page.items.into_iter().map(|(_, n)| Some(n)).collect()),
                    page_info: page.info,
                }
            }
        }
    };
}
pub(crate) use connection_types;

/// One window of a connection: each item with its cursor, and the page info.
pub struct Page<T> {
    pub items: Vec<(String, T)>,
    pub info: PageInfo,
}

/// The connection arguments of one field.
#[derive(Clone, Debug, Default)]
pub struct PageArgs {
    pub after: Option<String>,
    pub before: Option<String>,
    pub first: Option<i32>,
    pub last: Option<i32>,
}

/// A position's cursor: opaque to clients (they only hand it back).
fn cursor(position: usize) -> String {
    format!("cursor:{position}")
}

fn position(raw: &str) -> Result<usize> {
    raw.strip_prefix("cursor:")
        .and_then(|n| n.parse::<usize>().ok())
        .ok_or_else(|| Error::new("Please provide a valid cursor"))
}

/// The window `args` asks of `len` sorted rows, as a range of positions, and its page info (Relay's
/// algorithm: after/before narrow, then first takes from the front, last from the back).
pub fn window(len: usize, args: &PageArgs) -> Result<(std::ops::Range<usize>, PageInfo)> {
    if args.first.is_some_and(|n| n < 0) || args.last.is_some_and(|n| n < 0) {
        return Err(Error::new("Argument 'first' or 'last' on Field must be a non-negative integer"));
    }
    let mut start = match &args.after {
        Some(c) => position(c)?.min(len),
        None => 0,
    };
    let mut end = match &args.before {
        Some(c) => position(c)?.saturating_sub(1).min(len),
        None => len,
    };
    end = end.max(start);
    let first = args.first.map(|n| (n as usize).min(MAX_PAGE_SIZE));
    let last = args.last.map(|n| (n as usize).min(MAX_PAGE_SIZE));
    match (first, last) {
        (Some(f), _) => {
            end = end.min(start + f);
            if let Some(l) = last {
                start = start.max(end.saturating_sub(l));
            }
        }
        (None, Some(l)) => start = start.max(end.saturating_sub(l)),
        (None, None) => end = end.min(start + MAX_PAGE_SIZE),
    }
    let info = PageInfo {
        has_next_page: end < len,
        has_previous_page: start > 0,
        start_cursor: (end > start).then(|| cursor(start + 1)),
        end_cursor: (end > start).then(|| cursor(end)),
    };
    Ok((start..end, info))
}

/// The window of `rows` (already sorted and filtered) that `args` asks for, rendering only that window.
pub fn connect<R, T>(rows: &[R], args: &PageArgs, render: impl Fn(&R) -> T) -> Result<Page<T>> {
    let (range, info) = window(rows.len(), args)?;
    Ok(Page { items: range.map(|i| (cursor(i + 1), render(&rows[i]))).collect(), info })
}
