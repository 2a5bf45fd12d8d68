//! The checklist (contract §5) as check ids, titles, and pure judges that turn what came back
//! into a verdict with a reason and a fix. No IO and no clock: durations arrive measured, and the
//! thresholds are passed in so the judging is tested with exact numbers.

use std::time::Duration;

use url::Url;

use super::leaks;
use super::plan;
use super::report::{CheckResult, Exchange, FailureKind, LeakFinding, Outcome, Status, seconds};
use crate::defaults;
use crate::urlpolicy;

/// One item of the checklist. The kebab-case names are what `--only` and `--skip` take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum CheckId {
    /// HTTPS with a certificate that verifies; a URL TRST accepts
    Transport,
    /// Every known event type is acknowledged with 2xx
    EventTypes,
    /// Acknowledgements come fast (under 1 s; never past 20 s)
    Latency,
    /// Unsigned, forged, tampered and malformed signatures are refused with 401
    Signatures,
    /// The same delivery twice is acknowledged both times
    Duplicates,
    /// An event type TRST does not send yet is acknowledged
    UnknownType,
    /// event_type in data and at the top level are both acknowledged
    EnvelopeShapes,
    /// Error answers do not leak stack traces, exception names, paths or debug pages
    Leaks,
}

impl CheckId {
    /// Every check, in the order of the report.
    pub const ALL: &'static [CheckId] = &[
        CheckId::Transport,
        CheckId::EventTypes,
        CheckId::Latency,
        CheckId::Signatures,
        CheckId::Duplicates,
        CheckId::UnknownType,
        CheckId::EnvelopeShapes,
        CheckId::Leaks,
    ];

    /// The stable id used on the command line and in JSON.
    pub fn id(self) -> &'static str {
        match self {
            CheckId::Transport => "transport",
            CheckId::EventTypes => "event-types",
            CheckId::Latency => "latency",
            CheckId::Signatures => "signatures",
            CheckId::Duplicates => "duplicates",
            CheckId::UnknownType => "unknown-type",
            CheckId::EnvelopeShapes => "envelope-shapes",
            CheckId::Leaks => "leaks",
        }
    }

    /// What holds when the check passes, in a few words.
    pub fn title(self) -> &'static str {
        match self {
            CheckId::Transport => "HTTPS with a valid certificate, at a URL TRST accepts",
            CheckId::EventTypes => "every known event type is acknowledged",
            CheckId::Latency => "acknowledges fast (under 1 s, never past 20 s)",
            CheckId::Signatures => "forged and unsigned requests are refused with 401",
            CheckId::Duplicates => "a repeated delivery is acknowledged again",
            CheckId::UnknownType => "an unknown event type is acknowledged",
            CheckId::EnvelopeShapes => "both envelope shapes are acknowledged",
            CheckId::Leaks => "error answers leak no internals",
        }
    }
}

/// When an answer counts as slow, and when as no answer at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    /// Slower than this warns (TRST's docs: aim for under 1 s).
    pub slow: Duration,
    /// No answer by then fails (TRST's delivery timeout, 20 s).
    pub timeout: Duration,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            slow: Duration::from_millis(defaults::SLOW_ANSWER_MS),
            timeout: Duration::from_secs(defaults::DELIVERY_TIMEOUT_SECS),
        }
    }
}

/// What the judges may look at besides a check's own requests.
pub struct Context<'a> {
    pub url: &'a Url,
    pub thresholds: Thresholds,
    /// The reachability request every run starts with.
    pub preflight: &'a Exchange,
    /// Every request of the run (the leak check reads all error answers).
    pub all: &'a [&'a Exchange],
    /// The masked secret the events were signed with, for hints.
    pub secret_label: &'a str,
}

/// Judge one check from its own requests (in plan order) and the context.
pub fn judge(id: CheckId, own: Vec<Exchange>, ctx: &Context<'_>) -> CheckResult {
    let mut result = match id {
        CheckId::Transport => transport(ctx),
        CheckId::EventTypes => acknowledged(
            id,
            &own,
            ctx,
            "answer 2xx to every signed event TRST sends, then process it",
        ),
        CheckId::UnknownType => acknowledged(
            id,
            &own,
            ctx,
            "log event types you do not handle and answer 2xx: TRST adds types over time",
        ),
        CheckId::EnvelopeShapes => acknowledged(
            id,
            &own,
            ctx,
            "read data.event_type, falling back to a top-level event_type (TRST's docs show both)",
        ),
        CheckId::Duplicates => duplicates(&own, ctx),
        CheckId::Latency => latency(&own, ctx.thresholds),
        CheckId::Signatures => signatures(&own, ctx),
        CheckId::Leaks => leaks_check(ctx),
    };
    result.exchanges = own;
    result
}

