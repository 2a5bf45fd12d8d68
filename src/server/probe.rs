//! The health probe of `listen --register`: every so often the listener sends itself a signed
//! `webhook.test`-shaped request through the public URL, to learn that the tunnel still leads
//! here. The probe carries a per-run random [`Token`] in a header; a request with that token is
//! answered 200 and counted, not logged, printed or counted as a delivery. A request with any
//! other value is an ordinary request.

use std::sync::atomic::{AtomicU64, Ordering};

use axum::http::HeaderMap;

use crate::token::Token;

/// The header that carries the probe token.
pub const HEADER: &str = "x-trst-hooks-probe";

/// The probe token of one run and how many probes have arrived.
pub struct Probe {
    token: Token,
    arrivals: AtomicU64,
}

impl Probe {
    /// A probe with a fresh random token.
    pub fn new() -> std::io::Result<Self> {
        Ok(Probe {
            token: Token::random()?,
            arrivals: AtomicU64::new(0),
        })
    }

    /// The token to send in [`HEADER`].
    pub fn token(&self) -> &str {
        self.token.as_str()
    }

    /// True when `headers` carry this run's token.
    pub fn matches(&self, headers: &HeaderMap) -> bool {
        headers
            .get(HEADER)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| self.token.is(v))
    }

    /// Count one arrival.
    pub fn arrived(&self) {
        self.arrivals.fetch_add(1, Ordering::SeqCst);
    }

    /// How many probes have arrived so far.
    pub fn arrivals(&self) -> u64 {
        self.arrivals.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_runs_token_matches() {
        let probe = Probe::new().expect("random");
        let mut headers = HeaderMap::new();
        assert!(!probe.matches(&headers));
        headers.insert(HEADER, "guess".parse().expect("value"));
        assert!(!probe.matches(&headers));
        headers.insert(HEADER, probe.token().parse().expect("value"));
        assert!(probe.matches(&headers));
        assert_ne!(Probe::new().expect("random").token(), probe.token());
    }
}
