//! What a user types as an instance URL, made into the base the client needs.

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InstanceUrlError {
    Empty,
    /// Only http and https reach a GitLab API.
    Scheme,
    /// `user:password@host` would leak credentials into every request.
    Credentials,
    Invalid,
}

/// Normalizes "gitlab.example.com/", "https://gitlab.example.com/api/v4" and the like to
/// "https://gitlab.example.com". A relative path such as "/gitlab" (GitLab under a sub-path) is kept.
pub fn normalize_instance_url(input: &str) -> Result<String, InstanceUrlError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(InstanceUrlError::Empty);
    }
    let with_scheme = match trimmed.split_once("://") {
        Some((scheme, _)) => {
            let scheme = scheme.to_ascii_lowercase();
            if scheme != "http" && scheme != "https" {
                return Err(InstanceUrlError::Scheme);
            }
            trimmed.to_string()
        }
        None if trimmed.contains(':') && !trimmed.contains('.') && !trimmed.starts_with("localhost") => {
            // "javascript:alert(1)", "data:...": a scheme without "//".
            return Err(InstanceUrlError::Scheme);
        }
        None => format!("https://{trimmed}"),
    };
    let (scheme, rest) = with_scheme.split_once("://").ok_or(InstanceUrlError::Invalid)?;
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if host.contains('@') {
        return Err(InstanceUrlError::Credentials);
    }
    let host_ok = !host.is_empty()
        && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']' | '_'));
    if !host_ok {
        return Err(InstanceUrlError::Invalid);
    }
    let mut path = path.trim_end_matches('/').to_string();
    for suffix in ["/api/v4", "/api"] {
        if let Some(p) = path.strip_suffix(suffix) {
            path = p.trim_end_matches('/').to_string();
        }
    }
    if path.chars().any(|c| c.is_whitespace() || c == '\\') {
        return Err(InstanceUrlError::Invalid);
    }
    Ok(format!("{}://{}{}", scheme.to_ascii_lowercase(), host.to_ascii_lowercase(), path))
}

/// Only http(s) URLs become links: a server controls these strings (`javascript:` must stay text).
pub fn safe_link(url: &str) -> Option<&str> {
    let t = url.trim();
    let lower: String = t.chars().take(8).collect::<String>().to_ascii_lowercase();
    let ok = (lower.starts_with("https://") || lower.starts_with("http://"))
        && !t.chars().any(|c| c.is_control() || c.is_whitespace());
    ok.then_some(t)
}

/// Joins an instance URL and a full path into a web link (`https://host/group/sub`).
pub fn web_url(instance: &str, full_path: &str) -> Option<String> {
    let path = full_path.trim_matches('/');
    if path.is_empty() || path.contains("..") || path.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return None;
    }
    let url = format!("{}/{}", instance.trim_end_matches('/'), path);
    safe_link(&url).map(str::to_string)
}
