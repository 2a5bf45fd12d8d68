//! Unit tests of the `raw-body` probe: the bodies are what their labels claim, each verifies
//! over its raw bytes, none survives a re-serialisation unchanged; and the judge's verdicts.

use std::time::Duration;

use url::Url;

use super::*;
use crate::check::checks::Thresholds;
use crate::check::plan::DEFAULT_PROJECT_ID;
use crate::check::plan::tests::{SECRET, with_plan};
use crate::check::report::{ProbeAnswer, ProbeOutcome, Sent};
use crate::signature::verify;

fn planned() -> Vec<PlannedRequest> {
    with_plan(&[CheckId::RawBody], |mut plans| plans.remove(0).deliveries)
}

fn body_of<'a>(list: &'a [PlannedRequest], label: &str) -> &'a str {
    let d = list.iter().find(|d| d.label == label).unwrap();
    std::str::from_utf8(&d.body).unwrap()
}

#[test]
fn every_body_is_signed_over_its_raw_bytes_and_none_survives_reserialising() {
    let list = planned();
    assert_eq!(list.len(), 6);
    let mut ids: Vec<_> = list.iter().map(|d| d.event_id.clone().unwrap()).collect();
    ids.dedup();
    assert_eq!(ids.len(), 6, "fresh event ids");
    for d in &list {
        assert_eq!(
            verify(&d.body, d.signature.as_deref(), &[SECRET]),
            Ok(0),
            "{}",
            d.label
        );
        assert_eq!(d.expect_ack, Some(true));
        let value: Value = serde_json::from_slice(&d.body).unwrap();
        assert_eq!(value["project_id"], DEFAULT_PROJECT_ID, "{}", d.label);
        assert_eq!(value["data"]["event_type"], "enrollment.completed");
        let compact = serde_json::to_vec(&value).unwrap();
        if d.label == CONTROL {
            assert_eq!(
                compact, d.body,
                "the control is what every other probe sends"
            );
        } else if d.label != REORDERED && d.label != NON_ASCII {
            // A sorting or ASCII-escaping re-serialiser changes the other two (tested below).
            assert_ne!(compact, d.body, "{} re-serialises to itself", d.label);
        }
    }
}

#[test]
fn each_form_is_what_its_label_says() {
    let list = planned();
    assert!(body_of(&list, PRETTY).contains("\n  \""));
    let escaped = body_of(&list, ESCAPED);
    assert!(
        escaped.contains("\\u00eb") && escaped.contains("\\/"),
        "{escaped}"
    );
    assert!(escaped.is_ascii());
    let escaped: Value = serde_json::from_str(escaped).unwrap();
    assert_eq!(escaped["data"]["note"], NOTE);
    let numbers = body_of(&list, NUMBERS);
    assert!(numbers.contains("\"match_score\":1.0"), "{numbers}");
    assert!(numbers.contains("\"liveness_ms\":1e3"), "{numbers}");
    assert!(!body_of(&list, NON_ASCII).is_ascii());
    assert!(body_of(&list, NON_ASCII).contains(NOTE));
    let reordered = body_of(&list, REORDERED);
    let keys: Vec<String> = serde_json::from_str::<Map<String, Value>>(reordered)
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_ne!(keys, sorted, "keys neither sorted…");
    sorted.reverse();
    assert_ne!(keys, sorted, "…nor reverse-sorted by accident");
}

fn exchange(label: &str, status: u16) -> Exchange {
    Exchange {
        sent: Sent {
            label: label.into(),
            method: "POST",
            url: "http://127.0.0.1:9/hook".into(),
            signature: None,
            event_id: None,
            event_type: None,
            body: Vec::new(),
        },
        outcome: ProbeOutcome::Answered(ProbeAnswer {
            status,
            elapsed: Duration::from_millis(3),
            body: String::new(),
            truncated: false,
            location: None,
        }),
    }
}

fn judged(statuses: &[(&str, u16)]) -> CheckResult {
    let url = Url::parse("http://127.0.0.1:9/hook").unwrap();
    let preflight = exchange("reachability", 200);
    let own: Vec<Exchange> = statuses.iter().map(|(l, s)| exchange(l, *s)).collect();
    let all: Vec<&Exchange> = own.iter().collect();
    let ctx = JudgeContext {
        url: &url,
        thresholds: Thresholds::default(),
        preflight: &preflight,
        all: &all,
        secret_label: "whsec_raw_…",
    };
    judge(&own, &ctx)
}

const FORMS: [&str; 5] = [PRETTY, ESCAPED, REORDERED, NUMBERS, NON_ASCII];

#[test]
fn all_acknowledged_passes() {
    let mut answers = vec![(CONTROL, 200)];
    answers.extend(FORMS.iter().map(|f| (*f, 202)));
    let result = judged(&answers);
    assert_eq!(result.status, Status::Pass, "{}", result.reason);
}

#[test]
fn refused_forms_name_the_reserialisation_mistake_and_the_raw_body_fix() {
    let result = judged(&[
        (CONTROL, 200),
        (PRETTY, 401),
        (ESCAPED, 401),
        (REORDERED, 200),
        (NUMBERS, 401),
        (NON_ASCII, 200),
    ]);
    assert_eq!(result.status, Status::Fail);
    assert!(result.reason.starts_with("3 of 5"), "{}", result.reason);
    assert!(result.reason.contains("pretty-printed → 401"));
    assert!(result.reason.contains(RESERIALISED_BODY));
    assert_eq!(result.fix.as_deref(), Some(VERIFY_RAW_BODY));
    assert!(VERIFY_RAW_BODY.contains("express.raw"));
}

#[test]
fn a_crash_is_a_failure_without_blaming_reserialisation() {
    let result = judged(&[(CONTROL, 200), (NUMBERS, 500), (PRETTY, 200)]);
    assert_eq!(result.status, Status::Fail);
    assert!(!result.reason.contains(RESERIALISED_BODY));
    assert!(result.fix.is_some_and(|f| f.contains("any valid JSON")));
}

#[test]
fn a_refused_control_is_inconclusive() {
    let result = judged(&[(CONTROL, 401), (PRETTY, 401)]);
    assert_eq!(result.status, Status::Warn);
    assert!(result.reason.starts_with("inconclusive"));
    assert!(result.fix.is_some_and(|f| f.contains("whsec_raw_…")));
}
