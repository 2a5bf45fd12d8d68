//! Load-mode statistics: status counts, transport errors, latency percentiles and a small
//! logarithmic histogram. Pure: samples go in, a serialisable summary comes out.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;

/// What one request ended with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendResult {
    /// An answer with this status.
    Status(u16),
    /// No answer: a [`crate::sender::client::SendError::code`].
    Error(&'static str),
}

/// Samples gathered so far.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    latencies_us: Vec<u64>,
    statuses: BTreeMap<u16, usize>,
    errors: BTreeMap<&'static str, usize>,
    ok: usize,
}

impl Stats {
    /// Record one finished request; only answered requests count towards latency.
    pub fn record(&mut self, outcome: &SendResult, latency: Duration) {
        match outcome {
            SendResult::Status(code) => {
                *self.statuses.entry(*code).or_default() += 1;
                if (200..300).contains(code) {
                    self.ok += 1;
                }
                self.latencies_us
                    .push(u64::try_from(latency.as_micros()).unwrap_or(u64::MAX));
            }
            SendResult::Error(code) => *self.errors.entry(code).or_default() += 1,
        }
    }

    /// Add another shard's samples (load workers each keep their own).
    pub fn merge(&mut self, other: &Stats) {
        self.latencies_us.extend_from_slice(&other.latencies_us);
        for (code, n) in &other.statuses {
            *self.statuses.entry(*code).or_default() += n;
        }
        for (code, n) in &other.errors {
            *self.errors.entry(code).or_default() += n;
        }
        self.ok += other.ok;
    }

    /// Requests finished (answered or failed).
    pub fn done(&self) -> usize {
        self.latencies_us.len() + self.errors.values().sum::<usize>()
    }

    /// Requests answered 2xx.
    pub fn ok(&self) -> usize {
        self.ok
    }

    /// The summary of a run that asked for `requested` requests and took `elapsed`.
    pub fn summary(&self, requested: usize, elapsed: Duration, interrupted: bool) -> Summary {
        let mut sorted = self.latencies_us.clone();
        sorted.sort_unstable();
        let done = self.done();
        let secs = elapsed.as_secs_f64();
        Summary {
            requested,
            completed: done,
            ok: self.ok,
            failed: done - self.ok,
            interrupted,
            duration_ms: round(secs * 1000.0),
            requests_per_sec: if secs > 0.0 {
                round(done as f64 / secs)
            } else {
                0.0
            },
            status_counts: self
                .statuses
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect(),
            errors: self
                .errors
                .iter()
                .map(|(k, v)| ((*k).to_owned(), *v))
                .collect(),
            latency_ms: Latency::of(&sorted),
            histogram: histogram(&sorted, 8),
        }
    }
}

/// The load-mode summary (`--json` prints it as one line; field names are stable).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub requested: usize,
    pub completed: usize,
    pub ok: usize,
    pub failed: usize,
    pub interrupted: bool,
    pub duration_ms: f64,
    pub requests_per_sec: f64,
    pub status_counts: BTreeMap<String, usize>,
    pub errors: BTreeMap<String, usize>,
    pub latency_ms: Option<Latency>,
    pub histogram: Vec<Bucket>,
}

impl Summary {
    /// Every requested request was sent and answered 2xx.
    pub fn all_ok(&self) -> bool {
        !self.interrupted && self.ok == self.requested
    }
}

/// Latency percentiles in milliseconds (nearest-rank).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Latency {
    pub min: f64,
    pub mean: f64,
    pub p50: f64,
    pub p90: f64,
    pub p99: f64,
    pub max: f64,
}

impl Latency {
    /// Percentiles of sorted microsecond samples; `None` when there are none.
    pub fn of(sorted_us: &[u64]) -> Option<Latency> {
        let (first, last) = (sorted_us.first()?, sorted_us.last()?);
        let sum: u128 = sorted_us.iter().map(|&v| u128::from(v)).sum();
        Some(Latency {
            min: ms(*first),
            mean: round(sum as f64 / sorted_us.len() as f64 / 1000.0),
            p50: ms(percentile(sorted_us, 50.0)),
            p90: ms(percentile(sorted_us, 90.0)),
            p99: ms(percentile(sorted_us, 99.0)),
            max: ms(*last),
        })
    }
}

