//! Unit tests of the pure judges: given answers and durations, the verdict, reason and fix.

use std::time::Duration;

use super::*;
use crate::check::plan;
use crate::check::report::{ProbeAnswer, ProbeFailure, ProbeOutcome, Sent, Status};

fn sent(label: &str) -> Sent {
    Sent {
        label: label.into(),
        method: "POST",
        url: "http://127.0.0.1:9/webhooks/trst".into(),
        signature: None,
        event_id: Some(format!("evt-{label}")),
        event_type: None,
        body: Vec::new(),
    }
}

fn answered(label: &str, status: u16, ms: u64, body: &str) -> Exchange {
    Exchange {
        sent: sent(label),
        outcome: ProbeOutcome::Answered(ProbeAnswer {
            status,
            elapsed: Duration::from_millis(ms),
            body: body.into(),
            truncated: false,
            location: (300..400)
                .contains(&status)
                .then(|| "https://elsewhere/".into()),
        }),
    }
}

fn ok(label: &str) -> Exchange {
    answered(label, 200, 5, "ok")
}

fn timed_out(label: &str) -> Exchange {
    Exchange {
        sent: sent(label),
        outcome: ProbeOutcome::TimedOut {
            after: Duration::from_secs(20),
        },
    }
}

fn failed(kind: ProbeFailure, reason: &str) -> Exchange {
    Exchange {
        sent: sent("reachability"),
        outcome: ProbeOutcome::Failed {
            kind,
            reason: reason.into(),
        },
    }
}

fn run_judge(id: CheckId, own: Vec<Exchange>, url: &str, preflight: Exchange) -> CheckResult {
    let url = Url::parse(url).unwrap();
    let all_owned = own.clone();
    let all: Vec<&Exchange> = std::iter::once(&preflight)
        .chain(all_owned.iter())
        .collect();
    let ctx = JudgeContext {
        url: &url,
        thresholds: Thresholds::default(),
        preflight: &preflight,
        all: &all,
        secret_label: "whsec_abcd…",
    };
    judge(id, own, &ctx)
}

fn local(id: CheckId, own: Vec<Exchange>) -> CheckResult {
    run_judge(
        id,
        own,
        "http://127.0.0.1:9/webhooks/trst",
        ok("reachability"),
    )
}

#[test]
fn ids_round_trip_and_are_unique() {
    use clap::ValueEnum;
    for id in CheckId::ALL {
        let parsed = CheckId::from_str(id.id(), false).unwrap();
        assert_eq!(parsed, *id);
    }
    assert_eq!(CheckId::ALL.len(), CheckId::value_variants().len());
}

#[test]
fn acknowledgement_passes_only_on_2xx() {
    let pass = local(
        CheckId::EventTypes,
        vec![ok("a"), answered("b", 204, 3, "")],
    );
    assert_eq!(pass.status, Status::Pass, "{}", pass.reason);
    let fail = local(CheckId::UnknownType, vec![answered("new.type", 500, 3, "")]);
    assert_eq!(fail.status, Status::Fail);
    assert!(fail.reason.contains("new.type → 500"), "{}", fail.reason);
    assert!(fail.fix.unwrap().contains("answer 2xx"));
}

#[test]
fn refused_signed_events_point_at_the_secret() {
    let r = local(
        CheckId::EventTypes,
        vec![answered("a", 401, 3, ""), answered("b", 401, 3, "")],
    );
    assert_eq!(r.status, Status::Fail);
    assert!(r.fix.unwrap().contains("whsec_abcd…"));
}

#[test]
fn redirects_and_timeouts_have_their_own_fix() {
    let r = local(CheckId::EnvelopeShapes, vec![answered("data", 301, 3, "")]);
    assert!(
        r.reason.contains("301 redirect to https://elsewhere/"),
        "{}",
        r.reason
    );
    assert!(r.fix.unwrap().contains("redirect"));
    let r = local(CheckId::EventTypes, vec![timed_out("a")]);
    assert!(r.reason.contains("no answer within 20 s"), "{}", r.reason);
    assert!(r.fix.unwrap().contains("asynchronously"));
}

#[test]
fn latency_thresholds() {
    let at = |ms: u64| local(CheckId::Latency, vec![answered("x", 200, ms, "")]).status;
    assert_eq!(at(999), Status::Pass);
    assert_eq!(
        at(1000),
        Status::Pass,
        "exactly the threshold is not over it"
    );
    assert_eq!(at(1001), Status::Warn);
    assert_eq!(at(19_000), Status::Warn);
    let none = local(CheckId::Latency, vec![ok("a"), timed_out("b")]);
    assert_eq!(none.status, Status::Fail);
    let slow = local(
        CheckId::Latency,
        vec![answered("a", 200, 30, ""), answered("b", 200, 1500, "")],
    );
    assert!(slow.reason.contains("1.5 s (b)"), "{}", slow.reason);
    assert!(slow.fix.is_some());
}

#[test]
fn latency_uses_the_given_thresholds() {
    let url = Url::parse("http://127.0.0.1:9/").unwrap();
    let pre = ok("r");
    let all = [&pre];
    let ctx = JudgeContext {
        url: &url,
        thresholds: Thresholds {
            slow: Duration::from_millis(50),
            timeout: Duration::from_secs(20),
        },
        preflight: &pre,
        all: &all,
        secret_label: "x",
    };
    let r = judge(CheckId::Latency, vec![answered("a", 200, 300, "")], &ctx);
    assert_eq!(r.status, Status::Warn);
}

