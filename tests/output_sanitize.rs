//! Text from outside never reaches the terminal raw (issue 13, finding 2): every human renderer,
//! run as the real binary through a pipe and under a pseudo-terminal (`script`, the coloured
//! path), shows control, C1, DEL and bidi characters escaped; `--json` stays exact JSON.
//! Self-contained: a raw loopback HTTP server stands in for endpoints and the TRST API.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Every class that must be escaped, with the text it must show as.
const ATTACK: &[(&str, &str)] = &[
    ("\u{1b}]0;title\u{7}", "\\x1b]0;title\\x07"),
    ("\u{1b}[2J", "\\x1b[2J"),
    (
        "\u{1b}]8;;http://evil.example/\u{1b}\\link\u{1b}]8;;\u{1b}\\",
        "\\x1b]8;;http://evil.example/\\x1b\\link\\x1b]8;;\\x1b\\",
    ),
    ("\r✓ valid", "\\r✓ valid"),
    ("\u{202e}", "\\u{202e}"),
    ("\u{9b}", "\\u{9b}"),
    ("\u{7f}", "\\x7f"),
    ("\u{2066}\u{200f}\u{61c}", "\\u{2066}\\u{200f}\\u{61c}"),
];

/// In pretty-printed JSON the same characters show as JSON escapes.
const ATTACK_IN_JSON: &[&str] = &[
    "\\u001b]0;title\\u0007",
    "\\u001b[2J",
    "\\r✓ valid",
    "\\u202e",
    "\\u009b",
    "\\u007f",
    "\\u2066\\u200f\\u061c",
];

const DEV: &str = "whsec_trst_hooks_local_development_only";
const GUARD: Duration = Duration::from_secs(60);

fn attack() -> String {
    ATTACK
        .iter()
        .map(|(raw, _)| *raw)
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Mode {
    Pipe,
    Pty,
}

const MODES: [Mode; 2] = [Mode::Pipe, Mode::Pty];

/// A sandbox: its own HOME, config and data dirs, no inherited secrets.
struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Self {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn file(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(name);
        std::fs::write(&path, contents).expect("write");
        path
    }

    /// The binary with `args`: directly (pipe), or under `script` (a pseudo-terminal, colour on).
    fn command(&self, mode: Mode, args: &[&str]) -> Command {
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
                cmd.args(["-qec", &line, "/dev/null"])
                    .env_remove("NO_COLOR")
                    .env("TERM", "xterm-256color");
                cmd
            }
        };
        let home = self.path();
        cmd.current_dir(home)
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("TRST_HOOKS_CONFIG_DIR", home.join("config"))
            .env("TRST_HOOKS_DATA_DIR", home.join("data"))
            .env_remove("TRST_WEBHOOK_SECRET")
            .env_remove("TRST_API_KEY")
            .env_remove("TRST_API_BASE")
            .env_remove("TRST_PROJECT_ID")
            .env_remove("CLICOLOR_FORCE")
            .stdin(Stdio::null());
        cmd
    }

    /// Run to the end; stdout and stderr together (a terminal shows both).
    fn run(&self, mode: Mode, args: &[&str], env: &[(&str, &str)]) -> String {
        let mut cmd = self.command(mode, args);
        cmd.envs(env.iter().copied());
        let out = cmd.output().expect("run trst-hooks");
        let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&out.stderr));
        text
    }
}

fn shell_quote(arg: &str) -> String {
    format!("'{}'", arg.replace('\'', "'\\''"))
}

/// What a person sees: colour sequences removed, the terminal's `\r\n` as `\n`. Panics when any
/// other control, C1, DEL or bidi character is left, naming it.
fn assert_clean(mode: Mode, output: &str) -> String {
    let sgr = regex::Regex::new("\u{1b}\\[[0-9;]*m").expect("regex");
    let text = sgr.replace_all(output, "").replace("\r\n", "\n");
    for (i, c) in text.char_indices() {
        let bad = matches!(c, '\u{0}'..='\u{9}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
            | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}');
        assert!(
            !bad,
            "{mode:?}: raw {c:?} at {i} in:\n{}",
            text.escape_debug()
        );
    }
    if mode == Mode::Pty {
        assert!(
            sgr.is_match(output),
            "the terminal run should be coloured:\n{output}"
        );
    }
    text
}

fn assert_shows(text: &str, wanted: &[&str]) {
    for w in wanted {
        assert!(text.contains(w), "missing {w:?} in:\n{text}");
    }
}

fn escaped_forms() -> Vec<&'static str> {
    ATTACK.iter().map(|(_, shown)| *shown).collect()
}

/// A JSON event whose id and type carry the attack.
fn attack_event() -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "event_id": attack(),
        "event_type": attack(),
        "project_id": "proj_1",
        "data": {"note": attack()},
    }))
    .expect("json")
}

