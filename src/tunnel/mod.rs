//! Tunnels for `listen --register`: start a tunnel program (cloudflared, ngrok, or any command)
//! for the listener's port, read the public URL it prints, and watch it, because a tunnel that
//! dies silently leaves a listener that looks connected and receives nothing. The program runs
//! in its own process group (a Ctrl-C meant for the listener does not kill it first) without the
//! webhook secret or API key in its environment, and is stopped with the listener.

pub mod scan;

use std::collections::VecDeque;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};
use tokio::process::{Child, Command};
use tokio::sync::{mpsc, watch};

use scan::Rule;

/// How long a tunnel program gets to print its public URL.
pub const START_TIMEOUT: Duration = Duration::from_secs(45);
/// How many of its last output lines are kept to explain an exit.
const TAIL_LINES: usize = 6;
/// Variables a tunnel program never sees (it needs neither).
const WITHHELD_ENV: [&str; 2] = [
    crate::secret::DEFAULT_SECRET_ENV,
    crate::api::settings::API_KEY_ENV,
];

/// The tunnel to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Program {
    Cloudflared,
    Ngrok,
    /// A shell command; `{port}` in it becomes the listener's port (also in `$TRST_HOOKS_PORT`).
    Command(String),
}

impl Program {
    /// The name people know it by.
    pub fn name(&self) -> &str {
        match self {
            Program::Cloudflared => "cloudflared",
            Program::Ngrok => "ngrok",
            Program::Command(_) => "--tunnel-cmd",
        }
    }

    /// What to run, and which rule finds the URL in its output.
    fn command(&self, port: u16) -> (Command, Rule) {
        let local = format!("http://127.0.0.1:{port}");
        match self {
            Program::Cloudflared => {
                let mut c = Command::new("cloudflared");
                c.args(["tunnel", "--no-autoupdate", "--url", &local]);
                (c, Rule::Cloudflared)
            }
            Program::Ngrok => {
                let mut c = Command::new("ngrok");
                c.args(["http", &local, "--log", "stdout", "--log-format", "json"]);
                (c, Rule::Ngrok)
            }
            Program::Command(text) => {
                let mut c = Command::new("sh");
                c.arg("-c").arg(text.replace("{port}", &port.to_string()));
                (c, Rule::AnyUrl)
            }
        }
    }

    /// How to install the program, for a one-line hint.
    pub fn install_hint(&self) -> &'static str {
        match self {
            Program::Cloudflared => {
                "install cloudflared (https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/downloads/, e.g. `brew install cloudflared`), or use --tunnel-cmd or --public-url"
            }
            Program::Ngrok => {
                "install ngrok (https://ngrok.com/download) and run `ngrok config add-authtoken TOKEN` once, or use --tunnel-cmd or --public-url"
            }
            Program::Command(_) => {
                "check the command; it must keep running and print the public URL"
            }
        }
    }
}

/// Why a tunnel did not come up.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("{program} is not installed (not found on PATH)")]
    Missing { program: String },
    #[error("cannot start {program}: {reason}")]
    Spawn { program: String, reason: String },
    #[error("{program} {status} before printing a public URL{}", last_line(.tail))]
    Exited {
        program: String,
        status: String,
        tail: Vec<String>,
    },
    #[error("{program} printed no public URL within {} s{}", .waited.as_secs(), last_line(.tail))]
    NoUrl {
        program: String,
        waited: Duration,
        tail: Vec<String>,
    },
}

fn last_line(tail: &[String]) -> String {
    tail.last()
        .map(|l| format!(" (it said: {})", l.trim()))
        .unwrap_or_default()
}

/// A running tunnel.
pub struct Tunnel {
    /// The public URL it printed.
    pub url: String,
    program: String,
    pid: Option<u32>,
    exit: watch::Receiver<Option<String>>,
    tail: Arc<Mutex<VecDeque<String>>>,
}

/// Start `program` for `port` and wait (up to `wait`) for its public URL.
pub async fn start(program: &Program, port: u16, wait: Duration) -> Result<Tunnel, StartError> {
    let name = program.name().to_owned();
    let (mut command, rule) = program.command(port);
    command
        .env("TRST_HOOKS_PORT", port.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    for name in WITHHELD_ENV {
        command.env_remove(name);
    }
    #[cfg(unix)]
    command.process_group(0);
    let mut child = command.spawn().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => StartError::Missing {
            program: name.clone(),
        },
        _ => StartError::Spawn {
            program: name.clone(),
            reason: crate::net::io_reason(&e),
        },
    })?;
    let pid = child.id();
    let tail = Arc::new(Mutex::new(VecDeque::new()));
    let (lines_tx, mut lines) = mpsc::unbounded_channel();
    if let Some(out) = child.stdout.take() {
        read_lines(out, lines_tx.clone(), Arc::clone(&tail));
    }
    if let Some(err) = child.stderr.take() {
        read_lines(err, lines_tx, Arc::clone(&tail));
    }
    let (exit_tx, exit) = watch::channel(None);
    tokio::spawn(watch_exit(child, exit_tx));
    let found = tokio::time::timeout(wait, async {
        while let Some(line) = lines.recv().await {
            if let Some(url) = scan::find(rule, &line) {
                return Some(url);
            }
        }
        None
    })
    .await;
    let mut tunnel = Tunnel {
        url: String::new(),
        program: name.clone(),
        pid,
        exit,
        tail,
    };
    match found {
        Ok(Some(url)) => {
            // Keep draining its output (into the tail) so the program never blocks on a full pipe.
            tokio::spawn(async move { while lines.recv().await.is_some() {} });
            tunnel.url = url;
            Ok(tunnel)
        }
        Ok(None) => {
            let status = tunnel.exited().await;
            Err(StartError::Exited {
                program: name,
                status,
                tail: tunnel.tail(),
            })
        }
        Err(_) => {
            let tail = tunnel.tail();
            tunnel.stop().await;
            Err(StartError::NoUrl {
                program: name,
                waited: wait,
                tail,
            })
        }
    }
}

