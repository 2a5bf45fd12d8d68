//! End-to-end: `listen` on an address other machines can reach is careful with the published
//! development secret: it refuses it as a default (and says why) and warns loudly when it is
//! asked for explicitly.

use assert_cmd::Command;
use predicates::prelude::*;

fn listen(home: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_trst-hooks"));
    cmd.current_dir(home)
        .env("HOME", home)
        .env("TRST_HOOKS_CONFIG_DIR", home.join("config"))
        .env("TRST_HOOKS_DATA_DIR", home.join("data"))
        .env("NO_COLOR", "1")
        .env_remove("TRST_WEBHOOK_SECRET")
        .args(["listen", "--host", "0.0.0.0", "--port", "0", "--no-log"]);
    cmd
}

#[test]
fn no_secret_on_a_public_address_explains_the_loopback_rule() {
    let home = tempfile::tempdir().expect("temp dir");
    listen(home.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("only used by itself on loopback"));
}

#[test]
fn the_dev_secret_on_a_public_address_warns_that_anyone_can_forge() {
    let home = tempfile::tempdir().expect("temp dir");
    listen(home.path())
        .args(["--dev-secret", "--timeout", "1ms"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "anyone who can reach this address can forge",
        ));
}
