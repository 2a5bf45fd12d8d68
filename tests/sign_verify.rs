//! End-to-end: `sign` and `verify` as a user runs them.
mod common;

use common::{Sandbox, reference_signature};

#[test]
fn sign_prints_the_reference_signature() {
    let sb = Sandbox::new();
    let body = sb.file("body.json", br#"{"a":1}"#);
    let expected = reference_signature("whsec_abc", br#"{"a":1}"#);
    sb.cmd()
        .arg("sign")
        .arg(&body)
        .env("TRST_WEBHOOK_SECRET", "whsec_abc")
        .assert()
        .success()
        .stdout(format!("{expected}\n"));
}
