//! Running totals for the closing summary: counts by result and by event type, duplicates, and
//! answer-time percentiles from a fixed-size histogram (memory stays flat however long it runs).

use std::collections::BTreeMap;
use std::time::Duration;

use super::delivery::{HandledRequest, Kind};

/// Totals over a run.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Requests handled, rejected ones included.
    pub requests: u64,
    /// Complete deliveries (whole body received).
    pub deliveries: u64,
    /// Validly signed JSON events (what `--expect` counts).
    pub verified: u64,
    /// Invalid signatures by reason code.
    pub invalid: BTreeMap<&'static str, u64>,
    /// Validly signed bodies that are not JSON objects.
    pub not_json: u64,
    /// Requests turned away by reason code (wrong path, too large, …).
    pub rejected: BTreeMap<&'static str, u64>,
    /// Answers by status code.
    pub statuses: BTreeMap<u16, u64>,
    /// Verified events by `event_type` (`(none)` when absent).
    pub event_types: BTreeMap<String, u64>,
    /// Deliveries of an `event_id` seen before (in this run or in the log).
    pub duplicates: u64,
    pub log_failures: u64,
    pub latency: Histogram,
}

impl Stats {
    /// Count one handled request.
    pub fn record(&mut self, delivery: &HandledRequest) {
        self.requests += 1;
        *self.statuses.entry(delivery.status).or_default() += 1;
        self.latency.record(delivery.latency);
        match &delivery.kind {
            Kind::Rejected(why) => *self.rejected.entry(why.code()).or_default() += 1,
            Kind::Received(received) => {
                self.deliveries += 1;
                match (&received.verdict.outcome, &received.json) {
                    (Err(e), _) => *self.invalid.entry(e.code()).or_default() += 1,
                    (Ok(_), Err(_)) => self.not_json += 1,
                    (Ok(_), Ok(())) => {
                        self.verified += 1;
                        let kind = received.event_type.as_deref().unwrap_or("(none)");
                        *self.event_types.entry(kind.to_owned()).or_default() += 1;
                    }
                }
                if received.seen_before > 0 {
                    self.duplicates += 1;
                }
                if matches!(received.logged, super::delivery::Logged::Failed(_)) {
                    self.log_failures += 1;
                }
            }
        }
    }

    /// Invalid signatures in total.
    pub fn invalid_total(&self) -> u64 {
        self.invalid.values().sum()
    }
}

/// Buckets 2% wide on a log scale from 1 µs to about 3 hours.
const GROWTH: f64 = 1.02;
const BUCKETS: usize = 1200;

/// A latency histogram with about 2% relative error.
#[derive(Debug, Clone)]
pub struct Histogram {
    counts: Vec<u64>,
    total: u64,
}

impl Default for Histogram {
    fn default() -> Self {
        Histogram {
            counts: vec![0; BUCKETS],
            total: 0,
        }
    }
}

impl Histogram {
    /// Add one observation.
    pub fn record(&mut self, latency: Duration) {
        let micros = latency.as_secs_f64() * 1e6;
        let index = if micros <= 1.0 {
            0
        } else {
            ((micros.ln() / GROWTH.ln()).ceil() as usize).min(BUCKETS - 1)
        };
        self.counts[index] += 1;
        self.total += 1;
    }

    /// Observations so far.
    pub fn count(&self) -> u64 {
        self.total
    }

    /// The `q`-quantile (0.5 for the median), as the upper edge of its bucket; None when empty.
    pub fn quantile(&self, q: f64) -> Option<Duration> {
        if self.total == 0 {
            return None;
        }
        let rank = ((q.clamp(0.0, 1.0) * self.total as f64).ceil() as u64).max(1);
        let mut seen = 0;
        for (index, count) in self.counts.iter().enumerate() {
            seen += count;
            if seen >= rank {
                let micros = GROWTH.powi(index as i32);
                return Some(Duration::from_secs_f64(micros / 1e6));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_within_two_percent() {
        let mut h = Histogram::default();
        assert_eq!(h.quantile(0.5), None);
        for ms in 1..=100u64 {
            h.record(Duration::from_millis(ms));
        }
        let close = |got: Option<Duration>, want_ms: f64| {
            let got = got.expect("has data").as_secs_f64() * 1e3;
            assert!(
                (got - want_ms).abs() <= want_ms * 0.021,
                "{got} vs {want_ms}"
            );
        };
        close(h.quantile(0.5), 50.0);
        close(h.quantile(0.99), 99.0);
        close(h.quantile(1.0), 100.0);
        h.record(Duration::from_secs(100_000));
        assert_eq!(h.count(), 101);
        assert!(h.quantile(1.0).is_some());
    }
}
