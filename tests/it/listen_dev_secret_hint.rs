//! End-to-end: a listener on the development secret that gets a delivery signed with another
//! secret (the emulator loop's mistake) says it uses the development secret and how to give it the
//! webhook's, on the terminal, in `--json` and in the log.

use crate::support::listen::{default_log, event, log_records, start};
use crate::support::sandbox::Sandbox;

const WEBHOOK_SECRET: &str = "whsec_the_new_webhooks_own_secret";

#[test]
fn the_human_view_names_the_development_secret_and_the_fix() {
    let sb = Sandbox::new();
    let listening = start(&sb, &[]);
    let answer = listening.post(&event("evt_1", "webhook.test"), Some(WEBHOOK_SECRET));
    assert_eq!(answer.status, 401);
    let out = listening.stop().stdout;
    assert!(
        out.contains("this listener uses the local development secret"),
        "{out}"
    );
    assert!(out.contains("--secret-file wh.secret"), "{out}");
    assert!(out.contains("TRST_WEBHOOK_SECRET=whsec_…"), "{out}");
    let records = log_records(&default_log(&sb));
    let codes: Vec<&str> = records[0]
        .signature
        .diagnosis
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(codes, ["development_secret_only"]);
}

#[test]
fn the_json_view_carries_the_same_diagnosis() {
    let sb = Sandbox::new();
    let listening = start(&sb, &["--json"]);
    listening.post(&event("evt_1", "webhook.test"), Some(WEBHOOK_SECRET));
    let lines = listening.stop().json();
    let delivery = lines
        .iter()
        .find(|l| l.to_string().contains("evt_1"))
        .expect("the delivery's JSON line");
    assert!(
        delivery.to_string().contains("development_secret_only"),
        "{delivery}"
    );
}

#[test]
fn a_listener_given_a_secret_does_not_blame_the_development_secret() {
    let sb = Sandbox::new();
    let file = sb.file("wh.secret", "whsec_some_other_secret\n");
    let listening = start(&sb, &["--secret-file", file.to_str().expect("utf-8")]);
    let answer = listening.post(&event("evt_1", "webhook.test"), Some(WEBHOOK_SECRET));
    assert_eq!(answer.status, 401);
    let out = listening.stop().stdout;
    assert!(!out.contains("development secret"), "{out}");
}
