//! The `--json` view of `listen`: one object per request. A delivery reuses its log record's
//! fields and adds what only the run knows (answer, forward, exec); see `docs/listen.md`.

use serde::Serialize;

use super::rejection_text;
use crate::server::delivery::{AnswerReason, HandledRequest, Kind, Logged, Received};
use crate::server::exec::Exit;

#[derive(Serialize)]
struct AnswerJson {
    status: u16,
    reason: &'static str,
    detail: Option<String>,
    ms: f64,
}

#[derive(Serialize)]
struct Extras<'a> {
    answer: AnswerJson,
    verified: bool,
    body_error: Option<String>,
    seen_before: u32,
    logged: bool,
    log_error: Option<&'a str>,
    forward: Option<ForwardJson<'a>>,
    exec: Option<ExecJson<'a>>,
}

#[derive(Serialize)]
struct ForwardJson<'a> {
    url: &'a str,
    status: Option<u16>,
    error: Option<String>,
    ms: f64,
    body: Option<String>,
    truncated: bool,
}

#[derive(Serialize)]
struct ExecJson<'a> {
    command: &'a str,
    exit_code: Option<i32>,
    signal: Option<i32>,
    timed_out: bool,
    error: Option<&'a str>,
    ms: f64,
    stdout: Option<&'a str>,
    stderr: Option<&'a str>,
}

#[derive(Serialize)]
struct RejectedJson<'a> {
    record: &'static str,
    seq: u64,
    received_at: &'a str,
    method: &'a str,
    path: &'a str,
    remote_addr: Option<String>,
    answer: AnswerJson,
}

fn ms(d: std::time::Duration) -> f64 {
    (d.as_micros() as f64) / 1000.0
}

/// One JSON object (and a newline) for one request. A delivery carries every field of its log
/// record plus `record`, `seq`, `answer`, `verified`, `body_error`, `seen_before`, `logged`,
/// `log_error`, `forward` and `exec`; a rejected request has `record: "rejected"`.
pub fn render_json(d: &HandledRequest, out: &mut Vec<u8>) -> serde_json::Result<()> {
    match &d.kind {
        Kind::Rejected(why) => {
            serde_json::to_writer(
                &mut *out,
                &RejectedJson {
                    record: "rejected",
                    seq: d.seq,
                    received_at: &d.received_at,
                    method: &d.method,
                    path: &d.path,
                    remote_addr: d.remote.map(|a| a.to_string()),
                    answer: AnswerJson {
                        status: d.status,
                        reason: why.code(),
                        detail: Some(rejection_text(why)),
                        ms: ms(d.latency),
                    },
                },
            )?;
        }
        Kind::Received(r) => {
            let extras = extras(d, r);
            let extras = serde_json::to_vec(&extras)?;
            out.extend_from_slice(b"{\"record\":\"delivery\",\"seq\":");
            out.extend_from_slice(d.seq.to_string().as_bytes());
            out.push(b',');
            // The record is a JSON object: splice its fields in, then the extras' fields.
            out.extend_from_slice(
                r.record
                    .get(1..r.record.len().saturating_sub(1))
                    .unwrap_or_default(),
            );
            out.push(b',');
            out.extend_from_slice(extras.get(1..).unwrap_or_default());
        }
    }
    out.push(b'\n');
    Ok(())
}

fn extras<'a>(d: &HandledRequest, r: &'a Received) -> Extras<'a> {
    let detail = match &r.reason {
        AnswerReason::FailFirst { attempt, of } => {
            Some(format!("simulated failure {attempt} of {of}"))
        }
        AnswerReason::LogFailed(e) => Some(e.clone()),
        _ => None,
    };
    Extras {
        answer: AnswerJson {
            status: d.status,
            reason: r.reason.code(),
            detail,
            ms: ms(d.latency),
        },
        verified: r.is_verified_event(),
        body_error: r.json.as_ref().err().map(ToString::to_string),
        seen_before: r.seen_before,
        logged: r.logged == Logged::Yes,
        log_error: match &r.logged {
            Logged::Failed(e) => Some(e),
            _ => None,
        },
        forward: r.forward.as_ref().map(|f| ForwardJson {
            url: &f.url,
            status: f.result.as_ref().ok().map(|a| a.status),
            error: f.result.as_ref().err().map(ToString::to_string),
            ms: ms(f.latency),
            body: f
                .result
                .as_ref()
                .ok()
                .map(|a| String::from_utf8_lossy(&a.body).into_owned()),
            truncated: f.result.as_ref().is_ok_and(|a| a.truncated),
        }),
        exec: r.exec.as_ref().map(|e| {
            let exit = e.result.as_ref().ok();
            ExecJson {
                command: &e.command,
                exit_code: match exit {
                    Some(Exit::Code { code, .. }) => Some(*code),
                    _ => None,
                },
                signal: match exit {
                    Some(Exit::Signal(s)) => Some(*s),
                    _ => None,
                },
                timed_out: matches!(exit, Some(Exit::TimedOut(_))),
                error: e.result.as_ref().err().map(String::as_str),
                ms: ms(e.duration),
                stdout: match exit {
                    Some(Exit::Code { stdout, .. }) => Some(stdout),
                    _ => None,
                },
                stderr: match exit {
                    Some(Exit::Code { stderr, .. }) => Some(stderr),
                    _ => None,
                },
            }
        }),
    }
}
