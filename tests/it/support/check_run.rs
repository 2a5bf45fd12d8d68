//! Running `trst-hooks check` from the tests, written once: a fresh sandbox, empty stdin (no
//! prompt can wait), a generous timeout, and the receiver's secret in `HOOK_SECRET` when given.

use std::process::Output;
use std::time::Duration;

use crate::support::sandbox::Sandbox;

/// `trst-hooks check ARGS…`, with `HOOK_SECRET` set to `hook_secret` when given.
pub fn run(args: &[&str], hook_secret: Option<&str>) -> Output {
    let sb = Sandbox::new(); // kept until the run ends: it is the working directory
    let mut cmd = sb.cmd();
    cmd.arg("check")
        .args(args)
        .write_stdin("")
        .timeout(Duration::from_secs(120));
    if let Some(secret) = hook_secret {
        cmd.env("HOOK_SECRET", secret);
    }
    cmd.output().expect("run check")
}

/// [`run`], then its stdout (lossy UTF-8) and exit code (-1 when killed by a signal).
pub fn stdout_and_code(args: &[&str], hook_secret: Option<&str>) -> (String, i32) {
    let output = run(args, hook_secret);
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}
