//! `--forward-to URL`: relay each delivery to the user's own app, raw body and signature
//! unchanged, so the app verifies exactly what TRST sent; the sender gets the app's answer.

use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::HeaderMap;

use crate::defaults::DELIVERY_TIMEOUT_SECS;
use crate::net::{self, CappedBody, FailureKind};

/// At most this much of the app's answer is kept (shown, relayed to the sender).
pub const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// Headers that describe one hop, not the message: never relayed.
pub const HOP_BY_HOP: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-connection",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
    "content-length",
];

/// The relay: one HTTP client for the whole run.
pub struct Forwarder {
    client: reqwest::Client,
    url: reqwest::Url,
}

/// What the app said, or why it said nothing.
#[derive(Debug, Clone)]
pub struct ForwardOutcome {
    pub url: String,
    pub latency: Duration,
    pub result: Result<AppAnswer, ForwardError>,
}

/// The app's answer (body cut at [`MAX_ANSWER_BYTES`]).
#[derive(Debug, Clone)]
pub struct AppAnswer {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Bytes,
    pub truncated: bool,
}

/// Why the app gave no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ForwardError {
    #[error("cannot reach {url}: {reason}")]
    Unreachable { url: String, reason: String },
    #[error("no answer within {0} s (TRST's delivery timeout)")]
    TimedOut(u64),
}

impl ForwardOutcome {
    /// The status to give the sender: the app's, 502 when unreachable, 504 on timeout.
    pub fn status(&self) -> u16 {
        match &self.result {
            Ok(answer) => answer.status,
            Err(ForwardError::Unreachable { .. }) => 502,
            Err(ForwardError::TimedOut(_)) => 504,
        }
    }
}

impl Forwarder {
    /// A relay to `url` with TRST's 20-second delivery timeout, no redirects and no proxies.
    pub fn new(url: reqwest::Url) -> anyhow::Result<Self> {
        let client = net::client::builder()
            .timeout(Duration::from_secs(DELIVERY_TIMEOUT_SECS))
            .build()?;
        Ok(Forwarder { client, url })
    }

    /// The URL deliveries go to.
    pub fn url(&self) -> &reqwest::Url {
        &self.url
    }

    /// Relay one delivery: same body bytes, same headers except hop-by-hop ones.
    pub async fn forward(&self, headers: &HeaderMap, body: Bytes) -> ForwardOutcome {
        let started = Instant::now();
        let mut relayed = HeaderMap::with_capacity(headers.len());
        for (name, value) in headers {
            if !HOP_BY_HOP.contains(&name.as_str()) {
                relayed.append(name.clone(), value.clone());
            }
        }
        let sent = self
            .client
            .post(self.url.clone())
            .headers(relayed)
            .body(body)
            .send()
            .await;
        let result = match sent {
            Ok(response) => read_answer(response).await,
            Err(e) => Err(self.failure(&e)),
        };
        ForwardOutcome {
            url: self.url.to_string(),
            latency: started.elapsed(),
            result,
        }
    }

    fn failure(&self, e: &reqwest::Error) -> ForwardError {
        let failure = net::classify(e);
        if failure.kind == FailureKind::Timeout {
            return ForwardError::TimedOut(DELIVERY_TIMEOUT_SECS);
        }
        ForwardError::Unreachable {
            url: self.url.to_string(),
            reason: failure.reason,
        }
    }
}

async fn read_answer(mut response: reqwest::Response) -> Result<AppAnswer, ForwardError> {
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let mut body = CappedBody::new(MAX_ANSWER_BYTES);
    // The status arrived; a body cut short is still an answer (marked truncated).
    if body.read_from(&mut response).await.is_err() {
        body.truncated = true;
    }
    Ok(AppAnswer {
        status,
        content_type,
        truncated: body.truncated,
        body: Bytes::from(body.bytes),
    })
}
