//! Helpers for `webhooks_emulator.rs`: the real `trst-hooks webhooks` CLI pointed at a real
//! emulator (every run's output kept for the secret-hygiene checks, stderr streamed line by line
//! for runs the test must follow), and a webhook handler that verifies every delivery's signature
//! with the secret `create` handed out and can hold an answer until the test opens a gate.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, StatusCode};
use tokio::sync::{mpsc, oneshot};

use crate::support::common::{Sandbox, reference_signature};
use crate::support::emulator_common::{Emulator, PATIENCE};

/// The API key the CLI sends (the emulator accepts any; it must never be printed).
pub const KEY: &str = "key_live42.s3cr3t-api-key-never-printed";
/// The project every run works in (created by the emulator on first use).
pub const PROJECT: &str = "proj_wh_emu";

/// One finished CLI run.
#[derive(Debug, Clone)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
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

/// Runs `trst-hooks webhooks …` against one emulator and keeps every run's output.
pub struct Cli<'a> {
    pub sb: &'a Sandbox,
    pub base: String,
    pub runs: Mutex<Vec<Run>>,
}

impl<'a> Cli<'a> {
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
    pub async fn run(&self, args: &[&str]) -> Run {
        self.finish(self.command(args, false)).await
    }

    /// [`Cli::run`] with `--base-url` instead of `TRST_API_BASE`.
    pub async fn run_with_flag(&self, args: &[&str]) -> Run {
        self.finish(self.command(args, true)).await
    }

    async fn finish(&self, mut cmd: Command) -> Run {
        let out = tokio::task::spawn_blocking(move || cmd.output())
            .await
            .expect("join")
            .expect("run trst-hooks");
        self.keep(Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        })
    }

    fn keep(&self, run: Run) -> Run {
        self.runs.lock().unwrap().push(run.clone());
        run
    }

    /// Start a run whose stderr lines arrive on a channel as they are printed.
    pub fn stream(&self, args: &[&str]) -> Streaming {
        let mut child = self
            .command(args, false)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn trst-hooks");
        let (tx, lines) = mpsc::unbounded_channel();
        let stderr = child.stderr.take().expect("stderr");
        let err_thread = std::thread::spawn(move || {
            let mut all = String::new();
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                let _ = tx.send(line.clone());
                all.push_str(&line);
                all.push('\n');
            }
            all
        });
        let mut stdout = child.stdout.take().expect("stdout");
        let out_thread = std::thread::spawn(move || {
            let mut all = String::new();
            let _ = stdout.read_to_string(&mut all);
            all
        });
        Streaming {
            lines,
            finish: Some(Box::new(move || {
                let status = child.wait().expect("wait");
                Run {
                    code: status.code(),
                    stdout: out_thread.join().unwrap_or_default(),
                    stderr: err_thread.join().unwrap_or_default(),
                }
            })),
        }
    }

    /// Every output so far, stdout and stderr of every run.
    pub fn transcript(&self) -> String {
        let runs = self.runs.lock().unwrap();
        runs.iter()
            .map(|r| format!("{}{}", r.stdout, r.stderr))
            .collect()
    }
}

/// A running CLI whose stderr is followed line by line.
pub struct Streaming {
    pub lines: mpsc::UnboundedReceiver<String>,
    finish: Option<Box<dyn FnOnce() -> Run + Send>>,
}

impl Streaming {
    /// Wait for a stderr line containing `needle` (panics after [`PATIENCE`]).
    pub async fn line_with(&mut self, needle: &str) -> String {
        let found = tokio::time::timeout(PATIENCE, async {
            while let Some(line) = self.lines.recv().await {
                if line.contains(needle) {
                    return Some(line);
                }
            }
            None
        })
        .await;
        match found {
            Ok(Some(line)) => line,
            _ => panic!("the CLI never printed a line with {needle:?}"),
        }
    }

    /// Wait for the process to end; the run is kept by `cli`.
    pub async fn finish(mut self, cli: &Cli<'_>) -> Run {
        let finish = self.finish.take().expect("finished once");
        let run = tokio::task::spawn_blocking(finish).await.expect("join");
        cli.keep(run)
    }
}

