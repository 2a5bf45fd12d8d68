//! End-to-end: a mistyped event type is answered with the known type it most likely meant.

use assert_cmd::Command;
use predicates::prelude::*;

#[test]
fn a_mistyped_event_type_gets_did_you_mean() {
    let home = tempfile::tempdir().expect("temp dir");
    Command::new(env!("CARGO_BIN_EXE_trst-hooks"))
        .current_dir(home.path())
        .env("HOME", home.path())
        .env("TRST_HOOKS_CONFIG_DIR", home.path().join("config"))
        .env("TRST_HOOKS_DATA_DIR", home.path().join("data"))
        .env("NO_COLOR", "1")
        .args(["send", "enrolment.completed", "--dry-run"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "did you mean \"enrollment.completed\"?",
        ));
}
