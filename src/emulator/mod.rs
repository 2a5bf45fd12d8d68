//! `trst-hooks emulator`: TRST's webhook management API and delivery engine on a laptop, with its
//! state in SQLite. [`api`] serves the routes, [`engine`] delivers and retries, [`store`] and
//! [`queue`] keep the state, and each [`Activity`] goes to `output::emulator` to be shown.

pub mod api;
pub mod client;
pub mod engine;
pub mod gate;
pub mod models;
pub mod queue;
pub mod ratelimit;
pub mod schedule;
pub mod store;
pub mod time_scale;
pub mod urls;
pub mod validate;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{Notify, mpsc::UnboundedSender};

use crate::secret::Secret;

/// Everything the emulator is started with.
#[derive(Debug)]
pub struct Config {
    /// SQLite file; `None` keeps everything in memory.
    pub db: Option<PathBuf>,
    /// Require this API key (else any Bearer key is accepted).
    pub api_key: Option<Secret>,
    /// Per-minute request limit (TRST's plans), or unlimited.
    pub rate_limit: Option<usize>,
    /// The rate limit's window: a minute, shorter only in tests (hidden `--rate-window`).
    pub rate_window: Duration,
    /// Refuse loopback URLs as TRST does.
    pub strict_urls: bool,
    pub schedule: schedule::Schedule,
    pub clock: time_scale::ScaledClock,
    /// The per-attempt timeout (real time).
    pub timeout: Duration,
}

/// Something for the terminal view: an API call, a delivery attempt, or engine news.
#[derive(Debug, Clone)]
pub enum Activity {
    Api {
        method: String,
        path: String,
        status: u16,
        latency_ms: u64,
    },
    Attempt {
        delivery_id: String,
        webhook_id: String,
        event_type: String,
        event_id: String,
        url: String,
        attempt: u32,
        max_attempts: usize,
        outcome: queue::AttemptRecord,
        next_attempt_at: Option<i64>,
    },
    /// Attempts a previous run left unfinished, now closed and rescheduled.
    Recovered {
        count: usize,
    },
    EngineError(String),
}

/// A ready-to-serve emulator: its router and the engine to spawn beside it.
pub struct Emulator {
    pub router: axum::Router,
    pub engine: Arc<engine::Engine>,
}

/// Why the emulator could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("cannot open the database: {0}")]
    Store(#[from] store::OpenError),
    #[error("cannot build the HTTP client: {0}")]
    Client(#[from] reqwest::Error),
}

/// Open the state and wire the API to the engine.
pub fn build(config: Config, reports: UnboundedSender<Activity>) -> Result<Emulator, BuildError> {
    let store = Arc::new(store::Store::open(config.db.as_deref())?);
    let wake = Arc::new(Notify::new());
    let engine = Arc::new(engine::Engine::new(
        store.clone(),
        config.schedule,
        config.clock,
        config.timeout,
        wake.clone(),
        reports.clone(),
        config.strict_urls,
    )?);
    let state = Arc::new(api::AppState {
        store,
        wake,
        api_key: config.api_key,
        limiter: config.rate_limit.map(|limit| {
            let window_ms = i64::try_from(config.rate_window.as_millis()).unwrap_or(i64::MAX);
            Mutex::new(ratelimit::RateLimiter::with_window(limit, window_ms))
        }),
        rate_limit: config.rate_limit,
        strict_urls: config.strict_urls,
        clock: config.clock,
        reports,
    });
    Ok(Emulator {
        router: api::router(state),
        engine,
    })
}

/// A fresh random id such as `webhook_3f9c0a7e5b1d44c2a9e1` (UUID v4 randomness).
pub fn new_id(prefix: &str) -> String {
    let random = uuid::Uuid::new_v4().simple().to_string();
    format!("{prefix}_{}", &random[..20])
}

/// A fresh webhook secret, `whsec_` plus 64 hex characters from the OS random generator.
pub fn new_secret() -> Secret {
    Secret::new(format!(
        "whsec_{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    ))
}