/// What the handler saw: the path, and whether the signature matched the saved secret.
#[derive(Debug, Clone)]
pub struct Seen {
    pub path: String,
    pub signed: bool,
    pub body: Vec<u8>,
}

/// A webhook handler that checks `X-Webhook-Signature` against the secret given with
/// [`Handler::trust`] (401 when it does not match), then answers per its script (the last status
/// repeats). A request can be held until [`Handler::open`] opens its gate.
pub struct Handler {
    pub url: String,
    pub seen: mpsc::UnboundedReceiver<Seen>,
    secret: Arc<Mutex<Option<String>>>,
    gates: Arc<Mutex<Vec<Option<oneshot::Sender<()>>>>>,
}

type Gates = Arc<Mutex<Vec<Option<oneshot::Receiver<()>>>>>;

impl Handler {
    /// Start on 127.0.0.1:0; request n (0-based) is held until gate n opens when `held[n]`.
    pub async fn start(script: Vec<u16>, held: &[bool]) -> Handler {
        let secret: Arc<Mutex<Option<String>>> = Arc::new(Mutex::new(None));
        let (mut senders, mut receivers) = (Vec::new(), Vec::new());
        for &h in held {
            let (tx, rx) = oneshot::channel();
            senders.push(h.then_some(tx));
            receivers.push(h.then_some(rx));
        }
        let receivers: Gates = Arc::new(Mutex::new(receivers));
        let (tx, seen) = mpsc::unbounded_channel();
        let count = Arc::new(Mutex::new(0usize));
        let key = secret.clone();
        let app = axum::Router::new().fallback(
            move |uri: axum::http::Uri, headers: HeaderMap, body: axum::body::Bytes| {
                let (tx, count, key, gates) =
                    (tx.clone(), count.clone(), key.clone(), receivers.clone());
                let script = script.clone();
                async move {
                    let n = {
                        let mut c = count.lock().unwrap();
                        *c += 1;
                        *c - 1
                    };
                    let expected = key
                        .lock()
                        .unwrap()
                        .as_deref()
                        .map(|s| reference_signature(s, &body));
                    let got = headers
                        .get("x-webhook-signature")
                        .and_then(|v| v.to_str().ok());
                    let signed = expected.is_some() && expected.as_deref() == got;
                    let _ = tx.send(Seen {
                        path: uri.path().to_owned(),
                        signed,
                        body: body.to_vec(),
                    });
                    let gate = gates.lock().unwrap().get_mut(n).and_then(Option::take);
                    if let Some(gate) = gate {
                        let _ = tokio::time::timeout(PATIENCE, gate).await;
                    }
                    if !signed {
                        return (StatusCode::UNAUTHORIZED, "bad signature".to_owned());
                    }
                    let code = script.get(n).or(script.last()).copied().unwrap_or(200);
                    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::OK);
                    (status, format!("answer {}", n + 1))
                }
            },
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Handler {
            url: format!("http://{addr}"),
            seen,
            secret,
            gates: Arc::new(Mutex::new(senders)),
        }
    }

    /// The secret deliveries must be signed with.
    pub fn trust(&self, secret: &str) {
        *self.secret.lock().unwrap() = Some(secret.to_owned());
    }

    /// Let held request `n` (0-based) be answered.
    pub fn open(&self, n: usize) {
        if let Some(gate) = self.gates.lock().unwrap().get_mut(n).and_then(Option::take) {
            let _ = gate.send(());
        }
    }

    /// The next request it received (panics after [`PATIENCE`]).
    pub async fn next(&mut self) -> Seen {
        tokio::time::timeout(PATIENCE, self.seen.recv())
            .await
            .expect("the handler got a request in time")
            .expect("handler alive")
    }
}

/// The `whsec_…` token in a text (the secret block of `create`).
pub fn secret_in(text: &str) -> Option<String> {
    text.split(|c: char| c.is_whitespace() || c == '"')
        .find(|w| w.starts_with("whsec_") && w.len() > 20 && !w.contains('…'))
        .map(str::to_owned)
}
