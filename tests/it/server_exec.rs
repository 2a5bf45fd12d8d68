//! End-to-end: what `listen --exec` hands the command: never the webhook secret or the API key,
//! and nothing at all for a delivery whose fields cannot be passed (it is still logged and
//! answered, and the reason is shown and logged).
#![cfg(unix)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Stdio};

use crate::support::listen::{DEV, default_log, log_records, parse_answer, start};
use crate::support::sandbox::Sandbox;
use crate::support::signature::reference_signature;

const SECRET: &str = "whsec_exec_test_real_secret_0123456789";
const OLD: &str = "whsec_exec_test_old_secret_9876543210";
const API_KEY: &str = "trst_key_exec_test_abcdef";

/// `listen --port 0 ARGS…` with the secrets and API key in its environment; its ready URL.
fn start_with_secrets(sb: &Sandbox, args: &[&str]) -> (Child, String) {
    let mut child = sb
        .std_cmd()
        .env("TRST_WEBHOOK_SECRET", SECRET)
        .env("OLD_SECRET", OLD)
        .env("TRST_API_KEY", API_KEY)
        .args(["listen", "--port", "0"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start trst-hooks");
    let stderr = BufReader::new(child.stderr.take().expect("stderr"));
    for line in stderr.lines() {
        let line = line.expect("stderr line");
        if let Some(url) = line.strip_prefix("ready: listening on ") {
            return (child, url.to_owned());
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("listen exited before it was ready");
}

fn post_signed(url: &str, body: &[u8], secret: &str) -> u16 {
    let rest = url.strip_prefix("http://").expect("http URL");
    let slash = rest.find('/').expect("a path");
    let mut stream = std::net::TcpStream::connect(&rest[..slash]).expect("connect");
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\nX-Webhook-Signature: {}\r\n\r\n",
        &rest[slash..],
        &rest[..slash],
        body.len(),
        reference_signature(secret, body)
    );
    stream.write_all(head.as_bytes()).expect("send");
    stream.write_all(body).expect("send");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("read");
    parse_answer(&answer).status
}

#[test]
fn the_command_does_not_inherit_the_secrets_or_the_api_key() {
    let sb = Sandbox::new();
    let (mut child, url) = start_with_secrets(
        &sb,
        &[
            "--secret-env",
            "TRST_WEBHOOK_SECRET",
            "--secret-env",
            "OLD_SECRET",
            "--exec",
            "env > exec-env.txt",
        ],
    );
    let status = post_signed(&url, br#"{"event_id":"evt_env","event_type":"t"}"#, SECRET);
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(status, 200);
    // The command ran before the answer was sent, so its file is complete.
    let env = std::fs::read_to_string(sb.path().join("exec-env.txt")).expect("the command ran");
    assert!(env.contains("TRST_EVENT_ID=evt_env"), "{env}");
    for hidden in [SECRET, OLD, API_KEY] {
        assert!(!env.contains(hidden), "{hidden} leaked into --exec:\n{env}");
    }
}

#[test]
fn a_nul_byte_in_the_event_id_is_logged_answered_and_not_run() {
    let sb = Sandbox::new();
    let l = start(&sb, &["--exec", "touch ran"]);
    let answer = l.post(br#"{"event_id":"evt\u00001","event_type":"t"}"#, Some(DEV));
    assert_eq!(answer.status, 200);
    let done = l.stop();
    assert!(!sb.path().join("ran").exists(), "the command must not run");
    assert!(done.stdout.contains("NUL byte"), "{}", done.stdout);
    let records = log_records(&default_log(&sb));
    assert_eq!(records.len(), 1);
    let why = records[0]
        .exec_skipped
        .as_deref()
        .expect("the log says why");
    assert!(why.contains("event_id holds a NUL byte"), "{why}");
}
