//! The sandbox's OAuth provider over real HTTP: the consent page, the code exchange with PKCE, refresh
//! rotation, revocation, the Bearer token on the API, and the errors of each step.

use reqwest::redirect::Policy;
use reqwest::{Client, StatusCode};
use sandbox::oauth::s256;
use sandbox::seed::{build_world, SeedOptions};
use sandbox::world::Settings;
use sandbox::{routes, Sandbox};
use serde_json::{json, Value};

const REDIRECT: &str = "http://127.0.0.1:9/console/";
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

struct Peer {
    base: String,
    http: Client,
}

async fn start() -> Peer {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", l.local_addr().unwrap());
    let world = build_world(SeedOptions {
        seed: 7,
        start_ms: 1_790_000_000_000,
        source_url: "http://127.0.0.1:1".into(),
        settings: Settings { speed: 0.0, ..Settings::default() },
        scale_entities: 0,
        scale_failures: 0,
    });
    let app = routes::destination(Sandbox::new(world, None));
    tokio::spawn(async move { axum::serve(l, app).await });
    Peer { base, http: Client::builder().redirect(Policy::none()).build().unwrap() }
}

fn authorize_query(state: &str, challenge: &str) -> Vec<(&'static str, String)> {
    vec![
        ("client_id", "sandbox-console".into()),
        ("redirect_uri", REDIRECT.into()),
        ("response_type", "code".into()),
        ("state", state.into()),
        ("scope", "api".into()),
        ("code_challenge", challenge.into()),
        ("code_challenge_method", "S256".into()),
    ]
}

impl Peer {
    /// Clicks a button of the consent page; returns where the browser is sent.
    async fn decide(&self, decision: &str, state: &str, challenge: &str) -> String {
        let mut form = authorize_query(state, challenge);
        form.push(("decision", decision.into()));
        let res = self.http.post(format!("{}/oauth/authorize", self.base)).form(&form).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FOUND);
        res.headers()["location"].to_str().unwrap().to_string()
    }

    async fn code(&self) -> String {
        let location = self.decide("authorize", "s1", &s256(VERIFIER)).await;
        let query = location.strip_prefix(&format!("{REDIRECT}?")).expect("back to the redirect URI");
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap();
        assert!(pairs.contains(&("state".into(), "s1".into())));
        pairs.into_iter().find(|(k, _)| k == "code").map(|(_, v)| v).expect("a code")
    }

    async fn token(&self, form: &[(&str, &str)]) -> (StatusCode, Value) {
        let res = self.http.post(format!("{}/oauth/token", self.base)).form(form).send().await.unwrap();
        (res.status(), res.json().await.unwrap_or(Value::Null))
    }

    async fn exchange(&self, code: &str, verifier: &str) -> (StatusCode, Value) {
        self.token(&[
            ("grant_type", "authorization_code"),
            ("client_id", "sandbox-console"),
            ("code", code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", verifier),
        ])
        .await
    }

    async fn refresh(&self, refresh_token: &str) -> (StatusCode, Value) {
        self.token(&[
            ("grant_type", "refresh_token"),
            ("client_id", "sandbox-console"),
            ("refresh_token", refresh_token),
        ])
        .await
    }

    async fn user(&self, bearer: &str) -> (StatusCode, Value) {
        let res = self.http.get(format!("{}/api/v4/user", self.base)).bearer_auth(bearer).send().await.unwrap();
        (res.status(), res.json().await.unwrap_or(Value::Null))
    }

    async fn oauth_settings(&self, body: Value) {
        let res = self.http.post(format!("{}/-/sandbox/oauth", self.base)).json(&body).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
    }
}

fn invalid_grant(status: StatusCode, body: &Value) {
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"], "invalid_grant");
    assert!(body["error_description"].as_str().unwrap().starts_with("The provided authorization grant is invalid"));
}

#[test]
fn s256_matches_rfc_7636_appendix_b() {
    assert_eq!(s256(VERIFIER), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

#[tokio::test]
async fn consent_page_names_the_user_and_escapes_what_it_echoes() {
    let p = start().await;
    let mut q = authorize_query("<script>x</script>", &s256(VERIFIER));
    q.push(("unused", String::new()));
    let res = p.http.get(format!("{}/oauth/authorize", p.base)).query(&q).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("Olivia"), "signed in as Olivia");
    assert!(html.contains(">Authorize</button>") && html.contains(">Deny</button>"));
    assert!(!html.contains("<script>x"), "the state is escaped");
    // Unknown application and foreign redirect URIs stop on the page: never a redirect.
    let mut bad = authorize_query("s", "c");
    bad[0].1 = "someone-else".into();
    let res = p.http.get(format!("{}/oauth/authorize", p.base)).query(&bad).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let mut bad = authorize_query("s", "c");
    bad[1].1 = "https://evil.example/cb".into();
    let res = p.http.get(format!("{}/oauth/authorize", p.base)).query(&bad).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.text().await.unwrap().contains("The redirect URI included is not valid."));
}

