//! The delivery-log line (format v1 of [`crate::delivery_log`]), written by hand: building the
//! line is the most expensive step of a delivery, so this avoids `serde_json::Value` trees and
//! intermediate strings. Every line parses with [`DeliveryRecord::parse_line`] and gives back the
//! raw body byte-exact (tests below check both against the serde definition).
//!
//! [`DeliveryRecord::parse_line`]: crate::delivery_log::DeliveryRecord::parse_line

use std::io::Write;

use axum::http::HeaderMap;
use base64::Engine;

use crate::delivery_log::{DiagnosisNote, FORMAT_VERSION};
use crate::verdict::Verdict;

/// Everything one log line says, borrowed from the request being handled.
pub struct LineFields<'a> {
    pub received_at: &'a str,
    pub method: &'a str,
    pub path: &'a str,
    pub remote_addr: Option<&'a str>,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
    pub event_id: Option<&'a str>,
    pub event_type: Option<&'a str>,
    pub verdict: &'a Verdict,
    /// Masked secrets by index, for the `signature.secret` field.
    pub secret_labels: &'a [String],
    pub duplicate: bool,
    pub status: u16,
    pub latency_ms: f64,
    /// Why `--exec` did not run for this verified delivery (written only when it did not).
    pub exec_skipped: Option<&'a str>,
}

/// Append one record as a JSON object (no newline) to `out`.
pub fn write_record(out: &mut Vec<u8>, f: &LineFields<'_>) {
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
    for (i, (name, value)) in f.headers.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'[');
        push_str(out, name.as_str());
        out.push(b',');
        push_str(out, &String::from_utf8_lossy(value.as_bytes()));
        out.push(b']');
    }
    out.extend_from_slice(b"],\"body\":");
    match std::str::from_utf8(f.body) {
        Ok(text) => {
            push_str(out, text);
            out.extend_from_slice(b",\"body_encoding\":\"utf8\"");
        }
        Err(_) => {
            out.push(b'"');
            let encoded = base64::engine::general_purpose::STANDARD.encode(f.body);
            out.extend_from_slice(encoded.as_bytes());
            out.extend_from_slice(b"\",\"body_encoding\":\"base64\"");
        }
    }
    let _ = write!(out, ",\"body_bytes\":{},\"event_id\":", f.body.len());
    push_opt(out, f.event_id);
    out.extend_from_slice(b",\"event_type\":");
    push_opt(out, f.event_type);
    out.extend_from_slice(b",\"signature\":");
    write_signature(out, f.verdict, f.secret_labels);
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

