//! Export of a (filtered) list: JSON Lines exactly as the delivery log holds them (so `verify
//! --log` and `send --replay` read an export like a log), or HAR 1.2 for HTTP tools.

use std::sync::Arc;

use serde_json::{Value, json};

use super::store::Entry;
use crate::delivery_log::{BodyEncoding, DeliveryRecord};

/// The log lines, oldest first, one per line.
pub fn jsonl(entries: &[Arc<Entry>]) -> Vec<u8> {
    let mut out = Vec::with_capacity(entries.iter().map(|e| e.line.len() + 1).sum());
    for entry in entries {
        out.extend_from_slice(&entry.line);
        out.push(b'\n');
    }
    out
}

/// A HAR 1.2 document; `origin` (`http://HOST:PORT`) completes the logged paths into URLs.
pub fn har(entries: &[Arc<Entry>], origin: &str) -> Value {
    let items: Vec<Value> = entries
        .iter()
        .filter_map(|e| e.record())
        .map(|record| har_entry(&record, origin))
        .collect();
    json!({
        "log": {
            "version": "1.2",
            "creator": {"name": "trst-hooks", "version": env!("CARGO_PKG_VERSION")},
            "entries": items,
        }
    })
}

fn har_entry(r: &DeliveryRecord, origin: &str) -> Value {
    let headers: Vec<Value> = r
        .headers
        .iter()
        .map(|(name, value)| json!({"name": name, "value": value}))
        .collect();
    let mime = r
        .header_values("content-type")
        .first()
        .copied()
        .unwrap_or("")
        .to_owned();
    let query: Vec<Value> = match reqwest::Url::parse(&format!("{origin}{}", r.path)) {
        Ok(url) => url
            .query_pairs()
            .map(|(name, value)| json!({"name": name, "value": value}))
            .collect(),
        Err(_) => Vec::new(),
    };
    let mut post = json!({"mimeType": mime, "text": r.body});
    if r.body_encoding == BodyEncoding::Base64 {
        // HAR has no encoding for request bodies; `_encoding` is a custom field (HAR allows
        // fields starting with `_`), as several tools write it.
        post["_encoding"] = json!("base64");
    }
    let status_text = axum::http::StatusCode::from_u16(r.response.status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    json!({
        "startedDateTime": r.received_at,
        "time": r.response.latency_ms,
        "request": {
            "method": r.method,
            "url": format!("{origin}{}", r.path),
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": headers,
            "queryString": query,
            "postData": post,
            "headersSize": -1,
            "bodySize": r.body_bytes,
        },
        "response": {
            "status": r.response.status,
            "statusText": status_text,
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": [],
            "content": {"size": -1, "mimeType": "text/plain"},
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": -1,
        },
        "cache": {},
        "timings": {"send": 0, "wait": r.response.latency_ms, "receive": 0},
        "_trst": {
            "event_id": r.event_id,
            "event_type": r.event_type,
            "signature": r.signature,
            "duplicate": r.duplicate,
        },
    })
}
