//! End-to-end: how `check` ends. A run narrowed by `--only`/`--skip` never says "ready for TRST"
//! (it names what did not run and how to run everything), and a fix shared by several checks is
//! printed once, the later checks pointing back to it.

use crate::support::check_run;
use crate::support::loopback::serve_in_thread;
use axum::http::StatusCode;
use axum::routing::post;
use serde_json::Value;

/// A receiver that answers every request with `status`, on 127.0.0.1:0; its URL.
fn start_answering(status: StatusCode) -> String {
    let app = axum::Router::new().route("/hook", post(move || async move { status }));
    format!("http://{}/hook", serve_in_thread(app))
}

fn check(url: &str, extra: &[&str]) -> (String, i32) {
    let args = [&[url, "--dev-secret", "--slow-threshold", "15s"], extra].concat();
    check_run::stdout_and_code(&args, None)
}

#[test]
fn a_partial_run_passes_without_claiming_readiness() {
    let url = start_answering(StatusCode::OK);
    let (out, code) = check(&url, &["--only", "duplicates,raw-body"]);
    assert!(!out.contains("ready for TRST:"), "{out}");
    assert!(
        out.contains("✓ partial run, no readiness verdict: 2 passed"),
        "{out}"
    );
    assert!(
        out.contains("not run: transport, event-types, latency, signatures, unknown-type, envelope-shapes, leaks (left out by --only/--skip)"),
        "{out}"
    );
    assert!(out.contains("without --only and --skip"), "{out}");
    assert_eq!(code, 0, "nothing failed");

    let (json, _) = check(&url, &["--only", "duplicates", "--json"]);
    let report: Value = serde_json::from_str(json.trim()).expect("one JSON object");
    assert_eq!(report["summary"]["complete"], false);
    assert_eq!(report["not_selected"].as_array().map(Vec::len), Some(8));

    let (skipped, _) = check(&url, &["--skip", "signatures"]);
    assert!(!skipped.contains("ready for TRST:"), "{skipped}");
    assert!(skipped.contains("not run: signatures "), "{skipped}");
}

#[test]
fn a_fix_shared_by_several_checks_is_printed_once() {
    // Every request refused: each check that wanted a 2xx blames the same secret mismatch.
    let url = start_answering(StatusCode::UNAUTHORIZED);
    let (out, code) = check(&url, &[]);
    let secret_fix = "correctly signed events were refused";
    assert_eq!(out.matches(secret_fix).count(), 1, "{out}");
    assert!(out.contains("fix: same as for event-types above"), "{out}");
    let repeats = out.matches("fix: same as for event-types above").count();
    assert!(repeats >= 3, "{repeats} pointers in {out}");
    assert!(out.contains("not ready for TRST"), "{out}");
    assert_eq!(code, 1);

    let (json, _) = check(&url, &["--json"]);
    let report: Value = serde_json::from_str(json.trim()).expect("one JSON object");
    let full_fixes = report["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .filter(|c| c["fix"].as_str().is_some_and(|f| f.contains(secret_fix)))
        .count();
    assert_eq!(full_fixes, repeats + 1, "JSON keeps every check's own fix");
    assert_eq!(report["summary"]["complete"], true);
}
