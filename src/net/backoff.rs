//! Exponential backoff, written once: a base delay doubled on every retry up to a cap, then
//! shortened by a random share. `send --retries` and the `webhooks` API client use it with their
//! own constants. (The emulator's retry schedule is a table of delays, not a formula.)

use std::time::Duration;

/// `base × 2^step`, capped at `cap` (step 0 is the first retry).
pub fn exponential(base: Duration, cap: Duration, step: u32) -> Duration {
    base.checked_mul(1u32 << step.min(31))
        .unwrap_or(Duration::MAX)
        .min(cap)
}

/// [`exponential`] shortened by up to `fraction` of itself: by `fraction × jitter`, where
/// `jitter` is a draw in `[0, 1]` passed in by the caller (so tests can fix it). A draw outside
/// that range is clamped, a non-finite one counts as 0.
pub fn jittered(base: Duration, cap: Duration, step: u32, fraction: f64, jitter: f64) -> Duration {
    let jitter = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        0.0
    };
    exponential(base, cap, step).mul_f64(1.0 - fraction.clamp(0.0, 1.0) * jitter)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn doubles_then_caps_without_overflow() {
        let steps: Vec<_> = (0..5)
            .map(|n| exponential(MS * 100, MS * 1000, n))
            .collect();
        assert_eq!(steps, [MS * 100, MS * 200, MS * 400, MS * 800, MS * 1000]);
        assert_eq!(
            exponential(Duration::from_secs(3600), Duration::MAX, 200),
            Duration::from_secs(3600).checked_mul(1 << 31).unwrap()
        );
    }

    #[test]
    fn jitter_takes_at_most_the_fraction() {
        assert_eq!(jittered(MS * 400, MS * 1000, 0, 0.25, 1.0), MS * 300);
        assert_eq!(jittered(MS * 400, MS * 1000, 0, 0.25, 0.0), MS * 400);
        assert_eq!(jittered(MS * 400, MS * 1000, 0, 0.5, 7.0), MS * 200);
        assert_eq!(jittered(MS * 400, MS * 1000, 0, 0.5, f64::NAN), MS * 400);
    }
}