fn read_lines(
    stream: impl AsyncRead + Unpin + Send + 'static,
    lines: mpsc::UnboundedSender<String>,
    tail: Arc<Mutex<VecDeque<String>>>,
) {
    tokio::spawn(async move {
        let mut reader = BufReader::new(stream).lines();
        while let Ok(Some(line)) = reader.next_line().await {
            if let Ok(mut tail) = tail.lock() {
                if tail.len() == TAIL_LINES {
                    tail.pop_front();
                }
                tail.push_back(line.clone());
            }
            let _ = lines.send(line);
        }
    });
}

async fn watch_exit(mut child: Child, exit: watch::Sender<Option<String>>) {
    let status = match child.wait().await {
        Ok(status) => match status.code() {
            Some(code) => format!("exited with status {code}"),
            None => "was killed by a signal".to_owned(),
        },
        Err(e) => format!("could not be watched ({})", crate::net::io_reason(&e)),
    };
    let _ = exit.send(Some(status));
}

impl Tunnel {
    /// The program's name, for messages.
    pub fn program(&self) -> &str {
        &self.program
    }

    /// Its last lines of output (stdout and stderr interleaved), to explain an exit.
    pub fn tail(&self) -> Vec<String> {
        self.tail
            .lock()
            .map(|t| t.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// Resolves when the program exits, with how it exited ("exited with status 1").
    pub async fn exited(&self) -> String {
        wait_exit(self.exit.clone()).await
    }

    /// A future of its own (it outlives this borrow) that resolves when the program exits, with
    /// how it exited and the last thing it printed.
    pub fn on_exit(&self) -> impl std::future::Future<Output = String> + Send + 'static {
        let exit = self.exit.clone();
        let tail = Arc::clone(&self.tail);
        async move {
            let status = wait_exit(exit).await;
            let last = tail
                .lock()
                .ok()
                .and_then(|t| t.back().cloned())
                .map(|l| format!("; it last said: {}", l.trim()))
                .unwrap_or_default();
            format!("{status}{last}")
        }
    }

    /// Stop the program and everything it started: SIGTERM to its process group, then SIGKILL
    /// if it has not exited within two seconds.
    pub async fn stop(mut self) {
        if self.exit.borrow().is_some() {
            return;
        }
        signal_group(self.pid, Signal::Terminate);
        if tokio::time::timeout(Duration::from_secs(2), self.exited())
            .await
            .is_err()
        {
            signal_group(self.pid, Signal::Kill);
            let _ = tokio::time::timeout(Duration::from_secs(2), self.exited()).await;
        }
        self.pid = None;
    }
}

/// A tunnel dropped without [`Tunnel::stop`] (an error, an interrupted start) takes its whole
/// process group with it: a tunnel must never outlive the listener it serves.
impl Drop for Tunnel {
    fn drop(&mut self) {
        if self.exit.borrow().is_none() {
            signal_group(self.pid, Signal::Kill);
        }
    }
}

async fn wait_exit(mut exit: watch::Receiver<Option<String>>) -> String {
    match exit.wait_for(Option::is_some).await {
        Ok(status) => status.clone().unwrap_or_default(),
        Err(_) => "stopped".to_owned(),
    }
}

enum Signal {
    Terminate,
    Kill,
}

#[cfg(unix)]
fn signal_group(pid: Option<u32>, signal: Signal) {
    let Some(pid) = pid.and_then(|p| i32::try_from(p).ok()) else {
        return;
    };
    let signal = match signal {
        Signal::Terminate => libc::SIGTERM,
        Signal::Kill => libc::SIGKILL,
    };
    // SAFETY: killpg only sends a signal; the group is the one this process created for the
    // tunnel (process_group(0) makes the child its leader).
    unsafe {
        libc::killpg(pid, signal);
    }
}

#[cfg(not(unix))]
fn signal_group(_pid: Option<u32>, _signal: Signal) {
    // Elsewhere the child is killed when its handle drops (kill_on_drop).
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
    }

    #[test]
    fn a_command_that_prints_a_url_is_a_tunnel_until_stopped() {
        runtime().block_on(async {
            let program = Program::Command(
                "echo starting; echo \"ready at http://127.0.0.1:{port}/\"; exec sleep 30".into(),
            );
            let tunnel = start(&program, 4321, Duration::from_secs(10))
                .await
                .expect("started");
            assert_eq!(tunnel.url, "http://127.0.0.1:4321/");
            assert!(tunnel.tail().iter().any(|l| l == "starting"));
            tunnel.stop().await;
        });
    }

    #[test]
    fn a_command_that_exits_first_says_how_and_what_it_printed() {
        runtime().block_on(async {
            let program = Program::Command("echo 'no account configured' >&2; exit 3".into());
            let err = start(&program, 1, Duration::from_secs(10))
                .await
                .err()
                .expect("fails");
            let text = err.to_string();
            assert!(text.contains("exited with status 3"), "{text}");
            assert!(text.contains("no account configured"), "{text}");
        });
    }

    #[test]
    fn the_exit_of_a_running_tunnel_is_seen() {
        runtime().block_on(async {
            let program = Program::Command("echo http://127.0.0.1:1/; read x; exit 7".into());
            let tunnel = start(&program, 1, Duration::from_secs(10))
                .await
                .expect("started");
            // stdin is /dev/null, so `read` returns at once and the command exits 7.
            assert_eq!(tunnel.exited().await, "exited with status 7");
        });
    }
}
