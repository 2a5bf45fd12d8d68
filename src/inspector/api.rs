//! The inspector's HTTP surface: the page and its two assets, and the JSON API behind it
//! (documented in docs/inspector.md). Every request passes [`guard`] first: the `Host` check,
//! the token for data and actions, the `Origin` check for actions, and the security headers.

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};

use super::Shared;
use super::filter::Filter;
use super::replay::ReplayRequest;
use super::store::{Entry, Verdict};
use super::{assets, curl, export, stream};
use crate::delivery_log::DeliveryRecord;

/// The Content-Security-Policy of every answer: only this origin's own script and style.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; \
frame-ancestors 'none'";

/// All routes, behind the guard.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/", get(assets::page))
        .route("/assets/app.js", get(assets::script))
        .route("/assets/app.css", get(assets::style))
        .route("/api/info", get(info))
        .route("/api/deliveries", get(list))
        .route("/api/deliveries/{id}", get(detail))
        .route("/api/deliveries/{id}/curl", get(curl_text))
        .route("/api/deliveries/{id}/replay", post(replay))
        .route("/api/stream", get(stream::stream))
        .route("/api/export", get(export_list))
        .fallback(|| async { error(StatusCode::NOT_FOUND, "no such page") })
        .layer(middleware::from_fn_with_state(Arc::clone(&shared), guard))
        .with_state(shared)
}

/// A JSON error answer: `{"error": "..."}`.
pub fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(serde_json::json!({ "error": message }))).into_response()
}

/// Host check for everything; token for the API; Origin for actions; headers on every answer.
async fn guard(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let mut response = match check(&shared, &request) {
        Some(refusal) => refusal,
        None => next.run(request).await,
    };
    let headers = response.headers_mut();
    for (name, value) in [
        ("content-security-policy", CSP),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("x-frame-options", "DENY"),
        ("cross-origin-opener-policy", "same-origin"),
        ("cross-origin-resource-policy", "same-origin"),
        ("cache-control", "no-store"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// The refusal for a request that may not go on, or None.
fn check(shared: &Shared, request: &Request) -> Option<Response> {
    let access = &shared.access;
    if !access.host_allowed(request.headers()) {
        return Some(error(
            StatusCode::FORBIDDEN,
            "this inspector answers only to Host 127.0.0.1:PORT or localhost:PORT",
        ));
    }
    let method = request.method();
    if method != Method::GET && method != Method::POST {
        return Some(error(StatusCode::METHOD_NOT_ALLOWED, "GET or POST only"));
    }
    if !request.uri().path().starts_with("/api/") {
        return None; // the page checks its own token (it sets the cookie from the URL)
    }
    let Some(credential) = access.credential(request.headers()) else {
        return Some(error(
            StatusCode::UNAUTHORIZED,
            "open the inspector URL printed by listen (it carries the token), or send Authorization: Bearer TOKEN",
        ));
    };
    if method == Method::POST && !access.action_allowed(request.headers(), credential) {
        return Some(error(
            StatusCode::FORBIDDEN,
            "actions need a same-origin Origin header",
        ));
    }
    None
}

/// `GET /api/info`: what the page needs to offer replay targets.
async fn info(State(shared): State<Arc<Shared>>) -> Response {
    let t = &shared.targets;
    Json(serde_json::json!({
        "listener": t.listener.as_str(),
        "forward_to": t.forward_to.as_ref().map(|u| u.as_str()),
        "can_sign": t.secret.is_some(),
        "history": shared.capacity,
    }))
    .into_response()
}

/// `?limit=N` on top of the filters.
#[derive(Deserialize)]
struct Limit {
    #[serde(default)]
    limit: Option<usize>,
}

/// The entries matching `filter`, oldest first.
fn matching(shared: &Shared, filter: &Filter) -> Vec<Arc<Entry>> {
    let run = &shared.store.run;
    let mut entries = shared.store.snapshot();
    entries.retain(|e| filter.matches(e, run));
    entries
}

/// `GET /api/deliveries`: summaries, newest first.
async fn list(
    State(shared): State<Arc<Shared>>,
    Query(filter): Query<Filter>,
    Query(limit): Query<Limit>,
) -> Response {
    let run = &shared.store.run;
    let entries = matching(&shared, &filter);
    let matched = entries.len();
    let summaries: Vec<_> = entries
        .iter()
        .rev()
        .take(limit.limit.unwrap_or(usize::MAX))
        .filter_map(|e| e.summary(run))
        .collect();
    Json(serde_json::json!({
        "matched": matched,
        "held": shared.store.snapshot().len(),
        "deliveries": summaries,
    }))
    .into_response()
}

/// A delivery in full: the log record plus what the inspector knows about it.
#[derive(Serialize)]
struct Detail {
    id: u64,
    verdict: Verdict,
    replay_of: Option<u64>,
    /// Replays of this delivery that came back to this listener.
    replays: Vec<u64>,
    /// The signature failure in words, when not valid.
    signature_message: Option<&'static str>,
    /// Shown when a signature failed and no known mistake explains it.
    unexplained: Option<&'static str>,
    #[serde(flatten)]
    record: DeliveryRecord,
}

fn signature_message(reason: &str) -> &'static str {
    match reason {
        "missing" => "no X-Webhook-Signature header",
        "repeated" => "X-Webhook-Signature header sent more than once with different values",
        "wrong_prefix" => "signature does not start with \"sha256=\"",
        "bad_hex" => "signature after \"sha256=\" is not hex",
        "wrong_length" => "signature is not 32 bytes long (an HMAC-SHA256 is 32)",
        _ => "signature does not match the body under any of the secrets given",
    }
}

/// The answer for an id that is not (or no longer) held.
fn gone() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "no such delivery (only the latest --ui-history are kept)",
    )
}

