//! End-to-end: `check --only raw-body` against two receivers served by the test. One verifies the
//! raw bytes (passes); the other parses the body and verifies it re-serialised, as an Express app
//! with `express.json()` and `JSON.stringify(req.body)` does (fails, naming that mistake and the
//! raw-body fix).

use std::sync::Arc;

use crate::support::check_run;
use crate::support::loopback::serve_in_thread;
use crate::support::signature::reference_signature;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use serde_json::Value;

const SECRET: &str = "whsec_raw_body_e2e_0123456789abcdef";

/// What the receiver signs over before comparing.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Verifies {
    RawBytes,
    Reserialised,
}

async fn receive(
    State(verifies): State<Arc<Verifies>>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let Ok(event) = serde_json::from_slice::<Value>(&body) else {
        return StatusCode::BAD_REQUEST;
    };
    let signed_over = match *verifies {
        Verifies::RawBytes => body.to_vec(),
        Verifies::Reserialised => serde_json::to_vec(&event).expect("serialise"),
    };
    let given = headers
        .get("x-webhook-signature")
        .and_then(|v| v.to_str().ok());
    if given == Some(reference_signature(SECRET, &signed_over).as_str()) {
        StatusCode::OK
    } else {
        StatusCode::UNAUTHORIZED
    }
}

/// Serve a receiver on 127.0.0.1:0 until the test process ends; its URL.
fn start(verifies: Verifies) -> String {
    let app = axum::Router::new()
        .route("/webhooks/trst", post(receive))
        .with_state(Arc::new(verifies));
    format!("http://{}/webhooks/trst", serve_in_thread(app))
}

fn check(url: &str, extra: &[&str]) -> (String, i32) {
    let args = [
        &[url, "--only", "raw-body", "--secret-env", "HOOK_SECRET"],
        extra,
    ]
    .concat();
    check_run::stdout_and_code(&args, Some(SECRET))
}

fn raw_body_check(url: &str) -> (Value, i32) {
    let (stdout, code) = check(url, &["--json"]);
    let report: Value = serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("stdout is not one JSON object ({e}): {stdout}"));
    let found = report["checks"]
        .as_array()
        .and_then(|list| list.iter().find(|c| c["id"] == "raw-body"))
        .cloned()
        .unwrap_or_else(|| panic!("no raw-body check in {report}"));
    (found, code)
}

#[test]
fn receiver_verifying_raw_bytes_acknowledges_every_form() {
    let url = start(Verifies::RawBytes);
    let (found, code) = raw_body_check(&url);
    assert_eq!(found["status"], "pass", "{found:#}");
    let requests = found["requests"].as_array().expect("requests");
    assert_eq!(requests.len(), 6);
    assert!(requests.iter().all(|r| r["status"] == 200), "{found:#}");
    assert_eq!(code, 0);
}

#[test]
fn receiver_verifying_a_reserialised_body_fails_with_the_mistake_and_the_fix() {
    let url = start(Verifies::Reserialised);
    let (found, code) = raw_body_check(&url);
    assert_eq!(found["status"], "fail", "{found:#}");
    let reason = found["reason"].as_str().unwrap_or_default();
    // serde_json keeps key order and raw UTF-8, but rewrites the layout, escapes and 1e3.
    for refused in ["pretty-printed → 401", "escapes → 401", "1e3 → 401"] {
        assert!(reason.contains(refused), "{refused} missing from {reason}");
    }
    assert!(reason.contains("re-serialised body"), "{reason}");
    let fix = found["fix"].as_str().unwrap_or_default();
    assert!(fix.contains("raw request body"), "{fix}");
    assert!(fix.contains("express.raw"), "{fix}");
    assert_eq!(code, 1);

    let (human, code) = check(&url, &[]);
    assert!(human.contains("raw-body"), "{human}");
    assert!(
        human.contains("fix: compute the HMAC over the raw request body"),
        "{human}"
    );
    assert_eq!(code, 1);
}
