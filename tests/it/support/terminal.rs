//! For the `output_*` tests: the real binary run through a pipe or under a pseudo-terminal
//! (`script`, the coloured path), a raw loopback HTTP server with scripted answers, and `listen`
//! started on port 0 in either mode.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

pub use crate::support::listen::DEV;
pub const GUARD: Duration = Duration::from_secs(60);

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Mode {
    Pipe,
    Pty,
}

pub const MODES: [Mode; 2] = [Mode::Pipe, Mode::Pty];

pub use crate::support::sandbox::Sandbox;

impl Sandbox {
    /// The binary with `args`: directly (pipe), or under `script` (a pseudo-terminal, colour on).
    pub fn command(&self, mode: Mode, args: &[&str]) -> Command {
        let bin = env!("CARGO_BIN_EXE_trst-hooks");
        let mut cmd = match mode {
            Mode::Pipe => {
                let mut cmd = Command::new(bin);
                cmd.args(args).env("NO_COLOR", "1");
                cmd
            }
            Mode::Pty => {
                let line = std::iter::once(bin)
                    .chain(args.iter().copied())
                    .map(shell_quote)
                    .collect::<Vec<_>>()
                    .join(" ");
                let mut cmd = Command::new("script");
                // `script` runs the line with `$SHELL -c`; one shell everywhere, so a test
                // cannot pass under bash (which execs the command) and fail under dash.
                cmd.args(["-qec", &line, "/dev/null"])
                    .env("SHELL", "/bin/sh")
                    .env_remove("NO_COLOR")
                    .env("TERM", "xterm-256color");
                cmd
            }
        };
        self.isolate(&mut cmd);
        if mode == Mode::Pty {
            cmd.env_remove("NO_COLOR");
        }
        cmd.stdin(Stdio::null());
        cmd
    }

    /// Run to the end; stdout and stderr together (a terminal shows both).
    pub fn run(&self, mode: Mode, args: &[&str], env: &[(&str, &str)]) -> String {
        let mut cmd = self.command(mode, args);
        cmd.envs(env.iter().copied());
        let out = cmd.output().expect("run trst-hooks");
        let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&out.stderr));
        text
    }
}

pub fn shell_quote(arg: &str) -> String {
    format!("'{}'", arg.replace('\'', "'\\''"))
}

/// POST `body` to `addr` + `path`; the answer's status.
pub fn post(addr: SocketAddr, path: &str, body: &[u8], headers: &[(&str, &str)]) -> u16 {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(GUARD)).expect("timeout");
    let mut raw = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    )
    .into_bytes();
    for (name, value) in headers {
        raw.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    raw.extend_from_slice(b"\r\n");
    raw.extend_from_slice(body);
    stream.write_all(&raw).expect("send");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// A loopback HTTP/1.1 server answering every request with `answer(method, path)`:
/// (status line after the version, extra headers, body).
pub type Answer = (String, Vec<(String, String)>, Vec<u8>);

pub fn serve(answer: fn(&str, &str) -> Answer) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            std::thread::spawn(move || handle(stream, answer));
        }
    });
    addr
}

pub fn handle(stream: TcpStream, answer: fn(&str, &str) -> Answer) {
    let mut reader = BufReader::new(stream);
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let mut length = 0usize;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                return;
            }
            if header == "\r\n" {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let mut parts = request_line.split_whitespace();
        let method = parts.next().unwrap_or_default().to_owned();
        let path = parts.next().unwrap_or_default().to_owned();
        let (status, headers, body) = answer(&method, &path);
        let mut out =
            format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\n", body.len()).into_bytes();
        for (name, value) in headers {
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b": ");
            out.extend_from_slice(value.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(&body);
        if reader.get_mut().write_all(&out).is_err() {
            return;
        }
    }
}

