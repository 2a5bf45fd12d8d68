//! The HTTP edge of the management API: builds URLs under `/project/{id}/webhooks`, sends the
//! bearer key, applies the 20 s timeout, and retries per [`super::retry`]. What happens (requests
//! with `-v`, "rate limited, retrying in …") is reported to an [`Observer`] so printing stays in
//! `output`.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use reqwest::Method;
use serde_json::Value;

use super::error::{ApiError, body_message};
use super::models::{self, Attempt, Delivery, Item, Webhook};
use super::retry::{self, AttemptResult, Decision, Policy, Reason};
use super::settings::Settings;
use crate::net::{self, FailureKind};

/// TRST's timeout, applied to each request.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(crate::defaults::DELIVERY_TIMEOUT_SECS);

/// Something the client did, for the observer to show (or not).
#[derive(Debug, Clone)]
pub enum Event<'a> {
    /// About to send. `auth` is already masked.
    Request {
        method: &'a str,
        url: &'a str,
        auth: &'a str,
        body: Option<&'a str>,
    },
    /// An answer arrived.
    Response {
        status: u16,
        elapsed: Duration,
        bytes: usize,
    },
    /// No answer.
    NetworkError { reason: &'a str },
    /// Waiting before another try.
    Retry {
        reason: Reason,
        after: Duration,
        retry: u32,
        max: u32,
    },
}

/// Receives [`Event`]s.
pub trait Observer: Send + Sync {
    fn event(&self, event: &Event<'_>);
}

/// A successful answer.
#[derive(Debug, Clone)]
pub struct ApiAnswer {
    pub status: u16,
    /// The parsed body; `Null` when empty.
    pub body: Value,
    /// The server's `Date` header: a reference time immune to local clock skew.
    pub date: Option<SystemTime>,
}

/// The management API client for one project.
pub struct Client {
    http: reqwest::Client,
    settings: Settings,
    policy: Policy,
    observer: Arc<dyn Observer>,
}

impl Client {
    /// A client with TRST's 20 s request timeout and the tool's policy ([`net::client`]): no
    /// proxies, and no redirects followed (a 3xx is [`ApiError::Redirect`]).
    pub fn new(
        settings: Settings,
        policy: Policy,
        observer: Arc<dyn Observer>,
    ) -> Result<Self, ApiError> {
        let http = net::client::builder()
            .timeout(REQUEST_TIMEOUT)
            .connect_timeout(Duration::from_secs(10))
            .user_agent(net::client::user_agent(None))
            .build()
            .map_err(|e| ApiError::Network {
                url: settings.base.to_string(),
                reason: format!("cannot build the HTTP client: {e}"),
            })?;
        Ok(Client {
            http,
            settings,
            policy,
            observer,
        })
    }

    /// The settings in use.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// `…/project/{project}/webhooks/{segments…}`, each segment percent-encoded.
    pub fn url(&self, segments: &[&str]) -> url::Url {
        let mut url = self.settings.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty()
                .extend(["project", self.settings.project.as_str(), "webhooks"])
                .extend(segments);
        }
        url
    }

    /// Send one request with retries; non-2xx answers become [`ApiError::Status`].
    pub async fn call(
        &self,
        method: Method,
        segments: &[&str],
        body: Option<&Value>,
    ) -> Result<ApiAnswer, ApiError> {
        let url = self.url(segments);
        let body_text = body.map(Value::to_string);
        let mut retries = 0;
        loop {
            let (outcome, err) = match self.try_once(&method, &url, body_text.as_deref()).await {
                Ok(answer) => return Ok(answer),
                Err(failure) => failure,
            };
            match self.decide(method == Method::GET, outcome, retries) {
                Some(after) => {
                    retries += 1;
                    tokio::time::sleep(after).await;
                }
                None => return Err(err),
            }
        }
    }

    /// One try: the answer, or what went wrong (for the retry decision) and the error to give.
    async fn try_once(
        &self,
        method: &Method,
        url: &url::Url,
        body: Option<&str>,
    ) -> Result<ApiAnswer, (AttemptResult, ApiError)> {
        let auth_masked = format!("Bearer {}", self.settings.key.masked());
        self.observer.event(&Event::Request {
            method: method.as_str(),
            url: url.as_str(),
            auth: &auth_masked,
            body,
        });
        let mut request = self
            .http
            .request(method.clone(), url.clone())
            .bearer_auth(self.settings.key.expose())
            .header("Accept", "application/json");
        if let Some(text) = body {
            request = request
                .header("Content-Type", "application/json")
                .body(text.to_owned());
        }
        let started = Instant::now();
        let failed = |e: &reqwest::Error| {
            let err = network(url, e);
            self.report_network(&err);
            (AttemptResult::Network, err)
        };
        let response = request.send().await.map_err(|e| failed(&e))?;
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let retry_after =
            header("retry-after").and_then(|v| retry::parse_retry_after(&v, SystemTime::now()));
        let date = header("date").and_then(|v| httpdate::parse_http_date(&v).ok());
        let location = header("location");
        let bytes = response.bytes().await.map_err(|e| failed(&e))?;
        self.observer.event(&Event::Response {
            status,
            elapsed: started.elapsed(),
            bytes: bytes.len(),
        });
        if (200..300).contains(&status) {
            // A 2xx body we cannot read is final: retrying would not change it.
            let body = parse_body(&bytes, method.as_str(), url).map_err(|e| {
                (
                    AttemptResult::Status {
                        code: status,
                        retry_after: None,
                    },
                    e,
                )
            })?;
            return Ok(ApiAnswer { status, body, date });
        }
        if (300..400).contains(&status) {
            let err = ApiError::Redirect {
                method: method.to_string(),
                path: url.path().to_owned(),
                status,
                location: location.unwrap_or_else(|| "(no Location header)".into()),
            };
            return Err((
                AttemptResult::Status {
                    code: status,
                    retry_after: None,
                },
                err,
            ));
        }
        let err = ApiError::Status {
            method: method.to_string(),
            path: url.path().to_owned(),
            status,
            message: body_message(&bytes),
            retry_after,
        };
        Err((
            AttemptResult::Status {
                code: status,
                retry_after,
            },
            err,
        ))
    }

