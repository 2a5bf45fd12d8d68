//! Tests of the `emulator` printers (kept apart so that `emulator.rs` fits in a head).

use super::*;
use crate::emulator::queue::AttemptRecord;

const HOSTILE: &str = "a\u{1b}[2J\u{202e}\r\u{9b}b";

fn attempt() -> Activity {
    Activity::Attempt {
        delivery_id: format!("dlv_{HOSTILE}"),
        webhook_id: "wh_1".into(),
        event_type: HOSTILE.into(),
        event_id: "evt_1".into(),
        url: format!("http://127.0.0.1/{HOSTILE}"),
        attempt: 2,
        max_attempts: 20,
        outcome: AttemptRecord {
            status_code: None,
            latency_ms: 1500,
            error: Some(HOSTILE.into()),
            response_body: None,
            succeeded: false,
        },
        next_attempt_at: Some(65_000),
    }
}

fn printed(r: &Activity, json: bool) -> String {
    colored::control::set_override(false);
    let mut out = Vec::new();
    report(&mut out, r, json, 0).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn human_lines_escape_what_came_from_outside() {
    let api = Activity::Api {
        method: "GET".into(),
        path: format!("/v1/{HOSTILE}"),
        status: 200,
        latency_ms: 3,
    };
    let text = printed(&api, false);
    assert!(text.contains("/v1/a\\x1b[2J\\u{202e}\\r\\u{9b}b"), "{text}");
    assert!(text.contains("3 ms"), "{text}");
    let text = printed(&attempt(), false);
    assert_eq!(
        text.matches("a\\x1b[2J\\u{202e}\\r\\u{9b}b").count(),
        4,
        "{text}"
    );
    assert!(text.contains("1.5 s"), "{text}");
    assert!(text.contains("retry in 1m 5s"), "{text}");
    assert!(
        !text
            .trim_end()
            .contains(['\u{1b}', '\r', '\u{202e}', '\u{9b}'])
    );
}

#[test]
fn json_lines_keep_the_exact_text() {
    let value: serde_json::Value = serde_json::from_str(&printed(&attempt(), true)).unwrap();
    assert_eq!(value["type"], "attempt");
    assert_eq!(value["event_type"], HOSTILE);
    assert_eq!(value["error"], HOSTILE);
    assert_eq!(value["next_attempt_at"], rfc3339(65_000));
}

#[test]
fn retries_in_the_one_duration_style() {
    assert_eq!(
        retries(&Schedule::parse("none").unwrap()),
        "1 attempt, no retries"
    );
    assert!(
        retries(&Schedule::assumed()).ends_with("13d 17h"),
        "{}",
        retries(&Schedule::assumed())
    );
    assert_eq!(wait_text(400), "400 ms");
    assert_eq!(wait_text(1200), "2 s");
}

#[test]
fn triggered_line() {
    colored::control::set_override(false);
    let delivery: QueuedDelivery = serde_json::from_value(serde_json::json!({
        "id": "dlv_1", "webhook_id": "wh_1", "event_id": "evt_1",
        "event_type": "enrollment.completed"
    }))
    .unwrap();
    let mut out = Vec::new();
    triggered(&mut out, "proj_1", &delivery, false).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(
        text,
        "✓ queued enrollment.completed evt_1 → wh_1 (proj_1, dlv_1)\n"
    );
}
