//! End-to-end: `verify --log` over a delivery log in the documented format.

use crate::support::sandbox::Sandbox;
use crate::support::signature::reference_signature;
use predicates::str::contains;
use serde_json::json;

const SECRET: &str = "whsec_logtest";

fn log_line(body: &[u8], signature: Option<&str>, event_id: &str) -> String {
    let headers: Vec<(String, String)> = signature
        .map(|s| ("x-webhook-signature".to_string(), s.to_string()))
        .into_iter()
        .collect();
    let (text, encoding) = match std::str::from_utf8(body) {
        Ok(t) => (t.to_string(), "utf8"),
        Err(_) => {
            use base64::Engine;
            (
                base64::engine::general_purpose::STANDARD.encode(body),
                "base64",
            )
        }
    };
    json!({
        "v": 1, "received_at": "2026-11-24T10:00:00.000Z", "method": "POST", "path": "/webhooks/trst",
        "remote_addr": "127.0.0.1:5000", "headers": headers, "body": text, "body_encoding": encoding,
        "body_bytes": body.len(), "event_id": event_id, "event_type": "enrollment.completed",
        "signature": {"valid": true}, "duplicate": false, "response": {"status": 200, "latency_ms": 0.2}
    })
    .to_string()
}

fn event(id: &str) -> Vec<u8> {
    format!(r#"{{"event_id":"{id}","data":{{"event_type":"enrollment.completed"}}}}"#).into_bytes()
}

#[test]
fn all_valid_log_exits_zero_and_counts_duplicates() {
    let sb = Sandbox::new();
    let a = event("a");
    let binary = vec![0xffu8, 0x00, 0x10];
    let lines = [
        log_line(&a, Some(&reference_signature(SECRET, &a)), "a"),
        log_line(&a, Some(&reference_signature(SECRET, &a)), "a"),
        log_line(&binary, Some(&reference_signature(SECRET, &binary)), "bin"),
    ];
    let log = sb.file("d.jsonl", lines.join("\n") + "\n");
    sb.with_secret("verify", SECRET)
        .arg("--log")
        .arg(&log)
        .assert()
        .success()
        .stdout(contains("3 deliveries: 3 valid"))
        .stdout(contains("a ×2"));
}

#[test]
fn failures_and_unreadable_lines_exit_one_with_line_numbers() {
    let sb = Sandbox::new();
    let a = event("a");
    let lines = [
        log_line(&a, Some(&reference_signature(SECRET, &a)), "a"),
        log_line(&a, Some(&reference_signature("logtest", &a)), "b"),
        "this line is not JSON".to_string(),
        log_line(&a, None, "c"),
    ];
    let log = sb.file("d.jsonl", lines.join("\n"));
    sb.with_secret("verify", SECRET)
        .arg("--log")
        .arg(&log)
        .assert()
        .code(1)
        .stdout(contains("line      2"))
        .stdout(contains("without its \"whsec_\" prefix"))
        .stdout(contains("line      3"))
        .stdout(contains("unreadable line"))
        .stdout(contains("1 mismatch, 1 missing"));
}

#[test]
fn json_mode_is_one_line_per_delivery_then_summary() {
    let sb = Sandbox::new();
    let a = event("a");
    let lines = [
        log_line(&a, Some(&reference_signature(SECRET, &a)), "a"),
        "{\"v\":1}".to_string(),
    ];
    let log = sb.file("d.jsonl", lines.join("\n"));
    let out = sb
        .with_secret("verify", SECRET)
        .arg("--log")
        .arg(&log)
        .arg("--json")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let records: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 3);
    assert_eq!(records[0]["record"], "delivery");
    assert_eq!(records[0]["valid"], true);
    assert_eq!(records[1]["record"], "unreadable");
    assert_eq!(records[1]["line"], 2);
    assert_eq!(records[2]["record"], "summary");
    assert_eq!(records[2]["valid"], 1);
    assert_eq!(records[2]["unreadable_lines"], 1);
}

#[test]
fn a_log_is_detected_without_the_flag_and_the_default_log_is_used() {
    let sb = Sandbox::new();
    let a = event("a");
    let line = log_line(&a, Some(&reference_signature(SECRET, &a)), "a");
    let log = sb.file("d.jsonl", &line);
    sb.with_secret("verify", SECRET)
        .arg(&log)
        .assert()
        .success()
        .stdout(contains("1 delivery: 1 valid"));
    sb.with_secret("verify", SECRET)
        .args(["--log"])
        .assert()
        .code(2)
        .stderr(contains("deliveries.jsonl"));
    let data = sb.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("deliveries.jsonl"), &line).unwrap();
    sb.with_secret("verify", SECRET)
        .args(["--log"])
        .assert()
        .success();
}