    fn report_network(&self, err: &ApiError) {
        if let ApiError::Network { reason, .. } = err {
            self.observer.event(&Event::NetworkError { reason });
        }
    }

    fn decide(&self, idempotent: bool, outcome: AttemptResult, retries: u32) -> Option<Duration> {
        match retry::decide(&self.policy, idempotent, outcome, retries, fastrand::f64()) {
            Decision::Stop => None,
            Decision::Retry { after, reason } => {
                self.observer.event(&Event::Retry {
                    reason,
                    after,
                    retry: retries + 1,
                    max: self.policy.max_retries,
                });
                Some(after)
            }
        }
    }

    /// `GET /webhooks`.
    pub async fn list_webhooks(&self) -> Result<Vec<Item<Webhook>>, ApiError> {
        let answer = self.call(Method::GET, &[], None).await?;
        models::list(answer.body).map_err(|e| bad("the webhook list", e))
    }

    /// `GET /webhooks/{id}`.
    pub async fn get_webhook(&self, id: &str) -> Result<Item<Webhook>, ApiError> {
        let answer = self.call(Method::GET, &[id], None).await?;
        models::single(answer.body, "webhook").map_err(|e| bad("the webhook", e))
    }

    /// `POST /webhooks` with `{url, event_types, enabled}`.
    pub async fn create_webhook(&self, body: &Value) -> Result<Item<Webhook>, ApiError> {
        let answer = self.call(Method::POST, &[], Some(body)).await?;
        models::single(answer.body, "webhook").map_err(|e| bad("the created webhook", e))
    }

    /// `PATCH /webhooks/{id}`; `None` when the API answers without a body.
    pub async fn update_webhook(
        &self,
        id: &str,
        body: &Value,
    ) -> Result<Option<Item<Webhook>>, ApiError> {
        let answer = self.call(Method::PATCH, &[id], Some(body)).await?;
        if answer.body.is_null() {
            return Ok(None);
        }
        models::single(answer.body, "webhook")
            .map(Some)
            .map_err(|e| bad("the updated webhook", e))
    }

    /// `DELETE /webhooks/{id}`.
    pub async fn delete_webhook(&self, id: &str) -> Result<ApiAnswer, ApiError> {
        self.call(Method::DELETE, &[id], None).await
    }

    /// `POST /webhooks/{id}/test`: TRST delivers a `webhook.test` event.
    pub async fn trigger_test(&self, id: &str) -> Result<ApiAnswer, ApiError> {
        self.call(Method::POST, &[id, "test"], None).await
    }

    /// `GET /webhooks/{id}/deliveries`.
    pub async fn deliveries(&self, id: &str) -> Result<Vec<Item<Delivery>>, ApiError> {
        let answer = self.call(Method::GET, &[id, "deliveries"], None).await?;
        models::list(answer.body).map_err(|e| bad("the delivery list", e))
    }

    /// `GET /webhooks/{id}/deliveries/{delivery}/attempts`.
    pub async fn attempts(&self, id: &str, delivery: &str) -> Result<Vec<Item<Attempt>>, ApiError> {
        let answer = self
            .call(Method::GET, &[id, "deliveries", delivery, "attempts"], None)
            .await?;
        models::list(answer.body).map_err(|e| bad("the attempt list", e))
    }
}

fn bad(what: &str, e: models::ShapeError) -> ApiError {
    ApiError::BadBody {
        what: what.to_owned(),
        reason: e.to_string(),
    }
}

fn parse_body(bytes: &[u8], method: &str, url: &url::Url) -> Result<Value, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    serde_json::from_slice(bytes).map_err(|e| ApiError::BadBody {
        what: format!("{method} {}", url.path()),
        reason: format!(
            "not JSON ({e}): {}",
            super::error::truncate(&String::from_utf8_lossy(bytes), 80)
        ),
    })
}

/// A short reason for a reqwest error ([`net::classify`]), without the URL repeated.
fn network(url: &url::Url, e: &reqwest::Error) -> ApiError {
    let failure = net::classify(e);
    let reason = match failure.kind {
        FailureKind::Timeout => format!("no answer within {} s", REQUEST_TIMEOUT.as_secs()),
        _ => failure.reason,
    };
    ApiError::Network {
        url: format!("{}://{}", url.scheme(), url.authority()),
        reason,
    }
}
