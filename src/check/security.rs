//! Judges of the checks that want a refusal or a safe answer: signatures, transport and leaks.
//! Pure: answers and the URL in, verdicts out.

use super::acks::{ack_fix, not_acknowledged};
use super::checks::{CheckId, JudgeContext};
use super::leaks;
use super::plan;
use super::report::{CheckResult, Exchange, LeakFinding, ProbeFailure, ProbeOutcome, Status};
use crate::urlpolicy;
use crate::words::human;

/// How one forged request was answered: fine, fine with a note, a warning, or a failure.
fn rejection(exchange: &Exchange) -> (Status, Option<String>) {
    let label = &exchange.sent.label;
    let lenient_prefix = label == plan::NO_PREFIX;
    match &exchange.outcome {
        ProbeOutcome::Answered(a) => match a.status {
            401 => (Status::Pass, None),
            400..=499 => (
                Status::Pass,
                Some(format!(
                    "{label}: refused with {} (TRST's docs use 401)",
                    a.status
                )),
            ),
            200..=299 if lenient_prefix => (
                Status::Warn,
                Some(format!(
                    "{label}: accepted ({}); the digest was right, but TRST's verifier rejects a header without sha256=",
                    a.status
                )),
            ),
            200..=299 => (
                Status::Fail,
                Some(format!(
                    "{label}: accepted ({}): forged events get in",
                    a.status
                )),
            ),
            300..=399 => (
                Status::Fail,
                Some(format!(
                    "{label}: redirected ({}) instead of refusing",
                    a.status
                )),
            ),
            status => (
                Status::Fail,
                Some(format!(
                    "{label}: crashed ({status}): crashing on bad input is not a rejection"
                )),
            ),
        },
        _ => (
            Status::Fail,
            Some(format!("{label}: {}", exchange.short_outcome())),
        ),
    }
}

pub(super) fn signatures(own: &[Exchange], ctx: &JudgeContext<'_>) -> CheckResult {
    let id = CheckId::Signatures;
    let control = own.iter().find(|e| e.sent.label == plan::CONTROL);
    let forged: Vec<&Exchange> = own
        .iter()
        .filter(|e| e.sent.label != plan::CONTROL)
        .collect();
    let judged: Vec<(Status, Option<String>)> = forged.iter().map(|e| rejection(e)).collect();
    let worst = judged.iter().map(|(s, _)| *s).max().unwrap_or(Status::Pass);
    let notes: Vec<String> = judged.iter().filter_map(|(_, n)| n.clone()).collect();
    let count = |s: Status| judged.iter().filter(|(st, _)| *st == s).count();
    let refused = count(Status::Pass);
    if worst == Status::Pass {
        if let Some(why) = control.and_then(not_acknowledged) {
            return CheckResult::new(
                id,
                Status::Warn,
                format!(
                    "inconclusive: all {} bad requests were refused, but so was a correctly signed one ({why})",
                    forged.len()
                ),
            )
            .fix(ack_fix(&control.into_iter().collect::<Vec<_>>(), ctx, "answer 2xx to correctly signed events"))
            .notes(notes);
        }
        let reason = if notes.is_empty() {
            format!("all {} bad requests refused with 401", forged.len())
        } else {
            format!(
                "all {} bad requests refused ({} not with 401)",
                forged.len(),
                notes.len()
            )
        };
        return CheckResult::new(id, Status::Pass, reason).notes(notes);
    }
    let fix = if worst == Status::Warn {
        "reject a X-Webhook-Signature that does not start with sha256=, as TRST's verifier does"
    } else {
        "verify X-Webhook-Signature (HMAC-SHA256 of the raw body, whole secret as key) before anything else, and answer 401 when it does not match"
    };
    let bad = forged.len() - refused;
    let reason = if worst == Status::Fail {
        format!("{bad} of {} bad requests not refused", forged.len())
    } else {
        "a header without the sha256= prefix was accepted".to_owned()
    };
    CheckResult::new(id, worst, reason).fix(fix).notes(notes)
}

