//! GitLab's fuzzy search of source users (`Import::SourceUser.search` → `Gitlab::SQL::Pattern#fuzzy_search`
//! over `source_name` and `source_username`): the query is split into terms (a "quoted phrase" is one term);
//! terms of 3 or more characters each match anywhere in a column (ILIKE), and every one must match in that
//! column; shorter terms are dropped. With no term of 3 characters, the whole query must equal the column,
//! ignoring case. A row matches when either column does.

/// GitLab's `MIN_CHARS_FOR_PARTIAL_MATCHING`.
pub const MIN_CHARS: usize = 3;

fn terms(query: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = query.trim();
    while !rest.is_empty() {
        if let Some(quoted) = rest.strip_prefix('"') {
            if let Some(end) = quoted.find('"') {
                let after = &quoted[end + 1..];
                if after.is_empty() || after.starts_with(' ') {
                    out.push(quoted[..end].to_string());
                    rest = after.trim_start();
                    continue;
                }
            }
        }
        let end = rest.find(' ').unwrap_or(rest.len());
        out.push(rest[..end].to_string());
        rest = rest[end..].trim_start();
    }
    out
}

/// Whether `column` matches `query` as one of GitLab's fuzzy-matched columns.
fn column_matches(column: &str, query: &str) -> bool {
    let squished = query.split_whitespace().collect::<Vec<_>>().join(" ");
    if squished.is_empty() {
        return false;
    }
    let column = column.to_lowercase();
    let long: Vec<String> =
        terms(&squished).into_iter().filter(|t| t.chars().count() >= MIN_CHARS).map(|t| t.to_lowercase()).collect();
    if long.is_empty() {
        return column == squished.to_lowercase();
    }
    long.iter().all(|t| column.contains(t.as_str()))
}

/// `search` over a source user's name and username; an empty search matches everything.
pub fn matches(query: &str, name: &str, username: &str) -> bool {
    query.trim().is_empty() || column_matches(name, query) || column_matches(username, query)
}
