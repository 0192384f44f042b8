//! An `application/x-www-form-urlencoded` body as Rack's nested query parser reads it (what Grape's
//! `params` then see): `configuration[url]=…` is a hash, `entities[][source_type]=…` an array of hashes
//! (a new hash starts when the last one already holds the key), `a[]=1&a[]=2` an array. Every value is a
//! string, as in Rails. Indexed arrays (`entities[0][source_type]=…`) are read as arrays too.
//!
//! A key nested deeper than Rack's `param_depth_limit` is refused before anything is built (Rack raises
//! `ParamsTooDeepError`, which Grape answers with a 400), so the recursion below never goes deeper than that.

use serde_json::{Map, Value};

/// Rack's `Rack::Utils.param_depth_limit` (32 by default): the most segments a key may have (`a[b][c]` has 3).
pub const PARAM_DEPTH_LIMIT: usize = 32;

/// The text of the 400 a key nested deeper than [`PARAM_DEPTH_LIMIT`] gets (in Grape's `{"error": …}`).
pub const TOO_DEEP: &str = "Parameters are nested too deeply (the limit is 32 levels)";

/// The body's parameters as one JSON object (an unreadable body gives an empty one), or [`TOO_DEEP`] when a
/// key is nested deeper than [`PARAM_DEPTH_LIMIT`].
pub fn parse(body: &[u8]) -> Result<Value, &'static str> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
    let mut root = Map::new();
    for (name, value) in pairs {
        let parts = split(&name).ok_or(TOO_DEEP)?;
        if parts.first().is_some_and(|p| !p.is_empty()) {
            insert(&mut root, &parts, value);
        }
    }
    Ok(indexed_to_arrays(Value::Object(root)))
}

/// `entities[][source_type]` → `["entities", "", "source_type"]`; `None` past [`PARAM_DEPTH_LIMIT`] segments
/// (counted while splitting, so a 2 MB key costs no more than the limit).
fn split(name: &str) -> Option<Vec<String>> {
    let (head, mut rest) = match name.find('[') {
        Some(i) => (&name[..i], &name[i..]),
        None => (name, ""),
    };
    let mut parts = vec![head.to_string()];
    while let Some(stripped) = rest.strip_prefix('[') {
        match stripped.find(']') {
            Some(end) => {
                if parts.len() == PARAM_DEPTH_LIMIT {
                    return None;
                }
                parts.push(stripped[..end].to_string());
                rest = &stripped[end + 1..];
            }
            None => break,
        }
    }
    Some(parts)
}

/// Whether `map` already holds the (nested) key `parts` (Rack's `params_hash_has_key?`).
fn has_key(map: &Map<String, Value>, parts: &[String]) -> bool {
    let mut current = map;
    for (i, part) in parts.iter().enumerate() {
        if part.is_empty() {
            return true;
        }
        match current.get(part) {
            None => return false,
            Some(Value::Object(inner)) if i + 1 < parts.len() => current = inner,
            Some(_) => return true,
        }
    }
    true
}

fn insert(target: &mut Map<String, Value>, parts: &[String], value: String) {
    let Some((key, rest)) = parts.split_first() else { return };
    if rest.is_empty() {
        target.insert(key.clone(), Value::String(value));
        return;
    }
    if rest[0].is_empty() {
        let slot = target.entry(key.clone()).or_insert_with(|| Value::Array(Vec::new()));
        if !slot.is_array() {
            *slot = Value::Array(Vec::new());
        }
        let Value::Array(list) = slot else { return };
        let child = &rest[1..];
        if child.is_empty() {
            list.push(Value::String(value));
            return;
        }
        if let Some(Value::Object(last)) = list.last_mut() {
            if !has_key(last, child) {
                insert(last, child, value);
                return;
            }
        }
        let mut fresh = Map::new();
        insert(&mut fresh, child, value);
        list.push(Value::Object(fresh));
        return;
    }
    let slot = target.entry(key.clone()).or_insert_with(|| Value::Object(Map::new()));
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    if let Value::Object(inner) = slot {
        insert(inner, rest, value);
    }
}

/// `{"0": {...}, "1": {...}}` → `[{...}, {...}]`, in index order, at every depth (at most
/// [`PARAM_DEPTH_LIMIT`] deep, as `parse` built it).
fn indexed_to_arrays(v: Value) -> Value {
    match v {
        Value::Object(map) => {
            let indexed = !map.is_empty() && map.keys().all(|k| !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()));
            let mut entries: Vec<(String, Value)> = map.into_iter().map(|(k, v)| (k, indexed_to_arrays(v))).collect();
            if indexed {
                entries.sort_by_key(|(k, _)| k.parse::<u64>().unwrap_or(u64::MAX));
                Value::Array(entries.into_iter().map(|(_, v)| v).collect())
            } else {
                Value::Object(entries.into_iter().collect())
            }
        }
        Value::Array(list) => Value::Array(list.into_iter().map(indexed_to_arrays).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::{PARAM_DEPTH_LIMIT, TOO_DEEP};
    use serde_json::json;

    fn parse(body: &[u8]) -> serde_json::Value {
        super::parse(body).expect("within the depth limit")
    }

    #[test]
    fn depth_limit() {
        let key = |depth: usize| format!("a{}=1", "[a]".repeat(depth - 1));
        assert!(super::parse(key(PARAM_DEPTH_LIMIT).as_bytes()).is_ok());
        assert_eq!(super::parse(key(PARAM_DEPTH_LIMIT + 1).as_bytes()), Err(TOO_DEEP));
        assert_eq!(super::parse(key(100_000).as_bytes()), Err(TOO_DEEP));
    }

    #[test]
    fn rack_nesting() {
        let body = b"configuration[url]=http%3A%2F%2Fsrc&configuration[access_token]=t\
&entities[][source_type]=group_entity&entities[][source_full_path]=acme&entities[][destination_namespace]=\
&entities[][source_type]=project_entity&entities[][source_full_path]=a%2Fb";
        assert_eq!(
            parse(body),
            json!({"configuration": {"url": "http://src", "access_token": "t"}, "entities": [
                {"source_type": "group_entity", "source_full_path": "acme", "destination_namespace": ""},
                {"source_type": "project_entity", "source_full_path": "a/b"}]})
        );
        assert_eq!(parse(b"e[1][a]=y&e[0][a]=x"), json!({"e": [{"a": "x"}, {"a": "y"}]}));
        assert_eq!(parse(b"a[]=1&a[]=2&b=3"), json!({"a": ["1", "2"], "b": "3"}));
        for hostile in
            [&b"[]=1"[..], b"a[=1", b"a]]=2", b"a[]=1&a[x]=2", b"a[x]=1&a[]=2", b"%ff%fe=\xff", b"a[b][]=1&a[b][c]=2"]
        {
            let _ = parse(hostile);
        }
    }
}
