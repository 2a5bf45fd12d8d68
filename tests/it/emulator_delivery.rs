//! End-to-end: the emulator's delivery engine against real local handlers — signed TRST-shaped
//! deliveries, retries in order, survival of `kill -9`, unreachable/redirecting/slow endpoints.

use crate::support::emulator::{Emulator, ms};
use crate::support::handler::{Handler, Reply};
use crate::support::loopback::closed_addr;
use crate::support::sandbox::Sandbox;
use crate::support::signature::reference_signature;
use serde_json::Value;

#[tokio::test]
async fn a_handler_failing_twice_gets_three_signed_attempts_in_order() {
    let sb = Sandbox::new();
    let emu = Emulator::start(&sb, &["--in-memory", "--retry-schedule", "200ms,1500ms,1h"]);
    let api = emu.api("key_1.secret");
    let mut hook = Handler::start(vec![
        Reply::Status(500),
        Reply::Status(503),
        Reply::Status(200),
    ])
    .await;
    let (id, secret) = api
        .create(
            "proj_1",
            &format!("{}/webhooks/trst", hook.url),
            &["enrollment.completed"],
        )
        .await;

    let queued = api
        .post(&format!("/project/proj_1/webhooks/{id}/test"), "")
        .await;
    assert_eq!(queued.status, 202, "{}", queued.text);
    assert_eq!(queued.json["status"], "pending");
    assert_eq!(queued.json["event_type"], "webhook.test");
    let delivery_id = queued.json["id"].as_str().unwrap().to_owned();

    let mut bodies = Vec::new();
    for _ in 0..3 {
        let got = hook.next().await;
        assert_eq!(got.path, "/webhooks/trst");
        assert_eq!(got.headers["content-type"], "application/json");
        let signature = got.headers["x-webhook-signature"].to_str().unwrap();
        assert_eq!(signature, reference_signature(&secret, &got.body));
        bodies.push(got.body);
    }
    assert!(
        bodies.iter().all(|b| b == &bodies[0]),
        "retries resend the same bytes"
    );
    let event: Value = serde_json::from_slice(&bodies[0]).unwrap();
    assert_eq!(event["data"]["event_type"], "webhook.test");
    assert_eq!(event["data"]["webhook_id"], id.as_str());
    assert_eq!(event["project_id"], "proj_1");
    assert_eq!(event["event_id"], queued.json["event_id"]);

    let delivery = api
        .wait_delivery("proj_1", &id, |d| d["status"] == "succeeded")
        .await;
    assert_eq!(delivery["id"], delivery_id.as_str());
    assert_eq!(delivery["attempts"], 3);
    assert_eq!(delivery["response_code"], 200);
    assert_eq!(delivery["next_attempt_at"], Value::Null);

    let attempts = api.attempts("proj_1", &id, &delivery_id).await;
    let numbers: Vec<_> = attempts
        .iter()
        .map(|a| a["attempt"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, vec![1, 2, 3]);
    let codes: Vec<_> = attempts
        .iter()
        .map(|a| a["status_code"].as_u64().unwrap())
        .collect();
    assert_eq!(codes, vec![500, 503, 200]);
    let ok: Vec<_> = attempts
        .iter()
        .map(|a| a["succeeded"].as_bool().unwrap())
        .collect();
    assert_eq!(ok, vec![false, false, true]);
    assert_eq!(attempts[0]["response_body"], "answer 1");
    // Gaps follow the schedule: each at least its delay (lower bounds only, never upper ones).
    let times: Vec<u128> = attempts.iter().map(|a| ms(&a["attempted_at"])).collect();
    assert!(times[1] - times[0] >= 200, "{times:?}");
    assert!(times[2] - times[1] >= 1500, "{times:?}");

    let output = emu.output();
    let attempt_lines = output
        .lines()
        .filter(|l| l.contains(&delivery_id) && l.contains(" attempt "))
        .count();
    assert_eq!(attempt_lines, 3, "{output}");
    assert!(
        output.contains("attempt 1/4") && output.contains("attempt 3/4"),
        "{output}"
    );
    assert!(
        !output.contains(&secret),
        "the secret leaked into the output:\n{output}"
    );
}

#[tokio::test]
async fn a_pending_retry_survives_kill_9() {
    let sb = Sandbox::new();
    let db = sb.path().join("state/emulator.sqlite3");
    let db = db.to_str().unwrap();
    let args = ["--db", db, "--retry-schedule", "3s"];
    let mut hook = Handler::start(vec![Reply::Status(500), Reply::Status(200)]).await;
    let mut first = Emulator::start(&sb, &args);
    let api = first.api("k");
    let (id, _) = api.create("p", &hook.url, &["enrollment.completed"]).await;
    api.post(&format!("/project/p/webhooks/{id}/test"), "")
        .await;
    hook.next().await;
    let pending = api
        .wait_delivery("p", &id, |d| {
            d["attempts"] == 1 && d["next_attempt_at"].is_string()
        })
        .await;
    assert_eq!(pending["status"], "pending");
    first.kill9();
    assert!(
        hook.try_next().is_none(),
        "the retry must not have happened before the kill"
    );

    let second = Emulator::start(&sb, &args);
    let api = second.api("k");
    let retry = hook.next().await;
    assert!(!retry.body.is_empty());
    let done = api
        .wait_delivery("p", &id, |d| d["status"] == "succeeded")
        .await;
    assert_eq!(done["attempts"], 2);
    let attempts = api.attempts("p", &id, done["id"].as_str().unwrap()).await;
    assert_eq!(attempts.len(), 2);
    assert_eq!(attempts[0]["status_code"], 500);
    assert_eq!(attempts[1]["status_code"], 200);
    assert!(hook.try_next().is_none(), "delivered exactly twice");
}

#[tokio::test]
async fn an_attempt_cut_short_by_kill_9_is_recorded_and_retried() {
    let sb = Sandbox::new();
    let db = sb.path().join("emulator.sqlite3");
    let db = db.to_str().unwrap();
    let args = ["--db", db, "--retry-schedule", "100ms"];
    let mut hook = Handler::start(vec![Reply::Hang, Reply::Status(204)]).await;
    let mut first = Emulator::start(&sb, &args);
    let (id, _) = first
        .api("k")
        .create("p", &hook.url, &["webhook.test"])
        .await;
    first
        .api("k")
        .post(&format!("/project/p/webhooks/{id}/test"), "")
        .await;
    hook.next().await; // the request is in flight: the handler holds it
    first.kill9();

    let second = Emulator::start(&sb, &args);
    let api = second.api("k");
    hook.next().await;
    let done = api
        .wait_delivery("p", &id, |d| d["status"] == "succeeded")
        .await;
    let attempts = api.attempts("p", &id, done["id"].as_str().unwrap()).await;
    assert_eq!(attempts.len(), 2, "{attempts:?}");
    assert_eq!(attempts[0]["status_code"], Value::Null);
    assert!(
        attempts[0]["error"]
            .as_str()
            .unwrap()
            .starts_with("interrupted")
    );
    assert_eq!(attempts[1]["status_code"], 204);
    assert!(
        second.output().contains("recovered 1 attempt"),
        "{}",
        second.output()
    );
}

#[tokio::test]
async fn unreachable_redirecting_and_slow_endpoints_fail_with_clear_errors() {
    let sb = Sandbox::new();
    let emu = Emulator::start(
        &sb,
        &["--in-memory", "--retry-schedule", "none", "--timeout", "1s"],
    );
    let api = emu.api("k");
    let closed = closed_addr();
    let mut redirecting = Handler::start(vec![Reply::Redirect]).await;
    let mut slow = Handler::start(vec![Reply::Hang]).await;
    let cases = [
        (
            format!("http://{closed}/webhooks/trst"),
            "could not connect",
        ),
        (
            format!("{}/webhooks/trst", redirecting.url),
            "redirects are not followed",
        ),
        (format!("{}/webhooks/trst", slow.url), "timed out"),
    ];
    for (url, expected) in &cases {
        let (id, _) = api.create("p", url, &["webhook.test"]).await;
        api.post(&format!("/project/p/webhooks/{id}/test"), "")
            .await;
        let failed = api
            .wait_delivery("p", &id, |d| d["status"] == "failed")
            .await;
        assert_eq!(failed["attempts"], 1);
        let attempts = api.attempts("p", &id, failed["id"].as_str().unwrap()).await;
        let error = attempts[0]["error"].as_str().unwrap_or_default();
        assert!(error.contains(expected), "{url}: {error}");
    }
    assert_eq!(redirecting.next().await.path, "/webhooks/trst");
    assert!(
        redirecting.try_next().is_none(),
        "the redirect was not followed"
    );
    slow.next().await;
    let output = emu.output();
    assert!(output.contains("gave up after 1 attempt "), "{output}");
}

#[tokio::test]
async fn trigger_emits_to_every_enabled_subscriber_from_the_fixtures() {
    let sb = Sandbox::new();
    let emu = Emulator::start(&sb, &["--in-memory"]);
    let api = emu.api("k");
    let mut hook = Handler::start(vec![Reply::Status(200)]).await;
    let (a, secret_a) = api
        .create(
            "proj_a",
            &format!("{}/a", hook.url),
            &["enrollment.completed"],
        )
        .await;
    let (b, secret_b) = api
        .create(
            "proj_b",
            &format!("{}/b", hook.url),
            &["demo.scan.success", "enrollment.completed"],
        )
        .await;
    api.create(
        "proj_a",
        &format!("{}/other", hook.url),
        &["demo.scan.success"],
    )
    .await;
    let (off, _) = api
        .create(
            "proj_a",
            &format!("{}/off", hook.url),
            &["enrollment.completed"],
        )
        .await;
    let patched = api
        .call(
            "PATCH",
            &format!("/project/proj_a/webhooks/{off}"),
            Some(r#"{"enabled":false}"#),
        )
        .await;
    assert_eq!(patched.json["enabled"], false);

    let base = emu.base.clone();
    let mut cmd = sb.cmd();
    cmd.args([
        "emulator",
        "trigger",
        "enrollment.completed",
        "--set",
        "data.member_id=null",
        "--json",
    ])
    .args(["--base-url", &base]);
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);

    let mut seen = Vec::new();
    for _ in 0..2 {
        let got = hook.next().await;
        let event: Value = serde_json::from_slice(&got.body).unwrap();
        let secret = if got.path == "/a" {
            &secret_a
        } else {
            &secret_b
        };
        assert_eq!(
            got.headers["x-webhook-signature"].to_str().unwrap(),
            reference_signature(secret, &got.body)
        );
        assert_eq!(event["data"]["event_type"], "enrollment.completed");
        assert_eq!(event["data"]["member_id"], Value::Null);
        seen.push((got.path, event["project_id"].as_str().unwrap().to_owned()));
    }
    seen.sort();
    assert_eq!(
        seen,
        vec![
            ("/a".into(), "proj_a".into()),
            ("/b".into(), "proj_b".into())
        ]
    );
    for (project, id) in [("proj_a", &a), ("proj_b", &b)] {
        api.wait_delivery(project, id, |d| d["status"] == "succeeded")
            .await;
    }

    let mut only_b = sb.cmd();
    only_b.args([
        "emulator",
        "trigger",
        "demo.scan.success",
        "--project",
        "proj_b",
        "--base-url",
        &base,
    ]);
    let out = tokio::task::spawn_blocking(move || only_b.output().unwrap())
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(hook.next().await.path, "/b");
}

#[tokio::test]
async fn trigger_without_subscribers_or_emulator_says_so() {
    let sb = Sandbox::new();
    let emu = Emulator::start(&sb, &["--in-memory"]);
    let base = emu.base.clone();
    let mut nobody = sb.cmd();
    nobody.args([
        "emulator",
        "trigger",
        "demo.scan.success",
        "--base-url",
        &base,
    ]);
    let out = tokio::task::spawn_blocking(move || nobody.output().unwrap())
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("no enabled webhook is subscribed to demo.scan.success")
    );

    let closed = closed_addr();
    sb.cmd()
        .args([
            "emulator",
            "trigger",
            "webhook.test",
            "--base-url",
            &format!("http://{closed}/v1"),
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no emulator answering"));
    sb.cmd()
        .args(["emulator", "trigger", "nope.nope", "--base-url", &base])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("enrollment.completed"));
    sb.cmd()
        .args([
            "emulator",
            "trigger",
            "webhook.test",
            "--set",
            "oops",
            "--base-url",
            &base,
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("PATH=VALUE"));
}