#[tokio::test]
async fn deny_goes_back_with_access_denied_and_the_state() {
    let p = start().await;
    let location = p.decide("deny", "keep me", &s256(VERIFIER)).await;
    assert!(location.starts_with(REDIRECT), "{location}");
    assert!(location.contains("error=access_denied") && location.contains("state=keep+me"), "{location}");
    assert!(!location.contains("code="));
}

#[tokio::test]
async fn round_trip_gives_a_bearer_token_that_works_on_the_api() {
    let p = start().await;
    let code = p.code().await;
    let (status, body) = p.exchange(&code, VERIFIER).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 7200);
    assert_eq!(body["scope"], "api");
    assert!(body["refresh_token"].is_string() && body["created_at"].is_u64());
    let (status, user) = p.user(body["access_token"].as_str().unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(user["username"], "olivia");
}

#[tokio::test]
async fn a_wrong_verifier_is_an_invalid_grant() {
    let p = start().await;
    let code = p.code().await;
    let (status, body) = p.exchange(&code, "a-verifier-of-the-right-length-but-not-the-right-one-at-all").await;
    invalid_grant(status, &body);
}

#[tokio::test]
async fn a_code_works_once() {
    let p = start().await;
    let code = p.code().await;
    assert_eq!(p.exchange(&code, VERIFIER).await.0, StatusCode::OK);
    let (status, body) = p.exchange(&code, VERIFIER).await;
    invalid_grant(status, &body);
}

#[tokio::test]
async fn an_expired_code_is_an_invalid_grant() {
    let p = start().await;
    p.oauth_settings(json!({"code_lifetime_s": 1})).await;
    let code = p.code().await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let (status, body) = p.exchange(&code, VERIFIER).await;
    invalid_grant(status, &body);
}

#[tokio::test]
async fn refresh_rotates_and_the_old_refresh_token_fails() {
    let p = start().await;
    let (_, first) = p.exchange(&p.code().await, VERIFIER).await;
    let (status, second) = p.refresh(first["refresh_token"].as_str().unwrap()).await;
    assert_eq!(status, StatusCode::OK, "{second}");
    assert_ne!(second["refresh_token"], first["refresh_token"]);
    assert_ne!(second["access_token"], first["access_token"]);
    let (status, body) = p.refresh(first["refresh_token"].as_str().unwrap()).await;
    invalid_grant(status, &body);
    assert_eq!(p.user(second["access_token"].as_str().unwrap()).await.0, StatusCode::OK);
    // The access token of the rotated pair ends with it.
    let (status, body) = p.user(first["access_token"].as_str().unwrap()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "invalid_token");
}

#[tokio::test]
async fn a_short_lifetime_expires_the_token_and_refresh_brings_a_new_one() {
    let p = start().await;
    p.oauth_settings(json!({"access_token_lifetime_s": 1})).await;
    let (_, tokens) = p.exchange(&p.code().await, VERIFIER).await;
    assert_eq!(tokens["expires_in"], 1);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let (status, body) = p.user(tokens["access_token"].as_str().unwrap()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error_description"], "Token is expired. You can either do re-authorization or token refresh.");
    let (status, fresh) = p.refresh(tokens["refresh_token"].as_str().unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(p.user(fresh["access_token"].as_str().unwrap()).await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_revoked_token_gets_401() {
    let p = start().await;
    let (_, tokens) = p.exchange(&p.code().await, VERIFIER).await;
    let access = tokens["access_token"].as_str().unwrap();
    let res = p
        .http
        .post(format!("{}/oauth/revoke", p.base))
        .form(&[("client_id", "sandbox-console"), ("token", access)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap(), json!({}));
    let (status, body) = p.user(access).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error_description"], "Token was revoked. You have to re-authorize from the user.");
    // Its refresh token ended with it.
    let (status, body) = p.refresh(tokens["refresh_token"].as_str().unwrap()).await;
    invalid_grant(status, &body);
}

#[tokio::test]
async fn token_errors_follow_rfc_6749() {
    let p = start().await;
    let (status, body) = p.token(&[("grant_type", "password"), ("client_id", "sandbox-console")]).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("unsupported_grant_type")));
    let (status, body) =
        p.token(&[("grant_type", "refresh_token"), ("client_id", "nobody"), ("refresh_token", "x")]).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::UNAUTHORIZED, Some("invalid_client")));
    let (status, body) = p.token(&[("grant_type", "authorization_code"), ("client_id", "sandbox-console")]).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_request")));
    assert_eq!(body["error_description"], "Missing required parameter: code.");
}

#[tokio::test]
async fn token_and_revoke_answer_cors_for_any_origin() {
    let p = start().await;
    let res = p
        .http
        .request(reqwest::Method::OPTIONS, format!("{}/oauth/token", p.base))
        .header("Origin", "https://console.example")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["access-control-allow-origin"], "*");
    let res = p
        .http
        .post(format!("{}/oauth/revoke", p.base))
        .header("Origin", "https://console.example")
        .form(&[("token", "nothing")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["access-control-allow-origin"], "*");
}
