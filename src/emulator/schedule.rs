//! The retry schedule: how long the emulator waits after each failed attempt before the next one.
//! TRST documents only "exponential backoff for up to 14 days"; the exact delays are ASSUMED here
//! and `--retry-schedule` replaces them. Pure: parsing and lookups, no clock.

use std::time::Duration;

/// The assumed schedule, in `--retry-schedule` syntax: delays after attempts 1, 2, 3, …, growing
/// to a day, then daily until the 14-day window is used up (20 attempts over ~13.7 days).
pub const ASSUMED: &str = "1m,5m,30m,2h,5h,10h,24h*13";

/// TRST's documented retry window.
pub const WINDOW: Duration = Duration::from_secs(14 * 24 * 3600);

const MAX_DELAYS: usize = 10_000;

/// The delays between attempts, in (unscaled) emulated time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    delays: Vec<Duration>,
}

/// Why a `--retry-schedule` value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("\"{0}\" is not a duration (examples: 500ms, 2s, 5m, 24h)")]
    BadDuration(String),
    #[error("\"{0}\": the repeat count after * must be a whole number from 1 to 1000")]
    BadRepeat(String),
    #[error("more than {MAX_DELAYS} retries")]
    TooMany,
}

impl Schedule {
    /// The assumed default schedule ([`ASSUMED`]).
    pub fn assumed() -> Self {
        match Schedule::parse(ASSUMED) {
            Ok(schedule) => schedule,
            Err(_) => unreachable!("the built-in schedule parses"),
        }
    }

    /// Parse `1s,5s,30s`, with `DUR*N` for N equal delays (`24h*12`); `none` means no retries.
    pub fn parse(text: &str) -> Result<Self, ScheduleError> {
        let text = text.trim();
        if text.is_empty() || text.eq_ignore_ascii_case("none") {
            return Ok(Schedule { delays: Vec::new() });
        }
        let mut delays = Vec::new();
        for item in text.split(',').map(str::trim) {
            let (duration, count) = match item.split_once('*') {
                Some((d, n)) => {
                    let count: usize = n
                        .trim()
                        .parse()
                        .ok()
                        .filter(|n| (1..=1000).contains(n))
                        .ok_or_else(|| ScheduleError::BadRepeat(item.to_owned()))?;
                    (d.trim(), count)
                }
                None => (item, 1),
            };
            let delay = humantime::parse_duration(duration)
                .map_err(|_| ScheduleError::BadDuration(duration.to_owned()))?;
            if delays.len() + count > MAX_DELAYS {
                return Err(ScheduleError::TooMany);
            }
            delays.extend(std::iter::repeat_n(delay, count));
        }
        Ok(Schedule { delays })
    }

    /// How long to wait after attempt number `attempts_made` (1-based) failed; `None` when the
    /// schedule is used up and the delivery has failed for good.
    pub fn delay_after(&self, attempts_made: u32) -> Option<Duration> {
        let index = usize::try_from(attempts_made).ok()?.checked_sub(1)?;
        self.delays.get(index).copied()
    }

    /// The most attempts a delivery gets: the first one plus one per delay.
    pub fn max_attempts(&self) -> usize {
        self.delays.len() + 1
    }

    /// Time from the first attempt to the last (unscaled).
    pub fn total(&self) -> Duration {
        self.delays.iter().sum()
    }

    /// A short description for the start-up banner: `20 attempts over 13d 17h 36m`.
    pub fn describe(&self) -> String {
        if self.delays.is_empty() {
            return "1 attempt, no retries".into();
        }
        format!(
            "{} attempts over {}",
            self.max_attempts(),
            crate::words::human(self.total())
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assumed_schedule_fits_the_documented_window_and_grows() {
        let s = Schedule::assumed();
        assert!(s.total() <= WINDOW);
        assert!(s.total() + Duration::from_secs(24 * 3600) > WINDOW);
        assert_eq!(s.max_attempts(), 20);
        let delays: Vec<_> = (1..20).filter_map(|n| s.delay_after(n)).collect();
        assert!(delays.windows(2).all(|w| w[0] <= w[1]), "{delays:?}");
        assert_eq!(s.delay_after(1), Some(Duration::from_secs(60)));
        assert_eq!(s.delay_after(20), None);
        assert_eq!(s.delay_after(0), None);
    }

    #[test]
    fn parses_lists_and_repeats() {
        let s = Schedule::parse(" 100ms, 2s ,1m*3").unwrap();
        assert_eq!(s.max_attempts(), 6);
        assert_eq!(s.delay_after(1), Some(Duration::from_millis(100)));
        assert_eq!(s.delay_after(2), Some(Duration::from_secs(2)));
        assert_eq!(s.delay_after(5), Some(Duration::from_secs(60)));
        assert_eq!(s.delay_after(6), None);
        assert_eq!(Schedule::parse("none").unwrap().max_attempts(), 1);
        assert_eq!(
            Schedule::parse("0s").unwrap().delay_after(1),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn refuses_garbage() {
        assert_eq!(
            Schedule::parse("1s,soon"),
            Err(ScheduleError::BadDuration("soon".into()))
        );
        assert!(matches!(
            Schedule::parse("1s*0"),
            Err(ScheduleError::BadRepeat(_))
        ));
        assert!(matches!(
            Schedule::parse("1s*x"),
            Err(ScheduleError::BadRepeat(_))
        ));
        assert!(matches!(
            Schedule::parse("1s,,2s"),
            Err(ScheduleError::BadDuration(_))
        ));
        assert_eq!(
            Schedule::parse(&["1s*1000"; 11].join(",")),
            Err(ScheduleError::TooMany)
        );
    }
}
