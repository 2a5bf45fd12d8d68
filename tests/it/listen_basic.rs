//! End-to-end: `listen` as a developer uses it — valid and invalid deliveries, the log and
//! `verify --log`, the JSON view, duplicates across restarts, --expect, rotation, setup errors.

use crate::support::listen::{DEV, default_log, event, log_records, start, try_start};
use crate::support::sandbox::Sandbox;

#[test]
fn a_valid_delivery_is_answered_shown_logged_and_verifiable() {
    let sb = Sandbox::new();
    let l = start(&sb, &[]);
    assert_eq!(l.path, "/webhooks/trst");
    let body = event("evt_valid_1", "enrollment.completed");
    let answer = l.post(&body, Some(DEV));
    assert_eq!(answer.status, 200);
    let done = l.stop();
    assert_eq!(done.code, Some(0), "{}", done.stderr);
    assert!(done.stdout.contains("evt_valid_1"), "{}", done.stdout);
    assert!(done.stdout.contains("enrollment.completed"));
    assert!(done.stdout.contains("✓ valid"));
    assert!(
        done.stdout.contains("\"device_id\": \"dev_1\""),
        "body pretty-printed"
    );
    assert!(done.stdout.contains("summary"), "summary at the end");
    assert!(done.stdout.contains("1 (1 delivery)"), "{}", done.stdout);
    assert!(done.stderr.contains("local development"), "{}", done.stderr);
    let records = log_records(&default_log(&sb));
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].raw_body().expect("body"), body);
    assert_eq!(records[0].event_id.as_deref(), Some("evt_valid_1"));
    assert_eq!(records[0].response.status, 200);
    assert!(records[0].signature.valid);
    sb.cmd()
        .args(["verify", "--log", "--dev-secret"])
        .assert()
        .success();
}

#[test]
fn a_bad_signature_gets_401_without_detail_and_a_diagnosis_in_the_terminal() {
    let sb = Sandbox::new();
    let l = start(&sb, &[]);
    let body = event("evt_bad", "enrollment.completed");
    // The classic mistake: the secret without its whsec_ prefix.
    let answer = l.post(&body, Some(DEV.trim_start_matches("whsec_")));
    assert_eq!(answer.status, 401);
    assert_eq!(answer.text(), "Unauthorized\n");
    let unsigned = l.post(&body, None);
    assert_eq!(unsigned.status, 401);
    let done = l.stop();
    assert!(done.stdout.contains("✗ invalid"), "{}", done.stdout);
    assert!(
        done.stdout.contains("without its \"whsec_\" prefix"),
        "{}",
        done.stdout
    );
    assert!(done.stdout.contains("no X-Webhook-Signature header"));
    let records = log_records(&default_log(&sb));
    assert_eq!(records.len(), 2, "invalid deliveries are logged too");
    assert_eq!(records[0].signature.reason.as_deref(), Some("mismatch"));
    assert_eq!(records[0].response.status, 401);
    sb.cmd()
        .args(["verify", "--log", "--dev-secret"])
        .assert()
        .code(1);
}

#[test]
fn json_mode_prints_one_object_per_request_and_nothing_else() {
    let sb = Sandbox::new();
    let l = start(&sb, &["--json"]);
    assert_eq!(
        l.post(&event("e1", "demo.scan.success"), Some(DEV)).status,
        200
    );
    assert_eq!(l.post(b"not json", Some(DEV)).status, 400);
    assert_eq!(l.request("POST", "/elsewhere", &[], b"{}").status, 404);
    let done = l.stop();
    let lines: Vec<serde_json::Value> = done
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("every stdout line is JSON"))
        .collect();
    let records: Vec<&str> = lines
        .iter()
        .map(|v| v["record"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(records, ["delivery", "delivery", "rejected", "summary"]);
    assert_eq!(lines[0]["event_id"], "e1");
    assert_eq!(lines[0]["event_type"], "demo.scan.success");
    assert_eq!(lines[0]["answer"]["status"], 200);
    assert_eq!(lines[0]["signature"]["valid"], true);
    assert_eq!(lines[0]["logged"], true);
    assert_eq!(lines[0]["verified"], true);
    assert_eq!(lines[1]["answer"]["reason"], "not_json");
    assert_eq!(lines[2]["answer"]["reason"], "wrong_path");
    assert_eq!(lines[3]["verified"], 1);
    assert_eq!(lines[3]["statuses"]["404"], 1);
    assert!(lines[3]["p99_ms"].is_number());
}

#[test]
fn duplicates_are_marked_within_a_run_and_across_restarts() {
    let sb = Sandbox::new();
    let body = event("evt_dup", "enrollment.completed");
    let l = start(&sb, &["--json"]);
    assert_eq!(l.post(&body, Some(DEV)).status, 200);
    assert_eq!(l.post(&body, Some(DEV)).status, 200);
    let first = l.stop();
    let seen: Vec<i64> = first
        .stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|v| v["record"] == "delivery")
        .map(|v| v["seen_before"].as_i64().unwrap_or(-1))
        .collect();
    assert_eq!(seen, [0, 1]);
    let l = start(&sb, &[]);
    assert!(l.post(&body, Some(DEV)).status == 200);
    let second = l.stop();
    assert!(
        second
            .stdout
            .contains("duplicate: delivered 2 times before"),
        "{}",
        second.stdout
    );
    assert!(
        second.stderr.contains("2 deliveries already"),
        "{}",
        second.stderr
    );
    let records = log_records(&default_log(&sb));
    let flags: Vec<bool> = records.iter().map(|r| r.duplicate).collect();
    assert_eq!(flags, [false, true, true]);
}

