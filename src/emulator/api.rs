//! The emulator's HTTP API: TRST's management routes under `/v1` (contract §4) plus the
//! emulator-only `/_emulator/trigger` and `/_emulator/health`. `router` builds the routes; binding
//! happens in `cmd::emulator`, so tests can serve the router anywhere.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};
use tokio::sync::{Notify, mpsc::UnboundedSender};

use super::models::{ApiError, Delivery, List, Webhook};
use super::queue::NewEvent;
use super::ratelimit::RateLimiter;
use super::store::Store;
use super::time_scale::ScaledClock;
use super::{Activity, gate, urls, validate};
use crate::defaults::MAX_WEBHOOKS_PER_PROJECT;
use crate::fixtures::{self, Assignment, RenderInput};
use crate::secret::Secret;

/// Shared by every request.
pub struct AppState {
    pub store: Arc<Store>,
    /// Wakes the engine when a delivery is queued or a webhook re-enabled.
    pub wake: Arc<Notify>,
    pub api_key: Option<Secret>,
    pub limiter: Option<Mutex<RateLimiter>>,
    pub rate_limit: Option<usize>,
    pub strict_urls: bool,
    pub clock: ScaledClock,
    pub reports: UnboundedSender<Activity>,
}

type Shared = State<Arc<AppState>>;
type ApiResult = Result<Response, ApiError>;

const DEFAULT_LIST_LIMIT: u32 = 100;
const MAX_LIST_LIMIT: u32 = 1000;

/// All routes, with auth and rate limiting on the API and a log line for every call.
pub fn router(state: Arc<AppState>) -> Router {
    let hook = "/v1/project/{project_id}/webhooks/{webhook_id}";
    let api = Router::new()
        .route("/v1/project/{project_id}/webhooks", post(create).get(list))
        .route(hook, get(fetch).patch(update).delete(remove))
        .route(&format!("{hook}/deliveries"), get(deliveries))
        .route(
            &format!("{hook}/deliveries/{{delivery_id}}/attempts"),
            get(attempts),
        )
        .route(&format!("{hook}/test"), post(test))
        .route("/_emulator/trigger", post(trigger))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            gate::auth,
        ));
    Router::new()
        .route("/_emulator/health", get(health))
        .merge(api)
        .fallback(gate::not_found)
        .method_not_allowed_fallback(gate::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            gate::log,
        ))
        .with_state(state)
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, axum::Json(self.body())).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        response
    }
}

fn db(e: rusqlite::Error) -> ApiError {
    ApiError::internal(format!("database error: {e}"))
}

fn webhook_missing(project_id: &str, webhook_id: &str) -> ApiError {
    ApiError::not_found(
        "webhook_not_found",
        format!("no webhook {webhook_id} in project {project_id}"),
    )
}

/// The stored webhook, or the API's 404 when the project has no such webhook.
fn existing_webhook(
    state: &AppState,
    project_id: &str,
    webhook_id: &str,
) -> Result<Webhook, ApiError> {
    state
        .store
        .get_webhook(project_id, webhook_id)
        .map_err(db)?
        .ok_or_else(|| webhook_missing(project_id, webhook_id))
}

async fn health() -> Response {
    axum::Json(json!({"ok": true})).into_response()
}

async fn create(State(state): Shared, Path(project_id): Path<String>, body: Bytes) -> ApiResult {
    let new = validate::create(&body, state.strict_urls)?;
    urls::resolve_url(&new.url, state.strict_urls).await?;
    let id = super::new_id("webhook");
    let secret = super::new_secret();
    let now = state.clock.now_ms();
    let webhook = state
        .store
        .create_webhook(&project_id, &id, secret.expose(), &new, now, MAX_WEBHOOKS_PER_PROJECT)
        .map_err(db)?
        .map_err(|_| {
            ApiError::new(
                409,
                "webhook_limit_reached",
                format!(
                    "project {project_id} already has {MAX_WEBHOOKS_PER_PROJECT} webhooks, the documented maximum; delete one first"
                ),
            )
        })?;
    let mut answer =
        serde_json::to_value(&webhook).map_err(|e| ApiError::internal(e.to_string()))?;
    if let Value::Object(map) = &mut answer {
        // The only place the secret ever leaves the emulator: the create answer, once.
        let mut with_secret = serde_json::Map::new();
        for (key, value) in std::mem::take(map) {
            let after_url = key == "url";
            with_secret.insert(key, value);
            if after_url {
                with_secret.insert("secret".into(), Value::String(secret.expose().to_owned()));
            }
        }
        *map = with_secret;
    }
    Ok((StatusCode::CREATED, axum::Json(answer)).into_response())
}

async fn list(State(state): Shared, Path(project_id): Path<String>) -> ApiResult {
    let data = state.store.list_webhooks(&project_id).map_err(db)?;
    Ok(axum::Json(List { data }).into_response())
}

async fn fetch(
    State(state): Shared,
    Path((project_id, webhook_id)): Path<(String, String)>,
) -> ApiResult {
    let webhook = existing_webhook(&state, &project_id, &webhook_id)?;
    Ok(axum::Json(webhook).into_response())
}

