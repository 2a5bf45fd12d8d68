//! The listener's shared state: its options, the secrets, the log, the duplicate counts, and the
//! channel that carries each handled request to whoever prints and counts them.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::sync::mpsc;

use super::dedup::Dedup;
use super::delivery::HandledRequest;
use super::forward::Forwarder;
use super::log_writer::LogWriter;
use crate::secret::Secret;

/// How the listener answers (everything the flags of `listen` decide besides where it binds).
pub struct Options {
    /// The webhook path, e.g. `/webhooks/trst`.
    pub path: String,
    /// Accept deliveries on every path.
    pub any_path: bool,
    /// Largest body accepted, in bytes (413 above it).
    pub max_body: usize,
    /// A whole body must arrive within this long of its request (408 otherwise).
    pub body_timeout: Duration,
    /// Answer this instead of 200 to valid deliveries.
    pub status: Option<u16>,
    /// Wait this long before answering each delivery.
    pub delay: Option<Duration>,
    /// Answer 500 to the first N deliveries of each `event_id`.
    pub fail_first: u32,
    /// Run this shell command for each verified delivery.
    pub exec: Option<String>,
    /// Variables removed from the command's environment besides [`super::exec::WITHHELD_ENV`]
    /// (the `--secret-env` names the secrets came from).
    pub exec_withheld_env: Vec<String>,
    /// Relay deliveries to the user's app.
    pub forward: Option<Forwarder>,
    /// Recognise (and do not log) the health probes of `listen --register`.
    pub probe: Option<std::sync::Arc<super::probe::Probe>>,
}

impl Options {
    /// Default answers on `path` with a 1 MiB body limit.
    pub fn new(path: impl Into<String>) -> Self {
        Options {
            path: path.into(),
            any_path: false,
            max_body: 1024 * 1024,
            body_timeout: super::body::BODY_DEADLINE,
            status: None,
            delay: None,
            fail_first: 0,
            exec: None,
            exec_withheld_env: Vec::new(),
            forward: None,
            probe: None,
        }
    }

    /// True when `path` (without query) is where deliveries are expected. A trailing slash is
    /// forgiven.
    pub fn path_matches(&self, path: &str) -> bool {
        if self.any_path {
            return true;
        }
        let wanted = self.path.trim_end_matches('/');
        let given = path.trim_end_matches('/');
        wanted == given
    }
}

/// A secret usable as an HMAC key by [`crate::verdict::judge`].
pub struct Key(pub Secret);

impl AsRef<[u8]> for Key {
    fn as_ref(&self) -> &[u8] {
        self.0.expose().as_bytes()
    }
}

/// Everything a request handler needs; shared by all requests.
pub struct AppState {
    pub options: Options,
    pub keys: Vec<Key>,
    /// Masked secrets by index, for the log and the JSON view.
    pub labels: Vec<String>,
    pub log: Option<LogWriter>,
    pub dedup: Dedup,
    events: mpsc::UnboundedSender<HandledRequest>,
    seq: AtomicU64,
}

impl AppState {
    /// Shared state; each handled request is sent on `events`.
    pub fn new(
        options: Options,
        secrets: Vec<Secret>,
        log: Option<LogWriter>,
        dedup: Dedup,
        events: mpsc::UnboundedSender<HandledRequest>,
    ) -> Self {
        let labels = secrets.iter().map(Secret::masked).collect();
        AppState {
            options,
            keys: secrets.into_iter().map(Key).collect(),
            labels,
            log,
            dedup,
            events,
            seq: AtomicU64::new(0),
        }
    }

    /// The next request number (1-based).
    pub fn next_seq(&self) -> u64 {
        self.seq.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Report a handled request. Nobody listening any more (shutting down) is not an error.
    pub fn emit(&self, delivery: HandledRequest) {
        let _ = self.events.send(delivery);
    }
}
