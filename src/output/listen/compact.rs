//! `listen --compact`: one line per delivery (time, verdict, type, id, answer, latency), and the
//! rate watch that switches the human view to it by itself when deliveries arrive faster than a
//! person can read (a load run would otherwise print a screenful per delivery).

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use colored::Colorize;

use super::{rejection_text, status_line};
use crate::output::sanitize::one_line;
use crate::output::{dim, duration, mark};
use crate::server::delivery::{HandledRequest, Kind};

/// Deliveries within [`RATE_WINDOW`] above which the human view turns compact.
pub const COMPACT_ABOVE: usize = 20;

/// The window the rate is measured over.
pub const RATE_WINDOW: Duration = Duration::from_secs(1);

/// The one line for a delivery, ending with a newline.
pub fn render_compact(d: &HandledRequest) -> String {
    let time = d.received_at.get(11..).unwrap_or(&d.received_at);
    let answer = format!(
        "{}  {}",
        status_line(d.status),
        dim(&duration::human(d.latency))
    );
    match &d.kind {
        Kind::Rejected(why) => format!(
            "{}  {} {:<8}  {}  {answer}\n",
            dim(time),
            mark(false),
            "rejected".red(),
            dim(&one_line(&rejection_text(why))),
        ),
        Kind::Received(r) => {
            let verdict = match &r.verdict.outcome {
                Ok(_) => format!("{} {:<8}", mark(true), "valid"),
                Err(_) => format!("{} {:<8}", mark(false), "invalid".red()),
            };
            let event_type = r.event_type.as_deref().map_or_else(
                || dim("(no event_type)"),
                |t| one_line(t).cyan().to_string(),
            );
            let id = r
                .event_id
                .as_deref()
                .map_or_else(|| dim("(no event_id)"), |i| one_line(i).into_owned());
            let duplicate = if r.seen_before > 0 {
                format!("  {}", "duplicate".yellow())
            } else {
                String::new()
            };
            format!(
                "{}  {verdict}  {event_type}  {id}{duplicate}  {answer}\n",
                dim(time)
            )
        }
    }
}

/// Arrivals over the last [`RATE_WINDOW`], to tell a load run from a person's test.
#[derive(Debug, Default)]
pub struct RateWatch {
    arrivals: VecDeque<Instant>,
}

impl RateWatch {
    /// Count an arrival at `now`; true when more than [`COMPACT_ABOVE`] came within the window.
    pub fn too_fast(&mut self, now: Instant) -> bool {
        while self
            .arrivals
            .front()
            .is_some_and(|&t| now.duration_since(t) >= RATE_WINDOW)
        {
            self.arrivals.pop_front();
        }
        self.arrivals.push_back(now);
        self.arrivals.len() > COMPACT_ABOVE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twenty_a_second_is_readable_twenty_one_is_not() {
        let start = Instant::now();
        let mut watch = RateWatch::default();
        let step = Duration::from_millis(50); // 20 a second, spread over the window
        for i in 0..100u32 {
            assert!(!watch.too_fast(start + step * i), "at {i}");
        }
        let mut burst = RateWatch::default();
        let fast: Vec<bool> = (0..21u32)
            .map(|i| burst.too_fast(start + Duration::from_millis(u64::from(i))))
            .collect();
        assert_eq!(fast.iter().filter(|&&f| f).count(), 1);
        assert!(fast[20]);
    }
}
