//! The checklist (contract §5) as check ids and titles, and [`judge`], which hands each check to
//! its pure judge (`acks` or `security`) to turn what came back into a verdict, reason and fix.
//! No IO and no clock: durations arrive measured, and the thresholds are passed in so the judging
//! is tested with exact numbers.

use std::time::Duration;

use url::Url;

use super::acks::{acknowledged, duplicates, latency};
use super::report::{CheckResult, Exchange};
use super::security::{leaks_check, signatures, transport};
use crate::defaults;

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
    /// Correctly signed bodies that a JSON parser would rewrite are acknowledged
    RawBody,
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
        CheckId::RawBody,
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
            CheckId::RawBody => "raw-body",
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
            CheckId::RawBody => "the signature is checked over the raw body bytes",
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
pub struct JudgeContext<'a> {
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
pub fn judge(id: CheckId, own: Vec<Exchange>, ctx: &JudgeContext<'_>) -> CheckResult {
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
        CheckId::RawBody => super::raw_body::judge(&own, ctx),
        CheckId::Leaks => leaks_check(ctx),
    };
    result.exchanges = own;
    result
}

#[cfg(test)]
#[path = "checks_tests.rs"]
mod tests;
