//! One request, start to answer: check path, method and size; verify the signature (before any
//! JSON parsing); decide the answer; write the delivery to the log BEFORE answering; run the
//! `--exec` command; report the delivery. The work after the body has arrived runs in its own
//! task, so a sender that hangs up cannot stop a delivery from being logged and reported.

use std::borrow::Cow;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::Response;

use super::delivery::{AnswerReason, HandledRequest, Kind, Logged, Received, Rejection};
use super::exec::{self, ExecInput};
use super::log_line::{signature_fields, write_record};
use super::serve::RemoteAddr;
use super::state::AppState;
use super::{body, envelope};
use crate::delivery_log::{self, LineFields, duplicate_key};
use crate::signature::HEADER_NAME;
use crate::verdict;

/// What is known about a request before its body is read.
struct Meta {
    seq: u64,
    started: Instant,
    received_at: String,
    method: String,
    path: String,
    remote: Option<SocketAddr>,
}

/// The axum handler for every path and method.
pub async fn handle(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let started = Instant::now();
    let (parts, request_body) = request.into_parts();
    // A health probe of `listen --register` is answered before it gets a number or a log line.
    if let Some(probe) = &state.options.probe
        && probe.matches(&parts.headers)
        && state.options.path_matches(parts.uri.path())
    {
        probe.arrived();
        return plain(StatusCode::OK);
    }
    let meta = Meta {
        seq: state.next_seq(),
        started,
        received_at: humantime::format_rfc3339_millis(SystemTime::now()).to_string(),
        method: parts.method.as_str().to_owned(),
        path: parts
            .uri
            .path_and_query()
            .map_or_else(|| parts.uri.path().to_owned(), |p| p.as_str().to_owned()),
        remote: parts.extensions.get::<RemoteAddr>().map(|r| r.0),
    };
    if !state.options.path_matches(parts.uri.path()) {
        let expected = state.options.path.clone();
        return reject(&state, meta, Rejection::WrongPath { expected }, None);
    }
    if parts.method != Method::POST {
        let mut response = reject(&state, meta, Rejection::WrongMethod, None);
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        return response;
    }
    let limit = state.options.max_body;
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if let Some(size) = declared.filter(|size| *size > limit as u64) {
        let expects_continue = parts.headers.contains_key(header::EXPECT);
        let rest = (!expects_continue).then_some(request_body);
        let why = Rejection::TooLarge {
            limit,
            declared: Some(size),
        };
        return reject(&state, meta, why, rest);
    }
    let deadline = state.options.body_timeout;
    let bytes = match body::read(request_body, limit, started.into(), deadline).await {
        Ok(bytes) => bytes,
        Err(failure) => return reject(&state, meta, failure.rejection, failure.rest),
    };
    let task = tokio::spawn(process(Arc::clone(&state), meta, parts.headers, bytes));
    match task.await {
        Ok(response) => response,
        Err(_) => plain(StatusCode::INTERNAL_SERVER_ERROR),
    }
}

/// Answer a request that is not a complete delivery, and report it.
fn reject(state: &AppState, meta: Meta, why: Rejection, rest: Option<Body>) -> Response {
    let status = match why {
        Rejection::WrongPath { .. } => StatusCode::NOT_FOUND,
        Rejection::WrongMethod => StatusCode::METHOD_NOT_ALLOWED,
        Rejection::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        Rejection::CutOff { .. } => StatusCode::BAD_REQUEST,
        Rejection::Stalled { .. } | Rejection::TooSlow { .. } => StatusCode::REQUEST_TIMEOUT,
    };
    if let Some(rest) = rest {
        body::drain(rest);
    }
    state.emit(delivery(&meta, status.as_u16(), Kind::Rejected(why)));
    plain(status)
}

fn delivery(meta: &Meta, status: u16, kind: Kind) -> HandledRequest {
    HandledRequest {
        seq: meta.seq,
        received_at: meta.received_at.clone(),
        method: meta.method.clone(),
        path: meta.path.clone(),
        remote: meta.remote,
        status,
        latency: meta.started.elapsed(),
        kind,
    }
}