#[test]
fn duplicates_need_both_acknowledged() {
    let pass = local(CheckId::Duplicates, vec![ok("1"), ok("2")]);
    assert_eq!(pass.status, Status::Pass);
    let second = local(
        CheckId::Duplicates,
        vec![ok("1"), answered("2", 500, 1, "")],
    );
    assert_eq!(second.status, Status::Fail);
    assert!(second.fix.unwrap().contains("deduplicate on event_id"));
    let conflict = local(
        CheckId::Duplicates,
        vec![ok("1"), answered("2", 409, 1, "")],
    );
    assert_eq!(conflict.status, Status::Fail, "409 makes TRST retry");
    let first = local(
        CheckId::Duplicates,
        vec![answered("1", 500, 1, ""), ok("2")],
    );
    assert!(first.reason.contains("first delivery was not acknowledged"));
}

fn signature_run(forged_status: &[(&str, u16)], control: u16) -> CheckResult {
    let mut own = vec![answered(plan::CONTROL, control, 1, "")];
    own.extend(forged_status.iter().map(|(l, s)| answered(l, *s, 1, "")));
    local(CheckId::Signatures, own)
}

#[test]
fn rejections() {
    let all_401 = [
        (plan::NO_SIGNATURE, 401),
        (plan::WRONG_SECRET, 401),
        (plan::TAMPERED, 401),
        (plan::MALFORMED, 401),
        (plan::NO_PREFIX, 401),
    ];
    let r = signature_run(&all_401, 200);
    assert_eq!(r.status, Status::Pass);
    assert!(r.notes.is_empty());

    let mut other_4xx = all_401;
    other_4xx[3].1 = 400;
    let r = signature_run(&other_4xx, 200);
    assert_eq!(r.status, Status::Pass);
    assert!(r.notes[0].contains("refused with 400"), "{:?}", r.notes);

    let mut accepted = all_401;
    accepted[1].1 = 200;
    let r = signature_run(&accepted, 200);
    assert_eq!(r.status, Status::Fail);
    assert!(r.notes[0].contains("forged events get in"));

    let mut crashed = all_401;
    crashed[2].1 = 500;
    let r = signature_run(&crashed, 200);
    assert_eq!(r.status, Status::Fail);
    assert!(r.notes[0].contains("crashing on bad input is not a rejection"));

    let mut lenient = all_401;
    lenient[4].1 = 200;
    let r = signature_run(&lenient, 200);
    assert_eq!(
        r.status,
        Status::Warn,
        "right digest without prefix is lenient, not forged"
    );

    let r = signature_run(&all_401, 401);
    assert_eq!(r.status, Status::Warn);
    assert!(r.reason.starts_with("inconclusive"), "{}", r.reason);
}

#[test]
fn transport_verdicts() {
    let loop_ = run_judge(
        CheckId::Transport,
        vec![],
        "http://localhost:3000/",
        ok("r"),
    );
    assert_eq!(loop_.status, Status::Skip);
    let good = run_judge(
        CheckId::Transport,
        vec![],
        "https://hooks.example.com/",
        ok("r"),
    );
    assert_eq!(good.status, Status::Pass);
    let http = run_judge(
        CheckId::Transport,
        vec![],
        "http://hooks.example.com/",
        ok("r"),
    );
    assert_eq!(http.status, Status::Warn);
    assert!(http.reason.contains("https://"), "{}", http.reason);
    let private = run_judge(CheckId::Transport, vec![], "https://10.0.0.5/", ok("r"));
    assert_eq!(private.status, Status::Warn);
    let tls = run_judge(
        CheckId::Transport,
        vec![],
        "https://hooks.example.com/",
        failed(ProbeFailure::Tls, "invalid peer certificate: UnknownIssuer"),
    );
    assert_eq!(tls.status, Status::Fail);
    assert!(tls.reason.contains("UnknownIssuer"));
    let refused = run_judge(
        CheckId::Transport,
        vec![],
        "https://hooks.example.com/",
        failed(ProbeFailure::Connect, "connection refused"),
    );
    assert_eq!(refused.status, Status::Fail);
}

#[test]
fn leaks_read_every_error_answer_of_the_run() {
    let clean = local(
        CheckId::Leaks,
        vec![
            answered("x", 401, 1, "{\"error\":\"invalid signature\"}"),
            ok("y"),
        ],
    );
    assert_eq!(clean.status, Status::Pass);
    assert!(
        clean.reason.contains("none of 1 error answers"),
        "{}",
        clean.reason
    );
    let leaky = local(
        CheckId::Leaks,
        vec![answered(
            "wrong secret",
            401,
            1,
            "Traceback (most recent call last):\n  File \"/app/hook.py\", line 3",
        )],
    );
    assert_eq!(leaky.status, Status::Fail);
    assert!(
        leaky
            .reason
            .contains("a Python traceback in the 401 to \"wrong secret\""),
        "{}",
        leaky.reason
    );
    assert!(!leaky.leaks.is_empty());
    let ignored_2xx = local(
        CheckId::Leaks,
        vec![answered("z", 200, 1, "Traceback (most recent call last):")],
    );
    assert_eq!(
        ignored_2xx.status,
        Status::Pass,
        "only error answers are inspected"
    );
}
