//! Scaled time for `--time-scale N` (the wall clock and ids are [`crate::clock`]): every delay of
//! the retry schedule passes N times faster, so TRST's 14-day window fits in minutes. Timestamps
//! stay real wall-clock time (so they survive a restart and read naturally); only waiting is
//! compressed. API rate limits and the delivery timeout are not scaled.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The emulator's clock: real "now", scaled waits.
#[derive(Debug, Clone, Copy)]
pub struct ScaledClock {
    scale: f64,
}

impl ScaledClock {
    /// A clock running `scale` times faster than real time (1.0: real time).
    pub fn new(scale: f64) -> Self {
        let scale = if scale.is_finite() && scale > 0.0 {
            scale
        } else {
            1.0
        };
        ScaledClock { scale }
    }

    /// The speed-up factor.
    pub fn scale(&self) -> f64 {
        self.scale
    }

    /// Milliseconds since the Unix epoch, real time.
    pub fn now_ms(&self) -> i64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
            .unwrap_or(0)
    }

    /// How long a schedule delay really lasts on this clock.
    pub fn scaled(&self, delay: Duration) -> Duration {
        delay.div_f64(self.scale)
    }

    /// The real time (ms) at which a delay started now ends.
    pub fn after(&self, now_ms: i64, delay: Duration) -> i64 {
        let ms = i64::try_from(self.scaled(delay).as_millis()).unwrap_or(i64::MAX);
        now_ms.saturating_add(ms)
    }
}

/// Parse a `--time-scale` value: a positive finite number.
pub fn parse_scale(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= 1e9 => Ok(v),
        _ => Err(format!(
            "\"{text}\" is not a speed-up factor; give a positive number such as 60 or 1000"
        )),
    }
}

/// RFC 3339 UTC with milliseconds for a Unix-epoch millisecond time, as the API shows times.
pub fn rfc3339(ms: i64) -> String {
    let t = UNIX_EPOCH + Duration::from_millis(u64::try_from(ms).unwrap_or(0));
    humantime::format_rfc3339_millis(t).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_waits_not_times() {
        let clock = ScaledClock::new(1000.0);
        assert_eq!(
            clock.scaled(Duration::from_secs(60)),
            Duration::from_millis(60)
        );
        assert_eq!(clock.after(5_000, Duration::from_secs(3600)), 5_000 + 3_600);
        assert_eq!(ScaledClock::new(0.0).scale(), 1.0);
        assert_eq!(ScaledClock::new(f64::NAN).scale(), 1.0);
    }

    #[test]
    fn scale_parsing_and_formatting() {
        assert_eq!(parse_scale("60"), Ok(60.0));
        assert_eq!(parse_scale("0.5"), Ok(0.5));
        assert!(parse_scale("0").is_err());
        assert!(parse_scale("-3").is_err());
        assert!(parse_scale("fast").is_err());
        assert!(parse_scale("inf").is_err());
        assert_eq!(rfc3339(1_000), "1970-01-01T00:00:01.000Z");
    }
}
