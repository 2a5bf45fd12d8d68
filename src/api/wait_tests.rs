//! Unit tests of following a test delivery: picking it, judging progress, polling gently.

use super::*;
use crate::api::models::item;
use serde_json::json;

fn at(text: &str) -> SystemTime {
    parse_time(text).unwrap()
}

#[test]
fn timestamps() {
    let z = at("2024-11-02T15:30:00Z");
    assert_eq!(
        at("2024-11-02T15:30:00.250Z"),
        z + Duration::from_millis(250)
    );
    assert_eq!(at("2024-11-02T17:30:00+02:00"), z);
    assert_eq!(at("2024-11-02T10:30:00-0500"), z);
    assert_eq!(at("2024-11-02T15:30:00+00:00"), z);
    assert_eq!(parse_time("yesterday"), None);
    assert_eq!(parse_time(""), None);
    assert_eq!(parse_time("2024-11-02T15:30:00+2"), None);
}

fn delivery(id: &str, event_type: &str, created: &str) -> Item<Delivery> {
    item(json!({"id": id, "event_type": event_type, "created_at": created})).unwrap()
}

#[test]
fn picks_the_newest_test_delivery_after_the_trigger() {
    let list = vec![
        delivery("old_test", "webhook.test", "2024-11-02T15:00:00Z"),
        delivery("new_enroll", "enrollment.completed", "2024-11-02T15:30:09Z"),
        delivery("ours", "webhook.test", "2024-11-02T15:30:01Z"),
        delivery("ours_later", "webhook.test", "2024-11-02T15:30:05Z"),
        delivery("no_time", "webhook.test", "bad"),
    ];
    let since = at("2024-11-02T15:30:00Z");
    assert_eq!(
        pick(&list, None, since).unwrap().view.id.as_deref(),
        Some("ours_later")
    );
    // Slack covers a server clock a second behind.
    assert_eq!(
        pick(&list[..3], None, at("2024-11-02T15:30:02Z"))
            .unwrap()
            .view
            .id
            .as_deref(),
        Some("ours")
    );
    assert!(pick(&list[..2], None, since).is_none());
    assert_eq!(
        pick(&list, Some("old_test"), since)
            .unwrap()
            .view
            .id
            .as_deref(),
        Some("old_test")
    );
    assert!(pick(&list, Some("missing"), since).is_none());
}

#[test]
fn trigger_answers() {
    assert_eq!(
        delivery_id_from_trigger(&json!({"delivery_id": "d1"})).as_deref(),
        Some("d1")
    );
    assert_eq!(
        delivery_id_from_trigger(&json!({"delivery": {"id": 7}})).as_deref(),
        Some("7")
    );
    assert_eq!(
        delivery_id_from_trigger(&json!({"id": "d2", "status": "pending"})).as_deref(),
        Some("d2")
    );
    assert_eq!(
        delivery_id_from_trigger(&json!({"id": "wh", "url": "https://x", "status": "ok"})),
        None
    );
    assert_eq!(
        delivery_id_from_trigger(&json!({"message": "queued"})),
        None
    );
    assert_eq!(delivery_id_from_trigger(&json!(null)), None);
}

#[test]
fn progress_follows_retries_until_the_deadline() {
    let deadline = at("2024-11-02T15:31:00Z");
    let d = |status: &str, attempts: u64, code: Option<u64>, next: Option<&str>| Delivery {
        status: Some(status.into()),
        attempts: Some(attempts),
        response_code: code,
        next_attempt_at: next.map(str::to_owned),
        ..Default::default()
    };
    assert_eq!(
        progress(&d("pending", 0, None, None), deadline),
        Progress::Waiting
    );
    assert_eq!(
        progress(
            &d("pending", 1, Some(500), Some("2024-11-02T15:30:05Z")),
            deadline
        ),
        Progress::Retrying {
            attempts: 1,
            next: Some(at("2024-11-02T15:30:05Z"))
        }
    );
    // A timeout or refused connection leaves no code; the retry time is not always given.
    assert_eq!(
        progress(&d("pending", 2, None, None), deadline),
        Progress::Retrying {
            attempts: 2,
            next: None
        }
    );
    assert_eq!(
        progress(
            &d("pending", 2, Some(500), Some("2024-11-02T16:30:00Z")),
            deadline
        ),
        Progress::Done,
        "a retry after the deadline ends the wait"
    );
    assert_eq!(
        progress(&d("succeeded", 3, Some(200), None), deadline),
        Progress::Done
    );
    assert_eq!(
        progress(&d("failed", 3, Some(500), None), deadline),
        Progress::Done
    );
}

#[test]
fn schedule() {
    let mut s = PollSchedule::new(Duration::from_secs(15));
    assert_eq!(s.next_wait(), Duration::from_secs(5));
    assert_eq!(s.next_wait(), Duration::from_secs(15));
    s.slow_down();
    assert_eq!(s.next_wait(), Duration::from_secs(30));
    for _ in 0..5 {
        s.slow_down();
    }
    assert_eq!(s.next_wait(), Duration::from_secs(60));
    let mut fast = PollSchedule::new(Duration::from_millis(10));
    assert_eq!(fast.next_wait(), Duration::from_millis(10));
    assert_eq!(fast.polls(), 1);
}

#[test]
fn endings() {
    let d = |status: &str, attempts: u64, next: Option<&str>| Delivery {
        status: Some(status.into()),
        attempts: Some(attempts),
        next_attempt_at: next.map(str::to_owned),
        ..Default::default()
    };
    assert_eq!(ending(&d("succeeded", 2, None)), Ending::Succeeded);
    assert_eq!(ending(&d("failed", 4, None)), Ending::Failed);
    assert_eq!(
        ending(&d("pending", 4, Some("2024-11-02T16:30:00Z"))),
        Ending::Retrying {
            next: Some(at("2024-11-02T16:30:00Z"))
        },
        "retries still scheduled: not failed"
    );
    assert_eq!(
        ending(&d("pending", 1, None)),
        Ending::Retrying { next: None }
    );
    assert_eq!(ending(&d("pending", 0, None)), Ending::StillPending);
}

#[test]
fn unseen_attempts_come_in_order_from_the_first_not_shown() {
    let a = |value: serde_json::Value| item::<Attempt>(value).unwrap();
    let list = vec![
        a(json!({"attempt": 3, "status_code": 500})),
        a(json!({"attempt": 1, "error": "could not connect: Connection refused"})),
        a(json!({"attempt": 2, "status_code": 502})),
    ];
    let numbers = |shown| {
        unseen_attempts(&list, shown)
            .iter()
            .map(|(n, _)| *n)
            .collect::<Vec<_>>()
    };
    assert_eq!(numbers(0), vec![1, 2, 3]);
    assert_eq!(numbers(1), vec![2, 3]);
    assert_eq!(numbers(3), Vec::<u64>::new());
    assert_eq!(
        unseen_attempts(&list, 0)[0].1.error.as_deref(),
        Some("could not connect: Connection refused")
    );
    let unnumbered = vec![
        a(json!({"status_code": 500})),
        a(json!({"status_code": 200})),
    ];
    let got: Vec<u64> = unseen_attempts(&unnumbered, 1)
        .iter()
        .map(|(n, _)| *n)
        .collect();
    assert_eq!(got, vec![2], "counted by place when unnumbered");
}
