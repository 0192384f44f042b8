//! How GitLab's REST API matches full paths, shared by both instances (a helper: it knows no feature).

/// GitLab takes a numeric id or the URL-encoded full path (axum has decoded it already).
pub fn id_matches(raw: &str, id: Option<u64>, full_path: Option<&str>) -> bool {
    match raw.parse::<u64>() {
        Ok(n) => id == Some(n),
        Err(_) => full_path.is_some_and(|p| p.eq_ignore_ascii_case(raw)),
    }
}

/// `path` lies below `group` (case-insensitively, on a segment boundary).
pub fn is_descendant(path: &str, group: &str) -> bool {
    path.as_bytes().get(group.len()) == Some(&b'/')
        && path.get(..group.len()).is_some_and(|h| h.eq_ignore_ascii_case(group))
}

/// `path`'s parent is `group` (case-insensitively).
pub fn is_child_of(path: &str, group: &str) -> bool {
    path.rsplit_once('/').is_some_and(|(parent, _)| parent.eq_ignore_ascii_case(group))
}

/// `search` (already lower-cased) is empty or found in the full path or the name, as `search=` reads them.
pub fn matches_search(full_path: &str, name: &str, search: &str) -> bool {
    search.is_empty() || full_path.to_lowercase().contains(search) || name.to_lowercase().contains(search)
}

/// A group's `full_name`: the names of each ancestor and its own, joined with " / " (`Namespace#full_name`);
/// `name_of` gives a prefix's group name, the segment stands in for one it does not know.
pub fn full_name(full_path: &str, name_of: impl Fn(&str) -> Option<String>) -> String {
    let mut names = Vec::new();
    let mut prefix = String::new();
    for segment in full_path.split('/') {
        if !prefix.is_empty() {
            prefix.push('/');
        }
        prefix.push_str(segment);
        names.push(name_of(&prefix).unwrap_or_else(|| segment.to_string()));
    }
    names.join(" / ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching() {
        assert!(id_matches("7", Some(7), Some("a")) && id_matches("A/b", None, Some("a/B")));
        assert!(!id_matches("7", None, Some("7")));
        assert!(
            is_descendant("Acme/x/y", "acme") && !is_descendant("acme2/x", "acme") && !is_descendant("acme", "acme")
        );
        assert!(is_child_of("acme/X", "ACME") && !is_child_of("acme/x/y", "acme"));
        assert!(matches_search("acme/Tools", "Tools", "tool") && matches_search("a", "b", ""));
        assert_eq!(full_name("acme/x", |p| (p == "acme").then(|| "ACME".to_string())), "ACME / x");
    }
}
