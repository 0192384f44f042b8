//! Deploy tokens (`lib/api/entities/deploy_token.rb`) and pipeline triggers (`lib/api/entities/trigger.rb`):
//! listed for a person, never copied. A deploy token's secret is never returned; a trigger's is returned to
//! its owner in full and to others cut short, and this module drops it either way: only the name or
//! description, scopes, expiry and owner are kept, so no token can reach the page, a report or storage.

use serde_json::{Map, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TokenKind {
    DeployToken,
    Trigger,
}

impl TokenKind {
    /// The list's name in GitLab's routes.
    pub fn list(self) -> &'static str {
        match self {
            TokenKind::DeployToken => "deploy_tokens",
            TokenKind::Trigger => "triggers",
        }
    }

    /// Groups and projects have deploy tokens; triggers belong to projects.
    pub fn applies_to(self, group: bool) -> bool {
        !(group && self == TokenKind::Trigger)
    }
}

/// One deploy token or trigger as the page lists it. There is no field for the token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenRow {
    pub kind: TokenKind,
    /// A deploy token's name, a trigger's description.
    pub name: String,
    pub scopes: Vec<String>,
    pub expires_at: Option<String>,
    /// A deploy token's username (`gitlab+deploy-token-n`); a trigger's owner's username.
    pub owner: Option<String>,
    /// Revoked or expired: nothing to recreate.
    pub inactive: bool,
}

fn text(m: &Map<String, Value>, f: &str) -> Option<String> {
    m.get(f).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

/// Reads one list item; `None` when it is not an object. `token` is never read.
pub fn read_token(kind: TokenKind, v: &Value) -> Option<TokenRow> {
    let m = v.as_object()?;
    let flag = |f: &str| m.get(f).and_then(Value::as_bool).unwrap_or(false);
    let (name, owner) = match kind {
        TokenKind::DeployToken => (text(m, "name"), text(m, "username")),
        TokenKind::Trigger => {
            let owner = m.get("owner").and_then(Value::as_object).and_then(|o| text(o, "username"));
            (text(m, "description"), owner)
        }
    };
    let scopes = m.get("scopes").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
    Some(TokenRow {
        kind,
        name: name.unwrap_or_default(),
        scopes: scopes.iter().filter_map(Value::as_str).map(str::to_string).collect(),
        expires_at: text(m, "expires_at"),
        owner,
        inactive: flag("revoked") || flag("expired"),
    })
}

/// How many of each kind a person must recreate (revoked and expired ones left out).
pub fn to_recreate<'a>(rows: impl IntoIterator<Item = &'a TokenRow>) -> (usize, usize) {
    rows.into_iter().filter(|r| !r.inactive).fold((0, 0), |(d, t), r| match r.kind {
        TokenKind::DeployToken => (d + 1, t),
        TokenKind::Trigger => (d, t + 1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_trigger_keeps_no_token_and_a_deploy_token_its_scopes() {
        let trigger = json!({"id": 1, "token": "glptt-Secret-Token-1", "description": "Jenkins", "owner": {"username": "olivia"},
                             "expires_at": null, "last_used": null});
        let row = read_token(TokenKind::Trigger, &trigger).unwrap();
        assert_eq!((row.name.as_str(), row.owner.as_deref()), ("Jenkins", Some("olivia")));
        assert!(!format!("{row:?}").contains("Secret-Token"), "no token kept: {row:?}");
        let deploy = json!({"id": 2, "name": "CI read", "username": "gitlab+deploy-token-2", "scopes": ["read_repository"],
                            "expires_at": "2027-06-30T00:00:00.000Z", "revoked": false, "expired": true});
        let row2 = read_token(TokenKind::DeployToken, &deploy).unwrap();
        assert_eq!(row2.scopes, ["read_repository"]);
        assert!(row2.inactive);
        assert_eq!(to_recreate([&row, &row2]), (0, 1));
        assert_eq!(read_token(TokenKind::Trigger, &json!("<html>")), None);
    }
}
