//! End-to-end: `trst-hooks check` against receivers served by the test, each with exactly one
//! known defect, and a correct one. `check` must name exactly the defect each has.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::support::check_run;
use crate::support::loopback::{closed_addr, silent_addr};
use crate::support::receivers::{Defect, start};
use serde_json::Value;

const SECRET: &str = "whsec_check_e2e_0123456789abcdef";

/// A slow-threshold far above anything a loaded machine produces, for receivers that are not
/// meant to be slow (the default 1 s is covered by unit tests of the judge).
const GENEROUS: &str = "15s";

fn run_json(url: &str, extra: &[&str]) -> (Value, i32) {
    let args = [&[url, "--json", "--secret-env", "HOOK_SECRET"], extra].concat();
    let output = check_run::run(&args, Some(SECRET));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let value: Value = serde_json::from_str(stdout.trim()).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON object ({e}): {stdout}\nstderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (value, output.status.code().unwrap_or(-1))
}

/// Every check's status, by id.
fn statuses(report: &Value) -> BTreeMap<String, String> {
    report["checks"]
        .as_array()
        .expect("checks array")
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap_or_default().to_owned(),
                c["status"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// The checks that did not pass (transport is skipped on loopback and left out here).
fn not_passing(report: &Value) -> BTreeMap<String, String> {
    statuses(report)
        .into_iter()
        .filter(|(id, status)| status != "pass" && !(id == "transport" && status == "skip"))
        .collect()
}

fn only(id: &str, status: &str) -> BTreeMap<String, String> {
    BTreeMap::from([(id.to_owned(), status.to_owned())])
}

fn check_of<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["checks"]
        .as_array()
        .and_then(|list| list.iter().find(|c| c["id"] == id))
        .unwrap_or_else(|| panic!("no check {id} in {report}"))
}

#[test]
fn correct_receiver_passes_everything() {
    let receiver = start(SECRET, Defect::None);
    let (report, code) = run_json(&receiver.url, &["--slow-threshold", GENEROUS]);
    assert_eq!(not_passing(&report), BTreeMap::new(), "{report:#}");
    assert_eq!(statuses(&report).len(), 9);
    assert_eq!(check_of(&report, "transport")["status"], "skip");
    assert_eq!(report["summary"]["ok"], true);
    assert_eq!(report["summary"]["failed"], 0);
    assert_eq!(code, 0);
}

#[test]
fn receiver_that_does_not_verify_fails_signatures_only() {
    let receiver = start(SECRET, Defect::DoesNotVerify);
    let (report, code) = run_json(&receiver.url, &["--slow-threshold", GENEROUS]);
    assert_eq!(
        not_passing(&report),
        only("signatures", "fail"),
        "{report:#}"
    );
    let signatures = check_of(&report, "signatures");
    let reason = signatures["reason"].as_str().unwrap_or_default();
    assert!(reason.contains("not refused"), "{reason}");
    let notes = signatures["notes"].to_string();
    for case in ["no signature", "wrong secret", "tampered body", "sha256=zz"] {
        assert!(notes.contains(case), "{case} missing from {notes}");
    }
    assert!(
        signatures["fix"]
            .as_str()
            .is_some_and(|f| f.contains("401"))
    );
    assert_eq!(code, 1);
}

#[test]
fn receiver_failing_on_unknown_types_fails_unknown_type_only() {
    let receiver = start(SECRET, Defect::FailsOnUnknownType);
    let (report, code) = run_json(&receiver.url, &["--slow-threshold", GENEROUS]);
    assert_eq!(
        not_passing(&report),
        only("unknown-type", "fail"),
        "{report:#}"
    );
    let reason = check_of(&report, "unknown-type")["reason"].to_string();
    assert!(reason.contains("500"), "{reason}");
    assert_eq!(code, 1);
}

#[test]
fn slow_receiver_warns_on_latency_only_and_still_exits_0() {
    // The receiver's 300 ms sleep is the defect it models; the threshold is set well under it.
    let receiver = start(SECRET, Defect::Slow(Duration::from_millis(300)));
    let (report, code) = run_json(&receiver.url, &["--slow-threshold", "50ms"]);
    assert_eq!(not_passing(&report), only("latency", "warn"), "{report:#}");
    assert_eq!(code, 0, "warnings do not fail");
    assert_eq!(report["summary"]["warned"], 1);

    let (strict, code) = run_json(
        &receiver.url,
        &["--slow-threshold", "50ms", "--strict", "--only", "latency"],
    );
    assert_eq!(strict["summary"]["ok"], false);
    assert_eq!(code, 1, "--strict makes warnings fail");
}

#[test]
fn leaky_receiver_fails_leaks_only() {
    let receiver = start(SECRET, Defect::LeaksStackTrace);
    let (report, code) = run_json(&receiver.url, &["--slow-threshold", GENEROUS]);
    assert_eq!(not_passing(&report), only("leaks", "fail"), "{report:#}");
    let leaks = &check_of(&report, "leaks")["leaks"];
    let patterns = leaks.to_string();
    assert!(patterns.contains("python_traceback"), "{patterns}");
    assert!(leaks[0]["status"] == 401);
    assert_eq!(code, 1);

    let (alone, code) = run_json(&receiver.url, &["--only", "leaks"]);
    assert_eq!(not_passing(&alone), only("leaks", "fail"), "{alone:#}");
    assert_eq!(code, 1, "--only leaks provokes the same error paths");
}

#[test]
fn receiver_failing_on_duplicates_fails_duplicates_only() {
    let receiver = start(SECRET, Defect::FailsOnDuplicate);
    let (report, code) = run_json(&receiver.url, &["--slow-threshold", GENEROUS]);
    assert_eq!(
        not_passing(&report),
        only("duplicates", "fail"),
        "{report:#}"
    );
    let duplicates = check_of(&report, "duplicates");
    let requests = duplicates["requests"].as_array().expect("requests");
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0]["status"], 200, "first delivery first");
    assert_eq!(requests[1]["status"], 500);
    assert_eq!(requests[0]["event_id"], requests[1]["event_id"]);
    assert!(
        duplicates["fix"]
            .as_str()
            .is_some_and(|f| f.contains("event_id"))
    );
    assert_eq!(code, 1);
}

