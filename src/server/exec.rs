//! `--exec CMD`: run the user's command for each verified delivery, the raw body on its stdin and
//! the event's type and id in its environment, and report how it ended. A command that exits
//! without reading its stdin is fine (the broken pipe is ours to ignore); one that hangs is
//! killed after TRST's delivery timeout. The command does not inherit the webhook secret or the
//! API key ([`Options::exec_withheld_env`]), and a delivery whose fields cannot be passed in the
//! environment (a NUL byte) is not run at all: [`unpassable`] says why, for the log and terminal.
//!
//! [`Options::exec_withheld_env`]: super::state::Options::exec_withheld_env

use std::process::Stdio;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use tokio::io::AsyncWriteExt;

use crate::api::settings::API_KEY_ENV;
use crate::defaults::DELIVERY_TIMEOUT_SECS;
use crate::secret::DEFAULT_SECRET_ENV;

/// At most this much of the command's stdout and of its stderr is kept (the end of it).
const MAX_OUTPUT_BYTES: usize = 4096;

/// What the command did.
#[derive(Debug, Clone)]
pub struct ExecOutcome {
    pub command: String,
    pub duration: Duration,
    pub result: Result<Exit, String>,
}

/// How a command that ran ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exit {
    Code {
        code: i32,
        stdout: String,
        stderr: String,
    },
    Signal(i32),
    TimedOut(u64),
}

impl ExecOutcome {
    /// True when the command exited with status 0.
    pub fn succeeded(&self) -> bool {
        matches!(self.result, Ok(Exit::Code { code: 0, .. }))
    }
}

/// What the command is told about the delivery.
pub struct ExecInput<'a> {
    pub body: Bytes,
    pub event_type: Option<&'a str>,
    pub event_id: Option<&'a str>,
    pub duplicate: bool,
}

/// The variables the command never inherits, whatever else is named: the webhook secret and the
/// API key.
pub const WITHHELD_ENV: [&str; 2] = [DEFAULT_SECRET_ENV, API_KEY_ENV];

/// Why a delivery's fields cannot be handed to the command (the environment cannot hold a NUL
/// byte); `None` when they can.
pub fn unpassable(input: &ExecInput<'_>) -> Option<String> {
    let fields = [
        ("event_type", "TRST_EVENT_TYPE", input.event_type),
        ("event_id", "TRST_EVENT_ID", input.event_id),
    ];
    fields.iter().find_map(|(field, var, value)| {
        value
            .filter(|v| v.contains('\0'))
            .map(|_| format!("not run: the {field} holds a NUL byte, which {var} cannot carry"))
    })
}

impl ExecOutcome {
    /// A command that was not started, and why.
    pub fn not_run(command: &str, reason: String) -> Self {
        ExecOutcome {
            command: command.to_owned(),
            duration: Duration::ZERO,
            result: Err(reason),
        }
    }
}

/// Run `command` with `sh -c` for one delivery, without the variables named in `withheld`.
pub async fn run(command: &str, withheld: &[String], input: ExecInput<'_>) -> ExecOutcome {
    if let Some(reason) = unpassable(&input) {
        return ExecOutcome::not_run(command, reason);
    }
    let started = Instant::now();
    let result = run_inner(command, withheld, input).await;
    ExecOutcome {
        command: command.to_owned(),
        duration: started.elapsed(),
        result,
    }
}

async fn run_inner(
    command: &str,
    withheld: &[String],
    input: ExecInput<'_>,
) -> Result<Exit, String> {
    let mut sh = tokio::process::Command::new("sh");
    for name in WITHHELD_ENV
        .iter()
        .copied()
        .chain(withheld.iter().map(String::as_str))
    {
        sh.env_remove(name);
    }
    let mut child = sh
        .arg("-c")
        .arg(command)
        .env("TRST_EVENT_TYPE", input.event_type.unwrap_or_default())
        .env("TRST_EVENT_ID", input.event_id.unwrap_or_default())
        .env("TRST_DUPLICATE", if input.duplicate { "1" } else { "0" })
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("cannot start sh: {}", crate::net::io_reason(&e)))?;
    if let Some(mut stdin) = child.stdin.take() {
        let body = input.body;
        tokio::spawn(async move {
            // A command that does not read its stdin closes the pipe: not an error for us.
            let _ = stdin.write_all(&body).await;
            let _ = stdin.shutdown().await;
        });
    }
    let waited = tokio::time::timeout(
        Duration::from_secs(DELIVERY_TIMEOUT_SECS),
        child.wait_with_output(),
    )
    .await;
    let output = match waited {
        Ok(Ok(output)) => output,
        Ok(Err(e)) => return Err(format!("cannot wait for the command: {e}")),
        // Dropping the child (kill_on_drop) kills it.
        Err(_) => return Ok(Exit::TimedOut(DELIVERY_TIMEOUT_SECS)),
    };
    use std::os::unix::process::ExitStatusExt;
    Ok(match (output.status.code(), output.status.signal()) {
        (Some(code), _) => Exit::Code {
            code,
            stdout: tail(&output.stdout),
            stderr: tail(&output.stderr),
        },
        (None, Some(signal)) => Exit::Signal(signal),
        (None, None) => Exit::Signal(0),
    })
}

/// The last [`MAX_OUTPUT_BYTES`] of some output, as text.
fn tail(bytes: &[u8]) -> String {
    let start = bytes.len().saturating_sub(MAX_OUTPUT_BYTES);
    String::from_utf8_lossy(&bytes[start..]).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(body: &'static [u8]) -> ExecInput<'static> {
        ExecInput {
            body: Bytes::from_static(body),
            event_type: Some("demo.scan.success"),
            event_id: Some("e1"),
            duplicate: false,
        }
    }

    #[tokio::test]
    async fn body_on_stdin_and_event_in_env() {
        let outcome = run(
            "cat; echo \" $TRST_EVENT_TYPE $TRST_EVENT_ID\"",
            &[],
            input(b"hello"),
        )
        .await;
        assert!(outcome.succeeded());
        let Ok(Exit::Code { stdout, .. }) = outcome.result else {
            panic!("ran");
        };
        assert_eq!(stdout, "hello demo.scan.success e1\n");
    }

    #[tokio::test]
    async fn a_command_that_ignores_stdin_is_fine() {
        static BIG: [u8; 1 << 20] = [b'x'; 1 << 20];
        let outcome = run("exit 3", &[], input(&BIG)).await;
        assert!(matches!(outcome.result, Ok(Exit::Code { code: 3, .. })));
        assert!(!outcome.succeeded());
    }

    #[tokio::test]
    async fn a_nul_byte_is_not_passed_and_the_command_not_run() {
        let mut nul = input(b"{}");
        nul.event_id = Some("e\0x");
        let why = unpassable(&nul).expect("unpassable");
        assert!(why.contains("event_id holds a NUL byte"), "{why}");
        let outcome = run("touch ran", &[], nul).await;
        assert_eq!(outcome.result, Err(why));
        assert!(unpassable(&input(b"{}")).is_none());
    }
}