fn signature(secret: &str, body: &[u8]) -> String {
    use hmac::{Hmac, KeyInit, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("key");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// POST `body` to `addr` + `path`; the answer's status.
fn post(addr: SocketAddr, path: &str, body: &[u8], headers: &[(&str, &str)]) -> u16 {
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
type Answer = (String, Vec<(String, String)>, Vec<u8>);

fn serve(answer: fn(&str, &str) -> Answer) -> SocketAddr {
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

fn handle(stream: TcpStream, answer: fn(&str, &str) -> Answer) {
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

/// An endpoint whose answers carry the attack: a JSON body, a header value (bidi and C1 are
/// legal header bytes), and a text body on `/text`.
fn hostile_endpoint(_method: &str, path: &str) -> Answer {
    let headers = vec![("X-Evil".to_owned(), "a\u{202e}b\u{9b}c".to_owned())];
    if path.starts_with("/text") {
        return (
            "500 Internal Server Error".into(),
            headers,
            attack().into_bytes(),
        );
    }
    let body = serde_json::to_vec(&serde_json::json!({"error": attack()})).expect("json");
    ("500 Internal Server Error".into(), headers, body)
}

/// The TRST API, answering with webhooks whose every field carries the attack.
fn hostile_api(method: &str, path: &str) -> Answer {
    let webhook = serde_json::json!({
        "id": format!("wh_{}", attack()),
        "url": format!("https://example.com/{}", attack()),
        "event_types": [attack()],
        "enabled": true,
        "created_at": attack(),
        "description": attack(),
        "secret": format!("whsec_{}", attack()),
    });
    let json = vec![("Content-Type".to_owned(), "application/json".to_owned())];
    let body = match (method, path.ends_with("/webhooks")) {
        ("GET", true) => serde_json::to_vec(&serde_json::json!([webhook])),
        ("POST", true) => serde_json::to_vec(&webhook),
        ("GET", false) => serde_json::to_vec(&webhook),
        _ => {
            let error = serde_json::json!({"error": {"message": attack()}});
            return (
                "422 Unprocessable Entity".into(),
                json,
                serde_json::to_vec(&error).expect("json"),
            );
        }
    }
    .expect("json");
    let status = if method == "POST" {
        "201 Created"
    } else {
        "200 OK"
    };
    (status.into(), json, body)
}

/// `listen`, run by a test: its output so far and the address it listens on.
struct Listener {
    child: Child,
    addr: SocketAddr,
    path: String,
    output: mpsc::Receiver<String>,
}

fn start_listen(sb: &Sandbox, mode: Mode, log: &Path) -> Listener {
    let log = log.to_str().expect("utf-8 path");
    let mut cmd = sb.command(
        mode,
        &["listen", "--port", "0", "--expect", "1", "--log", log],
    );
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("start listen");
    let (tx, rx) = mpsc::channel();
    for stream in [
        Box::new(child.stdout.take().expect("stdout")) as Box<dyn Read + Send>,
        Box::new(child.stderr.take().expect("stderr")),
    ] {
        let tx = tx.clone();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stream);
            let mut line = Vec::new();
            while reader.read_until(b'\n', &mut line).unwrap_or(0) > 0 {
                let _ = tx.send(String::from_utf8_lossy(&line).into_owned());
                line.clear();
            }
        });
    }
    loop {
        let line = rx.recv_timeout(GUARD).expect("listen prints a ready line");
        if let Some(rest) = line.trim_end().split("ready: listening on http://").nth(1) {
            let slash = rest.find('/').expect("a path");
            return Listener {
                addr: rest[..slash].parse().expect("host:port"),
                path: rest[slash..].to_owned(),
                child,
                output: rx,
            };
        }
    }
}

impl Listener {
    /// Wait for the exit (`--expect 1` met) and return all output.
    fn finish(mut self) -> String {
        let _ = self.child.wait();
        let mut text = String::new();
        while let Ok(line) = self.output.recv_timeout(Duration::from_secs(5)) {
            text.push_str(&line);
        }
        text
    }
}

#[test]
fn listen_shows_a_hostile_delivery_escaped() {
    for mode in MODES {
        let sb = Sandbox::new();
        let log = sb.path().join("deliveries.jsonl");
        let listener = start_listen(&sb, mode, &log);
        let (addr, path) = (listener.addr, listener.path.clone());
        // Unsigned: the event id and type hold the attack.
        assert_eq!(post(addr, &path, &attack_event(), &[]), 401);
        // Not JSON: the raw body is the attack.
        assert_eq!(post(addr, &path, attack().as_bytes(), &[]), 401);
        // Signed and valid, so `--expect 1` ends the run; its type lands in the summary.
        let valid = attack_event();
        let sig = signature(DEV, &valid);
        assert_eq!(
            post(addr, &path, &valid, &[("X-Webhook-Signature", &sig)]),
            200
        );
        let shown = assert_clean(mode, &listener.finish());
        assert_shows(&shown, &escaped_forms());
        assert_shows(&shown, ATTACK_IN_JSON);
        assert!(shown.contains("── summary"), "{shown}");

        // The same log, read back by `verify --log -v` and replayed by `send --dry-run`.
        let log_arg = log.to_str().expect("utf-8");
        let verify = sb.run(
            mode,
            &["verify", "--log", log_arg, "--verbose", "--dev-secret"],
            &[],
        );
        assert_shows(&assert_clean(mode, &verify), &escaped_forms());
        let dry = sb.run(
            mode,
            &[
                "send",
                "--replay",
                log_arg,
                "--last",
                "--dry-run",
                "--dev-secret",
            ],
            &[],
        );
        let dry = assert_clean(mode, &dry);
        assert!(dry.contains("dry run"), "{dry}");
        // The replayed body is JSON as logged (its ESC already `\u001b`); what JSON leaves raw
        // (bidi, C1, DEL) is escaped.
        assert_shows(&dry, &["\\u001b]0;title", "\\u{202e}", "\\u{9b}", "\\x7f"]);
    }
}

#[test]
fn verify_of_a_hostile_body_is_escaped() {
    for mode in MODES {
        let sb = Sandbox::new();
        let body = sb.file("event.json", attack_event());
        let body = body.to_str().expect("utf-8");
        let zero = format!("sha256={}", "00".repeat(32));
        let shown = sb.run(
            mode,
            &["verify", body, "--signature", &zero, "--dev-secret"],
            &[],
        );
        let shown = assert_clean(mode, &shown);
        assert!(shown.contains("invalid signature"), "{shown}");
        assert_shows(&shown, &escaped_forms());
    }
}

#[test]
fn send_shows_a_hostile_answer_escaped() {
    let addr = serve(hostile_endpoint);
    for mode in MODES {
        let sb = Sandbox::new();
        for path in ["/json", "/text"] {
            let url = format!("http://{addr}{path}");
            let shown = sb.run(
                mode,
                &[
                    "send",
                    "enrollment.completed",
                    "--to",
                    &url,
                    "--dev-secret",
                    "--verbose",
                    "--full",
                ],
                &[],
            );
            let shown = assert_clean(mode, &shown);
            assert_shows(&shown, &["500", "a\\u{202e}b\\u{9b}c"]);
            if path == "/text" {
                assert_shows(&shown, &escaped_forms());
            } else {
                assert_shows(&shown, ATTACK_IN_JSON);
            }
        }
    }
}

#[test]
fn send_json_keeps_the_answer_exact() {
    let addr = serve(hostile_endpoint);
    let sb = Sandbox::new();
    let url = format!("http://{addr}/text");
    let out = sb
        .command(
            Mode::Pipe,
            &[
                "send",
                "enrollment.completed",
                "--to",
                &url,
                "--dev-secret",
                "--json",
            ],
        )
        .output()
        .expect("run");
    let line = String::from_utf8(out.stdout).expect("utf-8");
    let value: serde_json::Value =
        serde_json::from_str(line.lines().next().expect("a line")).expect("JSON");
    assert_eq!(value["response_body"], attack());
}

#[test]
fn check_shows_a_hostile_endpoint_escaped() {
    let addr = serve(hostile_endpoint);
    for mode in MODES {
        let sb = Sandbox::new();
        let url = format!("http://{addr}/text");
        let shown = sb.run(mode, &["check", &url, "--verbose", "--dev-secret"], &[]);
        let shown = assert_clean(mode, &shown);
        assert!(shown.contains("not ready"), "{shown}");
        assert_shows(&shown, &["\\x1b]0;title\\x07", "\\u{202e}"]);
    }
}

#[test]
fn webhooks_show_hostile_api_fields_escaped() {
    let addr = serve(hostile_api);
    let base = format!("http://{addr}/v1");
    let env = [
        ("TRST_API_BASE", base.as_str()),
        ("TRST_PROJECT_ID", "proj_1"),
        ("TRST_API_KEY", "key_1.secretpart"),
    ];
    for mode in MODES {
        let sb = Sandbox::new();
        for args in [
            &["webhooks", "list"][..],
            &["webhooks", "get", "wh_1"],
            &[
                "webhooks",
                "create",
                "--url",
                "https://example.com/hook",
                "--event-type",
                "enrollment.completed",
            ],
        ] {
            let shown = assert_clean(mode, &sb.run(mode, args, &env));
            assert_shows(&shown, &["\\x1b]0;title\\x07", "\\u{202e}", "\\r✓ valid"]);
        }
        // A server's error message (whitespace folded by the client, controls escaped here).
        let shown = sb.run(mode, &["webhooks", "delete", "wh_1", "--yes"], &env);
        let shown = assert_clean(mode, &shown);
        assert_shows(&shown, &["error:", "\\x1b]0;title\\x07", "\\u{202e}"]);
    }
}
