//! Small webhook receivers for the `check` tests, served on 127.0.0.1:0. Each has at most one
//! known defect; the correct one verifies with an HMAC computed independently of the crate
//! (`common::reference_signature`), deduplicates on event_id and acknowledges unknown types.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;

use crate::support::common::reference_signature;

/// The one thing a receiver does wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Defect {
    None,
    /// Accepts any request, signed or not.
    DoesNotVerify,
    /// Verifies, but answers 500 to event types it does not know.
    FailsOnUnknownType,
    /// Does everything right, but only after this long.
    Slow(Duration),
    /// Refuses bad signatures with 401, but the answer carries a Python traceback.
    LeaksStackTrace,
    /// Answers 500 when an event_id arrives a second time.
    FailsOnDuplicate,
}

/// What a receiver saw, for tests that check what `check` sent.
#[derive(Debug, Clone)]
pub struct Seen {
    pub body: Vec<u8>,
    pub user_agent: Option<String>,
}

struct Receiver {
    secret: String,
    defect: Defect,
    ids: Mutex<HashSet<String>>,
    seen: Mutex<Vec<Seen>>,
}

/// A running receiver.
pub struct Running {
    pub url: String,
    state: Arc<Receiver>,
}

impl Running {
    /// Everything received so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.state
            .seen
            .lock()
            .map(|s| s.clone())
            .unwrap_or_default()
    }
}

const KNOWN: &[&str] = &["enrollment.completed", "demo.scan.success", "webhook.test"];

const TRACEBACK: &str = "Traceback (most recent call last):\n  File \"/srv/hooks/app.py\", line 42, in receive\n    verify(request)\nhooks.errors.SignatureError: signature mismatch";

async fn receive(
    State(state): State<Arc<Receiver>>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, String) {
    let user_agent = headers
        .get("user-agent")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    if let Ok(mut seen) = state.seen.lock() {
        seen.push(Seen {
            body: body.to_vec(),
            user_agent,
        });
    }
    if let Defect::Slow(delay) = state.defect {
        tokio::time::sleep(delay).await;
    }
    if state.defect != Defect::DoesNotVerify {
        let expected = reference_signature(&state.secret, &body);
        let given = headers
            .get("x-webhook-signature")
            .and_then(|v| v.to_str().ok())
            .map(str::trim);
        if given != Some(expected.as_str()) {
            let answer = if state.defect == Defect::LeaksStackTrace {
                TRACEBACK.to_owned()
            } else {
                r#"{"error":"invalid signature"}"#.to_owned()
            };
            return (StatusCode::UNAUTHORIZED, answer);
        }
    }
    let Ok(event) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return (
            StatusCode::BAD_REQUEST,
            r#"{"error":"body is not JSON"}"#.into(),
        );
    };
    let event_type = event["data"]["event_type"]
        .as_str()
        .or_else(|| event["event_type"].as_str())
        .unwrap_or("")
        .to_owned();
    let event_id = event["event_id"].as_str().unwrap_or("").to_owned();
    let first_time = state
        .ids
        .lock()
        .map(|mut ids| ids.insert(event_id))
        .unwrap_or(true);
    if !first_time {
        if state.defect == Defect::FailsOnDuplicate {
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                r#"{"error":"internal error"}"#.into(),
            );
        }
        return (
            StatusCode::OK,
            r#"{"received":true,"duplicate":true}"#.into(),
        );
    }
    if !KNOWN.contains(&event_type.as_str()) && state.defect == Defect::FailsOnUnknownType {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            r#"{"error":"internal error"}"#.into(),
        );
    }
    (StatusCode::OK, r#"{"received":true}"#.into())
}

/// Serve a receiver with `secret` and `defect` on 127.0.0.1:0 until the test process ends.
pub fn start(secret: &str, defect: Defect) -> Running {
    let state = Arc::new(Receiver {
        secret: secret.to_owned(),
        defect,
        ids: Mutex::new(HashSet::new()),
        seen: Mutex::new(Vec::new()),
    });
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.set_nonblocking(true).expect("nonblocking");
    let addr = listener.local_addr().expect("local addr");
    let app = axum::Router::new()
        .route("/webhooks/trst", post(receive))
        .with_state(state.clone());
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            let _ = axum::serve(listener, app).await;
        });
    });
    Running {
        url: format!("http://{addr}/webhooks/trst"),
        state,
    }
}

/// A port that accepts connections and never answers: every request times out.
pub fn start_silent() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("local addr");
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    format!("http://{addr}/webhooks/trst")
}
