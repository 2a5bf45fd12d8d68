//! The fast borrowed reader of a log line: only what re-verification needs, borrowed from the
//! line where possible. `verify --log` reads hundreds of thousands of lines through this; a test
//! checks it against the serde definition ([`super::DeliveryRecord`]) on the same lines.

use std::borrow::Cow;

use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

use super::{BodyEncoding, LogLineError, decode_body, scan};

/// A zero-copy view of a log line: only what re-verification needs, borrowed from the line
/// where possible. `verify --log` reads hundreds of thousands of lines through this.
#[derive(Debug, PartialEq, Deserialize)]
pub struct DeliveryView<'a> {
    #[serde(borrow)]
    pub headers: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    /// Kept as the raw JSON token (a string's quotes included): decoding it here, without
    /// serde's scratch buffers, is what makes reading a large log fast.
    #[serde(borrow, deserialize_with = "raw_token")]
    pub body: &'a str,
    pub body_encoding: BodyEncoding,
    pub body_bytes: usize,
    #[serde(borrow, default)]
    pub event_id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub event_type: Option<Cow<'a, str>>,
}

impl<'a> DeliveryView<'a> {
    /// Parse one log line without copying what need not be copied: the lines the log's writer
    /// produces take a hand-written fast path, anything else serde_json.
    pub fn parse_line(line: &'a [u8]) -> Result<Self, LogLineError> {
        match scan::scan(line, &mut Vec::new()) {
            Some((view, _)) => Ok(view),
            None => Self::parse_with_serde(line),
        }
    }

    fn parse_with_serde(line: &'a [u8]) -> Result<Self, LogLineError> {
        serde_json::from_slice(line).map_err(|e| LogLineError::NotARecord(e.to_string()))
    }

    /// Parse one log line and decode its exact body, what `verify --log` does per line. An
    /// escaped body is decoded into `scratch` (cleared first): a reader of many lines reuses
    /// one buffer instead of allocating per line.
    pub fn parse_with_body(
        line: &'a [u8],
        scratch: &'a mut Vec<u8>,
    ) -> Result<(Self, Cow<'a, [u8]>), LogLineError> {
        let (view, text) = match scan::scan(line, scratch) {
            Some((view, scan::BodyText::Plain(text))) => (view, text),
            Some((view, scan::BodyText::InScratch)) => (view, scratch.as_slice()),
            None => {
                let view = Self::parse_with_serde(line)?;
                scratch.clear();
                match unescape_into(view.body, scratch)? {
                    Some(plain) => (view, plain),
                    None => (view, scratch.as_slice()),
                }
            }
        };
        let body = decode_body(Cow::Borrowed(text), view.body_encoding, view.body_bytes)?;
        Ok((view, body))
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

/// Any JSON value, as its raw text.
fn raw_token<'de, D: Deserializer<'de>>(deserializer: D) -> Result<&'de str, D::Error> {
    <&RawValue>::deserialize(deserializer).map(RawValue::get)
}

/// The bytes of a JSON string token's text, borrowed when it holds no escape. The escapes a
/// JSON writer emits for ordinary text are decoded here in one pass; a `\u` escape goes through
/// serde_json.
fn json_string(token: &str) -> Result<Cow<'_, [u8]>, LogLineError> {
    let mut out = Vec::new();
    Ok(match unescape_into(token, &mut out)? {
        Some(plain) => Cow::Borrowed(plain),
        None => Cow::Owned(out),
    })
}

/// The text of a JSON string token: `Some` (borrowed from the token) when it holds no escape,
/// else `None` with the decoded bytes appended to `out`.
fn unescape_into<'t>(raw: &'t str, out: &mut Vec<u8>) -> Result<Option<&'t [u8]>, LogLineError> {
    let inner = raw
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .ok_or_else(|| LogLineError::NotARecord("body is not a JSON string".into()))?
        .as_bytes();
    let mut escapes = memchr::memchr_iter(b'\\', inner).peekable();
    if escapes.peek().is_none() {
        return Ok(Some(inner));
    }
    let start = out.len();
    out.reserve(inner.len());
    let mut copied = 0;
    for at in escapes {
        if at < copied {
            continue; // the second half of an escaped backslash
        }
        out.extend_from_slice(&inner[copied..at]);
        let plain = match inner.get(at + 1).copied().and_then(scan::one_char_escape) {
            Some(plain) => plain,
            None => {
                let text = serde_json::from_str::<String>(raw)
                    .map_err(|e| LogLineError::NotARecord(e.to_string()))?;
                out.truncate(start);
                out.extend_from_slice(text.as_bytes());
                return Ok(None);
            }
        };
        out.push(plain);
        copied = at + 2;
    }
    out.extend_from_slice(&inner[copied..]);
    Ok(None)
}
