//! The report model of `check`: what was sent, what came back, and the verdict on each checklist
//! item. Plain data: the probe fills in [`Exchange`]s, the judges turn them into [`CheckResult`]s,
//! and `output::check` renders a [`Report`] for people or as JSON.

use std::time::Duration;

use serde::Serialize;

use super::checks::CheckId;
use crate::words::human;

/// The verdict on one checklist item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The endpoint does what TRST's checklist asks.
    Pass,
    /// Works, but falls short of the advice (slow, or TRST would refuse the URL).
    Warn,
    /// The endpoint is not ready: TRST deliveries would fail, or forged events get in.
    Fail,
    /// Not judged (loopback transport, or the endpoint could not be reached).
    Skip,
}

impl Status {
    /// The lowercase word used in tables and JSON.
    pub fn word(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Warn => "warn",
            Status::Fail => "fail",
            Status::Skip => "skip",
        }
    }
}

/// One request `check` sent, described without the body (bodies are shown with `-v` only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// What this request is for, e.g. "wrong secret" or "enrollment.completed".
    pub label: String,
    pub method: &'static str,
    pub url: String,
    /// The X-Webhook-Signature value sent, if any (an HMAC, never a secret).
    pub signature: Option<String>,
    pub event_id: Option<String>,
    pub event_type: Option<String>,
    /// The exact body bytes sent.
    pub body: Vec<u8>,
}

/// What came back for one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProbeOutcome {
    /// An HTTP answer arrived (status line within the timeout).
    Answered(ProbeAnswer),
    /// No answer within the timeout: TRST counts that as a failed delivery.
    TimedOut { after: Duration },
    /// The request could not be made or the connection broke.
    Failed { kind: ProbeFailure, reason: String },
}

/// Why a request got no HTTP answer at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProbeFailure {
    /// The TLS handshake failed (certificate not trusted, expired, wrong host, …).
    Tls,
    /// Name resolution or the TCP connection failed.
    Connect,
    /// The connection broke after it was made.
    Other,
}

/// An HTTP answer, with the body read up to a cap (enough to spot a stack trace).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeAnswer {
    pub status: u16,
    /// Time from sending until the status line arrived.
    pub elapsed: Duration,
    /// The body as text (lossy UTF-8), at most [`super::probe::BODY_CAP`] bytes of it.
    pub body: String,
    /// True when the body was longer than the cap.
    pub truncated: bool,
    /// The `Location` header of a redirect.
    pub location: Option<String>,
}

/// One request and its outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    pub sent: Sent,
    pub outcome: ProbeOutcome,
}

impl Exchange {
    /// The answer, when one came.
    pub fn answer(&self) -> Option<&ProbeAnswer> {
        match &self.outcome {
            ProbeOutcome::Answered(answer) => Some(answer),
            _ => None,
        }
    }

    /// The status code, when an answer came.
    pub fn status(&self) -> Option<u16> {
        self.answer().map(|a| a.status)
    }

    /// "200", "no answer within 20 s", "connection failed: …": how it ended, in a few words.
    pub fn short_outcome(&self) -> String {
        match &self.outcome {
            ProbeOutcome::Answered(answer) => answer.status.to_string(),
            ProbeOutcome::TimedOut { after } => format!("no answer within {}", human(*after)),
            ProbeOutcome::Failed { reason, .. } => format!("failed: {reason}"),
        }
    }
}

/// A leak found in an error answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeakFinding {
    /// The request whose answer leaked.
    pub request: String,
    pub status: u16,
    /// The pattern's stable name, e.g. `python_traceback`.
    pub pattern: &'static str,
    /// What the pattern means, e.g. "a Python traceback".
    pub what: &'static str,
    /// The matched text, shortened.
    pub excerpt: String,
}

/// The verdict on one checklist item with the evidence behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckResult {
    pub id: CheckId,
    pub status: Status,
    /// One line: what was seen.
    pub reason: String,
    /// One line: what to change (every non-pass has one, except skips that need none).
    pub fix: Option<String>,
    /// Further lines: per-request detail for a failure, or a note on a pass.
    pub notes: Vec<String>,
    /// Leaks found (the `leaks` check only).
    pub leaks: Vec<LeakFinding>,
    /// The requests this check sent, in order.
    pub exchanges: Vec<Exchange>,
}

