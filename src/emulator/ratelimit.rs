//! TRST's documented per-minute API rate limits (`--plan`), as a sliding one-minute window per API
//! key. Pure: the caller passes the time in, so tests need no clock.

use std::collections::{HashMap, VecDeque};

/// The plans TRST documents, with their request limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PricingPlan {
    /// 5 requests per minute
    Sandbox,
    /// 100 requests per minute
    Business,
    /// 5,000 requests per minute
    Enterprise,
}

impl PricingPlan {
    /// Requests allowed per minute (documented).
    pub fn per_minute(self) -> usize {
        match self {
            PricingPlan::Sandbox => 5,
            PricingPlan::Business => 100,
            PricingPlan::Enterprise => 5000,
        }
    }
}

const WINDOW_MS: i64 = 60_000;
const MAX_KEYS: usize = 10_000;

/// A sliding-window limiter keyed by API key.
#[derive(Debug)]
pub struct RateLimiter {
    limit: usize,
    window_ms: i64,
    hits: HashMap<String, VecDeque<i64>>,
}

impl RateLimiter {
    /// A limiter allowing `limit` requests per key per minute.
    pub fn new(limit: usize) -> Self {
        Self::with_window(limit, WINDOW_MS)
    }

    /// A limiter allowing `limit` requests per key per `window_ms` (a shorter window lets tests
    /// see a 429 and its end without waiting a minute).
    pub fn with_window(limit: usize, window_ms: i64) -> Self {
        RateLimiter {
            limit,
            window_ms: window_ms.max(1),
            hits: HashMap::new(),
        }
    }

    /// Count a request at `now_ms`. `Err(seconds)` means refused: retry after that many seconds.
    pub fn check(&mut self, key: &str, now_ms: i64) -> Result<(), u64> {
        if self.hits.len() >= MAX_KEYS && !self.hits.contains_key(key) {
            self.hits
                .retain(|_, q| q.back().is_some_and(|&t| now_ms - t < self.window_ms));
        }
        let queue = self.hits.entry(key.to_owned()).or_default();
        while queue.front().is_some_and(|&t| now_ms - t >= self.window_ms) {
            queue.pop_front();
        }
        if queue.len() < self.limit {
            queue.push_back(now_ms);
            return Ok(());
        }
        let oldest = queue.front().copied().unwrap_or(now_ms);
        let wait_ms = u64::try_from((oldest + self.window_ms - now_ms).max(1)).unwrap_or(60_000);
        Err(wait_ms.div_ceil(1000))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sandbox_allows_five_a_minute_per_key() {
        let mut limiter = RateLimiter::new(PricingPlan::Sandbox.per_minute());
        for i in 0..5 {
            assert_eq!(limiter.check("k", i * 1000), Ok(()));
        }
        assert_eq!(limiter.check("k", 10_000), Err(50));
        assert_eq!(limiter.check("other", 10_000), Ok(()));
        assert_eq!(limiter.check("k", 59_999), Err(1));
        assert_eq!(limiter.check("k", 60_000), Ok(()));
        assert_eq!(limiter.check("k", 60_001), Err(1));
    }

    #[test]
    fn a_shorter_window_for_tests() {
        let mut limiter = RateLimiter::with_window(2, 1500);
        assert_eq!(limiter.check("k", 0), Ok(()));
        assert_eq!(limiter.check("k", 10), Ok(()));
        assert_eq!(limiter.check("k", 20), Err(2), "Retry-After rounds up");
        assert_eq!(limiter.check("k", 1500), Ok(()));
    }

    #[test]
    fn plans_match_the_contract() {
        assert_eq!(PricingPlan::Business.per_minute(), 100);
        assert_eq!(PricingPlan::Enterprise.per_minute(), 5000);
    }
}
