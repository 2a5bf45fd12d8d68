//! The delivery worker: takes due deliveries off the SQLite queue, sends each as TRST would
//! (signed body, `Content-Type: application/json`, `X-Webhook-Signature`, no redirects followed,
//! a timeout), records the attempt, and schedules the retry. Timers are recomputed from the
//! database on every turn, so a restart (even after `kill -9`) picks up where the last run stopped.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore, mpsc::UnboundedSender};

use super::Report;
use super::clock::Clock;
use super::queue::{Job, Outcome};
use super::schedule::Schedule;
use super::store::Store;
use crate::signature;

/// How much of an endpoint's answer is kept with each attempt.
pub const BODY_PREVIEW_BYTES: usize = 1024;

/// Deliveries in flight at once.
const CONCURRENCY: usize = 32;

/// The longest the worker sleeps without looking at the queue again.
const IDLE_WAIT: Duration = Duration::from_secs(3600);

/// The delivery engine; cheap to share (`Arc`).
pub struct Engine {
    store: Arc<Store>,
    schedule: Schedule,
    clock: Clock,
    client: reqwest::Client,
    timeout: Duration,
    wake: Arc<Notify>,
    reports: UnboundedSender<Report>,
    slots: Arc<Semaphore>,
}

impl Engine {
    /// Build the engine and its HTTP client (no redirects, no proxies: it talks to the URL given).
    pub fn new(
        store: Arc<Store>,
        schedule: Schedule,
        clock: Clock,
        timeout: Duration,
        wake: Arc<Notify>,
        reports: UnboundedSender<Report>,
    ) -> Result<Self, reqwest::Error> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .user_agent(concat!("trst-hooks-emulator/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Engine {
            store,
            schedule,
            clock,
            client,
            timeout,
            wake,
            reports,
            slots: Arc::new(Semaphore::new(CONCURRENCY)),
        })
    }

    /// Recover interrupted attempts, then deliver forever.
    pub async fn run(self: Arc<Self>) {
        let recovered = self.store.recover_interrupted(&|attempt, at| {
            self.schedule
                .delay_after(attempt)
                .map(|d| self.clock.after(at, d))
        });
        match recovered {
            Ok(0) => {}
            Ok(count) => self.report(Report::Recovered { count }),
            Err(e) => self.report(Report::EngineError(format!("recovering attempts: {e}"))),
        }
        loop {
            let wait = self.turn();
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(wait) => {}
            }
        }
    }

    /// Start every due delivery there is room for; return how long to wait before looking again.
    fn turn(self: &Arc<Self>) -> Duration {
        let room = self.slots.available_permits();
        if room == 0 {
            return IDLE_WAIT;
        }
        let now = self.clock.now_ms();
        let jobs = match self
            .store
            .claim_due(now, room, &mut || super::new_id("attempt"))
        {
            Ok(jobs) => jobs,
            Err(e) => {
                self.report(Report::EngineError(format!("reading the queue: {e}")));
                return Duration::from_secs(1);
            }
        };
        for job in jobs {
            let Ok(permit) = self.slots.clone().try_acquire_owned() else {
                break;
            };
            tokio::spawn(self.clone().deliver(job, permit));
        }
        match self.store.next_due() {
            Ok(Some(at)) => {
                Duration::from_millis(u64::try_from(at - now).unwrap_or(0)).min(IDLE_WAIT)
            }
            Ok(None) => IDLE_WAIT,
            Err(e) => {
                self.report(Report::EngineError(format!("reading the queue: {e}")));
                Duration::from_secs(1)
            }
        }
    }

    async fn deliver(self: Arc<Self>, job: Job, permit: OwnedSemaphorePermit) {
        let outcome = attempt(&self.client, &job, self.timeout).await;
        let next = if outcome.succeeded {
            None
        } else {
            self.schedule
                .delay_after(job.attempt)
                .map(|d| self.clock.after(self.clock.now_ms(), d))
        };
        if let Err(e) = self.store.finish(&job, &outcome, next) {
            self.report(Report::EngineError(format!(
                "recording attempt {} of {}: {e}",
                job.attempt, job.delivery_id
            )));
        }
        self.report(Report::Attempt {
            delivery_id: job.delivery_id,
            webhook_id: job.webhook_id,
            event_type: job.event_type,
            event_id: job.event_id,
            url: job.url,
            attempt: job.attempt,
            max_attempts: self.schedule.max_attempts(),
            outcome,
            next_attempt_at: next,
        });
        drop(permit);
        self.wake.notify_one();
    }

    fn report(&self, report: Report) {
        let _ = self.reports.send(report);
    }
}

/// Send one signed request and describe what happened.
pub async fn attempt(client: &reqwest::Client, job: &Job, timeout: Duration) -> Outcome {
    let started = Instant::now();
    let request = client
        .post(&job.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(
            signature::HEADER_NAME,
            signature::sign(job.secret.expose(), &job.body),
        )
        .body(job.body.clone());
    let sent = tokio::time::timeout(timeout, request.send()).await;
    let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let failed = |error: String| Outcome {
        status_code: None,
        latency_ms,
        error: Some(error),
        response_body: None,
        succeeded: false,
    };
    let mut response = match sent {
        Err(_) => {
            return failed(format!(
                "timed out: no answer within {}",
                humantime::format_duration(timeout)
            ));
        }
        Ok(Err(e)) => return failed(describe(&e)),
        Ok(Ok(response)) => response,
    };
    let status = response.status();
    let error = status.is_redirection().then(|| {
        let location = response
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("(no Location header)");
        format!(
            "answered {} redirecting to {location}; redirects are not followed (TRST does not either): give the final URL",
            status.as_u16()
        )
    });
    let preview = read_preview(&mut response, Duration::from_secs(2)).await;
    Outcome {
        status_code: Some(status.as_u16()),
        latency_ms,
        error,
        response_body: Some(preview),
        succeeded: status.is_success(),
    }
}

async fn read_preview(response: &mut reqwest::Response, limit: Duration) -> String {
    let mut bytes = Vec::new();
    let read = async {
        while bytes.len() < BODY_PREVIEW_BYTES {
            match response.chunk().await {
                Ok(Some(chunk)) => bytes.extend_from_slice(&chunk),
                _ => break,
            }
        }
    };
    let _ = tokio::time::timeout(limit, read).await;
    bytes.truncate(BODY_PREVIEW_BYTES);
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A one-line reason for a request that got no answer, without reqwest's wrapping.
fn describe(error: &reqwest::Error) -> String {
    let mut innermost: &dyn std::error::Error = error;
    while let Some(source) = innermost.source() {
        innermost = source;
    }
    let text = innermost.to_string();
    let text = match text.find(" (os error") {
        Some(i) => text[..i].to_owned(),
        None => text,
    };
    if error.is_connect() {
        format!("could not connect: {text}")
    } else if error.is_builder() {
        format!("invalid URL: {text}")
    } else {
        format!("request failed: {text}")
    }
}