#[test]
fn silent_endpoint_times_out_and_fails() {
    let url = format!("http://{}/webhooks/trst", silent_addr());
    let (report, code) = run_json(
        &url,
        &[
            "--timeout",
            "300ms",
            "--slow-threshold",
            "100ms",
            "--only",
            "event-types,latency,leaks",
        ],
    );
    let got = statuses(&report);
    assert_eq!(got["event-types"], "fail", "{report:#}");
    assert_eq!(got["latency"], "fail");
    assert_eq!(got["leaks"], "pass", "no error answers, nothing leaked");
    let reason = check_of(&report, "event-types")["reason"].to_string();
    assert!(reason.contains("no answer within 300 ms"), "{reason}");
    assert_eq!(code, 1);
}

#[test]
fn unreachable_endpoint_is_one_clear_failure() {
    let url = format!("http://{}/webhooks/trst", closed_addr());
    let (report, code) = run_json(&url, &[]);
    let unreachable = &report["unreachable"];
    assert_eq!(unreachable["kind"], "connect", "{report:#}");
    assert!(
        unreachable["reason"]
            .as_str()
            .is_some_and(|r| r.to_lowercase().contains("refused")),
        "{report:#}"
    );
    assert!(
        unreachable["fix"]
            .as_str()
            .is_some_and(|f| f.contains("start the receiver"))
    );
    assert_eq!(report["summary"]["ok"], false);
    assert_eq!(check_of(&report, "signatures")["status"], "skip");
    assert_eq!(code, 1);
}

#[test]
fn events_are_marked_and_signed_with_the_given_secret() {
    let receiver = start(SECRET, Defect::None);
    let (_, code) = run_json(
        &receiver.url,
        &[
            "--slow-threshold",
            GENEROUS,
            "--project-id",
            "proj_ci_smoke",
        ],
    );
    assert_eq!(code, 0);
    let seen = receiver.seen();
    assert!(seen.len() >= 15, "only {} requests", seen.len());
    let mut events = 0;
    for request in &seen {
        assert!(
            request
                .user_agent
                .as_deref()
                .is_some_and(|ua| ua.starts_with("trst-hooks-check/")),
            "{:?}",
            request.user_agent
        );
        if let Ok(event) = serde_json::from_slice::<Value>(&request.body)
            && event.get("project_id").is_some()
        {
            assert_eq!(event["project_id"], "proj_ci_smoke");
            events += 1;
        }
    }
    assert!(events >= 14, "{events}");
}
