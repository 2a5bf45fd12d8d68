//! The delivery worker: takes due deliveries off the SQLite queue, sends each as TRST would
//! (signed body, `Content-Type: application/json`, `X-Webhook-Signature`, no redirects followed,
//! a timeout), records the attempt, and schedules the retry. Every delivery is checked against
//! the URL policy again when it is sent: literal addresses here, names by the client's resolver,
//! which connects only to addresses it checked (DNS can change after the webhook was created). Timers are recomputed from the
//! database on every turn, so a restart (even after `kill -9`) picks up where the last run stopped.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore, mpsc::UnboundedSender};

use super::Activity;
use super::queue::{AttemptRecord, Job};
use super::schedule::Schedule;
use super::store::Store;
use super::time_scale::ScaledClock;
use super::urls;
use crate::net::{self, CappedBody, resolve::CheckedResolver};
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
    clock: ScaledClock,
    client: reqwest::Client,
    timeout: Duration,
    wake: Arc<Notify>,
    reports: UnboundedSender<Activity>,
    slots: Arc<Semaphore>,
    strict_urls: bool,
}

/// The delivery client: the tool's policy (no redirects, no proxies: it talks to the URL given)
/// and a resolver that refuses a name if any of its addresses is one the URL policy refuses
/// (loopback allowed unless `strict_urls`), so only checked addresses are ever connected to.
pub fn client(strict_urls: bool) -> reqwest::Result<reqwest::Client> {
    let policy = move |ip| urls::check_address(ip, strict_urls);
    net::client::builder()
        .dns_resolver(CheckedResolver::new(Arc::new(policy)))
        .user_agent(net::client::user_agent(Some("emulator")))
        .build()
}

impl Engine {
    /// Build the engine and its HTTP client ([`client`]).
    pub fn new(
        store: Arc<Store>,
        schedule: Schedule,
        clock: ScaledClock,
        timeout: Duration,
        wake: Arc<Notify>,
        reports: UnboundedSender<Activity>,
        strict_urls: bool,
    ) -> Result<Self, reqwest::Error> {
        let client = client(strict_urls)?;
        Ok(Engine {
            store,
            schedule,
            clock,
            client,
            timeout,
            wake,
            reports,
            slots: Arc::new(Semaphore::new(CONCURRENCY)),
            strict_urls,
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
            Ok(count) => self.report(Activity::Recovered { count }),
            Err(e) => self.report(Activity::EngineError(format!("recovering attempts: {e}"))),
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
                self.report(Activity::EngineError(format!("reading the queue: {e}")));
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
                self.report(Activity::EngineError(format!("reading the queue: {e}")));
                Duration::from_secs(1)
            }
        }
    }

    async fn deliver(self: Arc<Self>, job: Job, permit: OwnedSemaphorePermit) {
        let outcome = attempt(&self.client, &job, self.timeout, self.strict_urls).await;
        let next = if outcome.succeeded {
            None
        } else {
            self.schedule
                .delay_after(job.attempt)
                .map(|d| self.clock.after(self.clock.now_ms(), d))
        };
        if let Err(e) = self.store.finish(&job, &outcome, next) {
            self.report(Activity::EngineError(format!(
                "recording attempt {} of {}: {e}",
                job.attempt, job.delivery_id
            )));
        }
        self.report(Activity::Attempt {
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

    fn report(&self, report: Activity) {
        let _ = self.reports.send(report);
    }
}

/// Send one signed request and describe what happened. A URL the policy refuses now (a literal
/// address; names are checked by the client's resolver) is a failed attempt, never sent.
pub async fn attempt(
    client: &reqwest::Client,
    job: &Job,
    timeout: Duration,
    strict_urls: bool,
) -> AttemptRecord {
    if let Err(reason) = urls::check_delivery_url(&job.url, strict_urls) {
        return AttemptRecord {
            status_code: None,
            latency_ms: 0,
            error: Some(format!("not sent: {reason}")),
            response_body: None,
            succeeded: false,
        };
    }
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
    let failed = |error: String| AttemptRecord {
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
                crate::words::human(timeout)
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
    AttemptRecord {
        status_code: Some(status.as_u16()),
        latency_ms,
        error,
        response_body: Some(preview),
        succeeded: status.is_success(),
    }
}

/// At most [`BODY_PREVIEW_BYTES`] of the answer, read for at most `limit`: a preview, so a body
/// that breaks off or stalls keeps what arrived.
async fn read_preview(response: &mut reqwest::Response, limit: Duration) -> String {
    let mut body = CappedBody::new(BODY_PREVIEW_BYTES);
    let _ = tokio::time::timeout(limit, body.read_from(response)).await;
    body.lossy_text()
}

/// A one-line reason for a request that got no answer, without reqwest's wrapping.
fn describe(error: &reqwest::Error) -> String {
    let text = net::classify(error).reason;
    if error.is_connect() {
        format!("could not connect: {text}")
    } else if error.is_builder() {
        format!("invalid URL: {text}")
    } else {
        format!("request failed: {text}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    fn job(url: String) -> Job {
        Job {
            delivery_id: "dlv_1".into(),
            attempt_id: "att_1".into(),
            attempt: 1,
            webhook_id: "wh_1".into(),
            url,
            secret: Secret::new("whsec_engine_test"),
            event_id: "evt_1".into(),
            event_type: "webhook.test".into(),
            body: b"{}".to_vec(),
            attempted_at: 0,
        }
    }

    /// A name the policy refuses at delivery time is never connected to: the resolver refuses
    /// it before any connection (here `localhost` under `--strict-urls`; a listener is there, and
    /// the attempt must not reach it).
    #[tokio::test]
    async fn a_refused_name_is_not_connected_to_at_delivery() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let url = format!("http://localhost:{port}/hook");
        let strict = client(true).unwrap();
        let outcome = attempt(&strict, &job(url.clone()), Duration::from_secs(5), true).await;
        assert!(!outcome.succeeded);
        assert_eq!(outcome.status_code, None);
        let error = outcome.error.unwrap();
        assert!(error.contains("localhost resolves to"), "{error}");
        // Nothing connected: accepting now would find no pending connection.
        let pending = tokio::time::timeout(Duration::ZERO, listener.accept()).await;
        assert!(pending.is_err(), "the refused name was connected to");
        // Without --strict-urls loopback is the developer's laptop, and the same name works.
        let relaxed = client(false).unwrap();
        let server = tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            let mut buf = [0u8; 4096];
            let _ = socket.read(&mut buf).await;
            let _ = socket
                .write_all(b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n")
                .await;
        });
        let outcome = attempt(&relaxed, &job(url), Duration::from_secs(5), false).await;
        assert_eq!(outcome.status_code, Some(204), "{outcome:?}");
        server.await.unwrap();
    }

    #[tokio::test]
    async fn a_refused_literal_is_not_sent() {
        let outcome = attempt(
            &client(false).unwrap(),
            &job("http://169.254.169.254/latest/meta-data".into()),
            Duration::from_secs(5),
            false,
        )
        .await;
        assert_eq!(outcome.status_code, None);
        assert!(outcome.error.unwrap().contains("link-local"));
    }
}
