//! End-to-end: `send` against a real local server — bytes received equal bytes signed, headers
//! exactly as documented, overrides, files, dry runs, exit codes and every bad input.

use crate::support::recorder::{Mode, Server};
use crate::support::sandbox::Sandbox;
use crate::support::signature::assert_signed;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use trst_hooks::secret::LOCAL_DEV_SECRET;

const SECRET: &str = "whsec_test_secret_0123456789";

#[test]
fn bytes_received_are_the_bytes_signed_with_exact_headers() {
    let sb = Sandbox::new();
    let server = Server::start(Mode::Accept);
    server
        .send(&sb)
        .arg("enrollment.completed")
        .env("TRST_WEBHOOK_SECRET", SECRET)
        .assert()
        .success()
        .stdout(contains("200 OK").and(contains("enrollment.completed")));
    let got = server.requests();
    assert_eq!(got.len(), 1);
    let req = &got[0];
    assert_eq!(
        (req.method.as_str(), req.path.as_str()),
        ("POST", "/webhooks/trst")
    );
    assert_signed(req.header("x-webhook-signature"), SECRET, &req.body);
    let mut names: Vec<&str> = req.headers.iter().map(|(n, _)| n.as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "accept",
            "content-length",
            "content-type",
            "host",
            "user-agent",
            "x-webhook-signature"
        ]
    );
    assert_eq!(req.header("content-type"), Some("application/json"));
    assert_eq!(
        req.header("user-agent"),
        Some(concat!("trst-hooks/", env!("CARGO_PKG_VERSION")))
    );
    assert_eq!(req.header("accept"), Some("*/*"));
    let event = req.json();
    assert_eq!(event["data"]["event_type"], "enrollment.completed");
    assert_eq!(event["event_id"].as_str().map(str::len), Some(36));
    assert!(
        event.get("event_type").is_none(),
        "no top-level copy unless asked"
    );
}

#[test]
fn loopback_without_a_secret_uses_the_local_dev_secret() {
    let sb = Sandbox::new();
    let server = Server::start(Mode::Verify(LOCAL_DEV_SECRET.into()));
    server
        .send(&sb)
        .arg("webhook.test")
        .assert()
        .success()
        .stderr(contains("local development secret"));
}