/// Why an answer to a correctly signed event is not an acknowledgement, if it is not.
fn not_acknowledged(exchange: &Exchange) -> Option<String> {
    match &exchange.outcome {
        Outcome::Answered(a) if (200..300).contains(&a.status) => None,
        Outcome::Answered(a) if (300..400).contains(&a.status) => Some(format!(
            "{} redirect{}",
            a.status,
            a.location
                .as_deref()
                .map(|l| format!(" to {l}"))
                .unwrap_or_default()
        )),
        Outcome::Answered(a) => Some(a.status.to_string()),
        _ => Some(exchange.short_outcome()),
    }
}

/// The fix that explains a set of non-acknowledgements best: the secret, a redirect, a timeout,
/// else the check's own advice.
fn ack_fix(bad: &[&Exchange], ctx: &Context<'_>, own_fix: &str) -> String {
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
        .any(|e| matches!(e.outcome, Outcome::TimedOut { .. }))
    {
        return format!(
            "answer within {} (aim for under 1 s): acknowledge first, process asynchronously",
            seconds(ctx.thresholds.timeout)
        );
    }
    own_fix.to_owned()
}

fn acknowledged(id: CheckId, own: &[Exchange], ctx: &Context<'_>, own_fix: &str) -> CheckResult {
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

fn duplicates(own: &[Exchange], ctx: &Context<'_>) -> CheckResult {
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

fn latency(own: &[Exchange], thresholds: Thresholds) -> CheckResult {
    let id = CheckId::Latency;
    if let Some(timed_out) = own
        .iter()
        .find(|e| matches!(e.outcome, Outcome::TimedOut { .. }))
    {
        return CheckResult::new(
            id,
            Status::Fail,
            format!(
                "{}: no answer within {}, so TRST counts the delivery as failed and retries",
                timed_out.sent.label,
                seconds(thresholds.timeout)
            ),
        )
        .fix(
            "answer 2xx at once and process the event asynchronously (a queue or background job)",
        );
    }
    if let Some(failed) = own
        .iter()
        .find(|e| matches!(e.outcome, Outcome::Failed { .. }))
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
        .map(|(e, d)| format!("{} {}", e.sent.label, seconds(*d)))
        .collect::<Vec<_>>()
        .join(", ");
    if max > thresholds.slow {
        return CheckResult::new(
            id,
            Status::Warn,
            format!(
                "slowest answer took {} ({}), over the {} TRST advises",
                seconds(max),
                slowest.sent.label,
                seconds(thresholds.slow)
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
            seconds(max)
        ),
    )
}

/// How one forged request was answered: fine, fine with a note, a warning, or a failure.
fn rejection(exchange: &Exchange) -> (Status, Option<String>) {
    let label = &exchange.sent.label;
    let lenient_prefix = label == plan::NO_PREFIX;
    match &exchange.outcome {
        Outcome::Answered(a) => match a.status {
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

fn signatures(own: &[Exchange], ctx: &Context<'_>) -> CheckResult {
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

fn transport(ctx: &Context<'_>) -> CheckResult {
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
        Outcome::Failed {
            kind: FailureKind::Tls,
            reason,
        } => {
            return CheckResult::new(id, Status::Fail, format!("TLS handshake failed: {reason}"))
                .fix("serve a certificate from a public CA that covers this host name, with the full chain (e.g. Let's Encrypt)");
        }
        Outcome::Failed { reason, .. } => {
            return CheckResult::new(id, Status::Fail, format!("could not connect: {reason}"))
                .fix("check the URL, DNS and firewall: TRST must reach it from the internet");
        }
        Outcome::TimedOut { after } => {
            return CheckResult::new(
                id,
                Status::Warn,
                format!(
                    "no answer within {}: could not confirm the connection",
                    seconds(*after)
                ),
            )
            .fix("make the endpoint answer, then check again");
        }
        Outcome::Answered(_) => {}
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

fn leaks_check(ctx: &Context<'_>) -> CheckResult {
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

#[cfg(test)]
#[path = "checks_tests.rs"]
mod tests;
