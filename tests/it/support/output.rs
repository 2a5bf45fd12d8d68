//! Reading what a finished command printed.

use std::process::Output;

use serde_json::Value;

/// Its stdout as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Its stderr as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Its stdout lines parsed as JSON (panics on a line that is not).
pub fn json_lines(out: &Output) -> Vec<Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("every stdout line is JSON"))
        .collect()
}

/// Run `cmd` to the end; panic (showing its stderr) unless it exits `code` and its stderr
/// contains `needle`. Hands back the output for further checks.
pub fn exits_with(cmd: &mut assert_cmd::Command, code: i32, needle: &str) -> Output {
    let out = cmd.output().expect("run trst-hooks");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(code), "{err}");
    assert!(err.contains(needle), "no {needle:?} in:\n{err}");
    out
}
