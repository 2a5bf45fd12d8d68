//! The load runner: `count` requests over `concurrency` workers sharing one pooled client,
//! optionally paced to a total `rate`. Workers report each result through a channel; the caller's
//! `on_sample` (a progress bar) only reads them. A `stop` future (Ctrl-C) ends the run early and
//! the statistics gathered so far are still returned.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::{Mutex, mpsc};

use super::client::{self, SendError};
use super::request::Outgoing;
use super::stats::{Outcome, Stats};

/// How much load to generate.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub count: usize,
    pub concurrency: usize,
    /// Requests per second across all workers; `None` is as fast as possible.
    pub rate: Option<f64>,
    pub timeout: Duration,
}

/// Makes the next request (a fresh event and signature each time), or says why it cannot.
pub type MakeRequest = dyn Fn() -> Result<Outgoing, String> + Send + Sync;

/// How a run ended.
#[derive(Debug)]
pub struct Finished {
    pub stats: Stats,
    pub elapsed: Duration,
    pub interrupted: bool,
    /// A request could not even be built (the first such reason).
    pub build_error: Option<String>,
}

/// Run the plan. `on_sample` is called on the caller's task for every finished request.
pub async fn run(
    http: reqwest::Client,
    plan: Plan,
    make: Arc<MakeRequest>,
    stop: impl Future<Output = ()>,
    mut on_sample: impl FnMut(&Outcome, Duration, &Stats),
) -> Finished {
    let next = Arc::new(AtomicUsize::new(0));
    let pacer = Arc::new(Mutex::new(Instant::now()));
    let (tx, mut rx) = mpsc::unbounded_channel::<Result<(Outcome, Duration), String>>();
    let started = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..plan.concurrency.max(1).min(plan.count.max(1)) {
        let (http, next, pacer, tx, make) = (
            http.clone(),
            next.clone(),
            pacer.clone(),
            tx.clone(),
            make.clone(),
        );
        workers.spawn(async move {
            while next.fetch_add(1, Ordering::Relaxed) < plan.count {
                if let Some(rate) = plan.rate {
                    wait_for_slot(&pacer, rate).await;
                }
                let request = match make() {
                    Ok(request) => request,
                    Err(reason) => {
                        let _ = tx.send(Err(reason));
                        return;
                    }
                };
                let (result, latency) = client::send_discard(&http, request, plan.timeout).await;
                let outcome = match result {
                    Ok(status) => Outcome::Status(status),
                    Err(e) => Outcome::Error(SendError::code(&e)),
                };
                if tx.send(Ok((outcome, latency))).is_err() {
                    return;
                }
            }
        });
    }
    drop(tx);
    let mut stats = Stats::default();
    let mut build_error = None;
    let mut interrupted = false;
    tokio::pin!(stop);
    loop {
        tokio::select! {
            biased;
            _ = &mut stop => {
                interrupted = true;
                break;
            }
            message = rx.recv() => match message {
                Some(Ok((outcome, latency))) => {
                    stats.record(&outcome, latency);
                    on_sample(&outcome, latency, &stats);
                }
                Some(Err(reason)) => {
                    build_error.get_or_insert(reason);
                    next.store(plan.count, Ordering::Relaxed);
                }
                None => break,
            },
        }
    }
    let elapsed = started.elapsed();
    workers.abort_all();
    Finished {
        stats,
        elapsed,
        interrupted,
        build_error,
    }
}

/// Take the next send slot of a shared schedule spaced `1/rate` apart and wait for it.
async fn wait_for_slot(pacer: &Mutex<Instant>, rate: f64) {
    let gap = Duration::from_secs_f64(1.0 / rate.max(0.001));
    let slot = {
        let mut next = pacer.lock().await;
        let now = Instant::now();
        let slot = (*next).max(now);
        *next = slot + gap;
        slot
    };
    tokio::time::sleep_until(slot.into()).await;
}
