//! The network edge of `check`: one reqwest client (the tool's policy from [`crate::net::client`]:
//! no redirects followed, no proxies; TRST's 20 s timeout by default) that sends a planned [`PlannedRequest`] exactly as TRST would and records what came back,
//! including failures, classified so the judges can tell a bad certificate from a refused port.

use std::time::{Duration, Instant};

use reqwest::header::{CONTENT_TYPE, LOCATION};
use url::Url;

use super::plan::PlannedRequest;
use super::report::{Exchange, ProbeAnswer, ProbeFailure, ProbeOutcome, Sent};
use crate::net::{self, CappedBody};
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
    /// A client that follows no redirects (TRST does not, as far as is known), uses no proxy,
    /// and gives up after `timeout`.
    pub fn new(url: Url, timeout: Duration) -> Result<Self, String> {
        let client = net::client::builder()
            .timeout(timeout)
            .user_agent(net::client::user_agent(Some("check")))
            .build()
            .map_err(|e| net::innermost_reason(&e))?;
        Ok(Probe {
            client,
            url,
            timeout,
        })
    }

    /// Send one delivery and record the outcome; never fails, every failure is a [`ProbeOutcome`].
    pub async fn send(&self, delivery: &PlannedRequest) -> Exchange {
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
            Ok(response) => ProbeOutcome::Answered(read_answer(response, started.elapsed()).await),
            Err(e) => {
                let failure = net::classify(&e);
                match failure.kind {
                    net::FailureKind::Timeout => ProbeOutcome::TimedOut {
                        after: self.timeout,
                    },
                    net::FailureKind::Tls => ProbeOutcome::Failed {
                        kind: ProbeFailure::Tls,
                        reason: failure.reason,
                    },
                    _ if failure.connecting => ProbeOutcome::Failed {
                        kind: ProbeFailure::Connect,
                        reason: failure.reason,
                    },
                    _ => ProbeOutcome::Failed {
                        kind: ProbeFailure::Other,
                        reason: failure.reason,
                    },
                }
            }
        };
        Exchange { sent, outcome }
    }
}

async fn read_answer(mut response: reqwest::Response, elapsed: Duration) -> ProbeAnswer {
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    // A body that breaks off or times out keeps what arrived: the status is what TRST judges.
    let mut body = CappedBody::new(BODY_CAP);
    let _ = body.read_from(&mut response).await;
    ProbeAnswer {
        status,
        elapsed,
        body: body.lossy_text(),
        truncated: body.truncated,
        location,
    }
}
