//! End-to-end: `send --replay` resends captured bytes exactly, `--repeat` sends the same event
//! again, and `--retries` retries in order with the right count (gaps are unit-tested).

use crate::support::recorder::{Mode, Server};
use crate::support::sandbox::Sandbox;
use crate::support::signature::assert_signed;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use trst_hooks::delivery_log::{DeliveryRecord, FORMAT_VERSION, encode_body};
use trst_hooks::secret::LOCAL_DEV_SECRET;

fn record(event_id: &str, body: &[u8], signature: Option<&str>) -> String {
    let (text, body_encoding) = encode_body(body);
    DeliveryRecord {
        v: FORMAT_VERSION,
        received_at: "2026-01-01T00:00:00Z".into(),
        method: "POST".into(),
        path: "/webhooks/trst".into(),
        remote_addr: None,
        headers: signature
            .map(|s| vec![("x-webhook-signature".to_owned(), s.to_owned())])
            .unwrap_or_default(),
        body: text,
        body_encoding,
        body_bytes: body.len(),
        event_id: Some(event_id.into()),
        event_type: None,
        signature: Default::default(),
        duplicate: false,
        response: Default::default(),
        exec_skipped: None,
    }
    .to_line()
}

const FIRST: &[u8] = b"{ \"event_id\" : \"evt-1\",\n  \"data\": {\"event_type\":\"x\"} }\n";
const SECOND: &[u8] = b"{\"event_id\":\"evt-2\",\"v\":1.50}";

fn log(sb: &Sandbox) -> std::path::PathBuf {
    let lines = [
        record("evt-1", FIRST, Some("sha256=original")),
        "not a record".to_owned(),
        record("evt-2", SECOND, None),
    ];
    sb.file("deliveries.jsonl", lines.join("\n") + "\n")
}

#[test]
fn replay_resends_identical_bytes_signed_again() {
    let sb = Sandbox::new();
    let server = Server::start(Mode::Accept);
    let log = log(&sb);
    for (pick, body) in [
        (&["--event-id", "evt-1"][..], FIRST),
        (&["--last"][..], SECOND),
    ] {
        sb.cmd()
            .args(["send", "--to", &server.url(), "--replay"])
            .arg(&log)
            .args(pick)
            .assert()
            .success()
            .stdout(contains("replay of"));
        let req = server.requests().pop().unwrap();
        assert_eq!(req.body, body);
        assert_signed(req.header("x-webhook-signature"), LOCAL_DEV_SECRET, body);
    }
}

#[test]
fn replay_can_keep_the_original_signature() {
    let sb = Sandbox::new();
    let server = Server::start(Mode::Accept);
    let log = log(&sb);
    sb.cmd()
        .args([
            "send",
            "--to",
            &server.url(),
            "--keep-signature",
            "--event-id",
            "evt-1",
            "--replay",
        ])
        .arg(&log)
        .assert()
        .success();
    assert_eq!(
        server.requests()[0].header("x-webhook-signature"),
        Some("sha256=original")
    );
}

#[test]
fn replay_uses_the_default_log_and_explains_misses() {
    let sb = Sandbox::new();
    let server = Server::start(Mode::Accept);
    let data = sb.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("deliveries.jsonl"), record("evt-9", SECOND, None)).unwrap();
    sb.cmd()
        .args(["send", "--to", &server.url(), "--replay", "--last"])
        .assert()
        .success();
    assert_eq!(server.requests()[0].body, SECOND);
    sb.cmd()
        .args([
            "send",
            "--to",
            &server.url(),
            "--replay",
            "--event-id",
            "nope",
        ])
        .assert()
        .code(2)
        .stderr(contains("no delivery with event_id nope among 1"));
    sb.cmd()
        .args(["send", "--to", &server.url(), "--replay"])
        .assert()
        .code(2)
        .stderr(contains("--last, or --event-id"));
}

#[test]
fn repeat_sends_the_same_bytes_and_event_id() {
    let sb = Sandbox::new();
    let server = Server::start(Mode::Accept);
    sb.cmd()
        .args([
            "send",
            "enrollment.completed",
            "--repeat",
            "3",
            "--to",
            &server.url(),
        ])
        .assert()
        .success()
        .stdout(contains("repeat 3 of 3"));
    let got = server.requests();
    assert_eq!(got.len(), 3);
    assert!(got.iter().all(|r| r.body == got[0].body));
}

#[test]
fn retries_until_success_in_order() {
    let sb = Sandbox::new();
    let server = Server::start(Mode::Script(vec![500, 503]));
    let out = sb
        .cmd()
        .args([
            "send",
            "webhook.test",
            "--retries",
            "5",
            "--backoff",
            "10ms",
            "--to",
            &server.url(),
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let a1 = text.find("attempt 1/6  500").expect("first attempt");
    let a2 = text.find("attempt 2/6  503").expect("second attempt");
    let a3 = text.find("attempt 3/6  200").expect("third attempt");
    assert!(a1 < a2 && a2 < a3, "{text}");
    assert!(!text.contains("attempt 4/6"));
    let got = server.requests();
    assert_eq!(got.len(), 3);
    assert!(
        got.iter().all(|r| r.body == got[0].body),
        "a retry resends the same event"
    );
}

#[test]
fn retries_give_up_after_the_count() {
    let sb = Sandbox::new();
    let server = Server::start(Mode::Script(vec![500; 10]));
    let out = sb
        .cmd()
        .args([
            "send",
            "webhook.test",
            "--retries",
            "2",
            "--backoff",
            "5ms",
            "--json",
            "--to",
            &server.url(),
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let attempts: Vec<u64> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["attempt"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(attempts, [1, 2, 3]);
    assert_eq!(server.requests().len(), 3);
}

#[test]
fn timeouts_are_retried_too() {
    let sb = Sandbox::new();
    let server = Server::start(Mode::Hang);
    sb.cmd()
        .args([
            "send",
            "webhook.test",
            "--retries",
            "1",
            "--backoff",
            "5ms",
            "--timeout",
            "200ms",
            "--to",
            &server.url(),
        ])
        .assert()
        .code(1)
        .stdout(
            contains("attempt 1/2")
                .and(contains("attempt 2/2"))
                .and(contains("no answer within")),
        );
    assert_eq!(server.requests().len(), 2);
}
