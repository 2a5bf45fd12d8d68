//! The client side of `emulator trigger`: one POST to a running emulator's emulator-only route
//! (the tool's client policy: no proxies, no redirects), and a tolerant reading of its answer.

use serde::Deserialize;
use url::Url;

/// The route that makes the emulator emit an event (not part of TRST's API).
pub const TRIGGER_PATH: &str = "/_emulator/trigger";

/// One event the emulator emitted, with its queued deliveries.
#[derive(Debug, Clone, Deserialize)]
pub struct Emitted {
    pub event_id: String,
    pub project_id: String,
    pub deliveries: Vec<QueuedDelivery>,
}

/// A queued delivery as read back from the emulator (the fields worth showing).
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct QueuedDelivery {
    pub id: String,
    pub webhook_id: String,
    pub event_id: String,
    pub event_type: String,
}

#[derive(Debug, Deserialize)]
struct TriggerAnswer {
    events: Vec<Emitted>,
}

/// Why a trigger did not go through.
#[derive(Debug, thiserror::Error)]
pub enum TriggerError {
    #[error("--base-url {0} is not a valid URL")]
    BadBase(String),
    #[error("no emulator answering at {0}")]
    Unreachable(String),
    #[error("the emulator answered {status}: {message}")]
    Refused { status: u16, message: String },
    #[error("the answer from {0} is not an emulator's trigger answer")]
    BadAnswer(String),
}

/// POST the trigger request and return the emitted events.
pub async fn trigger(
    base_url: &str,
    api_key: &str,
    request: &serde_json::Value,
) -> Result<Vec<Emitted>, TriggerError> {
    let url = Url::parse(base_url)
        .and_then(|base| base.join(TRIGGER_PATH))
        .map_err(|_| TriggerError::BadBase(base_url.to_owned()))?;
    let client = crate::net::client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .map_err(|_| TriggerError::Unreachable(base_url.to_owned()))?;
    let response = client
        .post(url.clone())
        .bearer_auth(api_key)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(request.to_string())
        .send()
        .await
        .map_err(|_| TriggerError::Unreachable(base_url.to_owned()))?;
    let status = response.status().as_u16();
    let body = response
        .bytes()
        .await
        .map_err(|_| TriggerError::BadAnswer(url.to_string()))?;
    if !(200..300).contains(&status) {
        let message = serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v["error"]["message"].as_str().map(str::to_owned))
            .unwrap_or_else(|| String::from_utf8_lossy(&body).chars().take(200).collect());
        return Err(TriggerError::Refused { status, message });
    }
    serde_json::from_slice::<TriggerAnswer>(&body)
        .map(|a| a.events)
        .map_err(|_| TriggerError::BadAnswer(url.to_string()))
}
