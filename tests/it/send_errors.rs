//! End-to-end: `send` when things go wrong — redirects, huge answers, unreachable hosts, TLS
//! errors, timeouts, slow answers, bad input, config targets — each with a clear message and exit code.

use crate::support::loopback::closed_addr;
use crate::support::recorder::{Mode, Server};
use crate::support::sandbox::Sandbox;
use crate::support::signature::assert_signed;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

const SECRET: &str = "whsec_test_secret_0123456789";

#[test]
fn redirects_are_shown_not_followed() {
    let sb = Sandbox::new();
    let server = Server::start(Mode::Redirect("/elsewhere".into()));
    server
        .send(&sb)
        .arg("webhook.test")
        .assert()
        .code(1)
        .stdout(contains("302").and(contains("redirect to /elsewhere")));
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn a_huge_answer_is_truncated_for_display() {
    let sb = Sandbox::new();
    let server = Server::start(Mode::Huge(10 * 1024 * 1024));
    let out = server
        .send(&sb)
        .arg("webhook.test")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("answer truncated: showed the first 64.0 KiB of 10.0 MiB"),
        "{}",
        &text[text.len() - 200..]
    );
    assert!(
        text.len() < 100 * 1024,
        "display stays bounded: {} bytes",
        text.len()
    );
}

#[test]
fn unreachable_host_fails_with_a_hint() {
    let sb = Sandbox::new();
    sb.cmd()
        .args(["send", "webhook.test", "--to"])
        .arg(format!("http://{}/webhooks/trst", closed_addr()))
        .assert()
        .code(1)
        .stdout(contains("connection refused").and(contains("hint:")));
}

#[test]
fn tls_errors_are_named() {
    let sb = Sandbox::new();
    let server = Server::start(Mode::Accept);
    sb.cmd()
        .args(["send", "webhook.test", "--dev-secret", "--to"])
        .arg(format!("https://{}/webhooks/trst", server.addr))
        .assert()
        .code(1)
        .stdout(contains("TLS handshake with").and(contains("really HTTPS")));
}

#[test]
fn no_answer_within_the_timeout_fails() {
    let sb = Sandbox::new();
    let server = Server::start(Mode::Hang);
    server
        .send(&sb)
        .args(["webhook.test", "--timeout", "300ms"])
        .assert()
        .code(1)
        .stdout(contains("no answer within 300ms"));
}

#[test]
fn a_slow_answer_earns_a_warning() {
    let sb = Sandbox::new();
    let server = Server::start(Mode::Slow(std::time::Duration::from_millis(1100)));
    server
        .send(&sb)
        .arg("webhook.test")
        .assert()
        .success()
        .stderr(contains("warning: the endpoint took"));
}

#[test]
fn bad_input_is_a_usage_error() {
    let sb = Sandbox::new();
    let server = Server::start(Mode::Accept);
    let cases: &[(&[&str], &str)] = &[
        (
            &["nope.event"],
            "known event types: enrollment.completed, demo.scan.success, webhook.test",
        ),
        (
            &["enrollment.completed", "--set", "data.device_id.x=1"],
            "\"data.device_id\" is a string, not an object",
        ),
        (
            &["enrollment.completed", "--set", "novalue"],
            "expected PATH=VALUE",
        ),
        (
            &["enrollment.completed", "--header", "bad header"],
            "expected NAME: VALUE",
        ),
        (&["missing.json"], "cannot read missing.json"),
        (&["--replay", "--last"], "no such file"),
    ];
    for (args, message) in cases {
        server
            .send(&sb)
            .args(*args)
            .assert()
            .code(2)
            .stderr(contains(*message));
    }
    let not_json = sb.file("broken.json", "{nope");
    server
        .send(&sb)
        .arg(&not_json)
        .assert()
        .code(2)
        .stderr(contains("--raw"));
    assert!(server.requests().is_empty());
}

#[test]
fn config_targets() {
    let sb = Sandbox::new();
    let server = Server::start(Mode::Accept);
    sb.file(
        "trst-hooks.toml",
        format!(
            "[targets.local]\nurl = \"{url}\"\nsecret_env = \"LOCAL_SECRET\"\n\n\
             [targets.prod]\nurl = \"{url}\"\nsecret_env = \"LOCAL_SECRET\"\nproduction = true\n\n\
             [targets.nosecret]\nurl = \"https://hooks.example.com/webhooks/trst\"\n\n\
             [targets.inline]\nurl = \"{url}\"\nsecret = \"{SECRET}\"\n",
            url = server.url()
        ),
    );
    // A working-directory file naming a remote target or an inline secret must be trusted.
    sb.cmd().args(["config", "trust"]).assert().success();
    let run = |target: &str| {
        let mut cmd = sb.cmd();
        cmd.args(["send", "webhook.test", "--to", target])
            .env("LOCAL_SECRET", SECRET);
        cmd
    };
    run("local").assert().success();
    let req = &server.requests()[0];
    assert_signed(req.header("x-webhook-signature"), SECRET, &req.body);
    run("prod")
        .assert()
        .code(2)
        .stderr(contains("marked production").and(contains("--yes")));
    assert_eq!(server.requests().len(), 1);
    run("prod").arg("--yes").assert().success();
    run("nosecret")
        .assert()
        .code(2)
        .stderr(contains("target nosecret has no secret").and(contains("secret_env")));
    run("inline")
        .assert()
        .success()
        .stderr(contains("keeps its secret in the config file"));
    run("staging").assert().code(2).stderr(
        contains("no target named \"staging\"").and(contains("inline, local, nosecret, prod")),
    );
    assert_eq!(server.requests().len(), 3);
}

#[test]
fn a_missing_config_file_is_explained() {
    let sb = Sandbox::new();
    sb.cmd()
        .args(["send", "webhook.test", "--to", "staging"])
        .assert()
        .code(2)
        .stderr(contains("no config file found").and(contains("[targets.staging]")));
}

#[test]
fn non_loopback_without_a_secret_is_refused_before_sending() {
    let sb = Sandbox::new();
    sb.cmd()
        .args([
            "send",
            "webhook.test",
            "--to",
            "https://hooks.example.com/webhooks/trst",
        ])
        .assert()
        .code(2)
        .stderr(contains("no webhook secret given").and(contains("TRST_WEBHOOK_SECRET")));
}
