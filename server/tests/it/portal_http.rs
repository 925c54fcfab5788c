//! The portal's plain-HTTP parts: sso links, the cross-site guard, and the
//! notice served when the site is not built.

use crate::harness::{Server, ROOT_PASSWORD};
use serde_json::Value;

#[tokio::test]
async fn sso_links_open_a_session_once() {
    let s = Server::start(&[]).await;
    let body = format!(
        r#"{{"credentials":{{"user":"postmaster","password":"{ROOT_PASSWORD}"}},"user":"joe@example.com","type":"sso","reason":"portal link"}}"#
    );
    let (_, text) = s.post("/api/generate_token", &body).await;
    let token = serde_json::from_str::<Value>(&text).expect("json")["token"].as_str().expect("token").to_string();
    let link = s.url(&format!("/sso?user=joe@example.com&token={token}"));
    let first = s.client.get(&link).send().await.expect("sso");
    assert_eq!(first.status().as_u16(), 303);
    assert_eq!(first.headers()["location"], "/");
    let cookie = first.headers()["set-cookie"].to_str().expect("cookie").to_string();
    assert!(cookie.starts_with("postroom_session="), "{cookie}");
    for attr in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200"] {
        assert!(cookie.contains(attr), "{cookie} lacks {attr}");
    }
    assert!(!cookie.contains(&token), "the session is a new token, not the sso one");
    let again = s.client.get(&link).send().await.expect("sso");
    assert_eq!(again.status().as_u16(), 303);
    assert_eq!(again.headers()["location"], "/login?error=sso", "single use");
    assert!(again.headers().get("set-cookie").is_none());
}

#[tokio::test]
async fn cross_site_posts_to_the_portal_are_refused() {
    let s = Server::start(&[]).await;
    let post = |origin: &'static str| {
        s.client
            .post(s.url("/srv/login"))
            .header("origin", origin)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("user=x&password=y")
            .send()
    };
    assert_eq!(post("http://evil.example").await.expect("post").status().as_u16(), 403);
    assert_eq!(post("null").await.expect("post").status().as_u16(), 403);
    let fetch =
        s.client.post(s.url("/srv/login")).header("sec-fetch-site", "cross-site").body("").send().await.expect("post");
    assert_eq!(fetch.status().as_u16(), 403);
    // The OMA API is for programs: no origin rules there.
    let api = s
        .client
        .post(s.url("/api/echo"))
        .header("origin", "http://evil.example")
        .body("{}")
        .send()
        .await
        .expect("post");
    assert_eq!(api.status().as_u16(), 200);
}

#[tokio::test]
async fn without_a_built_site_the_portal_says_how_to_build_it() {
    let s = Server::start(&[]).await;
    let resp = s.client.get(s.url("/")).send().await.expect("get");
    assert_eq!(resp.status().as_u16(), 503);
    let text = resp.text().await.expect("text");
    assert!(text.contains("scripts/build-site.sh"), "{text}");
}
