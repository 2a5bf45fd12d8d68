//! End-to-end: where `webhooks` finds its base URL, project and API key (flags, env, config
//! profile), and the help texts.

use crate::support::fake_api::{FakeApi, KEY, PROJECT};
use crate::support::output::{exits_with, stderr};
use crate::support::sandbox::Sandbox;

#[test]
fn a_config_profile_supplies_everything() {
    let (sb, api) = (Sandbox::new(), FakeApi::start());
    api.add_webhook("wh_1", "https://h.example.com/x");
    let key_file = sb.file("api.key", format!("{KEY}\n"));
    sb.file(
        "trst-hooks.toml",
        format!(
            "[profiles.staging]\napi_base = \"{}\"\napi_key_file = \"{}\"\nproject = \"{PROJECT}\"\n",
            api.base(),
            key_file.display()
        ),
    );
    // A working-directory file naming an api_base and an api_key_file must be trusted.
    let trusted = sb.cmd().args(["config", "trust"]).output().unwrap();
    assert!(trusted.status.success(), "{}", stderr(&trusted));
    let out = sb
        .cmd()
        .args(["webhooks", "list", "--profile", "staging", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    let out = exits_with(
        sb.cmd().args(["webhooks", "list", "--profile", "prod"]),
        2,
        "no profile named \"prod\"",
    );
    assert!(stderr(&out).contains("staging"), "{}", stderr(&out));
    // Flags beat the profile: a wrong key file is used, and refused by the API.
    let wrong = sb.file("wrong.key", "key_x.wrong");
    let out = sb
        .cmd()
        .args(["webhooks", "--profile", "staging", "list", "--api-key-file"])
        .arg(&wrong)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("401"), "{}", stderr(&out));
}

#[test]
fn missing_settings_are_usage_errors_with_hints() {
    let sb = Sandbox::new();
    let out = sb
        .cmd()
        .args(["webhooks", "list"])
        .env("TRST_PROJECT_ID", "p")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("no API key given") && err.contains("TRST_API_KEY"),
        "{err}"
    );
    exits_with(
        sb.cmd().args(["webhooks", "list"]).env("TRST_API_KEY", KEY),
        2,
        "no project given",
    );
    exits_with(
        sb.cmd()
            .args([
                "webhooks",
                "list",
                "--base-url",
                "http://api.example.com/v1",
                "--project",
                "p",
            ])
            .env("TRST_API_KEY", KEY),
        2,
        "refusing plain http://",
    );
    let out = sb
        .cmd()
        .args([
            "webhooks",
            "list",
            "--api-key-file",
            "nope.key",
            "--project",
            "p",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nope.key"), "{}", stderr(&out));
    let out = sb
        .cmd()
        .args(["webhooks", "get", ""])
        .env("TRST_API_KEY", KEY)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "an empty ID is refused");
}

#[test]
fn every_leaf_has_help_with_examples() {
    let sb = Sandbox::new();
    for leaf in [
        "list",
        "get",
        "create",
        "update",
        "delete",
        "test",
        "deliveries",
        "attempts",
    ] {
        let out = sb
            .cmd()
            .args(["webhooks", leaf, "--help"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{leaf}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("Examples:") && text.contains(&format!("trst-hooks webhooks {leaf}")),
            "{leaf}: {text}"
        );
        assert!(
            text.contains("--json") && text.contains("--api-key-file"),
            "{leaf}"
        );
    }
}
