//! `listen` with its web inspector, for the tests: the real binary on port 0 with `--ui-port 0`,
//! the inspector URL read from the start banner, a raw HTTP/1.1 client that can send any `Host`,
//! `Origin` or token, and the event stream read line by line (tests wait on it, never on sleeps).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};

use crate::support::listen::{Answer, parse_answer};
use crate::support::process::{Finished, PATIENCE, Running};
use crate::support::sandbox::Sandbox;
use crate::support::signature::reference_signature;

/// A running `listen` and its inspector.
pub struct Inspected {
    pub process: Running,
    /// The webhook listener.
    pub listener: SocketAddr,
    pub path: String,
    /// The inspector's address and the URL printed in the banner.
    pub ui: SocketAddr,
    pub url: String,
    pub token: String,
}

/// Start `listen --port 0 --ui-port 0 ARGS…` and read both URLs from its banner.
pub fn start(sb: &Sandbox, args: &[&str]) -> Inspected {
    let mut cmd = sb.std_cmd();
    cmd.args(["listen", "--port", "0", "--ui-port", "0"])
        .args(args);
    let (process, url) = Running::spawn_ready(cmd, "ready: listening on ")
        .unwrap_or_else(|f| panic!("listen did not start: {f:#?}"));
    let rest = url.strip_prefix("http://").expect("http URL");
    let slash = rest.find('/').expect("a path");
    let banner = process.stderr();
    let line = banner
        .lines()
        .find(|l| l.trim_start().starts_with("inspector"))
        .unwrap_or_else(|| panic!("no inspector line in the banner:\n{banner}"));
    let ui_url = line
        .trim_start()
        .strip_prefix("inspector")
        .expect("label")
        .trim()
        .to_owned();
    let after = ui_url
        .strip_prefix("http://127.0.0.1:")
        .unwrap_or_else(|| panic!("inspector not on 127.0.0.1: {ui_url}"));
    let (port, token) = after.split_once("/?token=").expect("a token in the URL");
    Inspected {
        process,
        listener: rest[..slash].parse().expect("host:port"),
        path: rest[slash..].to_owned(),
        ui: SocketAddr::from(([127, 0, 0, 1], port.parse().expect("port"))),
        url: ui_url.clone(),
        token: token.to_owned(),
    }
}

/// One raw HTTP/1.1 request (`Connection: close`) and its whole answer.
pub fn exchange(addr: SocketAddr, head: &str, body: &[u8]) -> Answer {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
    stream.write_all(head.as_bytes()).expect("send head");
    stream.write_all(body).expect("send body");
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    parse_answer(&raw)
}

impl Inspected {
    /// `Host: 127.0.0.1:PORT`, the one the inspector expects.
    pub fn host(&self) -> String {
        self.ui.to_string()
    }

    /// A request to the inspector with these extra header lines (each `Name: value`).
    pub fn call(&self, method: &str, path: &str, headers: &[String], body: &[u8]) -> Answer {
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n",
            body.len()
        );
        if !headers
            .iter()
            .any(|h| h.to_ascii_lowercase().starts_with("host:"))
        {
            head.push_str(&format!("Host: {}\r\n", self.host()));
        }
        for header in headers {
            head.push_str(header);
            head.push_str("\r\n");
        }
        head.push_str("\r\n");
        exchange(self.ui, &head, body)
    }

    /// The bearer header line.
    pub fn bearer(&self) -> String {
        format!("Authorization: Bearer {}", self.token)
    }

    /// GET with the token; panics unless 200; the body parsed as JSON.
    pub fn get_json(&self, path: &str) -> serde_json::Value {
        let answer = self.call("GET", path, &[self.bearer()], b"");
        assert_eq!(answer.status, 200, "{path}: {}", answer.text());
        serde_json::from_slice(&answer.body)
            .unwrap_or_else(|_| panic!("not JSON: {}", answer.text()))
    }

    /// POST JSON with the token and this inspector's own Origin.
    pub fn post_json(&self, path: &str, body: &serde_json::Value) -> Answer {
        let headers = [
            self.bearer(),
            format!("Origin: http://{}", self.host()),
            "Content-Type: application/json".to_owned(),
        ];
        self.call("POST", path, &headers, body.to_string().as_bytes())
    }

    /// POST `body` to the webhook listener, with these extra header lines.
    pub fn deliver(&self, body: &[u8], secret: Option<&str>, headers: &[String]) -> Answer {
        let mut head = format!(
            "POST {} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
            self.path,
            self.listener,
            body.len()
        );
        if let Some(secret) = secret {
            head.push_str(&format!(
                "X-Webhook-Signature: {}\r\n",
                reference_signature(secret, body)
            ));
        }
        for header in headers {
            head.push_str(header);
            head.push_str("\r\n");
        }
        head.push_str("\r\n");
        exchange(self.listener, &head, body)
    }

    /// Open the event stream (before causing the deliveries to wait for).
    pub fn stream(&self, query: &str) -> Stream {
        let mut stream = TcpStream::connect(self.ui).expect("connect");
        stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
        let head = format!(
            "GET /api/stream{query} HTTP/1.1\r\nHost: {}\r\n{}\r\n\r\n",
            self.host(),
            self.bearer()
        );
        stream.write_all(head.as_bytes()).expect("send");
        let mut reader = BufReader::new(stream);
        let mut status = String::new();
        reader.read_line(&mut status).expect("status line");
        assert!(status.contains(" 200 "), "stream refused: {status}");
        Stream { reader }
    }

    /// SIGTERM and wait.
    pub fn stop(self) -> Finished {
        self.process.signal("TERM");
        self.process.wait()
    }
}

/// The inspector's server-sent events, read as they come.
pub struct Stream {
    reader: BufReader<TcpStream>,
}

impl Stream {
    /// The next `delivery` event's summary (panics when the stream ends or stalls).
    pub fn next_delivery(&mut self) -> serde_json::Value {
        let mut event = String::new();
        loop {
            let mut line = String::new();
            let read = self.reader.read_line(&mut line).expect("read the stream");
            assert!(read > 0, "the stream ended");
            let line = line.trim_end();
            if let Some(name) = line.strip_prefix("event: ") {
                event = name.to_owned();
            } else if let Some(data) = line.strip_prefix("data: ")
                && event == "delivery"
            {
                return serde_json::from_str(data).expect("a JSON summary");
            }
        }
    }
}
