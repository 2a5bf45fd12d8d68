//! The delivery-log line for a request being handled: what `listen` knows (headers as received,
//! the raw body, the verdict) handed to the one line writer, [`crate::delivery_log::write_line`].
//! Tests below check, for arbitrary bodies, headers and signatures, that every line parses back
//! into the serde definition ([`DeliveryRecord`]) with exactly the request's values.
//!
//! [`DeliveryRecord`]: crate::delivery_log::DeliveryRecord

use axum::http::HeaderMap;

use crate::delivery_log::{self, DiagnosisNote, LineFields, SignatureFields};
use crate::verdict::Verdict;

/// The `signature` fields of a line for `verdict`; `notes` receives the diagnosed mistakes the
/// fields borrow (only a failed verification has any, so a valid one allocates nothing).
pub fn signature_fields<'a>(
    verdict: &Verdict,
    secret_labels: &'a [String],
    notes: &'a mut Vec<DiagnosisNote>,
) -> SignatureFields<'a> {
    match &verdict.outcome {
        Ok(index) => SignatureFields {
            valid: true,
            secret_index: Some(*index),
            secret: secret_labels.get(*index).map(String::as_str),
            reason: None,
            diagnosis: &[],
        },
        Err(e) => {
            notes.extend(verdict.diagnosis.iter().map(DiagnosisNote::from));
            SignatureFields {
                valid: false,
                secret_index: None,
                secret: None,
                reason: Some(e.code()),
                diagnosis: notes,
            }
        }
    }
}

/// Append the line for a request (no newline) to `out`: `fields` plus its headers as received.
pub fn write_record(out: &mut Vec<u8>, fields: &LineFields<'_>, headers: &HeaderMap) {
    let headers = headers.iter().map(|(n, v)| (n.as_str(), v.as_bytes()));
    delivery_log::write_line(out, fields, headers);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::delivery_log::{
        BodyEncoding, DeliveryRecord, FORMAT_VERSION, ResponseRecord, SignatureOutcome, encode_body,
    };
    use crate::signature::sign;
    use crate::verdict::judge;
    use axum::http::HeaderValue;
    use proptest::prelude::*;

    const KEY: &str = "whsec_test";

    fn line(body: &[u8], headers: &HeaderMap, verdict: &Verdict) -> String {
        let labels = ["whsec_te…".to_string()];
        let mut notes = Vec::new();
        let (text, body_encoding) = delivery_log::encode_body_borrowed(body);
        let mut out = Vec::new();
        write_record(
            &mut out,
            &LineFields {
                received_at: "2026-01-01T00:00:00.123Z",
                method: "POST",
                path: "/webhooks/trst?x=\"1\"",
                remote_addr: Some("127.0.0.1:5000"),
                body: &text,
                body_encoding,
                body_bytes: body.len(),
                event_id: Some("evt\n1"),
                event_type: None,
                signature: signature_fields(verdict, &labels, &mut notes),
                duplicate: true,
                status: 401,
                latency_ms: 1.5,
                exec_skipped: None,
            },
            headers,
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
