//! Native tests of sign-in with GitLab's pure part: PKCE (RFC 7636 appendix B), state, the authorize URL,
//! the callback's query, the return path, and refresh timing.
#![cfg(not(target_arch = "wasm32"))]

use migration_console::logic::pkce::*;

/// RFC 7636 appendix B: the verifier's 32 random octets, and the SHA-256 of the verifier it gives.
const OCTETS: [u8; 32] = [
    116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240,
    91, 88, 5, 88, 83, 132, 141, 121,
];
const DIGEST: [u8; 32] = [
    19, 211, 30, 150, 26, 26, 216, 236, 47, 22, 177, 12, 76, 152, 46, 8, 118, 168, 120, 173, 109, 241, 68, 86, 110,
    225, 137, 74, 203, 112, 249, 195,
];

#[test]
fn pkce_pair_matches_rfc_7636_appendix_b() {
    let verifier = verifier_from_bytes(&OCTETS);
    assert_eq!(verifier, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    assert!(is_valid_verifier(&verifier));
    assert_eq!(challenge_from_digest(&DIGEST), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

#[test]
fn base64url_has_no_padding_and_the_url_alphabet() {
    assert_eq!(base64url(b""), "");
    assert_eq!(base64url(b"f"), "Zg");
    assert_eq!(base64url(b"fo"), "Zm8");
    assert_eq!(base64url(b"foo"), "Zm9v");
    assert_eq!(base64url(b"foob"), "Zm9vYg");
    assert_eq!(base64url(&[0xfb, 0xff, 0xbf]), "-_-_");
    let state = state_from_bytes(&[7u8; STATE_BYTES]);
    assert_eq!(state.len(), 22);
    assert!(state.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
}

#[test]
fn verifiers_outside_rfc_7636_are_refused() {
    assert!(!is_valid_verifier("short"));
    assert!(!is_valid_verifier(&"a".repeat(129)));
    assert!(!is_valid_verifier(&format!("{}+", "a".repeat(43))));
    assert!(is_valid_verifier(&"a~._-".repeat(9)));
}

#[test]
fn state_must_be_the_one_sent() {
    assert!(state_matches(Some("abc"), "abc"));
    assert!(!state_matches(Some("abc"), "abd"));
    assert!(!state_matches(Some("abc"), "abcd"));
    assert!(!state_matches(None, "abc"));
    assert!(!state_matches(Some(""), ""), "an empty state never matches");
}

#[test]
fn authorize_url_carries_every_parameter_encoded() {
    let url = authorize_url(&AuthorizeRequest {
        instance: "https://gitlab.example.com",
        client_id: "app id",
        redirect_uri: "https://console.example/migration-console/",
        state: "s-1",
        challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    });
    assert_eq!(
        url,
        "https://gitlab.example.com/oauth/authorize?client_id=app%20id\
         &redirect_uri=https%3A%2F%2Fconsole.example%2Fmigration-console%2F&response_type=code&state=s-1\
         &scope=api&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"
    );
}

#[test]
fn callback_query_is_read_and_stripped() {
    assert_eq!(
        parse_callback("?code=abc&state=x%2By"),
        Some(Callback::Code { code: "abc".into(), state: "x+y".into() })
    );
    assert_eq!(
        parse_callback("error=access_denied&error_description=The+resource+owner&state=s"),
        Some(Callback::Error { error: "access_denied".into(), state: "s".into() })
    );
    // An error wins over a code; a missing state is empty (and then never matches).
    assert_eq!(
        parse_callback("?code=abc&error=server_error"),
        Some(Callback::Error { error: "server_error".into(), state: String::new() })
    );
    assert_eq!(parse_callback("?code=abc"), Some(Callback::Code { code: "abc".into(), state: String::new() }));
    assert_eq!(parse_callback(""), None);
    assert_eq!(parse_callback("?status=failed&page=2"), None);
    assert_eq!(parse_callback("?code="), None);
    assert_eq!(parse_callback("?code=%ZZ%&state=%"), Some(Callback::Code { code: "%ZZ%".into(), state: "%".into() }));
    assert_eq!(strip_callback("?code=abc&state=s"), "");
    assert_eq!(strip_callback("?status=failed&code=abc&state=s&page=2"), "?status=failed&page=2");
    assert_eq!(strip_callback("?error=access_denied&error_description=x&state=s"), "");
}

#[test]
fn percent_decoding_handles_utf8_and_garbage() {
    assert_eq!(decode("%E8%BF%81%E7%A7%BB").as_deref(), Some("迁移"));
    assert_eq!(decode("a+b%20c").as_deref(), Some("a b c"));
    assert_eq!(decode("%FF"), None);
    assert_eq!(decode("100%").as_deref(), Some("100%"));
    assert_eq!(encode("a b/迁"), "a%20b%2F%E8%BF%81");
}

#[test]
fn only_paths_of_this_console_are_returned_to() {
    assert_eq!(safe_return_path("/migrations/7?status=failed"), Some("/migrations/7?status=failed"));
    assert_eq!(safe_return_path("//evil.example/x"), None);
    assert_eq!(safe_return_path("/\\evil.example"), None);
    assert_eq!(safe_return_path("https://evil.example"), None);
    assert_eq!(safe_return_path("/a\r\nb"), None);
}

#[test]
fn refresh_is_scheduled_before_expiry() {
    let now = 1_000_000;
    let two_hours = expires_at_ms(now, Some(7200)).unwrap();
    assert_eq!(two_hours, now + 7_200_000);
    assert_eq!(refresh_in_ms(now, two_hours, 7200), 7_200_000 - 300_000, "5 minutes early");
    let short = expires_at_ms(now, Some(5)).unwrap();
    assert_eq!(refresh_in_ms(now, short, 5), 4_000, "a 5 s token: 1 s early");
    assert_eq!(refresh_in_ms(now + 60_000, short, 5), 0, "already late: now");
    assert_eq!(expires_at_ms(now, None), None, "no expiry: no scheduled refresh");
    assert_eq!(refresh_in_ms(now, expires_at_ms(now, Some(600)).unwrap(), 600), 540_000);
    assert_eq!(refresh_in_ms(now, expires_at_ms(now, Some(1)).unwrap(), 1), 500, "a 1 s token: half-way, not at once");
}
