//! The emulator's terminal view: one line per API call and per delivery attempt (coloured status,
//! latency, next retry), or one JSON object per line with `--json`. Also the start-up banner and
//! the `emulator trigger` summary. Never shows a secret or an API key.

use std::io::Write;

use colored::Colorize;
use serde_json::json;

use std::path::Path;
use std::time::Duration;

use serde::Serialize;

use super::duration::human;
use super::sanitize::one_line;
use super::{dim, json_line, line, mark, status_code, status_styled as status};
use crate::emulator::Activity;
use crate::emulator::client::QueuedDelivery;
use crate::emulator::schedule::Schedule;
use crate::emulator::time_scale::rfc3339;

/// The `--json` line that says the emulator is ready (`database` null when in memory).
#[derive(Serialize)]
struct Ready<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    base_url: &'a str,
    database: Option<String>,
}

/// The facts the banner states about a started emulator (the wording is this module's).
pub struct Banner<'a> {
    pub base_url: &'a str,
    /// The database file; `None` for `--in-memory` (state lost on stop).
    pub database: Option<&'a Path>,
    pub schedule: &'a Schedule,
    /// The schedule came from `--retry-schedule` (else it is the assumed one).
    pub schedule_given: bool,
    pub time_scale: f64,
    /// Per delivery attempt, in real time.
    pub timeout: Duration,
    /// The required API key, masked; `None` when any Bearer key is accepted.
    pub api_key: Option<String>,
    pub rate_limit: Option<RateLimit>,
    pub strict_urls: bool,
}

/// `--plan` as the banner states it.
pub struct RateLimit {
    pub per_minute: usize,
    pub window: Duration,
}

/// The banner's rows, worded: `(label, value)`.
fn banner_rows(b: &Banner<'_>) -> Vec<(&'static str, String)> {
    let database = match b.database {
        Some(path) => one_line(&path.display().to_string()).into_owned(),
        None => "in memory (lost on stop)".to_owned(),
    };
    let speed = if b.time_scale == 1.0 {
        String::new()
    } else {
        format!(", running {}x faster (--time-scale)", b.time_scale)
    };
    let retries = if b.schedule_given {
        format!("{} (--retry-schedule){speed}", retries(b.schedule))
    } else {
        format!(
            "{} (ASSUMED schedule; --retry-schedule replaces it){speed}",
            retries(b.schedule)
        )
    };
    let auth = match &b.api_key {
        Some(key) => format!("Bearer key required ({key})"),
        None => "any Bearer key accepted (--api-key-env to require one)".to_owned(),
    };
    let rate_limit = match &b.rate_limit {
        Some(r) if r.window == Duration::from_secs(60) => {
            format!("{} requests/minute per key (--plan)", r.per_minute)
        }
        Some(r) => format!(
            "{} requests per {} per key (--plan, --rate-window)",
            r.per_minute,
            human(r.window)
        ),
        None => "none (--plan sandbox|business|enterprise)".to_owned(),
    };
    let urls = if b.strict_urls {
        "as TRST: https only, no loopback or private networks (--strict-urls)"
    } else {
        "as TRST, except that loopback (http or https) is allowed"
    };
    vec![
        ("database", database),
        ("retries", retries),
        (
            "timeout",
            format!("{} per attempt (real time)", human(b.timeout)),
        ),
        ("auth", auth),
        ("rate limit", rate_limit),
        ("URLs", urls.to_owned()),
    ]
}

/// `20 attempts over 13d 17h`, or `1 attempt, no retries`.
pub fn retries(schedule: &Schedule) -> String {
    match schedule.max_attempts() {
        0 | 1 => "1 attempt, no retries".to_owned(),
        n => format!("{n} attempts over {}", human(schedule.total())),
    }
}

/// The project ID the banner suggests (the emulator creates any project on first use).
pub const SUGGESTED_PROJECT: &str = "proj_local";
/// The API key the banner suggests when the emulator accepts any key (not a secret).
pub const SUGGESTED_KEY: &str = "local.any-key-works";

/// The start-up banner on stderr (and a `ready` JSON line on stdout with `--json`).
pub fn banner<W: Write>(out: &mut W, b: &Banner<'_>, json: bool) -> std::io::Result<()> {
    for (label, value) in banner_rows(b) {
        status(&format!("  {label:<11} {value}"));
    }
    status(&format!(
        "{} TRST emulator at {}",
        "ready:".green().bold(),
        one_line(b.base_url)
    ));
    // Everything `trst-hooks webhooks` needs, in one line to copy.
    if b.api_key.is_none() {
        status(&format!(
            "  export TRST_API_BASE={} TRST_PROJECT_ID={SUGGESTED_PROJECT} TRST_API_KEY={SUGGESTED_KEY}",
            one_line(b.base_url)
        ));
        status(&dim("  (any project ID and any API key work here)"));
    } else {
        status(&format!(
            "  export TRST_API_BASE={} TRST_PROJECT_ID={SUGGESTED_PROJECT}",
            one_line(b.base_url)
        ));
        status(&dim(
            "  (any project ID works; TRST_API_KEY must hold the key the emulator requires)",
        ));
    }
    status(&dim(if b.database.is_some() {
        "  times are UTC; Ctrl-C stops (pending retries resume on the next start)"
    } else {
        "  times are UTC; Ctrl-C stops (and discards the in-memory state)"
    }));
    if json {
        json_line(
            out,
            &Ready {
                kind: "ready",
                base_url: b.base_url,
                database: b.database.map(|p| p.display().to_string()),
            },
        )?;
    }
    Ok(())
}