impl CheckResult {
    /// A result with no notes, leaks or exchanges yet.
    pub fn new(id: CheckId, status: Status, reason: impl Into<String>) -> Self {
        CheckResult {
            id,
            status,
            reason: reason.into(),
            fix: None,
            notes: Vec::new(),
            leaks: Vec::new(),
            exchanges: Vec::new(),
        }
    }

    /// Add the fix line.
    pub fn fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }

    /// Add detail lines.
    pub fn notes(mut self, notes: Vec<String>) -> Self {
        self.notes = notes;
        self
    }
}

/// Counts per status, and whether the run counts as a success.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub total: usize,
    pub passed: usize,
    pub warned: usize,
    pub failed: usize,
    pub skipped: usize,
    /// Nothing failed (and, with `--strict`, nothing warned).
    pub ok: bool,
    pub strict: bool,
    /// Every check of the list was selected (no `--only` or `--skip` left one out): only then can
    /// a run say the endpoint is ready for TRST.
    pub complete: bool,
}

impl Summary {
    /// Count the results; `strict` makes warnings count as failures for `ok`.
    pub fn of(results: &[CheckResult], strict: bool) -> Self {
        let count = |s: Status| results.iter().filter(|r| r.status == s).count();
        let (passed, warned, failed, skipped) = (
            count(Status::Pass),
            count(Status::Warn),
            count(Status::Fail),
            count(Status::Skip),
        );
        Summary {
            total: results.len(),
            passed,
            warned,
            failed,
            skipped,
            ok: failed == 0 && !(strict && warned > 0),
            strict,
            complete: true,
        }
    }
}

/// Why the first request got no HTTP answer, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unreachable {
    pub kind: ProbeFailure,
    pub reason: String,
    pub fix: String,
}

impl Unreachable {
    /// Judge a failed first request (pure: the fix follows from the kind and the URL).
    pub fn new(kind: ProbeFailure, reason: &str, loopback: bool) -> Self {
        let (reason, fix) = match kind {
            ProbeFailure::Tls if loopback => (
                format!("TLS handshake failed: {reason}"),
                "check the plain http:// address of a local receiver; its certificate does not verify".to_owned(),
            ),
            ProbeFailure::Tls => (
                format!("TLS handshake failed: {reason}"),
                "serve a certificate from a public CA that covers this host name, with the full chain".to_owned(),
            ),
            _ if loopback => (
                reason.to_owned(),
                "start the receiver (or `trst-hooks listen`) and check the port and scheme".to_owned(),
            ),
            _ => (
                reason.to_owned(),
                "check that the receiver is running and the URL (scheme, host, port) is right".to_owned(),
            ),
        };
        Unreachable { kind, reason, fix }
    }
}

/// A whole run of `check`.
#[derive(Debug, Clone)]
pub struct Report {
    pub url: String,
    pub loopback: bool,
    pub project_id: String,
    /// The masked secret the events were signed with, and where it came from.
    pub secret: String,
    /// Set when the endpoint could not be reached at all; the other checks are then skipped.
    pub unreachable: Option<Unreachable>,
    pub results: Vec<CheckResult>,
    /// The checks `--only` or `--skip` left out, in report order.
    pub not_selected: Vec<CheckId>,
    pub summary: Summary,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_counts_and_strictness() {
        let results = vec![
            CheckResult::new(CheckId::EventTypes, Status::Pass, "ok"),
            CheckResult::new(CheckId::Latency, Status::Warn, "slow"),
            CheckResult::new(CheckId::Transport, Status::Skip, "loopback"),
        ];
        let lenient = Summary::of(&results, false);
        assert_eq!(
            (lenient.passed, lenient.warned, lenient.skipped, lenient.ok),
            (1, 1, 1, true)
        );
        assert!(!Summary::of(&results, true).ok);
        let mut failing = results.clone();
        failing.push(CheckResult::new(CheckId::Signatures, Status::Fail, "x"));
        assert!(!Summary::of(&failing, false).ok);
    }
}
