//! End-to-end: load mode — every request a distinct, correctly signed event; the JSON summary;
//! failures counted; Ctrl-C stops early and still prints the summary.

use std::collections::HashSet;

use crate::support::process::Running;
use crate::support::recorder::{Mode, Server};
use crate::support::sandbox::Sandbox;
use crate::support::signature::assert_signed;
use trst_hooks::secret::LOCAL_DEV_SECRET;

fn summary(stdout: &[u8]) -> serde_json::Value {
    let text = String::from_utf8_lossy(stdout);
    assert_eq!(text.lines().count(), 1, "one summary line: {text}");
    serde_json::from_str(text.trim()).expect("JSON summary")
}

#[test]
fn every_request_is_a_fresh_signed_event() {
    let sb = Sandbox::new();
    let server = Server::start(Mode::Accept);
    let out = sb
        .cmd()
        .args([
            "send",
            "enrollment.completed",
            "--count",
            "200",
            "--concurrency",
            "8",
            "--json",
            "--to",
            &server.url(),
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let s = summary(&out);
    assert_eq!(
        (
            s["requested"].as_u64(),
            s["ok"].as_u64(),
            s["failed"].as_u64()
        ),
        (Some(200), Some(200), Some(0))
    );
    assert_eq!(s["status_counts"]["200"], 200);
    assert_eq!(s["interrupted"], false);
    let p = &s["latency_ms"];
    assert!(p["p50"].as_f64() <= p["p99"].as_f64() && p["p99"].as_f64() <= p["max"].as_f64());
    let buckets: u64 = s["histogram"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["count"].as_u64().unwrap())
        .sum();
    assert_eq!(buckets, 200);
    let got = server.requests();
    assert_eq!(got.len(), 200);
    let ids: HashSet<String> = got
        .iter()
        .map(|r| r.json()["event_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 200);
    for r in &got {
        assert_signed(r.header("x-webhook-signature"), LOCAL_DEV_SECRET, &r.body);
    }
}

#[test]
fn failures_are_counted_and_fail_the_run() {
    let sb = Sandbox::new();
    let server = Server::start(Mode::Script(vec![500, 500, 500]));
    let out = sb
        .cmd()
        .args([
            "send",
            "webhook.test",
            "--count",
            "20",
            "-c",
            "2",
            "--rate",
            "1000",
            "--to",
            &server.url(),
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("20 requests"), "{text}");
    assert!(
        text.contains("200 × 17") && text.contains("500 × 3"),
        "{text}"
    );
    assert!(text.contains("p50"), "{text}");
}

#[test]
fn ctrl_c_stops_early_and_still_summarises() {
    let sb = Sandbox::new();
    let server = Server::start(Mode::Hang);
    let mut cmd = sb.std_cmd();
    cmd.args([
        "send",
        "webhook.test",
        "--count",
        "1000",
        "-c",
        "4",
        "--json",
        "--to",
        &server.url(),
    ]);
    let sending = Running::spawn(cmd);
    server.wait_for_request();
    sending.signal("INT");
    let done = sending.wait();
    assert_eq!(done.code, Some(1));
    let s = summary(done.stdout.as_bytes());
    assert_eq!(s["interrupted"], true);
    assert_eq!(s["requested"], 1000);
    assert!(s["completed"].as_u64() < Some(1000));
}

#[test]
fn load_mode_rejects_conflicting_flags() {
    let sb = Sandbox::new();
    sb.cmd()
        .args(["send", "webhook.test", "--count", "5", "--repeat", "2"])
        .assert()
        .code(2);
    sb.cmd()
        .args(["send", "webhook.test", "--concurrency", "5"])
        .assert()
        .code(2);
}

#[test]
fn https_load_goes_through_the_tls_client_and_counts_its_errors() {
    let sb = Sandbox::new();
    let server = Server::start(Mode::Accept);
    let out = sb
        .cmd()
        .args([
            "send",
            "webhook.test",
            "--count",
            "5",
            "-c",
            "2",
            "--json",
            "--dev-secret",
            "--to",
        ])
        .arg(format!("https://{}/webhooks/trst", server.addr))
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let s = summary(&out);
    assert_eq!(s["errors"]["tls"], 5, "{s}");
    assert_eq!(s["ok"], 0);
}