/// One histogram bar: requests with latency in `(from_ms, to_ms]` (the first includes `from_ms`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bucket {
    pub from_ms: f64,
    pub to_ms: f64,
    pub count: usize,
}

/// The nearest-rank percentile of sorted samples (0 for none).
pub fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = (p / 100.0 * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Up to `n` buckets with geometrically growing edges from the fastest to the slowest sample, so
/// both a tight cluster and a long tail stay visible.
pub fn histogram(sorted_us: &[u64], n: usize) -> Vec<Bucket> {
    let (Some(&lo), Some(&hi)) = (sorted_us.first(), sorted_us.last()) else {
        return Vec::new();
    };
    if lo == hi || n < 2 {
        return vec![Bucket {
            from_ms: ms(lo),
            to_ms: ms(hi),
            count: sorted_us.len(),
        }];
    }
    let lo_f = (lo.max(1)) as f64;
    let ratio = (hi as f64 / lo_f).powf(1.0 / n as f64);
    let mut edges: Vec<u64> = (1..n)
        .map(|i| (lo_f * ratio.powi(i as i32)).round() as u64)
        .collect();
    edges.push(hi);
    edges.dedup();
    let mut buckets = Vec::with_capacity(edges.len());
    let mut from = lo;
    let mut start = 0;
    for edge in edges {
        let end = sorted_us.partition_point(|&v| v <= edge);
        buckets.push(Bucket {
            from_ms: ms(from),
            to_ms: ms(edge),
            count: end - start,
        });
        start = end;
        from = edge;
    }
    buckets
}

fn ms(us: u64) -> f64 {
    round(us as f64 / 1000.0)
}

fn round(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_nearest_rank() {
        let v: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&v, 50.0), 50);
        assert_eq!(percentile(&v, 99.0), 99);
        assert_eq!(percentile(&v, 100.0), 100);
        assert_eq!(percentile(&[7], 90.0), 7);
        assert_eq!(percentile(&[], 90.0), 0);
    }

    #[test]
    fn histogram_counts_every_sample_once() {
        let v: Vec<u64> = vec![100, 110, 120, 500, 900, 5_000, 40_000];
        let h = histogram(&v, 8);
        assert_eq!(h.iter().map(|b| b.count).sum::<usize>(), v.len());
        assert_eq!(h.first().unwrap().from_ms, 0.1);
        assert_eq!(h.last().unwrap().to_ms, 40.0);
        assert!(h.windows(2).all(|w| w[0].to_ms == w[1].from_ms));
        assert_eq!(histogram(&[5, 5], 8).len(), 1);
        assert!(histogram(&[], 8).is_empty());
    }

    #[test]
    fn summary_counts() {
        let mut s = Stats::default();
        s.record(&SendResult::Status(200), Duration::from_millis(2));
        s.record(&SendResult::Status(500), Duration::from_millis(4));
        s.record(&SendResult::Error("timeout"), Duration::from_secs(20));
        let sum = s.summary(4, Duration::from_secs(1), false);
        assert_eq!((sum.completed, sum.ok, sum.failed), (3, 1, 2));
        assert_eq!(sum.status_counts["500"], 1);
        assert_eq!(sum.errors["timeout"], 1);
        assert_eq!(sum.latency_ms.as_ref().unwrap().max, 4.0);
        assert_eq!(sum.requests_per_sec, 3.0);
        assert!(!sum.all_ok());
        let mut merged = Stats::default();
        merged.merge(&s);
        merged.merge(&s);
        assert_eq!(
            merged
                .summary(8, Duration::from_secs(1), false)
                .status_counts["500"],
            2
        );
        assert_eq!(merged.done(), 6);
    }
}
