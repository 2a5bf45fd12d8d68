//! A real HTTP server on 127.0.0.1 port 0 standing in for a user's endpoint or app: records every
//! request exactly as received (method, path, headers in order, raw body) and answers as the test
//! scripts it. Used by the `send` tests and by `listen --forward-to`.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use crate::support::loopback::serve_in_thread;
use crate::support::sandbox::Sandbox;
use crate::support::signature::reference_signature;

/// How the server answers.
#[derive(Debug, Clone)]
pub enum Mode {
    /// 200 `{"received":true}` to everything.
    Accept,
    /// These statuses in order, then 200.
    Script(Vec<u16>),
    /// 200 when the signature verifies with this secret (checked with the reference HMAC), else 401.
    Verify(String),
    /// 302 to this location.
    Redirect(String),
    /// 200 with a body of this many bytes.
    Huge(usize),
    /// This status and body to everything.
    Answer(u16, &'static str),
    /// Never answer.
    Hang,
    /// Answer 200 after this long.
    Slow(Duration),
}

/// One request as received.
#[derive(Debug, Clone)]
pub struct Captured {
    pub method: String,
    pub path: String,
    /// Lowercase names, in arrival order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Captured {
    /// A header by lowercase name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body parsed as JSON (panics when it is not).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("body is JSON")
    }
}

struct Shared {
    mode: Mode,
    seen: Mutex<Vec<Captured>>,
    arrivals: Mutex<mpsc::Sender<()>>,
}

/// A running server; it stops when the test process ends.
pub struct Server {
    pub addr: std::net::SocketAddr,
    shared: Arc<Shared>,
    arrivals: mpsc::Receiver<()>,
}

impl Server {
    /// Start on 127.0.0.1:0, answering per `mode`.
    pub fn start(mode: Mode) -> Server {
        let (tx, rx) = mpsc::channel();
        let shared = Arc::new(Shared {
            mode,
            seen: Mutex::new(Vec::new()),
            arrivals: Mutex::new(tx),
        });
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(shared.clone());
        let addr = serve_in_thread(app);
        Server {
            addr,
            shared,
            arrivals: rx,
        }
    }

    /// The webhook URL on this server.
    pub fn url(&self) -> String {
        format!("http://{}/webhooks/trst", self.addr)
    }

    /// `trst-hooks send --to` this server, in the sandbox.
    pub fn send(&self, sb: &Sandbox) -> assert_cmd::Command {
        let mut cmd = sb.cmd();
        cmd.arg("send").arg("--to").arg(self.url());
        cmd
    }

    /// Every request so far, in arrival order.
    pub fn requests(&self) -> Vec<Captured> {
        self.shared.seen.lock().expect("lock").clone()
    }

    /// Block until a request has arrived (generous guard, not a timing assert).
    pub fn wait_for_request(&self) {
        self.arrivals
            .recv_timeout(Duration::from_secs(30))
            .expect("a request within 30 s");
    }
}

async fn handle(
    State(state): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let captured = Captured {
        method: method.to_string(),
        path: uri.to_string(),
        headers: headers
            .iter()
            .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap_or("?").to_owned()))
            .collect(),
        body: body.to_vec(),
    };
    let index = {
        let mut seen = state.seen.lock().expect("lock");
        seen.push(captured.clone());
        seen.len() - 1
    };
    let _ = state.arrivals.lock().expect("lock").send(());
    let ok = || (StatusCode::OK, r#"{"received":true}"#).into_response();
    match &state.mode {
        Mode::Accept => ok(),
        Mode::Script(statuses) => match statuses.get(index) {
            Some(&code) => (
                StatusCode::from_u16(code).expect("status"),
                format!("{{\"error\":\"scripted {code}\"}}"),
            )
                .into_response(),
            None => ok(),
        },
        Mode::Verify(secret) => {
            let expected = reference_signature(secret, &captured.body);
            if captured.header("x-webhook-signature") == Some(expected.as_str()) {
                ok()
            } else {
                (StatusCode::UNAUTHORIZED, "bad signature").into_response()
            }
        }
        Mode::Redirect(location) => {
            (StatusCode::FOUND, [("location", location.clone())], "").into_response()
        }
        Mode::Huge(n) => (StatusCode::OK, "x".repeat(*n)).into_response(),
        Mode::Answer(code, body) => {
            (StatusCode::from_u16(*code).expect("status"), *body).into_response()
        }
        Mode::Hang => std::future::pending().await,
        Mode::Slow(delay) => {
            tokio::time::sleep(*delay).await;
            ok()
        }
    }
}
