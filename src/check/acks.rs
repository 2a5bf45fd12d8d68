//! Judges of the checks that want an acknowledgement: event types, unknown types, envelope
//! shapes, duplicates and latency. Pure: answers and measured durations in, verdicts out.

use std::time::Duration;

use super::checks::{CheckId, JudgeContext, Thresholds};
use super::report::{CheckResult, Exchange, ProbeOutcome, Status};
use crate::words::human;

/// Why an answer to a correctly signed event is not an acknowledgement, if it is not.
pub(super) fn not_acknowledged(exchange: &Exchange) -> Option<String> {
    match &exchange.outcome {
        ProbeOutcome::Answered(a) if (200..300).contains(&a.status) => None,
        ProbeOutcome::Answered(a) if (300..400).contains(&a.status) => Some(format!(
            "{} redirect{}",
            a.status,
            a.location
                .as_deref()
                .map(|l| format!(" to {l}"))
                .unwrap_or_default()
        )),
        ProbeOutcome::Answered(a) => Some(a.status.to_string()),
        _ => Some(exchange.short_outcome()),
    }
}

/// The fix that explains a set of non-acknowledgements best: the secret, a redirect, a timeout,
/// else the check's own advice.
pub(super) fn ack_fix(bad: &[&Exchange], ctx: &JudgeContext<'_>, own_fix: &str) -> String {
    let statuses: Vec<u16> = bad.iter().filter_map(|e| e.status()).collect();
    if !statuses.is_empty() && statuses.iter().all(|s| *s == 401 || *s == 403) {
        return format!(
            "correctly signed events were refused: is the endpoint's secret the one check signs with ({})? Give it with --secret-env or --secret-file, whsec_ included",
            ctx.secret_label
        );
    }
    if statuses.iter().any(|s| (300..400).contains(s)) {
        return "use the final URL: TRST does not follow redirects (assumed), so register the address that answers directly".into();
    }
    if bad
        .iter()
        .any(|e| matches!(e.outcome, ProbeOutcome::TimedOut { .. }))
    {
        return format!(
            "answer within {} (aim for under 1 s): acknowledge first, process asynchronously",
            human(ctx.thresholds.timeout)
        );
    }
    own_fix.to_owned()
}

pub(super) fn acknowledged(
    id: CheckId,
    own: &[Exchange],
    ctx: &JudgeContext<'_>,
    own_fix: &str,
) -> CheckResult {
    let bad: Vec<&Exchange> = own
        .iter()
        .filter(|e| not_acknowledged(e).is_some())
        .collect();
    let listing = |list: &[&Exchange]| -> String {
        let outcomes: Vec<String> = list
            .iter()
            .map(|e| not_acknowledged(e).unwrap_or_else(|| e.short_outcome()))
            .collect();
        let labels: Vec<&str> = list.iter().map(|e| e.sent.label.as_str()).collect();
        if list.len() > 1 && outcomes.iter().all(|o| *o == outcomes[0]) {
            return format!("each → {} ({})", outcomes[0], labels.join(", "));
        }
        labels
            .iter()
            .zip(&outcomes)
            .map(|(label, outcome)| format!("{label} → {outcome}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if bad.is_empty() {
        let all: Vec<&Exchange> = own.iter().collect();
        return CheckResult::new(
            id,
            Status::Pass,
            format!(
                "{} of {} acknowledged: {}",
                own.len(),
                own.len(),
                listing(&all)
            ),
        );
    }
    CheckResult::new(
        id,
        Status::Fail,
        format!(
            "{} of {} not acknowledged: {}",
            bad.len(),
            own.len(),
            listing(&bad)
        ),
    )
    .fix(ack_fix(&bad, ctx, own_fix))
}

pub(super) fn duplicates(own: &[Exchange], ctx: &JudgeContext<'_>) -> CheckResult {
    let id = CheckId::Duplicates;
    let (Some(first), Some(second)) = (own.first(), own.get(1)) else {
        return CheckResult::new(id, Status::Skip, "not run");
    };
    if let Some(why) = not_acknowledged(first) {
        return CheckResult::new(
            id,
            Status::Fail,
            format!("the first delivery was not acknowledged ({why}), so repeats cannot be judged"),
        )
        .fix(ack_fix(&[first], ctx, "answer 2xx to signed events"));
    }
    match not_acknowledged(second) {
        None => CheckResult::new(
            id,
            Status::Pass,
            format!(
                "both deliveries of event {} acknowledged ({}, then {})",
                first.sent.event_id.as_deref().unwrap_or("?"),
                first.short_outcome(),
                second.short_outcome()
            ),
        ),
        Some(why) => CheckResult::new(
            id,
            Status::Fail,
            format!(
                "first delivery {}, the same bytes again → {why}: TRST would retry it for up to 14 days",
                first.short_outcome()
            ),
        )
        .fix("deduplicate on event_id: answer 2xx to a repeat without processing it again"),
    }
}

pub(super) fn latency(own: &[Exchange], thresholds: Thresholds) -> CheckResult {
    let id = CheckId::Latency;
    if let Some(timed_out) = own
        .iter()
        .find(|e| matches!(e.outcome, ProbeOutcome::TimedOut { .. }))
    {
        return CheckResult::new(
            id,
            Status::Fail,
            format!(
                "{}: no answer within {}, so TRST counts the delivery as failed and retries",
                timed_out.sent.label,
                human(thresholds.timeout)
            ),
        )
        .fix(
            "answer 2xx at once and process the event asynchronously (a queue or background job)",
        );
    }
    if let Some(failed) = own
        .iter()
        .find(|e| matches!(e.outcome, ProbeOutcome::Failed { .. }))
    {
        return CheckResult::new(
            id,
            Status::Fail,
            format!("{}: {}", failed.sent.label, failed.short_outcome()),
        )
        .fix("make sure the endpoint stays up while events arrive");
    }
    let times: Vec<(&Exchange, Duration)> = own
        .iter()
        .filter_map(|e| e.answer().map(|a| (e, a.elapsed)))
        .collect();
    let Some(&(slowest, max)) = times.iter().max_by_key(|(_, d)| *d) else {
        return CheckResult::new(id, Status::Skip, "no answers to time");
    };
    let each = times
        .iter()
        .map(|(e, d)| format!("{} {}", e.sent.label, human(*d)))
        .collect::<Vec<_>>()
        .join(", ");
    if max > thresholds.slow {
        return CheckResult::new(
            id,
            Status::Warn,
            format!(
                "slowest answer took {} ({}), over the {} TRST advises",
                human(max),
                slowest.sent.label,
                human(thresholds.slow)
            ),
        )
        .fix("answer 2xx first and do the work asynchronously: TRST gives up after 20 s")
        .notes(vec![format!("one at a time: {each}")]);
    }
    CheckResult::new(
        id,
        Status::Pass,
        format!(
            "slowest of {} answers took {} ({each})",
            times.len(),
            human(max)
        ),
    )
}
