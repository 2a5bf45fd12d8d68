//! A webhook handler for the emulator's deliveries, served on the test's runtime at 127.0.0.1:0:
//! answers per a script, reports every request over a channel (tests wait on requests, not on
//! sleeps), can check signatures against the secret a test learnt, and can hold an answer until
//! the test opens a gate.

use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use tokio::sync::{mpsc, oneshot};

use crate::support::loopback::serve;
use crate::support::process::PATIENCE;
use crate::support::signature::reference_signature;

/// What the handler does with the n-th request (0-based); the script's last entry repeats.
#[derive(Debug, Clone, Copy)]
pub enum Reply {
    /// This status, with the body `answer N`.
    Status(u16),
    /// 302 to `/elsewhere`.
    Redirect,
    /// Never answer.
    Hang,
}

/// One request as the handler saw it.
#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    /// Whether `X-Webhook-Signature` matched the secret given to [`Handler::trust`].
    pub signed: bool,
}

/// A running handler.
pub struct Handler {
    /// Its base URL (`http://127.0.0.1:PORT`).
    pub url: String,
    received: mpsc::UnboundedReceiver<Received>,
    secret: Arc<Mutex<Option<String>>>,
    gates: Mutex<Vec<Option<oneshot::Sender<()>>>>,
}

/// What every request shares.
struct Shared {
    script: Vec<Reply>,
    verify: bool,
    count: Mutex<usize>,
    secret: Arc<Mutex<Option<String>>>,
    gates: Mutex<Vec<Option<oneshot::Receiver<()>>>>,
    received: mpsc::UnboundedSender<Received>,
}

impl Handler {
    /// Answer per `script`, whatever the signature.
    pub async fn start(script: Vec<Reply>) -> Handler {
        Handler::serve(script, false, &[]).await
    }

    /// Answer 401 unless a request is signed with the secret given to [`Handler::trust`], else per
    /// `script`; request n (0-based) is held until [`Handler::open`]`(n)` when `held[n]`.
    pub async fn verifying(script: Vec<Reply>, held: &[bool]) -> Handler {
        Handler::serve(script, true, held).await
    }

    async fn serve(script: Vec<Reply>, verify: bool, held: &[bool]) -> Handler {
        let (mut senders, mut receivers) = (Vec::new(), Vec::new());
        for &hold in held {
            let (tx, rx) = oneshot::channel();
            senders.push(hold.then_some(tx));
            receivers.push(hold.then_some(rx));
        }
        let secret = Arc::new(Mutex::new(None));
        let (tx, received) = mpsc::unbounded_channel();
        let shared = Arc::new(Shared {
            script,
            verify,
            count: Mutex::new(0),
            secret: secret.clone(),
            gates: Mutex::new(receivers),
            received: tx,
        });
        let app = axum::Router::new().fallback(
            move |uri: Uri, headers: HeaderMap, body: axum::body::Bytes| {
                answer(shared.clone(), uri, headers, body.to_vec())
            },
        );
        Handler {
            url: format!("http://{}", serve(app).await),
            received,
            secret,
            gates: Mutex::new(senders),
        }
    }

    /// The secret deliveries must be signed with.
    pub fn trust(&self, secret: &str) {
        *self.secret.lock().expect("secret lock") = Some(secret.to_owned());
    }

    /// Let held request `n` (0-based) be answered.
    pub fn open(&self, n: usize) {
        if let Some(gate) = take_gate(&self.gates, n) {
            let _ = gate.send(());
        }
    }

    /// A request received and not yet taken, if any (without waiting).
    pub fn try_next(&mut self) -> Option<Received> {
        self.received.try_recv().ok()
    }

    /// The next request it received (panics after [`PATIENCE`]).
    pub async fn next(&mut self) -> Received {
        tokio::time::timeout(PATIENCE, self.received.recv())
            .await
            .expect("the handler got a request in time")
            .expect("handler alive")
    }
}

async fn answer(shared: Arc<Shared>, uri: Uri, headers: HeaderMap, body: Vec<u8>) -> Response {
    let n = {
        let mut count = shared.count.lock().expect("count lock");
        *count += 1;
        *count - 1
    };
    let expected = shared
        .secret
        .lock()
        .expect("secret lock")
        .as_deref()
        .map(|secret| reference_signature(secret, &body));
    let given = headers
        .get("x-webhook-signature")
        .and_then(|v| v.to_str().ok());
    let signed = expected.is_some() && expected.as_deref() == given;
    let _ = shared.received.send(Received {
        path: uri.path().to_owned(),
        headers,
        body,
        signed,
    });
    if let Some(gate) = take_gate(&shared.gates, n) {
        let _ = tokio::time::timeout(PATIENCE, gate).await;
    }
    if shared.verify && !signed {
        return (StatusCode::UNAUTHORIZED, "bad signature").into_response();
    }
    let reply = shared
        .script
        .get(n)
        .or(shared.script.last())
        .copied()
        .unwrap_or(Reply::Status(200));
    match reply {
        Reply::Status(code) => (
            StatusCode::from_u16(code).expect("status"),
            format!("answer {}", n + 1),
        )
            .into_response(),
        Reply::Redirect => {
            (StatusCode::FOUND, [("location", "/elsewhere")], "moved").into_response()
        }
        Reply::Hang => std::future::pending().await,
    }
}

/// Gate `n`'s end, once (None when request n is not held).
fn take_gate<T>(gates: &Mutex<Vec<Option<T>>>, n: usize) -> Option<T> {
    gates
        .lock()
        .expect("gates lock")
        .get_mut(n)
        .and_then(Option::take)
}
