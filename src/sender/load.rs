//! The load runner: `count` requests over `concurrency` workers sharing one pooled client,
//! optionally paced to a total `rate`. Each worker records into its own statistics shard (no
//! wake-up of another thread per request) and calls `on_sample` (a progress bar) directly. A
//! `stop` future (Ctrl-C) ends the run early; the statistics gathered so far are still returned.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::client::{self, Client, SendError};
use super::http1;
use super::request::Outgoing;
use super::stats::{SendResult, Stats};

/// How much load to generate.
#[derive(Debug, Clone, Copy)]
pub struct LoadPlan {
    pub count: usize,
    pub concurrency: usize,
    /// Requests per second across all workers; `None` is as fast as possible.
    pub rate: Option<f64>,
    pub timeout: Duration,
}

/// Makes the next request (a fresh event and signature each time), or says why it cannot.
pub type MakeRequest = dyn Fn() -> Result<Outgoing, String> + Send + Sync;

/// Told about every finished request, from whichever worker finished it.
pub type OnSample = dyn Fn(&SendResult) + Send + Sync;

/// How a run ended.
#[derive(Debug)]
pub struct Finished {
    pub stats: Stats,
    pub elapsed: Duration,
    pub interrupted: bool,
    /// A request could not even be built (the first such reason).
    pub build_error: Option<String>,
}

/// Run the plan until every request is done or `stop` resolves. `http://` URLs use one
/// persistent hyper connection per worker ([`http1`]); `https://` goes through the reqwest pool.
pub async fn run(
    url: &url::Url,
    http: Client,
    plan: LoadPlan,
    make: Arc<MakeRequest>,
    stop: impl Future<Output = ()>,
    on_sample: Arc<OnSample>,
) -> Finished {
    let next = Arc::new(AtomicUsize::new(0));
    let pacer = Arc::new(tokio::sync::Mutex::new(Instant::now()));
    let build_error: Arc<Mutex<Option<String>>> = Arc::default();
    let workers = plan.concurrency.clamp(1, plan.count.max(1));
    let shards: Vec<Arc<Mutex<Stats>>> = (0..workers).map(|_| Arc::default()).collect();
    let plan_url = url.clone();
    let http = Arc::new(http);
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for shard in &shards {
        let (http, next, pacer, make, on_sample, build_error, shard) = (
            http.clone(),
            next.clone(),
            pacer.clone(),
            make.clone(),
            on_sample.clone(),
            build_error.clone(),
            shard.clone(),
        );
        let mut connection = http1::Connection::for_url(&plan_url);
        tasks.spawn(async move {
            while next.fetch_add(1, Ordering::Relaxed) < plan.count {
                if let Some(rate) = plan.rate {
                    wait_for_slot(&pacer, rate).await;
                }
                let request = match make() {
                    Ok(request) => request,
                    Err(reason) => {
                        lock(&build_error).get_or_insert(reason);
                        next.store(plan.count, Ordering::Relaxed);
                        return;
                    }
                };
                let (result, latency) = match (&mut connection, http.as_ref()) {
                    (Some(connection), _) => connection.send(request, plan.timeout).await,
                    (None, Client::Pooled(http)) => {
                        client::send_discard(http, request, plan.timeout).await
                    }
                    (None, Client::Plain) => {
                        let reason = "no connection for this http:// URL".to_owned();
                        (Err(SendError::Other(reason)), Duration::ZERO)
                    }
                };
                let outcome = match result {
                    Ok(status) => SendResult::Status(status),
                    Err(e) => SendResult::Error(SendError::code(&e)),
                };
                lock(&shard).record(&outcome, latency);
                on_sample(&outcome);
            }
        });
    }
    tokio::pin!(stop);
    let interrupted = tokio::select! {
        biased;
        _ = &mut stop => true,
        _ = async { while tasks.join_next().await.is_some() {} } => false,
    };
    let elapsed = started.elapsed();
    tasks.abort_all();
    let mut stats = Stats::default();
    for shard in &shards {
        stats.merge(&lock(shard));
    }
    let build_error = lock(&build_error).take();
    Finished {
        stats,
        elapsed,
        interrupted,
        build_error,
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Take the next send slot of a shared schedule spaced `1/rate` apart and wait for it.
async fn wait_for_slot(pacer: &tokio::sync::Mutex<Instant>, rate: f64) {
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
