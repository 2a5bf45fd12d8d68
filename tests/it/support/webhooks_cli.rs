//! The real `trst-hooks webhooks` CLI pointed at a real emulator, for `webhooks_emulator.rs`:
//! every run's output kept for the secret-hygiene checks, and runs the test must follow streamed
//! line by line.

use std::process::{Command, Stdio};
use std::sync::Mutex;

use crate::support::emulator::Emulator;
use crate::support::process::{Finished, Running};
use crate::support::sandbox::Sandbox;

/// The API key the CLI sends (the emulator accepts any; it must never be printed).
pub const KEY: &str = "key_live42.s3cr3t-api-key-never-printed";
/// The project every run works in (created by the emulator on first use).
pub const PROJECT: &str = "proj_wh_emu";

/// Runs `trst-hooks webhooks …` against one emulator and keeps every run's output.
pub struct Cli<'a> {
    sb: &'a Sandbox,
    base: String,
    runs: Mutex<Vec<Finished>>,
}

impl<'a> Cli<'a> {
    /// A CLI for `emu`, run in `sb`.
    pub fn new(sb: &'a Sandbox, emu: &Emulator) -> Self {
        Cli {
            sb,
            base: emu.base.clone(),
            runs: Mutex::new(Vec::new()),
        }
    }

    /// The command, with the base URL from `TRST_API_BASE` (or `--base-url` when `flag`).
    fn command(&self, args: &[&str], flag: bool) -> Command {
        let mut cmd = self.sb.std_cmd();
        cmd.env("TRST_API_KEY", KEY).arg("webhooks");
        if flag {
            cmd.args(["--base-url", &self.base]);
        } else {
            cmd.env("TRST_API_BASE", &self.base);
        }
        cmd.args(["--project", PROJECT]).args(args);
        cmd.stdin(Stdio::null());
        cmd
    }

    /// Run to completion (off the async runtime, so handlers keep answering).
    pub async fn run(&self, args: &[&str]) -> Finished {
        self.finish(self.command(args, false)).await
    }

    /// [`Cli::run`] with `--base-url` instead of `TRST_API_BASE`.
    pub async fn run_with_flag(&self, args: &[&str]) -> Finished {
        self.finish(self.command(args, true)).await
    }

    async fn finish(&self, mut cmd: Command) -> Finished {
        let out = tokio::task::spawn_blocking(move || cmd.output())
            .await
            .expect("join")
            .expect("run trst-hooks");
        self.keep(Finished {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        })
    }

    fn keep(&self, run: Finished) -> Finished {
        self.runs.lock().expect("runs lock").push(run.clone());
        run
    }

    /// Start a run whose stderr the test follows line by line.
    pub fn stream(&self, args: &[&str]) -> Streaming {
        Streaming {
            process: Running::spawn(self.command(args, false)),
        }
    }

    /// Every output so far, stdout and stderr of every run.
    pub fn transcript(&self) -> String {
        let runs = self.runs.lock().expect("runs lock");
        runs.iter()
            .map(|r| format!("{}{}", r.stdout, r.stderr))
            .collect()
    }
}

/// A running CLI whose stderr is followed line by line (on a multi-thread runtime: the waits
/// block this worker only, so the handlers keep answering).
pub struct Streaming {
    process: Running,
}

impl Streaming {
    /// Wait for a stderr line containing `needle`.
    pub fn line_with(&mut self, needle: &str) -> String {
        tokio::task::block_in_place(|| self.process.wait_stderr(needle))
    }

    /// Wait for the process to end; the run is kept by `cli`.
    pub fn finish(self, cli: &Cli<'_>) -> Finished {
        cli.keep(tokio::task::block_in_place(|| self.process.wait()))
    }
}

/// The `whsec_…` token in a text (the secret block of `create`).
pub fn secret_in(text: &str) -> Option<String> {
    text.split(|c: char| c.is_whitespace() || c == '"')
        .find(|w| w.starts_with("whsec_") && w.len() > 20 && !w.contains('…'))
        .map(str::to_owned)
}
