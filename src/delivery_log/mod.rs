//! The JSON Lines delivery log: one line per delivery received by `listen`, read back by
//! `verify --log` and `send --replay`. The raw body comes back byte-exact (text when UTF-8, else
//! base64), so a logged delivery can always be re-verified and replayed.
//!
//! Format version 1, one object per line, fields in this order:
//! `v`, `received_at` (RFC 3339 UTC), `method`, `path` (with query), `remote_addr`, `headers`
//! (array of `[name, value]`, names lowercase, in arrival order, repeats kept), `body`,
//! `body_encoding` (`utf8` | `base64`), `body_bytes`, `event_id`, `event_type`, `signature`
//! (`valid`, `secret_index`, `secret` masked, `reason`, `diagnosis`), `duplicate`, `response`
//! (`status`, `latency_ms`), and `exec_skipped` (why `--exec` did not run; only when it did not).
//! Readers ignore fields they do not know.

use std::borrow::Cow;

use base64::Engine;
use serde::{Deserialize, Serialize};

mod scan;
mod view;
mod write;

pub use view::DeliveryView;
pub use write::{LineFields, SignatureFields, push_str, write_line};

/// Current format version, written as `v`.
pub const FORMAT_VERSION: u32 = 1;

/// How the raw body is stored in the `body` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyEncoding {
    Utf8,
    Base64,
}

/// The signature check as recorded at receive time (readers re-verify; this is for humans).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SignatureOutcome {
    pub valid: bool,
    #[serde(default)]
    pub secret_index: Option<usize>,
    /// The matching secret, masked.
    #[serde(default)]
    pub secret: Option<String>,
    /// A [`crate::signature::SignatureError::code`] when invalid.
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub diagnosis: Vec<DiagnosisNote>,
}

/// A diagnosed mistake, as logged and printed in JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiagnosisNote {
    pub code: String,
    pub explanation: String,
    pub hint: String,
}

impl From<&crate::diagnosis::Mistake> for DiagnosisNote {
    fn from(m: &crate::diagnosis::Mistake) -> Self {
        DiagnosisNote {
            code: m.code().to_owned(),
            explanation: m.explanation(),
            hint: m.hint().to_owned(),
        }
    }
}

/// The answer the listener gave.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ResponseRecord {
    pub status: u16,
    #[serde(default)]
    pub latency_ms: f64,
}

/// One delivery, as one log line: the serde definition every reader can rely on. Lines are
/// written by [`write_line`] only ([`DeliveryRecord::to_line`] goes through it too);
/// `Serialize` is for the inspector's JSON API, which shows a record, never writes the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveryRecord {
    pub v: u32,
    pub received_at: String,
    pub method: String,
    pub path: String,
    #[serde(default)]
    pub remote_addr: Option<String>,
    pub headers: Vec<(String, String)>,
    pub body: String,
    pub body_encoding: BodyEncoding,
    pub body_bytes: usize,
    #[serde(default)]
    pub event_id: Option<String>,
    #[serde(default)]
    pub event_type: Option<String>,
    #[serde(default)]
    pub signature: SignatureOutcome,
    #[serde(default)]
    pub duplicate: bool,
    #[serde(default)]
    pub response: ResponseRecord,
    /// Why the `--exec` command was not run for this verified delivery (e.g. a NUL byte in the
    /// `event_id`); absent when it ran or none was given.
    #[serde(default)]
    pub exec_skipped: Option<String>,
}

/// The key a delivery counts under when looking for duplicates, or `None` when it does not
/// count: only a validly signed delivery with a non-empty `event_id` counts, so a sender without
/// the secret cannot fake "delivered more than once". `listen` and `verify --log` both use this.
pub fn duplicate_key(signature_valid: bool, event_id: Option<&str>) -> Option<&str> {
    event_id.filter(|id| signature_valid && !id.is_empty())
}

/// Why a log line could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LogLineError {
    #[error("not a delivery record: {0}")]
    NotARecord(String),
    #[error("body is marked base64 but does not decode: {0}")]
    BadBase64(String),
    #[error("body is {actual} bytes but the record says {recorded}")]
    LengthMismatch { recorded: usize, actual: usize },
}

