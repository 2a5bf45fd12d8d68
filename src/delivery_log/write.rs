//! The one writer of delivery-log lines, by hand: building the line is the most expensive step of
//! a delivery in `listen`, so this avoids `serde_json::Value` trees and intermediate strings.
//! `listen` writes through it, and so does [`super::DeliveryRecord::to_line`]; every line it
//! writes parses back into the serde definition ([`super::DeliveryRecord`]) field for field
//! (property tests here and in `server::log_line` check that).

use std::io::Write;

use super::{BodyEncoding, DiagnosisNote, FORMAT_VERSION};

/// Everything one log line says but its headers, borrowed.
pub struct LineFields<'a> {
    pub received_at: &'a str,
    pub method: &'a str,
    pub path: &'a str,
    pub remote_addr: Option<&'a str>,
    /// The body as stored: the text itself when UTF-8, else its base64 (see
    /// [`super::encode_body`]).
    pub body: &'a str,
    pub body_encoding: BodyEncoding,
    /// Length of the raw body.
    pub body_bytes: usize,
    pub event_id: Option<&'a str>,
    pub event_type: Option<&'a str>,
    pub signature: SignatureFields<'a>,
    pub duplicate: bool,
    pub status: u16,
    pub latency_ms: f64,
    /// Why `--exec` did not run for this verified delivery (written only when it did not).
    pub exec_skipped: Option<&'a str>,
}

/// The `signature` object of a line, borrowed.
pub struct SignatureFields<'a> {
    pub valid: bool,
    pub secret_index: Option<usize>,
    /// The matching secret, masked.
    pub secret: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub diagnosis: &'a [DiagnosisNote],
}

/// Append one line as a JSON object (no newline) to `out`; `headers` are `(name, value)` pairs
/// in arrival order, values not valid UTF-8 written lossily.
pub fn write_line<'h>(
    out: &mut Vec<u8>,
    f: &LineFields<'_>,
    headers: impl IntoIterator<Item = (&'h str, &'h [u8])>,
) {
    out.reserve(f.body.len() + 512);
    // Writing into a Vec cannot fail, so the io::Results of `write!` are ignored below.
    let _ = write!(out, "{{\"v\":{FORMAT_VERSION},\"received_at\":");
    push_str(out, f.received_at);
    out.extend_from_slice(b",\"method\":");
    push_str(out, f.method);
    out.extend_from_slice(b",\"path\":");
    push_str(out, f.path);
    out.extend_from_slice(b",\"remote_addr\":");
    push_opt(out, f.remote_addr);
    out.extend_from_slice(b",\"headers\":[");
    for (i, (name, value)) in headers.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'[');
        push_str(out, name);
        out.push(b',');
        push_str(out, &String::from_utf8_lossy(value));
        out.push(b']');
    }
    out.extend_from_slice(b"],\"body\":");
    push_str(out, f.body);
    let encoding: &[u8] = match f.body_encoding {
        BodyEncoding::Utf8 => b",\"body_encoding\":\"utf8\"",
        BodyEncoding::Base64 => b",\"body_encoding\":\"base64\"",
    };
    out.extend_from_slice(encoding);
    let _ = write!(out, ",\"body_bytes\":{},\"event_id\":", f.body_bytes);
    push_opt(out, f.event_id);
    out.extend_from_slice(b",\"event_type\":");
    push_opt(out, f.event_type);
    out.extend_from_slice(b",\"signature\":");
    write_signature(out, &f.signature);
    let _ = write!(
        out,
        ",\"duplicate\":{},\"response\":{{\"status\":{},\"latency_ms\":{}}}",
        f.duplicate,
        f.status,
        finite(f.latency_ms)
    );
    if let Some(reason) = f.exec_skipped {
        out.extend_from_slice(b",\"exec_skipped\":");
        push_str(out, reason);
    }
    out.push(b'}');
}

fn write_signature(out: &mut Vec<u8>, s: &SignatureFields<'_>) {
    let _ = write!(out, "{{\"valid\":{},\"secret_index\":", s.valid);
    match s.secret_index {
        Some(index) => {
            let _ = write!(out, "{index}");
        }
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"secret\":");
    push_opt(out, s.secret);
    out.extend_from_slice(b",\"reason\":");
    push_opt(out, s.reason);
    out.extend_from_slice(b",\"diagnosis\":[");
    for (i, note) in s.diagnosis.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"code\":");
        push_str(out, &note.code);
        out.extend_from_slice(b",\"explanation\":");
        push_str(out, &note.explanation);
        out.extend_from_slice(b",\"hint\":");
        push_str(out, &note.hint);
        out.push(b'}');
    }
    out.extend_from_slice(b"]}");
}

/// JSON has no NaN or infinity; a latency is never either, but stay valid regardless.
fn finite(value: f64) -> f64 {
    if value.is_finite() { value } else { 0.0 }
}

fn push_opt(out: &mut Vec<u8>, value: Option<&str>) {
    match value {
        Some(text) => push_str(out, text),
        None => out.extend_from_slice(b"null"),
    }
}

/// Append `text` as a JSON string: quotes, backslashes and control characters escaped, other
/// characters (UTF-8 included) copied as they are. The result never holds a raw newline.
pub fn push_str(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{b:04x}");
        } else {
            out.extend_from_slice(escape);
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        let mut out = Vec::new();
        push_str(&mut out, "a\u{1}\u{1f}\u{7f}é\u{2028}");
        assert_eq!(out, "\"a\\u0001\\u001f\u{7f}é\u{2028}\"".as_bytes());
    }
}