#[test]
fn expect_ends_the_run_with_0_once_met() {
    let sb = Sandbox::new();
    let l = start(&sb, &["--expect", "2", "--timeout", "60s", "--no-log"]);
    assert_eq!(
        l.post(b"{\"x\":1}", None).status,
        401,
        "invalid ones do not count"
    );
    assert_eq!(l.post(&event("a", "t"), Some(DEV)).status, 200);
    assert_eq!(l.post(&event("b", "t"), Some(DEV)).status, 200);
    let done = l.wait();
    assert_eq!(done.code, Some(0), "{}", done.stderr);
    assert!(
        done.stdout.contains("2 verified deliveries arrived"),
        "{}",
        done.stdout
    );
}

#[test]
fn expect_not_met_by_the_timeout_exits_1() {
    let sb = Sandbox::new();
    let l = start(&sb, &["--expect", "1", "--timeout", "300ms", "--no-log"]);
    let done = l.wait();
    assert_eq!(done.code, Some(1));
    assert!(
        done.stderr
            .contains("0 of 1 expected verified deliveries arrived before the timeout"),
        "{}",
        done.stderr
    );
}

#[test]
fn rotation_accepts_either_secret_and_shows_which_matched() {
    let sb = Sandbox::new();
    let l = {
        let secret_new = sb.file("new", "whsec_new_one\n");
        let secret_old = sb.file("old", "whsec_old_one");
        let new = secret_new.to_string_lossy().into_owned();
        let old = secret_old.to_string_lossy().into_owned();
        start(&sb, &["--secret-file", &new, "--secret-file", &old])
    };
    assert_eq!(l.post(&event("r1", "t"), Some("whsec_old_one")).status, 200);
    assert_eq!(l.post(&event("r2", "t"), Some("whsec_new_one")).status, 200);
    assert_eq!(l.post(&event("r3", "t"), Some(DEV)).status, 401);
    let done = l.stop();
    assert!(done.stdout.contains("secret #2"), "{}", done.stdout);
    assert!(done.stdout.contains("secret #1"));
    assert!(!done.stdout.contains("whsec_old_one"), "secrets are masked");
    assert!(!done.stderr.contains("whsec_new_one"));
}

#[test]
fn a_public_address_without_a_secret_is_a_setup_error() {
    let sb = Sandbox::new();
    let Err(done) = try_start(&sb, &["--host", "0.0.0.0"]) else {
        panic!("listen must not start on 0.0.0.0 with the development secret");
    };
    assert_eq!(done.code, Some(2));
    assert!(done.stderr.contains("no webhook secret"), "{}", done.stderr);
}

#[test]
fn a_port_in_use_and_a_log_in_use_are_clear_errors() {
    let sb = Sandbox::new();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port().to_string();
    let done = sb.cmd().args(["listen", "--port", &port]).assert().code(2);
    let stderr = String::from_utf8_lossy(&done.get_output().stderr).into_owned();
    assert!(
        stderr.contains("already in use") && stderr.contains("--port 0"),
        "{stderr}"
    );
    let first = start(&sb, &[]);
    let Err(second) = try_start(&sb, &[]) else {
        panic!("two listeners on one log");
    };
    assert_eq!(second.code, Some(2));
    assert!(
        second.stderr.contains("in use by another"),
        "{}",
        second.stderr
    );
    first.stop();
}

#[test]
fn help_shows_examples() {
    let sb = Sandbox::new();
    let out = sb.cmd().args(["listen", "--help"]).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        text.contains("Examples:") && text.contains("--expect") && text.contains("--forward-to")
    );
}
