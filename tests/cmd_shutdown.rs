//! End-to-end: the long-running commands stop the same way (`cmd::shutdown`): SIGTERM begins
//! a graceful stop and the process exits 0. The real binary, waited on through its `ready:` line
//! and its exit, never through sleeps.
#![cfg(unix)]

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// A failure guard only: how long to wait for a line or an exit before calling it a hang.
const PATIENCE: Duration = Duration::from_secs(30);

fn signal(pid: u32, name: &str) {
    let status = Command::new("kill")
        .arg(format!("-{name}"))
        .arg(pid.to_string())
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -{name} {pid} failed");
}

#[test]
fn emulator_stops_gracefully_on_sigterm() {
    let home = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_trst-hooks"))
        .args(["emulator", "--in-memory", "--port", "0"])
        .current_dir(home.path())
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join(".config"))
        .env("XDG_DATA_HOME", home.path().join(".local/share"))
        .env("TRST_HOOKS_CONFIG_DIR", home.path().join("config"))
        .env("TRST_HOOKS_DATA_DIR", home.path().join("data"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn emulator");
    let pid = child.id();
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));

    // Read up to the ready line on a thread, so a hang fails the test instead of blocking it.
    let (ready_tx, ready_rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut seen = String::new();
        let mut line = String::new();
        while stderr.read_line(&mut line).unwrap_or(0) > 0 {
            seen.push_str(&line);
            if line.contains("ready:") {
                let _ = ready_tx.send(());
                break;
            }
            line.clear();
        }
        let mut rest = String::new();
        let _ = stderr.read_to_string(&mut rest);
        seen + &rest
    });
    if ready_rx.recv_timeout(PATIENCE).is_err() {
        let _ = child.kill();
        panic!("emulator never printed its ready line");
    }

    signal(pid, "TERM");
    let (exit_tx, exit_rx) = mpsc::channel::<ExitStatus>();
    std::thread::spawn(move || {
        let _ = exit_tx.send(child.wait().expect("wait for emulator"));
    });
    let Ok(status) = exit_rx.recv_timeout(PATIENCE) else {
        signal(pid, "KILL");
        panic!("emulator did not stop on SIGTERM");
    };
    let stderr = reader.join().expect("stderr reader");
    assert_eq!(status.code(), Some(0), "exit status; stderr:\n{stderr}");
    assert!(
        stderr.contains("stopped; in-memory state discarded"),
        "no graceful-stop line; stderr:\n{stderr}"
    );
}