/// The environment that points `webhooks` at an API served at `base` (project `proj_1`).
pub fn api_env(base: &str) -> [(&'static str, &str); 3] {
    [
        ("TRST_API_BASE", base),
        ("TRST_PROJECT_ID", "proj_1"),
        ("TRST_API_KEY", "key_1.secretpart"),
    ]
}

/// A long-running command (listen, emulator) whose output lines are read as they come.
pub struct Running {
    pub child: Child,
    /// `(from stdout, line)`, in arrival order per stream.
    lines: mpsc::Receiver<(bool, String)>,
    seen: Vec<(bool, String)>,
}

impl Running {
    /// Spawn `cmd` with both streams piped.
    pub fn spawn(mut cmd: Command) -> Self {
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("start trst-hooks");
        let (tx, lines) = mpsc::channel();
        let out = Box::new(child.stdout.take().expect("stdout")) as Box<dyn Read + Send>;
        let err = Box::new(child.stderr.take().expect("stderr")) as Box<dyn Read + Send>;
        for (is_stdout, stream) in [(true, out), (false, err)] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream);
                let mut line = Vec::new();
                while reader.read_until(b'\n', &mut line).unwrap_or(0) > 0 {
                    let text = String::from_utf8_lossy(&line).into_owned();
                    if tx.send((is_stdout, text)).is_err() {
                        return;
                    }
                    line.clear();
                }
            });
        }
        Running {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// The next line (either stream) containing `needle`.
    pub fn wait_for(&mut self, needle: &str) -> String {
        loop {
            let (is_stdout, line) = self
                .lines
                .recv_timeout(GUARD)
                .unwrap_or_else(|_| panic!("no line with {needle:?} in {:?}", self.seen));
            self.seen.push((is_stdout, line.clone()));
            if line.contains(needle) {
                return line;
            }
        }
    }

    /// Wait for the exit and return `(stdout, stderr)`, everything printed.
    pub fn finish(mut self) -> (String, String) {
        let _ = self.child.wait();
        self.drain()
    }

    /// SIGTERM (a clean stop: listen prints its summary), then wait; what it printed.
    pub fn terminate(self) -> (String, String) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill -TERM");
        assert!(status.success(), "kill -TERM failed");
        self.finish()
    }

    /// Kill the process (it would run until Ctrl-C) and return what it printed.
    pub fn kill(mut self) -> (String, String) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.drain()
    }

    fn drain(&mut self) -> (String, String) {
        while let Ok(line) = self.lines.recv_timeout(GUARD) {
            self.seen.push(line);
        }
        let pick = |want: bool| -> String {
            self.seen
                .iter()
                .filter(|(is_stdout, _)| *is_stdout == want)
                .map(|(_, line)| line.as_str())
                .collect()
        };
        (pick(true), pick(false))
    }
}

/// `listen`, run by a test, and the address it listens on.
pub struct Listener {
    pub run: Running,
    pub addr: SocketAddr,
    pub path: String,
}

/// Start `listen --port 0` with `args`; returns once it printed its ready line.
pub fn start_listen(sb: &Sandbox, mode: Mode, args: &[&str]) -> Listener {
    let all: Vec<&str> = ["listen", "--port", "0"]
        .iter()
        .copied()
        .chain(args.iter().copied())
        .collect();
    let mut run = Running::spawn(sb.command(mode, &all));
    let line = run.wait_for("ready: listening on http://");
    let rest = line
        .trim_end()
        .split("ready: listening on http://")
        .nth(1)
        .expect("an address");
    let slash = rest.find('/').expect("a path");
    Listener {
        addr: rest[..slash].parse().expect("host:port"),
        path: rest[slash..].to_owned(),
        run,
    }
}

impl Listener {
    /// POST `body` signed with `secret` to the webhook path; the answer's status.
    pub fn post_signed(&self, secret: &str, body: &[u8]) -> u16 {
        let sig = crate::support::signature::reference_signature(secret, body);
        post(
            self.addr,
            &self.path,
            body,
            &[("X-Webhook-Signature", &sig)],
        )
    }

    /// The listener's URL.
    pub fn url(&self) -> String {
        format!("http://{}{}", self.addr, self.path)
    }

    /// Wait for the exit (`--expect N` met) and return all output, both streams.
    pub fn finish(self) -> String {
        let (out, err) = self.run.finish();
        out + &err
    }
}
