//! End-to-end: rate limits, retries, every error status, odd bodies, and secrets that must never
//! be printed, against the fake TRST API.

use crate::support::fake_api::{FORBIDDEN_PROJECT, FakeApi, KEY, PROJECT, SECRET};
use crate::support::loopback::closed_addr;
use crate::support::output::{exits_with, stderr, stdout};
use crate::support::sandbox::Sandbox;

#[test]
fn rate_limited_then_success_retries_in_order() {
    let (sb, api) = (Sandbox::new(), FakeApi::start());
    api.add_webhook("wh_1", "https://h.example.com/x");
    api.script(
        "/webhooks",
        429,
        &[("retry-after", "2")],
        r#"{"message":"slow down"}"#,
    );
    api.script("/webhooks", 429, &[], "");
    let out = api.cmd(&sb).args(["list", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    let notices: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("rate limited (429), retrying in"))
        .collect();
    assert_eq!(notices.len(), 2, "{err}");
    assert!(
        notices[0].contains("retry 1 of 4") && notices[1].contains("retry 2 of 4"),
        "{err}"
    );
    let get = format!("GET /v1/project/{PROJECT}/webhooks");
    assert_eq!(api.calls(), [get.clone(), get.clone(), get]);
    assert_eq!(
        stdout(&out).lines().count(),
        1,
        "the answer after the retries is printed once"
    );
}

#[test]
fn rate_limits_are_retried_for_writes_too_and_honour_http_dates() {
    let (sb, api) = (Sandbox::new(), FakeApi::start());
    api.script(
        "/webhooks/wh_1",
        429,
        &[("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")],
        "",
    );
    api.add_webhook("wh_1", "https://h.example.com/x");
    let out = api
        .cmd(&sb)
        .args(["update", "wh_1", "--enable"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        api.calls()
            .iter()
            .filter(|c| c.starts_with("PATCH"))
            .count(),
        2
    );
    assert!(stderr(&out).contains("retrying in"));
}

#[test]
fn rate_limit_that_does_not_end_is_a_clear_error() {
    let (sb, api) = (Sandbox::new(), FakeApi::start());
    for _ in 0..2 {
        api.script(
            "/webhooks",
            429,
            &[("retry-after", "30")],
            r#"{"error":"rate limit exceeded"}"#,
        );
    }
    let out = api
        .cmd(&sb)
        .args(["list", "--max-retries", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("rate limited by the API (429): rate limit exceeded"),
        "{err}"
    );
    assert!(err.contains("5 requests per minute"), "{err}");
    assert_eq!(api.log().len(), 2);
}

#[test]
fn server_errors_are_retried_for_reads_only() {
    let (sb, api) = (Sandbox::new(), FakeApi::start());
    api.add_webhook("wh_1", "https://h.example.com/x");
    api.script("/webhooks/wh_1", 503, &[], "upstream unavailable");
    let out = api.cmd(&sb).args(["get", "wh_1"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("server error (503), retrying in"));
    assert_eq!(api.log().len(), 2);
    api.script("/test", 500, &[], r#"{"message":"boom"}"#);
    let out = api.cmd(&sb).args(["test", "wh_1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("the TRST API failed (500): boom"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        api.calls().iter().filter(|c| c.ends_with("/test")).count(),
        1,
        "POST is not retried"
    );
}

#[test]
fn each_error_status_reads_clearly() {
    let (sb, api) = (Sandbox::new(), FakeApi::start());
    exits_with(
        api.cmd(&sb)
            .arg("list")
            .env("TRST_API_KEY", "key_wrong.nope"),
        1,
        "the API key was refused (401): invalid API key",
    );

    exits_with(
        api.cmd(&sb).args(["list", "--project", FORBIDDEN_PROJECT]),
        1,
        &format!("may not access project {FORBIDDEN_PROJECT} (403)"),
    );

    let out = api.cmd(&sb).args(["get", "wh_missing"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("not found (404)") && err.contains("wh_missing"),
        "{err}"
    );
    assert!(err.contains("hint:"), "{err}");

    exits_with(
        api.cmd(&sb).args([
            "create",
            "--url",
            "https://refuse.example.com/x",
            "--event-type",
            "webhook.test",
        ]),
        1,
        "the API refused the request (422): url is not reachable",
    );

    api.script(
        "/webhooks",
        400,
        &[],
        r#"{"detail":[{"loc":["body","url"],"msg":"field required"}]}"#,
    );
    let out = api.cmd(&sb).arg("list").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("(400): field required"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn bodies_that_are_not_json() {
    let (sb, api) = (Sandbox::new(), FakeApi::start());
    api.script(
        "/webhooks/wh_1",
        404,
        &[("content-type", "text/html")],
        "<html><body>Not Found</body></html>",
    );
    let out = api.cmd(&sb).args(["get", "wh_1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("<html><body>Not Found</body></html>"),
        "{}",
        stderr(&out)
    );
    // A 200 whose body is not JSON is reported, not a crash.
    api.script("/webhooks", 200, &[], "OK");
    let out = api.cmd(&sb).arg("list").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("could not be read") && err.contains("not JSON"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    // JSON of the wrong shape too.
    api.script("/webhooks", 200, &[], r#"{"count": 3}"#);
    let out = api.cmd(&sb).args(["list", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains("expected a list"), "{}", stderr(&out));
}

#[test]
fn an_unreachable_api_is_a_setup_error() {
    let sb = Sandbox::new();

    let out = sb
        .cmd()
        .args([
            "webhooks",
            "list",
            "--base-url",
            &format!("http://{}/v1", closed_addr()),
            "--project",
            "p",
        ])
        .env("TRST_API_KEY", KEY)
        .env("TRST_HOOKS_RETRY_SCALE", "0.001")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("cannot reach the TRST API"), "{err}");
    assert_eq!(err.matches("no answer, retrying").count(), 2, "{err}");
}

#[test]
fn the_api_key_and_the_webhook_secret_never_appear_in_output() {
    let (sb, api) = (Sandbox::new(), FakeApi::start());
    api.add_webhook("wh_1", "https://h.example.com/x");
    api.with(|s| s.webhooks[0]["secret"] = SECRET.into());
    let key_secret = KEY.split('.').nth(1).unwrap();
    let saved = sb.path().join("s.secret");
    let runs: Vec<Vec<String>> = vec![
        vec!["list".into()],
        vec!["list".into(), "--json".into()],
        vec!["get".into(), "wh_1".into()],
        vec!["get".into(), "wh_1".into(), "--json".into()],
        vec!["update".into(), "wh_1".into(), "--enable".into()],
        vec![
            "update".into(),
            "wh_1".into(),
            "--enable".into(),
            "--json".into(),
        ],
        vec![
            "test".into(),
            "wh_1".into(),
            "--wait".into(),
            "--poll-interval".into(),
            "10ms".into(),
        ],
        vec!["deliveries".into(), "wh_1".into()],
        vec![
            "create".into(),
            "--url".into(),
            "https://h.example.com/y".into(),
            "--event-type".into(),
            "webhook.test".into(),
            "--save-secret".into(),
            saved.display().to_string(),
        ],
        vec!["delete".into(), "wh_1".into(), "--yes".into()],
    ];
    api.script("/webhooks", 429, &[], "");
    for args in runs {
        let out = api.cmd(&sb).args(&args).arg("-v").output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert!(
            !all.contains(key_secret),
            "{args:?} printed the API key: {all}"
        );
        assert!(
            !all.contains(SECRET),
            "{args:?} printed the webhook secret: {all}"
        );
        assert!(
            all.contains("Authorization: Bearer key_"),
            "{args:?}: -v shows the masked key: {all}"
        );
    }
    // Given on the command line, the key warns and still stays masked.
    let out = api
        .cmd(&sb)
        .args(["list", "-v", "--api-key", KEY])
        .env_remove("TRST_API_KEY")
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("--api-key lands in your shell history"),
        "{err}"
    );
    assert!(!err.contains(key_secret), "{err}");
}
