//! End-to-end: `trst-hooks check` as a person types it: help, usage errors, config targets,
//! the production guard, the human report and `-v`, and that the secret never shows.

use std::time::Duration;

use crate::support::receivers::{Defect, start};
use crate::support::sandbox::Sandbox;
use predicates::prelude::*;

const SECRET: &str = "whsec_check_cli_fedcba9876543210";

fn check(sb: &Sandbox) -> assert_cmd::Command {
    let mut cmd = sb.cmd();
    cmd.arg("check")
        .write_stdin("")
        .timeout(Duration::from_secs(120));
    cmd
}

#[test]
fn help_lists_every_check_id_and_the_marking() {
    let sb = Sandbox::new();
    let assert = sb.cmd().args(["check", "--help"]).assert().success();
    let out = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    for id in [
        "transport",
        "event-types",
        "latency",
        "signatures",
        "duplicates",
        "unknown-type",
        "envelope-shapes",
        "leaks",
    ] {
        assert!(out.contains(id), "{id} missing from help");
    }
    assert!(out.contains("proj_trst_hooks_check"));
    assert!(out.contains("Exit codes"));
}

#[test]
fn unknown_check_id_is_a_usage_error_listing_the_valid_ones() {
    let sb = Sandbox::new();
    check(&sb)
        .args(["http://127.0.0.1:9/x", "--only", "signatures,nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nope").and(predicate::str::contains("envelope-shapes")));
    check(&sb)
        .args(["http://127.0.0.1:9/x", "--only", "leaks", "--skip", "leaks"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no check to run"));
}

#[test]
fn bad_flags_and_targets_are_usage_errors() {
    let sb = Sandbox::new();
    let cases: &[(&[&str], &str)] = &[
        (&["http://127.0.0.1:9/x", "--timeout", "soon"], "--timeout"),
        (
            &["http://127.0.0.1:9/x", "--timeout", "0s"],
            "more than zero",
        ),
        (
            &["http://127.0.0.1:9/x", "--slow-threshold", "30s"],
            "must be shorter than --timeout",
        ),
        (
            &["http://127.0.0.1:9/x", "--project-id", " "],
            "--project-id is empty",
        ),
        (&["ftp://example.com/x"], "not an http:// or https:// URL"),
        (&["staging"], "no config file"),
        (
            &["localhost:3000/webhooks/trst"],
            "http://localhost:3000/webhooks/trst",
        ),
    ];
    for (args, expected) in cases {
        check(&sb)
            .args(*args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(*expected));
    }
}

#[test]
fn remote_url_without_a_secret_is_refused_before_sending() {
    let sb = Sandbox::new();
    check(&sb)
        .arg("https://hooks.example.invalid/webhooks/trst")
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("no webhook secret")
                .and(predicate::str::contains("TRST_WEBHOOK_SECRET")),
        );
}

fn config_with_target(sb: &Sandbox, url: &str, production: bool) {
    sb.file(
        "trst-hooks.toml",
        format!(
            "[targets.staging]\nurl = \"{url}\"\nsecret_env = \"STAGING_SECRET\"\nproduction = {production}\n"
        ),
    );
}

#[test]
fn config_target_uses_its_url_and_secret() {
    let receiver = start(SECRET, Defect::None);
    let sb = Sandbox::new();
    config_with_target(&sb, &receiver.url, false);
    check(&sb)
        .args(["staging", "--slow-threshold", "15s"])
        .env("STAGING_SECRET", SECRET)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("ready for TRST"));
    check(&sb)
        .args(["prod"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("known: staging"));
}

#[test]
fn production_target_needs_yes_without_a_terminal() {
    let receiver = start(SECRET, Defect::None);
    let sb = Sandbox::new();
    config_with_target(&sb, &receiver.url, true);
    check(&sb)
        .arg("staging")
        .env("STAGING_SECRET", SECRET)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("marked production").and(predicate::str::contains("--yes")),
        );
    assert!(
        receiver.seen().is_empty(),
        "nothing may be sent before confirmation"
    );
    check(&sb)
        .args(["staging", "--yes", "--only", "signatures"])
        .env("STAGING_SECRET", SECRET)
        .assert()
        .code(0);
    assert!(!receiver.seen().is_empty());
}

#[test]
fn human_report_and_verbose_never_show_the_secret() {
    let receiver = start(SECRET, Defect::DoesNotVerify);
    let sb = Sandbox::new();
    let assert = check(&sb)
        .args([
            &receiver.url,
            "-v",
            "--secret-env",
            "HOOK_SECRET",
            "--slow-threshold",
            "15s",
        ])
        .env("HOOK_SECRET", SECRET)
        .assert()
        .code(1);
    let output = assert.get_output();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stdout.contains(SECRET) && !stderr.contains(SECRET),
        "secret leaked"
    );
    assert!(
        !stdout.contains("fedcba9876"),
        "too much of the secret shown"
    );
    for expected in [
        "✗ fail  signatures",
        "fix:",
        "→ POST",
        "← 200",
        "not ready for TRST: 1 failed",
        "proj_trst_hooks_check",
    ] {
        assert!(
            stdout.contains(expected),
            "{expected} missing from:\n{stdout}"
        );
    }
}

#[test]
fn local_receiver_uses_the_local_development_secret_by_default() {
    let receiver = start(trst_hooks::secret::LOCAL_DEV_SECRET, Defect::None);
    let sb = Sandbox::new();
    check(&sb)
        .args([&receiver.url, "--only", "signatures,event-types"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("local development secret"));
}