/// Store raw bytes in the log's body representation.
pub fn encode_body(body: &[u8]) -> (String, BodyEncoding) {
    let (text, encoding) = encode_body_borrowed(body);
    (text.into_owned(), encoding)
}

/// Like [`encode_body`], borrowing a UTF-8 body instead of copying it.
pub fn encode_body_borrowed(body: &[u8]) -> (Cow<'_, str>, BodyEncoding) {
    match std::str::from_utf8(body) {
        Ok(text) => (Cow::Borrowed(text), BodyEncoding::Utf8),
        Err(_) => (
            Cow::Owned(base64::engine::general_purpose::STANDARD.encode(body)),
            BodyEncoding::Base64,
        ),
    }
}

impl DeliveryRecord {
    /// Parse one log line.
    pub fn parse_line(line: &str) -> Result<Self, LogLineError> {
        serde_json::from_str(line).map_err(|e| LogLineError::NotARecord(e.to_string()))
    }

    /// Write as one line (no trailing newline) through [`write_line`], in the current format
    /// version; never contains a raw newline.
    pub fn to_line(&self) -> String {
        let signature = &self.signature;
        let fields = LineFields {
            received_at: &self.received_at,
            method: &self.method,
            path: &self.path,
            remote_addr: self.remote_addr.as_deref(),
            body: &self.body,
            body_encoding: self.body_encoding,
            body_bytes: self.body_bytes,
            event_id: self.event_id.as_deref(),
            event_type: self.event_type.as_deref(),
            signature: SignatureFields {
                valid: signature.valid,
                secret_index: signature.secret_index,
                secret: signature.secret.as_deref(),
                reason: signature.reason.as_deref(),
                diagnosis: &signature.diagnosis,
            },
            duplicate: self.duplicate,
            status: self.response.status,
            latency_ms: self.response.latency_ms,
            exec_skipped: self.exec_skipped.as_deref(),
        };
        let headers = self.headers.iter().map(|(n, v)| (n.as_str(), v.as_bytes()));
        let mut out = Vec::new();
        write_line(&mut out, &fields, headers);
        // Every piece written is a &str or ASCII, so the line is UTF-8.
        String::from_utf8(out).unwrap_or_default()
    }

    /// The exact bytes that were received.
    pub fn raw_body(&self) -> Result<Vec<u8>, LogLineError> {
        decode_body(
            Cow::Borrowed(self.body.as_bytes()),
            self.body_encoding,
            self.body_bytes,
        )
        .map(Cow::into_owned)
    }

    /// Every value of a header, by case-insensitive name, in arrival order.
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        crate::http_dump::values_of(&self.headers, name)
    }
}

/// Turn a logged body back into the received bytes, checking the recorded length.
pub(crate) fn decode_body(
    body: Cow<'_, [u8]>,
    encoding: BodyEncoding,
    recorded: usize,
) -> Result<Cow<'_, [u8]>, LogLineError> {
    let bytes: Cow<'_, [u8]> = match encoding {
        BodyEncoding::Utf8 => body,
        BodyEncoding::Base64 => Cow::Owned(
            base64::engine::general_purpose::STANDARD
                .decode(&body)
                .map_err(|e| LogLineError::BadBase64(e.to_string()))?,
        ),
    };
    if bytes.len() != recorded {
        return Err(LogLineError::LengthMismatch {
            recorded,
            actual: bytes.len(),
        });
    }
    Ok(bytes)
}

/// A plain logged delivery of `body` (signed-looking, answered 200), for tests across the
/// crate to adjust rather than each spelling every field.
#[cfg(test)]
pub(crate) fn sample(body: &[u8]) -> DeliveryRecord {
    let (text, encoding) = encode_body(body);
    DeliveryRecord {
        v: FORMAT_VERSION,
        received_at: "2026-01-01T00:00:00Z".into(),
        method: "POST".into(),
        path: "/webhooks/trst".into(),
        remote_addr: None,
        headers: vec![("x-webhook-signature".into(), "sha256=00".into())],
        body: text,
        body_encoding: encoding,
        body_bytes: body.len(),
        event_id: None,
        event_type: None,
        signature: SignatureOutcome::default(),
        duplicate: false,
        response: ResponseRecord {
            status: 200,
            latency_ms: 0.1,
        },
        exec_skipped: None,
    }
}

#[cfg(test)]
mod tests;