/// One line for one report.
pub fn report<W: Write>(out: &mut W, r: &Activity, json: bool, now_ms: i64) -> std::io::Result<()> {
    if json {
        return json_line(out, &report_json(r, now_ms));
    }
    let time = dim(&clock_time(now_ms));
    match r {
        Activity::Api {
            method,
            path,
            status: code,
            latency_ms,
        } => line(
            out,
            format!(
                "{time}  {}  {:<6} {}  {}  {}",
                "api".cyan(),
                one_line(method),
                one_line(path),
                status_code(*code),
                dim(&human(Duration::from_millis(*latency_ms)))
            ),
        ),
        Activity::Attempt {
            delivery_id,
            event_type,
            url,
            attempt,
            max_attempts,
            outcome,
            next_attempt_at,
            ..
        } => {
            let code = outcome
                .status_code
                .map(status_code)
                .unwrap_or_else(|| "---".red().bold().to_string());
            let error = outcome
                .error
                .as_deref()
                .map(|e| format!("  {}", one_line(e).red()))
                .unwrap_or_default();
            let next = match (outcome.succeeded, next_attempt_at) {
                (true, _) => "delivered".green().to_string(),
                (false, Some(at)) => {
                    format!("retry in {} at {}", wait_text(at - now_ms), clock_time(*at))
                        .yellow()
                        .to_string()
                }
                (false, None) => format!(
                    "gave up after {attempt} {}",
                    super::plural(*attempt, "attempt", "attempts")
                )
                .red()
                .bold()
                .to_string(),
            };
            line(
                out,
                format!(
                    "{time}  {} {} {} {} → {}  {code}  {}  {next}{error}",
                    mark(outcome.succeeded),
                    one_line(delivery_id),
                    dim(&format!("attempt {attempt}/{max_attempts}")),
                    one_line(event_type),
                    one_line(url),
                    dim(&human(Duration::from_millis(outcome.latency_ms))),
                ),
            )
        }
        Activity::Recovered { count } => {
            status(&format!(
                "recovered {count} {} cut short by the last stop; their retries are scheduled",
                super::plural(*count, "attempt", "attempts")
            ));
            Ok(())
        }
        Activity::EngineError(message) => {
            super::warn(&format!("delivery engine: {message}"));
            Ok(())
        }
    }
}

fn report_json(r: &Activity, now_ms: i64) -> serde_json::Value {
    let time = rfc3339(now_ms);
    match r {
        Activity::Api {
            method,
            path,
            status,
            latency_ms,
        } => json!({"type": "api", "time": time, "method": method, "path": path,
                    "status": status, "latency_ms": latency_ms}),
        Activity::Attempt {
            delivery_id,
            webhook_id,
            event_type,
            event_id,
            url,
            attempt,
            max_attempts,
            outcome,
            next_attempt_at,
        } => json!({"type": "attempt", "time": time, "delivery_id": delivery_id,
                    "webhook_id": webhook_id, "event_id": event_id, "event_type": event_type,
                    "url": url, "attempt": attempt, "max_attempts": max_attempts,
                    "status_code": outcome.status_code, "latency_ms": outcome.latency_ms,
                    "error": outcome.error, "succeeded": outcome.succeeded,
                    "next_attempt_at": next_attempt_at.map(rfc3339)}),
        Activity::Recovered { count } => json!({"type": "recovered", "time": time, "count": count}),
        Activity::EngineError(message) => {
            json!({"type": "engine_error", "time": time, "message": message})
        }
    }
}

/// A wait for humans: whole seconds (rounded up) from one second up, milliseconds below.
fn wait_text(ms: i64) -> String {
    let ms = u64::try_from(ms).unwrap_or(0);
    let shown = if ms >= 1000 {
        Duration::from_secs(ms.div_ceil(1000))
    } else {
        Duration::from_millis(ms)
    };
    human(shown)
}

fn clock_time(ms: i64) -> String {
    let text = rfc3339(ms);
    text.get(11..23).unwrap_or(&text).to_owned()
}

/// One queued delivery from `emulator trigger`.
pub fn triggered<W: Write>(
    out: &mut W,
    project_id: &str,
    delivery: &QueuedDelivery,
    json: bool,
) -> std::io::Result<()> {
    if json {
        return json_line(
            out,
            &json!({"delivery_id": delivery.id, "webhook_id": delivery.webhook_id,
            "event_id": delivery.event_id, "event_type": delivery.event_type,
            "project_id": project_id}),
        );
    }
    line(
        out,
        format!(
            "{} queued {} {} → {} {}",
            mark(true),
            one_line(&delivery.event_type),
            dim(&one_line(&delivery.event_id)),
            one_line(&delivery.webhook_id),
            dim(&one_line(&format!("({project_id}, {})", delivery.id)))
        ),
    )
}

#[cfg(test)]
#[path = "emulator_tests.rs"]
mod tests;
