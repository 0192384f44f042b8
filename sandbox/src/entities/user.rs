//! `API::Entities::UserBasic`, `UserPublic` (what `GET /user` sends a non-admin: `lib/api/users.rb`) and
//! `UserWithAdmin` (an administrator: `UserPublic` plus `is_admin`), and `API::Entities::Metadata`
//! (`GET /version`).

use super::EPOCH_MS;
use crate::render::timestamp;
use crate::world::User;
use serde_json::{json, Value};

/// `UserSafe` + `UserBasic`: id, username, name, state, locked, avatar_url, web_url.
pub fn user_basic(u: &User, base: &str) -> Value {
    json!({
        "id": u.id,
        "username": u.username,
        "name": u.name,
        "state": "active",
        "locked": false,
        "avatar_url": null,
        "web_url": format!("{base}/{}", u.username),
    })
}

/// `GET /user`: `UserPublic`, or `UserWithAdmin` for an administrator.
pub fn user_public(u: &User, base: &str) -> Value {
    let mut v = user_basic(u, base);
    let email = format!("{}@example.com", u.username);
    let fields = json!({
        // API::Entities::User
        "created_at": timestamp(EPOCH_MS),
        "bio": "",
        "location": "",
        "public_email": null,
        "skype": "",
        "linkedin": "",
        "twitter": "",
        "discord": "",
        "website_url": "",
        "organization": "",
        "job_title": "",
        "pronouns": null,
        "bot": false,
        "work_information": null,
        "followers": 0,
        "following": 0,
        "is_followed": false,
        "local_time": null,
        // API::Entities::UserPublic
        "last_sign_in_at": timestamp(EPOCH_MS),
        "confirmed_at": timestamp(EPOCH_MS),
        "last_activity_on": "2026-01-05",
        "email": email,
        "theme_id": 3,
        "color_scheme_id": 1,
        "projects_limit": 100_000,
        "current_sign_in_at": timestamp(EPOCH_MS),
        "identities": [],
        "can_create_group": u.can_create_group,
        "can_create_project": true,
        "two_factor_enabled": false,
        "external": false,
        "private_profile": false,
        "commit_email": email,
        "preferred_language": "en",
    });
    if let (Some(map), Some(extra)) = (v.as_object_mut(), fields.as_object()) {
        map.extend(extra.clone());
        if u.is_admin {
            map.insert("is_admin".into(), json!(true));
        }
    }
    v
}

/// `GET /version`: `API::Entities::Metadata` (KAS off, so its URLs are null).
pub fn version(v: &str) -> Value {
    json!({
        "version": v,
        "revision": "5a1b2c3d",
        "kas": {"enabled": false, "externalUrl": null, "externalK8sProxyUrl": null, "version": null},
        "enterprise": v.ends_with("-ee"),
    })
}
