//! GitLab's offset pagination: the query parameters we send and the headers we read back.

use super::models::Status;

/// GitLab clamps `per_page` to this.
pub const MAX_PER_PAGE: u32 = 100;
pub const DEFAULT_PER_PAGE: u32 = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Sort {
    Asc,
    #[default]
    Desc,
}

impl Sort {
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Asc => "asc",
            Sort::Desc => "desc",
        }
    }

    pub fn parse(s: &str) -> Option<Sort> {
        match s {
            "asc" => Some(Sort::Asc),
            "desc" => Some(Sort::Desc),
            _ => None,
        }
    }
}

/// Which page of a list to ask for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListQuery {
    pub page: u32,
    pub per_page: u32,
    pub sort: Option<Sort>,
    pub status: Option<Status>,
}

impl Default for ListQuery {
    fn default() -> Self {
        ListQuery { page: 1, per_page: DEFAULT_PER_PAGE, sort: None, status: None }
    }
}

impl ListQuery {
    pub fn page(page: u32, per_page: u32) -> Self {
        ListQuery { page, per_page, ..Default::default() }
    }

    /// The query string, with values clamped to what GitLab accepts.
    pub fn to_query(&self) -> String {
        let mut q = format!("page={}&per_page={}", self.page.max(1), self.per_page.clamp(1, MAX_PER_PAGE));
        if let Some(sort) = self.sort {
            q.push_str("&sort=");
            q.push_str(sort.as_str());
        }
        if let Some(status) = &self.status {
            q.push_str("&status=");
            q.push_str(&encode_component(status.as_str()));
        }
        q
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// What the pagination headers said. Every figure is optional: GitLab drops the totals above 10,000
/// rows, and proxies may strip headers entirely.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageInfo {
    pub total: Option<u64>,
    pub total_pages: Option<u64>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
    pub next_page: Option<u64>,
    pub prev_page: Option<u64>,
}

impl PageInfo {
    /// Reads the headers through `get`, which returns a header's value by (case-insensitive) name.
    pub fn from_headers(get: impl Fn(&str) -> Option<String>) -> PageInfo {
        let num = |name: &str| get(name).and_then(|v| parse_count(&v));
        let link = get("link").map(|l| parse_link_pages(&l)).unwrap_or_default();
        PageInfo {
            total: num("x-total"),
            total_pages: num("x-total-pages"),
            page: num("x-page"),
            per_page: num("x-per-page"),
            // X-Next-Page is empty on the last page; Link is the fallback when a proxy drops X-*.
            next_page: num("x-next-page").or(link.next),
            prev_page: num("x-prev-page").or(link.prev),
        }
    }

    /// More rows exist after this page.
    pub fn has_next(&self) -> bool {
        self.next_page.is_some()
    }
}

fn parse_count(v: &str) -> Option<u64> {
    v.trim().parse().ok()
}

#[derive(Default)]
struct LinkPages {
    next: Option<u64>,
    prev: Option<u64>,
}

/// Takes `page=` from the `rel="next"` and `rel="prev"` parts of a Link header.
fn parse_link_pages(header: &str) -> LinkPages {
    let mut pages = LinkPages::default();
    for part in header.split(',') {
        let Some((url, params)) = part.split_once(';') else { continue };
        let url = url.trim().trim_start_matches('<').trim_end_matches('>');
        let page = url
            .split_once('?')
            .map(|(_, q)| q)
            .unwrap_or("")
            .split('&')
            .find_map(|kv| kv.strip_prefix("page="))
            .and_then(parse_count);
        let rel = params.split(';').find_map(|p| p.trim().strip_prefix("rel=")).map(|r| r.trim_matches('"'));
        match rel {
            Some("next") => pages.next = page,
            Some("prev") => pages.prev = page,
            _ => {}
        }
    }
    pages
}

/// One page of a list and what the server said about the rest.
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub info: PageInfo,
}

/// A search in `/groups` or `/projects`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BrowseQuery {
    pub search: String,
    pub page: u32,
    pub per_page: u32,
    /// 50 = Owner (what direct transfer needs on the source), 40 = Maintainer.
    pub min_access_level: u32,
    pub top_level_only: bool,
}

impl BrowseQuery {
    pub fn to_query(&self) -> String {
        let mut q = format!(
            "page={}&per_page={}&min_access_level={}&order_by=path&sort=asc",
            self.page.max(1),
            self.per_page.clamp(1, super::pagination::MAX_PER_PAGE),
            self.min_access_level
        );
        if !self.search.trim().is_empty() {
            q.push_str("&search=");
            q.push_str(&encode_component(self.search.trim()));
        }
        if self.top_level_only {
            q.push_str("&top_level_only=true");
        }
        q
    }
}
