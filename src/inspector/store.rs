//! The inspector's memory: a ring of the most recent deliveries, each kept as its delivery-log
//! line (the bytes the listener already built), numbered in arrival order. Publishing is a lock,
//! a push and, only when a page is watching, a broadcast of a pointer; nothing is parsed or
//! serialised until someone asks. A delivery's summary is parsed once, on first use.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, OnceLock};

use serde::Serialize;
use tokio::sync::broadcast;

use crate::delivery_log::DeliveryRecord;

/// The header a replay carries so that, when it comes back to this listener, it is linked to
/// its original: `<run id>:<delivery id>`.
pub const REPLAY_HEADER: &str = "x-trst-hooks-replay-of";

/// Above this many bytes of log lines, the oldest deliveries are dropped even when fewer than
/// `--ui-history` are kept (bodies can be up to `--max-body` each).
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

/// How many new deliveries a slow page may fall behind before it is told to reload.
const STREAM_BACKLOG: usize = 1024;

/// One delivery as the inspector holds it.
pub struct Entry {
    /// 1, 2, 3… in arrival order (history first); unique within this run.
    pub id: u64,
    /// The delivery-log line (one JSON object, no newline), kept as the listener built it (not
    /// shrunk: that would copy it on the listener's path).
    pub line: Vec<u8>,
    summary: OnceLock<Option<Summary>>,
}

/// Whether the signature held, in the words the filters use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// A secret matched.
    Valid,
    /// A signature was sent but did not verify.
    Invalid,
    /// No `X-Webhook-Signature` at all.
    Unsigned,
}

impl Verdict {
    /// The verdict a logged signature outcome stands for.
    pub fn of(record: &DeliveryRecord) -> Verdict {
        match (record.signature.valid, record.signature.reason.as_deref()) {
            (true, _) => Verdict::Valid,
            (false, Some("missing")) => Verdict::Unsigned,
            (false, _) => Verdict::Invalid,
        }
    }

    /// The name used in filters and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Valid => "valid",
            Verdict::Invalid => "invalid",
            Verdict::Unsigned => "unsigned",
        }
    }
}

/// What the list shows of a delivery (and what the stream sends per new one).
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub id: u64,
    pub received_at: String,
    pub method: String,
    pub path: String,
    pub verdict: Verdict,
    /// The signature failure code (`mismatch`, `missing`, …) when not valid.
    pub reason: Option<String>,
    pub event_type: Option<String>,
    pub event_id: Option<String>,
    pub status: u16,
    pub latency_ms: f64,
    pub duplicate: bool,
    pub body_bytes: usize,
    /// The delivery this one replays, when it is a replay made by this run's inspector.
    pub replay_of: Option<u64>,
}

impl Entry {
    /// The full record (parsed on each call: only detail views and searches need it).
    pub fn record(&self) -> Option<DeliveryRecord> {
        let text = std::str::from_utf8(&self.line).ok()?;
        DeliveryRecord::parse_line(text).ok()
    }

    /// The list view of this delivery (parsed once); None for a line that is not a record.
    pub fn summary(&self, run: &str) -> Option<&Summary> {
        self.summary
            .get_or_init(|| self.record().map(|record| summarise(self.id, &record, run)))
            .as_ref()
    }
}

/// The list view of one record.
pub fn summarise(id: u64, record: &DeliveryRecord, run: &str) -> Summary {
    Summary {
        id,
        received_at: record.received_at.clone(),
        method: record.method.clone(),
        path: record.path.clone(),
        verdict: Verdict::of(record),
        reason: record.signature.reason.clone(),
        event_type: record.event_type.clone(),
        event_id: record.event_id.clone(),
        status: record.response.status,
        latency_ms: record.response.latency_ms,
        duplicate: record.duplicate,
        body_bytes: record.body_bytes,
        replay_of: replay_of(record, run),
    }
}

/// The original's id when `record` is a replay sent by this run (`run` is its id).
pub fn replay_of(record: &DeliveryRecord, run: &str) -> Option<u64> {
    record
        .header_values(REPLAY_HEADER)
        .into_iter()
        .find_map(|value| value.strip_prefix(run)?.strip_prefix(':')?.parse().ok())
}

struct Ring {
    entries: VecDeque<Arc<Entry>>,
    bytes: usize,
    next_id: u64,
}

/// The bounded, shared list of recent deliveries.
pub struct Store {
    ring: Mutex<Ring>,
    capacity: usize,
    news: broadcast::Sender<Arc<Entry>>,
    /// This run's id, so replays made by another run are not linked to this run's numbers.
    pub run: String,
}

