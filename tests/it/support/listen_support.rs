//! Helpers for the listen tests: the real binary started on port 0 (waiting for its ready line),
//! a tiny raw HTTP/1.1 client (so tests can also send garbage), and a graceful stop.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use crate::support::common::{Sandbox, reference_signature};

/// The documented local development secret (what listen uses on loopback with none given).
pub const DEV: &str = "whsec_trst_hooks_local_development_only";

/// Generous failure guard: nothing in these tests should take anywhere near this long.
pub const GUARD: Duration = Duration::from_secs(60);

/// A running `trst-hooks listen`.
pub struct Listening {
    pub child: Child,
    pub url: String,
    pub addr: SocketAddr,
    pub path: String,
    stdout: Option<JoinHandle<String>>,
    stderr_lines: mpsc::Receiver<String>,
    stderr_seen: Vec<String>,
}

/// How a listener ended.
pub struct Finished {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub head: String,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Start `listen --port 0 ARGS…` and wait for its ready line.
pub fn start(sb: &Sandbox, args: &[&str]) -> Listening {
    try_start(sb, args)
        .unwrap_or_else(|f| panic!("listen did not start: exit {:?}\n{}", f.code, f.stderr))
}

/// Like [`start`], but hand back how it ended when it exits instead of becoming ready.
pub fn try_start(sb: &Sandbox, args: &[&str]) -> Result<Listening, Finished> {
    let mut cmd = sb.std_cmd();
    cmd.arg("listen").arg("--port").arg("0").args(args);
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("start trst-hooks");
    let mut out = child.stdout.take().expect("stdout");
    let stdout = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = out.read_to_string(&mut text);
        text
    });
    let err = child.stderr.take().expect("stderr");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut seen = Vec::new();
    loop {
        match rx.recv_timeout(GUARD) {
            Ok(line) => {
                let ready = line.strip_prefix("ready: listening on ").map(str::to_owned);
                seen.push(line);
                if let Some(url) = ready {
                    let rest = url.strip_prefix("http://").expect("http URL");
                    let slash = rest.find('/').expect("a path");
                    let addr = rest[..slash].parse().expect("host:port");
                    return Ok(Listening {
                        child,
                        path: rest[slash..].to_owned(),
                        url,
                        addr,
                        stdout: Some(stdout),
                        stderr_lines: rx,
                        stderr_seen: seen,
                    });
                }
            }
            Err(_) => {
                let status = child.wait().expect("wait");
                return Err(Finished {
                    code: status.code(),
                    stdout: stdout.join().unwrap_or_default(),
                    stderr: seen.join("\n"),
                });
            }
        }
    }
}

impl Listening {
    /// POST `body` signed with `secret` (None: unsigned) to the webhook path.
    pub fn post(&self, body: &[u8], secret: Option<&str>) -> Answer {
        let signature = secret.map(|s| reference_signature(s, body));
        let headers: Vec<(&str, &str)> = signature
            .as_deref()
            .map(|s| vec![("X-Webhook-Signature", s)])
            .unwrap_or_default();
        self.request("POST", &self.path.clone(), &headers, body)
    }

    /// Any request, with `Connection: close`.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Answer {
        let mut raw = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n", self.addr, body.len()).into_bytes();
        for (name, value) in headers {
            raw.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
        }
        raw.extend_from_slice(b"\r\n");
        raw.extend_from_slice(body);
        parse_answer(&self.raw(&raw))
    }

    /// Send raw bytes, half-close, and read everything the listener answers.
    pub fn raw(&self, bytes: &[u8]) -> Vec<u8> {
        let mut stream = self.connect();
        stream.write_all(bytes).expect("send");
        let _ = stream.shutdown(std::net::Shutdown::Write);
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        answer
    }

    /// A connection to the listener.
    pub fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(self.addr).expect("connect");
        stream.set_read_timeout(Some(GUARD)).expect("timeout");
        stream
    }

    /// Wait for a stderr line containing `needle` (after the ready line).
    pub fn wait_stderr(&mut self, needle: &str) -> String {
        loop {
            let line = self.stderr_lines.recv_timeout(GUARD).expect("stderr line");
            self.stderr_seen.push(line.clone());
            if line.contains(needle) {
                return line;
            }
        }
    }

    /// SIGTERM, then wait for the exit.
    pub fn stop(self) -> Finished {
        signal(&self.child, "TERM");
        self.wait()
    }

    /// Wait for the process to end by itself.
    pub fn wait(mut self) -> Finished {
        let status = wait_guarded(&mut self.child);
        let stdout = self
            .stdout
            .take()
            .map(|h| h.join().unwrap_or_default())
            .unwrap_or_default();
        let mut stderr = self.stderr_seen.join("\n");
        while let Ok(line) = self.stderr_lines.recv_timeout(Duration::from_secs(5)) {
            stderr.push('\n');
            stderr.push_str(&line);
        }
        Finished {
            code: status,
            stdout,
            stderr,
        }
    }
}

impl Drop for Listening {
    /// A test that fails midway must not leave its listener running.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Send a signal by name with kill(1).
pub fn signal(child: &Child, name: &str) {
    let status = std::process::Command::new("kill")
        .arg(format!("-{name}"))
        .arg(child.id().to_string())
        .status()
        .expect("kill");
    assert!(status.success(), "kill -{name}");
}

fn wait_guarded(child: &mut Child) -> Option<i32> {
    let deadline = std::time::Instant::now() + GUARD;
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status.code();
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("listen did not exit");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Split a raw HTTP answer into status, head and body.
pub fn parse_answer(raw: &[u8]) -> Answer {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no HTTP answer: {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line: {head}"));
    Answer {
        status,
        head,
        body: raw[split + 4..].to_vec(),
    }
}

/// A TRST-shaped event with this id and type.
pub fn event(id: &str, event_type: &str) -> Vec<u8> {
    format!(
        r#"{{"event_id":"{id}","timestamp":"2024-11-02T15:30:00Z","project_id":"proj_abc123","data":{{"event_type":"{event_type}","device_id":"dev_1","note":"café ✓"}}}}"#
    )
    .into_bytes()
}

/// The sandbox's default delivery log.
pub fn default_log(sb: &Sandbox) -> std::path::PathBuf {
    sb.path().join("data").join("deliveries.jsonl")
}

/// Every line of a log, parsed (panics on a line that does not parse).
pub fn log_records(path: &std::path::Path) -> Vec<trst_hooks::delivery_log::DeliveryRecord> {
    let text = std::fs::read_to_string(path).expect("read log");
    assert!(text.is_empty() || text.ends_with('\n'), "log ends mid-line");
    text.lines()
        .map(|l| trst_hooks::delivery_log::DeliveryRecord::parse_line(l).expect("log line parses"))
        .collect()
}
