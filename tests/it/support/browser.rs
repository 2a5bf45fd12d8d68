//! A real headless Chromium driven over the DevTools protocol (a few CDP commands over one
//! WebSocket), for the inspector's browser tests. No browser installed: one loud line says the
//! browser tests were skipped, and with `CI` set that is a failure instead.

use std::io::Write;
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Once;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

use crate::support::process::PATIENCE;

/// A headless Chromium with one page; killed (and its profile removed) when dropped.
pub struct Browser {
    child: Child,
    _profile: tempfile::TempDir,
    socket: WebSocket<TcpStream>,
    session: String,
    next_id: u64,
    /// Events read while waiting for a reply, for [`Browser::wait_event`].
    events: Vec<Value>,
}

/// The installed Chromium, if any (`CHROMIUM` overrides the search).
fn find() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome", "chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

static SKIPPED: Once = Once::new();

impl Browser {
    /// Start Chromium (extra flags appended), or None after the one loud skip line; panics
    /// when `CI` is set and no browser is installed.
    pub fn launch(extra: &[&str]) -> Option<Browser> {
        let Some(binary) = find() else {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI is set but no Chromium is installed: the inspector's browser tests cannot run (apt-get install -y chromium)"
            );
            // Written to the real stderr: the test harness would swallow an eprintln!.
            SKIPPED.call_once(|| {
                let _ = writeln!(
                    std::io::stderr(),
                    "!!! BROWSER TESTS SKIPPED: no chromium found (apt-get install -y chromium, or set CHROMIUM=/path) !!!"
                );
            });
            return None;
        };
        let profile = tempfile::tempdir().expect("profile dir");
        let child = Command::new(&binary)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--disable-dev-shm-usage",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .args(extra)
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        let mut browser_guard = Guard(Some(child));
        let active = profile.path().join("DevToolsActivePort");
        let deadline = Instant::now() + PATIENCE;
        // Chromium writes this file once DevTools listens: wait for it to exist and be complete.
        let (port, path) = loop {
            if let Ok(text) = std::fs::read_to_string(&active) {
                let mut lines = text.lines();
                if let (Some(port), Some(path)) = (lines.next(), lines.next()) {
                    break (port.to_owned(), path.to_owned());
                }
            }
            assert!(Instant::now() < deadline, "Chromium never opened DevTools");
            std::thread::sleep(Duration::from_millis(20));
        };
        let stream = TcpStream::connect(format!("127.0.0.1:{port}")).expect("connect DevTools");
        stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
        let url = format!("ws://127.0.0.1:{port}{path}");
        let (socket, _) = tungstenite::client(url.as_str(), stream).expect("DevTools handshake");
        let mut browser = Browser {
            child: browser_guard.0.take().expect("child"),
            _profile: profile,
            socket,
            session: String::new(),
            next_id: 0,
            events: Vec::new(),
        };
        let target = browser.call("Target.createTarget", json!({"url": "about:blank"}));
        let target_id = target["targetId"].as_str().expect("targetId").to_owned();
        let attached = browser.call(
            "Target.attachToTarget",
            json!({"targetId": target_id, "flatten": true}),
        );
        browser.session = attached["sessionId"]
            .as_str()
            .expect("sessionId")
            .to_owned();
        browser.call("Page.enable", json!({}));
        browser.call("Runtime.enable", json!({}));
        Some(browser)
    }

    /// Send one command (to the page once attached) and return its result; panics on an error.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if !self.session.is_empty() {
            message["sessionId"] = json!(self.session);
        }
        self.socket
            .send(Message::text(message.to_string()))
            .expect("send to DevTools");
        loop {
            let reply = self.next_message();
            if reply.get("method").is_some() {
                self.events.push(reply);
                continue;
            }
            if reply["id"].as_u64() != Some(id) {
                continue;
            }
            if let Some(error) = reply.get("error") {
                panic!("{method} failed: {error}");
            }
            return reply["result"].clone();
        }
    }

    fn next_message(&mut self) -> Value {
        loop {
            let frame = self.socket.read().expect("read from DevTools");
            if let Message::Text(text) = frame {
                return serde_json::from_str(text.as_str()).expect("DevTools JSON");
            }
        }
    }

    /// Wait for the page's next event called `method` (one already read counts).
    pub fn wait_event(&mut self, method: &str) -> Value {
        if let Some(at) = self.events.iter().position(|e| e["method"] == method) {
            return self.events.remove(at);
        }
        loop {
            let message = self.next_message();
            if message["method"] == method {
                return message;
            }
        }
    }

    /// Evaluate JavaScript in the page (promises awaited) and return its value.
    pub fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "awaitPromise": true, "returnByValue": true}),
        );
        if let Some(exception) = result.get("exceptionDetails") {
            panic!("{expression}\nthrew: {exception}");
        }
        result["result"]["value"].clone()
    }

    /// Wait (inside the page, re-checking every 10 ms) until `condition` — a JS
    /// expression — is truthy; panics with `what` after a long guard.
    pub fn wait_for(&mut self, condition: &str, what: &str) {
        let script = format!(
            "new Promise((resolve) => {{
                const deadline = Date.now() + {ms};
                const check = () => {{
                    let ok = false;
                    try {{ ok = !!({condition}); }} catch (_) {{}}
                    if (ok || Date.now() > deadline) resolve(ok);
                    else setTimeout(check, 10);
                }};
                check();
            }})",
            ms = PATIENCE.as_millis()
        );
        let ok = self.eval(&script);
        assert_eq!(ok, json!(true), "the page never showed {what}");
    }

    /// Load `url` and wait until the document has loaded.
    pub fn open(&mut self, url: &str) {
        self.events.clear();
        self.call("Page.navigate", json!({"url": url}));
        self.wait_event("Page.loadEventFired");
    }

    /// Click the first element matching `selector`.
    pub fn click(&mut self, selector: &str) {
        let clicked = self.eval(&format!(
            "(() => {{ const e = document.querySelector({s}); if (!e) return false; e.click(); return true; }})()",
            s = json!(selector)
        ));
        assert_eq!(clicked, json!(true), "nothing to click at {selector}");
    }

    /// A PNG of the viewport at this size.
    pub fn screenshot(&mut self, width: u32, height: u32) -> Vec<u8> {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}),
        );
        let shot = self.call("Page.captureScreenshot", json!({"format": "png"}));
        use base64::Engine;
        base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().expect("PNG data"))
            .expect("base64 PNG")
    }
}

/// Kills a browser that has not been handed over yet (a failed start).
struct Guard(Option<Child>);

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(child) = self.0.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