async fn update(
    State(state): Shared,
    Path((project_id, webhook_id)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
    let patch = validate::patch(&body, state.strict_urls)?;
    if let Some(url) = &patch.url {
        urls::resolve_url(url, state.strict_urls).await?;
    }
    let webhook = state
        .store
        .update_webhook(&project_id, &webhook_id, &patch)
        .map_err(db)?
        .ok_or_else(|| webhook_missing(&project_id, &webhook_id))?;
    if webhook.enabled {
        // Deliveries held while it was disabled are due again.
        state.wake.notify_one();
    }
    Ok(axum::Json(webhook).into_response())
}

async fn remove(
    State(state): Shared,
    Path((project_id, webhook_id)): Path<(String, String)>,
) -> ApiResult {
    if state
        .store
        .delete_webhook(&project_id, &webhook_id)
        .map_err(db)?
    {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(webhook_missing(&project_id, &webhook_id))
    }
}

async fn deliveries(
    State(state): Shared,
    Path((project_id, webhook_id)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> ApiResult {
    let limit = list_limit(query.as_deref())?;
    let data = state
        .store
        .list_deliveries(&project_id, &webhook_id, limit)
        .map_err(db)?
        .ok_or_else(|| webhook_missing(&project_id, &webhook_id))?;
    Ok(axum::Json(List { data }).into_response())
}

async fn attempts(
    State(state): Shared,
    Path((project_id, webhook_id, delivery_id)): Path<(String, String, String)>,
) -> ApiResult {
    let data = state
        .store
        .list_attempts(&project_id, &webhook_id, &delivery_id)
        .map_err(db)?
        .ok_or_else(|| {
            ApiError::not_found(
                "delivery_not_found",
                format!(
                    "no delivery {delivery_id} for webhook {webhook_id} in project {project_id}"
                ),
            )
        })?;
    Ok(axum::Json(List { data }).into_response())
}

/// `POST …/test`: queue a `webhook.test` event for this webhook; answers 202 with the delivery.
async fn test(
    State(state): Shared,
    Path((project_id, webhook_id)): Path<(String, String)>,
) -> ApiResult {
    let webhook = existing_webhook(&state, &project_id, &webhook_id)?;
    if !webhook.enabled {
        return Err(ApiError::new(
            409,
            "webhook_disabled",
            format!(
                "webhook {webhook_id} is disabled; enable it (`trst-hooks webhooks update {webhook_id} --enable`) to send a test"
            ),
        ));
    }
    let set_id = Assignment {
        path: vec!["data".into(), "webhook_id".into()],
        value: Value::String(webhook_id.clone()),
    };
    let (_, mut queued) = emit(
        &state,
        &project_id,
        "webhook.test",
        &[webhook],
        &[set_id],
        false,
    )?;
    let delivery = queued
        .pop()
        .ok_or_else(|| ApiError::internal("the test delivery was not stored"))?;
    Ok((StatusCode::ACCEPTED, axum::Json(delivery)).into_response())
}

/// `POST /_emulator/trigger`: one event per project to every enabled webhook subscribed to it.
async fn trigger(State(state): Shared, body: Bytes) -> ApiResult {
    let request = validate::trigger(&body)?;
    let subscribers = state
        .store
        .subscribers(&request.event_type, request.project_id.as_deref())
        .map_err(db)?;
    let mut by_project: BTreeMap<String, Vec<Webhook>> = BTreeMap::new();
    for webhook in subscribers {
        by_project
            .entry(webhook.project_id.clone())
            .or_default()
            .push(webhook);
    }
    let mut events = Vec::new();
    for (project_id, webhooks) in by_project {
        let (event_id, queued) = emit(
            &state,
            &project_id,
            &request.event_type,
            &webhooks,
            &request.assignments,
            request.top_level_type,
        )?;
        events.push(json!({"event_id": event_id, "project_id": project_id, "deliveries": queued}));
    }
    let answer = json!({"event_type": request.event_type, "events": events});
    Ok((StatusCode::ACCEPTED, axum::Json(answer)).into_response())
}

/// Render one event from the fixtures, store it with a delivery per webhook, wake the engine.
fn emit(
    state: &AppState,
    project_id: &str,
    event_type: &str,
    webhooks: &[Webhook],
    assignments: &[Assignment],
    top_level_type: bool,
) -> Result<(String, Vec<Delivery>), ApiError> {
    let fixture = fixtures::find(event_type)
        .ok_or_else(|| ApiError::invalid(format!("no fixture for event type {event_type}")))?;
    let event_id = crate::clock::new_event_id();
    let now = state.clock.now_ms();
    let mut fresh = crate::clock::new_event_id;
    let body = fixture
        .render(RenderInput {
            event_id: event_id.clone(),
            now: crate::clock::now_rfc3339(),
            project_id: Some(project_id.to_owned()),
            top_level_type,
            assignments,
            fresh_id: &mut fresh,
        })
        .map_err(|e| ApiError::invalid(e.to_string()))?;
    let pairs: Vec<(String, String)> = webhooks
        .iter()
        .map(|w| (super::new_id("delivery"), w.id.clone()))
        .collect();
    let queued = state
        .store
        .enqueue(
            &NewEvent {
                event_id: &event_id,
                project_id,
                event_type,
                body: &body,
                deliveries: &pairs,
            },
            now,
        )
        .map_err(db)?;
    state.wake.notify_one();
    Ok((event_id, queued))
}

fn list_limit(query: Option<&str>) -> Result<u32, ApiError> {
    let Some(query) = query else {
        return Ok(DEFAULT_LIST_LIMIT);
    };
    for pair in query.split('&') {
        if let Some(value) = pair.strip_prefix("limit=") {
            return value
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=MAX_LIST_LIMIT).contains(n))
                .ok_or_else(|| {
                    ApiError::invalid(format!(
                        "limit must be a whole number from 1 to {MAX_LIST_LIMIT}, not \"{value}\""
                    ))
                });
        }
    }
    Ok(DEFAULT_LIST_LIMIT)
}