#[test]
fn overrides_reach_the_wire() {
    let sb = Sandbox::new();
    let server = Server::start(Mode::Accept);
    let data = sb.file("data.json", r#"{"session_id":"s_1","member_id":null}"#);
    server
        .send(&sb)
        .args([
            "enrollment.completed",
            "--project-id",
            "proj_9",
            "--event-id",
            "evt-fixed",
        ])
        .args([
            "--top-level-type",
            "--set",
            "data.extra.n=7",
            "--set",
            "data.note=hi there",
        ])
        .args(["--header", "X-Test: yes"])
        .arg("--data")
        .arg(&data)
        .assert()
        .success();
    let req = &server.requests()[0];
    let e = req.json();
    assert_eq!(e["event_id"], "evt-fixed");
    assert_eq!(e["project_id"], "proj_9");
    assert_eq!(e["event_type"], "enrollment.completed");
    assert_eq!(
        e["data"],
        serde_json::json!({"event_type":"enrollment.completed","session_id":"s_1","member_id":null,"extra":{"n":7},"note":"hi there"})
    );
    assert_eq!(req.header("x-test"), Some("yes"));
}

#[test]
fn an_event_file_keeps_its_ids_and_raw_sends_exact_bytes() {
    let sb = Sandbox::new();
    let server = Server::start(Mode::Accept);
    let file = sb.file(
        "event.json",
        r#"{ "event_id": "evt-from-file", "timestamp": "2024-11-02T15:30:00Z", "project_id": "p", "data": {"event_type": "custom.type"} }"#,
    );
    server.send(&sb).arg(&file).assert().success();
    let e = server.requests()[0].json();
    assert_eq!(e["event_id"], "evt-from-file");
    assert_eq!(e["timestamp"], "2024-11-02T15:30:00Z");

    let raw: &[u8] = b"{ \"a\" :1 }\n\xff";
    let raw_file = sb.file("raw.bin", raw);
    server
        .send(&sb)
        .arg("--raw")
        .arg(&raw_file)
        .assert()
        .success();
    let req = &server.requests()[1];
    assert_eq!(req.body, raw);
    assert_signed(req.header("x-webhook-signature"), LOCAL_DEV_SECRET, raw);
}

#[test]
fn all_sends_one_of_every_type() {
    let sb = Sandbox::new();
    let server = Server::start(Mode::Accept);
    server.send(&sb).arg("--all").assert().success();
    let types: Vec<String> = server
        .requests()
        .iter()
        .map(|r| {
            r.json()["data"]["event_type"]
                .as_str()
                .unwrap_or("")
                .to_owned()
        })
        .collect();
    assert_eq!(
        types,
        ["enrollment.completed", "demo.scan.success", "webhook.test"]
    );
}

#[test]
fn json_output_is_one_line_per_attempt() {
    let sb = Sandbox::new();
    let server = Server::start(Mode::Script(vec![418]));
    let out = server
        .send(&sb)
        .args(["demo.scan.success", "--json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["status"], 418);
    assert_eq!(lines[0]["ok"], false);
    assert_eq!(lines[0]["event_type"], "demo.scan.success");
    assert_eq!(lines[0]["response_body"], r#"{"error":"scripted 418"}"#);
}

#[test]
fn dry_run_sends_nothing_and_its_curl_command_is_equivalent() {
    let sb = Sandbox::new();
    let server = Server::start(Mode::Accept);
    let out = server
        .send(&sb)
        .args([
            "enrollment.completed",
            "--dry-run",
            "--set",
            "data.note=it's $HOME",
        ])
        .env("TRST_WEBHOOK_SECRET", SECRET)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(server.requests().is_empty());
    assert!(!text.contains(SECRET), "the secret never appears");
    assert!(text.contains("X-Webhook-Signature: sha256="));
    let curl = &text[text.find("curl ").expect("a curl command")..];
    let has_curl = std::process::Command::new("curl")
        .arg("--version")
        .output()
        .is_ok();
    assert!(has_curl, "these tests need curl to check the command");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{} -s -o /dev/null", curl.trim()))
        .status()
        .unwrap();
    assert!(status.success());
    let req = &server.requests()[0];
    assert_eq!(req.json()["data"]["note"], "it's $HOME");
    assert_signed(req.header("x-webhook-signature"), SECRET, &req.body);
    let mut lines = text.lines().skip_while(|l| !l.is_empty());
    let printed_body = lines.nth(1).unwrap();
    assert_eq!(printed_body.as_bytes(), req.body.as_slice());
}

#[test]
fn bad_and_missing_signatures_expect_401() {
    let sb = Sandbox::new();
    let strict = Server::start(Mode::Verify(LOCAL_DEV_SECRET.into()));
    for flag in ["--bad-signature", "--no-signature"] {
        strict
            .send(&sb)
            .args(["webhook.test", flag])
            .assert()
            .success()
            .stdout(contains("rejected as expected"));
    }
    let got = strict.requests();
    assert!(
        got[0]
            .header("x-webhook-signature")
            .is_some_and(|s| s.len() == 71)
    );
    assert_eq!(got[1].header("x-webhook-signature"), None);
    let lax = Server::start(Mode::Accept);
    lax.send(&sb)
        .args(["webhook.test", "--bad-signature"])
        .assert()
        .code(1)
        .stdout(contains(
            "ACCEPTED a request with a bad or missing signature",
        ));
}

#[test]
fn wrong_secret_401_explains() {
    let sb = Sandbox::new();
    let server = Server::start(Mode::Verify(SECRET.into()));
    server
        .send(&sb)
        .arg("webhook.test")
        .assert()
        .code(1)
        .stdout(contains("401").and(contains("local development secret")));
}

#[test]
fn verbose_shows_headers_but_never_the_secret() {
    let sb = Sandbox::new();
    let server = Server::start(Mode::Accept);
    let out = server
        .send(&sb)
        .args(["webhook.test", "-v"])
        .env("TRST_WEBHOOK_SECRET", SECRET)
        .assert()
        .success()
        .get_output()
        .clone();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(all.contains("X-Webhook-Signature: sha256="), "{all}");
    assert!(all.contains("content-length:"), "response headers: {all}");
    assert!(!all.contains("0123456789"), "{all}");
}
