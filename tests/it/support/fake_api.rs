//! A fake TRST management API for end-to-end tests: an axum server on 127.0.0.1:0 in its own
//! thread, keeping webhooks, deliveries and attempts in memory, logging every request (in order),
//! and able to play scripted answers first (429s, 5xx, odd bodies) to exercise faults.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State as AxState;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use crate::support::loopback::serve_in_thread;
use crate::support::sandbox::Sandbox;

/// The only API key the fake accepts (the part after the dot must never be printed).
pub const KEY: &str = "key_test1.s3cr3tApiKeyValueNeverPrinted";
/// The project the key may access.
pub const PROJECT: &str = "proj_test";
/// A project the key may not access (403).
pub const FORBIDDEN_PROJECT: &str = "proj_forbidden";
/// The secret every created webhook gets.
pub const SECRET: &str = "whsec_fakeIssuedSecret9f8e7d6c5b4a3210";

/// One request as the fake saw it.
#[derive(Debug, Clone)]
pub struct Logged {
    pub method: String,
    pub path: String,
    pub auth: Option<String>,
    pub body: String,
}

/// An answer to play before normal handling, for the next request whose path contains `when`.
#[derive(Debug, Clone)]
pub struct Scripted {
    pub when: String,
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// The fake's data and knobs.
#[derive(Debug, Default)]
pub struct State {
    pub webhooks: Vec<Value>,
    pub deliveries: Vec<Value>,
    pub attempts: Vec<Value>,
    /// Answer lists wrapped (`{"data": […]}`) instead of as bare arrays.
    pub wrapped: Option<&'static str>,
    pub log: Vec<Logged>,
    pub script: VecDeque<Scripted>,
    /// How many delivery polls a test delivery stays pending.
    pub test_pending_polls: u32,
    /// Final status of test deliveries: `succeeded` (default) or `failed`.
    pub test_final: Option<&'static str>,
    /// The code a failed test delivery records (500 when unset).
    pub test_failure_code: Option<u16>,
    /// The answer to POST …/test; `{"message": …}` when unset. `$DELIVERY` is replaced by the id.
    pub trigger_answer: Option<Value>,
    pub next_id: u32,
}

/// A running fake API.
pub struct FakeApi {
    pub addr: SocketAddr,
    pub state: Arc<Mutex<State>>,
}

impl FakeApi {
    /// Start on 127.0.0.1:0 in a background thread.
    pub fn start() -> Self {
        let state = Arc::new(Mutex::new(State::default()));
        let addr = serve_in_thread(Router::new().fallback(handle).with_state(state.clone()));
        FakeApi { addr, state }
    }

    /// The base URL to pass as TRST_API_BASE.
    pub fn base(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    /// Change the fake's state.
    pub fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        f(&mut self.state.lock().expect("state lock"))
    }

    /// Every request so far, in order.
    pub fn log(&self) -> Vec<Logged> {
        self.with(|s| s.log.clone())
    }

    /// `METHOD /path` of every request so far.
    pub fn calls(&self) -> Vec<String> {
        self.log()
            .iter()
            .map(|l| format!("{} {}", l.method, l.path))
            .collect()
    }

    /// Play this answer for the next request whose path contains `when`.
    pub fn script(&self, when: &str, status: u16, headers: &[(&str, &str)], body: &str) {
        self.with(|s| {
            s.script.push_back(Scripted {
                when: when.to_owned(),
                status,
                headers: headers
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                body: body.to_owned(),
            })
        });
    }

    /// Add a webhook; returns its id.
    pub fn add_webhook(&self, id: &str, url: &str) -> String {
        self.with(|s| {
            s.webhooks.push(json!({
                "id": id, "url": url, "event_types": ["enrollment.completed"],
                "enabled": true, "created_at": "2024-11-02T15:00:00Z"
            }))
        });
        id.to_owned()
    }