pub(super) fn transport(ctx: &JudgeContext<'_>) -> CheckResult {
    let id = CheckId::Transport;
    if urlpolicy::is_loopback(ctx.url) {
        return CheckResult::new(
            id,
            Status::Skip,
            "loopback: TRST cannot deliver to this machine, so there is no certificate to judge",
        )
        .fix("before going live, run check against the public HTTPS URL you register with TRST");
    }
    match &ctx.preflight.outcome {
        ProbeOutcome::Failed {
            kind: ProbeFailure::Tls,
            reason,
        } => {
            return CheckResult::new(id, Status::Fail, format!("TLS handshake failed: {reason}"))
                .fix("serve a certificate from a public CA that covers this host name, with the full chain (e.g. Let's Encrypt)");
        }
        ProbeOutcome::Failed { reason, .. } => {
            return CheckResult::new(id, Status::Fail, format!("could not connect: {reason}"))
                .fix("check the URL, DNS and firewall: TRST must reach it from the internet");
        }
        ProbeOutcome::TimedOut { after } => {
            return CheckResult::new(
                id,
                Status::Warn,
                format!(
                    "no answer within {}: could not confirm the connection",
                    human(*after)
                ),
            )
            .fix("make the endpoint answer, then check again");
        }
        ProbeOutcome::Answered(_) => {}
    }
    let problems = urlpolicy::trst_problems(ctx.url);
    if !problems.is_empty() {
        let reasons: Vec<String> = problems.iter().map(ToString::to_string).collect();
        let fix = if ctx.url.scheme() != "https" {
            "serve the endpoint over HTTPS with a certificate from a public CA, at a public host name"
        } else {
            "register a public host name with TRST (this address is fine for staging behind a tunnel)"
        };
        return CheckResult::new(
            id,
            Status::Warn,
            format!("TRST would refuse this URL: {}", reasons.join("; ")),
        )
        .fix(fix);
    }
    CheckResult::new(id, Status::Pass, "HTTPS; the certificate verifies")
}

pub(super) fn leaks_check(ctx: &JudgeContext<'_>) -> CheckResult {
    let id = CheckId::Leaks;
    let errors: Vec<&&Exchange> = ctx
        .all
        .iter()
        .filter(|e| e.status().is_some_and(|s| s >= 400))
        .collect();
    let findings: Vec<_> = errors.iter().flat_map(|e| leaks::inspect(e)).collect();
    if findings.is_empty() {
        let reason = if errors.is_empty() {
            "no error answers during the run, so nothing leaked".to_owned()
        } else {
            format!("none of {} error answers leaks internals", errors.len())
        };
        return CheckResult::new(id, Status::Pass, reason);
    }
    let mut leaking: Vec<&str> = findings.iter().map(|f| f.request.as_str()).collect();
    leaking.dedup();
    let first = &findings[0];
    let notes = leak_notes(&findings);
    let mut result = CheckResult::new(
        id,
        Status::Fail,
        format!(
            "{} of {} error answers leak internals, e.g. {} in the {} to \"{}\"",
            leaking.len(),
            errors.len(),
            first.what,
            first.status,
            first.request
        ),
    )
    .fix("answer errors with a short fixed message (e.g. {\"error\":\"invalid signature\"}), log the details server-side, and turn debug mode off")
    .notes(notes);
    result.leaks = findings;
    result
}

/// One line per pattern that matched: what it is, the first text it matched, and in which
/// answers (at most three named).
fn leak_notes(findings: &[LeakFinding]) -> Vec<String> {
    let mut notes = Vec::new();
    let mut done: Vec<&str> = Vec::new();
    for finding in findings {
        if done.contains(&finding.pattern) {
            continue;
        }
        done.push(finding.pattern);
        let answers: Vec<String> = findings
            .iter()
            .filter(|f| f.pattern == finding.pattern)
            .map(|f| format!("{} to \"{}\"", f.status, f.request))
            .collect();
        let named = answers
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        let more = match answers.len() {
            0..=3 => String::new(),
            n => format!(" and {} more", n - 3),
        };
        notes.push(format!(
            "{} «{}» in {named}{more}",
            finding.what, finding.excerpt
        ));
    }
    notes
}
