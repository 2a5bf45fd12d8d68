//! When to retry an API call and how long to wait: a pure decision (no clock, no randomness: the
//! jitter and "now" are passed in) so that every rule is unit-tested. 429 is retried for every
//! method (the request was not processed); 5xx and network errors only for GETs, which are safe to
//! repeat. `Retry-After` (seconds or an HTTP date) wins over our own backoff.

use std::time::{Duration, SystemTime};

/// How patient the client is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Policy {
    /// Retries after the first try (so at most `max_retries + 1` requests).
    pub max_retries: u32,
    /// The first backoff step; doubled on every retry.
    pub base: Duration,
    /// The longest backoff step we compute ourselves.
    pub cap: Duration,
    /// A `Retry-After` longer than this is not waited for: we give up and say when to retry.
    pub max_retry_after: Duration,
    /// Retries when no answer came at all (fewer: a wrong base URL should fail fast).
    pub max_network_retries: u32,
    /// Multiplies every wait (1.0 normally; tests make it tiny so the suite stays fast).
    pub scale: f64,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            max_retries: 4,
            base: Duration::from_secs(2),
            cap: Duration::from_secs(60),
            max_retry_after: Duration::from_secs(120),
            max_network_retries: 2,
            scale: 1.0,
        }
    }
}

/// What happened to one try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptResult {
    /// The API answered with this status; `retry_after` is the parsed `Retry-After`, if any.
    Status {
        code: u16,
        retry_after: Option<Duration>,
    },
    /// The request never got an answer (connection refused, reset, timed out).
    Network,
}

/// Why a retry happens, for the visible status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    RateLimited,
    ServerError(u16),
    Network,
}

/// The decision for one outcome.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Decision {
    /// Hand the outcome to the caller as it is (success, or an error not worth retrying).
    Stop,
    /// Wait `after`, then try again.
    Retry { after: Duration, reason: Reason },
}

/// Decide what to do after try number `retries_done + 1`. `idempotent` is true for GET.
/// `jitter` is a number in [0, 1) drawn by the caller.
pub fn decide(
    policy: &Policy,
    idempotent: bool,
    outcome: AttemptResult,
    retries_done: u32,
    jitter: f64,
) -> Decision {
    if retries_done >= policy.max_retries {
        return Decision::Stop;
    }
    let (reason, retry_after) = match outcome {
        AttemptResult::Status {
            code: 429,
            retry_after,
        } => (Reason::RateLimited, retry_after),
        AttemptResult::Status { code, retry_after }
            if idempotent && (500..=599).contains(&code) =>
        {
            (Reason::ServerError(code), retry_after)
        }
        AttemptResult::Network if idempotent && retries_done < policy.max_network_retries => {
            (Reason::Network, None)
        }
        _ => return Decision::Stop,
    };
    let wait = match retry_after {
        Some(after) if after > policy.max_retry_after => return Decision::Stop,
        // Honour the server, plus a little jitter so parallel clients do not return in lockstep.
        Some(after) => after + policy.base.mul_f64(jitter.clamp(0.0, 1.0) / 4.0),
        None => backoff(policy, retries_done, jitter),
    };
    Decision::Retry {
        after: wait.mul_f64(policy.scale.max(0.0)),
        reason,
    }
}

/// Exponential backoff ([`crate::net::backoff`]) with "equal jitter": half the step is fixed,
/// half is random (`1 − jitter` keeps a draw of 0 on the shortest wait).
pub fn backoff(policy: &Policy, retries_done: u32, jitter: f64) -> Duration {
    let jitter = if jitter.is_finite() { jitter } else { 1.0 };
    crate::net::backoff::jittered(
        policy.base,
        policy.cap,
        retries_done,
        0.5,
        1.0 - jitter.clamp(0.0, 1.0),
    )
}

/// Parse a `Retry-After` value: delay-seconds or an HTTP date (a date in the past means now).
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    if let Ok(seconds) = value.parse::<f64>() {
        return (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: Policy = Policy {
        max_retries: 3,
        base: Duration::from_secs(1),
        cap: Duration::from_secs(10),
        max_retry_after: Duration::from_secs(120),
        max_network_retries: 2,
        scale: 1.0,
    };

    fn status(code: u16) -> AttemptResult {
        AttemptResult::Status {
            code,
            retry_after: None,
        }
    }

    #[test]
    fn rate_limits_retry_for_every_method() {
        for idempotent in [true, false] {
            assert!(matches!(
                decide(&P, idempotent, status(429), 0, 0.0),
                Decision::Retry {
                    reason: Reason::RateLimited,
                    ..
                }
            ));
        }
    }

    #[test]
    fn server_and_network_errors_retry_only_for_gets() {
        assert!(matches!(
            decide(&P, true, status(503), 0, 0.0),
            Decision::Retry {
                reason: Reason::ServerError(503),
                ..
            }
        ));
        assert_eq!(decide(&P, false, status(503), 0, 0.0), Decision::Stop);
        assert!(matches!(
            decide(&P, true, AttemptResult::Network, 0, 0.0),
            Decision::Retry { .. }
        ));
        assert_eq!(
            decide(&P, false, AttemptResult::Network, 0, 0.0),
            Decision::Stop
        );
        assert_eq!(
            decide(&P, true, AttemptResult::Network, 2, 0.0),
            Decision::Stop
        );
        for code in [200, 201, 204, 400, 401, 403, 404, 422] {
            assert_eq!(
                decide(&P, true, status(code), 0, 0.0),
                Decision::Stop,
                "{code}"
            );
        }
    }

    #[test]
    fn backoff_doubles_with_bounded_jitter_and_a_cap() {
        let waits: Vec<Duration> = (0..3).map(|n| backoff(&P, n, 0.0)).collect();
        assert_eq!(
            waits,
            [
                Duration::from_millis(500),
                Duration::from_secs(1),
                Duration::from_secs(2)
            ]
        );
        assert_eq!(backoff(&P, 2, 0.999_999).as_millis(), 3999);
        assert_eq!(backoff(&P, 30, 1.0), Duration::from_secs(10));
    }

    #[test]
    fn stops_after_max_retries() {
        assert!(matches!(
            decide(&P, true, status(429), 2, 0.5),
            Decision::Retry { .. }
        ));
        assert_eq!(decide(&P, true, status(429), 3, 0.5), Decision::Stop);
    }

    #[test]
    fn retry_after_is_honoured_scaled_and_bounded() {
        let outcome = AttemptResult::Status {
            code: 429,
            retry_after: Some(Duration::from_secs(7)),
        };
        assert_eq!(
            decide(&P, false, outcome, 0, 0.0),
            Decision::Retry {
                after: Duration::from_secs(7),
                reason: Reason::RateLimited
            }
        );
        let scaled = Policy { scale: 0.001, ..P };
        assert_eq!(
            decide(&scaled, false, outcome, 0, 0.0),
            Decision::Retry {
                after: Duration::from_millis(7),
                reason: Reason::RateLimited
            }
        );
        let too_long = AttemptResult::Status {
            code: 429,
            retry_after: Some(Duration::from_secs(3600)),
        };
        assert_eq!(decide(&P, true, too_long, 0, 0.0), Decision::Stop);
    }

    #[test]
    fn retry_after_forms() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(parse_retry_after("30", now), Some(Duration::from_secs(30)));
        assert_eq!(
            parse_retry_after(" 1.5 ", now),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-3", now), None);
    }
}
