//! End-to-end: `webhooks deliveries|attempts|test` against the fake TRST API.

use crate::support::fake_api::{FakeApi, PROJECT};
use crate::support::output::{json_lines, stderr, stdout};
use crate::support::sandbox::Sandbox;
use serde_json::json;

fn seeded() -> FakeApi {
    let api = FakeApi::start();
    api.add_webhook("wh_1", "https://h.example.com/x");
    api.with(|s| {
        s.deliveries = vec![
            json!({"id": "del_ok", "webhook_id": "wh_1", "event_id": "e1", "event_type": "enrollment.completed",
                "status": "succeeded", "attempts": 1, "response_code": 200, "created_at": "2024-11-02T15:00:00Z",
                "last_attempt_at": "2024-11-02T15:00:01.250Z", "next_attempt_at": null, "region": "ca"}),
            json!({"id": "del_bad", "webhook_id": "wh_1", "event_id": "e2", "event_type": "demo.scan.success",
                "status": "failed", "attempts": 3, "response_code": 500, "created_at": "2024-11-02T16:00:00Z",
                "last_attempt_at": "2024-11-02T16:10:00Z", "next_attempt_at": "2024-11-02T17:10:00Z"}),
            json!({"id": "del_wait", "webhook_id": "wh_1", "event_type": "enrollment.completed", "status": "pending",
                "attempts": 0, "created_at": "2024-11-02T16:30:00Z"}),
            json!({"id": "del_old_test", "webhook_id": "wh_1", "event_type": "webhook.test", "status": "failed",
                "attempts": 1, "response_code": 404, "created_at": "2024-01-01T00:00:00Z"}),
        ];
        s.attempts = vec![
            json!({"id": "att_1", "delivery_id": "del_bad", "attempt": 1, "attempted_at": "2024-11-02T16:00:00Z",
                "status_code": 500, "latency_ms": 120, "error": null, "response_body": "Internal\nError", "succeeded": false}),
            json!({"id": "att_2", "delivery_id": "del_bad", "attempt": 2, "attempted_at": "2024-11-02T16:01:00Z",
                "status_code": null, "latency_ms": 20000, "error": "timeout after 20s", "response_body": null,
                "succeeded": false, "tls": "1.3"}),
        ];
    });
    api
}

