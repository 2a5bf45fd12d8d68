//! End-to-end: where `webhooks create` stores the one-time secret: never through a symbolic link
//! (checked before anything is created), and never a false "mode 0600" for a file others can read.
#![cfg(unix)]

use std::os::unix::fs::{PermissionsExt, symlink};

use crate::support::fake_api::{FakeApi, SECRET};
use crate::support::sandbox::Sandbox;

const CREATE: [&str; 5] = [
    "create",
    "--url",
    "https://hooks.example.com/x",
    "--event-type",
    "enrollment.completed",
];

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_dangling_link_fails_the_pre_check_and_nothing_is_created() {
    let (sb, api) = (Sandbox::new(), FakeApi::start());
    let link = sb.path().join("secret.link");
    symlink(sb.path().join("elsewhere"), &link).unwrap();
    for flag in ["--save-secret", "--env-file"] {
        let out = api
            .cmd(&sb)
            .args(CREATE)
            .arg(flag)
            .arg(&link)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{flag}: {}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains("symbolic link"),
            "{}",
            text(&out.stderr)
        );
        assert!(
            !sb.path().join("elsewhere").exists(),
            "{flag} followed the link"
        );
    }
    assert!(api.log().is_empty(), "nothing may be created");
}

#[test]
fn force_replaces_a_link_itself_not_its_target() {
    let (sb, api) = (Sandbox::new(), FakeApi::start());
    let target = sb.file("precious", "keep\n");
    let link = sb.path().join("secret.link");
    symlink(&target, &link).unwrap();
    let out = api
        .cmd(&sb)
        .args(CREATE)
        .arg("--save-secret")
        .arg(&link)
        .arg("--force")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep\n");
    let meta = std::fs::symlink_metadata(&link).unwrap();
    assert!(meta.is_file());
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    assert_eq!(
        std::fs::read_to_string(&link).unwrap(),
        format!("{SECRET}\n")
    );
}

#[test]
fn an_existing_wide_env_file_is_warned_about_not_called_0600() {
    let (sb, api) = (Sandbox::new(), FakeApi::start());
    let env = sb.file("shared.env", "A=1\n");
    std::fs::set_permissions(&env, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = api
        .cmd(&sb)
        .args(CREATE)
        .arg("--env-file")
        .arg(&env)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(!stdout.contains("0600"), "{stdout}");
    assert!(stdout.contains("(mode 0644)"), "{stdout}");
    assert!(stderr.contains("readable by others"), "{stderr}");
}
