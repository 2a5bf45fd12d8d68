//! `send --retries` treats a host name that does not resolve as permanent: one attempt, then a
//! clear failure, instead of retrying it as "no answer" (issue 14, item 11). The name is in
//! `.invalid`, which never resolves, so no network beyond this machine is involved.

use crate::support::sandbox::Sandbox;

#[test]
fn a_dns_failure_is_not_retried() {
    let out = Sandbox::new()
        .cmd()
        .env("TRST_WEBHOOK_SECRET", "whsec_dns_test")
        // A retry would wait 10 minutes first: the test would hang, then fail on the count.
        .args([
            "send",
            "webhook.test",
            "--to",
            "https://no-such-host.invalid/webhooks/trst",
            "--retries",
            "3",
            "--backoff",
            "10m",
            "--max-backoff",
            "10m",
            "--json",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    let attempts: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(attempts.len(), 1, "exactly one attempt: {stdout}\n{stderr}");
    assert_eq!(attempts[0]["error_code"], "dns", "{stdout}");
    assert_eq!(attempts[0]["attempts"], 4, "{stdout}");
    assert!(!stderr.contains("retrying"), "{stderr}");
}
