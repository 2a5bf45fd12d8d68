//! End-to-end: `send` and `check` resolve a config target and its secret by one rule
//! (`destination::resolve` and `secret_source`), so the same config gives the same warnings,
//! labels and refusals in both.

use assert_cmd::Command;
use predicates::prelude::*;

/// The binary in a temp dir of its own, holding `config` as ./trst-hooks.toml.
fn in_dir_with_config(config: &str) -> (tempfile::TempDir, impl Fn(&[&str]) -> Command + use<>) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("trst-hooks.toml"), config).expect("write config");
    let path = dir.path().to_owned();
    let make = move |args: &[&str]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_trst-hooks"));
        cmd.current_dir(&path)
            .env("HOME", &path)
            .env("XDG_CONFIG_HOME", path.join(".config"))
            .env("XDG_DATA_HOME", path.join(".local/share"))
            .env("TRST_HOOKS_CONFIG_DIR", path.join("config"))
            .env("TRST_HOOKS_DATA_DIR", path.join("data"))
            .env("NO_COLOR", "1")
            .env_remove("TRST_WEBHOOK_SECRET")
            .args(args);
        cmd
    };
    (dir, make)
}

/// A loopback port nothing listens on (bound, then released).
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

#[test]
fn check_labels_an_inline_config_secret_as_the_configs_as_send_does() {
    let port = closed_port();
    let (_dir, trst) = in_dir_with_config(&format!(
        "[targets.staging]\nurl = \"http://127.0.0.1:{port}/hook\"\nsecret = \"whsec_inline0123456789abcdef\"\n"
    ));
    let warning = "target staging keeps its secret in the config file";
    trst(&["check", "staging", "--only", "signatures"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "from config targets.staging.secret",
        ))
        .stdout(predicate::str::contains("from --secret").not())
        .stderr(predicate::str::contains(warning))
        .stderr(predicate::str::contains("shell history").not());
    trst(&["send", "webhook.test", "--to", "staging"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(warning))
        .stderr(predicate::str::contains("shell history").not());
}

#[test]
fn check_refuses_a_public_target_without_a_secret_as_send_does() {
    let (_dir, trst) = in_dir_with_config(
        "[targets.staging]\nurl = \"https://hooks.example.invalid/webhooks/trst\"\n",
    );
    for args in [
        &["check", "staging"][..],
        &["send", "webhook.test", "--to", "staging"][..],
    ] {
        trst(args)
            .env("TRST_WEBHOOK_SECRET", "whsec_from_the_environment")
            .assert()
            .code(2)
            .stderr(predicate::str::contains("target staging has no secret"));
    }
}
