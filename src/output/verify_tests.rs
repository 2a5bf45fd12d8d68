//! Tests of the `verify` printers (kept apart so that `verify.rs` fits in a head).

use super::*;
use crate::event::EventSummary;
use crate::secret::{Origin, Secret};

const SECRET: &str = "whsec_test_secret_value";

fn run(body: &[u8], signature: &str, event: Option<&EventSummary>, json: bool) -> String {
    colored::control::set_override(false);
    let verdict = crate::verdict::judge(body, &[signature], &[SECRET]);
    let secrets = [Sourced {
        secret: Secret::new(SECRET),
        origin: Origin::Flag("--secret"),
    }];
    let labels = vec![secrets[0].describe()];
    let view = Single {
        body,
        verdict: &verdict,
        event,
        request: None,
        secrets: &secrets,
        labels: &labels,
    };
    let mut out = Vec::new();
    if json {
        single_json(&mut out, &view).unwrap();
    } else {
        single_human(&mut out, &view).unwrap();
    }
    String::from_utf8(out).unwrap()
}

fn event(id: &str) -> EventSummary {
    EventSummary {
        event_id: Some(id.into()),
        event_type: Some("enrollment.completed".into()),
        ..EventSummary::default()
    }
}

#[test]
fn valid_and_invalid_for_people() {
    let body = b"{}";
    let good = crate::signature::sign(SECRET, body);
    let shown = run(body, &good, Some(&event("evt_1")), false);
    assert!(shown.starts_with("✓ valid signature ("), "{shown}");
    assert!(
        shown.contains("event enrollment.completed  id evt_1  2 bytes"),
        "{shown}"
    );
    let zero = format!("sha256={}", "00".repeat(32));
    let shown = run(body, &zero, Some(&event("evt_\u{1b}[2J\u{202e}")), false);
    assert!(shown.starts_with("✗ invalid signature: "), "{shown}");
    assert!(shown.contains("cause:"), "{shown}");
    assert!(shown.contains("id evt_\\x1b[2J\\u{202e}"), "{shown}");
}

#[test]
fn json_keeps_the_exact_event_id() {
    let zero = format!("sha256={}", "00".repeat(32));
    let shown = run(b"{}", &zero, Some(&event("evt_\u{1b}")), true);
    let value: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(value["valid"], false);
    assert_eq!(value["event_id"], "evt_\u{1b}");
    assert_eq!(value["body_bytes"], 2);
}
