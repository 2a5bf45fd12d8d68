//! The health probe of `listen --register`: a signed `webhook.test`-shaped POST to the public URL
//! carrying the run's probe token. It has arrived when the listener counted it
//! ([`crate::server::probe::Probe`]) by the time the answer comes back; a tunnel that is down
//! answers an error or nothing, and a URL that leads elsewhere answers without the count moving.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::fixtures::{self, RenderInput};
use crate::secret::Secret;
use crate::server::probe::{self, Probe};
use crate::signature;

/// How long one probe may take (TRST's own delivery timeout).
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(20);

/// Sends probes through one public URL.
pub struct Prober {
    client: reqwest::Client,
    url: String,
    secret: Secret,
    probe: Arc<Probe>,
}

/// What one probe found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Health {
    /// It came back through the public URL, after this long.
    Arrived(Duration),
    /// It did not; the reason, worded for a person.
    Lost(String),
}

impl Prober {
    /// A prober for `url`, signing with `secret` and recognised by `probe`.
    pub fn new(url: &str, secret: Secret, probe: Arc<Probe>) -> reqwest::Result<Self> {
        let client = crate::net::client::builder()
            .timeout(PROBE_TIMEOUT)
            .user_agent(crate::net::client::user_agent(Some("probe")))
            .build()?;
        Ok(Prober {
            client,
            url: url.to_owned(),
            secret,
            probe,
        })
    }

    /// Send one probe and say whether it came back.
    pub async fn check(&self) -> Health {
        let body = match body() {
            Ok(body) => body,
            Err(e) => return Health::Lost(format!("cannot build the probe: {e}")),
        };
        let before = self.probe.arrivals();
        let started = Instant::now();
        let answer = self
            .client
            .post(&self.url)
            .header("content-type", "application/json")
            .header(
                signature::HEADER_NAME,
                signature::sign(self.secret.expose(), &body),
            )
            .header(probe::HEADER, self.probe.token())
            .body(body)
            .send()
            .await;
        let took = started.elapsed();
        let arrived = self.probe.arrivals() > before;
        match answer {
            Ok(_) if arrived => Health::Arrived(took),
            Ok(response) if response.status().is_success() => Health::Lost(format!(
                "the public URL answered {} but the probe never reached this listener: it leads somewhere else",
                response.status().as_u16()
            )),
            Ok(response) => Health::Lost(format!(
                "the public URL answered {} instead of passing the probe on",
                response.status().as_u16()
            )),
            Err(e) => Health::Lost(format!(
                "the public URL did not answer: {}",
                crate::net::failure::classify(&e).reason
            )),
        }
    }
}

/// A `webhook.test` event, as TRST would send it.
fn body() -> Result<Vec<u8>, fixtures::RenderError> {
    let fixture = fixtures::find("webhook.test")
        .ok_or_else(|| fixtures::RenderError::BadTemplate("no webhook.test fixture".into()))?;
    let mut fresh = crate::clock::new_event_id;
    fixture.render(RenderInput {
        event_id: crate::clock::new_event_id(),
        now: crate::clock::now_rfc3339(),
        project_id: None,
        top_level_type: false,
        assignments: &[],
        fresh_id: &mut fresh,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_probe_body_is_a_webhook_test_event() {
        let body = body().expect("renders");
        let value: serde_json::Value = serde_json::from_slice(&body).expect("json");
        assert_eq!(value["data"]["event_type"], "webhook.test");
        assert!(value["event_id"].as_str().is_some_and(|s| !s.is_empty()));
    }
}
