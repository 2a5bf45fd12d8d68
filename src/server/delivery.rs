//! What the listener reports about each request it handled: the handler produces one
//! [`HandledRequest`] per request, and the terminal view, the JSON view and the summary consume them.

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Bytes;

use super::envelope::PeekError;
use super::exec::ExecOutcome;
use super::forward::ForwardOutcome;
use crate::verdict::Verdict;

/// One request, as the listener saw and answered it.
#[derive(Debug)]
pub struct HandledRequest {
    /// 1, 2, 3… in arrival order within this run.
    pub seq: u64,
    /// RFC 3339 UTC with milliseconds.
    pub received_at: String,
    pub method: String,
    /// Path with query, as requested.
    pub path: String,
    pub remote: Option<SocketAddr>,
    /// Our answer's status code.
    pub status: u16,
    /// From the request's arrival to our answer.
    pub latency: Duration,
    pub kind: Kind,
}

/// A request turned away before its body was complete, or a complete delivery.
#[derive(Debug)]
pub enum Kind {
    Rejected(Rejection),
    Received(Box<Received>),
}

/// Why a request was answered without being read as a delivery (never logged: no whole body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// Not the webhook path (404).
    WrongPath { expected: String },
    /// Not POST (405).
    WrongMethod,
    /// Body over `--max-body` (413); `declared` when Content-Length said so up front.
    TooLarge { limit: usize, declared: Option<u64> },
    /// The client stopped sending before the body was complete.
    CutOff { received: usize, reason: String },
    /// The client sent nothing for too long in the middle of the body (408).
    Stalled { received: usize },
    /// The whole body had not arrived within `--body-timeout` of the request (408).
    TooSlow { received: usize, deadline: Duration },
}

impl Rejection {
    /// A stable snake_case name for JSON output and the summary.
    pub fn code(&self) -> &'static str {
        match self {
            Rejection::WrongPath { .. } => "wrong_path",
            Rejection::WrongMethod => "wrong_method",
            Rejection::TooLarge { .. } => "too_large",
            Rejection::CutOff { .. } => "cut_off",
            Rejection::Stalled { .. } => "stalled",
            Rejection::TooSlow { .. } => "too_slow",
        }
    }
}

/// A delivery whose whole body arrived.
#[derive(Debug)]
pub struct Received {
    pub body: Bytes,
    pub verdict: Verdict,
    /// Ok when the body is a JSON object.
    pub json: Result<(), PeekError>,
    pub event_id: Option<String>,
    pub event_type: Option<String>,
    /// Earlier validly signed deliveries of the same `event_id` (0: first time).
    pub seen_before: u32,
    pub reason: AnswerReason,
    pub logged: Logged,
    pub forward: Option<ForwardOutcome>,
    pub exec: Option<ExecOutcome>,
    /// The delivery-log record (a JSON object), reused by the `--json` view.
    pub record: Vec<u8>,
}

impl Received {
    /// A validly signed JSON event: what `--expect` counts and `--exec` runs for.
    pub fn is_verified_event(&self) -> bool {
        self.verdict.is_valid() && self.json.is_ok()
    }
}

/// Why we answered what we answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerReason {
    /// Valid signature, JSON body: 200.
    Accepted,
    /// Missing or bad signature: 401.
    BadSignature,
    /// Valid signature, body not a JSON object: 400.
    NotJson,
    /// `--status CODE`.
    StatusFlag,
    /// `--fail-first N`: this was delivery `attempt` (1-based) of at most `of` failed ones.
    FailFirst { attempt: u32, of: u32 },
    /// `--forward-to`: the app's own answer (or 502/504 when it gave none).
    Forwarded,
    /// The log could not be written, so the sender must retry: 503.
    LogFailed(String),
}

impl AnswerReason {
    /// A stable snake_case name for JSON output.
    pub fn code(&self) -> &'static str {
        match self {
            AnswerReason::Accepted => "accepted",
            AnswerReason::BadSignature => "bad_signature",
            AnswerReason::NotJson => "not_json",
            AnswerReason::StatusFlag => "status_flag",
            AnswerReason::FailFirst { .. } => "fail_first",
            AnswerReason::Forwarded => "forwarded",
            AnswerReason::LogFailed(_) => "log_failed",
        }
    }
}

/// Whether the delivery reached the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Logged {
    Yes,
    /// `--no-log`.
    Disabled,
    Failed(String),
}