#[test]
fn deliveries_table_with_filters() {
    let (sb, api) = (Sandbox::new(), seeded());
    let out = api.cmd(&sb).args(["deliveries", "wh_1"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let header = text.lines().next().unwrap();
    for col in [
        "ID",
        "EVENT TYPE",
        "STATUS",
        "CODE",
        "ATTEMPTS",
        "CREATED",
        "LAST ATTEMPT",
        "NEXT ATTEMPT",
    ] {
        assert!(header.contains(col), "{col}: {header}");
    }
    let bad = text.lines().find(|l| l.starts_with("del_bad")).unwrap();
    for cell in [
        "demo.scan.success",
        "failed",
        "500",
        "3",
        "2024-11-02 16:00:00Z",
        "2024-11-02 17:10:00Z",
    ] {
        assert!(bad.contains(cell), "{cell}: {bad}");
    }
    assert!(
        text.contains("2024-11-02 15:00:01Z"),
        "fractions are dropped in the table: {text}"
    );
    assert!(text.contains("4 deliveries"), "{text}");
    assert_eq!(
        api.calls(),
        [format!(
            "GET /v1/project/{PROJECT}/webhooks/wh_1/deliveries"
        )]
    );

    let out = api
        .cmd(&sb)
        .args(["deliveries", "wh_1", "--status", "failed"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("del_bad") && text.contains("del_old_test"),
        "{text}"
    );
    assert!(
        !text.contains("del_ok") && !text.contains("del_wait"),
        "{text}"
    );
    assert!(text.contains("2 of 4 deliveries"), "{text}");

    let out = api
        .cmd(&sb)
        .args(["deliveries", "wh_1", "--status", "succeeded", "--json"])
        .output()
        .unwrap();
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["id"], "del_ok");
    assert_eq!(lines[0]["region"], "ca", "unknown fields are kept");

    let out = api
        .cmd(&sb)
        .args(["deliveries", "wh_1", "--limit", "1", "--json"])
        .output()
        .unwrap();
    assert_eq!(json_lines(&out).len(), 1);

    let out = api
        .cmd(&sb)
        .args(["deliveries", "wh_1", "--status", "bogus"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn deliveries_json_has_every_field_from_a_wrapped_list() {
    let (sb, api) = (Sandbox::new(), seeded());
    api.with(|s| s.wrapped = Some("deliveries"));
    let out = api
        .cmd(&sb)
        .args(["deliveries", "wh_1", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[1]["next_attempt_at"], "2024-11-02T17:10:00Z");
    assert_eq!(
        lines[0]["last_attempt_at"], "2024-11-02T15:00:01.250Z",
        "JSON keeps the API's values"
    );
    assert!(lines[2].get("event_id").is_none(), "nothing is invented");
}

#[test]
fn attempts_table_and_json() {
    let (sb, api) = (Sandbox::new(), seeded());
    let out = api
        .cmd(&sb)
        .args(["attempts", "wh_1", "del_bad"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.lines().next().unwrap().contains("LATENCY"));
    let second = text.lines().nth(2).unwrap();
    assert!(
        second.contains("timeout after 20s")
            && second.contains("20 s")
            && second.contains("failed"),
        "{second}"
    );
    assert!(
        text.contains("Internal Error"),
        "response bodies are shown on one line: {text}"
    );
    assert_eq!(
        api.calls(),
        [format!(
            "GET /v1/project/{PROJECT}/webhooks/wh_1/deliveries/del_bad/attempts"
        )]
    );
    let out = api
        .cmd(&sb)
        .args(["deliveries", "wh_1", "--delivery", "del_bad", "--json"])
        .output()
        .unwrap();
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["tls"], "1.3");
    assert_eq!(api.calls().len(), 2);
    assert!(api.calls()[1].ends_with("/deliveries/del_bad/attempts"));
}

#[test]
fn test_without_wait_triggers_once() {
    let (sb, api) = (Sandbox::new(), seeded());
    let out = api.cmd(&sb).args(["test", "wh_1"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("test event sent to webhook wh_1"));
    assert_eq!(
        api.calls(),
        [format!("POST /v1/project/{PROJECT}/webhooks/wh_1/test")]
    );
    let out = api
        .cmd(&sb)
        .args(["test", "wh_1", "--json"])
        .output()
        .unwrap();
    assert_eq!(json_lines(&out)[0]["message"], "test event queued");
}

#[test]
fn test_wait_follows_the_new_test_delivery_until_it_succeeds() {
    let (sb, api) = (Sandbox::new(), seeded());
    api.with(|s| s.test_pending_polls = 2);
    let out = api
        .cmd(&sb)
        .args([
            "test",
            "wh_1",
            "--wait",
            "--poll-interval",
            "10ms",
            "--timeout",
            "30s",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("test delivery del_test1 succeeded after 1 attempt"),
        "{text}"
    );
    assert!(
        !text.contains("del_old_test"),
        "an older test delivery is not ours: {text}"
    );
    let calls = api.calls();
    assert!(calls[0].ends_with("/test"));
    assert_eq!(
        calls[1..]
            .iter()
            .filter(|c| c.ends_with("/deliveries"))
            .count(),
        3,
        "{calls:?}"
    );
}

/// Run `test --wait` against a test delivery that fails with `code`; its stdout.
fn failed_test_delivery(code: Option<u16>) -> String {
    let (sb, api) = (Sandbox::new(), seeded());
    api.with(|s| {
        s.test_final = Some("failed");
        s.test_failure_code = code;
        s.trigger_answer = Some(json!({"delivery_id": "$DELIVERY"}));
    });
    let out = api
        .cmd(&sb)
        .args(["test", "wh_1", "--wait", "--poll-interval", "10ms"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn test_wait_reports_a_failed_delivery_with_exit_1() {
    let text = failed_test_delivery(None);
    assert!(text.contains("test delivery del_test1 failed"), "{text}");
    assert!(text.contains("500"), "{text}");
    assert!(
        text.contains("trst-hooks webhooks attempts wh_1 del_test1"),
        "{text}"
    );
    assert!(
        !text.contains("hint:"),
        "a 500 has no single usual cause: {text}"
    );
}

#[test]
fn test_wait_names_the_usual_cause_of_a_401() {
    let text = failed_test_delivery(Some(401));
    assert!(text.contains("your endpoint answered 401"), "{text}");
    assert!(
        text.contains(
            "hint: the endpoint refused the signature: it must verify with this webhook's secret"
        ),
        "{text}"
    );
}

#[test]
fn test_wait_json_and_rate_limited_polls() {
    let (sb, api) = (Sandbox::new(), seeded());
    api.with(|s| s.test_pending_polls = 1);
    api.script("/deliveries", 429, &[("retry-after", "1")], "");
    let out = api
        .cmd(&sb)
        .args([
            "test",
            "wh_1",
            "--wait",
            "--poll-interval",
            "10ms",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["status"], "succeeded");
    assert_eq!(lines[0]["event_type"], "webhook.test");
    assert!(stderr(&out).contains("rate limited (429), retrying in"));
}

#[test]
fn test_wait_gives_up_at_the_timeout() {
    let (sb, api) = (Sandbox::new(), seeded());
    api.with(|s| s.test_pending_polls = u32::MAX);
    let out = api
        .cmd(&sb)
        .args([
            "test",
            "wh_1",
            "--wait",
            "--poll-interval",
            "20ms",
            "--timeout",
            "300ms",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("the test delivery is still pending after"),
        "{err}"
    );
    assert!(err.contains("trst-hooks webhooks deliveries wh_1"), "{err}");
}
