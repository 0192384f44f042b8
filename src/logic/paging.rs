//! Page numbers, for lists paged by the server and lists paged here.

/// GitLab stops counting above this many rows (the totals headers disappear).
pub const COUNT_LIMIT: u64 = 10_000;

/// Page sizes offered: GitLab serves at most 100 rows a request.
pub const PAGE_SIZES: [u32; 3] = [20, 50, 100];

/// A compact set of page buttons: first, last, and two around the current one; `None` is a gap.
pub fn window(current: u32, total_pages: u32) -> Vec<Option<u32>> {
    let total = total_pages.max(1);
    let current = current.clamp(1, total);
    let mut pages: Vec<u32> = vec![1, total];
    for p in current.saturating_sub(2)..=current.saturating_add(2) {
        if (1..=total).contains(&p) {
            pages.push(p);
        }
    }
    pages.sort_unstable();
    pages.dedup();
    let mut out = Vec::with_capacity(pages.len() + 2);
    let mut last = 0;
    for p in pages {
        if p > last + 1 {
            out.push(None);
        }
        out.push(Some(p));
        last = p;
    }
    out
}

/// Pages needed for `rows` at `per_page` (at least one, so an empty list has page 1).
pub fn page_count(rows: usize, per_page: u32) -> u32 {
    let per = per_page.max(1) as usize;
    (rows.div_ceil(per).max(1)).min(u32::MAX as usize) as u32
}

/// The slice bounds of `page` (1-based), clamped to the rows there are.
pub fn bounds(rows: usize, page: u32, per_page: u32) -> std::ops::Range<usize> {
    let per = per_page.max(1) as usize;
    let start = ((page.max(1) - 1) as usize).saturating_mul(per).min(rows);
    start..start.saturating_add(per).min(rows)
}

/// "1–20 of 245" figures: first and last row shown (1-based) and the total when known.
pub fn range_text_figures(page: u32, per_page: u32, shown: usize) -> (u64, u64) {
    if shown == 0 {
        return (0, 0);
    }
    let first = (page.max(1) as u64 - 1) * per_page as u64 + 1;
    (first, first + shown as u64 - 1)
}
