//! The network edge of `check`: one reqwest client (no redirects followed, TRST's 20 s timeout by
//! default) that sends a planned [`Delivery`] exactly as TRST would and records what came back,
//! including failures, classified so the judges can tell a bad certificate from a refused port.

use std::time::{Duration, Instant};

use reqwest::header::{CONTENT_TYPE, LOCATION};
use url::Url;

use super::plan::Delivery;
use super::report::{Answer, Exchange, FailureKind, Outcome, Sent};
use crate::signature::HEADER_NAME;

/// At most this much of an answer body is kept: enough to find a stack trace, bounded memory.
pub const BODY_CAP: usize = 64 * 1024;

/// Sends deliveries to one URL.
#[derive(Clone)]
pub struct Probe {
    client: reqwest::Client,
    url: Url,
    timeout: Duration,
}

impl Probe {
    /// A client that follows no redirects (TRST does not, as far as is known) and gives up after
    /// `timeout`. Proxies from the environment are honoured except for loopback URLs.
    pub fn new(url: Url, timeout: Duration, loopback: bool) -> Result<Self, String> {
        let mut builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(timeout)
            .user_agent(concat!("trst-hooks-check/", env!("CARGO_PKG_VERSION")));
        if loopback {
            builder = builder.no_proxy();
        }
        let client = builder.build().map_err(|e| chain(&e))?;
        Ok(Probe {
            client,
            url,
            timeout,
        })
    }

    /// Send one delivery and record the outcome; never fails, every failure is an [`Outcome`].
    pub async fn send(&self, delivery: &Delivery) -> Exchange {
        let sent = Sent {
            label: delivery.label.clone(),
            method: "POST",
            url: self.url.to_string(),
            signature: delivery.signature.clone(),
            event_id: delivery.event_id.clone(),
            event_type: delivery.event_type.clone(),
            body: delivery.body.clone(),
        };
        let mut request = self
            .client
            .post(self.url.clone())
            .header(CONTENT_TYPE, "application/json")
            .body(delivery.body.clone());
        if let Some(signature) = &delivery.signature {
            request = request.header(HEADER_NAME, signature);
        }
        let started = Instant::now();
        let outcome = match request.send().await {
            Ok(response) => Outcome::Answered(read_answer(response, started.elapsed()).await),
            Err(e) if e.is_timeout() => Outcome::TimedOut {
                after: self.timeout,
            },
            Err(e) => Outcome::Failed {
                kind: classify(&e, self.url.scheme() == "https"),
                reason: chain(&e),
            },
        };
        Exchange { sent, outcome }
    }
}

async fn read_answer(mut response: reqwest::Response, elapsed: Duration) -> Answer {
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let mut body = Vec::new();
    let mut truncated = false;
    // A body that breaks off or times out keeps what arrived: the status is what TRST judges.
    while let Ok(Some(chunk)) = response.chunk().await {
        let room = BODY_CAP - body.len();
        if chunk.len() > room {
            body.extend_from_slice(&chunk[..room]);
            truncated = true;
            break;
        }
        body.extend_from_slice(&chunk);
    }
    Answer {
        status,
        elapsed,
        body: String::from_utf8_lossy(&body).into_owned(),
        truncated,
        location,
    }
}

/// Tell a TLS failure from a connection failure from anything else, by the error chain.
fn classify(error: &reqwest::Error, https: bool) -> FailureKind {
    let mut text = String::new();
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = current {
        text.push_str(&e.to_string().to_ascii_lowercase());
        text.push('\n');
        current = e.source();
    }
    let tls_words = [
        "certificate",
        "tls",
        "handshake",
        "ssl",
        "peer",
        "corrupt message",
    ];
    if https && tls_words.iter().any(|w| text.contains(w)) {
        FailureKind::Tls
    } else if error.is_connect() {
        FailureKind::Connect
    } else {
        FailureKind::Other
    }
}

/// The innermost cause of an error (the one that names what went wrong: "Connection refused",
/// "invalid peer certificate: UnknownIssuer"), without reqwest's URL and the OS error number.
fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut innermost = error.to_string();
    let mut current = error.source();
    while let Some(e) = current {
        innermost = e.to_string();
        current = e.source();
    }
    let text = match innermost.find(" (os error") {
        Some(i) => innermost[..i].to_owned(),
        None => innermost,
    };
    match text.strip_prefix("error sending request for url (") {
        Some(_) => "the request could not be sent".to_owned(),
        None => text,
    }
}
