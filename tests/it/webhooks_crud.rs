//! End-to-end: `webhooks list|get|update|delete` against the fake TRST API.

use crate::support::fake_api::{FakeApi, KEY, PROJECT, SECRET};
use crate::support::output::{json_lines, stderr, stdout};
use crate::support::sandbox::Sandbox;
use serde_json::{Value, json};

#[test]
fn list_bare_array_as_a_table() {
    let (sb, api) = (Sandbox::new(), FakeApi::start());
    api.add_webhook("wh_1", "https://a.example.com/webhooks/trst");
    api.add_webhook("wh_2", "https://b.example.com/hook");
    let out = api.cmd(&sb).arg("list").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("ID") && lines[0].contains("URL") && lines[0].contains("ENABLED"));
    assert!(
        lines[1].starts_with("wh_1") && lines[1].contains("https://a.example.com/webhooks/trst")
    );
    assert!(lines[2].starts_with("wh_2") && lines[2].contains("yes"));
    assert!(
        text.contains("2 webhooks (TRST allows 25 per project)"),
        "{text}"
    );
    let log = api.log();
    assert_eq!(api.calls(), [format!("GET /v1/project/{PROJECT}/webhooks")]);
    assert_eq!(
        log[0].auth.as_deref(),
        Some(format!("Bearer {KEY}").as_str())
    );
}

#[test]
fn list_wrapped_as_json_keeps_every_field_and_masks_secrets() {
    let (sb, api) = (Sandbox::new(), FakeApi::start());
    api.with(|s| {
        s.wrapped = Some("webhooks");
        s.webhooks.push(json!({"id": "wh_1", "url": "https://a.example.com/", "event_types": ["enrollment.completed"],
            "enabled": false, "region": "ca-central-1", "secret": SECRET}));
    });
    let out = api.cmd(&sb).args(["list", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let items = json_lines(&out);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["region"], "ca-central-1");
    assert_eq!(items[0]["enabled"], false);
    assert!(!stdout(&out).contains(SECRET));
    assert!(items[0]["secret"].as_str().unwrap().starts_with("whsec_"));
    // Every wrapper key is understood; an empty list prints a friendly line.
    for key in ["data", "items", "results"] {
        api.with(|s| s.wrapped = Some(key));
        let out = api.cmd(&sb).args(["list", "--json"]).output().unwrap();
        assert_eq!(json_lines(&out).len(), 1, "{key}");
    }
    api.with(|s| s.webhooks.clear());
    let out = api.cmd(&sb).arg("list").output().unwrap();
    assert!(stdout(&out).contains("No webhooks in this project yet."));
}

#[test]
fn get_shows_known_and_unknown_fields() {
    let (sb, api) = (Sandbox::new(), FakeApi::start());
    api.with(|s| {
        s.webhooks.push(json!({"id": "wh_9", "url": "https://h.example.com/x", "event_types": ["a.b", "c.d"],
            "enabled": true, "created_at": "2024-11-02T15:00:00.123Z", "description": "prod receiver"}))
    });
    let out = api.cmd(&sb).args(["get", "wh_9"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for want in [
        "wh_9",
        "https://h.example.com/x",
        "a.b, c.d",
        "2024-11-02 15:00:00Z",
        "description",
        "prod receiver",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }
    let out = api
        .cmd(&sb)
        .args(["get", "wh_9", "--json"])
        .output()
        .unwrap();
    assert_eq!(json_lines(&out)[0]["description"], "prod receiver");
    assert_eq!(
        api.calls()[0],
        format!("GET /v1/project/{PROJECT}/webhooks/wh_9")
    );
}

#[test]
fn update_patches_only_what_is_given() {
    let (sb, api) = (Sandbox::new(), FakeApi::start());
    api.add_webhook("wh_1", "https://h.example.com/x");
    let out = api
        .cmd(&sb)
        .args(["update", "wh_1", "--disable"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("updated webhook wh_1"));
    let log = api.log();
    assert_eq!(log[0].method, "PATCH");
    assert_eq!(
        serde_json::from_str::<Value>(&log[0].body).unwrap(),
        json!({"enabled": false})
    );
    let out = api
        .cmd(&sb)
        .args([
            "update",
            "wh_1",
            "--url",
            "https://new.example.com/h",
            "--event-type",
            "demo.scan.success",
            "--json",
        ])
        .output()
        .unwrap();
    let line = &json_lines(&out)[0];
    assert_eq!(line["url"], "https://new.example.com/h");
    assert_eq!(line["event_types"], json!(["demo.scan.success"]));
    let out = api.cmd(&sb).args(["update", "wh_1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nothing to update"));
    let out = api
        .cmd(&sb)
        .args(["update", "wh_1", "--url", "http://h.example.com/x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(api.log().len(), 2, "refused updates send nothing");
}

#[test]
fn delete_needs_yes_without_a_terminal() {
    let (sb, api) = (Sandbox::new(), FakeApi::start());
    api.add_webhook("wh_1", "https://h.example.com/x");
    let out = api.cmd(&sb).args(["delete", "wh_1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--yes"), "{}", stderr(&out));
    assert!(api.log().is_empty());
    let out = api
        .cmd(&sb)
        .args(["delete", "wh_1", "--yes"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("deleted webhook wh_1"));
    assert_eq!(
        api.calls(),
        [format!("DELETE /v1/project/{PROJECT}/webhooks/wh_1")]
    );
    let out = api
        .cmd(&sb)
        .args(["delete", "wh_1", "--yes", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "already gone: 404");
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains("not found (404)"), "{}", stderr(&out));
}
