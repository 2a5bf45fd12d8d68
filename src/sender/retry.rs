//! The retry schedule, like TRST's (contract §1: exponential backoff on non-2xx or timeout), and
//! which failures are worth another attempt at all. Pure: the jitter is passed in as a number in
//! `[0, 1)`, so tests can fix it.

use std::time::Duration;

use super::client::SendError;
use crate::net::backoff;

/// How much of a delay jitter may take away (25%): enough to spread retries out, small enough
/// that every gap is still longer than the one before until the cap is reached.
pub const JITTER_FRACTION: f64 = 0.25;

/// Base delay and cap of the exponential backoff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    /// The delay before the first retry (before jitter).
    pub base: Duration,
    /// No delay exceeds this.
    pub max: Duration,
}

impl Schedule {
    /// The delay before retry number `retry` (1 = the first retry): `base × 2^(retry−1)`, capped
    /// at `max`, then shortened by up to [`JITTER_FRACTION`] according to `jitter` in `[0, 1)`.
    pub fn delay(&self, retry: u32, jitter: f64) -> Duration {
        backoff::jittered(
            self.base,
            self.max,
            retry.saturating_sub(1),
            JITTER_FRACTION,
            jitter,
        )
    }

    /// Every delay for `retries` retries, drawing one jitter value per retry.
    pub fn plan(&self, retries: u32, jitter: &mut dyn FnMut() -> f64) -> Vec<Duration> {
        (1..=retries).map(|n| self.delay(n, jitter())).collect()
    }
}

/// True when another attempt cannot change the outcome, so retrying would only make the user
/// wait: a host name that does not resolve now will not resolve in a second either (a typo in
/// `--to`, or no DNS at all). Timeouts, refused connections and resets may pass; they are retried.
pub fn is_permanent(error: &SendError) -> bool {
    matches!(error, SendError::Dns(_))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn only_dns_failures_are_permanent() {
        assert!(is_permanent(&SendError::Dns("no-such-host.invalid".into())));
        for retried in [
            SendError::Timeout(Duration::from_secs(1)),
            SendError::Refused("127.0.0.1:9".into()),
            SendError::Connect {
                host: "h:1".into(),
                reason: "reset".into(),
            },
            SendError::Other("broken".into()),
        ] {
            assert!(!is_permanent(&retried), "{retried:?}");
        }
    }

    const S: Schedule = Schedule {
        base: Duration::from_millis(100),
        max: Duration::from_secs(1),
    };

    #[test]
    fn doubles_then_caps() {
        let plan = S.plan(6, &mut || 0.0);
        let ms: Vec<u128> = plan.iter().map(Duration::as_millis).collect();
        assert_eq!(ms, [100, 200, 400, 800, 1000, 1000]);
    }

    #[test]
    fn jitter_shortens_by_at_most_a_quarter() {
        assert_eq!(S.delay(1, 0.5).as_millis(), 87);
        assert_eq!(S.delay(3, 1.0).as_millis(), 300);
        assert_eq!(S.delay(1, f64::NAN), S.delay(1, 0.0));
        assert_eq!(S.delay(1, 7.0), S.delay(1, 1.0));
    }

    proptest! {
        #[test]
        fn gaps_grow_until_the_cap(j in proptest::collection::vec(0.0f64..1.0, 8), base_ms in 1u64..500) {
            let schedule = Schedule { base: Duration::from_millis(base_ms), max: Duration::from_secs(3600) };
            let mut draws = j.into_iter();
            let plan = schedule.plan(8, &mut || draws.next().unwrap_or(0.0));
            for pair in plan.windows(2) {
                prop_assert!(pair[1] > pair[0], "{plan:?}");
            }
            prop_assert!(plan.iter().all(|d| *d <= schedule.max));
        }
    }
}