fn write_signature(out: &mut Vec<u8>, verdict: &Verdict, labels: &[String]) {
    match &verdict.outcome {
        Ok(index) => {
            let _ = write!(out, "{{\"valid\":true,\"secret_index\":{index},\"secret\":");
            push_opt(out, labels.get(*index).map(String::as_str));
            out.extend_from_slice(b",\"reason\":null,\"diagnosis\":[]}");
        }
        Err(e) => {
            out.extend_from_slice(
                b"{\"valid\":false,\"secret_index\":null,\"secret\":null,\"reason\":",
            );
            push_str(out, e.code());
            out.extend_from_slice(b",\"diagnosis\":[");
            for (i, mistake) in verdict.diagnosis.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                let note = DiagnosisNote::from(mistake);
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
    }
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
    use crate::delivery_log::{
        BodyEncoding, DeliveryRecord, ResponseRecord, SignatureOutcome, encode_body,
    };
    use crate::signature::sign;
    use crate::verdict::judge;
    use axum::http::HeaderValue;
    use proptest::prelude::*;

    const KEY: &str = "whsec_test";

    fn line(body: &[u8], headers: &HeaderMap, verdict: &Verdict) -> String {
        let mut out = Vec::new();
        write_record(
            &mut out,
            &LineFields {
                received_at: "2026-01-01T00:00:00.123Z",
                method: "POST",
                path: "/webhooks/trst?x=\"1\"",
                remote_addr: Some("127.0.0.1:5000"),
                headers,
                body,
                event_id: Some("evt\n1"),
                event_type: None,
                verdict,
                secret_labels: &["whsec_te…".to_string()],
                duplicate: true,
                status: 401,
                latency_ms: 1.5,
                exec_skipped: None,
            },
        );
        String::from_utf8(out).expect("the line is UTF-8")
    }

    fn expected(body: &[u8], headers: &HeaderMap, verdict: &Verdict) -> DeliveryRecord {
        let (text, body_encoding) = encode_body(body);
        let report = verdict.report(&["whsec_te…".to_string()]);
        DeliveryRecord {
            v: FORMAT_VERSION,
            received_at: "2026-01-01T00:00:00.123Z".into(),
            method: "POST".into(),
            path: "/webhooks/trst?x=\"1\"".into(),
            remote_addr: Some("127.0.0.1:5000".into()),
            headers: headers
                .iter()
                .map(|(n, v)| {
                    let value = String::from_utf8_lossy(v.as_bytes()).into_owned();
                    (n.as_str().to_owned(), value)
                })
                .collect(),
            body: text,
            body_encoding,
            body_bytes: body.len(),
            event_id: Some("evt\n1".into()),
            event_type: None,
            signature: SignatureOutcome {
                valid: report.valid,
                secret_index: report.secret_index,
                secret: report.secret,
                reason: report.reason.map(str::to_owned),
                diagnosis: report.diagnosis,
            },
            duplicate: true,
            response: ResponseRecord {
                status: 401,
                latency_ms: 1.5,
            },
            exec_skipped: None,
        }
    }

    fn headers(signature: &str) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert("content-type", HeaderValue::from_static("application/json"));
        if let Ok(value) = HeaderValue::from_str(signature) {
            map.append("x-webhook-signature", value);
        }
        map.append(
            "x-weird",
            HeaderValue::from_bytes(b"caf\xe9 \"q\"").expect("obs-text is allowed"),
        );
        map
    }

    #[test]
    fn identical_to_the_serde_definition() {
        let body = b"{\"event_id\":\"a\"}\n";
        let bare = sign("test", body);
        let verdict = judge(body, &[bare.as_str()], &[KEY]);
        assert!(!verdict.diagnosis.is_empty(), "a diagnosed failure");
        let h = headers(&bare);
        assert_eq!(
            line(body, &h, &verdict),
            expected(body, &h, &verdict).to_line()
        );
        let good = sign(KEY, body);
        let verdict = judge(body, &[good.as_str()], &[KEY]);
        let h = headers(&good);
        assert_eq!(
            line(body, &h, &verdict),
            expected(body, &h, &verdict).to_line()
        );
    }

    #[test]
    fn non_utf8_bodies_are_base64_and_come_back_exact() {
        let body = [0xff, 0xfe, b'\n', 0, b'"'];
        let verdict = judge(&body, &[], &[KEY]);
        let text = line(&body, &HeaderMap::new(), &verdict);
        let record = DeliveryRecord::parse_line(&text).expect("parses");
        assert_eq!(record.body_encoding, BodyEncoding::Base64);
        assert_eq!(record.raw_body().expect("decodes"), body);
    }

    #[test]
    fn control_characters_are_escaped() {
        let mut out = Vec::new();
        push_str(&mut out, "a\u{1}\u{1f}\u{7f}é\u{2028}");
        assert_eq!(out, "\"a\\u0001\\u001f\u{7f}é\u{2028}\"".as_bytes());
    }

    proptest! {
        #[test]
        fn any_body_and_signature_round_trips(
            body in proptest::collection::vec(any::<u8>(), 0..300),
            text in "\\PC{0,40}",
            signature in "[ -~]{0,80}",
        ) {
            let mut full = body.clone();
            full.extend_from_slice(text.as_bytes());
            let h = headers(&signature);
            let verdict = judge(&full, &h.get_all("x-webhook-signature").iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>(), &[KEY]);
            let text = line(&full, &h, &verdict);
            prop_assert!(!text.contains('\n'));
            let record = DeliveryRecord::parse_line(&text).expect("every line parses");
            prop_assert_eq!(record.raw_body().expect("body decodes"), full.clone());
            prop_assert_eq!(record, expected(&full, &h, &verdict));
        }
    }
}
