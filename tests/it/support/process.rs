//! The real binary running in the background (`listen`, `emulator`, a `webhooks test --wait`):
//! its output collected as it comes, its stderr followed line by line so a test waits on the
//! line it needs (never on a sleep), and a process left behind by a failing test killed on drop.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Generous failure guard for anything a test waits for; nothing should take anywhere near it.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// A running `trst-hooks`, killed (SIGKILL) when dropped.
pub struct Running {
    child: Child,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
    stderr_lines: mpsc::Receiver<String>,
    readers: Vec<JoinHandle<()>>,
}

/// How a process ended, with everything it printed.
#[derive(Debug, Clone)]
pub struct Finished {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Finished {
    /// The stdout lines parsed as JSON (panics on a line that is not).
    pub fn json(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}")))
            .collect()
    }

    /// Panic with the whole output unless the exit code is `want`.
    pub fn expect(self, want: i32) -> Self {
        assert_eq!(self.code, Some(want), "{self:#?}");
        self
    }
}

impl Running {
    /// Start `cmd` with piped output and no stdin.
    pub fn spawn(mut cmd: Command) -> Running {
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start trst-hooks");
        let stdout = Arc::new(Mutex::new(String::new()));
        let stderr = Arc::new(Mutex::new(String::new()));
        let (tx, stderr_lines) = mpsc::channel();
        let readers = vec![
            collect(child.stdout.take().expect("stdout"), stdout.clone(), None),
            collect(
                child.stderr.take().expect("stderr"),
                stderr.clone(),
                Some(tx),
            ),
        ];
        Running {
            child,
            stdout,
            stderr,
            stderr_lines,
            readers,
        }
    }

    /// Start `cmd` and wait for its stderr line starting with `prefix`; hands back the rest of
    /// that line, or how the process ended when it exits first.
    pub fn spawn_ready(cmd: Command, prefix: &str) -> Result<(Running, String), Finished> {
        let mut running = Running::spawn(cmd);
        match running.wait_line(|line| line.starts_with(prefix)) {
            Some(line) => Ok((running, line[prefix.len()..].trim().to_owned())),
            None => Err(running.wait()),
        }
    }

    /// The next stderr line for which `wanted` holds; None when stderr ends (or after
    /// [`PATIENCE`]) first.
    pub fn wait_line(&mut self, wanted: impl Fn(&str) -> bool) -> Option<String> {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = self.stderr_lines.recv_timeout(left).ok()?;
            if wanted(&line) {
                return Some(line);
            }
        }
    }

    /// Wait for a stderr line containing `needle` (panics when none comes).
    pub fn wait_stderr(&mut self, needle: &str) -> String {
        self.wait_line(|line| line.contains(needle))
            .unwrap_or_else(|| panic!("no stderr line with {needle:?}:\n{}", self.stderr()))
    }

    /// Its stdout so far.
    pub fn stdout(&self) -> String {
        self.stdout.lock().expect("stdout lock").clone()
    }

    /// Its stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().expect("stderr lock").clone()
    }

    /// Send a signal by name with kill(1).
    pub fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .arg(format!("-{name}"))
            .arg(self.child.id().to_string())
            .status()
            .expect("kill");
        assert!(status.success(), "kill -{name}");
    }

    /// `kill -9` and reap it.
    pub fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Wait for the process to end by itself (killed and a panic after [`PATIENCE`]).
    pub fn wait(mut self) -> Finished {
        let deadline = Instant::now() + PATIENCE;
        let code = loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                break status.code();
            }
            if Instant::now() > deadline {
                self.kill9();
                panic!("trst-hooks did not exit:\n{}", self.stderr());
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        for reader in self.readers.drain(..) {
            let _ = reader.join();
        }
        Finished {
            code,
            stdout: self.stdout(),
            stderr: self.stderr(),
        }
    }
}

impl Drop for Running {
    /// A test that fails midway must not leave its process running.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            self.kill9();
        }
    }
}

/// Append every line of `pipe` to `into`, and pass it on to `lines` when given.
fn collect(
    pipe: impl Read + Send + 'static,
    into: Arc<Mutex<String>>,
    lines: Option<mpsc::Sender<String>>,
) -> JoinHandle<()> {
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { break };
            {
                let mut text = into.lock().expect("output lock");
                text.push_str(&line);
                text.push('\n');
            }
            if let Some(tx) = &lines {
                let _ = tx.send(line);
            }
        }
    })
}
