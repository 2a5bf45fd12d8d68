//! What the emulator's API answers with: webhooks, deliveries, attempts and error bodies, with
//! the field names the `webhooks` client reads. Times are RFC 3339 UTC strings.

use serde::Serialize;

/// A webhook as listed and fetched (the secret is never part of it; see `api::create`).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Webhook {
    pub id: String,
    pub url: String,
    pub event_types: Vec<String>,
    pub enabled: bool,
    pub created_at: String,
    #[serde(skip)]
    pub project_id: String,
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Waiting for its first attempt or a retry.
    Pending,
    /// An attempt was answered 2xx.
    Succeeded,
    /// The retry schedule is used up.
    Failed,
}

impl DeliveryStatus {
    /// The stored and shown name.
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Succeeded => "succeeded",
            DeliveryStatus::Failed => "failed",
        }
    }

    /// Read a stored name (anything unknown reads as pending, so it is retried, not lost).
    pub fn parse(text: &str) -> Self {
        match text {
            "succeeded" => DeliveryStatus::Succeeded,
            "failed" => DeliveryStatus::Failed,
            _ => DeliveryStatus::Pending,
        }
    }
}

/// One event sent (or to be sent) to one webhook, with its retries.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Delivery {
    pub id: String,
    pub webhook_id: String,
    pub event_id: String,
    pub event_type: String,
    pub status: DeliveryStatus,
    pub attempts: u32,
    pub response_code: Option<u16>,
    pub created_at: String,
    pub last_attempt_at: Option<String>,
    pub next_attempt_at: Option<String>,
}

/// One HTTP request the engine made for a delivery, and what came back.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Attempt {
    pub id: String,
    pub delivery_id: String,
    pub attempt: u32,
    pub attempted_at: String,
    pub status_code: Option<u16>,
    pub latency_ms: u64,
    pub error: Option<String>,
    /// The first bytes of the answer (see `engine::BODY_PREVIEW_BYTES`), lossily decoded.
    pub response_body: Option<String>,
    pub succeeded: bool,
}

/// A list answer: `{"data": [...]}`.
#[derive(Debug, Serialize)]
pub struct List<T> {
    pub data: Vec<T>,
}

/// An API error: the HTTP status plus `{"error": {"code", "message"}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
    /// Seconds for a `Retry-After` header (429 only).
    pub retry_after: Option<u64>,
}

impl ApiError {
    /// An error with a status, a stable code and a message saying what to fix.
    pub fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            retry_after: None,
        }
    }

    /// 400 with code `invalid_request`.
    pub fn invalid(message: impl Into<String>) -> Self {
        ApiError::new(400, "invalid_request", message)
    }

    /// 404 for a missing thing.
    pub fn not_found(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::new(404, code, message)
    }

    /// 500 for a storage failure; the message names the cause, never a secret.
    pub fn internal(message: impl Into<String>) -> Self {
        ApiError::new(500, "internal", message)
    }

    /// The JSON body.
    pub fn body(&self) -> serde_json::Value {
        serde_json::json!({"error": {"code": self.code, "message": self.message}})
    }
}