/// A held delivery and its parsed record.
fn find(shared: &Shared, id: &str) -> Option<(Arc<Entry>, DeliveryRecord)> {
    let entry = shared.store.get(id.parse().ok()?)?;
    let record = entry.record()?;
    Some((entry, record))
}

/// `GET /api/deliveries/{id}`.
async fn detail(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    let Some((entry, record)) = find(&shared, &id) else {
        return gone();
    };
    let run = &shared.store.run;
    let replays = shared
        .store
        .snapshot()
        .iter()
        .filter(|e| {
            e.summary(run)
                .is_some_and(|s| s.replay_of == Some(entry.id))
        })
        .map(|e| e.id)
        .collect();
    let reason = record.signature.reason.as_deref();
    let invalid = !record.signature.valid;
    let unexplained = (invalid
        && record.signature.diagnosis.is_empty()
        && !matches!(reason, Some("missing" | "repeated")))
    .then_some(crate::verdict::NO_KNOWN_MISTAKE);
    Json(Detail {
        id: entry.id,
        verdict: Verdict::of(&record),
        replay_of: super::store::replay_of(&record, run),
        replays,
        signature_message: invalid.then(|| signature_message(reason.unwrap_or_default())),
        unexplained,
        record,
    })
    .into_response()
}

/// `GET /api/deliveries/{id}/curl`: the replay's request as a shell command.
async fn curl_text(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Query(ask): Query<ReplayRequest>,
) -> Response {
    let Some((entry, record)) = find(&shared, &id) else {
        return gone();
    };
    match shared.targets.prepare(entry.id, &record, &ask, false) {
        Ok(prepared) => text_answer("text/plain; charset=utf-8", curl::command(&prepared)),
        Err(e) => error(StatusCode::BAD_REQUEST, &e.to_string()),
    }
}

/// `POST /api/deliveries/{id}/replay`.
async fn replay(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let ask: ReplayRequest = if body.iter().all(u8::is_ascii_whitespace) {
        ReplayRequest::default()
    } else {
        match serde_json::from_slice(&body) {
            Ok(ask) => ask,
            Err(e) => return error(StatusCode::BAD_REQUEST, &format!("bad replay request: {e}")),
        }
    };
    let Some((entry, record)) = find(&shared, &id) else {
        return gone();
    };
    let prepared = match shared.targets.prepare(entry.id, &record, &ask, true) {
        Ok(prepared) => prepared,
        Err(e) => return error(StatusCode::BAD_REQUEST, &e.to_string()),
    };
    let outcome = shared.targets.send(prepared, &ask).await;
    let status = if outcome.error.is_some() {
        StatusCode::BAD_GATEWAY
    } else {
        StatusCode::OK
    };
    (status, Json(outcome)).into_response()
}

/// `?format=jsonl|har` on top of the filters.
#[derive(Deserialize)]
struct Format {
    #[serde(default)]
    format: Option<String>,
}

/// `GET /api/export`: the filtered list, oldest first, as a download.
async fn export_list(
    State(shared): State<Arc<Shared>>,
    Query(filter): Query<Filter>,
    Query(format): Query<Format>,
) -> Response {
    let entries = matching(&shared, &filter);
    let mut response = match format.format.as_deref().unwrap_or("jsonl") {
        "jsonl" => text_answer("application/x-ndjson", export::jsonl(&entries)),
        "har" => {
            let origin = shared.targets.listener.as_str().trim_end_matches('/');
            let document = export::har(&entries, origin);
            let text = serde_json::to_vec_pretty(&document).unwrap_or_default();
            text_answer("application/json", text)
        }
        _ => return error(StatusCode::BAD_REQUEST, "format is jsonl or har"),
    };
    let name = match format.format.as_deref() {
        Some("har") => "deliveries.har",
        _ => "deliveries.jsonl",
    };
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

fn text_answer(content_type: &'static str, body: impl Into<axum::body::Body>) -> Response {
    let mut response = Response::new(body.into());
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}
