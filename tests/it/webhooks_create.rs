//! End-to-end: `webhooks create` against the fake TRST API: flags, URL policy, the one-time
//! secret (shown, saved 0600, appended to an env file) and the 25-webhook warning.

use crate::support::fake_api::{FakeApi, PROJECT, SECRET};
use crate::support::output::{exits_with, json_lines, stderr, stdout};
use crate::support::sandbox::{Sandbox, file_mode};
use serde_json::{Value, json};

#[test]
fn create_saves_the_secret_with_mode_0600_and_never_prints_it() {
    let (sb, api) = (Sandbox::new(), FakeApi::start());
    let path = sb.path().join("wh.secret");
    let out = api
        .cmd(&sb)
        .args(["create", "--url", "https://hooks.example.com/webhooks/trst"])
        .args([
            "--event-type",
            "enrollment.completed,demo.scan.success",
            "--save-secret",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        format!("{SECRET}\n")
    );
    #[cfg(unix)]
    assert_eq!(file_mode(&path), 0o600);
    let all = format!("{}{}", stdout(&out), stderr(&out));
    assert!(!all.contains(SECRET), "{all}");
    assert!(stdout(&out).contains("saved to"), "{all}");
    // The count comes first, then the create, with the body TRST documents.
    let log = api.log();
    assert_eq!(
        api.calls(),
        [
            format!("GET /v1/project/{PROJECT}/webhooks"),
            format!("POST /v1/project/{PROJECT}/webhooks")
        ]
    );
    let sent: Value = serde_json::from_str(&log[1].body).unwrap();
    assert_eq!(
        sent,
        json!({"url": "https://hooks.example.com/webhooks/trst", "event_types": ["enrollment.completed", "demo.scan.success"], "enabled": true})
    );
}

#[test]
fn create_without_storage_shows_the_secret_once_in_a_block() {
    let (sb, api) = (Sandbox::new(), FakeApi::start());
    let out = api
        .cmd(&sb)
        .args([
            "create",
            "--url",
            "https://hooks.example.com/x",
            "--event-type",
            "enrollment.completed",
            "--disabled",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.matches(SECRET).count(), 1, "{text}");
    assert!(text.contains("shown only this once"), "{text}");
    assert!(text.contains("created webhook wh_new1"), "{text}");
    assert!(api.log()[1].body.contains(r#""enabled":false"#));
}

#[test]
fn create_json_carries_the_secret_unless_stored() {
    let (sb, api) = (Sandbox::new(), FakeApi::start());
    let base = [
        "create",
        "--url",
        "https://hooks.example.com/x",
        "--event-type",
        "enrollment.completed",
        "--json",
    ];
    let out = api.cmd(&sb).args(base).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["secret"], SECRET);
    let env = sb.path().join("app.env");
    let out = api
        .cmd(&sb)
        .args(base)
        .arg("--env-file")
        .arg(&env)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let line = &json_lines(&out)[0];
    assert_ne!(line["secret"], SECRET);
    assert_eq!(line["secret_saved_to"][0], env.display().to_string());
    assert!(!stdout(&out).contains(SECRET));
}

#[test]
fn create_refuses_to_overwrite_a_secret_file_before_creating_anything() {
    let (sb, api) = (Sandbox::new(), FakeApi::start());
    let path = sb.file("taken.secret", "old\n");
    let args = [
        "create",
        "--url",
        "https://hooks.example.com/x",
        "--event-type",
        "enrollment.completed",
    ];
    let out = api
        .cmd(&sb)
        .args(args)
        .arg("--save-secret")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert!(
        api.log().is_empty(),
        "nothing may be created when the secret could not be stored"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let out = api
        .cmd(&sb)
        .args(args)
        .arg("--save-secret")
        .arg(&path)
        .arg("--force")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        format!("{SECRET}\n")
    );
    #[cfg(unix)]
    assert_eq!(file_mode(&path), 0o600);
}

#[test]
fn create_env_file_new_and_existing() {
    let (sb, api) = (Sandbox::new(), FakeApi::start());
    let args = [
        "create",
        "--url",
        "https://hooks.example.com/x",
        "--event-type",
        "enrollment.completed",
        "--env-file",
    ];
    let fresh = sb.path().join(".env");
    let out = api.cmd(&sb).args(args).arg(&fresh).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&fresh).unwrap(),
        format!("TRST_WEBHOOK_SECRET='{SECRET}'\n")
    );
    #[cfg(unix)]
    assert_eq!(file_mode(&fresh), 0o600);
    let existing = sb.file("old.env", "A=1\nTRST_WEBHOOK_SECRET=whsec_old");
    let out = api.cmd(&sb).args(args).arg(&existing).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("already defines TRST_WEBHOOK_SECRET"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(&existing).unwrap(),
        format!("A=1\nTRST_WEBHOOK_SECRET=whsec_old\nTRST_WEBHOOK_SECRET='{SECRET}'\n")
    );
}

#[test]
fn create_url_policy_is_relaxed_only_for_a_loopback_api() {
    let (sb, api) = (Sandbox::new(), FakeApi::start());
    // The fake API is on loopback (like the local emulator): a loopback receiver is fine.
    let out = api
        .cmd(&sb)
        .args([
            "create",
            "--url",
            "http://127.0.0.1:3000/webhooks/trst",
            "--event-type",
            "webhook.test",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // Private networks stay refused, locally, before any request.
    let before = api.log().len();
    exits_with(
        api.cmd(&sb).args([
            "create",
            "--url",
            "https://10.1.2.3/hook",
            "--event-type",
            "webhook.test",
        ]),
        2,
        "private or internal network",
    );
    assert_eq!(api.log().len(), before);
    // Against a non-loopback API, loopback and plain http are refused with the reason (no request
    // is made: the check is local).
    for (url, why) in [
        ("http://127.0.0.1:3000/webhooks/trst", "https://"),
        ("https://localhost/webhooks/trst", "localhost"),
        ("http://hooks.example.com/x", "https://"),
    ] {
        let out = api
            .cmd(&sb)
            .args([
                "create",
                "--base-url",
                "https://api.example.invalid/v1",
                "--url",
                url,
                "--event-type",
                "webhook.test",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{url}");
        let err = stderr(&out);
        assert!(
            err.contains("refusing the webhook URL") && err.contains(why),
            "{url}: {err}"
        );
    }
}

#[test]
fn create_without_a_terminal_needs_url_and_event_types() {
    let (sb, api) = (Sandbox::new(), FakeApi::start());
    exits_with(
        api.cmd(&sb)
            .args(["create", "--event-type", "webhook.test"]),
        2,
        "no webhook URL given",
    );
    exits_with(
        api.cmd(&sb)
            .args(["create", "--url", "https://h.example.com/x"]),
        2,
        "enrollment.completed",
    );
    assert!(api.log().is_empty());
    // Unknown event types are warned about, not refused.
    let out = api
        .cmd(&sb)
        .args([
            "create",
            "--url",
            "https://h.example.com/x",
            "--event-type",
            "member.deleted",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("member.deleted is not an event type trst-hooks knows"));
}

#[test]
fn create_warns_at_the_25_webhook_maximum() {
    let (sb, api) = (Sandbox::new(), FakeApi::start());
    for i in 0..24 {
        api.add_webhook(&format!("wh_{i}"), "https://h.example.com/x");
    }
    let args = [
        "create",
        "--url",
        "https://h.example.com/x",
        "--event-type",
        "webhook.test",
        "--json",
    ];
    let out = api.cmd(&sb).args(args).output().unwrap();
    assert!(out.status.success());
    assert!(
        stderr(&out).contains("now has 25 webhooks"),
        "{}",
        stderr(&out)
    );
    let out = api.cmd(&sb).args(args).output().unwrap();
    assert!(
        stderr(&out).contains("already has 25 webhooks"),
        "{}",
        stderr(&out)
    );
}
