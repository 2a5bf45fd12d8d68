//! End-to-end: `verify --log` with no secret after the Quick start uses the development secret
//! when the log itself records it, and says so; a log written with another secret still needs one.

use crate::support::listen::{DEV, start};
use crate::support::sandbox::Sandbox;
use predicates::prelude::*;
use predicates::str::contains;

/// `listen` with the given args receives one `send` signed with `secret`, then stops.
fn log_one_delivery(sb: &Sandbox, listen_args: &[&str], secret: &str) {
    let listening = start(sb, listen_args);
    let url = format!("http://{}{}", listening.addr, listening.path);
    sb.cmd()
        .args(["send", "enrollment.completed", "--to", url.as_str()])
        .env("TRST_WEBHOOK_SECRET", secret)
        .assert()
        .success();
    listening.stop();
}

#[test]
fn a_log_written_on_the_development_secret_verifies_without_a_secret() {
    let sb = Sandbox::new();
    log_one_delivery(&sb, &[], DEV);
    sb.cmd()
        .args(["verify", "--log"])
        .assert()
        .success()
        .stdout(contains("1 deliveries: 1 valid").or(contains("1 delivery: 1 valid")))
        .stderr(contains("using the development secret whsec_"))
        .stderr(contains("this log records deliveries verified with it"));
}

#[test]
fn a_log_written_on_another_secret_still_asks_for_one() {
    let sb = Sandbox::new();
    let other = sb.file("wh.secret", "whsec_another_webhook_secret\n");
    let other = other.to_str().expect("utf-8 path");
    log_one_delivery(
        &sb,
        &["--secret-file", other],
        "whsec_another_webhook_secret",
    );
    sb.cmd()
        .args(["verify", "--log"])
        .assert()
        .code(2)
        .stderr(contains("no webhook secret given"))
        .stderr(contains("--secret-file"))
        .stderr(contains("using the development secret").not());
}
