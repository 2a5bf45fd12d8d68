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
use serde_json::value::RawValue;

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

/// One delivery, as one log line.
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
    match std::str::from_utf8(body) {
        Ok(text) => (text.to_owned(), BodyEncoding::Utf8),
        Err(_) => (
            base64::engine::general_purpose::STANDARD.encode(body),
            BodyEncoding::Base64,
        ),
    }
}

impl DeliveryRecord {
    /// Parse one log line.
    pub fn parse_line(line: &str) -> Result<Self, LogLineError> {
        serde_json::from_str(line).map_err(|e| LogLineError::NotARecord(e.to_string()))
    }

    /// Serialise as one line (no trailing newline); never contains a raw newline.
    pub fn to_line(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
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
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// A zero-copy view of a log line: only what re-verification needs, borrowed from the line
/// where possible. `verify --log` reads hundreds of thousands of lines through this.
#[derive(Debug, Deserialize)]
pub struct DeliveryView<'a> {
    #[serde(borrow)]
    pub headers: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    /// Kept as the raw JSON string token: decoding it here, without serde's scratch buffers,
    /// is what makes reading a large log fast.
    #[serde(borrow)]
    pub body: &'a RawValue,
    pub body_encoding: BodyEncoding,
    pub body_bytes: usize,
    #[serde(borrow, default)]
    pub event_id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub event_type: Option<Cow<'a, str>>,
}

impl<'a> DeliveryView<'a> {
    /// Parse one log line without copying what need not be copied.
    pub fn parse_line(line: &'a [u8]) -> Result<Self, LogLineError> {
        serde_json::from_slice(line).map_err(|e| LogLineError::NotARecord(e.to_string()))
    }

    /// The exact bytes that were received (borrowed when stored as plain text without escapes).
    pub fn raw_body(&self) -> Result<Cow<'a, [u8]>, LogLineError> {
        decode_body(json_string(self.body)?, self.body_encoding, self.body_bytes)
    }

    /// Every value of a header, by case-insensitive name, in arrival order.
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_ref())
            .collect()
    }
}

/// The bytes of a JSON string token's text, borrowed when it holds no escape. The escapes a
/// JSON writer emits for ordinary text are decoded here in one pass; a `\u` escape goes through
/// serde_json.
fn json_string(token: &RawValue) -> Result<Cow<'_, [u8]>, LogLineError> {
    let raw = token.get();
    let inner = raw
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .ok_or_else(|| LogLineError::NotARecord("body is not a JSON string".into()))?
        .as_bytes();
    let mut escapes = memchr::memchr_iter(b'\\', inner).peekable();
    if escapes.peek().is_none() {
        return Ok(Cow::Borrowed(inner));
    }
    let mut out = Vec::with_capacity(inner.len());
    let mut copied = 0;
    for at in escapes {
        if at < copied {
            continue; // the second half of an escaped backslash
        }
        out.extend_from_slice(&inner[copied..at]);
        let plain = match inner.get(at + 1) {
            Some(b'"') => b'"',
            Some(b'\\') => b'\\',
            Some(b'/') => b'/',
            Some(b'b') => 0x08,
            Some(b'f') => 0x0c,
            Some(b'n') => b'\n',
            Some(b'r') => b'\r',
            Some(b't') => b'\t',
            _ => {
                return serde_json::from_str::<String>(raw)
                    .map(|text| Cow::Owned(text.into_bytes()))
                    .map_err(|e| LogLineError::NotARecord(e.to_string()));
            }
        };
        out.push(plain);
        copied = at + 2;
    }
    out.extend_from_slice(&inner[copied..]);
    Ok(Cow::Owned(out))
}

/// Turn a logged body back into the received bytes, checking the recorded length.
fn decode_body(
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

#[cfg(test)]
mod tests {
    use super::*;

    fn record(body: &[u8]) -> DeliveryRecord {
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

    #[test]
    fn bodies_round_trip_byte_exact() {
        for body in [
            &b"{\"a\":\"line\\nbreak\"}\n"[..],
            b"",
            &[0xff, 0x00, 0x80, b'\n'],
        ] {
            let line = record(body).to_line();
            assert!(!line.contains('\n'));
            let back = DeliveryRecord::parse_line(&line).unwrap();
            assert_eq!(back.raw_body().unwrap(), body);
        }
    }

    #[test]
    fn bad_lines_are_errors_not_panics() {
        assert!(DeliveryRecord::parse_line("not json").is_err());
        assert!(DeliveryRecord::parse_line("{\"v\":1}").is_err());
        let mut r = record(&[0xff]);
        r.body = "!!!".into();
        assert!(matches!(r.raw_body(), Err(LogLineError::BadBase64(_))));
        let mut r = record(b"abc");
        r.body_bytes = 5;
        assert!(matches!(
            r.raw_body(),
            Err(LogLineError::LengthMismatch { .. })
        ));
    }

    #[test]
    fn header_lookup_is_case_insensitive() {
        let mut r = record(b"");
        r.headers
            .push(("X-Webhook-Signature".into(), "second".into()));
        assert_eq!(
            r.header_values("X-WEBHOOK-SIGNATURE"),
            vec!["sha256=00", "second"]
        );
    }

    #[test]
    fn the_view_reads_back_every_body_the_record_wrote() {
        let bodies: [&[u8]; 6] = [
            b"{\"quote\":\"\\\"\",\"slash\":\"a/b\\\\c\"}\r\n\t",
            "caf\u{e9} \u{1f600} \u{0} \u{1f} \u{7f} \u{2028}".as_bytes(),
            b"\x08\x0c",
            b"no escapes at all",
            b"",
            &[0xff, 0xfe, b'"'],
        ];
        for body in bodies {
            let line = record(body).to_line();
            let view = DeliveryView::parse_line(line.as_bytes()).unwrap();
            assert_eq!(view.raw_body().unwrap(), body, "{line}");
        }
    }

    #[test]
    fn a_body_that_is_not_a_string_is_unreadable() {
        let line = record(b"x")
            .to_line()
            .replace("\"body\":\"x\"", "\"body\":42");
        let view = DeliveryView::parse_line(line.as_bytes()).unwrap();
        assert!(matches!(view.raw_body(), Err(LogLineError::NotARecord(_))));
    }
}
