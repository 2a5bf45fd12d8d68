//! `trst-hooks listen` for the tests: the real binary started on port 0 (waiting for its ready
//! line), a tiny raw HTTP/1.1 client (so tests can also send garbage), and a graceful stop.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use crate::support::process::{Finished, PATIENCE, Running};
use crate::support::sandbox::Sandbox;
use crate::support::signature::reference_signature;

/// The documented local development secret (what listen uses on loopback with none given).
pub const DEV: &str = "whsec_trst_hooks_local_development_only";

/// A running `trst-hooks listen`.
pub struct Listening {
    process: Running,
    pub addr: SocketAddr,
    pub path: String,
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Answer {
    /// The body as text (lossy).
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
    let (process, url) = Running::spawn_ready(cmd, "ready: listening on ")?;
    let rest = url.strip_prefix("http://").expect("http URL");
    let slash = rest.find('/').expect("a path");
    Ok(Listening {
        process,
        addr: rest[..slash].parse().expect("host:port"),
        path: rest[slash..].to_owned(),
    })
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
        stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
        stream
    }

    /// Wait for a stderr line containing `needle` (after the ready line).
    pub fn wait_stderr(&mut self, needle: &str) -> String {
        self.process.wait_stderr(needle)
    }

    /// Send a signal by name (`TERM`, `INT`).
    pub fn signal(&self, name: &str) {
        self.process.signal(name);
    }

    /// `kill -9` and reap it.
    pub fn kill9(&mut self) {
        self.process.kill9();
    }

    /// SIGTERM, then wait for the exit.
    pub fn stop(self) -> Finished {
        self.signal("TERM");
        self.wait()
    }

    /// Wait for the process to end by itself.
    pub fn wait(self) -> Finished {
        self.process.wait()
    }
}

/// The bytes of a POST of `body` to the default webhook path, signed with [`DEV`].
pub fn signed_post(body: &[u8]) -> Vec<u8> {
    let head = format!(
        "POST /webhooks/trst HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Webhook-Signature: {}\r\nContent-Length: {}\r\n\r\n",
        reference_signature(DEV, body),
        body.len()
    );
    [head.as_bytes(), body].concat()
}

/// Split a raw HTTP answer into status and body.
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
