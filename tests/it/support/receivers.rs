//! Small webhook receivers for the `check` tests, served on 127.0.0.1:0. Each has at most one
//! known defect; the correct one verifies with an HMAC computed independently of the crate
//! (`support::signature`), deduplicates on event_id and acknowledges unknown types.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;

use crate::support::loopback::serve_in_thread;
use crate::support::signature::reference_signature;

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

struct Behaviour {
    secret: String,
    defect: Defect,
    ids: Mutex<HashSet<String>>,
    seen: Mutex<Vec<Seen>>,
}

/// A running receiver.
pub struct Receiver {
    pub url: String,
    state: Arc<Behaviour>,
}

impl Receiver {
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
    State(state): State<Arc<Behaviour>>,
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
pub fn start(secret: &str, defect: Defect) -> Receiver {
    let state = Arc::new(Behaviour {
        secret: secret.to_owned(),
        defect,
        ids: Mutex::new(HashSet::new()),
        seen: Mutex::new(Vec::new()),
    });
    let app = axum::Router::new()
        .route("/webhooks/trst", post(receive))
        .with_state(state.clone());
    let addr = serve_in_thread(app);
    Receiver {
        url: format!("http://{addr}/webhooks/trst"),
        state,
    }
}
