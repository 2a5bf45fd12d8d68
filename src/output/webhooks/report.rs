//! What the API client reports while it works: "rate limited, retrying in …" lines (always, on
//! stderr), the request/response exchange with `-v` (the key masked), and the spinner that
//! `test --wait` shows on a terminal. Lines printed while the spinner runs go around it.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::api::client::{Event, Observer};
use crate::api::models::{Attempt, Delivery};
use crate::api::retry::Reason;
use crate::output::sanitize::one_line;

/// Prints client events on stderr.
pub struct Reporter {
    verbose: bool,
    spinner: Mutex<Option<ProgressBar>>,
}

impl Reporter {
    /// A reporter; `verbose` shows every request and answer.
    pub fn new(verbose: bool) -> Self {
        Reporter {
            verbose,
            spinner: Mutex::new(None),
        }
    }

    /// Start a spinner on stderr, only when stderr is a terminal and `enabled` (not `--json`).
    pub fn start_spinner(&self, message: &str, enabled: bool) {
        if !enabled || !std::io::stderr().is_terminal() {
            return;
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{spinner:.cyan} {msg} {elapsed:.dim}") {
            bar.set_style(style);
        }
        bar.set_message(message.to_owned());
        bar.enable_steady_tick(Duration::from_millis(100));
        if let Ok(mut slot) = self.spinner.lock() {
            *slot = Some(bar);
        }
    }

    /// Change the spinner's message (nothing without a spinner).
    pub fn spin(&self, message: &str) {
        if let Ok(slot) = self.spinner.lock()
            && let Some(bar) = slot.as_ref()
        {
            bar.set_message(message.to_owned());
        }
    }

    /// Remove the spinner.
    pub fn stop_spinner(&self) {
        if let Ok(mut slot) = self.spinner.lock()
            && let Some(bar) = slot.take()
        {
            bar.finish_and_clear();
        }
    }

    /// Print a status line on stderr without tearing the spinner.
    pub fn status(&self, message: &str) {
        self.around_spinner(|| crate::output::status_styled(message));
    }

    fn around_spinner(&self, print: impl FnOnce()) {
        let bar = self.spinner.lock().ok().and_then(|slot| slot.clone());
        match bar {
            Some(bar) => bar.suspend(print),
            None => print(),
        }
    }
}

/// "retrying (next in 4.0s)", "retrying (next due now)", or "retrying" when the API gives no
/// time: what `test --wait` says while TRST will try a delivery again.
pub fn retrying(next: Option<SystemTime>, now: SystemTime) -> String {
    match next.map(|at| at.duration_since(now).unwrap_or(Duration::ZERO)) {
        Some(wait) if wait < Duration::from_millis(100) => "retrying (next due now)".to_owned(),
        Some(wait) => format!("retrying (next in {})", human_wait(wait)),
        None => "retrying".to_owned(),
    }
}

/// One recorded attempt of a followed delivery, with the outcome the API recorded:
/// `✗ attempt 1 failed: could not connect: Connection refused; retrying (next in 4.0s)`.
/// `retry` is `Some(next)` for the latest attempt while TRST will try again.
pub fn attempt_line(
    number: u64,
    attempt: &Attempt,
    retry: Option<Option<SystemTime>>,
    now: SystemTime,
) -> String {
    let code = attempt.status_code.and_then(|c| u16::try_from(c).ok());
    let error = attempt
        .error
        .as_deref()
        .map(one_line)
        .filter(|e| !e.trim().is_empty());
    let answered =
        code.map(|c| format!("your endpoint answered {}", crate::output::status_code(c)));
    if attempt.ok() == Some(true) {
        let answered = answered.unwrap_or_else(|| "delivered".to_owned());
        return format!("{} attempt {number}: {answered}", crate::output::mark(true));
    }
    let why = match (answered, error) {
        (Some(answered), _) => answered,
        (None, Some(error)) => crate::api::error::truncate(&error, 200),
        (None, None) => "no HTTP answer".to_owned(),
    };
    let then = retry
        .map(|next| format!("; {}", retrying(next, now)))
        .unwrap_or_default();
    format!(
        "{} attempt {number} failed: {why}{then}",
        crate::output::mark(false)
    )
}

/// The verdict when `--wait` stops following a delivery TRST has not settled: still pending,
/// with the failed attempts so far and the retry to come, never "failed".
pub fn still_pending<W: std::io::Write>(
    out: &mut W,
    d: &Delivery,
    next: Option<SystemTime>,
    now: SystemTime,
) -> std::io::Result<()> {
    let id = one_line(d.id.as_deref().unwrap_or("(no id)"));
    let failed = d.attempts.unwrap_or(0);
    let so_far = if failed == 0 {
        String::new()
    } else {
        let code = d
            .response_code
            .and_then(|c| u16::try_from(c).ok())
            .map(|c| {
                format!(
                    " (your endpoint answered {})",
                    crate::output::status_code(c)
                )
            })
            .unwrap_or_default();
        format!(
            " after {failed} failed {}{code}; {}",
            crate::output::plural(failed, "attempt", "attempts"),
            retrying(next, now)
        )
    };
    crate::output::line(
        out,
        format!(
            "{} test delivery {id} still pending{so_far}",
            crate::output::mark(false)
        ),
    )
}

/// A wait as people say it, in the one style of [`crate::output::duration::human`]: whole
/// seconds from ten seconds up (a retry's countdown needs no fraction), `4.5 s`, `120 ms`.
pub fn human_wait(wait: Duration) -> String {
    if wait >= Duration::from_secs(10) {
        crate::output::duration::human(Duration::from_secs(wait.as_secs()))
    } else {
        crate::output::duration::human(wait)
    }
}

impl Observer for Reporter {
    fn event(&self, event: &Event<'_>) {
        match event {
            Event::Retry {
                reason,
                after,
                retry,
                max,
            } => {
                let why = match reason {
                    Reason::RateLimited => "rate limited (429)".to_owned(),
                    Reason::ServerError(code) => format!("server error ({code})"),
                    Reason::Network => "no answer".to_owned(),
                };
                let line = format!(
                    "{why}, retrying in {} (retry {retry} of {max})",
                    human_wait(*after)
                );
                self.around_spinner(|| crate::output::warn(&line));
            }
            Event::Request {
                method,
                url,
                auth,
                body,
            } if self.verbose => {
                let mut text = format!("> {method} {}\n> Authorization: {auth}", one_line(url));
                if let Some(body) = body {
                    text.push_str(&format!("\n> {}", one_line(body)));
                }
                self.status(&crate::output::dim(&text));
            }
            Event::Response {
                status,
                elapsed,
                bytes,
            } if self.verbose => {
                let line = format!(
                    "< {} {}",
                    crate::output::status_code(*status),
                    crate::output::dim(&format!(
                        "({}, {bytes} bytes)",
                        crate::output::duration::human(*elapsed)
                    ))
                );
                self.status(&line);
            }
            Event::NetworkError { reason } if self.verbose => {
                self.status(&crate::output::dim(&format!(
                    "< no answer: {}",
                    one_line(reason)
                )));
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_in_the_one_style() {
        assert_eq!(human_wait(Duration::from_millis(120)), "120 ms");
        assert_eq!(human_wait(Duration::from_millis(4500)), "4.5 s");
        assert_eq!(human_wait(Duration::from_millis(15_700)), "15 s");
        assert_eq!(human_wait(Duration::from_secs(90)), "1m 30s");
    }
}