/// Everything after the whole body has arrived.
async fn process(state: Arc<AppState>, meta: Meta, headers: HeaderMap, bytes: Bytes) -> Response {
    let values: Vec<Cow<'_, str>> = headers
        .get_all(HEADER_NAME)
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()))
        .collect();
    let values: Vec<&str> = values.iter().map(AsRef::as_ref).collect();
    let verdict = verdict::judge(&bytes, &values, &state.keys);
    let (json, event_id, event_type) = match envelope::peek(&bytes) {
        Ok(peek) => (Ok(()), peek.event_id, peek.event_type),
        Err(e) => (Err(e), None, None),
    };
    let sighting = match duplicate_key(verdict.is_valid(), event_id.as_deref()) {
        Some(id) => state.dedup.record(id),
        None => Default::default(),
    };
    let verified = verdict.is_valid() && json.is_ok();
    let options = &state.options;
    let mut forward = None;
    let (mut status, mut reason) =
        if verified && event_id.is_some() && sighting.before_in_run < options.fail_first {
            let attempt = sighting.before_in_run + 1;
            let of = options.fail_first;
            (500, AnswerReason::FailFirst { attempt, of })
        } else if let Some(forwarder) = &options.forward {
            let outcome = forwarder.forward(&headers, bytes.clone()).await;
            let status = outcome.status();
            forward = Some(outcome);
            (status, AnswerReason::Forwarded)
        } else if !verdict.is_valid() {
            (401, AnswerReason::BadSignature)
        } else if json.is_err() {
            (400, AnswerReason::NotJson)
        } else if let Some(code) = options.status {
            (code, AnswerReason::StatusFlag)
        } else {
            (200, AnswerReason::Accepted)
        };
    if let Some(delay) = options.delay {
        tokio::time::sleep(delay).await;
    }
    let exec_input = ExecInput {
        body: bytes.clone(),
        event_type: event_type.as_deref(),
        event_id: event_id.as_deref(),
        duplicate: sighting.is_duplicate(),
    };
    let exec_command = options.exec.as_deref().filter(|_| verified);
    let exec_skipped = exec_command.and_then(|_| exec::unpassable(&exec_input));
    let remote = meta.remote.map(|r| r.to_string());
    let mut record = Vec::new();
    let (body_text, body_encoding) = delivery_log::encode_body_borrowed(&bytes);
    let mut notes = Vec::new();
    write_record(
        &mut record,
        &LineFields {
            received_at: &meta.received_at,
            method: &meta.method,
            path: &meta.path,
            remote_addr: remote.as_deref(),
            body: &body_text,
            body_encoding,
            body_bytes: bytes.len(),
            event_id: event_id.as_deref(),
            event_type: event_type.as_deref(),
            signature: signature_fields(&verdict, &state.labels, &mut notes),
            duplicate: sighting.is_duplicate(),
            status,
            latency_ms: meta.started.elapsed().as_micros() as f64 / 1000.0,
            exec_skipped: exec_skipped.as_deref(),
        },
        &headers,
    );
    let logged = match &state.log {
        None => Logged::Disabled,
        Some(log) => match log.append(&record).await {
            Ok(()) => Logged::Yes,
            Err(e) => {
                status = 503;
                reason = AnswerReason::LogFailed(e.clone());
                Logged::Failed(e)
            }
        },
    };
    // A delivery we could not log is answered 503 and will come again: do not run it twice.
    let exec = match exec_command {
        Some(command) if !matches!(logged, Logged::Failed(_)) => {
            Some(exec::run(command, &options.exec_withheld_env, exec_input).await)
        }
        _ => None,
    };
    let response = match forward.as_ref().map(|f| &f.result) {
        Some(Ok(answer)) if reason == AnswerReason::Forwarded => {
            relayed(status, answer.content_type.as_deref(), answer.body.clone())
        }
        _ => plain(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)),
    };
    let received = Received {
        body: bytes,
        verdict,
        json,
        event_id,
        event_type,
        seen_before: sighting.before,
        reason,
        logged,
        forward,
        exec,
        record,
    };
    state.emit(delivery(
        &meta,
        response.status().as_u16(),
        Kind::Received(Box::new(received)),
    ));
    response
}

/// A status with its reason phrase as the only body: no detail for the sender (the detail is
/// in the terminal), as TRST's docs advise.
fn plain(status: StatusCode) -> Response {
    let text = status.canonical_reason().unwrap_or("");
    let mut response = Response::new(Body::from(format!("{text}\n")));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// The app's own answer, relayed to the sender.
fn relayed(status: u16, content_type: Option<&str>, body: Bytes) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
    if let Some(value) = content_type.and_then(|v| HeaderValue::from_str(v).ok()) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}
