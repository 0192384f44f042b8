//! `Gitlab::Pagination::OffsetPagination`: page and per_page in, X-* and Link headers out.

use axum::http::{HeaderMap, HeaderName, HeaderValue};
use serde::Deserialize;

pub const DEFAULT_PER_PAGE: usize = 20;
pub const MAX_PER_PAGE: usize = 100;
/// Above this many rows GitLab stops counting: no X-Total, X-Total-Pages or rel="last".
pub const COUNT_LIMIT: usize = 10_000;

#[derive(Debug, Default, Deserialize)]
pub struct PageParams {
    pub page: Option<String>,
    pub per_page: Option<String>,
}

/// Slices `items` and writes the headers. `base` is the request's URL without the query; `keep` holds
/// the other query parameters to repeat in the Link header.
pub fn paginate<T>(items: Vec<T>, params: &PageParams, base: &str, keep: &[(&str, String)]) -> (Vec<T>, HeaderMap) {
    let per_page = params
        .per_page
        .as_deref()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|v| *v > 0)
        .unwrap_or(DEFAULT_PER_PAGE)
        .min(MAX_PER_PAGE);
    let page = params.page.as_deref().and_then(|v| v.parse::<usize>().ok()).filter(|v| *v > 0).unwrap_or(1);
    let total = items.len();
    let total_pages = total.div_ceil(per_page).max(1);
    let counted = total <= COUNT_LIMIT;
    let start = (page - 1).saturating_mul(per_page);
    let slice: Vec<T> = items.into_iter().skip(start).take(per_page).collect();
    let has_next = start.saturating_add(per_page) < total;

    let mut h = HeaderMap::new();
    let mut set = |name: &'static str, value: String| {
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.insert(HeaderName::from_static(name), v);
        }
    };
    set("x-page", page.to_string());
    set("x-per-page", per_page.to_string());
    set("x-next-page", if has_next { (page + 1).to_string() } else { String::new() });
    set("x-prev-page", if page > 1 { (page - 1).to_string() } else { String::new() });
    if counted {
        set("x-total", total.to_string());
        set("x-total-pages", total_pages.to_string());
    }
    let link_for = |p: usize| {
        let mut q = format!("page={p}&per_page={per_page}");
        for (k, v) in keep {
            q.push_str(&format!("&{k}={v}"));
        }
        format!("<{base}?{q}>")
    };
    let mut links = Vec::new();
    if page > 1 {
        links.push(format!("{}; rel=\"prev\"", link_for(page - 1)));
    }
    if has_next {
        links.push(format!("{}; rel=\"next\"", link_for(page + 1)));
    }
    links.push(format!("{}; rel=\"first\"", link_for(1)));
    if counted {
        links.push(format!("{}; rel=\"last\"", link_for(total_pages)));
    }
    set("link", links.join(", "));
    (slice, h)
}

/// Grape's checks of `use :pagination` (`lib/api/concerns/pagination_params.rb`): both are Integers
/// (`"… is invalid"` otherwise) and `per_page` has `except_values: [0]`. Messages joined as Grape joins them.
pub fn check(params: &PageParams) -> Result<(), String> {
    let mut errors = Vec::new();
    for (name, value) in [("page", &params.page), ("per_page", &params.per_page)] {
        let Some(raw) = value.as_deref() else { continue };
        match raw.trim().parse::<i64>() {
            Err(_) => errors.push(format!("{name} is invalid")),
            Ok(0) if name == "per_page" => errors.push(format!("{name} has a value not allowed")),
            Ok(_) => {}
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join(", "))
    }
}

/// Percent-encodes a query value for a `Link` header (unreserved characters stay).
pub fn encode(v: &str) -> String {
    v.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
