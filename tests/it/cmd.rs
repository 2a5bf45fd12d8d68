//! End-to-end tests of the rules the command layer keeps in one place: one shutdown for every
//! long-running command, one target resolution for `send` and `check`, the care `listen` takes
//! with the published development secret, and "did you mean" for event types.

use predicates::prelude::*;

use crate::support::emulator::Emulator;
use crate::support::loopback::closed_addr;
use crate::support::sandbox::Sandbox;

#[test]
fn emulator_stops_gracefully_on_sigterm() {
    let sb = Sandbox::new();
    let emulator = Emulator::start(&sb, &["--in-memory"]);
    let finished = emulator.stop("TERM");
    assert_eq!(finished.code, Some(0), "stderr:\n{}", finished.stderr);
    assert!(
        finished
            .stderr
            .contains("stopped; in-memory state discarded"),
        "no graceful-stop line; stderr:\n{}",
        finished.stderr
    );
}

/// A sandbox holding `config` as ./trst-hooks.toml, trusted (these tests are about resolution,
/// not about trust: an untrusted file is refused before any of this, see `trust_config`).
fn with_trusted_config(config: &str) -> Sandbox {
    let sb = Sandbox::new();
    sb.file("trst-hooks.toml", config);
    sb.cmd().args(["config", "trust"]).assert().code(0);
    sb
}

#[test]
fn check_labels_an_inline_config_secret_as_the_configs_as_send_does() {
    let port = closed_addr().port();
    let sb = with_trusted_config(&format!(
        "[targets.staging]\nurl = \"http://127.0.0.1:{port}/hook\"\nsecret = \"whsec_inline0123456789abcdef\"\n"
    ));
    let warning = "target staging keeps its secret in the config file";
    sb.cmd()
        .args(["check", "staging", "--only", "signatures"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "from config targets.staging.secret",
        ))
        .stdout(predicate::str::contains("from --secret").not())
        .stderr(predicate::str::contains(warning))
        .stderr(predicate::str::contains("shell history").not());
    sb.cmd()
        .args(["send", "webhook.test", "--to", "staging"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(warning))
        .stderr(predicate::str::contains("shell history").not());
}

#[test]
fn check_refuses_a_public_target_without_a_secret_as_send_does() {
    let sb = with_trusted_config(
        "[targets.staging]\nurl = \"https://hooks.example.invalid/webhooks/trst\"\n",
    );
    for args in [
        &["check", "staging"][..],
        &["send", "webhook.test", "--to", "staging"][..],
    ] {
        sb.cmd()
            .args(args)
            .env("TRST_WEBHOOK_SECRET", "whsec_from_the_environment")
            .assert()
            .code(2)
            .stderr(predicate::str::contains("target staging has no secret"));
    }
}

#[test]
fn no_secret_on_a_public_address_explains_the_loopback_rule() {
    Sandbox::new()
        .cmd()
        .args(["listen", "--host", "0.0.0.0", "--port", "0", "--no-log"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("only used by itself on loopback"));
}

#[test]
fn the_dev_secret_on_a_public_address_warns_that_anyone_can_forge() {
    Sandbox::new()
        .cmd()
        .args(["listen", "--host", "0.0.0.0", "--port", "0", "--no-log"])
        .args(["--dev-secret", "--timeout", "1ms"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "anyone who can reach this address can forge",
        ));
}

#[test]
fn a_mistyped_event_type_gets_did_you_mean() {
    Sandbox::new()
        .cmd()
        .args(["send", "enrolment.completed", "--dry-run"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "did you mean \"enrollment.completed\"?",
        ));
}