impl Store {
    /// An empty store keeping at most `capacity` deliveries (at least 1).
    pub fn new(capacity: usize, run: String) -> Store {
        let (news, _) = broadcast::channel(STREAM_BACKLOG);
        Store {
            ring: Mutex::new(Ring {
                entries: VecDeque::with_capacity(capacity.clamp(1, 4096)),
                bytes: 0,
                next_id: 1,
            }),
            capacity: capacity.max(1),
            news,
            run,
        }
    }

    /// Add one delivery-log line; tell watching pages (only when there are any).
    pub fn push(&self, line: Vec<u8>) {
        let mut ring = self.ring.lock().unwrap_or_else(|e| e.into_inner());
        let entry = Arc::new(Entry {
            id: ring.next_id,
            line,
            summary: OnceLock::new(),
        });
        ring.next_id += 1;
        ring.bytes += entry.line.capacity();
        ring.entries.push_back(Arc::clone(&entry));
        while ring.entries.len() > self.capacity || ring.bytes > MAX_BYTES {
            let Some(old) = ring.entries.pop_front() else {
                break;
            };
            ring.bytes -= old.line.capacity();
        }
        drop(ring);
        if self.news.receiver_count() > 0 {
            let _ = self.news.send(entry);
        }
    }

    /// Every delivery held, oldest first.
    pub fn snapshot(&self) -> Vec<Arc<Entry>> {
        let ring = self.ring.lock().unwrap_or_else(|e| e.into_inner());
        ring.entries.iter().cloned().collect()
    }

    /// One delivery by id, while it is still held.
    pub fn get(&self, id: u64) -> Option<Arc<Entry>> {
        let ring = self.ring.lock().unwrap_or_else(|e| e.into_inner());
        let first = ring.entries.front()?.id;
        let at = usize::try_from(id.checked_sub(first)?).ok()?;
        ring.entries.get(at).filter(|e| e.id == id).cloned()
    }

    /// New deliveries from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Entry>> {
        self.news.subscribe()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::delivery_log::{BodyEncoding, FORMAT_VERSION, ResponseRecord, SignatureOutcome};

    /// A delivery-log line with this body and these headers (unsigned, answered 401).
    pub(crate) fn line(body: &str, headers: Vec<(String, String)>) -> Vec<u8> {
        DeliveryRecord {
            v: FORMAT_VERSION,
            received_at: "2026-01-01T00:00:00.000Z".into(),
            method: "POST".into(),
            path: "/webhooks/trst".into(),
            remote_addr: None,
            headers,
            body: body.into(),
            body_encoding: BodyEncoding::Utf8,
            body_bytes: body.len(),
            event_id: Some("e1".into()),
            event_type: Some("webhook.test".into()),
            signature: SignatureOutcome {
                reason: Some("missing".into()),
                ..Default::default()
            },
            duplicate: false,
            response: ResponseRecord {
                status: 401,
                latency_ms: 0.5,
            },
            exec_skipped: None,
        }
        .to_line()
        .into_bytes()
    }

    #[test]
    fn the_ring_keeps_the_newest_and_finds_by_id() {
        let store = Store::new(2, "r1".into());
        for body in ["a", "b", "c"] {
            store.push(line(body, vec![]));
        }
        let ids: Vec<u64> = store.snapshot().iter().map(|e| e.id).collect();
        assert_eq!(ids, vec![2, 3]);
        assert!(store.get(1).is_none());
        assert_eq!(store.get(3).and_then(|e| e.record()).unwrap().body, "c");
        assert!(store.get(4).is_none());
    }

    #[test]
    fn summaries_link_replays_of_this_run_only() {
        let store = Store::new(10, "r1".into());
        store.push(line("{}", vec![(REPLAY_HEADER.into(), "r1:7".into())]));
        store.push(line("{}", vec![(REPLAY_HEADER.into(), "r0:7".into())]));
        let entries = store.snapshot();
        let first = entries[0].summary("r1").unwrap();
        assert_eq!(first.replay_of, Some(7));
        assert_eq!(first.verdict, Verdict::Unsigned);
        assert_eq!(entries[1].summary("r1").unwrap().replay_of, None);
    }

    #[test]
    fn publishing_reaches_subscribers() {
        let store = Store::new(10, "r".into());
        let mut rx = store.subscribe();
        store.push(line("{}", vec![]));
        assert_eq!(rx.try_recv().unwrap().id, 1);
    }
}