    /// The sandboxed command with the API settings in the environment and tiny retry waits.
    pub fn cmd(&self, sb: &Sandbox) -> assert_cmd::Command {
        let mut cmd = sb.cmd();
        cmd.env("TRST_API_KEY", KEY)
            .env("TRST_PROJECT_ID", PROJECT)
            .env("TRST_API_BASE", self.base())
            .env("TRST_HOOKS_RETRY_SCALE", "0.001")
            .arg("webhooks");
        cmd
    }
}

fn now() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

fn answer(status: u16, body: Value) -> Response {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        code,
        [("content-type", "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn list(state: &State, items: Vec<Value>) -> Response {
    match state.wrapped {
        Some(key) => answer(200, json!({ key: items, "has_more": false })),
        None => answer(200, Value::Array(items)),
    }
}

async fn handle(
    AxState(state): AxState<Arc<Mutex<State>>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Ok(mut s) = state.lock() else {
        return answer(500, json!({"message": "fake state poisoned"}));
    };
    let path = uri.path().to_owned();
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    s.log.push(Logged {
        method: method.to_string(),
        path: path.clone(),
        auth: auth.clone(),
        body: String::from_utf8_lossy(&body).into_owned(),
    });
    if let Some(pos) = s.script.iter().position(|sc| path.contains(&sc.when))
        && let Some(sc) = s.script.remove(pos)
    {
        let mut response = (
            StatusCode::from_u16(sc.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            sc.body,
        )
            .into_response();
        for (k, v) in sc.headers {
            if let (Ok(k), Ok(v)) = (HeaderName::try_from(k), HeaderValue::try_from(v)) {
                response.headers_mut().insert(k, v);
            }
        }
        return response;
    }
    if auth.as_deref() != Some(&format!("Bearer {KEY}")) {
        return answer(
            401,
            json!({"error": {"code": "unauthorized", "message": "invalid API key"}}),
        );
    }
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let rest = match segments.as_slice() {
        ["v1", "project", project, "webhooks", rest @ ..] => {
            if *project == FORBIDDEN_PROJECT {
                return answer(
                    403,
                    json!({"message": "this key cannot access the project"}),
                );
            }
            if *project != PROJECT {
                return answer(404, json!({"detail": "project not found"}));
            }
            rest.iter().map(|r| r.to_string()).collect::<Vec<_>>()
        }
        _ => return answer(404, json!({"message": "no such route"})),
    };
    let rest: Vec<&str> = rest.iter().map(String::as_str).collect();
    let find = |s: &State, id: &str| s.webhooks.iter().position(|w| w["id"] == id);
    match (method.as_str(), rest.as_slice()) {
        ("GET", []) => {
            let items = s.webhooks.clone();
            list(&s, items)
        }
        ("POST", []) => {
            let Ok(Value::Object(req)) = serde_json::from_slice::<Value>(&body) else {
                return answer(400, json!({"message": "body must be a JSON object"}));
            };
            let url = req.get("url").and_then(Value::as_str).unwrap_or_default();
            if url.contains("refuse") {
                return answer(
                    422,
                    json!({"errors": [{"field": "url", "message": "url is not reachable"}]}),
                );
            }
            s.next_id += 1;
            let id = format!("wh_new{}", s.next_id);
            let mut hook = Map::new();
            hook.insert("id".into(), json!(id));
            hook.insert("url".into(), json!(url));
            hook.insert(
                "event_types".into(),
                req.get("event_types").cloned().unwrap_or(json!([])),
            );
            hook.insert(
                "enabled".into(),
                req.get("enabled").cloned().unwrap_or(json!(true)),
            );
            hook.insert("created_at".into(), json!(now()));
            s.webhooks.push(Value::Object(hook.clone()));
            hook.insert("secret".into(), json!(SECRET));
            answer(201, Value::Object(hook))
        }
        ("GET", [id]) => match find(&s, id) {
            Some(i) => answer(200, s.webhooks[i].clone()),
            None => answer(404, json!({"message": "webhook not found"})),
        },
        ("PATCH", [id]) => {
            let Some(i) = find(&s, id) else {
                return answer(404, json!({"message": "webhook not found"}));
            };
            let Ok(Value::Object(changes)) = serde_json::from_slice::<Value>(&body) else {
                return answer(400, json!({"message": "body must be a JSON object"}));
            };
            for (k, v) in changes {
                s.webhooks[i][k] = v;
            }
            answer(200, s.webhooks[i].clone())
        }
        ("DELETE", [id]) => match find(&s, id) {
            Some(i) => {
                s.webhooks.remove(i);
                StatusCode::NO_CONTENT.into_response()
            }
            None => answer(404, json!({"message": "webhook not found"})),
        },
        ("POST", [id, "test"]) => {
            if find(&s, id).is_none() {
                return answer(404, json!({"message": "webhook not found"}));
            }
            s.next_id += 1;
            let did = format!("del_test{}", s.next_id);
            let event_id = format!("evt_{}", s.next_id);
            s.deliveries.push(json!({
                "id": did, "webhook_id": id, "event_id": event_id,
                "event_type": "webhook.test", "status": "pending", "attempts": 0,
                "response_code": null, "created_at": now(), "last_attempt_at": null,
                "next_attempt_at": null
            }));
            let body = match &s.trigger_answer {
                Some(v) => serde_json::from_str(&v.to_string().replace("$DELIVERY", &did))
                    .unwrap_or(Value::Null),
                None => json!({"message": "test event queued"}),
            };
            answer(202, body)
        }
        ("GET", [id, "deliveries"]) => {
            let pending = s.test_pending_polls;
            let final_status = s.test_final.unwrap_or("succeeded");
            let failure_code = s.test_failure_code.unwrap_or(500);
            for d in s.deliveries.iter_mut() {
                if d["webhook_id"] == *id
                    && d["event_type"] == "webhook.test"
                    && d["status"] == "pending"
                    && pending == 0
                {
                    d["status"] = json!(final_status);
                    d["attempts"] = json!(1);
                    d["response_code"] = json!(if final_status == "succeeded" {
                        200
                    } else {
                        failure_code
                    });
                    d["last_attempt_at"] = json!(now());
                }
            }
            s.test_pending_polls = pending.saturating_sub(1);
            let items: Vec<Value> = s
                .deliveries
                .iter()
                .filter(|d| d["webhook_id"] == *id)
                .cloned()
                .collect();
            list(&s, items)
        }
        ("GET", [_id, "deliveries", did, "attempts"]) => {
            let items: Vec<Value> = s
                .attempts
                .iter()
                .filter(|a| a["delivery_id"] == *did)
                .cloned()
                .collect();
            list(&s, items)
        }
        _ => answer(404, json!({"message": "no such route"})),
    }
}
