//! End-to-end: the flags that simulate a failing endpoint (--status, --fail-first, --delay),
//! relay to the user's app (--forward-to), and run a command per delivery (--exec).

use crate::support::listen::{DEV, default_log, event, log_records, start};
use crate::support::loopback::closed_addr;
use crate::support::recorder::{Mode, Server};
use crate::support::sandbox::Sandbox;
use crate::support::signature::{assert_signed, reference_signature};

#[test]
fn status_overrides_the_answer_to_valid_deliveries_only() {
    let sb = Sandbox::new();
    let l = start(&sb, &["--status", "503"]);
    assert_eq!(l.post(&event("s1", "t"), Some(DEV)).status, 503);
    assert_eq!(l.post(&event("s2", "t"), None).status, 401);
    let done = l.stop();
    assert!(
        done.stdout.contains("503 Service Unavailable"),
        "{}",
        done.stdout
    );
    assert_eq!(log_records(&default_log(&sb))[0].response.status, 503);
}

#[test]
fn fail_first_fails_each_event_n_times_then_accepts_it() {
    let sb = Sandbox::new();
    let l = start(&sb, &["--fail-first", "2", "--delay", "5"]);
    let a = event("ff_a", "t");
    let b = event("ff_b", "t");
    let statuses: Vec<u16> = [&a, &a, &b, &a, &b, &b]
        .iter()
        .map(|body| l.post(body, Some(DEV)).status)
        .collect();
    assert_eq!(statuses, [500, 500, 500, 200, 500, 200]);
    let done = l.stop();
    assert!(
        done.stdout
            .contains("simulated failure 2 of 2 (--fail-first)"),
        "{}",
        done.stdout
    );
    let logged: Vec<u16> = log_records(&default_log(&sb))
        .iter()
        .map(|r| r.response.status)
        .collect();
    assert_eq!(logged, statuses, "failed attempts are logged too");
}

#[test]
fn any_path_and_max_body() {
    let sb = Sandbox::new();
    let l = start(&sb, &["--any-path", "--max-body", "1KiB"]);
    let small = event("p1", "t");
    let path_answer = l.request(
        "POST",
        "/some/other/path?x=1",
        &[("X-Webhook-Signature", &reference_signature(DEV, &small))],
        &small,
    );
    assert_eq!(path_answer.status, 200);
    let big = vec![b' '; 2000];
    assert_eq!(l.post(&big, Some(DEV)).status, 413);
    l.stop();
    assert_eq!(
        log_records(&default_log(&sb))[0].path,
        "/some/other/path?x=1"
    );
}

#[test]
fn forward_relays_raw_body_and_signature_and_answers_with_the_apps_status() {
    let sb = Sandbox::new();
    let app = Server::start(Mode::Answer(202, "queued"));
    let url = app.url();
    let l = start(&sb, &["--forward-to", &url]);
    let body = b"{\"event_id\":\"fw1\",  \"data\":{\"event_type\":\"t\"}}\n".to_vec();
    let answer = l.post(&body, Some(DEV));
    assert_eq!(answer.status, 202);
    assert_eq!(answer.text(), "queued");
    let done = l.stop();
    let got = app.requests();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].body, body, "raw bytes, not re-serialised");
    assert_signed(got[0].header("x-webhook-signature"), DEV, &body);
    assert!(done.stdout.contains(&format!("→ {url}")), "{}", done.stdout);
    assert!(done.stdout.contains("202 Accepted"));
    assert_eq!(log_records(&default_log(&sb))[0].response.status, 202);
}

#[test]
fn forward_to_an_unreachable_app_answers_502() {
    let sb = Sandbox::new();
    let url = format!("http://{}/hook", closed_addr());
    let l = start(&sb, &["--forward-to", &url]);
    assert_eq!(l.post(&event("fw2", "t"), Some(DEV)).status, 502);
    let done = l.stop();
    assert!(done.stdout.contains("cannot reach"), "{}", done.stdout);
    assert!(done.stdout.contains("answered 502"));
}

#[test]
fn exec_gets_the_raw_body_and_the_event_in_its_environment() {
    let sb = Sandbox::new();
    let l = start(
        &sb,
        &[
            "--exec",
            "cat > got.bin; printf '%s %s %s' \"$TRST_EVENT_TYPE\" \"$TRST_EVENT_ID\" \"$TRST_DUPLICATE\" > env.txt; echo handled",
        ],
    );
    let body = event("ex1", "enrollment.completed");
    assert_eq!(l.post(&body, Some(DEV)).status, 200);
    let done = l.stop();
    assert_eq!(
        std::fs::read(sb.path().join("got.bin")).expect("stdin copy"),
        body
    );
    assert_eq!(
        std::fs::read_to_string(sb.path().join("env.txt")).expect("env"),
        "enrollment.completed ex1 0"
    );
    assert!(done.stdout.contains("exit 0"), "{}", done.stdout);
    assert!(done.stdout.contains("| handled"));
}

#[test]
fn exec_that_ignores_its_stdin_or_fails_does_not_hurt_the_listener() {
    let sb = Sandbox::new();
    let l = start(&sb, &["--exec", "exit 7", "--json", "--max-body", "4MiB"]);
    let mut body = event("ex2", "t");
    body.truncate(body.len() - 1);
    body.extend_from_slice(format!(",\"pad\":\"{}\"}}", "x".repeat(2 * 1024 * 1024)).as_bytes());
    assert_eq!(l.post(&body, Some(DEV)).status, 200);
    assert_eq!(l.post(&event("ex3", "t"), None).status, 401);
    let done = l.stop();
    assert_eq!(done.code, Some(0));
    let lines: Vec<serde_json::Value> = done
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(lines[0]["exec"]["exit_code"], 7);
    assert!(
        lines[1]["exec"].is_null(),
        "not run for an invalid delivery"
    );
}
